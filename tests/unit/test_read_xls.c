/* The .xls reader: what `dump` cannot show (hidden sheets, the 1904 flag,
 * serials, the merge API, limits), damaged copies of real files, and reading
 * from several threads at once.  Run from the repository root. */
#include "book.h"
#include "xldate.h"
#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/xls/"

static tz_limits lim;

static tz_book *read_ok(const char *path)
{
    tz_issues is = { 0 };
    tz_book *b = NULL;
    int rc = tz_book_read(path, NULL, &lim, &b, &is);
    CHECK_INT(rc, 0);
    if (rc != 0)
        fprintf(stderr, "  %s: %s\n", path, is.len ? is.items[0].message : "?");
    tz_issues_free(&is);
    return b;
}

/* Reads a file that must fail; returns its issue code (static storage). */
static const char *read_fail(const char *path, const tz_limits *l)
{
    static char code[32];
    tz_issues is = { 0 };
    tz_book *b = NULL;
    int rc = tz_book_read(path, NULL, l, &b, &is);
    CHECK_INT(rc, -1);
    CHECK(b == NULL);
    snprintf(code, sizeof code, "%s", is.len == 1 ? is.items[0].code : "none");
    tz_issues_free(&is);
    return code;
}

static const tz_sheet *sheet(const tz_book *b, const char *name)
{
    for (size_t i = 0; b && i < b->nsheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0)
            return &b->sheets[i];
    return NULL;
}

static void test_basic(void)
{
    tz_book *b = read_ok(FIX "xlwt_basic.xls");
    if (!b)
        return;
    CHECK_INT(b->format, TZ_FORMAT_XLS);
    CHECK_INT(b->date1904, 0);
    CHECK_INT(b->nsheets, 4);
    CHECK_STR(b->sheets[0].name, "问题清单");
    CHECK_STR(b->sheets[3].name, "空表");
    const tz_sheet *s = sheet(b, "问题清单");
    CHECK_INT(s->hidden, 0);
    CHECK_INT(sheet(b, "隐藏表")->hidden, 1);
    CHECK_INT(sheet(b, "空表")->ncells, 0);
    CHECK_INT(s->rows, 10);
    CHECK_INT(s->cols, 10);

    const tz_range *m = tz_sheet_merge_at(s, 5, 2); /* C6 inside C4:C6 */
    CHECK(m && m->r1 == 3 && m->c1 == 2 && m->r2 == 5 && m->c2 == 2);
    m = tz_sheet_merge_at(s, 0, 4);
    CHECK(m && m->r1 == 0 && m->c1 == 0 && m->r2 == 0 && m->c2 == 4);
    CHECK(tz_sheet_merge_at(s, 1, 0) == NULL);

    const tz_cell *c = tz_sheet_cell(s, 3, 3);
    CHECK(c && c->type == TZ_CELL_DATE && c->num == tz_serial_from_ymd(2017, 10, 30));
    c = tz_sheet_cell(s, 5, 3);
    CHECK(c && c->type == TZ_CELL_DATETIME &&
          c->num == tz_serial_from_ymd(2017, 12, 1) + (14 * 3600 + 5 * 60) / 86400.0);
    c = tz_sheet_cell(s, 7, 0);
    CHECK(c && c->type == TZ_CELL_BOOL && c->num == 1);
    c = tz_sheet_cell(s, 7, 2); /* the number 1, not TRUE */
    CHECK(c && c->type == TZ_CELL_NUMBER && c->num == 1);
    c = tz_sheet_cell(s, 4, 4);
    CHECK(c && c->type == TZ_CELL_NUMBER && c->num == -35.25);
    c = tz_sheet_cell(s, 3, 1);
    CHECK(c && c->type == TZ_CELL_TEXT && c->len == strlen(c->text));
    CHECK(tz_sheet_cell(s, 6, 4) == NULL); /* xlwt's formula has no cached value */

    const tz_sheet *e = sheet(b, "早期日期");
    c = tz_sheet_cell(e, 4, 0);
    CHECK(c && c->type == TZ_CELL_DATE && c->num == 60);
    c = tz_sheet_cell(e, 3, 0);
    CHECK(c && c->num == tz_serial_from_ymd(9999, 12, 31));
    tz_book_free(b);
}

static void test_1904(void)
{
    tz_book *b = read_ok(FIX "xlwt_1904.xls");
    if (!b)
        return;
    CHECK_INT(b->date1904, 1);
    const tz_cell *c = tz_sheet_cell(&b->sheets[0], 0, 0);
    CHECK(c && c->type == TZ_CELL_DATE && c->num == tz_serial_from_ymd(2017, 10, 30));
    c = tz_sheet_cell(&b->sheets[0], 3, 0); /* plain numbers are not shifted */
    CHECK(c && c->type == TZ_CELL_NUMBER && c->num == 100);
    tz_book_free(b);

    b = read_ok(FIX "lo_1904.xls");
    if (!b)
        return;
    CHECK_INT(b->date1904, 1);
    c = tz_sheet_cell(&b->sheets[0], 2, 0); /* =A1+1, cached */
    CHECK(c && c->type == TZ_CELL_DATE && c->num == tz_serial_from_ymd(2017, 10, 31));
    tz_book_free(b);
}

static void test_formulas(void)
{
    tz_book *b = read_ok(FIX "lo_formulas.xls");
    if (!b)
        return;
    const tz_sheet *s = sheet(b, "汇总");
    const tz_cell *c = tz_sheet_cell(s, 5, 1);
    CHECK(c && c->type == TZ_CELL_NUMBER && c->num == 130);
    c = tz_sheet_cell(s, 6, 2);
    CHECK(c && c->type == TZ_CELL_ERROR);
    CHECK_STR(c ? c->text : NULL, "#DIV/0!");
    c = tz_sheet_cell(s, 2, 4); /* STRING split by CONTINUE */
    CHECK(c && c->type == TZ_CELL_TEXT && c->len == 5001 * 3);
    CHECK(tz_sheet_cell(s, 6, 4) == NULL); /* formula giving "" */
    const tz_sheet *t = sheet(b, "字符串");
    CHECK_INT(t->ncells, 1200);
    c = tz_sheet_cell(t, 599, 0);
    CHECK_STR(c ? c->text : NULL, "第600条问题：作风不实，推诿扯皮，办事拖拉599");
    tz_book_free(b);
}

static void test_limits(void)
{
    tz_limits small = lim;
    small.max_rows = 100;
    CHECK_STR(read_fail(FIX "lo_formulas.xls", &small), "E-LIMIT");
    small = lim;
    small.max_cells = 50;
    CHECK_STR(read_fail(FIX "lo_formulas.xls", &small), "E-LIMIT");
    /* over the character limit: cut there, one warning per cell */
    small = lim;
    small.max_cell_chars = 1000;
    tz_issues is = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(FIX "lo_formulas.xls", "lo.xls", &small, &b, &is), 0);
    CHECK_INT(is.len, 2);
    for (size_t i = 0; i < is.len; i++) {
        CHECK_STR(is.items[i].code, "W-CELL-LONG");
        CHECK_STR(is.items[i].sheet, "汇总");
        CHECK_STR(is.items[i].cell, i == 0 ? "E3" : "E4");
    }
    const tz_sheet *s = sheet(b, "汇总");
    const tz_cell *c = s ? tz_sheet_cell(s, 2, 4) : NULL;
    CHECK(c && c->type == TZ_CELL_TEXT && c->len == 3000); /* 1000 × 测 */
    tz_issues_free(&is);
    tz_book_free(b);
}

static void test_codes(void)
{
    CHECK_STR(read_fail(FIX "lo_encrypted.xls", &lim), "E-ENCRYPTED");
    CHECK_STR(read_fail(FIX "hostile_filepass.xls", &lim), "E-ENCRYPTED");
    CHECK_STR(read_fail(FIX "hostile_encrypted_xlsx.xls", &lim), "E-ENCRYPTED");
    CHECK_STR(read_fail(FIX "hostile_word.xls", &lim), "E-FORMAT");
    CHECK_STR(read_fail(FIX "hostile_truncated.xls", &lim), "E-CORRUPT");
    CHECK_STR(read_fail(FIX "hostile_cut_record.xls", &lim), "E-CORRUPT");
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = malloc(1 << 20);
    *n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

/* The first place at or past `from` where buf holds `pat`, or NULL. */
static unsigned char *find_bytes(unsigned char *buf, size_t n, size_t from, const unsigned char *pat,
                                 size_t len)
{
    for (size_t i = from; buf && i + len <= n; i++)
        if (memcmp(buf + i, pat, len) == 0)
            return buf + i;
    return NULL;
}

/* Writes n bytes to this test's scratch file; returns its path (static). */
static const char *write_tmp(const unsigned char *buf, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/tz-xls-patched-%d.xls", (int)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(buf, 1, n, f) == n);
    if (f)
        fclose(f);
    return path;
}

static const tz_cell *cell_at(const tz_sheet *s, const char *ref)
{
    uint32_t row, col;
    return s && tz_a1_parse(ref, &row, &col) == 0 ? tz_sheet_cell(s, row, col) : NULL;
}

/* Excel 5.0/95 (make_biff5.sh): what dump does not show — the hidden flag,
 * serials, time fractions, the 1904 flag — and the code page in use. */
static void test_biff5(void)
{
    tz_book *b = read_ok(FIX "biff5_gbk.xls");
    if (b) {
        CHECK_INT(b->nsheets, 2);
        CHECK_INT(b->date1904, 0);
        const tz_sheet *s = sheet(b, "问题清单");
        CHECK(s && !s->hidden);
        const tz_sheet *h = sheet(b, "说明");
        CHECK(h && h->hidden);
        const tz_cell *c = cell_at(s, "A3");
        CHECK(c && c->type == TZ_CELL_TEXT && strcmp(c->text, "食堂“饭菜”价格偏高") == 0);
        c = cell_at(s, "C3");
        CHECK(c && c->type == TZ_CELL_DATE && c->num == 43038);
        c = cell_at(s, "D3");
        CHECK(c && c->type == TZ_CELL_TIME && c->num > 0.6048 && c->num < 0.6049);
        c = cell_at(s, "C5");
        CHECK(c && c->type == TZ_CELL_NUMBER && c->num == -3);
        CHECK_INT(s ? s->nmerges : 0, 1);
        if (s && s->nmerges == 1)
            CHECK(s->merges[0].r1 == 0 && s->merges[0].c1 == 0 && s->merges[0].r2 == 0 &&
                  s->merges[0].c2 == 3);
        tz_book_free(b);
    }
    b = read_ok(FIX "biff5_1904.xls");
    if (b) {
        CHECK_INT(b->date1904, 1);
        const tz_cell *c = cell_at(&b->sheets[0], "B1");
        CHECK(c && c->type == TZ_CELL_DATE && c->num == 43038); /* 41576 + 1462 */
        tz_book_free(b);
    }
    /* The same bytes under code page 1251 (its CODEPAGE record patched) are Cyrillic. */
    size_t n;
    unsigned char *buf = slurp(FIX "biff5_1904.xls", &n);
    static const unsigned char cp1252[] = { 0x42, 0x00, 0x02, 0x00, 0xE4, 0x04 };
    unsigned char *at = find_bytes(buf, n, 0, cp1252, sizeof cp1252);
    CHECK(at != NULL);
    if (at) {
        at[4] = 0xE3; /* 1251 */
        const char *path = write_tmp(buf, n);
        b = read_ok(path);
        const tz_cell *c = b ? cell_at(&b->sheets[0], "A1") : NULL;
        CHECK(c && strcmp(c->text, "Cafй – dйjа vu") == 0);
        tz_book_free(b);
        remove(path);
    }
    /* a BOF of another version (Excel 4.0 and before write other records) */
    static const unsigned char bof5[] = { 0x09, 0x08, 0x08, 0x00, 0x00, 0x05, 0x05, 0x00 };
    at = find_bytes(buf, n, 0, bof5, sizeof bof5);
    CHECK(at != NULL);
    if (at) {
        at[5] = 0x04;
        const char *path = write_tmp(buf, n);
        CHECK_STR(read_fail(path, &lim), "E-FORMAT");
        remove(path);
    }
    free(buf);
    /* globals only: a workbook without sheets */
    b = read_ok(FIX "hostile_excel95.xls");
    CHECK_INT(b ? b->nsheets : 99, 0);
    tz_book_free(b);
}

/* A LABELSST past the shared-string table (xlwt_basic.xls, its first one
 * patched): that cell is empty with W-SST-INDEX, the rest is read. */
static void test_bad_sst_index(void)
{
    size_t n;
    unsigned char *buf = slurp(FIX "xlwt_basic.xls", &n);
    static const unsigned char labelsst[] = { 0xFD, 0x00, 0x0A, 0x00 };
    unsigned char *at = find_bytes(buf, n, 512, labelsst, sizeof labelsst); /* past the CFB header */
    CHECK(at != NULL && at + 14 <= buf + n);
    if (!at || at + 14 > buf + n) {
        free(buf);
        return;
    }
    unsigned row = at[4] | at[5] << 8, col = at[6] | at[7] << 8;
    memcpy(at + 10, "\xFF\xFF\xFF\x00", 4);
    const char *path = write_tmp(buf, n);
    free(buf);
    tz_issues is = { 0 };
    tz_book *b = NULL;
    CHECK_INT(tz_book_read(path, "坏.xls", &lim, &b, &is), 0);
    CHECK_INT(is.len, 1);
    if (is.len == 1) {
        char ref[16];
        CHECK_STR(is.items[0].code, "W-SST-INDEX");
        CHECK_STR(is.items[0].cell, tz_a1(ref, row, col));
        CHECK(strstr(is.items[0].message, "编号 16777215") != NULL);
    }
    if (b) {
        CHECK(tz_sheet_cell(&b->sheets[0], row, col) == NULL);
        CHECK(b->sheets[0].ncells > 5);
    }
    tz_book_free(b);
    tz_issues_free(&is);
    remove(path);
}

/* Damaged copies: every outcome is a book or one issue, never a crash,
 * hang or leak (the sanitizer build checks the last two). */
static void test_mutations(const char *src, size_t step)
{
    size_t n;
    unsigned char *orig = slurp(src, &n);
    CHECK(orig != NULL);
    if (!orig)
        return;
    char path[64];
    snprintf(path, sizeof path, "/tmp/tz-xls-mut-%d.xls", (int)getpid());
    int ok = 1;
    for (size_t at = 512; at < n; at += step) {
        for (int kind = 0; kind < 3; kind++) {
            unsigned char saved = orig[at];
            size_t len = n;
            if (kind == 0)
                orig[at] = 0xFF;
            else if (kind == 1)
                orig[at] ^= 0x5A;
            else
                len = at; /* truncated there */
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(orig, 1, len, f) != len) {
                ok = 0;
                if (f)
                    fclose(f);
                break;
            }
            fclose(f);
            orig[at] = saved;
            tz_issues is = { 0 };
            tz_book *b = NULL;
            int rc = tz_book_read(path, NULL, &lim, &b, &is);
            if ((rc == 0) != (b != NULL) || (rc != 0 && is.len != 1))
                ok = 0;
            tz_book_free(b);
            tz_issues_free(&is);
        }
    }
    remove(path);
    free(orig);
    CHECK(ok);
}

static void *read_thread(void *arg)
{
    (void)arg;
    tz_issues is = { 0 };
    tz_book *b = NULL;
    intptr_t cells = -1;
    if (tz_book_read(FIX "lo_formulas.xls", NULL, &lim, &b, &is) == 0)
        cells = (intptr_t)b->ncells;
    tz_book_free(b);
    tz_issues_free(&is);
    return (void *)cells;
}

/* Files are read by several threads at once; libgsf is initialised once. */
static void test_threads(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        CHECK_INT(pthread_create(&t[i], NULL, read_thread, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r = NULL;
        CHECK_INT(pthread_join(t[i], &r), 0);
        CHECK_INT((intptr_t)r, 1200 + 31);
    }
}

int main(void)
{
    tz_limits_default(&lim);
    test_basic();
    test_1904();
    test_formulas();
    test_limits();
    test_codes();
    test_biff5();
    test_bad_sst_index();
    test_mutations(FIX "xlwt_basic.xls", 7);
    test_mutations(FIX "biff5_gbk.xls", 3);
    test_mutations(FIX "sheetjs_small.xls", 5);
    test_mutations(FIX "lo_formulas.xls", 997);
    test_threads();
    return CHECK_DONE();
}
