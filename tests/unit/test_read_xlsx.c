/*
 * test_read_xlsx.c — the .xlsx reader on workbooks written by libxlsxwriter
 * (normal and constant-memory mode), on committed fixtures (flags that dump
 * does not show) and under tightened limits.
 */
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "book.h"
#include "check.h"
#include "xldate.h"

#define FIX "tests/fixtures/xlsx/"

static tz_limits lim;

/* Checks one cell's type and value (text, or number/serial printed). */
static void check_cell(const tz_sheet *s, const char *ref, tz_cell_type type, const char *want)
{
    uint32_t row, col;
    CHECK(tz_a1_parse(ref, &row, &col) == 0);
    const tz_cell *c = tz_sheet_cell(s, row, col);
    if (!c) {
        CHECK_STR(ref, "(a cell that exists)");
        return;
    }
    char got[64];
    if (type == TZ_CELL_TEXT || type == TZ_CELL_ERROR)
        snprintf(got, sizeof got, "%s", c->text);
    else if (type == TZ_CELL_DATE || type == TZ_CELL_DATETIME)
        tz_serial_iso(got, sizeof got, c->num, type == TZ_CELL_DATETIME);
    else
        tz_format_number(got, sizeof got, c->num);
    if ((tz_cell_type)c->type != type)
        fprintf(stderr, "cell %s\n", ref);
    CHECK_INT(c->type, type);
    CHECK_STR(got, want);
}

static tz_book *read_ok(const char *path)
{
    tz_issues issues = { 0 };
    tz_book *b = NULL;
    int rc = tz_book_read(path, NULL, &lim, &b, &issues);
    if (rc != 0)
        fprintf(stderr, "%s: %s %s\n", path, issues.items[0].code, issues.items[0].message);
    CHECK_INT(rc, 0);
    tz_issues_free(&issues);
    return b;
}

/* Under a 3-character limit every longer text of edge_strings.xlsx is cut
 * at a character boundary, with one warning naming file, sheet and cell. */
static void read_cut(const tz_limits *l)
{
    tz_issues issues = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(FIX "edge_strings.xlsx", "名.xlsx", l, &b, &issues), 0);
    if (!b)
        return;
    const tz_sheet *s = &b->sheets[0];
    check_cell(s, "A1", TZ_CELL_TEXT, "普通");
    check_cell(s, "B1", TZ_CELL_TEXT, "富文本");
    check_cell(s, "D1", TZ_CELL_TEXT, "a_x");
    check_cell(s, "F1", TZ_CELL_TEXT, "tab");
    check_cell(s, "A2", TZ_CELL_TEXT, "内联 ");
    check_cell(s, "E2", TZ_CELL_ERROR, "#N/");
    CHECK_INT(issues.len, 8);
    const char *cells[] = { "D1", "E1", "F1", "A2", "B2", "C2", "E2", "L2" }; /* L2: a date before 1900, as text */
    for (size_t i = 0; i < issues.len && i < 8; i++) {
        CHECK_INT(issues.items[i].severity, TZ_SEV_WARNING);
        CHECK_STR(issues.items[i].code, "W-CELL-LONG");
        CHECK_STR(issues.items[i].file, "名.xlsx");
        CHECK_STR(issues.items[i].sheet, "数据");
        CHECK_STR(issues.items[i].cell, cells[i]);
        CHECK_STR(issues.items[i].message,
                  "单元格文字超过 3 个字符的上限，只读取了前 3 个字符，其余部分被舍弃");
    }
    tz_issues_free(&issues);
    tz_book_free(b);
}

/* Reads a file that must fail with exactly one issue: `code` and the message a user reads. */
static void read_fails(const char *path, const tz_limits *l, const char *code, const char *msg)
{
    tz_issues issues = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(path, "名.xlsx", l, &b, &issues), -1);
    CHECK(b == NULL);
    CHECK_INT(issues.len, 1);
    if (issues.len == 1) {
        CHECK_STR(issues.items[0].code, code);
        CHECK_STR(issues.items[0].message, msg);
        CHECK_STR(issues.items[0].file, "名.xlsx");
    }
    tz_issues_free(&issues);
}

/* One workbook through libxlsxwriter; every write is checked. */
static void write_book(const char *path, int constant_memory)
{
    lxw_workbook_options opt = { .constant_memory = constant_memory, .tmpdir = NULL, .use_zip64 = 0 };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    CHECK(wb != NULL);
    if (!wb)
        return;
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format *stamp = workbook_add_format(wb);
    format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "问题清单");
    lxw_worksheet *hidden = workbook_add_worksheet(wb, "隐藏");
    CHECK(ws && hidden);
    if (!ws || !hidden)
        return;
    lxw_datetime d = { 2017, 10, 30, 0, 0, 0 };
    lxw_datetime t = { 2017, 10, 9, 14, 5, 30 };
    CHECK_INT(worksheet_merge_range(ws, 0, 0, 0, 3, "土木学院问题清单", NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_string(ws, 1, 0, "序号", NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_string(ws, 1, 1, "问题 描述", NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_string(ws, 1, 2, "整改时限", NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_number(ws, 2, 0, 1, NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_string(ws, 2, 1, "办事拖拉_x000D_ok", NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_datetime(ws, 2, 2, &d, date), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_datetime(ws, 2, 3, &t, stamp), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_number(ws, 2, 4, 1234.5, money), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_boolean(ws, 2, 5, 1, NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_formula_num(ws, 3, 4, "=E3*2", NULL, 2469), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_formula_str(ws, 3, 1, "=\"甲\"&\"乙\"", NULL, "甲乙"), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_number(ws, 4, 0, -0.001, NULL), LXW_NO_ERROR);
    CHECK_INT(worksheet_write_string(hidden, 0, 0, "不显示", NULL), LXW_NO_ERROR);
    worksheet_hide(hidden);
    CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
}

/* Constant-memory mode writes inline strings and no sharedStrings.xml. */
static void check_written(const char *path, int constant_memory)
{
    write_book(path, constant_memory);
    tz_book *b = read_ok(path);
    if (!b)
        return;
    CHECK_INT(b->format, TZ_FORMAT_XLSX);
    CHECK_INT(b->nsheets, 2);
    if (b->nsheets != 2) {
        tz_book_free(b);
        return;
    }
    const tz_sheet *s = &b->sheets[0];
    CHECK_STR(s->name, "问题清单");
    CHECK_INT(s->hidden, 0);
    check_cell(s, "A1", TZ_CELL_TEXT, "土木学院问题清单");
    check_cell(s, "A2", TZ_CELL_TEXT, "序号");
    check_cell(s, "B2", TZ_CELL_TEXT, "问题 描述");
    check_cell(s, "C2", TZ_CELL_TEXT, "整改时限");
    check_cell(s, "A3", TZ_CELL_NUMBER, "1");
    /* libxlsxwriter 1.1.4 writes a literal "_x000D_" unescaped, so Excel
     * too reads it as a carriage return. */
    check_cell(s, "B3", TZ_CELL_TEXT, "办事拖拉\rok");
    check_cell(s, "C3", TZ_CELL_DATE, "2017-10-30");
    check_cell(s, "D3", TZ_CELL_DATETIME, "2017-10-09 14:05:30");
    check_cell(s, "E3", TZ_CELL_NUMBER, "1234.5");
    check_cell(s, "F3", TZ_CELL_BOOL, "1");
    check_cell(s, "E4", TZ_CELL_NUMBER, "2469");
    check_cell(s, "B4", TZ_CELL_TEXT, "甲乙");
    check_cell(s, "A5", TZ_CELL_NUMBER, "-0.001");
    CHECK_INT(s->ncells, 13);
    CHECK_INT(s->nmerges, 1);
    if (s->nmerges == 1) {
        CHECK_INT(s->merges[0].r1, 0);
        CHECK_INT(s->merges[0].c1, 0);
        CHECK_INT(s->merges[0].r2, 0);
        CHECK_INT(s->merges[0].c2, 3);
    }
    CHECK_INT(s->rows, 5);
    CHECK_INT(s->cols, 6);
    CHECK_STR(b->sheets[1].name, "隐藏");
    CHECK_INT(b->sheets[1].hidden, 1);
    check_cell(&b->sheets[1], "A1", TZ_CELL_TEXT, "不显示");
    CHECK_INT(b->date1904, 0);
    tz_book_free(b);
}

/* 150 cells of two characters under a one-character limit: the first 100
 * warnings are listed, the other 50 counted in one W-READ-MORE. */
static void check_many_warnings(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "长") : NULL;
    CHECK(ws != NULL);
    if (!ws)
        return;
    for (lxw_row_t r = 0; r < 150; r++)
        CHECK_INT(worksheet_write_string(ws, r, 0, "长长", NULL), LXW_NO_ERROR);
    CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
    tz_limits l = lim;
    l.max_cell_chars = 1;
    tz_issues issues = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(path, "多.xlsx", &l, &b, &issues), 0);
    CHECK_INT(issues.len, TZ_BOOK_MAX_WARNINGS + 1);
    if (issues.len == TZ_BOOK_MAX_WARNINGS + 1) {
        CHECK_STR(issues.items[99].code, "W-CELL-LONG");
        CHECK_STR(issues.items[99].cell, "A100");
        const tz_issue *last = &issues.items[100];
        CHECK_STR(last->code, "W-READ-MORE");
        CHECK_INT(last->severity, TZ_SEV_WARNING);
        CHECK_STR(last->file, "多.xlsx");
        CHECK_STR(last->sheet, "");
        CHECK_STR(last->message,
                  "另有 50 处读取时的修正（截断过长的单元格、空的共享字符串引用等）未逐一列出");
    }
    if (b)
        check_cell(&b->sheets[0], "A150", TZ_CELL_TEXT, "长");
    tz_issues_free(&issues);
    tz_book_free(b);
}

int main(void)
{
    tz_limits_default(&lim);

    char dir[] = "/tmp/tz-xlsx-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/normal.xlsx", dir);
    check_written(path, 0);
    unlink(path);
    snprintf(path, sizeof path, "%s/constant.xlsx", dir);
    check_written(path, 1);
    unlink(path);
    snprintf(path, sizeof path, "%s/many.xlsx", dir);
    check_many_warnings(path);
    unlink(path);
    rmdir(dir);

    /* Flags that dump does not print. */
    tz_book *b = read_ok(FIX "openpyxl_ledger.xlsx");
    if (b) {
        CHECK_INT(b->nsheets, 3);
        CHECK_INT(b->sheets[0].hidden, 0);
        CHECK_INT(b->sheets[1].hidden, 1);
        CHECK_INT(b->sheets[2].hidden, 0);
        CHECK_INT(b->date1904, 0);
        CHECK(tz_sheet_merge_at(&b->sheets[0], 0, 6) != NULL);
        tz_book_free(b);
    }
    b = read_ok(FIX "openpyxl_1904.xlsx");
    if (b) {
        CHECK_INT(b->date1904, 1);
        check_cell(&b->sheets[0], "A1", TZ_CELL_DATE, "2017-10-30");
        CHECK_INT(tz_sheet_cell(&b->sheets[0], 0, 0)->num, 43038);
        tz_book_free(b);
    }
    b = read_ok(FIX "edge_1904_true.xlsx");
    if (b) {
        CHECK_INT(b->date1904, 1);
        tz_book_free(b);
    }
    b = read_ok(FIX "edge_chartsheet.xlsx");
    if (b) {
        CHECK_INT(b->nsheets, 2);
        CHECK_STR(b->sheets[0].name, "可见");
        CHECK_INT(b->sheets[1].hidden, 1);
        tz_book_free(b);
    }
    b = read_ok(FIX "edge_xfd.xlsx");
    if (b) {
        CHECK_INT(b->sheets[0].ncells, 1);
        CHECK_INT(b->sheets[0].rows, 1048576);
        CHECK_INT(b->sheets[0].cols, 16384);
        tz_book_free(b);
    }

    b = read_ok(FIX "opendoc.ods");
    if (b) {
        CHECK_INT(b->nsheets, 2);
        CHECK_INT(b->sheets[0].hidden, 0);
        CHECK_INT(b->sheets[1].hidden, 1);
        CHECK_INT(b->sheets[0].rows, 4); /* LibreOffice's trailing empty rows do not count */
        CHECK_INT(b->sheets[0].cols, 10);
        tz_book_free(b);
    }

    /* Hostile files and tightened limits. */
    read_fails(FIX "bomb_ratio.xlsx", &lim, "E-ZIPBOMB",
               "压缩包中的「xl/worksheets/sheet1.xml」的压缩比超过 200:1（疑似压缩炸弹），拒绝读取");
    read_fails(
        FIX "bomb_size.xlsx", &lim, "E-ZIPBOMB",
        "压缩包中的「xl/worksheets/sheet1.xml」解压后有 600 MB，超过 512 MB 的上限（疑似压缩炸弹），拒绝读取");
    read_fails(
        FIX "bomb_lying.xlsx", &lim, "E-ZIPBOMB",
        "压缩包中的「xl/worksheets/sheet1.xml」实际解压出的数据比压缩包声明的大小还多（疑似压缩炸弹），拒绝读取");
    read_fails(FIX "xml_doctype.xlsx", &lim, "E-XML",
               "「xl/sharedStrings.xml」含有 DTD（DOCTYPE）声明，出于安全原因拒绝读取");
    read_fails(FIX "xml_deep.xlsx", &lim, "E-XML",
               "「xl/worksheets/sheet1.xml」的 XML 嵌套超过 256 层，拒绝读取");
    read_fails(FIX "bad_utf8.xlsx", &lim, "E-CORRUPT",
               "文件已损坏：「xl/sharedStrings.xml」第 2 行含有无效字符（不是合法的 UTF-8 文本）");
    read_fails(FIX "truncated.xlsx", &lim, "E-CORRUPT",
               "文件不完整或已损坏（压缩包结构无效），请单位重新报送");
    read_fails(FIX "word.xlsx", &lim, "E-FORMAT",
               "不是 Excel 工作簿（这是 Word 文档）；请报送 Excel 工作簿（.xlsx 或 .xls）");
    read_fails(FIX "row_2m.xlsx", &lim, "E-LIMIT", "工作表「数据」超过 1048576 行的上限");
    read_fails(FIX "opendoc_repeat.ods", &lim, "E-LIMIT", "工作表「表」超过 16384 列的上限");
    read_fails(FIX "opendoc_encrypted.ods", &lim, "E-ENCRYPTED", "工作簿已加密；请去掉密码后重新报送");
    tz_limits l = lim;
    /* The parts read before the first sheet already pass twice this: the
     * bound on the whole workbook trips on the third of them. */
    l.max_entry_bytes = 1000;
    read_fails(FIX "openpyxl_ledger.xlsx", &l, "E-ZIPBOMB",
               "压缩包中的「xl/_rels/workbook.xml.rels」等部件解压后的总量过大（疑似压缩炸弹），拒绝读取");
    l = lim;
    l.max_cells = 5;
    read_fails(FIX "edge_no_r.xlsx", &l, "E-LIMIT", "单元格总数超过 5 的上限");
    l = lim;
    l.max_cell_chars = 3;
    read_cut(&l);
    l = lim;
    l.max_cols = 4;
    read_fails(FIX "edge_no_r.xlsx", &l, "E-LIMIT", "工作表「数据」超过 4 列的上限");
    return CHECK_DONE();
}
