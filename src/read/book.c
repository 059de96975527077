/* book.c — workbook grids, format sniffing and the reader dispatcher (see book.h). */
#include "book.h"
#include "syserr.h"
#include "xldate.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tz_limits_default(tz_limits *lim)
{
    lim->max_file_bytes = 100u << 20;
    lim->max_entry_bytes = 512u << 20;
    lim->max_ratio = 200;
    lim->max_rows = 1048576;
    lim->max_cols = 16384;
    lim->max_cell_chars = 32767;
    lim->max_cells = 20000000;
}

int tz_book_fail(tz_book *b, const char *code, const char *fmt, ...)
{
    if (b->fail_code)
        return -1;
    b->fail_code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->fail_msg, sizeof b->fail_msg, fmt, ap);
    va_end(ap);
    return -1;
}

tz_sheet *tz_book_add_sheet(tz_book *b, const char *name, int hidden)
{
    if (b->nsheets == b->capsheets) {
        b->capsheets = b->capsheets ? b->capsheets * 2 : 4;
        b->sheets = tz_xrealloc(b->sheets, b->capsheets * sizeof *b->sheets);
    }
    tz_sheet *s = &b->sheets[b->nsheets++];
    memset(s, 0, sizeof *s);
    s->name = tz_arena_strdup(&b->arena, name);
    s->hidden = hidden;
    return s;
}

void tz_book_warn(tz_book *b, const char *code, const char *sheet, uint32_t row, uint32_t col,
                  const char *fmt, ...)
{
    if (b->warnings.len >= TZ_BOOK_MAX_WARNINGS) {
        b->nwarn_dropped++;
        return;
    }
    char msg[512], ref[16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tz_issues_add(&b->warnings, TZ_SEV_WARNING, code, NULL, b->display, sheet,
                  sheet ? tz_a1(ref, row, col) : NULL, "%s", msg);
}

/* The byte length of the first `max` characters of s (len bytes): where a
 * cell over the limit is cut, never inside a character. */
static size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
            return i;
    return len;
}

int tz_sheet_put(tz_book *b, tz_sheet *s, uint32_t row, uint32_t col, tz_cell_type type, double num,
                 const char *text, size_t len)
{
    const tz_limits *lim = b->limits;
    if (type == TZ_CELL_EMPTY || (type == TZ_CELL_TEXT && (!text || len == 0)))
        return 0;
    if (row >= lim->max_rows)
        return tz_book_fail(b, "E-LIMIT", "工作表「%s」超过 %u 行的上限", s->name, lim->max_rows);
    if (col >= lim->max_cols)
        return tz_book_fail(b, "E-LIMIT", "工作表「%s」超过 %u 列的上限", s->name, lim->max_cols);
    if (text && len > lim->max_cell_chars) { /* fewer bytes are surely fewer characters */
        size_t cut = utf8_prefix(text, len, lim->max_cell_chars);
        if (cut < len) {
            len = cut;
            tz_book_warn(b, "W-CELL-LONG", s->name, row, col,
                         "单元格文字超过 %u 个字符的上限，只读取了前 %u 个字符，其余部分被舍弃",
                         lim->max_cell_chars, lim->max_cell_chars);
        }
    }
    if (++b->ncells > lim->max_cells)
        return tz_book_fail(b, "E-LIMIT", "单元格总数超过 %llu 的上限", (unsigned long long)lim->max_cells);
    if (s->ncells == s->capcells) {
        s->capcells = s->capcells ? s->capcells * 2 : 64;
        s->cells = tz_xrealloc(s->cells, s->capcells * sizeof *s->cells);
    }
    tz_cell *c = &s->cells[s->ncells++];
    c->row = row;
    c->col = col;
    c->type = type;
    c->num = num;
    c->len = text ? (uint32_t)len : 0;
    c->text = text ? tz_arena_strndup(&b->arena, text, len) : NULL;
    if (row + 1 > s->rows)
        s->rows = row + 1;
    if (col + 1 > s->cols)
        s->cols = col + 1;
    return 0;
}

int tz_sheet_put_number(tz_book *b, tz_sheet *s, uint32_t row, uint32_t col, tz_numfmt_kind kind, double v)
{
    /* A time has no date system.  An elapsed time ([h]:mm) may run past a
     * day, as Excel shows 36:00; a value of a day or more under a time-of-day
     * format is a date-time shown by its time (Excel shows 43038.75 under
     * h:mm as 18:00), so it is read as the date-time it is. */
    if ((kind == TZ_NUMFMT_TIME && v >= 0 && v < 1) ||
        (kind == TZ_NUMFMT_ELAPSED && v >= 0 && v < TZ_SERIAL_MAX + 1.0))
        return tz_sheet_put(b, s, row, col, TZ_CELL_TIME, v, NULL, 0);
    if (kind == TZ_NUMFMT_TIME)
        kind = TZ_NUMFMT_DATETIME;
    if (kind == TZ_NUMFMT_DATE || kind == TZ_NUMFMT_DATETIME) {
        double serial = b->date1904 ? v + TZ_XL1904_OFFSET : v;
        if (serial >= 0 && serial < TZ_SERIAL_MAX + 1.0) {
            if (kind == TZ_NUMFMT_DATE)
                return tz_sheet_put(b, s, row, col, TZ_CELL_DATE, floor(serial), NULL, 0);
            return tz_sheet_put(b, s, row, col, TZ_CELL_DATETIME, serial, NULL, 0);
        }
    }
    return tz_sheet_put(b, s, row, col, TZ_CELL_NUMBER, v, NULL, 0);
}

void tz_sheet_missing_string(tz_book *b, const tz_sheet *s, uint32_t row, uint32_t col, const char *index,
                             size_t nstrings)
{
    tz_book_warn(b, "W-SST-INDEX", s->name, row, col,
                 "单元格引用了不存在的共享字符串（编号 %.20s，文件只有 %zu 条），按空白单元格读取", index,
                 nstrings);
}

int tz_sheet_add_merge(tz_book *b, tz_sheet *s, tz_range r)
{
    if (r.r2 < r.r1 || r.c2 < r.c1)
        return 0;
    if (r.r1 == r.r2 && r.c1 == r.c2)
        return 0;
    if (r.r2 >= b->limits->max_rows || r.c2 >= b->limits->max_cols)
        return tz_book_fail(b, "E-LIMIT", "工作表「%s」的合并单元格超出 %u 行 × %u 列的上限", s->name,
                            b->limits->max_rows, b->limits->max_cols);
    if (s->nmerges == s->capmerges) {
        s->capmerges = s->capmerges ? s->capmerges * 2 : 8;
        s->merges = tz_xrealloc(s->merges, s->capmerges * sizeof *s->merges);
    }
    s->merges[s->nmerges++] = r;
    if (r.r2 + 1 > s->rows)
        s->rows = r.r2 + 1;
    if (r.c2 + 1 > s->cols)
        s->cols = r.c2 + 1;
    return 0;
}

static int cell_before(const tz_cell *a, const tz_cell *b)
{
    return a->row < b->row || (a->row == b->row && a->col < b->col);
}

/* Stable merge sort: of two cells at one position the later one must win. */
static void sort_cells(tz_cell *v, tz_cell *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_cells(v, tmp, h);
    sort_cells(v + h, tmp, n - h);
    if (!cell_before(&v[h], &v[h - 1]))
        return;
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cell_before(&v[j], &v[i]) ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int range_cmp(const void *pa, const void *pb)
{
    const tz_range *a = pa, *b = pb;
    if (a->r1 != b->r1)
        return a->r1 < b->r1 ? -1 : 1;
    if (a->c1 != b->c1)
        return a->c1 < b->c1 ? -1 : 1;
    if (a->r2 != b->r2)
        return a->r2 < b->r2 ? -1 : 1;
    return a->c2 < b->c2 ? -1 : a->c2 > b->c2;
}

static void sheet_finish(tz_sheet *s)
{
    int sorted = 1;
    for (size_t i = 1; i < s->ncells && sorted; i++)
        sorted = cell_before(&s->cells[i - 1], &s->cells[i]);
    if (!sorted) {
        tz_cell *tmp = tz_xmalloc(s->ncells * sizeof *tmp);
        sort_cells(s->cells, tmp, s->ncells);
        free(tmp);
        size_t k = 0;
        for (size_t i = 0; i < s->ncells; i++) {
            if (k && s->cells[k - 1].row == s->cells[i].row && s->cells[k - 1].col == s->cells[i].col)
                s->cells[k - 1] = s->cells[i];
            else
                s->cells[k++] = s->cells[i];
        }
        s->ncells = k;
    }
    if (s->nmerges > 1)
        qsort(s->merges, s->nmerges, sizeof *s->merges, range_cmp);
}

const tz_cell *tz_sheet_cell(const tz_sheet *s, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = s->ncells;
    const tz_cell key = { .row = row, .col = col };
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cell_before(&s->cells[mid], &key))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->ncells && s->cells[lo].row == row && s->cells[lo].col == col)
        return &s->cells[lo];
    return NULL;
}

const tz_range *tz_sheet_merge_at(const tz_sheet *s, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < s->nmerges && s->merges[i].r1 <= row; i++) {
        const tz_range *r = &s->merges[i];
        if (row <= r->r2 && col >= r->c1 && col <= r->c2)
            return r;
    }
    return NULL;
}

void tz_book_free(tz_book *book)
{
    if (!book)
        return;
    for (size_t i = 0; i < book->nsheets; i++) {
        free(book->sheets[i].cells);
        free(book->sheets[i].merges);
    }
    free(book->sheets);
    tz_issues_free(&book->warnings);
    tz_arena_free(&book->arena);
    free(book);
}

/* ---- sniffing ---------------------------------------------------------- */

static int has_nocase(const unsigned char *buf, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && (buf[i + j] | 0x20) == (unsigned char)(needle[j] | 0x20))
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

/* Decides the reader from the first bytes; a format we cannot read fails `b`. */
static int sniff(tz_book *b, const unsigned char *buf, size_t n)
{
    static const unsigned char cfb[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    if (n >= 8 && memcmp(buf, cfb, 8) == 0)
        return TZ_FORMAT_XLS;
    if (n >= 4 && memcmp(buf, "PK\3\4", 4) == 0)
        return TZ_FORMAT_XLSX;
    if (n >= 4 && memcmp(buf, "%PDF", 4) == 0)
        return tz_book_fail(b, "E-FORMAT",
                            "这是 PDF 文件，不是电子表格；请单位报送 Excel 工作簿（.xlsx 或 .xls）");
    if (n >= 4 && memcmp(buf, "PK\5\6", 4) == 0)
        return tz_book_fail(b, "E-CORRUPT", "这是一个空的压缩包，不是有效的 Excel 工作簿");
    /* Excel's "Unicode text" export: UTF-16 with a byte-order mark, full of NULs. */
    if (n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)))
        return TZ_FORMAT_CSV;
    size_t i = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    if (i < n && buf[i] == '<') {
        if (has_nocase(buf, n, "urn:schemas-microsoft-com:office:spreadsheet") &&
            !has_nocase(buf, n, "<html"))
            return tz_book_fail(
                b, "E-FORMAT",
                "这是 Excel 2003 XML 表格，不是工作簿文件；请在 Excel 或 WPS 中打开后另存为 Excel 工作簿（.xlsx）");
        if (has_nocase(buf, n, "<html") || has_nocase(buf, n, "<table") ||
            has_nocase(buf, n, "<!doctype html") || has_nocase(buf, n, "<meta"))
            return tz_book_fail(
                b, "E-HTML",
                "这是网页（HTML）文件，只是扩展名像 Excel；请在 Excel 或 WPS 中打开后另存为 Excel 工作簿（.xlsx）");
        return tz_book_fail(b, "E-FORMAT",
                            "这是 XML 或网页文件，不是电子表格；请另存为 Excel 工作簿（.xlsx）");
    }
    for (size_t k = 0; k < n; k++)
        if (buf[k] == 0)
            return tz_book_fail(
                b, "E-FORMAT",
                "不是电子表格文件（无法识别的二进制格式）；请报送 Excel 工作簿（.xlsx 或 .xls）");
    return TZ_FORMAT_CSV;
}

/* Whether the file at `path` is no longer the one `before` describes.  A
 * unit's workbook copied into input/ while the batch runs would otherwise be
 * read half old, half new — or cut short without a word — and the readers
 * reopen the file by its path, so the path is what is compared. */
static int changed_since(const char *path, const struct stat *before)
{
    struct stat now;
    if (stat(path, &now) != 0)
        return 1;
    return now.st_dev != before->st_dev || now.st_ino != before->st_ino || now.st_size != before->st_size ||
           now.st_mtim.tv_sec != before->st_mtim.tv_sec || now.st_mtim.tv_nsec != before->st_mtim.tv_nsec;
}

int tz_book_read(const char *path, const char *display, const tz_limits *lim, tz_book **out,
                 tz_issues *issues)
{
    tz_book *b = tz_xcalloc(1, sizeof *b);
    b->path = path;
    b->display = display ? display : path;
    b->limits = lim;
    *out = NULL;

    struct stat st;
    int rc = -1;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == EACCES)
            tz_book_fail(b, "E-OPEN", "无法打开：没有读取权限");
        else if (errno == ENOENT)
            tz_book_fail(b, "E-OPEN", "无法打开：文件不存在");
        else if (errno == ELOOP)
            tz_book_fail(b, "E-OPEN", "无法打开：符号链接循环");
        else
            tz_book_fail(b, "E-OPEN", "无法打开：%s", tz_strerror(errno));
    } else if (fstat(fd, &st) != 0) {
        tz_book_fail(b, "E-OPEN", "无法读取文件信息：%s", tz_strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        tz_book_fail(b, "E-OPEN", "这是一个文件夹，不是文件");
    } else if (!S_ISREG(st.st_mode)) {
        tz_book_fail(b, "E-OPEN", "不是普通文件");
    } else if (st.st_size == 0) {
        tz_book_fail(b, "E-EMPTY", "文件为空（0 字节），请单位重新报送");
    } else if ((uint64_t)st.st_size > lim->max_file_bytes) {
        tz_book_fail(b, "E-TOO-BIG", "文件大小 %.1f MB，超过 %.1f MB 的上限", st.st_size / 1048576.0,
                     lim->max_file_bytes / 1048576.0);
    } else {
        unsigned char head[4096];
        ssize_t n = read(fd, head, sizeof head);
        if (n < 0) {
            tz_book_fail(b, "E-OPEN", "无法读取：%s", tz_strerror(errno));
        } else {
            int fmt = sniff(b, head, (size_t)n);
            if (fmt > 0) {
                b->format = (tz_format)fmt;
                rc = fmt == TZ_FORMAT_XLS    ? tz_read_xls(b, path)
                     : fmt == TZ_FORMAT_XLSX ? tz_read_xlsx(b, path)
                                             : tz_read_csv(b, path);
                if (rc != 0 && !b->fail_code)
                    tz_book_fail(b, "E-CORRUPT", "文件已损坏，无法读取");
                if (changed_since(path, &st)) {
                    b->fail_code = NULL; /* this, not what the change made the reader see */
                    rc = tz_book_fail(b, "E-CHANGED",
                                      "读取过程中文件被修改（可能正在复制或保存），"
                                      "读到的内容不完整；请等文件保存完毕后重新运行");
                }
            }
        }
    }
    if (fd >= 0)
        close(fd);
    if (rc != 0) {
        tz_issues_add(issues, TZ_SEV_ERROR, b->fail_code, NULL, b->display, NULL, NULL, "%s", b->fail_msg);
        tz_book_free(b);
        return -1;
    }
    if (b->nwarn_dropped)
        tz_issues_add(&b->warnings, TZ_SEV_WARNING, "W-READ-MORE", NULL, b->display, NULL, NULL,
                      "另有 %zu 处读取时的修正（截断过长的单元格、空的共享字符串引用等）未逐一列出",
                      b->nwarn_dropped);
    tz_issues_append(issues, &b->warnings);
    for (size_t i = 0; i < b->nsheets; i++)
        sheet_finish(&b->sheets[i]);
    *out = b;
    return 0;
}

/* ---- references and numbers ------------------------------------------- */

char *tz_a1(char *buf, uint32_t row, uint32_t col)
{
    char letters[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c > 0 && n < 7) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    int k = 0;
    while (n > 0)
        buf[k++] = letters[--n];
    /* Digits by hand: the loader writes a reference for every field of every row. */
    char digits[12];
    int d = 0;
    for (uint64_t r = (uint64_t)row + 1; r > 0; r /= 10)
        digits[d++] = (char)('0' + r % 10);
    while (d > 0 && k < 15) /* buf holds 16 bytes */
        buf[k++] = digits[--d];
    buf[k] = 0;
    return buf;
}

size_t tz_col_parse(const char *s, uint32_t *col)
{
    size_t i = 0;
    uint64_t c = 0;
    while ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) {
        c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
        if (c > 1u << 24 || i >= 4)
            return 0;
        i++;
    }
    if (i == 0)
        return 0;
    *col = (uint32_t)(c - 1);
    return i;
}

int tz_a1_parse(const char *ref, uint32_t *row, uint32_t *col)
{
    if (*ref == '$')
        ref++;
    size_t n = tz_col_parse(ref, col);
    if (n == 0)
        return -1;
    ref += n;
    if (*ref == '$')
        ref++;
    if (*ref < '1' || *ref > '9')
        return -1;
    uint64_t r = 0;
    while (*ref >= '0' && *ref <= '9') {
        r = r * 10 + (uint64_t)(*ref++ - '0');
        if (r > 1u << 24)
            return -1;
    }
    if (*ref)
        return -1;
    *row = (uint32_t)(r - 1);
    return 0;
}

const char *tz_cell_display(const tz_cell *c, char *buf, size_t size)
{
    if (!c)
        return "";
    switch ((tz_cell_type)c->type) {
    case TZ_CELL_TEXT:
    case TZ_CELL_ERROR:
        return c->text ? c->text : "";
    case TZ_CELL_NUMBER:
        tz_format_number(buf, size, c->num);
        return buf;
    case TZ_CELL_DATE:
    case TZ_CELL_DATETIME:
        tz_serial_iso(buf, size, c->num, c->type == TZ_CELL_DATETIME);
        return buf;
    case TZ_CELL_TIME: {
        /* A time of day wraps (23:59:59.6 shows as 00:00:00, as in Excel);
         * an elapsed time of a day or more counts its hours on (36:00:00). */
        long secs = lround(c->num * 86400.0);
        if (c->num < 1)
            secs %= 86400;
        snprintf(buf, size, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
        return buf;
    }
    case TZ_CELL_BOOL:
        return c->num != 0 ? "TRUE" : "FALSE";
    case TZ_CELL_EMPTY:
        break;
    }
    return "";
}

void tz_put_escaped(const char *s, FILE *out)
{
    for (; *s; s++) {
        switch (*s) {
        case '\t':
            fputs("\\t", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

const char *tz_cp936_byte(unsigned char byte)
{
    return byte == 0x80 ? "\xE2\x82\xAC" : NULL;
}

void tz_format_number(char *buf, size_t size, double v)
{
    if (v == 0) { /* also turns -0 into 0 */
        snprintf(buf, size, "0");
        return;
    }
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", isnan(v) ? "NaN" : v > 0 ? "Inf" : "-Inf");
        return;
    }
    /* Most numbers in a workbook are counts: whole and well inside the range
     * where a double holds every integer exactly. */
    if (fabs(v) < 1e15 && v == (double)(long long)v) {
        snprintf(buf, size, "%lld", (long long)v);
        return;
    }
    /* %g turns to exponent form as soon as the exponent reaches the precision
     * (1200 came out as "1.2e+03"): find the fewest digits that read back with
     * %e, then write them in plain notation unless the exponent is extreme
     * (the same rule as JavaScript's Number to string). */
    char e[32];
    int prec = 0;
    for (;; prec++) { /* 17 significant digits (prec 16) always read back */
        snprintf(e, sizeof e, "%.*e", prec, v);
        if (prec == 16 || strtod(e, NULL) == v)
            break;
    }
    int exp10 = atoi(strchr(e, 'e') + 1);
    if (exp10 > -7 && exp10 < 21)
        snprintf(buf, size, "%.*f", prec > exp10 ? prec - exp10 : 0, v);
    else
        snprintf(buf, size, "%s", e);
}
