/*
 * test_xls_oracle.c — our BIFF8 reader (src/read_xls.c) against freexl, an
 * independent reader of the same files.
 *
 * The program reads .xls with its own record walk because freexl 1.0.6 drops
 * formula results, types booleans as integers, miscounts dates after
 * 2100-02-28 and cannot open files whose Workbook stream sits in the CFB
 * mini-stream.  Where freexl does give a value, both readers must agree cell
 * for cell: that is what this test asserts, over every .xls fixture and the
 * sample campaign.
 */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "check.h"
#include "xldate.h"

static size_t compared;

static void compare_cell(const char *path, const tz_sheet *s, unsigned row, unsigned col,
                         const FreeXL_CellValue *v)
{
    const tz_cell *c = tz_sheet_cell(s, row, col);
    char want[64], got[64], ref[16];
    switch (v->type) {
    case FREEXL_CELL_NULL:
        return; /* formulas among them: freexl does not give their results */
    case FREEXL_CELL_INT:
    case FREEXL_CELL_DOUBLE: {
        double x = v->type == FREEXL_CELL_INT ? v->value.int_value : v->value.double_value;
        /* freexl reports booleans as the integer 1 (and 0). */
        int ok = c && (c->type == TZ_CELL_NUMBER || c->type == TZ_CELL_BOOL) && c->num == x;
        if (!ok)
            fprintf(stderr, "%s 「%s」%s: freexl %g, ours type %u %g\n", path, s->name, tz_a1(ref, row, col),
                    x, c ? c->type : 0, c ? c->num : 0);
        CHECK(ok);
        break;
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (!(c && c->type == TZ_CELL_TEXT && strcmp(c->text, v->value.text_value) == 0))
            fprintf(stderr, "%s 「%s」%s: freexl \"%s\", ours \"%s\"\n", path, s->name, tz_a1(ref, row, col),
                    v->value.text_value, c && c->text ? c->text : "(none)");
        CHECK(c && c->type == TZ_CELL_TEXT && strcmp(c->text, v->value.text_value) == 0);
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
        snprintf(want, sizeof want, "%s", v->value.text_value);
        /* freexl counts 2100 as a leap year: past 2100-02-28 it is wrong, not us. */
        if (strncmp(want, "2100-03", 7) >= 0)
            return;
        if (!c || (c->type != TZ_CELL_DATE && c->type != TZ_CELL_DATETIME)) {
            fprintf(stderr, "%s 「%s」%s: freexl date %s, ours not a date\n", path, s->name,
                    tz_a1(ref, row, col), want);
            CHECK(0);
            break;
        }
        tz_serial_iso(got, sizeof got, c->num, v->type == FREEXL_CELL_DATETIME);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "%s 「%s」%s: freexl %s, ours %s\n", path, s->name, tz_a1(ref, row, col), want,
                    got);
        CHECK_STR(got, want);
        break;
    case FREEXL_CELL_TIME:
        /* A time of day alone: a time cell, the day fraction. */
        CHECK(c && c->type == TZ_CELL_TIME && c->num >= 0 && c->num < 1);
        break;
    default:
        CHECK(0);
    }
    compared++;
}

static void compare_file(const char *path)
{
    tz_limits lim;
    tz_limits_default(&lim);
    tz_issues issues = { 0 };
    tz_book *b;
    if (tz_book_read(path, path, &lim, &b, &issues) != 0) {
        fprintf(stderr, "%s: our reader failed: %s\n", path, issues.items[0].message);
        CHECK(0);
        tz_issues_free(&issues);
        return;
    }
    const void *h = NULL;
    CHECK_INT(freexl_open(path, &h), FREEXL_OK);
    if (!h) {
        tz_book_free(b);
        return;
    }
    unsigned nsheets = 0;
    CHECK_INT(freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets), FREEXL_OK);
    CHECK_INT(nsheets, b->nsheets);
    for (unsigned i = 0; i < nsheets && i < b->nsheets; i++) {
        const char *name = NULL;
        CHECK_INT(freexl_get_worksheet_name(h, (unsigned short)i, &name), FREEXL_OK);
        CHECK_STR(b->sheets[i].name, name);
        CHECK_INT(freexl_select_active_worksheet(h, (unsigned short)i), FREEXL_OK);
        unsigned rows = 0;
        unsigned short cols = 0;
        CHECK_INT(freexl_worksheet_dimensions(h, &rows, &cols), FREEXL_OK);
        for (unsigned r = 0; r < rows; r++)
            for (unsigned c = 0; c < cols; c++) {
                FreeXL_CellValue v;
                if (freexl_get_cell_value(h, r, (unsigned short)c, &v) == FREEXL_OK)
                    compare_cell(path, &b->sheets[i], r, c, &v);
            }
    }
    freexl_close(h);
    tz_book_free(b);
}

int main(void)
{
    static const char *const files[] = {
        "tests/fixtures/xls/xlwt_basic.xls",
        "tests/fixtures/xls/lo_formulas.xls",
        "tests/fixtures/xls/xlwt_1904.xls",
        "tests/fixtures/xls/lo_1904.xls",
        "input/党委办公室.xls",
        "input/商学院.xls",
        "input/学生工作处.xls",
        "input/宣传部.xls",
        "input/招就处台账.xls",
        "input/机电学院.xls",
        "input/财务处.xls",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        compare_file(files[i]);
    /* The fixtures hold a few hundred cells: make sure they were compared. */
    CHECK(compared > 300);
    printf("test_xls_oracle: %zu cells compared with freexl\n", compared);
    return CHECK_DONE();
}
