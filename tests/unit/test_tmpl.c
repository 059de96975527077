/*
 * test_tmpl.c — the template placeholders (tmpl.c) against tables built
 * here: formatting, blocks, tables and charts as Markdown, and every error
 * with its template line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tmpl.h"

#define FIX "tests/fixtures/pdf/"

static tz_val I(int64_t i)
{
    tz_val v = { TZ_VAL_INT, i, 0, NULL };
    return v;
}
static tz_val R(double r)
{
    tz_val v = { TZ_VAL_REAL, 0, r, NULL };
    return v;
}
static tz_val T(const char *s)
{
    tz_val v = { TZ_VAL_TEXT, 0, 0, s };
    return v;
}
static tz_val N(void)
{
    tz_val v = { TZ_VAL_NULL, 0, 0, NULL };
    return v;
}

static const char *scalar_col[] = { "v" };
static tz_val v_total[1], v_rate[1], v_refund[1], v_overdue[1], v_complaints[1];
static const unsigned char money_yes[] = { 1 };
static const char *cat_cols[] = { "问题类别", "问题数" };
static tz_val cat_cells[6];
static const char *unit_cols[] = { "单位", "问题总数", "完成率" };
static tz_val unit_cells[6];

static tz_table tables[] = {
    { "problems.total", 1, 1, scalar_col, v_total, NULL },
    { "problems.completion_rate", 1, 1, scalar_col, v_rate, NULL },
    { "complaint.refund_total", 1, 1, scalar_col, v_refund, money_yes },
    { "problems.overdue", 1, 1, scalar_col, v_overdue, NULL },
    { "complaint.total", 1, 1, scalar_col, v_complaints, NULL },
    { "problems.by_category", 2, 3, cat_cols, cat_cells, NULL },
    { "problems.by_unit", 3, 2, unit_cols, unit_cells, NULL },
};
#define NTABLES (sizeof tables / sizeof tables[0])

static const tz_table *get(void *ctx, const char *name)
{
    (void)ctx;
    for (size_t i = 0; i < NTABLES; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

static int has(void *ctx, const char *name)
{
    return get(ctx, name) != NULL;
}

static void fill(void)
{
    v_total[0] = I(73);
    v_rate[0] = R(30.0 / 73.0);
    v_refund[0] = R(178716);
    v_overdue[0] = I(12);
    v_complaints[0] = I(0);
    tz_val c[] = { T("庸"), I(22), T("懒"), I(23), T("其他"), I(1) };
    memcpy(cat_cells, c, sizeof c);
    tz_val u[] = { T("院办公室"), I(6), R(0.5), T("图书馆"), I(0), N() };
    memcpy(unit_cells, u, sizeof u);
}

/* The stderr of one expansion (tz_error prints there). */
static int expand_err(const char *path, const tz_config *cfg, char **md, char *err, size_t size)
{
    tz_tmpl_source src = { NULL, get, has };
    char name[] = "/tmp/tz-tmpl-XXXXXX";
    int fd = mkstemp(name);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    int rc = tz_tmpl_expand(path, cfg, &src, md);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, err, size - 1, 0);
    err[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(name);
    return rc;
}

int main(void)
{
    fill();
    tz_stage stage = { "整改落实", 0, 0 };
    tz_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.name = "治庸问责工作";
    cfg.office = "武汉职业技术学院治庸问责领导小组";
    cfg.title = "治庸问责工作阶段总结";
    cfg.as_of = tz_day_from_ymd(2011, 11, 20);
    stage.start = tz_day_from_ymd(2011, 10, 21);
    stage.end = tz_day_from_ymd(2011, 12, 10);
    cfg.stages = &stage;
    cfg.nstages = 1;

    char *md = NULL, err[2048];
    CHECK_INT(expand_err(FIX "t.md", &cfg, &md, err, sizeof err), 0);
    CHECK_STR(md, "# 治庸问责工作阶段总结\n"
                  "\n"
                  "共73个，完成率41\\.1\\%，退费178716元。\n"
                  "超期12个。\n"
                  "\n"
                  "“庸”22个，“懒”23个，“其他”1个。\n"
                  "截至2011年11月20日，整改落实阶段还有20天。\n"
                  "\n"
                  "\n| 单位 | 问题总数 | 完成率 |\n| :--- | ---: | ---: |\n"
                  "| 院办公室 | 6 | 50\\% |\n| 图书馆 | 0 | — |\n\n"
                  "\n"
                  "\n```tzchart\npie\t问题数\t\n庸\t22\t22\n懒\t23\t23\n其他\t1\t1\n```\n"
                  "\n");
    free(md);

    /* With no overdue problem the {{else}} branch is taken. */
    v_overdue[0] = I(0);
    md = NULL;
    CHECK_INT(expand_err(FIX "t.md", &cfg, &md, err, sizeof err), 0);
    CHECK(md && strstr(md, "\n没有超期。\n") && !strstr(md, "超期0"));
    free(md);
    v_overdue[0] = I(12);

    /* Heading numbers count only the sections written: with no complaint
     * the 信访 section is left out and 乙 is 二, not 三; （一） restarts
     * under each heading.  Recipient and categories come from the config;
     * a chart's caption is the rest of its tag. */
    static const char *cats[] = { "庸", "懒", "散", "软" };
    cfg.categories = cats;
    cfg.ncategories = 4;
    cfg.recipient = "市纪委";
    md = NULL;
    CHECK_INT(expand_err(FIX "headings.md", &cfg, &md, err, sizeof err), 0);
    CHECK_STR(md, "## 一、甲\n### （一）子\n### （二）子\n## 二、乙\n### （一）子\n"
                  "主送市纪委，类别庸、懒、散、软。\n"
                  "\n```tzchart\nbar\t问题数\t各类问题 数量\n庸\t22\t22\n懒\t23\t23\n其他\t1\t1\n```\n\n");
    free(md);
    v_complaints[0] = I(5);
    md = NULL;
    CHECK_INT(expand_err(FIX "headings.md", &cfg, &md, err, sizeof err), 0);
    CHECK(md && strstr(md, "## 二、信访\n## 三、乙\n"));
    free(md);
    v_complaints[0] = I(0);

    /* Checking alone writes nothing and succeeds. */
    CHECK_INT(expand_err(FIX "t.md", &cfg, NULL, err, sizeof err), 0);

    /* Errors name the template and line, before any output. */
    md = NULL;
    CHECK_INT(expand_err(FIX "unclosed.md", &cfg, &md, err, sizeof err), -1);
    CHECK(md == NULL);
    CHECK_STR(err,
              "taizhang: 错误：模板 " FIX "unclosed.md:5：“{{#if problems.overdue}}”没有对应的“{{/if}}”\n");
    CHECK_INT(expand_err(FIX "unknown.md", &cfg, &md, err, sizeof err), -1);
    CHECK_STR(err, "taizhang: 错误：模板 " FIX "unknown.md:5：未知的名称“problems.totl”"
                   "（既不是 metrics.sql 中的指标、当前表的列，也不是配置项）\n");
    CHECK_INT(expand_err(FIX "badcol.md", &cfg, &md, err, sizeof err), -1);
    CHECK_STR(err, "taizhang: 错误：模板 " FIX "badcol.md:1：未知的名称“问题数”"
                   "（既不是 metrics.sql 中的指标、当前表的列，也不是配置项）\n");

    /* Formatting. */
    char buf[64];
    tz_val v = R(2.50);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "2.5");
    v = R(18.0);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "18");
    v = R(2.9999999999); /* a sum of cents that missed by a hair */
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "3");
    v = R(100.756);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "100.76");
    v = R(-0.0001); /* a difference of sums that is zero but for rounding */
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "0");
    v = R(1000000.0);
    /* Money as the 2017 report writes it: 178716元, no separators. */
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", "money"), "1000000");
    v = R(1234567.5);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", "money"), "1234567.5");
    v = I(1200);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", "money"), "1200");
    /* Rates without a needless ".0": 80%, 100%, but 85.3%. */
    v = R(0.80);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "report.satisfaction_threshold", NULL), "80%");
    v = R(1.0);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "完成率", NULL), "100%");
    v = R(0.853);
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "rating.overall_rate", NULL), "85.3%");
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "满意率", NULL), "85.3%");
    v = T("2011-09-28");
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "2011年9月28日");
    v = T("2011-13-01");
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "2011-13-01");
    v = N();
    CHECK_STR(tz_tmpl_format(buf, sizeof buf, &v, "x", NULL), "—");
    return CHECK_DONE();
}
