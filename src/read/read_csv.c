/*
 * read_csv.c — delimited text into one sheet: .csv files, and the
 * tab-separated text that government systems export under a .xls name.
 *
 * Two streaming passes through fixed buffers.  The first decides the
 * encoding: a UTF-16 byte-order mark means Excel's "Unicode text"; otherwise
 * the whole file must be valid UTF-8 (BOM or not), else it is read as
 * GB18030, the superset of GBK that Chinese Excel and WPS write (with code
 * page 936's euro byte, which GB18030 lacks).  The second
 * decodes to UTF-8 chunk by chunk and runs an RFC 4180 state machine.
 */
#include "book.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

enum { CHUNK = 64 * 1024, SNIFF_LINES = 20, MAX_DIGITS = 15 };

typedef enum { ENC_UTF8, ENC_GB18030, ENC_UTF16 } encoding;

/* Reads until n bytes or the end of the file.  Returns the count or -1. */
static ssize_t read_full(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int fail_read(tz_book *b)
{
    return tz_book_fail(b, "E-OPEN", "无法读取：%s", strerror(errno));
}

static uint64_t count_lines(const char *s, size_t n)
{
    uint64_t k = 0;
    for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
        k++;
    return k;
}

/*
 * Pass 1.  Returns the encoding and sets *skip to the bytes of a UTF-8 BOM,
 * or returns -1 after tz_book_fail().
 */
static int detect_encoding(tz_book *b, int fd, char *buf, size_t *skip)
{
    size_t carry = 0; /* an incomplete UTF-8 sequence cut by the chunk end */
    uint64_t lines = 0;
    *skip = 0;
    for (int first = 1;; first = 0) {
        ssize_t n = read_full(fd, buf + carry, CHUNK);
        if (n < 0)
            return fail_read(b);
        size_t len = carry + (size_t)n, off = 0;
        const unsigned char *u = (const unsigned char *)buf;
        if (first && len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
            return ENC_UTF16;
        if (first && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
            *skip = off = 3;
        const uint8_t *bad = u8_check((const uint8_t *)buf + off, len - off);
        size_t valid = bad ? (size_t)((const char *)bad - buf) : len;
        if (*skip) /* only a file that says it is UTF-8 needs a line for its message */
            lines += count_lines(buf, valid);
        if (bad) {
            size_t rest = len - valid;
            ucs4_t uc;
            if (n == 0 || rest >= 4 || u8_mbtoucr(&uc, bad, rest) != -2) {
                if (!*skip)
                    return ENC_GB18030;
                return tz_book_fail(b, "E-CORRUPT",
                                    "无法识别文件编码：文件标明为 UTF-8，但第 %llu 行"
                                    "不是有效的 UTF-8（应为 UTF-8 或 GBK）",
                                    (unsigned long long)lines + 1);
            }
        }
        if (n == 0)
            return ENC_UTF8;
        carry = len - valid;
        memmove(buf, buf + valid, carry);
    }
}

/* Pass 2's input: the file's bytes as UTF-8, through iconv unless already so. */
typedef struct {
    tz_book *b;
    int fd;
    encoding enc;
    iconv_t cd; /* (iconv_t)-1 for UTF-8 */
    char *raw;  /* CHUNK bytes read but not yet converted */
    size_t nraw;
    int eof;        /* read() has reached the end */
    int done;       /* the last chunk has been handed out */
    uint64_t lines; /* newlines decoded so far, for messages */
} source;

static int fail_encoding(source *src)
{
    unsigned long long line = (unsigned long long)src->lines + 1;
    if (src->enc == ENC_UTF16)
        return tz_book_fail(src->b, "E-CORRUPT",
                            "无法识别文件编码：文件标明为 UTF-16，但第 %llu 行"
                            "不是有效的 UTF-16（应为 UTF-8 或 GBK）",
                            line);
    return tz_book_fail(src->b, "E-CORRUPT",
                        "无法识别文件编码：第 %llu 行既不是 UTF-8 也不是 GBK"
                        "（应为 UTF-8 或 GBK）",
                        line);
}

/* Decodes up to CHUNK bytes of UTF-8 into out.  Returns the count (0 at the
 * end) or -1 after tz_book_fail(). */
static ssize_t source_fill(source *src, char *out)
{
    if (src->cd == (iconv_t)-1) {
        ssize_t n = read_full(src->fd, out, CHUNK);
        if (n < 0)
            return fail_read(src->b);
        src->done = n < CHUNK;
        return n;
    }
    size_t nout = 0;
    while (nout < CHUNK) {
        if (!src->eof && src->nraw < CHUNK) {
            ssize_t n = read_full(src->fd, src->raw + src->nraw, CHUNK - src->nraw);
            if (n < 0)
                return fail_read(src->b);
            src->eof = n == 0;
            src->nraw += (size_t)n;
        }
        if (src->nraw == 0)
            break;
        char *in = src->raw, *o = out + nout;
        size_t inleft = src->nraw, oleft = CHUNK - nout;
        size_t r = iconv(src->cd, &in, &inleft, &o, &oleft);
        int err = errno;
        src->lines += count_lines(out + nout, (size_t)(o - (out + nout)));
        nout = (size_t)(o - out);
        memmove(src->raw, in, inleft);
        src->nraw = inleft;
        if (r == (size_t)-1) {
            if (err == E2BIG)
                break;
            const char *euro = src->enc == ENC_GB18030 ? tz_cp936_byte((unsigned char)src->raw[0]) : NULL;
            if (euro) { /* GBK as Windows writes it: iconv's GB18030 stops at its euro byte */
                if (CHUNK - nout < 3)
                    break;
                memcpy(out + nout, euro, 3);
                nout += 3;
                memmove(src->raw, src->raw + 1, --src->nraw);
                continue;
            }
            if (err == EINVAL && !src->eof) /* a character cut by the chunk end */
                continue;
            return fail_encoding(src);
        }
    }
    src->done = src->eof && src->nraw == 0;
    return (ssize_t)nout;
}

/* ---- delimiter ---------------------------------------------------------- */

static const char DELIMS[3] = { ',', '\t', ';' };

static int is_delim_candidate(char c)
{
    return c == ',' || c == '\t' || c == ';';
}

/*
 * The delimiter whose count per line is the most consistent over the first
 * lines (quotes respected): for each candidate, the count most lines share
 * (at least 1) and how many share it; most lines wins, then the larger count,
 * then the order comma, tab, semicolon.  `whole`: buf ends the file, so its
 * last unterminated line counts too.
 */
static char detect_delimiter(const char *buf, size_t n, int whole)
{
    unsigned counts[SNIFF_LINES][3];
    unsigned cur[3] = { 0, 0, 0 };
    size_t nlines = 0, linelen = 0;
    int quoted = 0;
    char prev = '\n';
    for (size_t i = 0; i < n && nlines < SNIFF_LINES; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"' && i + 1 < n && buf[i + 1] == '"')
                i++;
            else if (c == '"')
                quoted = 0;
        } else if (c == '"' && (prev == '\n' || prev == '\r' || is_delim_candidate(prev))) {
            quoted = 1;
        } else if (c == '\n' || c == '\r') {
            if (linelen > 0)
                memcpy(counts[nlines++], cur, sizeof cur);
            memset(cur, 0, sizeof cur);
            linelen = 0;
            prev = c;
            continue;
        } else {
            for (int d = 0; d < 3; d++)
                cur[d] += c == DELIMS[d];
        }
        linelen++;
        prev = c;
    }
    if (linelen > 0 && nlines < SNIFF_LINES && (whole || nlines == 0))
        memcpy(counts[nlines++], cur, sizeof cur);

    char best = ',';
    size_t best_lines = 0;
    unsigned best_count = 0;
    for (int d = 0; d < 3; d++) {
        for (size_t i = 0; i < nlines; i++) {
            unsigned m = counts[i][d];
            size_t same = 0;
            for (size_t j = 0; j < nlines; j++)
                same += counts[j][d] == m;
            if (m > 0 && (same > best_lines || (same == best_lines && m > best_count))) {
                best = DELIMS[d];
                best_lines = same;
                best_count = m;
            }
        }
    }
    return best;
}

/* ---- records and fields ------------------------------------------------- */

typedef enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } field_state;

typedef struct {
    tz_book *b;
    tz_sheet *s;
    char delim;
    field_state state;
    int after_cr; /* last byte was a CR: an LF right after it belongs to it */
    uint32_t row, col;
    char *field; /* the current field, NUL-terminated on use */
    size_t len, cap;
    size_t max_len; /* bytes past which a field surely breaks the cell limit */
} parser;

/* A plain decimal that Excel would keep exactly: [+-]digits[.digits], no
 * leading zero except "0" / "0.x", at most 15 significant digits.  Anything
 * else (00123, ID-card numbers, 1,200, dates) stays text. */
static int is_plain_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    int nonzero = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    if (i == n || s[i] < '0' || s[i] > '9')
        return 0;
    if (s[i] == '0' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
        return 0;
    for (int frac = 0; i < n; i++) {
        if (s[i] == '.' && !frac && i + 1 < n) {
            frac = 1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return 0;
        nonzero |= s[i] != '0';
        digits += nonzero;
    }
    return digits <= MAX_DIGITS;
}

static int put_field(parser *p)
{
    if (p->len == 0)
        return 0;
    if (memchr(p->field, '\0', p->len))
        return tz_book_fail(p->b, "E-CORRUPT", "第 %u 行含有空字符（NUL），不是文本表格", p->row + 1);
    /* A field cut short is text, cut at the limit: as a number it would
     * silently be another value. */
    if (p->len <= p->max_len && is_plain_number(p->field, p->len)) {
        p->field[p->len] = '\0';
        return tz_sheet_put(p->b, p->s, p->row, p->col, TZ_CELL_NUMBER, strtod(p->field, NULL), NULL, 0);
    }
    return tz_sheet_put(p->b, p->s, p->row, p->col, TZ_CELL_TEXT, 0, p->field, p->len);
}

static void add_bytes(parser *p, const char *bytes, size_t n)
{
    /* Past max_len bytes the field is surely over the cell limit: the rest
     * is dropped and tz_sheet_put cuts the field and warns once, at its end. */
    if (p->len + n > p->max_len)
        n = p->max_len + 1 - p->len;
    if (p->len + n >= p->cap) {
        while (p->len + n >= p->cap)
            p->cap *= 2;
        p->field = tz_xrealloc(p->field, p->cap);
    }
    memcpy(p->field + p->len, bytes, n);
    p->len += n;
}

static int end_field(parser *p)
{
    int rc = put_field(p);
    p->len = 0;
    p->state = FIELD_START;
    if (p->col < UINT32_MAX)
        p->col++;
    return rc;
}

static int end_record(parser *p, char c)
{
    int rc = end_field(p);
    p->col = 0;
    if (p->row < UINT32_MAX)
        p->row++;
    p->after_cr = c == '\r';
    return rc;
}

/* Feeds decoded UTF-8.  Returns 0 or -1 after tz_book_fail(). */
static int parse(parser *p, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (p->after_cr) {
            p->after_cr = 0;
            if (c == '\n')
                continue;
        }
        if (p->state == QUOTED || p->state == UNQUOTED) {
            /* the bytes up to the next one that matters go in at once */
            size_t j = i;
            if (p->state == QUOTED)
                while (j < n && buf[j] != '"' && buf[j] != '\r')
                    j++;
            else
                while (j < n && buf[j] != p->delim && buf[j] != '\n' && buf[j] != '\r')
                    j++;
            if (j > i) {
                add_bytes(p, buf + i, j - i);
                i = j - 1;
                continue;
            }
        }
        int rc = 0;
        switch (p->state) {
        case QUOTED:
            if (c == '"') {
                p->state = QUOTE_IN_QUOTED;
            } else if (c == '\r') {
                /* a line break inside a cell is LF, as in a workbook, whatever the file's line ends */
                add_bytes(p, "\n", 1);
                p->after_cr = 1;
            } else {
                add_bytes(p, &c, 1);
            }
            break;
        case QUOTE_IN_QUOTED:
            if (c == '"') {
                add_bytes(p, "\"", 1);
                p->state = QUOTED;
                break;
            }
            p->state = UNQUOTED;
            /* fall through - "ab"cd reads as abcd, as in Excel */
        case FIELD_START:
        case UNQUOTED:
            if (c == p->delim)
                rc = end_field(p);
            else if (c == '\n' || c == '\r')
                rc = end_record(p, c);
            else if (c == '"' && p->state == FIELD_START)
                p->state = QUOTED;
            else {
                add_bytes(p, &c, 1);
                p->state = UNQUOTED;
            }
            break;
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The sheet is named after the file: its base name without the extension. */
static tz_sheet *add_sheet(tz_book *b, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return tz_book_add_sheet(b, tz_arena_strndup(&b->arena, base, len), 0);
}

int tz_read_csv(tz_book *b, const char *path)
{
    int fd = open(path, O_RDONLY | O_NOCTTY);
    if (fd < 0)
        return tz_book_fail(b, "E-OPEN", "无法打开：%s", strerror(errno));
    char *buf = tz_xmalloc(CHUNK + 4);
    source src = { .b = b, .fd = fd, .cd = (iconv_t)-1 };
    parser p = { .b = b, .cap = 256, .state = FIELD_START };
    int rc = -1;
    size_t skip;
    int enc = detect_encoding(b, fd, buf, &skip);
    if (enc < 0)
        goto out;
    if (lseek(fd, (off_t)skip, SEEK_SET) < 0) {
        fail_read(b);
        goto out;
    }
    src.enc = (encoding)enc;
    if (enc != ENC_UTF8) {
        src.cd = iconv_open("UTF-8", enc == ENC_UTF16 ? "UTF-16" : "GB18030");
        if (src.cd == (iconv_t)-1) {
            tz_book_fail(b, "E-CORRUPT", "无法转换文件编码：%s", strerror(errno));
            goto out;
        }
        src.raw = tz_xmalloc(CHUNK);
    }
    p.s = add_sheet(b, path);
    p.field = tz_xmalloc(p.cap);
    p.max_len = 4 * (size_t)b->limits->max_cell_chars + 4;
    for (int first = 1; !src.done; first = 0) {
        ssize_t n = source_fill(&src, buf);
        if (n < 0)
            goto out;
        if (first)
            p.delim = detect_delimiter(buf, (size_t)n, src.done);
        if (parse(&p, buf, (size_t)n) != 0)
            goto out;
    }
    /* an unterminated quote at the end keeps the rest of the file as its field */
    rc = end_field(&p);
out:
    if (src.cd != (iconv_t)-1)
        iconv_close(src.cd);
    free(src.raw);
    free(p.field);
    free(buf);
    close(fd);
    return rc;
}
