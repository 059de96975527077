/*
 * test_config.c — config.ini loading: a full config read back
 * field by field, every default, one test per error with its exact message
 * and line, unknown sections and keys with the name meant, the [report] keys
 * of correction lists and the summary, the period and as_of rules (--as-of,
 * --period), path resolution, units files (.csv, .xlsx) and the template
 * search order.
 *
 * Configs are written to a temporary folder; stderr is captured into a file
 * around each load.  Run from the repository root (tests/run.sh does).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

static char root[256];      /* the temporary folder */
static char fixtures[4096]; /* absolute path of tests/fixtures/config */
static char captured[8192]; /* stderr of the last load */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

static void copy_file(const char *from, const char *to)
{
    static char buf[1 << 16];
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out) {
        perror(from);
        exit(2);
    }
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            exit(2);
    fclose(in);
    if (fclose(out) != 0)
        exit(2);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(2);
    }
}

static void go(const char *dir)
{
    if (chdir(dir) != 0) {
        perror(dir);
        exit(2);
    }
}

/* tz_config_load_args with stderr captured into `captured`. */
static int load_with(tz_config *cfg, const char *path, const tz_config_args *args)
{
    char errpath[300];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", root);
    fflush(stderr);
    int saved = dup(2);
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (saved < 0 || fd < 0 || dup2(fd, 2) < 0)
        exit(2);
    close(fd);
    int rc = tz_config_load_args(cfg, path, args);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(errpath, "rb");
    size_t n = f ? fread(captured, 1, sizeof captured - 1, f) : 0;
    captured[n] = 0;
    if (f)
        fclose(f);
    return rc;
}

static int load_as(tz_config *cfg, const char *path, const char *as_of, const char *in, const char *out)
{
    tz_config_args args = { .as_of = as_of, .input = in, .output = out };
    return load_with(cfg, path, &args);
}

/* Writes `text` as <root>/camp/config.ini and loads it with --as-of and --period. */
static int load_args(tz_config *cfg, const char *text, const char *as_of, const char *period)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/camp", root);
    go(dir);
    write_file("config.ini", text);
    tz_config_args args = { .as_of = as_of, .period = period };
    return load_with(cfg, "config.ini", &args);
}

/* Writes `text` as <root>/camp/config.ini and loads it from <root>/camp. */
static int load_text(tz_config *cfg, const char *text)
{
    return load_args(cfg, text, NULL, NULL);
}

/* A config that must fail with exactly `want` on stderr. */
static void expect_error(const char *text, const char *want)
{
    tz_config cfg;
    CHECK_INT(load_text(&cfg, text), -1);
    CHECK_STR(captured, want);
}

/* The smallest valid config: lines 1–6. */
#define BASE                                                                                                 \
    "[campaign]\nname = 治庸问责工作\nstart = 2011-08-19\nend = 2099-12-31\n[units]\nunit1 = 教务处\n"
#define E "taizhang: 错误：config.ini:"

static void test_full(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/good", fixtures);
    go(dir);
    tz_config c;
    CHECK_INT(load_as(&c, "config.ini", NULL, NULL, NULL), 0);
    CHECK_STR(captured, "");
    CHECK_STR(c.path, "config.ini");
    CHECK_STR(c.dir, ".");
    CHECK_STR(c.name, "治庸问责工作");
    CHECK_STR(c.organisation, "武汉职业技术学院");
    CHECK_STR(c.office, "武汉职业技术学院治庸问责领导小组");
    char d[16];
    CHECK_STR(tz_day_iso(d, c.start), "2011-08-19");
    CHECK_STR(tz_day_iso(d, c.end), "2011-12-31");
    CHECK_INT(c.ncategories, 4);
    CHECK_STR(c.categories[0], "庸");
    CHECK_STR(c.categories[1], "懒");
    CHECK_STR(c.categories[2], "散");
    CHECK_STR(c.categories[3], "软");
    CHECK_STR(tz_day_iso(d, c.as_of), "2011-09-28");
    CHECK_STR(c.period, "2011-09");
    CHECK_STR(c.title, "治庸问责工作#1阶段总结");
    CHECK_STR(c.template_name, "templates/stage_summary.md");
    CHECK_INT(c.due_soon_days, 10);
    CHECK(c.satisfaction_threshold == 0.85);
    CHECK_STR(c.input_dir, "报送");
    CHECK_STR(c.output_dir, "/tmp/tz-out");
    CHECK_STR(c.templates_dir, "templates");
    CHECK_INT(c.nstages, 2);
    CHECK_STR(c.stages[0].name, "宣传发动");
    CHECK_STR(tz_day_iso(d, c.stages[0].start), "2011-09-21");
    CHECK_STR(tz_day_iso(d, c.stages[0].end), "2011-09-30");
    CHECK_STR(c.stages[1].name, "自查自纠");
    CHECK_STR(tz_day_iso(d, c.stages[1].start), "2011-10-01");
    CHECK_STR(tz_day_iso(d, c.stages[1].end), "2011-11-15");
    CHECK_INT(c.ndeliverables, 2);
    CHECK_STR(c.deliverables[0].name, "工作方案");
    CHECK_STR(tz_day_iso(d, c.deliverables[0].due), "2011-09-30");
    CHECK_INT(c.deliverables[0].evidence, TZ_EVIDENCE_RECEIPT);
    CHECK_STR(c.deliverables[1].name, "自查报告");
    CHECK_INT(c.deliverables[1].evidence, TZ_EVIDENCE_WORKBOOK);
    CHECK_INT(c.weekly_enabled, 1);
    CHECK_STR(tz_day_iso(d, c.weekly_first), "2011-09-02");
    CHECK(c.units_file == NULL);
    CHECK_INT(c.nunits, 3); /* in N order: unit1, unit2, unit10 */
    CHECK_STR(c.units[0].name, "教务处");
    CHECK_INT(c.units[0].naliases, 2);
    CHECK_STR(c.units[0].aliases[0], "jwc");
    CHECK_STR(c.units[0].aliases[1], "教务");
    CHECK_STR(c.units[1].name, "土木学院");
    CHECK_INT(c.units[1].naliases, 0);
    CHECK_STR(c.units[2].name, "学工处");
    CHECK_INT(c.units[2].naliases, 2); /* its own name is not an alias */
    CHECK_STR(c.units[2].aliases[0], "学生工作处");
    CHECK_STR(c.units[2].aliases[1], "学工");
    CHECK_STR(c.font_song, "fonts/song.ttf");
    CHECK_STR(c.font_hei, "");
    CHECK_STR(c.font_kai, "");
    CHECK_STR(c.font_fangsong, "");
    CHECK_INT(c.limits.max_file_bytes, 20 << 20);
    CHECK_INT(c.limits.max_entry_bytes, 64 << 20);
    CHECK_INT(c.limits.max_ratio, 100);
    CHECK_INT(c.limits.max_rows, 65536);
    CHECK_INT(c.limits.max_cols, 256);
    CHECK_INT(c.limits.max_cell_chars, 1000);
    CHECK_INT(c.limits.max_cells, 1000000);
    CHECK(c.ntemplate_path >= 1);
    CHECK_STR(c.template_path[0], "templates");
    CHECK_STR(tz_config_find_template(&c, c.template_name), "templates/stage_summary.md");

    char *buf;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    tz_config_print(&c, f);
    fclose(f);
    char want[4096];
    snprintf(want, sizeof want,
             "活动：治庸问责工作\n"
             "单位：武汉职业技术学院\n"
             "落款：武汉职业技术学院治庸问责领导小组\n"
             "活动期间：2011-08-19 至 2011-12-31\n"
             "问题类别：庸、懒、散、软\n"
             "检查日期：2011-09-28（报告期 2011-09）\n"
             "报告：治庸问责工作#1阶段总结（模板 templates/stage_summary.md）\n"
             "阶段1：宣传发动，2011-09-21 至 2011-09-30\n"
             "阶段2：自查自纠，2011-10-01 至 2011-11-15\n"
             "报送材料1：工作方案，2011-09-30 前报送（以收文登记为准）\n"
             "报送材料2：自查报告，2011-11-15 前报送（以单位工作簿为准）\n"
             "周报：第一次 2011-09-02 前报送，此后每 7 天一次\n"
             "报送单位：3 个：教务处、土木学院、学工处\n"
             "输入文件夹：报送\n"
             "输出文件夹：/tmp/tz-out\n"
             "模板查找路径：templates%s%s\n",
             c.ntemplate_path > 1 ? "；" : "", c.ntemplate_path > 1 ? c.template_path[1] : "");
    CHECK_STR(buf, want);
    free(buf);
    tz_config_free(&c);

    /* Overrides: --as-of replaces as_of and moves the period with it (the
     * file's period is for the file's as_of), --input/--output are taken as
     * given, relative to the cwd. */
    CHECK_INT(load_as(&c, "config.ini", "2011-10-08", "in", "../out"), 0);
    CHECK_STR(tz_day_iso(d, c.as_of), "2011-10-08");
    CHECK_STR(c.period, "2011-10");
    CHECK_STR(c.input_dir, "in");
    CHECK_STR(c.output_dir, "../out");
    tz_config_free(&c);
}

static void test_defaults(void)
{
    tz_config c;
    time_t before = time(NULL);
    CHECK_INT(load_text(&c, BASE), 0);
    time_t after = time(NULL);
    CHECK_STR(captured, "");
    CHECK_STR(c.organisation, "");
    CHECK_STR(c.office, "");
    CHECK_INT(c.ncategories, 4);
    CHECK_STR(c.categories[3], "软");
    CHECK(c.as_of == before / 86400 || c.as_of == after / 86400);
    int y, m, d;
    tz_day_to_ymd(c.as_of, &y, &m, &d);
    char period[16];
    snprintf(period, sizeof period, "%04d-%02d", y, m);
    CHECK_STR(c.period, period);
    CHECK_STR(c.title, "治庸问责工作阶段总结");
    CHECK_STR(c.template_name, "stage_summary.md");
    CHECK_INT(c.due_soon_days, 7);
    CHECK(c.satisfaction_threshold == 0.80);
    CHECK_STR(c.input_dir, "input");
    CHECK_STR(c.output_dir, "output");
    CHECK_STR(c.templates_dir, "templates");
    CHECK_INT(c.nstages, 0);
    CHECK_INT(c.ndeliverables, 0);
    CHECK_INT(c.weekly_enabled, 0);
    CHECK_INT(c.nunits, 1);
    CHECK_STR(c.units[0].name, "教务处");
    CHECK_STR(c.font_song, "");
    CHECK_STR(c.font_fangsong, "");
    tz_limits lim;
    tz_limits_default(&lim);
    CHECK(memcmp(&lim, &c.limits, sizeof lim) == 0);
    tz_config_free(&c);

    /* An empty optional value means its default; other date spellings. */
    CHECK_INT(load_text(&c, BASE "[report]\nas_of = 2011年9月8日\nperiod =\ntitle = \ndue_soon_days = 0\n"
                                 "satisfaction_threshold = 1\n[weekly]\nenabled = no\nfirst = 2011.9.2\n"),
              0);
    CHECK_STR(captured, "");
    CHECK_STR(tz_day_iso(period, c.as_of), "2011-09-08");
    CHECK_STR(c.period, "2011-09");
    CHECK_STR(c.title, "治庸问责工作阶段总结");
    CHECK_INT(c.due_soon_days, 0);
    CHECK(c.satisfaction_threshold == 1.0);
    CHECK_INT(c.weekly_enabled, 0);
    tz_config_free(&c);
}

static void test_errors(void)
{
    expect_error("[campaign]\nstart = 2011-08-19\nend = 2099-12-31\n[units]\nunit1 = 教务处\n",
                 E "1：[campaign] 缺少 name（活动名称）\n>>> '[campaign]'\n");
    expect_error(
        "[campaign]\nname =   ; to do\nstart = 2011-08-19\nend = 2099-12-31\n[units]\nunit1 = 教务处\n",
        E "2：[campaign] 的 name（活动名称）不能为空\n>>> 'name =   ; to do'\n");
    expect_error("[units]\nunit1 = 教务处\n",
                 "taizhang: 错误：config.ini：缺少 [campaign] 节（至少要有 name、start、end）\n");
    expect_error(BASE "[report]\n  as_of = 2011-13-01   ; month 13\n",
                 E "8：[report] 的 as_of 日期“2011-13-01”无效，应为 YYYY-MM-DD（如 2011-09-28）\n"
                   ">>> 'as_of = 2011-13-01   ; month 13'\n");
    expect_error("[campaign]\nname = x\nstart = 2011-02-29\nend = 2099-12-31\n[units]\nunit1 = 教务处\n",
                 E "3：[campaign] 的 start 日期“2011-02-29”无效，应为 YYYY-MM-DD（如 2011-09-28）\n"
                   ">>> 'start = 2011-02-29'\n");
    expect_error("[campaign]\nname = x\nstart = 2011-08-19\nend = 2011-08-18\n[units]\nunit1 = 教务处\n",
                 E "4：活动结束日期 2011-08-18 早于开始日期 2011-08-19\n>>> 'end = 2011-08-18'\n");
    expect_error(
        BASE "[stage1]\nname = 宣传发动\nstart = 2011-09-21\nend = 2011-09-30\n"
             "[stage2]\nname = 自查自纠\nstart = 2011-09-30\nend = 2011-10-30\n",
        E
        "11：阶段“自查自纠”（2011-09-30 至 2011-10-30）与 [stage1]“宣传发动”（2011-09-21 至 2011-09-30）重叠\n"
        ">>> '[stage2]'\n");
    expect_error(BASE "[stage1]\nname = 宣传发动\nstart = 2011-08-01\nend = 2011-09-30\n", E
                 "7：阶段“宣传发动”（2011-08-01 至 2011-09-30）不在活动期间（2011-08-19 至 2099-12-31）之内\n"
                 ">>> '[stage1]'\n");
    expect_error(BASE "[stage1]\nname = 宣传发动\nstart = 2011-09-21\nend = 2011-09-20\n",
                 E "10：[stage1] 的结束日期 2011-09-20 早于开始日期 2011-09-21\n>>> 'end = 2011-09-20'\n");
    expect_error(BASE "[stage1]\nname = 宣传发动\nstart = 2011-09-21\nend = 2011-09-30\n"
                      "[stage3]\nname = 整改\nstart = 2011-10-21\nend = 2011-10-30\n",
                 E "11：有 [stage3] 却没有 [stage2]：应从 stage1 起连续编号\n>>> '[stage3]'\n");
    expect_error(BASE "[stage1]\nname = 宣传发动\nend = 2011-09-30\n",
                 E "7：[stage1] 缺少 start（日期，如 2011-09-28）\n>>> '[stage1]'\n");
    expect_error(BASE "[Stage01]\nname = 宣传发动\n",
                 E "7：节名 [stage01] 无效：应为 [stage1]、[stage2]……或 [deliverable1]……（从 1 起编号）\n"
                   ">>> '[Stage01]'\n");
    expect_error(
        BASE "[deliverable1]\nname = 工作方案\ndue = 2011-09-30\nevidence = 回执\n",
        E "10：[deliverable1] 的 evidence“回执”无效：应为 receipt（收文登记）或 workbook（单位工作簿）\n"
          ">>> 'evidence = 回执'\n");
    expect_error(
        BASE "[report]\nsatisfaction_threshold = 1.5\n", E
        "8：[report] 的 satisfaction_threshold“1.5”无效：应为 0 到 1 之间的小数（如 0.80）或百分数（如 80%）\n"
        ">>> 'satisfaction_threshold = 1.5'\n");
    expect_error(
        BASE "[report]\ndue_soon_days = 400\n",
        E "8：[report] 的 due_soon_days“400”无效：应为 0 到 365 之间的整数\n>>> 'due_soon_days = 400'\n");
    expect_error(BASE "[report]\nperiod = ../x\n",
                 E "8：[report] 的 period“../x”无效：应为年-月，如 2011-11（也是输出文件夹名）\n"
                   ">>> 'period = ../x'\n");
    expect_error(BASE "[weekly]\nenabled = yes\n",
                 E "8：启用了周报（enabled = yes）却没有写 first（第一次周报的截止日期，如 2017-06-02）\n"
                   ">>> 'enabled = yes'\n");
    expect_error(BASE "[weekly]\nenabled = 开\nfirst = 2011-09-02\n",
                 E "8：[weekly] 的 enabled“开”无效：应为 yes 或 no\n>>> 'enabled = 开'\n");
    expect_error(BASE "[weekly]\nenabled = yes\nfirst = 2011-08-12\n",
                 E "9：第一次周报截止日期 2011-08-12 不在活动期间（2011-08-19 至 2099-12-31）之内\n"
                   ">>> 'first = 2011-08-12'\n");
    expect_error(
        "[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n",
        "taizhang: 错误：config.ini：没有任何单位：请在 [units] 中写 file = 单位名单文件，或 unit1 = 名称|别名,别名\n");
    expect_error(
        "[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n[units]\n", E
        "5：没有任何单位：请在 [units] 中写 file = 单位名单文件，或 unit1 = 名称|别名,别名\n>>> '[units]'\n");
    expect_error(BASE "unit2 = 学工处|学工\nunit3 = 学生处|学工\nunit4 = 教务处\n",
                 E "8：“学工”重复：第 7 行的单位“学工处”已用作名称或别名\n>>> 'unit3 = 学生处|学工'\n" E
                   "9：单位“教务处”重复（第 6 行已有）\n>>> 'unit4 = 教务处'\n");
    expect_error(BASE "unit2 = |学工\nunit3 = 学工处|学工|学生处\n",
                 E "7：[units] 的 unit2 缺少单位名称：应为“名称|别名,别名”\n>>> 'unit2 = |学工'\n" E
                   "8：[units] 的 unit3 有多个“|”：应为“名称|别名,别名”\n>>> 'unit3 = 学工处|学工|学生处'\n");
    expect_error(BASE "file = 单位名单.xlsx\n",
                 E "7：[units] 中 file 与 unitN 只能用一种：要么写单位名单文件，要么逐个写 unit1、unit2……\n"
                   ">>> 'file = 单位名单.xlsx'\n");
    expect_error("[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n[units]\nfile = 名单.xlsx\n",
                 E "6：无法读取单位名单 名单.xlsx：无法打开：文件不存在\n>>> 'file = 名单.xlsx'\n");
    expect_error(BASE "[fonts]\nhei = /nonexistent/simhei.ttf\nkai = fonts\n",
                 E "8：黑体字体文件 /nonexistent/simhei.ttf 不存在\n>>> 'hei = /nonexistent/simhei.ttf'\n" E
                   "9：楷体字体文件 fonts 不存在\n>>> 'kai = fonts'\n");
    expect_error(
        BASE "[report]\ntemplate = 专项清理总结.md\n", E
        "8：找不到报告模板 专项清理总结.md（模板文件夹 templates 不存在）\n>>> 'template = 专项清理总结.md'\n");
    expect_error(
        BASE "[limits]\nmax_rows = 2000000\n",
        E "8：[limits] 的 max_rows“2000000”无效：应为 1 到 1048576 之间的整数\n>>> 'max_rows = 2000000'\n");
    expect_error(
        BASE "[campaign]\ncategories = ,、\n",
        E "8：[campaign] 的 categories（问题类别）不能为空，如：庸,懒,散,软\n>>> 'categories = ,、'\n");

    /* Syntax: every bad line is reported, and nothing else is checked. */
    expect_error(BASE "[report\nas_of 2011-09-28\n[weekly] enabled\n= 5\n",
                 E "7：节名缺少右方括号“]”\n>>> '[report'\n" E
                   "8：看不懂这一行：应为“键 = 值”、“[节名]”或以 ; 开头的注释\n>>> 'as_of 2011-09-28'\n" E
                   "9：节名“]”后面只能有注释（以 ; 或 # 开头）\n>>> '[weekly] enabled'\n" E
                   "10：“=”前面缺少键名\n>>> '= 5'\n");
    expect_error(BASE "[campaign]\nname = \xD6\xCE\xD3\xB9\n", /* GBK */
                 E "8：配置文件应为 UTF-8 编码的文本（可用记事本“另存为”并选择 UTF-8）\n");
    char longline[1200] = BASE "unit2 = ";
    memset(longline + strlen(longline), 'x', 1000);
    expect_error(longline, E "7：这一行超过 1000 字节；单位很多时请改用单位名单文件（[units] file = …）\n");

    /* Several mistakes: all of them, in line order. */
    expect_error(
        "[campaign]\nstart = 2011-08-19\nend = 2011-8-1x\n[report]\nas_of = 28.9.2011\n[units]\nunit1 = a\n",
        E
        "1：[campaign] 缺少 name（活动名称）\n>>> '[campaign]'\n" E
        "3：[campaign] 的 end 日期“2011-8-1x”无效，应为 YYYY-MM-DD（如 2011-09-28）\n>>> 'end = 2011-8-1x'\n" E
        "5：[report] 的 as_of 日期“28.9.2011”无效，应为 YYYY-MM-DD（如 2011-09-28）\n>>> 'as_of = 28.9.2011'\n");

    tz_config c;
    write_file("config.ini", BASE);
    CHECK_INT(load_as(&c, "config.ini", "2011-9-31", NULL, NULL), -1);
    CHECK_STR(captured, "taizhang: 错误：--as-of：日期“2011-9-31”无效，应为 YYYY-MM-DD（如 2011-09-28）\n");
    CHECK_INT(load_as(&c, "missing.ini", NULL, NULL, NULL), -1);
    CHECK_STR(captured, "taizhang: 错误：无法打开配置文件 missing.ini：文件或文件夹不存在\n");
}

/* Unknown names stop the run, each with its line and the name it probably
 * meant; a repeated key is only a note (the last one counts). */
static void test_names(void)
{
    expect_error(
        "top = 1\n" BASE "as_off = 2011-09-28\n[report]\nas_off = 2011-09-28\n"
        "due_soon_days = 3\ndue_soon_days = 5\n[fonts]\nsongti = x\n[stge1]\n[zzz]\nk = v\n",
        "taizhang: 注意：config.ini:12：[report] 中的 due_soon_days 重复出现（第 11 行已有），以这一行为准\n" E
        "1：top 不在任何节（[节名]）之下：请写在它所属的节中\n>>> 'top = 1'\n" E
        "8：[units] 中没有 as_off 这一项\n>>> 'as_off = 2011-09-28'\n" E
        "10：[report] 中没有 as_off 这一项（是不是 as_of？统计截止日期，默认今天）\n"
        ">>> 'as_off = 2011-09-28'\n" E
        "14：[fonts] 中没有 songti 这一项（是不是 song？宋体字体文件，默认自动选取）\n>>> 'songti = x'\n" E
        "15：没有 [stge1] 这一节（是不是 [stage1]？）\n>>> '[stge1]'\n" E
        "16：没有 [zzz] 这一节：可用的节为 [campaign] [report] [paths] [stageN] [deliverableN] "
        "[weekly] [units] [fonts] [limits]\n>>> '[zzz]'\n");
    expect_error(
        BASE "[reprot]\nas_of = 2011-09-28\n[report]\nresubmit_day = 3\nseal = 否\n", E
        "7：没有 [reprot] 这一节（是不是 [report]？）\n>>> '[reprot]'\n" E
        "10：[report] 中没有 resubmit_day 这一项（是不是 resubmit_days？退回修改后几天内重新报送，默认 5）\n"
        ">>> 'resubmit_day = 3'\n");

    tz_config c;
    CHECK_INT(load_text(&c, BASE "[report]\nas_of = 2011-09-28\ndue_soon_days = 3\ndue_soon_days = 5\n"), 0);
    CHECK_STR(
        captured,
        "taizhang: 注意：config.ini:10：[report] 中的 due_soon_days 重复出现（第 9 行已有），以这一行为准\n");
    CHECK_INT(c.due_soon_days, 5);
    tz_config_free(&c);
}

/* The [report] keys of correction lists and the summary: defaults, values, errors. */
static void test_report_keys(void)
{
    tz_config c;
    CHECK_INT(load_text(&c, BASE), 0);
    CHECK(c.recipient == NULL);
    CHECK_INT(c.seal, 1);
    CHECK_INT(c.resubmit_days, 5);
    CHECK(c.resubmit_by == TZ_DAY_UNSET);
    CHECK_STR(c.contact, "");
    tz_config_free(&c);
    CHECK_INT(load_text(&c, BASE "[report]\nrecipient = 各二级单位\nseal = no\nresubmit_days = 0\n"
                                 "resubmit_by = 2011年11月25日\ncontact = 王老师 027-12345678\n"),
              0);
    CHECK_STR(captured, "");
    char d[16];
    CHECK_STR(c.recipient, "各二级单位");
    CHECK_INT(c.seal, 0);
    CHECK_INT(c.resubmit_days, 0);
    CHECK_STR(tz_day_iso(d, c.resubmit_by), "2011-11-25");
    CHECK_STR(c.contact, "王老师 027-12345678");
    tz_config_free(&c);
    expect_error(
        BASE "[report]\nseal = 盖\nresubmit_days = -1\nresubmit_by = 11月25日\n",
        E "8：[report] 的 seal“盖”无效：应为 yes 或 no\n>>> 'seal = 盖'\n" E
          "9：[report] 的 resubmit_days“-1”无效：应为 0 到 365 之间的整数\n>>> 'resubmit_days = -1'\n" E
          "10：[report] 的 resubmit_by 日期“11月25日”无效，应为 YYYY-MM-DD（如 2011-09-28）\n"
          ">>> 'resubmit_by = 11月25日'\n");
}

/* The period is as_of's month unless set; a run never writes one month's
 * figures into another month's folder. */
#define CAMP "[campaign]\nname = x\nstart = 2011-08-19\nend = 2011-12-31\n[units]\nunit1 = 教务处\n"
static void test_period(void)
{
    tz_config c;
    char d[16];
    static const char nov[] = CAMP "[report]\nas_of = 2011-11-20\nperiod = 2011-11\n";
    CHECK_INT(load_args(&c, nov, NULL, NULL), 0);
    CHECK_STR(c.period, "2011-11");
    tz_config_free(&c);
    /* --as-of moves the period: the file's period does not apply. */
    CHECK_INT(load_args(&c, nov, "2011-12-20", NULL), 0);
    CHECK_STR(captured, "");
    CHECK_STR(tz_day_iso(d, c.as_of), "2011-12-20");
    CHECK_STR(c.period, "2011-12");
    tz_config_free(&c);
    CHECK_INT(load_args(&c, CAMP "[report]\nas_of = 2011-11-20\n", NULL, "2011-11"), 0);
    CHECK_STR(c.period, "2011-11");
    tz_config_free(&c);
    /* 31 days after the end: the last month is reported after it ends. */
    CHECK_INT(load_args(&c, nov, "2012-01-31", NULL), 0);
    CHECK_STR(c.period, "2012-01");
    tz_config_free(&c);

    CHECK_INT(load_args(&c, CAMP "[report]\nas_of = 2011-12-20\nperiod = 2011-11\n", NULL, NULL), -1);
    CHECK_STR(
        captured,
        E "8：截止日期 2011-12-20（as_of）不在报告期 2011-11（config.ini:9 的 period）之内：一个月的数字"
          "只能写进这个月的输出文件夹；请改正 as_of 或 period，或删去 period（报告期即截止日期所在的月份）\n"
          ">>> 'as_of = 2011-12-20'\n");
    CHECK_INT(load_args(&c, nov, "2011-12-20", "2011-11"), -1);
    CHECK_STR(captured,
              "taizhang: 错误：截止日期 2011-12-20（--as-of）不在报告期 2011-11（--period）之内：一个月的数字"
              "只能写进这个月的输出文件夹（不写 --period 时报告期即截止日期所在的月份）\n");
    CHECK_INT(load_args(&c, CAMP "[report]\nperiod = 2011-11\n", NULL, NULL), -1);
    char want[1024];
    time_t now = time(NULL);
    tz_day_iso(d, (tz_day)(now / 86400));
    snprintf(
        want, sizeof want,
        E
        "8：截止日期 %s（[report] 中没有写 as_of，取今天）晚于活动结束日期 2011-12-31（config.ini:4 的 end）超过 "
        "31 天：截止日期应在活动期间之内，或活动结束后 31 天之内\n>>> 'period = 2011-11'\n" E
        "8：截止日期 %s（[report] 中没有写 as_of，取今天）不在报告期 2011-11（config.ini:8 的 period）之内：一个月的"
        "数字只能写进这个月的输出文件夹；请改正 as_of 或 period，或删去 period（报告期即截止日期所在的月份）\n"
        ">>> 'period = 2011-11'\n",
        d, d);
    CHECK_STR(captured, want);
    CHECK_INT(load_args(&c, nov, "2011-08-18", NULL), -1);
    CHECK_STR(
        captured,
        "taizhang: 错误：截止日期 2011-08-18（--as-of）早于活动开始日期 2011-08-19（config.ini:3 的 start）："
        "截止日期应在活动期间之内\n");
    CHECK_INT(load_args(&c, CAMP "[report]\nas_of = 2012-02-01\n", NULL, NULL), -1);
    CHECK_STR(captured, E
              "8：截止日期 2012-02-01（as_of）晚于活动结束日期 2011-12-31（config.ini:4 的 end）超过 31 天："
              "截止日期应在活动期间之内，或活动结束后 31 天之内\n>>> 'as_of = 2012-02-01'\n");
    CHECK_INT(load_args(&c, CAMP "[report]\nas_of = 2011-11-20\nperiod = 2011年11月\n", NULL, "2011-13"), -1);
    CHECK_STR(captured, "taizhang: 错误：--period：“2011-13”无效：应为年-月，如 2011-11\n" E
                        "9：[report] 的 period“2011年11月”无效：应为年-月，如 2011-11（也是输出文件夹名）\n"
                        ">>> 'period = 2011年11月'\n");
}

/* Relative paths follow the config file, not the cwd. */
static void test_relative_paths(void)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/camp", root);
    go(dir);
    make_dir("fonts");
    write_file("fonts/kai.ttf", "x");
    write_file("config.ini",
               BASE "[paths]\ninput = 报送/2011\noutput = /tmp/out\n[fonts]\nkai = fonts/kai.ttf\n");
    go(root);
    tz_config c;
    CHECK_INT(load_as(&c, "camp/config.ini", NULL, NULL, NULL), 0);
    CHECK_STR(c.dir, "camp");
    CHECK_STR(c.input_dir, "camp/报送/2011");
    CHECK_STR(c.output_dir, "/tmp/out");
    CHECK_STR(c.templates_dir, "camp/templates");
    CHECK_STR(c.font_kai, "camp/fonts/kai.ttf");
    tz_config_free(&c);
    snprintf(dir, sizeof dir, "%s/camp/fonts", root);
    go(dir);
    CHECK_INT(load_as(&c, "../config.ini", NULL, "in", NULL), 0);
    CHECK_STR(c.input_dir, "in");
    CHECK_STR(c.output_dir, "/tmp/out");
    CHECK_STR(c.font_kai, "../fonts/kai.ttf");
    tz_config_free(&c);
    CHECK_INT(load_as(&c, "../config.ini", NULL, NULL, NULL), 0);
    CHECK_STR(c.input_dir, "../报送/2011");
    tz_config_free(&c);
}

static void test_units_file(void)
{
    char dir[300], from[4300];
    snprintf(dir, sizeof dir, "%s/camp", root);
    go(dir);
    make_dir("input");
    static const char *const names[] = { "units.csv", "units.xlsx" };
    for (size_t i = 0; i < 2; i++) {
        snprintf(from, sizeof from, "%s/%s", fixtures, names[i]);
        copy_file(from, i ? "input/单位名单.xlsx" : "单位名单.csv");
    }
    tz_config c;
    CHECK_INT(load_text(&c, "[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n"
                            "[units]\nfile = 单位名单.csv  ; 2011\n"),
              0);
    CHECK_STR(captured, "");
    CHECK_STR(c.units_file, "单位名单.csv");
    CHECK_INT(c.nunits, 3);
    CHECK_STR(c.units[0].name, "教务处");
    CHECK_INT(c.units[0].naliases, 2);
    CHECK_STR(c.units[0].aliases[0], "jwc");
    CHECK_STR(c.units[0].aliases[1], "教务");
    CHECK_STR(c.units[1].name, "土木学院");
    CHECK_INT(c.units[1].naliases, 0);
    CHECK_STR(c.units[2].name, "学工处");
    CHECK_INT(c.units[2].naliases, 2);
    CHECK_STR(c.units[2].aliases[0], "学生工作处");
    CHECK_STR(c.units[2].aliases[1], "学工");
    tz_config_free(&c);

    /* .xlsx: header on row 3 of the second sheet, a blank row, padded names. */
    go(root);
    write_file("camp/config.ini", "[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n"
                                  "[units]\nfile = input/单位名单.xlsx\n");
    CHECK_INT(load_as(&c, "camp/config.ini", NULL, NULL, NULL), 0);
    CHECK_STR(captured, "");
    CHECK_STR(c.units_file, "camp/input/单位名单.xlsx");
    CHECK_INT(c.nunits, 3);
    CHECK_STR(c.units[0].name, "教务处");
    CHECK_INT(c.units[0].naliases, 2);
    CHECK_STR(c.units[0].aliases[1], "教务");
    CHECK_STR(c.units[1].name, "土木学院");
    CHECK_STR(c.units[2].name, "学工处");
    CHECK_INT(c.units[2].naliases, 2);
    CHECK_STR(c.units[2].aliases[1], "学工");
    tz_config_free(&c);

    go(dir);
    snprintf(from, sizeof from, "%s/units_dup.csv", fixtures);
    copy_file(from, "dup.csv");
    expect_error("[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n[units]\nfile = dup.csv\n", E
                 "6：单位名单 dup.csv 「dup」A4：单位“教务处”重复（A2 单元格已有）\n>>> 'file = dup.csv'\n" E
                 "6：单位名单 dup.csv 「dup」A5：“学工处”重复：A3 单元格的单位“学工处”已用作名称或别名\n"
                 ">>> 'file = dup.csv'\n");
    write_file("noheader.csv", "名称,别名\n教务处,jwc\n");
    expect_error("[campaign]\nname = x\nstart = 2011-08-19\nend = 2099-12-31\n[units]\nfile = noheader.csv\n",
                 E "6：单位名单 noheader.csv 中找不到表头“单位名称”或“单位”（应在某个工作表的前 15 行）\n"
                   ">>> 'file = noheader.csv'\n");
}

/* Builds `prefix/<bin>/test_config` (a copy of this program) and runs it
 * with --lookup so that its own location decides the program templates. */
static void lookup(const char *bin, const char *config, char *out, size_t size)
{
    char exe[600], cmd[1400];
    snprintf(exe, sizeof exe, "%s/%s/test_config", root, bin);
    copy_file("/proc/self/exe", exe);
    if (chmod(exe, 0755) != 0)
        exit(2);
    go(root);
    snprintf(cmd, sizeof cmd, "'%s' --lookup '%s'", exe, config);
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, size - 1, p) : 0;
    out[n] = 0;
    if (!p || pclose(p) != 0)
        snprintf(out, size, "(lookup failed)");
}

static void test_template_lookup(void)
{
    go(root);
    static const char *const dirs[] = {
        "pfx",
        "pfx/bin",
        "pfx/bin/templates",
        "pfx/share",
        "pfx/share/taizhang",
        "pfx/share/taizhang/templates",
        "repo",
        "repo/templates",
        "repo/build",
        "repo/build/rel",
        "camp/templates",
    };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        make_dir(dirs[i]);
    write_file("camp/templates/a.md", "campaign");
    write_file("pfx/bin/templates/a.md", "bin");
    write_file("pfx/bin/templates/b.md", "bin");
    write_file("pfx/share/taizhang/templates/a.md", "share");
    write_file("pfx/share/taizhang/templates/b.md", "share");
    write_file("pfx/share/taizhang/templates/c.md", "share");
    write_file("repo/templates/c.md", "repo");
    write_file("camp/config.ini", BASE);

    char got[2048], want[2048];
    lookup("pfx/bin", "camp/config.ini", got, sizeof got);
    snprintf(want, sizeof want,
             "camp/templates\n%s/pfx/bin/templates\n%s/pfx/bin/../share/taizhang/templates\n"
             "a.md=camp/templates/a.md\nb.md=%s/pfx/bin/templates/b.md\n"
             "c.md=%s/pfx/bin/../share/taizhang/templates/c.md\nd.md=(none)\n"
             "templates/c.md=(none)\ntemplates/a.md=camp/templates/a.md\n",
             root, root, root, root);
    CHECK_STR(got, want);

    /* A repository build: build/rel/taizhang finds the repository's templates;
     * a campaign whose templates folder is the program's is listed once. */
    write_file("repo/config.ini", BASE);
    lookup("repo/build/rel", "repo/config.ini", got, sizeof got);
    snprintf(want, sizeof want,
             "repo/templates\n"
             "a.md=(none)\nb.md=(none)\nc.md=repo/templates/c.md\nd.md=(none)\n"
             "templates/c.md=repo/templates/c.md\ntemplates/a.md=(none)\n");
    CHECK_STR(got, want);
}

/* The child of test_template_lookup: prints the search path and lookups. */
static int run_lookup(const char *config)
{
    tz_config c;
    if (tz_config_load(&c, config, NULL, NULL, NULL) != 0)
        return 1;
    for (size_t i = 0; i < c.ntemplate_path; i++)
        printf("%s\n", c.template_path[i]);
    static const char *const names[] = { "a.md", "b.md", "c.md", "d.md", "templates/c.md", "templates/a.md" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *p = tz_config_find_template(&c, names[i]);
        printf("%s=%s\n", names[i], p ? p : "(none)");
    }
    tz_config_free(&c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--lookup"))
        return run_lookup(argv[2]);
    if (!realpath("tests/fixtures/config", fixtures)) {
        perror("tests/fixtures/config");
        return 2;
    }
    snprintf(root, sizeof root, "%s/tz-config.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root)) {
        perror(root);
        return 2;
    }
    char camp[300];
    snprintf(camp, sizeof camp, "%s/camp", root);
    make_dir(camp);

    test_full();
    test_defaults();
    test_errors();
    test_names();
    test_report_keys();
    test_period();
    test_relative_paths();
    test_units_file();
    test_template_lookup();

    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return CHECK_DONE();
}
