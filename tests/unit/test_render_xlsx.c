/* test_render_xlsx.c — the ledger writer on hand-made tables, read back with
 * our own .xlsx reader: titles, headers, totals, percentages, text that looks
 * like a formula, the empty-sheet note, layout errors, safe file names. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "check.h"
#include "render_xlsx.h"

#define T(x)                                                                                                 \
    {                                                                                                        \
        .type = TZ_VAL_TEXT, .s = (x)                                                                        \
    }
#define I(n)                                                                                                 \
    {                                                                                                        \
        .type = TZ_VAL_INT, .i = (n)                                                                         \
    }
#define R(x)                                                                                                 \
    {                                                                                                        \
        .type = TZ_VAL_REAL, .r = (x)                                                                        \
    }
#define N                                                                                                    \
    {                                                                                                        \
        .type = TZ_VAL_NULL                                                                                  \
    }

static const char *summary_cols[] = { "单位", "问题数", "已完成", "完成率" };
static tz_val summary_cells[] = {
    T("教务处"), I(4), I(1), R(0.25), T("图书馆"), I(0), I(0), N, T("土木学院"), I(6), I(3), R(0.5),
};
static const char *list_cols[] = { "单位", "问题描述", "整改时限", "是否超期" };
/* Row 6: 24 characters (50.4 wide) in the fitted column 单位 and 20 (42)
 * in 问题描述, fixed at 40: the row needs 2 lines (ceil(50.4 / 29) and
 * ceil(42 / 39)), 单位 is capped at 30.  Row 7: 70 (147 wide) needs 4 lines
 * (ceil(147 / 39)), in 整改时限 48 ASCII characters (52.8 wide) 2.  A line
 * is 16 points, and 3 more for the row. */
static tz_val list_cells[] = {
    T("教务处"),
    T("=SUM(A1:A9)"),
    T("2011-11-15"),
    T("是"),
    T("土木学院"),
    T("+86 电话无人接听"),
    T("长期"),
    T(""),
    T("很长的单位名称很长的单位名称很长的单位名称很长的"),
    T("二十个字的问题描述二十个字的问题描述二十"),
    N,
    T(""),
    T("图书馆"),
    T("七十个字的问题描述七十个字的问题描述七十个字的问题描述七十个字的问题描"
      "述七十个字的问题描述七十个字的问题描述七十个字的问题描述七十个字的问题"),
    T("on the first working day after the holidays, 9 a"),
    I(1),
};
static const char *empty_cols[] = { "单位", "日期", "方式" };
/* The reminders, one row per (unit, item), pivoted to one row per unit. */
static const char *remind_cols[] = { "单位", "事项", "情况" };
static tz_val remind_cells[] = {
    T("图书馆"), T("工作方案"), T("未报"),
    T("图书馆"), T("缺报周报"), T("6月2日、6月9日"),
    T("教务处"), T("整改方案"), T("逾期（9月30日收到）"),
};
static const char *items_cols[] = { "事项" };
static tz_val items_cells[] = { T("工作方案"), T("整改方案"), T("缺报周报") };

static const tz_table tables[] = {
    { .name = "t.summary", .ncols = 4, .nrows = 3, .cols = summary_cols, .cells = summary_cells },
    { .name = "t.list", .ncols = 4, .nrows = 4, .cols = list_cols, .cells = list_cells },
    { .name = "t.empty", .ncols = 3, .nrows = 0, .cols = empty_cols },
    { .name = "t.remind", .ncols = 3, .nrows = 3, .cols = remind_cols, .cells = remind_cells },
    { .name = "t.items", .ncols = 1, .nrows = 3, .cols = items_cols, .cells = items_cells },
};

/* The source over the tables: ctx non-NULL puts big_summary in place of
 * t.summary. */
static tz_table big_summary;

static const tz_table *lookup(void *ctx, const char *name)
{
    if (ctx && strcmp(name, "t.summary") == 0)
        return &big_summary;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

static int count(void *ctx, const char *name, size_t *n)
{
    const tz_table *t = lookup(ctx, name);
    *n = t ? t->nrows : 0;
    return t ? 0 : -1;
}

static tz_cursor *rows(void *ctx, const char *name)
{
    const tz_table *t = lookup(ctx, name);
    return t ? tz_cursor_table(t) : NULL;
}

static const tz_metric_source source = { lookup, count, rows };
static int big = 1;

/* A 汇总 of 50,001 units: past the row count where the ledger switches to
 * libxlsxwriter's constant-memory mode (a province-wide roll-up). */
enum { BIG = 50001 };

static void make_big_summary(void)
{
    static char names[BIG][16];
    tz_val *v = tz_xcalloc((size_t)BIG * 4, sizeof *v);
    for (size_t r = 0; r < BIG; r++) {
        snprintf(names[r], sizeof names[r], "单位%zu", r + 1);
        v[r * 4] = (tz_val){ .type = TZ_VAL_TEXT, .s = names[r] };
        v[r * 4 + 1] = (tz_val){ .type = TZ_VAL_INT, .i = 2 };
        v[r * 4 + 2] = (tz_val){ .type = TZ_VAL_INT, .i = (int64_t)(r % 2) };
        v[r * 4 + 3] = (tz_val){ .type = TZ_VAL_REAL, .r = (double)(r % 2) / 2 };
    }
    big_summary =
        (tz_table){ .name = "t.summary", .ncols = 4, .nrows = BIG, .cols = summary_cols, .cells = v };
}

static const tz_cell *at(const tz_book *b, const char *sheet, const char *ref)
{
    uint32_t r, c;
    for (size_t i = 0; i < b->nsheets; i++)
        if (strcmp(b->sheets[i].name, sheet) == 0 && tz_a1_parse(ref, &r, &c) == 0)
            return tz_sheet_cell(&b->sheets[i], r, c);
    return NULL;
}

static const char *text(const tz_book *b, const char *sheet, const char *ref)
{
    const tz_cell *c = at(b, sheet, ref);
    return c && c->type == TZ_CELL_TEXT ? c->text : "(not text)";
}

static double num(const tz_book *b, const char *sheet, const char *ref)
{
    const tz_cell *c = at(b, sheet, ref);
    return c && c->type != TZ_CELL_TEXT && c->type != TZ_CELL_EMPTY ? c->num : -1;
}

/* A part of the workbook at `path`, as text (unzip -p), or "" on failure. */
static const char *part(const char *path, const char *name)
{
    static char buf[1 << 16];
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, name);
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(buf, 1, sizeof buf - 1, p) : 0;
    buf[n] = 0;
    if (p)
        pclose(p);
    return buf;
}

int main(void)
{
    tz_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.name = "治庸问责工作";
    cfg.organisation = "武汉职业技术学院";
    cfg.period = "2011-11";
    cfg.as_of = tz_day_from_ymd(2011, 11, 20);

    /* Lines of wrapped text: a cell's own line breaks each one, however
     * short (the row of a 4-line 整改措施 was 1 line tall); a line wider
     * than the column (18 characters, 37.8, in 20: 19 of text) as many as
     * it fills; rows up to Excel's 409 points. */
    CHECK(tz_text_lines("1. 约谈\n2. 通报\n3. 建章立制\n4. 回头看", 20) == 4);
    CHECK(tz_text_lines("", 20) == 1);
    CHECK(tz_text_lines("一二三四五六七八九十一二三四五六七八\n短", 20) == 3);
    CHECK(tz_row_height(2) == 35);
    CHECK(tz_row_height(40) == 409);

    tz_layout *lay;
    CHECK_INT(tz_layout_load(&lay, "tests/fixtures/ledger/unit.ini"), 0);
    CHECK_INT(tz_layout_check(lay, &source, NULL), 0);
    char dir[] = "/tmp/tz-render-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], path2[256];
    snprintf(path, sizeof path, "%s/ledger.xlsx", dir);
    snprintf(path2, sizeof path2, "%s/again.xlsx", dir);
    CHECK_INT(tz_ledger_write(lay, &cfg, &source, NULL, path), 0);
    CHECK_INT(tz_ledger_write(lay, &cfg, &source, NULL, path2), 0);

    /* Widths fitted to the text (6 … 30) or fixed by ledger.ini, and rows as
     * tall as their longest text needs (the comment at list_cells). */
    const char *xml = part(path, "xl/worksheets/sheet2.xml");
    CHECK(strstr(xml, "<cols><col min=\"1\" max=\"1\" width=\"30.7109375\" customWidth=\"1\"/>"
                      "<col min=\"2\" max=\"2\" width=\"40.7109375\" customWidth=\"1\"/>"
                      "<col min=\"3\" max=\"3\" width=\"30.7109375\" customWidth=\"1\"/>"
                      "<col min=\"4\" max=\"4\" width=\"12.7109375\" customWidth=\"1\"/></cols>") != NULL);
    CHECK(strstr(xml, "<row r=\"4\" spans=\"1:4\">") != NULL);
    CHECK(strstr(xml, "<row r=\"6\" spans=\"1:4\" ht=\"35\" customHeight=\"1\">") != NULL);
    CHECK(strstr(xml, "<row r=\"7\" spans=\"1:4\" ht=\"67\" customHeight=\"1\">") != NULL);
    /* Print setup: A4 landscape, the three printed columns (101 wide, 203
     * mm) fit one page wide at 100% or less (277 mm); the header row repeated,
     * the office's column 是否超期 outside the print area. */
    CHECK(strstr(xml, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>") != NULL);
    CHECK(strstr(xml, "<pageSetUpPr fitToPage=\"1\"/>") != NULL);
    /* Too wide to fit at 75% (a 250-wide column, 463 mm): printed at 75% on
     * pages across, 单位 repeated on each. */
    xml = part(path, "xl/worksheets/sheet3.xml");
    CHECK(strstr(xml, "<pageSetup paperSize=\"9\" scale=\"75\" orientation=\"landscape\"/>") != NULL);
    CHECK(strstr(xml, "fitToPage") == NULL);
    const char *wbx = part(path, "xl/workbook.xml");
    CHECK(
        strstr(
            wbx,
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">'宽表'!$A:$A,'宽表'!$3:$3</definedName>") !=
        NULL);
    CHECK(
        strstr(
            wbx,
            "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"1\">'问题台账'!$A$1:$C$7</definedName>") !=
        NULL);
    CHECK(strstr(
              wbx,
              "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'问题台账'!$3:$3</definedName>") !=
          NULL);

    /* Byte-identical: the document date comes from as_of. */
    FILE *f1 = fopen(path, "rb"), *f2 = fopen(path2, "rb");
    int same = f1 && f2;
    for (int a = 0, b = 0; same && (a != EOF || b != EOF);) {
        a = fgetc(f1);
        b = fgetc(f2);
        same = a == b;
    }
    CHECK(same);
    if (f1)
        fclose(f1);
    if (f2)
        fclose(f2);

    tz_limits lim;
    tz_limits_default(&lim);
    tz_issues issues = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(path, "ledger.xlsx", &lim, &b, &issues), 0);
    if (b) {
        CHECK_INT(b->nsheets, 5);
        CHECK_STR(b->sheets[4].name, "图表");
        CHECK_STR(text(b, "汇总", "A1"), "武汉职业技术学院治庸问责工作 各单位汇总（截至2011年11月20日）");
        /* The block the level above recognises the ledger by. */
        CHECK_STR(text(b, "汇总", "A2"), "填报单位：武汉职业技术学院");
        CHECK_STR(text(b, "汇总", "C2"), "填报日期：2011年11月20日");
        CHECK_STR(text(b, "问题台账", "A2"), "填报单位：武汉职业技术学院");
        CHECK_STR(text(b, "问题台账", "B2"), "填报日期：2011年11月20日");
        CHECK_STR(text(b, "汇总", "D3"), "完成率");
        CHECK_STR(text(b, "汇总", "A6"), "土木学院");
        CHECK(num(b, "汇总", "D4") == 0.25);
        CHECK_STR(text(b, "汇总", "A7"), "合计");
        CHECK(num(b, "汇总", "B7") == 10);
        CHECK(num(b, "汇总", "C7") == 4);
        CHECK(num(b, "汇总", "D7") == 0.4); /* 4 / 10, not the sum of the rates */
        /* Text that starts like a formula stays text. */
        CHECK_STR(text(b, "问题台账", "B4"), "=SUM(A1:A9)");
        CHECK_STR(text(b, "问题台账", "B5"), "+86 电话无人接听");
        const tz_cell *d = at(b, "问题台账", "C4");
        CHECK(d && d->type == TZ_CELL_DATE && tz_serial_to_day(d->num) == tz_day_from_ymd(2011, 11, 15));
        CHECK_STR(text(b, "问题台账", "C5"), "长期");
        CHECK_STR(text(b, "督查记录", "C3"), "方式");
        CHECK_STR(text(b, "督查记录", "A4"), "注：本期没有督查记录数据");
        /* Charts: their data in K:L, outside the print area. */
        CHECK_STR(text(b, "图表", "K3"), "问题类别分布");
        CHECK(num(b, "图表", "L5") == 4);
        tz_book_free(b);
    }
    snprintf(path, sizeof path, "%s/reminders.xlsx", dir);
    CHECK_INT(tz_reminders_write(lay, &cfg, &source, NULL, path), 0);
    tz_layout_free(lay);
    /* One row per unit, an item a column; still missing red, late amber. */
    b = NULL;
    CHECK_INT(tz_book_read(path, "reminders.xlsx", &lim, &b, &issues), 0);
    if (b) {
        CHECK_STR(
            text(b, "催报名单", "A2"),
            "截至2011年11月20日，以下单位仍有材料未报送（红色）或逾期报送（黄色，括号内为收到日期），请尽快补报。");
        static const char *const want[][5] = {
            { "序号", "单位", "工作方案", "整改方案", "缺报周报" },
            { "1", "图书馆", "未报", "", "6月2日、6月9日" },
            { "2", "教务处", "", "逾期（9月30日收到）", "" },
        };
        for (uint32_t r = 0; r < 3; r++)
            for (uint32_t c = 0; c < 5; c++) {
                char ref[16];
                const tz_cell *x = at(b, "催报名单", tz_a1(ref, r + 2, c));
                char got[64] = "";
                if (x && x->type == TZ_CELL_TEXT)
                    snprintf(got, sizeof got, "%s", x->text);
                else if (x && x->type == TZ_CELL_NUMBER)
                    snprintf(got, sizeof got, "%g", x->num);
                CHECK_STR(got, want[r][c]);
            }
        CHECK_STR(text(b, "催报名单", "A7"), "武汉职业技术学院　2011年11月20日");
        tz_book_free(b);
    }
    xml = part(path, "xl/worksheets/sheet1.xml");
    CHECK(strstr(xml, "<formula>AND(C4&lt;&gt;\"\",LEFT(C4,2)=\"逾期\")</formula>") != NULL);
    CHECK(strstr(xml, "<formula>AND(C4&lt;&gt;\"\",LEFT(C4,2)&lt;&gt;\"逾期\")</formula>") != NULL);
    CHECK(strstr(xml, "sqref=\"C4:E5\"") != NULL);

    /* Layout errors are found before anything is written. */
    CHECK_INT(tz_layout_load(&lay, "tests/fixtures/ledger/bad_metric.ini"), 0);
    CHECK_INT(tz_layout_check(lay, &source, NULL), -1);
    tz_layout_free(lay);
    CHECK_INT(tz_layout_load(&lay, "tests/fixtures/ledger/bad_key.ini"), -1);
    CHECK_INT(tz_layout_load(&lay, "tests/fixtures/ledger/no_such.ini"), -1);

    /* Correction lists: one per unit with an error or warning. */
    tz_unit units[] = { { "教务处", NULL, 0 }, { "图书馆", NULL, 0 } };
    cfg.units = units;
    cfg.nunits = 2;
    tz_issues is = { 0 };
    tz_issues_add(&is, TZ_SEV_ERROR, "E-DATE", "教务处", "教务处.xlsx", "Sheet1", "E7",
                  "整改时限“2011-13-01”不是有效日期");
    tz_issues_add(&is, TZ_SEV_INFO, "I-COLUMN", "图书馆", "图书馆.xlsx", "Sheet1", "G4", "未识别的列");
    tz_issues_add(&is, TZ_SEV_WARNING, "W-DUPLICATE", "某县/../教育局", "县.xlsx", "问题台账", "B8", "重复");
    tz_issues_add(&is, TZ_SEV_WARNING, "W-CATEGORY", "教务处", "教务处.xlsx", "Sheet1", "J9",
                  "整改状态“差不多”无法识别");
    tz_issues_set_row_desc(&is, "部分教师上课迟到早退");
    tz_issues_add(&is, TZ_SEV_INFO, "I-SUPERSEDED", "教务处", "教务处.xlsx", "Sheet1", "A1", "已被取代");
    tz_issues_add(
        &is, TZ_SEV_ERROR, "E-REQUIRED", "教务处", "教务处.xlsx", "Sheet1", "B11",
        "第 11 行缺少“问题描述”，该行未计入台账（请补填）。这一行的其他内容照常保留，改正后重新报送即可计入");
    size_t n = 0;
    cfg.office = "武汉职业技术学院治庸问责领导小组";
    cfg.resubmit_by = tz_day_from_ymd(2011, 11, 25);
    cfg.contact = "张老师 027-12345678";
    CHECK_INT(tz_layout_load(&lay, "tests/fixtures/ledger/unit.ini"), 0);
    CHECK_INT(tz_corrections_write(lay, &cfg, &is, dir, &n), 0);
    CHECK_INT(n, 2);
    snprintf(path, sizeof path, "%s/教务处.xlsx", dir);
    CHECK_INT(access(path, F_OK), 0);
    /* From whom, to whom, by when, whom to ask; errors first, no info. */
    b = NULL;
    CHECK_INT(tz_book_read(path, "教务处.xlsx", &lim, &b, &issues), 0);
    if (b) {
        CHECK_STR(text(b, "退回修改", "A1"), "治庸问责工作退回修改清单");
        CHECK_STR(text(b, "退回修改", "A2"), "致：教务处");
        CHECK_STR(text(b, "退回修改", "A3"),
                  "发自：武汉职业技术学院治庸问责领导小组　　日期：2011年11月20日");
        CHECK_STR(
            text(b, "退回修改", "A4"),
            "请于2011年11月25日前按“问题及修改要求”改正原工作簿中下列单元格，改正后重新报送整个工作簿。");
        CHECK_STR(text(b, "退回修改", "A5"), "联系人：张老师 027-12345678");
        CHECK_STR(text(b, "退回修改", "A6"),
                  "共 3 条：错误 2 条（必须改正），警告 1 条（请核实，确有误的改正）。");
        CHECK_STR(text(b, "退回修改", "G7"), "问题及修改要求");
        CHECK(num(b, "退回修改", "A8") == 1);
        CHECK_STR(text(b, "退回修改", "E8"), "E7");
        CHECK_STR(text(b, "退回修改", "E9"), "B11");
        CHECK_STR(text(b, "退回修改", "B10"), "警告");
        CHECK_STR(text(b, "退回修改", "F10"), "部分教师上课迟到早退");
        CHECK(at(b, "退回修改", "A11") == NULL);
        tz_book_free(b);
    }
    /* The 62-character message wraps to 3 lines at width 46 (130.2 / 45). */
    xml = part(path, "xl/worksheets/sheet1.xml");
    CHECK(strstr(xml, "<row r=\"9\" spans=\"1:7\" ht=\"51\" customHeight=\"1\">") != NULL);
    CHECK(strstr(xml, "<row r=\"8\" spans=\"1:7\" ht=\"19\" customHeight=\"1\">") != NULL);
    snprintf(path, sizeof path, "%s/图书馆.xlsx", dir);
    CHECK(access(path, F_OK) != 0); /* only an info: nothing to correct */
    /* Without a contact its line is left out; the counts move up. */
    cfg.contact = NULL;
    CHECK_INT(tz_corrections_write(lay, &cfg, &is, dir, &n), 0);
    snprintf(path, sizeof path, "%s/教务处.xlsx", dir);
    b = NULL;
    CHECK_INT(tz_book_read(path, "教务处.xlsx", &lim, &b, &issues), 0);
    if (b) {
        CHECK_STR(text(b, "退回修改", "A5"),
                  "共 3 条：错误 2 条（必须改正），警告 1 条（请核实，确有误的改正）。");
        CHECK_STR(text(b, "退回修改", "A6"), "序号");
        tz_book_free(b);
    }
    cfg.contact = "张老师 027-12345678";
    tz_layout_free(lay);
    snprintf(path, sizeof path, "%s/某县_.._教育局.xlsx", dir);
    CHECK_INT(access(path, F_OK), 0);
    tz_issues_free(&is);
    tz_issues_free(&issues);

    char buf[128];
    CHECK_STR(tz_filename_safe(buf, sizeof buf, "../etc/passwd"), "_etc_passwd");
    CHECK_STR(tz_filename_safe(buf, sizeof buf, " 纪委办公室（监察处） "), "纪委办公室（监察处）");
    CHECK_STR(tz_filename_safe(buf, sizeof buf, "a\tb:c*d?"), "a_b_c_d_");
    CHECK_STR(tz_filename_safe(buf, sizeof buf, ".."), "未命名单位");
    CHECK(strlen(tz_filename_safe(buf, sizeof buf,
                                  "很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称"
                                  "很长的单位名称很长的单位名称很长的单位名称")) <= 120);

    /* Constant-memory mode: every row, then the totals, all in place. */
    make_big_summary();
    snprintf(path, sizeof path, "%s/big.xlsx", dir);
    CHECK_INT(tz_layout_load(&lay, "tests/fixtures/ledger/unit.ini"), 0);
    CHECK_INT(tz_ledger_write(lay, &cfg, &source, &big, path), 0);
    tz_layout_free(lay);
    b = NULL;
    CHECK_INT(tz_book_read(path, "big.xlsx", &lim, &b, &issues), 0);
    if (b) {
        char ref[16];
        CHECK_STR(text(b, "汇总", "A4"), "单位1");
        CHECK_STR(text(b, "汇总", tz_a1(ref, BIG + 2, 0)), "单位50001");
        CHECK_STR(text(b, "汇总", tz_a1(ref, BIG + 3, 0)), "合计");
        CHECK(num(b, "汇总", tz_a1(ref, BIG + 3, 1)) == 2.0 * BIG);
        CHECK(num(b, "汇总", tz_a1(ref, BIG + 3, 2)) == BIG / 2);
        tz_book_free(b);
    }
    free(big_summary.cells);
    tz_issues_free(&issues);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    return CHECK_DONE();
}
