/* test_read_csv.c — the .csv reader through tz_book_read: chunk boundaries,
 * encodings, delimiter detection, limits and hostile bytes.  The committed
 * fixtures are checked byte for byte by tests/t_csv.sh; the files here are
 * written at test time because they are large or only make sense together
 * with the reader's 64 KiB chunks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "check.h"

enum { CHUNK = 64 * 1024 };

static char dir[] = "/tmp/tz-csv-XXXXXX";
static tz_limits lim;
static tz_issues issues;

static const char *write_file(const char *name, const char *bytes, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    return path;
}

/* Reads a file; NULL on failure, with the issue left in `issues`. */
static tz_book *read_bytes(const char *name, const char *bytes, size_t len)
{
    tz_book *b;
    tz_issues_free(&issues);
    if (tz_book_read(write_file(name, bytes, len), name, &lim, &b, &issues) != 0)
        return NULL;
    return b;
}

static tz_book *read_str(const char *name, const char *text)
{
    return read_bytes(name, text, strlen(text));
}

static const char *text_at(const tz_book *b, uint32_t row, uint32_t col)
{
    const tz_cell *c = tz_sheet_cell(&b->sheets[0], row, col);
    return c && c->type == TZ_CELL_TEXT ? c->text : NULL;
}

static double num_at(const tz_book *b, uint32_t row, uint32_t col)
{
    const tz_cell *c = tz_sheet_cell(&b->sheets[0], row, col);
    return c && c->type == TZ_CELL_NUMBER ? c->num : -999;
}

static const char *issue_line(void)
{
    static char line[1024];
    if (issues.len != 1)
        return "(no single issue)";
    snprintf(line, sizeof line, "%s %s", issues.items[0].code, issues.items[0].message);
    return line;
}

/* Many short rows so that multi-byte characters and line ends fall on every
 * offset of the 64 KiB chunk boundaries; in UTF-8, GB18030 and UTF-16. */
static void test_chunk_boundaries(void)
{
    enum { ROWS = 12000 };
    size_t cap = ROWS * 64, n = 0;
    char *utf8 = malloc(cap);
    for (int i = 0; i < ROWS; i++)
        n += (size_t)snprintf(utf8 + n, cap - n, "甲乙丙%d,%d\r\n", i, i);

    tz_book *b = read_bytes("u8.csv", utf8, n);
    CHECK(b != NULL);
    int bad = 0;
    for (int i = 0; b && i < ROWS; i++) {
        char want[32];
        snprintf(want, sizeof want, "甲乙丙%d", i);
        const char *got = text_at(b, (uint32_t)i, 0);
        bad += !got || strcmp(got, want) != 0 || num_at(b, (uint32_t)i, 1) != i;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(b ? b->sheets[0].rows : 0, ROWS);
    tz_book_free(b);

    /* the same text in GB18030: two bytes a character, then code page
     * 936's one-byte euro sign and GB18030's four-byte U+20000 */
    static const char gb[] = "\xbc\xd7\xd2\xd2\xb1\xfb\x80\x95\x32\x82\x36"; /* 甲乙丙€𠀀 */
    n = 0;
    for (int i = 0; i < ROWS; i++)
        n += (size_t)snprintf(utf8 + n, cap - n, "%s%d,%d\n", gb, i, i);
    b = read_bytes("gb.csv", utf8, n);
    CHECK(b != NULL);
    bad = 0;
    for (int i = 0; b && i < ROWS; i++) {
        char want[32];
        snprintf(want, sizeof want, "甲乙丙€𠀀%d", i);
        const char *got = text_at(b, (uint32_t)i, 0);
        bad += !got || strcmp(got, want) != 0 || num_at(b, (uint32_t)i, 1) != i;
    }
    CHECK_INT(bad, 0);
    tz_book_free(b);

    /* UTF-16LE with a BOM; U+20000 is a surrogate pair; an odd number of
     * code units per row moves the pairs across the boundaries */
    n = 0;
    utf8[n++] = '\xff';
    utf8[n++] = '\xfe';
    for (int i = 0; i < ROWS; i++) {
        static const char row[] = "\x40\xd8\x00\xdc"
                                  "a\0"
                                  "\t\0"
                                  "1\0"
                                  "\n\0";
        memcpy(utf8 + n, row, sizeof row - 1);
        n += sizeof row - 1;
        if (i % 3 == 0) {
            memcpy(utf8 + n, "\t\0\n\0", 4); /* a row "\t" with nothing in it */
            n += 4;
        }
    }
    b = read_bytes("u16.txt", utf8, n);
    CHECK(b != NULL);
    bad = 0;
    for (int i = 0, row = 0; b && i < ROWS; i++, row += 1 + (i % 3 == 1)) {
        const char *got = text_at(b, (uint32_t)row, 0);
        bad += !got ||
               strcmp(got, "\xf0\xa0\x80\x80"
                           "a") != 0 ||
               num_at(b, (uint32_t)row, 1) != 1;
    }
    CHECK_INT(bad, 0);
    tz_book_free(b);
    free(utf8);
}

/* A CR at the last byte of a chunk and its LF at the first of the next; a
 * doubled quote split the same way. */
static void test_split_pairs(void)
{
    size_t cap = CHUNK + 64, n = 0;
    char *buf = malloc(cap);
    while (n < CHUNK - 2) {
        memcpy(buf + n, "z\n", 2);
        n += 2;
    }
    memcpy(buf + n, "q\r\nw\n", 5); /* \r at CHUNK-1, \n at CHUNK */
    tz_book *b = read_bytes("crlf.csv", buf, n + 5);
    uint32_t q = (CHUNK - 2) / 2;
    CHECK_STR(b ? text_at(b, q, 0) : NULL, "q");
    CHECK_STR(b ? text_at(b, q + 1, 0) : NULL, "w");
    CHECK_INT(b ? b->sheets[0].rows : 0, q + 2);
    tz_book_free(b);

    memcpy(buf + n, "\"\"\"x\",y\n", 8); /* the "" pair at CHUNK-1, CHUNK */
    b = read_bytes("quote.csv", buf, n + 8);
    CHECK_STR(b ? text_at(b, q, 0) : NULL, "\"x");
    CHECK_STR(b ? text_at(b, q, 1) : NULL, "y");
    tz_book_free(b);
    free(buf);
}

/* UTF-8 or not is decided over the whole file, not its first chunks. */
static void test_encoding_whole_file(void)
{
    size_t n = 3 * CHUNK;
    char *buf = malloc(n + 16);
    for (size_t i = 0; i < n; i += 2)
        memcpy(buf + i, "a\n", 2);
    memcpy(buf + n, "\xbc\xd7,\xd2\xd2\n", 6); /* 甲,乙 in GBK */
    tz_book *b = read_bytes("late-gbk.csv", buf, n + 6);
    CHECK_STR(b ? text_at(b, (uint32_t)(n / 2), 0) : NULL, "甲");
    CHECK_STR(b ? text_at(b, (uint32_t)(n / 2), 1) : NULL, "乙");
    tz_book_free(b);

    /* a GBK lead byte cut off by the end of the file */
    memcpy(buf + n, "\xbc\xd7,\xd2", 4);
    b = read_bytes("cut-gbk.csv", buf, n + 4);
    CHECK(b == NULL);
    char want[256];
    snprintf(want, sizeof want,
             "E-CORRUPT 无法识别文件编码：第 %zu 行既不是 UTF-8 也不是 GBK"
             "（应为 UTF-8 或 GBK）",
             n / 2 + 1);
    CHECK_STR(issue_line(), want);
    free(buf);

    b = read_str("bom.csv", "\xEF\xBB\xBF");
    CHECK(b != NULL && b->sheets[0].ncells == 0);
    tz_book_free(b);
    b = read_bytes("u16bom.txt", "\xFF\xFE", 2);
    CHECK(b != NULL && b->sheets[0].ncells == 0);
    tz_book_free(b);
    b = read_bytes("u16be.txt", "\xFE\xFF\x4e\x59\x00\x2c\x00\x31", 8); /* 乙,1 big-endian */
    CHECK_STR(b ? text_at(b, 0, 0) : NULL, "乙");
    CHECK(b && num_at(b, 0, 1) == 1);
    tz_book_free(b);
    b = read_bytes("u16bad.txt",
                   "\xFF\xFE"
                   "a\0\n\0\x00\xdc"
                   "b\0",
                   10); /* a lone low surrogate */
    CHECK(b == NULL);
    CHECK_STR(issue_line(), "E-CORRUPT 无法识别文件编码：文件标明为 UTF-16，但第 2 行不是有效的 UTF-16"
                            "（应为 UTF-8 或 GBK）");
    b = read_str("bombad.csv", "\xEF\xBB\xBF"
                               "a\nb\n\xbc\xd7\n");
    CHECK(b == NULL);
    CHECK_STR(issue_line(), "E-CORRUPT 无法识别文件编码：文件标明为 UTF-8，但第 3 行不是有效的 UTF-8"
                            "（应为 UTF-8 或 GBK）");
}

static void test_delimiters(void)
{
    struct {
        const char *text;
        uint32_t row, col;
        const char *want;
    } cases[] = {
        /* a title line without delimiters above comma rows */
        { "2017年问题清单\n序号,问题,部门\n1,迟到,教务处\n", 1, 1, "问题" },
        /* tabs every line, commas inside text */
        { "单位\t意见,建议\t备注\n甲\t无\t有,多条\n", 0, 1, "意见,建议" },
        /* semicolons with decimal commas */
        { "单位;金额\n甲;1,5\n乙;22,75\n", 2, 1, "22,75" },
        /* quoted commas do not count */
        { "\"a,b,c\";d\n\"e,f,g\";h\n", 1, 0, "e,f,g" },
        /* one column */
        { "甲\n乙\n", 1, 0, "乙" },
        /* equally consistent: the larger count, then comma before tab and semicolon */
        { "a;b;c,d\n", 0, 2, "c,d" },
        { "a,b\tc\n", 0, 1, "b\tc" },
        /* a file without a final line end */
        { "x;y;z", 0, 2, "z" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tz_book *b = read_str("d.csv", cases[i].text);
        CHECK_STR(b ? text_at(b, cases[i].row, cases[i].col) : NULL, cases[i].want);
        tz_book_free(b);
    }
}

static void test_fields(void)
{
    tz_book *b = read_str("f.csv", "a,\n,b\n\"\",\"\"\"\"\n\n,,,\n");
    CHECK(b != NULL);
    if (b) {
        const tz_sheet *s = &b->sheets[0];
        CHECK_STR(text_at(b, 0, 0), "a");
        CHECK(tz_sheet_cell(s, 0, 1) == NULL);
        CHECK_STR(text_at(b, 1, 1), "b");
        CHECK(tz_sheet_cell(s, 2, 0) == NULL); /* "" is an empty field */
        CHECK_STR(text_at(b, 2, 1), "\"");
        CHECK_INT(s->ncells, 3);
        CHECK_INT(s->rows, 3); /* trailing blank rows hold nothing */
        CHECK_INT(s->cols, 2);
        CHECK_STR(s->name, "f");
        CHECK_INT(b->format, TZ_FORMAT_CSV);
    }
    tz_book_free(b);

    /* the sheet is named after the file's base name without its extension */
    b = read_str("a.b.csv", "x");
    CHECK_STR(b ? b->sheets[0].name : NULL, "a.b");
    tz_book_free(b);
    b = read_str("无扩展名", "x");
    CHECK_STR(b ? b->sheets[0].name : NULL, "无扩展名");
    tz_book_free(b);
    b = read_str(".隐藏", "x");
    CHECK_STR(b ? b->sheets[0].name : NULL, ".隐藏");
    tz_book_free(b);

    /* typing: numbers are plain decimals with at most 15 significant digits */
    b = read_str("n.csv", "0.000000000000001,1.00000000000001,123456789012345.6,-0.5,+0,9007199254740993\n");
    CHECK(b && num_at(b, 0, 0) == 1e-15);
    CHECK(b && num_at(b, 0, 1) == 1.00000000000001);
    CHECK_STR(b ? text_at(b, 0, 2) : NULL, "123456789012345.6");
    CHECK(b && num_at(b, 0, 3) == -0.5);
    CHECK(b && num_at(b, 0, 4) == 0);
    CHECK_STR(b ? text_at(b, 0, 5) : NULL, "9007199254740993");
    tz_book_free(b);
}

static void test_limits(void)
{
    tz_limits_default(&lim);
    lim.max_rows = 2;
    tz_book *b = read_str("rows.csv", "a\nb\n\n"); /* blank rows past the limit are fine */
    CHECK(b != NULL);
    tz_book_free(b);
    b = read_str("rows.csv", "a\nb\nc\n");
    CHECK(b == NULL);
    CHECK_STR(issue_line(), "E-LIMIT 工作表「rows」超过 2 行的上限");

    tz_limits_default(&lim);
    lim.max_cols = 2;
    b = read_str("cols.csv", "a,b,,,,,\n");
    CHECK(b != NULL);
    tz_book_free(b);
    b = read_str("cols.csv", "a,b,c\n");
    CHECK(b == NULL);
    CHECK_STR(issue_line(), "E-LIMIT 工作表「cols」超过 2 列的上限");

    tz_limits_default(&lim);
    lim.max_cell_chars = 3;
    b = read_str("chars.csv", "甲乙丙,x\n");
    CHECK(b != NULL);
    tz_book_free(b);
    b = read_str("chars.csv", "x\n甲乙丙丁\n");
    CHECK(b != NULL);
    CHECK_STR(text_at(b, 1, 0), "甲乙丙");
    CHECK_STR(issue_line(), "W-CELL-LONG 单元格文字超过 3 个字符的上限，只读取了前 3 个字符，其余部分被舍弃");
    CHECK_INT(issues.len, 1);
    CHECK_STR(issues.items[0].cell, "A2");
    tz_book_free(b);

    /* a 4 MiB field is cut without being buffered whole, even one of digits,
     * and warned about once */
    tz_limits_default(&lim);
    size_t n = 4u << 20;
    char *big = malloc(n + 8);
    memcpy(big, "a\n0.", 4);
    memset(big + 4, '0', n - 5);
    big[n - 1] = '1';
    b = read_bytes("huge.csv", big, n);
    CHECK(b != NULL);
    CHECK_INT(issues.len, 1);
    CHECK_STR(issue_line(),
              "W-CELL-LONG 单元格文字超过 32767 个字符的上限，只读取了前 32767 个字符，其余部分被舍弃");
    if (b) {
        const tz_cell *c = tz_sheet_cell(&b->sheets[0], 1, 0);
        CHECK(c && c->type == TZ_CELL_TEXT && c->len == 32767 && memcmp(c->text, "0.000", 5) == 0);
    }
    tz_book_free(b);
    memset(big + 2, 'x', n - 2);
    big[100] = '"';
    b = read_bytes("huge.csv", big, n);
    CHECK(b != NULL);
    CHECK_INT(issues.len, 1);
    CHECK_STR(issues.len ? issues.items[0].cell : "", "A2");
    tz_book_free(b);

    /* the file size limit is book.c's, checked before any reader runs */
    lim.max_file_bytes = 1u << 20;
    memset(big, 'x', 2u << 20);
    b = read_bytes("big.csv", big, 2u << 20);
    CHECK(b == NULL);
    CHECK_STR(issue_line(), "E-TOO-BIG 文件大小 2.0 MB，超过 1.0 MB 的上限");
    b = read_bytes("big.csv", big, 1u << 20); /* exactly at the limit is fine */
    CHECK(b != NULL);
    CHECK_STR(issue_line(),
              "W-CELL-LONG 单元格文字超过 32767 个字符的上限，只读取了前 32767 个字符，其余部分被舍弃");
    tz_book_free(b);
    free(big);
    tz_limits_default(&lim);

    lim.max_cells = 3;
    b = read_str("cells.csv", "1,2\n3,4\n");
    CHECK(b == NULL);
    CHECK_STR(issue_line(), "E-LIMIT 单元格总数超过 3 的上限");
    tz_limits_default(&lim);
}

/* Random bytes that look enough like text to get past the sniffer: every
 * file either reads or fails with a code, never crashes (run under ASan). */
static void test_random_text(void)
{
    static const char alphabet[] = ",;\t\"\r\n ab0123.-\xbc\xd7\xe7\x94\xb2\xff\x80";
    unsigned seed = 12345;
    int ok = 1;
    for (int k = 0; k < 300; k++) {
        char buf[600];
        size_t n = 1 + (size_t)(k * 7 % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245 + 12345;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        if (buf[0] == '<')
            buf[0] = 'a';
        tz_book *b = read_bytes("r.csv", buf, n);
        ok &= b != NULL || (issues.len == 1 && strcmp(issues.items[0].code, "E-CORRUPT") == 0);
        tz_book_free(b);
    }
    CHECK(ok);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    tz_limits_default(&lim);
    test_chunk_boundaries();
    test_split_pairs();
    test_encoding_whole_file();
    test_delimiters();
    test_fields();
    test_limits();
    test_random_text();
    tz_issues_free(&issues);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
