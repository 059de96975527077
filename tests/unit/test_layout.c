/* test_layout.c — templates/ledger.ini read into a tz_layout (layout.h,
 * docs/ledger.md): the values, and every mistake of a file printed at once,
 * in line order, each with its line shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "layout.h"

static char dir[] = "/tmp/test_layout.XXXXXX";

/* The wording both lists need, so that a test shows only its own mistakes. */
#define LISTS                                                                                                         \
    "[reminder_list]\n"                                                                                               \
    "notice = 截至{{日期}}\n"                                                                                     \
    "sign   = {{发文单位}}\n"                                                                                     \
    "[correction_list]\n"                                                                                             \
    "title   = {{活动}}退回修改清单\n"                                                                        \
    "sheet   = 退回修改\n"                                                                                        \
    "columns = 序号:6, 级别:7, 文件:22, 工作表:12, 单元格:8, 问题描述:30, 问题及修改要求:46\n" \
    "[blank_template]\n"                                                                                              \
    "title    = {{活动}} 填表说明\n"                                                                            \
    "required = 各表的必填列：\n"

/* Loads `text` as ledger.ini; what it printed on stderr (the temp folder
 * written as /tmp/test_layout.XXXXXX) into msg.  Returns tz_layout_load's
 * result, the layout in *out (NULL on failure). */
static int load(const char *text, tz_layout **out, char *msg, size_t size)
{
    char path[256], errpath[256];
    snprintf(path, sizeof path, "%s/ledger.ini", dir);
    snprintf(errpath, sizeof errpath, "%s/stderr", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -99;
    fputs(text, f);
    fclose(f);
    fflush(stderr);
    int saved = dup(2);
    FILE *e = fopen(errpath, "w+");
    if (saved < 0 || !e)
        return -99;
    dup2(fileno(e), 2);
    int rc = tz_layout_load(out, path);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(e);
    char raw[8192];
    size_t n = fread(raw, 1, sizeof raw - 1, e);
    raw[n] = '\0';
    fclose(e);
    size_t m = 0;
    msg[0] = '\0';
    for (const char *r = raw, *at; m < size; r = at + strlen(dir)) {
        if (!(at = strstr(r, dir))) {
            snprintf(msg + m, size - m, "%s", r);
            break;
        }
        m += (size_t)snprintf(msg + m, size - m, "%.*s/tmp/test_layout.XXXXXX", (int)(at - r), r);
    }
    return rc;
}

#define E "taizhang: 错误：/tmp/test_layout.XXXXXX/ledger.ini"

static void test_values(void)
{
    char msg[8192];
    tz_layout *l;
    CHECK_INT(load("[sheet1]\n"
                   "name     = 问题台账\n"
                   "metric   = problems.list\n"
                   "paper    = A3\n"
                   "orientation = portrait\n"
                   "split    = 30\n"
                   "overdue  = 状态 = 未报\n"
                   "due_soon = 是否临期\n"
                   "ratio    = 完成率 = 已完成 / 问题数\n"
                   "widths   = 问题描述:40，整改措施:35.5\n"
                   "office   = 文件、工作表\n"
                   "needs    = weekly\n"
                   "weekly   = 周报已报，周报应报\n"
                   "[charts]\n"
                   "name = 统计图\n"
                   "[chart1]\n"
                   "title  = 分布\n"
                   "type   = bar\n"
                   "metric = problems.by_category\n" LISTS,
                   &l, msg, sizeof msg),
              0);
    CHECK_STR(msg, "");
    if (!l)
        return;
    CHECK_INT(l->nsheets, 1);
    const tz_layout_sheet *s = &l->sheets[0];
    CHECK_STR(s->title, "问题台账");
    CHECK_STR(s->empty, "本期没有数据");
    CHECK_INT(s->paper, 8);
    CHECK_INT(s->portrait, 1);
    CHECK_INT(s->split, 30);
    CHECK_INT(s->weekly, 1);
    CHECK_INT(s->nweekly_cols, 2);
    CHECK_STR(s->weekly_cols[1], "周报应报");
    CHECK_INT(s->needs_rollup, 0);
    CHECK_STR(s->overdue.col, "状态");
    CHECK_STR(s->overdue.value, "未报");
    CHECK_STR(s->due_soon.value, "是");
    CHECK_INT(s->nratios, 1);
    CHECK_STR(s->ratios[0].den, "问题数");
    CHECK_INT(s->nwidths, 2);
    CHECK_STR(s->widths[1].name, "整改措施");
    CHECK(s->widths[1].width == 35.5);
    CHECK_INT(s->noffice, 2);
    CHECK_STR(l->charts_name, "统计图");
    CHECK_INT(l->charts[0].type, TZ_CHART_BAR);
    CHECK_STR(l->correction.columns[TZ_CORR_MESSAGE].name, "问题及修改要求");
    CHECK_INT(l->correction.nlines, 0);
    tz_layout_free(l);

    /* Defaults: A4 landscape, every row Excel holds, both lists' names. */
    CHECK_INT(load("[sheet1]\nname = 汇总\nmetric = t\n" LISTS, &l, msg, sizeof msg), 0);
    if (l) {
        CHECK_INT(l->sheets[0].paper, 9);
        CHECK_INT(l->sheets[0].portrait, 0);
        CHECK_INT(l->sheets[0].split, 1048572);
        CHECK_STR(l->charts_name, "图表");
        tz_layout_free(l);
    }
}

static void test_fill(void)
{
    const char *values[] = { "教务处", "治庸问责", NULL, "2011年11月20日", "", "王老师", "3", "1", "2" };
    char buf[256];
    CHECK_INT(tz_layout_fill(buf, sizeof buf, "致：{{单位}}（{{活动}}）", tz_correction_names, values), 1);
    CHECK_STR(buf, "致：教务处（治庸问责）");
    /* A name without a value: the line is left out by the caller. */
    CHECK_INT(tz_layout_fill(buf, sizeof buf, "请于{{截止日期}}前改正", tz_correction_names, values), 0);
    CHECK_INT(tz_layout_fill(buf, sizeof buf, "{{发文单位}}", tz_correction_names, values), 0);
    /* Not a name: kept as written. */
    CHECK_INT(tz_layout_fill(buf, sizeof buf, "{{别的}}{{条数}}", tz_correction_names, values), 1);
    CHECK_STR(buf, "{{别的}}3");
    CHECK_INT(tz_layout_fill(buf, 8, "致：{{单位}}", tz_correction_names, values), 1);
    CHECK_INT(strlen(buf), 7);
}

/* One run shows every mistake, in line order, each under its line. */
static void test_all_mistakes(void)
{
    char msg[8192];
    tz_layout *l;
    CHECK_INT(load("[sheet1]\n"                       /* 1 */
                   "name   = 汇总\n"                  /* 2 */
                   "titel  = 各单位汇总\n"            /* 3 */
                   "metric = t.summary\n"             /* 4 */
                   "paper  = A5\n"                    /* 5 */
                   "widths = 单位:300, 问题数\n"      /* 6 */
                   "[sheet2]\n"                       /* 7 */
                   "title  = 没有名字\n"              /* 8 */
                   "[chart1]\n"                       /* 9 */
                   "title  = 分布\n"                  /* 10 */
                   "type   = line\n"                  /* 11 */
                   "metric = t.summary\n"             /* 12 */
                   "[sheeet3]\n"                      /* 13 */
                   "name = x\n"                       /* 14 */
                   "[sheet4]\n"                       /* 15 */
                   "name = 汇总\n"                    /* 16 */
                   "metric = t\n"                     /* 17 */
                   "metric = t2\n"                    /* 18 */
                   "[correction_list]\n"              /* 19 */
                   "title   = {{活动}}退回修改清单\n" /* 20 */
                   "sheet   = 退回修改\n"             /* 21 */
                   "line1   = 致：{{单位名称}}\n"     /* 22 */
                   "columns = 序号:6, 级别:7\n",      /* 23 */
                   &l, msg, sizeof msg),
              -1);
    CHECK(l == NULL);
    /* The file's own mistakes (no line) come first. */
    CHECK_STR(
        msg,
        E "：缺少 [reminder_list]（催报名单的说明和落款；可从程序自带的 templates/ledger.ini 复制）\n" E
          "：缺少 [blank_template]（报送模板中填表说明的文字；可从程序自带的 templates/ledger.ini 复制）\n" E
          ":3：[sheet1] 中没有 titel 这一项（是不是 title？）\n"
          ">>> 'titel  = 各单位汇总'\n" E ":5：[sheet1] paper“A5”应为 A4 或 A3\n"
          ">>> 'paper  = A5'\n" E ":6：[sheet1] widths 中的“单位:300”应写成“列名:宽度”（宽度 1–255）\n"
          ">>> 'widths = 单位:300, 问题数'\n" E
          ":6：[sheet1] widths 中的“问题数”应写成“列名:宽度”（宽度 1–255）\n"
          ">>> 'widths = 单位:300, 问题数'\n" E ":7：[sheet2] 必须有 name（工作表名）和 metric（指标名）\n"
          ">>> '[sheet2]'\n" E ":11：[chart1] type“line”应为 column、bar 或 pie\n"
          ">>> 'type   = line'\n" E
          ":13：未知的节 [sheeet3]（应为 sheetN、reminderN、charts、chartN、correction_list、"
          "reminder_list 或 blank_template）\n"
          ">>> '[sheeet3]'\n" E ":16：[sheet4] 工作表名“汇总”与 [sheet1] 重复\n"
          ">>> 'name = 汇总'\n" E ":18：[sheet4] 中的 metric 重复（第 17 行已有）\n"
          ">>> 'metric = t2'\n" E
          ":22：[correction_list] line1 中的“{{单位名称}}”不是可用的名称（可用的名称：{{单位}}、{{活动}}、"
          "{{发文单位}}、{{日期}}、{{截止日期}}、{{联系人}}、{{条数}}、{{错误}}、{{警告}}）\n"
          ">>> 'line1   = 致：{{单位名称}}'\n" E
          ":23：[correction_list] columns 应依次写出 7 列的表头和宽度（序号、级别、文件、工作表、单元格、"
          "问题描述、问题及修改要求），如 序号:6, 级别:7, …\n"
          ">>> 'columns = 序号:6, 级别:7'\n");

    /* Syntax errors: only those (there are no values to check), each at its line. */
    CHECK_INT(load("[sheet1\nname = 汇总\n" LISTS "[charts]\nname 图表\n", &l, msg, sizeof msg), -1);
    CHECK_STR(msg, E ":1：节名缺少右方括号“]”\n>>> '[sheet1'\n" E
                     ":2：键写在了任何 [节] 之前\n>>> 'name = 汇总'\n" E
                     ":14：看不懂这一行：应为“键 = 值”、“[节名]”或以 ; 开头的注释\n>>> 'name 图表'\n");

    /* A key before any section; a file without sheets or lists. */
    CHECK_INT(load("name = 汇总\n", &l, msg, sizeof msg), -1);
    CHECK_STR(
        msg,
        E "：没有定义任何工作表（[sheet1] …）\n" E
          "：缺少 [correction_list]（退回修改清单的标题、文字和列；可从程序自带的 templates/ledger.ini "
          "复制）\n" E
          "：缺少 [reminder_list]（催报名单的说明和落款；可从程序自带的 templates/ledger.ini 复制）\n" E
          "：缺少 [blank_template]（报送模板中填表说明的文字；可从程序自带的 templates/ledger.ini 复制）\n" E
          ":1：键写在了任何 [节] 之前\n>>> 'name = 汇总'\n");
}

/* The blank template's 填表说明: its lines, and the labels it must not say. */
static void test_help(void)
{
    char msg[8192];
    tz_layout *l;
    CHECK_INT(load("[sheet1]\nname = 汇总\nmetric = t\n" LISTS
                   "line1 = 1. 日期写成 {{时限}}\nline3 = 3. 末行\n",
                   &l, msg, sizeof msg),
              0);
    CHECK_STR(msg, "");
    if (l) {
        CHECK_INT(l->help.nlines, 2);
        CHECK_STR(l->help.lines[1], "3. 末行");
        CHECK_STR(l->help.required, "各表的必填列：");
        tz_layout_free(l);
    }
    CHECK_INT(load("[sheet1]\nname = 汇总\nmetric = t\n" LISTS
                   "line1 = 请在填报单位一行选择单位\nline2 = {{截止日期}}\n",
                   &l, msg, sizeof msg),
              -1);
    CHECK_STR(
        msg, E
        ":14：[blank_template] line1 中不能出现“填报单位”：单位交回的工作簿靠这几个字找填报单位和日期，会把"
        "说明误认作填写的内容\n>>> 'line1 = 请在填报单位一行选择单位'\n" E
        ":15：[blank_template] line2 中的“{{截止日期}}”不是可用的名称（可用的名称：{{活动}}、{{日期}}、{{时限}}、"
        "{{时限中文}}）\n>>> 'line2 = {{截止日期}}'\n");
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    test_values();
    test_fill();
    test_all_mistakes();
    test_help();
    char path[300];
    snprintf(path, sizeof path, "%s/ledger.ini", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/stderr", dir);
    unlink(path);
    rmdir(dir);
    return CHECK_DONE();
}
