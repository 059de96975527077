/* test_core.c — the shared core: A1 references and number text (book.c),
 * calendar days and Excel serials (xldate.c), and cell / merge look-up on a
 * book read from a committed .csv fixture. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "check.h"
#include "issue.h"
#include "xldate.h"

static void test_a1(void)
{
    static const struct {
        uint32_t row, col;
        const char *ref;
    } cases[] = {
        { 0, 0, "A1" },   { 0, 25, "Z1" },   { 0, 26, "AA1" },   { 0, 51, "AZ1" },
        { 0, 52, "BA1" }, { 0, 701, "ZZ1" }, { 0, 702, "AAA1" }, { 1048575, 16383, "XFD1048576" },
        { 9, 1, "B10" },
    };
    char buf[16];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK_STR(tz_a1(buf, cases[i].row, cases[i].col), cases[i].ref);
        uint32_t r = 99, c = 99;
        CHECK_INT(tz_a1_parse(cases[i].ref, &r, &c), 0);
        CHECK_INT(r, cases[i].row);
        CHECK_INT(c, cases[i].col);
    }

    uint32_t r = 0, c = 0;
    CHECK_INT(tz_a1_parse("$B$3", &r, &c), 0);
    CHECK_INT(r, 2);
    CHECK_INT(c, 1);
    CHECK_INT(tz_a1_parse("B$3", &r, &c), 0);
    CHECK_INT(tz_a1_parse("$B3", &r, &c), 0);
    CHECK_INT(tz_a1_parse("xfd2", &r, &c), 0); /* lower case is accepted */
    CHECK_INT(r, 1);
    CHECK_INT(c, 16383);
    static const char *const bad[] = {
        "",    "A", "1",    "A0",   "A01",    "A1B",       "A-1",          "A 1", " A1",
        "A1 ", "$", "$$A1", "A$$1", "ABCDE1", "A16777217", "A99999999999", "甲1", "1A",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = tz_a1_parse(bad[i], &r, &c);
        if (rc != -1)
            fprintf(stderr, "tz_a1_parse accepted \"%s\"\n", bad[i]);
        CHECK_INT(rc, -1);
    }

    uint32_t col = 5;
    CHECK_INT(tz_col_parse("A", &col), 1);
    CHECK_INT(col, 0);
    CHECK_INT(tz_col_parse("AB12", &col), 2);
    CHECK_INT(col, 27);
    CHECK_INT(tz_col_parse("XFD", &col), 3);
    CHECK_INT(col, 16383);
    CHECK_INT(tz_col_parse("ZZZZ", &col), 4);
    CHECK_INT(col, 475253);
    col = 5;
    CHECK_INT(tz_col_parse("AAAAA", &col), 0); /* past any sheet: overflow */
    CHECK_INT(tz_col_parse("", &col), 0);
    CHECK_INT(tz_col_parse("1A", &col), 0);
    CHECK_INT(tz_col_parse("$A", &col), 0);
    CHECK_INT(col, 5);
}

static const char *fmt(double v)
{
    static char buf[64];
    tz_format_number(buf, sizeof buf, v);
    return buf;
}

static void test_format_number(void)
{
    CHECK_STR(fmt(1200), "1200");
    CHECK_STR(fmt(0.5), "0.5");
    CHECK_STR(fmt(-3), "-3");
    CHECK_STR(fmt(1e-7), "1e-07");
    CHECK_STR(fmt(0.1 + 0.2), "0.30000000000000004");
    CHECK_STR(fmt(1e15 + 0.5), "1000000000000000.5");
    CHECK_STR(fmt(-0.0), "0");
    CHECK_STR(fmt(123456789012345678.0), "123456789012345680");
    CHECK_STR(fmt(0), "0");
    CHECK_STR(fmt(100), "100");
    CHECK_STR(fmt(350.5), "350.5");
    CHECK_STR(fmt(0.000001), "0.000001");
    CHECK_STR(fmt(43038), "43038");
    CHECK_STR(fmt(1e20), "100000000000000000000");
    CHECK_STR(fmt(1e21), "1e+21");
    CHECK_STR(fmt(-1.5e-300), "-1.5e-300");
    CHECK_STR(fmt(1.0 / 3), "0.3333333333333333");
    CHECK_STR(fmt(INFINITY), "Inf");
    CHECK_STR(fmt(-INFINITY), "-Inf");
    CHECK_STR(fmt(NAN), "NaN");
    /* every result reads back as the same double */
    static const double back[] = { 1200,
                                   0.5,
                                   1e-7,
                                   0.1 + 0.2,
                                   1e15 + 0.5,
                                   2.5e-8,
                                   9007199254740993.0,
                                   5e-324,
                                   1.7976931348623157e308,
                                   74074.02,
                                   0.1,
                                   2.0 / 3 };
    for (size_t i = 0; i < sizeof back / sizeof *back; i++)
        CHECK(strtod(fmt(back[i]), NULL) == back[i]);
    char small[4];
    tz_format_number(small, sizeof small, 123456); /* truncated, still terminated */
    CHECK_STR(small, "123");
}

static const char *iso(double serial, int with_time)
{
    static char buf[32];
    tz_serial_iso(buf, sizeof buf, serial, with_time);
    return buf;
}

static void test_serials(void)
{
    CHECK_STR(iso(1, 0), "1900-01-01");
    CHECK_STR(iso(59, 0), "1900-02-28");
    CHECK_STR(iso(60, 0), "1900-02-29");
    CHECK_STR(iso(61, 0), "1900-03-01");
    CHECK_STR(iso(0, 0), "1900-01-00");
    CHECK_STR(iso(43038, 0), "2017-10-30");
    CHECK_STR(iso(43038.5, 1), "2017-10-30 12:00:00");
    CHECK_STR(iso(43038.99999999, 1), "2017-10-31 00:00:00");
    CHECK_STR(iso(43038 + 14 / 24.0 + 5 / 1440.0, 1), "2017-10-30 14:05:00");
    CHECK_STR(iso(0.25, 1), "1900-01-00 06:00:00");
    CHECK_STR(iso(59.99999999, 0), "1900-02-29");
    CHECK_STR(iso(2958465, 0), "9999-12-31");
    CHECK_STR(iso(2958465.5, 1), "9999-12-31 12:00:00");
    /* what Excel cannot show comes back as the plain number */
    CHECK_STR(iso(-1, 0), "-1");
    CHECK_STR(iso(2958466, 0), "2958466");
    CHECK_STR(iso(2958465.999999999, 1), "2958465.9999999991"); /* %.17g */

    int y = 0, m = 0, d = 0, s = -1;
    CHECK_INT(tz_serial_split(43038.75, &y, &m, &d, &s), 0);
    CHECK_INT(y * 10000 + m * 100 + d, 20171030);
    CHECK_INT(s, 18 * 3600);
    CHECK_INT(tz_serial_split(-0.5, &y, &m, &d, &s), -1);

    /* 1904 system: serial 0 is 1904-01-01 */
    CHECK_INT(TZ_XL1904_OFFSET, 1462);
    CHECK_STR(iso(0 + TZ_XL1904_OFFSET, 0), "1904-01-01");
    CHECK_STR(iso(41576 + TZ_XL1904_OFFSET, 0), "2017-10-30");

    CHECK(tz_serial_from_ymd(1900, 1, 1) == 1);
    CHECK(tz_serial_from_ymd(1900, 2, 28) == 59);
    CHECK(tz_serial_from_ymd(1900, 2, 29) == 60);
    CHECK(tz_serial_from_ymd(1900, 3, 1) == 61);
    CHECK(tz_serial_from_ymd(2017, 10, 30) == 43038);
    CHECK(tz_serial_from_ymd(9999, 12, 31) == 2958465);

    char buf[16];
    CHECK_STR(tz_day_iso(buf, tz_serial_to_day(60)), "1900-02-28"); /* the phantom day */
    CHECK_STR(tz_day_iso(buf, tz_serial_to_day(59)), "1900-02-28");
    CHECK_STR(tz_day_iso(buf, tz_serial_to_day(61)), "1900-03-01");
    CHECK_STR(tz_day_iso(buf, tz_serial_to_day(1)), "1900-01-01");
    CHECK_STR(tz_day_iso(buf, tz_serial_to_day(43038.9)), "2017-10-30");
    CHECK(tz_day_to_serial(tz_day_from_ymd(1970, 1, 1)) == 25569);

    /* every 97th day from 1900-01-01 to 9999-12-31: serial and back, the
     * serial shows the same date, serials grow */
    tz_day first = tz_day_from_ymd(1900, 1, 1), last = tz_day_from_ymd(9999, 12, 31);
    int bad = 0, n = 0;
    double prev = 0;
    for (tz_day day = first; day <= last; day += 97, n++) {
        double serial = tz_day_to_serial(day);
        int y1, m1, d1, y2, m2, d2, secs;
        tz_day_to_ymd(day, &y1, &m1, &d1);
        bad += tz_serial_to_day(serial) != day || serial <= prev || serial == 60 ||
               tz_serial_split(serial, &y2, &m2, &d2, &secs) != 0 || secs != 0 || y1 != y2 || m1 != m2 ||
               d1 != d2;
        prev = serial;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(n, (last - first) / 97 + 1);
    CHECK(tz_serial_to_day(tz_day_to_serial(last)) == last);
    CHECK(tz_day_to_serial(last) == 2958465);
}

static void test_days(void)
{
    CHECK_INT(tz_day_from_ymd(1970, 1, 1), 0);
    CHECK_INT(tz_day_from_ymd(1969, 12, 31), -1);
    CHECK_INT(tz_day_from_ymd(2000, 3, 1), 11017);
    CHECK_INT(tz_day_from_ymd(2017, 10, 30), 17469);
    CHECK_INT(tz_day_from_ymd(1900, 1, 1), -25567);
    CHECK_INT(tz_day_from_ymd(1, 1, 1), -719162);
    CHECK_INT(tz_day_from_ymd(9999, 12, 31), 2932896);

    /* every day of 1896..2104 (leap years and the 1900/2100 exceptions): ymd and back */
    int bad = 0, y, m, d;
    tz_day prev = tz_day_from_ymd(1895, 12, 31);
    for (int yy = 1896; yy <= 2104; yy++)
        for (int mm = 1; mm <= 12; mm++)
            for (int dd = 1; dd <= 31; dd++) {
                if (!tz_ymd_valid(yy, mm, dd))
                    continue;
                tz_day day = tz_day_from_ymd(yy, mm, dd);
                tz_day_to_ymd(day, &y, &m, &d);
                bad += day != prev + 1 || y != yy || m != mm || d != dd;
                prev = day;
            }
    CHECK_INT(bad, 0);
    CHECK_INT(prev, tz_day_from_ymd(2104, 12, 31));
    tz_day_to_ymd(-719162, &y, &m, &d);
    CHECK_INT(y * 10000 + m * 100 + d, 10101);

    CHECK(!tz_ymd_valid(1900, 2, 29));
    CHECK(tz_ymd_valid(2000, 2, 29));
    CHECK(tz_ymd_valid(2016, 2, 29));
    CHECK(!tz_ymd_valid(2100, 2, 29));
    CHECK(!tz_ymd_valid(2017, 2, 29));
    CHECK(tz_ymd_valid(2017, 2, 28));
    CHECK(!tz_ymd_valid(2017, 4, 31));
    CHECK(tz_ymd_valid(2017, 12, 31));
    CHECK(!tz_ymd_valid(2017, 13, 1));
    CHECK(!tz_ymd_valid(2017, 0, 10));
    CHECK(!tz_ymd_valid(2017, 1, 0));
    CHECK(!tz_ymd_valid(0, 1, 1));
    CHECK(tz_ymd_valid(1, 1, 1));
    CHECK(tz_ymd_valid(9999, 12, 31));
    CHECK(!tz_ymd_valid(10000, 1, 1));

    CHECK_INT(tz_day_weekday(0), 3);                             /* 1970-01-01 Thursday */
    CHECK_INT(tz_day_weekday(tz_day_from_ymd(2017, 10, 30)), 0); /* Monday */
    CHECK_INT(tz_day_weekday(tz_day_from_ymd(2000, 1, 1)), 5);   /* Saturday */
    CHECK_INT(tz_day_weekday(tz_day_from_ymd(1969, 12, 28)), 6); /* Sunday, before 1970 */
    CHECK_INT(tz_day_weekday(tz_day_from_ymd(1900, 1, 1)), 0);   /* Monday */
    CHECK_INT(tz_day_weekday(tz_day_from_ymd(2011, 10, 1)), 5);  /* Saturday */

    tz_day day = 123;
    CHECK_INT(tz_day_parse_iso("2017-10-30", &day), 0);
    CHECK_INT(day, 17469);
    CHECK_INT(tz_day_parse_iso("2016-02-29", &day), 0);
    CHECK_INT(tz_day_parse_iso("0001-01-01", &day), 0);
    CHECK_INT(day, -719162);
    static const char *const bad_iso[] = {
        "2017-02-29",  "2017-1-30",  "2017-10-3",  "2017/10/30", "2017-10-30 ",    " 2017-10-30",
        "2017-10-30T", "20171030",   "2017-13-01", "2017-00-10", "0000-01-01",     "+017-10-30",
        "2017- 1-30",  "2017-+1-30", "2017-10--1", "",           "2017年10月30日", "２０１７-10-30",
    };
    for (size_t i = 0; i < sizeof bad_iso / sizeof *bad_iso; i++) {
        day = 123;
        if (tz_day_parse_iso(bad_iso[i], &day) != -1 || day != 123) {
            fprintf(stderr, "tz_day_parse_iso accepted \"%s\"\n", bad_iso[i]);
            CHECK(0);
        } else {
            CHECK(1);
        }
    }
    char buf[16];
    CHECK_STR(tz_day_iso(buf, 0), "1970-01-01");
    CHECK_STR(tz_day_iso(buf, -1), "1969-12-31");
}

/* tz_sheet_cell / tz_sheet_merge_at on a book read from a fixture (utf8bom.csv:
 * A1 alone on row 1, a 4×3 table under it). */
static void test_lookup(const char *fixtures)
{
    char path[512];
    snprintf(path, sizeof path, "%s/csv/utf8bom.csv", fixtures);
    tz_limits lim;
    tz_limits_default(&lim);
    tz_issues issues = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(path, "utf8bom.csv", &lim, &b, &issues), 0);
    CHECK_INT(issues.len, 0);
    if (!b)
        return;
    tz_sheet *s = &b->sheets[0];
    CHECK_INT(b->nsheets, 1);
    CHECK_INT(s->rows, 4);
    CHECK_INT(s->cols, 4);
    CHECK_INT(s->ncells, 13);
    const tz_cell *c = tz_sheet_cell(s, 0, 0);
    CHECK_STR(c ? c->text : NULL, "填报单位：土木学院");
    CHECK_INT(c ? c->len : 0, strlen("填报单位：土木学院"));
    CHECK(tz_sheet_cell(s, 0, 1) == NULL);
    c = tz_sheet_cell(s, 3, 3);
    CHECK_STR(c ? c->text : NULL, "2017年11月15日");
    c = tz_sheet_cell(s, 2, 0);
    CHECK(c && c->type == TZ_CELL_NUMBER && c->num == 1 && c->text == NULL && c->len == 0);
    CHECK(tz_sheet_cell(s, 3, 4) == NULL);
    CHECK(tz_sheet_cell(s, 4, 0) == NULL);
    CHECK(tz_sheet_cell(s, UINT32_MAX, UINT32_MAX) == NULL);
    int sorted = 1;
    for (size_t i = 1; i < s->ncells; i++)
        sorted &= s->cells[i - 1].row < s->cells[i].row ||
                  (s->cells[i - 1].row == s->cells[i].row && s->cells[i - 1].col < s->cells[i].col);
    CHECK(sorted);
    for (size_t i = 0; i < s->ncells; i++)
        CHECK(tz_sheet_cell(s, s->cells[i].row, s->cells[i].col) == &s->cells[i]);

    /* a .csv has no merges; add some as a reader would, in sorted order */
    CHECK(tz_sheet_merge_at(s, 0, 0) == NULL);
    CHECK_INT(tz_sheet_add_merge(b, s, (tz_range){ 0, 0, 0, 3 }), 0); /* A1:D1 title */
    CHECK_INT(tz_sheet_add_merge(b, s, (tz_range){ 2, 2, 3, 2 }), 0); /* C3:C4 */
    CHECK_INT(tz_sheet_add_merge(b, s, (tz_range){ 5, 5, 5, 5 }), 0); /* one cell: ignored */
    CHECK_INT(tz_sheet_add_merge(b, s, (tz_range){ 7, 7, 6, 6 }), 0); /* inverted: ignored */
    CHECK_INT(s->nmerges, 2);
    CHECK_INT(s->rows, 4);
    const tz_range *r = tz_sheet_merge_at(s, 0, 3);
    CHECK(r && r->r1 == 0 && r->c1 == 0 && r->r2 == 0 && r->c2 == 3);
    CHECK(tz_sheet_merge_at(s, 0, 0) == r);
    CHECK(tz_sheet_merge_at(s, 0, 4) == NULL);
    CHECK(tz_sheet_merge_at(s, 1, 0) == NULL);
    r = tz_sheet_merge_at(s, 3, 2);
    CHECK(r && r->r1 == 2 && r->c1 == 2);
    CHECK(tz_sheet_merge_at(s, 2, 2) == r);
    CHECK(tz_sheet_merge_at(s, 3, 1) == NULL);
    CHECK(tz_sheet_merge_at(s, 4, 2) == NULL);
    CHECK(tz_sheet_merge_at(s, 5, 5) == NULL);
    CHECK_INT(tz_sheet_add_merge(b, s, (tz_range){ 0, 0, 1048576, 0 }), -1);
    CHECK_STR(b->fail_code, "E-LIMIT");
    CHECK_STR(b->fail_msg, "工作表「utf8bom」的合并单元格超出 1048576 行 × 16384 列的上限");
    tz_book_free(b);

    /* a missing file: one issue naming the display name, no book */
    snprintf(path, sizeof path, "%s/csv/no-such-file.csv", fixtures);
    b = (tz_book *)&issues;
    CHECK_INT(tz_book_read(path, "缺失.csv", &lim, &b, &issues), -1);
    CHECK(b == NULL);
    CHECK_INT(issues.len, 1);
    if (issues.len == 1) {
        CHECK_INT(issues.items[0].severity, TZ_SEV_ERROR);
        CHECK_STR(issues.items[0].code, "E-OPEN");
        CHECK_STR(issues.items[0].file, "缺失.csv");
        CHECK_STR(issues.items[0].message, "无法打开：文件不存在");
    }
    tz_issues_free(&issues);
}

/* Configured units first in their order, then units named only on rows in
 * order of first appearance, then no unit; issues keep their order. */
static void test_issue_groups(void)
{
    tz_issues list = { 0 };
    const char *rows[][2] = { { "乙", "E-DATE" }, { "", "E-OPEN" },  { "丙", "W-TOTAL" }, { "甲", "I-SHEET" },
                              { "丁", "E-ENUM" }, { "丙", "E-COUNT" }, { "乙", "W-UNIT" } };
    for (size_t i = 0; i < 7; i++)
        tz_issues_add(&list,
                      rows[i][1][0] == 'E'   ? TZ_SEV_ERROR
                      : rows[i][1][0] == 'W' ? TZ_SEV_WARNING
                                             : TZ_SEV_INFO,
                      rows[i][1], rows[i][0], "f.xlsx", "", "", "m");
    const char *units[] = { "甲", "乙", "戊" };
    size_t n = 0;
    tz_issue_group *g = tz_issues_by_unit(&list, units, 3, &n);
    char got[256] = "";
    for (size_t i = 0; i < n; i++) {
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s[%zu/%zu]:", *g[i].unit ? g[i].unit : "-",
                 g[i].errors, g[i].warnings);
        for (size_t k = 0; k < g[i].len; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s ", g[i].items[k]->code);
    }
    CHECK_INT(n, 5);
    CHECK_STR(got, "甲[0/0]:I-SHEET 乙[1/1]:E-DATE W-UNIT 丙[1/1]:W-TOTAL E-COUNT 丁[1/0]:E-ENUM -[1/0]:E-OPEN ");
    free(g);
    g = tz_issues_by_unit(&(tz_issues){ 0 }, units, 3, &n);
    CHECK_INT(n, 0);
    free(g);
    tz_issues_free(&list);
}

int main(int argc, char **argv)
{
    test_a1();
    test_issue_groups();
    test_format_number();
    test_serials();
    test_days();
    test_lookup(argc > 1 ? argv[1] : "tests/fixtures");
    return CHECK_DONE();
}
