/*
 * read_xlsx.c — the .xlsx (and OpenDocument .ods) reader: minizip for the
 * zip container, our own inflate (so that the bytes really produced are
 * counted, whatever the zip headers claim), expat fed chunk by chunk.  No
 * part is ever held whole in memory.
 *
 * Parts are found through relationships by type, never by conventional
 * names: _rels/.rels → officeDocument → its .rels → worksheets,
 * sharedStrings, styles.  Element and attribute names are matched by local
 * name (writers may prefix them, e.g. "x:c").
 */
#include "book.h"
#include "numfmt.h"
#include "xldate.h"

#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>
#include <unzip.h>
#include <zlib.h>

enum {
    MAX_DEPTH = 256, /* real parts nest < 10 deep */
    IN_CHUNK = 64 * 1024,
    OUT_CHUNK = 256 * 1024,
    MAX_ENTRIES = 100000,
    MAX_NAME = 1024,
    MAX_XFS = 1 << 20, /* Excel allows 64,000 cell formats */
    MAX_NUMFMTS = 1 << 16,
    RATIO_GRACE = 1 << 20 /* tiny parts may compress as well as they like */
};

typedef struct {
    char *name;
    unz64_file_pos pos;
    uint64_t csize, usize;
    uint32_t crc;
    int method, encrypted, used;
} zentry;

typedef struct {
    const char *text;
    uint32_t len;
} sstr;

typedef struct {
    const char *id, *type, *target; /* target resolved to a part name */
} rel;

typedef struct {
    const char *name, *rid;
    int hidden;
} wsheet;

typedef struct {
    int id;
    tz_numfmt_kind kind;
} numfmt;

typedef struct xlsx xlsx;
typedef void (*start_fn)(xlsx *x, const char *name, const char **atts);
typedef void (*end_fn)(xlsx *x, const char *name);

/* Inflating one zip entry. */
typedef struct {
    const zentry *e;
    z_stream z;
    int zinit, done;
    uint64_t total;
    uLong crc;
} ereader;

struct xlsx {
    tz_book *b;
    unzFile zf;
    zentry *entries; /* sorted by name, case-insensitively */
    size_t nentries;
    unsigned char *in; /* IN_CHUNK of compressed bytes */
    uint64_t inflated; /* all parts together */
    tz_arena scratch;  /* names, relationships, shared strings */

    /* The part being parsed. */
    XML_Parser p;
    const char *part;
    int depth;
    start_fn on_start;
    end_fn on_end;
    int collect; /* character data goes into buf */
    char *buf;   /* text of the current value, NUL-terminated */
    size_t len, cap, maxlen;

    /* Relationships of the part last read; base = folder of its source part. */
    char base[MAX_NAME];
    rel *rels;
    size_t nrels, caprels;
    /* workbook.xml (root_ok: its root is <workbook>; for .ods: not encrypted) */
    int root_ok;
    wsheet *sheets;
    size_t nsheets, capsheets;
    int in_sheets;
    /* sharedStrings.xml */
    sstr *sst;
    size_t nsst, capsst;
    int in_si, in_rph;
    /* styles.xml */
    numfmt *fmts;
    size_t nfmts, capfmts;
    int *xf_fmt; /* numFmtId of each cellXfs entry */
    size_t nxf, capxf;
    unsigned char *xf_kind; /* tz_numfmt_kind of each */
    int in_numfmts, in_xfs, xfs_depth;
    /* a worksheet */
    tz_sheet *ws;
    int in_data, in_cell, in_is, has_v;
    int64_t row, col;
    char ctype; /* 'n' 's' 'S'(str) 'i'(inlineStr) 'b' 'e' 'd' */
    uint32_t style;
    /* an OpenDocument content.xml */
    const char **hidden_styles; /* table styles with table:display="false" */
    size_t nhidden, caphidden;
    const char *style_name; /* the style:style being read */
    int in_table, in_row, in_annotation, npara;
    int64_t row_repeat, col_repeat;
    size_t row_first; /* index of the current row's first cell */
    int cell_kind;    /* TZ_CELL_* of the cell being read, 0 = empty */
    double cell_num;
    int64_t col_span, row_span;
};

/* ---- small helpers ------------------------------------------------------ */

static const char *local(const char *name)
{
    const char *c = strchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (strcmp(local(atts[0]), name) == 0)
            return atts[1];
    return NULL;
}

/* Whether any attribute of local name `name` is `value`: writers may give
 * the same local name under several prefixes (office:value-type and
 * LibreOffice's calcext:value-type), and attr() sees only the first. */
static int attr_has(const char **atts, const char *name, const char *value)
{
    for (; *atts; atts += 2)
        if (strcmp(local(atts[0]), name) == 0 && strcmp(atts[1], value) == 0)
            return 1;
    return 0;
}

/* The last path segment of a relationship type URI ("…/worksheet"). */
static const char *type_tail(const char *type)
{
    const char *s = strrchr(type, '/');
    return s ? s + 1 : type;
}

static int is_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
}

/* A non-negative decimal integer, whole string; -1 when not one. */
static int64_t parse_uint(const char *s)
{
    int64_t v = 0;
    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcasecmp(((const zentry *)a)->name, ((const zentry *)b)->name);
}

/* Zip entry by part name (OPC part names are case-insensitive). */
static zentry *find_entry(xlsx *x, const char *name)
{
    zentry key = { .name = (char *)(uintptr_t)name };
    if (x->nentries == 0) /* entries is NULL then, which bsearch must not get */
        return NULL;
    return bsearch(&key, x->entries, x->nentries, sizeof *x->entries, entry_cmp);
}

/*
 * Resolves a relationship target against the folder of its source part
 * ("xl/"), or against the package root when absolute ("/xl/…").  Handles
 * "." and "..".  Returns 0, or -1 when it does not fit.
 */
static int resolve(char *out, size_t size, const char *dir, const char *target)
{
    size_t n = 0;
    if (*target == '/')
        target++;
    else {
        n = strlen(dir);
        if (n >= size)
            return -1;
        memcpy(out, dir, n);
    }
    out[n] = '\0';
    while (*target) {
        const char *end = strchr(target, '/');
        size_t seg = end ? (size_t)(end - target) : strlen(target);
        if (seg == 2 && target[0] == '.' && target[1] == '.') {
            if (n > 0)
                n--; /* the trailing '/' */
            while (n > 0 && out[n - 1] != '/')
                n--;
        } else if (!(seg == 1 && target[0] == '.') && seg > 0) {
            if (n + seg + 2 > size)
                return -1;
            memcpy(out + n, target, seg);
            n += seg;
            if (end)
                out[n++] = '/';
        }
        out[n] = '\0';
        target = end ? end + 1 : target + seg;
    }
    return 0;
}

/* ---- zip entries -------------------------------------------------------- */

static int index_entries(xlsx *x)
{
    size_t cap = 0;
    int rc = unzGoToFirstFile(x->zf);
    while (rc == UNZ_OK) {
        char name[MAX_NAME];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(x->zf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            return tz_book_fail(x->b, "E-CORRUPT", "压缩包目录已损坏，无法读取");
        if (info.size_filename < sizeof name) {
            if (x->nentries == MAX_ENTRIES)
                return tz_book_fail(x->b, "E-LIMIT", "压缩包内的文件超过 %d 个，不像是 Excel 工作簿",
                                    MAX_ENTRIES);
            if (x->nentries == cap) {
                cap = cap ? cap * 2 : 32;
                x->entries = tz_xrealloc(x->entries, cap * sizeof *x->entries);
            }
            zentry *e = &x->entries[x->nentries];
            memset(e, 0, sizeof *e);
            if (unzGetFilePos64(x->zf, &e->pos) != UNZ_OK)
                return tz_book_fail(x->b, "E-CORRUPT", "压缩包目录已损坏，无法读取");
            e->name = tz_arena_strdup(&x->scratch, name);
            e->csize = info.compressed_size;
            e->usize = info.uncompressed_size;
            e->crc = (uint32_t)info.crc;
            e->method = (int)info.compression_method;
            e->encrypted = (info.flag & 1) != 0;
            x->nentries++;
        }
        rc = unzGoToNextFile(x->zf);
    }
    if (rc != UNZ_END_OF_LIST_OF_FILE)
        return tz_book_fail(x->b, "E-CORRUPT", "压缩包目录已损坏，无法读取");
    if (x->nentries > 1)
        qsort(x->entries, x->nentries, sizeof *x->entries, entry_cmp);
    return 0;
}

static int zipbomb(xlsx *x, const zentry *e, const char *why)
{
    return tz_book_fail(x->b, "E-ZIPBOMB", "压缩包中的「%s」%s（疑似压缩炸弹），拒绝读取", e->name, why);
}

/* Fails when `u` uncompressed bytes of `e` exceed the ratio limit. */
static int check_ratio(xlsx *x, const zentry *e, uint64_t u)
{
    uint32_t max_ratio = x->b->limits->max_ratio;
    if (u <= RATIO_GRACE || (e->csize != 0 && u / e->csize < max_ratio))
        return 0;
    char why[64];
    snprintf(why, sizeof why, "的压缩比超过 %u:1", max_ratio);
    return zipbomb(x, e, why);
}

static int entry_open(xlsx *x, ereader *r, const zentry *e)
{
    const tz_limits *lim = x->b->limits;
    char why[128];
    memset(r, 0, sizeof *r);
    r->e = e;
    r->crc = crc32(0, Z_NULL, 0);
    if (e->encrypted)
        return tz_book_fail(x->b, "E-ENCRYPTED", "工作簿已加密；请去掉密码后重新报送");
    if (e->method != 0 && e->method != Z_DEFLATED)
        return tz_book_fail(x->b, "E-CORRUPT", "压缩包中的「%s」使用了不支持的压缩方式（%d）", e->name,
                            e->method);
    if (e->usize > lim->max_entry_bytes) {
        snprintf(why, sizeof why, "解压后有 %llu MB，超过 %llu MB 的上限",
                 (unsigned long long)(e->usize >> 20), (unsigned long long)(lim->max_entry_bytes >> 20));
        return zipbomb(x, e, why);
    }
    if (check_ratio(x, e, e->usize) != 0)
        return -1;
    int method, level;
    if (unzGoToFilePos64(x->zf, &e->pos) != UNZ_OK ||
        unzOpenCurrentFile2(x->zf, &method, &level, 1) != UNZ_OK)
        return tz_book_fail(x->b, "E-CORRUPT", "压缩包中的「%s」已损坏，无法读取", e->name);
    if (e->method == Z_DEFLATED) {
        if (inflateInit2(&r->z, -MAX_WBITS) != Z_OK) {
            unzCloseCurrentFile(x->zf);
            return tz_book_fail(x->b, "E-CORRUPT", "无法解压「%s」", e->name);
        }
        r->zinit = 1;
    }
    return 0;
}

static void entry_close(xlsx *x, ereader *r)
{
    if (r->zinit)
        inflateEnd(&r->z);
    unzCloseCurrentFile(x->zf);
}

static long entry_corrupt(xlsx *x, const ereader *r)
{
    return tz_book_fail(x->b, "E-CORRUPT", "文件不完整或已损坏（「%s」解压失败），请单位重新报送",
                        r->e->name);
}

/* Reads up to `size` inflated bytes; 0 at the end; -1 after tz_book_fail. */
static long entry_read(xlsx *x, ereader *r, unsigned char *out, size_t size)
{
    const tz_limits *lim = x->b->limits;
    size_t got;
    if (r->done)
        return 0;
    if (!r->zinit) {
        int n = unzReadCurrentFile(x->zf, out, (unsigned)size);
        if (n < 0)
            return entry_corrupt(x, r);
        got = (size_t)n;
        r->done = n == 0;
    } else {
        r->z.next_out = out;
        r->z.avail_out = (uInt)size;
        while (r->z.avail_out == size) {
            if (r->z.avail_in == 0) {
                int n = unzReadCurrentFile(x->zf, x->in, IN_CHUNK);
                if (n <= 0) /* the deflate stream ends before its end */
                    return entry_corrupt(x, r);
                r->z.next_in = x->in;
                r->z.avail_in = (uInt)n;
            }
            int zr = inflate(&r->z, Z_NO_FLUSH);
            if (zr == Z_STREAM_END) {
                r->done = 1;
                break;
            }
            if (zr != Z_OK && !(zr == Z_BUF_ERROR && r->z.avail_in == 0))
                return entry_corrupt(x, r);
        }
        got = size - r->z.avail_out;
    }
    r->total += got;
    x->inflated += got;
    r->crc = crc32(r->crc, out, (uInt)got);
    /* The headers may lie: judge by the bytes really produced. */
    if (r->total > r->e->usize)
        return zipbomb(x, r->e, "实际解压出的数据比压缩包声明的大小还多");
    if (check_ratio(x, r->e, r->total) != 0)
        return -1;
    /* Each part is bounded, but one workbook may list the same big part
     * under many sheets: bound the whole workbook too. */
    if (x->inflated > 2 * lim->max_entry_bytes)
        return zipbomb(x, r->e, "等部件解压后的总量过大");
    if (r->done && (r->total != r->e->usize || r->crc != r->e->crc))
        return entry_corrupt(x, r);
    return (long)got;
}

/* ---- XML driver --------------------------------------------------------- */

static void stop(xlsx *x)
{
    XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    if (++x->depth > MAX_DEPTH) {
        tz_book_fail(x->b, "E-XML", "「%s」的 XML 嵌套超过 %d 层，拒绝读取", x->part, MAX_DEPTH);
        stop(x);
        return;
    }
    x->on_start(x, local(name), atts);
    if (x->b->fail_code)
        stop(x);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    x->depth--;
    x->on_end(x, local(name));
    if (x->b->fail_code)
        stop(x);
}

/* Appends to the value being read.  Past maxlen bytes the rest is dropped,
 * so a huge text node cannot exhaust memory: maxlen holds more characters
 * than the cell limit even when each is written _xHHHH_, so tz_sheet_put
 * still sees the text over the limit, cuts it there and warns. */
static void append(xlsx *x, const char *s, size_t n)
{
    if (x->len + n > x->maxlen)
        n = x->maxlen - x->len;
    if (x->len + n + 1 > x->cap) {
        while (x->len + n + 1 > x->cap)
            x->cap *= 2;
        x->buf = tz_xrealloc(x->buf, x->cap);
    }
    memcpy(x->buf + x->len, s, n);
    x->len += n;
    x->buf[x->len] = '\0';
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int n)
{
    xlsx *x = ud;
    if (x->collect)
        append(x, s, (size_t)n);
}

/* DTDs are never needed in OOXML and are how entity bombs get in. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal_subset)
{
    xlsx *x = ud;
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    tz_book_fail(x->b, "E-XML", "「%s」含有 DTD（DOCTYPE）声明，出于安全原因拒绝读取", x->part);
    stop(x);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    xlsx *x = ud;
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
    (void)pubid, (void)notation;
    tz_book_fail(x->b, "E-XML", "「%s」含有实体声明，出于安全原因拒绝读取", x->part);
    stop(x);
}

static void xml_error(xlsx *x)
{
    enum XML_Error err = XML_GetErrorCode(x->p);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(x->p);
    const char *what =
        err == XML_ERROR_INVALID_TOKEN || err == XML_ERROR_BAD_CHAR_REF || err == XML_ERROR_PARTIAL_CHAR
            ? "含有无效字符（不是合法的 UTF-8 文本）"
        : err == XML_ERROR_NO_ELEMENTS || err == XML_ERROR_UNCLOSED_TOKEN          ? "内容不完整"
        : err == XML_ERROR_UNKNOWN_ENCODING || err == XML_ERROR_INCORRECT_ENCODING ? "使用了无法识别的编码"
                                                                                   : "XML 格式错误";
    tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：「%s」第 %lu 行%s", x->part, line, what);
}

/* Streams one part through expat with the given element handlers. */
static int parse_part(xlsx *x, zentry *e, start_fn start, end_fn end)
{
    ereader r;
    if (entry_open(x, &r, e) != 0)
        return -1;
    x->p = XML_ParserCreate(NULL);
    if (!x->p) {
        entry_close(x, &r);
        return tz_book_fail(x->b, "E-CORRUPT", "内存不足，无法解析「%s」", e->name);
    }
    x->part = e->name;
    x->depth = 0;
    x->on_start = start;
    x->on_end = end;
    x->collect = 0;
    x->len = 0;
    x->buf[0] = '\0';
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    XML_SetEntityDeclHandler(x->p, on_entity);
    XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
    for (;;) {
        void *buf = XML_GetBuffer(x->p, OUT_CHUNK);
        if (!buf) {
            tz_book_fail(x->b, "E-CORRUPT", "内存不足，无法解析「%s」", e->name);
            break;
        }
        long n = entry_read(x, &r, buf, OUT_CHUNK);
        if (n < 0)
            break;
        if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK) {
            if (!x->b->fail_code)
                xml_error(x);
            break;
        }
        if (n == 0)
            break;
    }
    entry_close(x, &r);
    XML_ParserFree(x->p);
    x->p = NULL;
    return x->b->fail_code ? -1 : 0;
}

/* The code unit of an "_xHHHH_" escape at s (len bytes left), or -1. */
static long escape_at(const char *s, size_t len)
{
    if (len < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int k = 2; k < 6; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/*
 * Decodes Excel's _xHHHH_ escapes in place (_x005F_ is an escaped '_',
 * _x000D_ a carriage return); a character outside the BMP comes as a
 * surrogate pair of two escapes.  NUL and lone surrogates stay as written.
 * Returns the new length.
 */
static size_t decode_x(char *s, size_t len)
{
    if (!memchr(s, '_', len))
        return len;
    size_t i = 0, o = 0;
    while (i < len) {
        long cp = escape_at(s + i, len - i);
        size_t used = 7;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = escape_at(s + i + 7, len - i - 7);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 14;
            } else {
                cp = -1;
            }
        } else if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
            cp = -1;
        }
        if (cp < 0) {
            s[o++] = s[i++];
            continue;
        }
        /* UTF-8 of cp is never longer than the 7 or 14 bytes it replaces. */
        o += (size_t)u8_uctomb((uint8_t *)s + o, (ucs4_t)cp, 4);
        i += used;
    }
    s[o] = '\0';
    return o;
}

/* ---- relationships ------------------------------------------------------ */

static void rels_start(xlsx *x, const char *name, const char **atts)
{
    if (strcmp(name, "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    char path[MAX_NAME];
    if (resolve(path, sizeof path, x->base, target) != 0)
        return;
    if (x->nrels == x->caprels) {
        x->caprels = x->caprels ? x->caprels * 2 : 16;
        x->rels = tz_xrealloc(x->rels, x->caprels * sizeof *x->rels);
    }
    rel *r = &x->rels[x->nrels++];
    r->id = tz_arena_strdup(&x->scratch, id);
    r->type = tz_arena_strdup(&x->scratch, type_tail(type));
    r->target = tz_arena_strdup(&x->scratch, path);
}

static void no_end(xlsx *x, const char *name)
{
    (void)x, (void)name;
}

/*
 * Reads the relationships of `source` ("" for the package itself) into
 * x->rels.  A missing .rels part means no relationships.
 */
static int read_rels(xlsx *x, const char *source)
{
    char path[2 * MAX_NAME + 16];
    const char *slash = strrchr(source, '/');
    size_t dir = slash ? (size_t)(slash - source) + 1 : 0;
    if (dir + strlen(source + dir) + 12 > MAX_NAME)
        return 0;
    memcpy(x->base, source, dir);
    x->base[dir] = '\0';
    snprintf(path, sizeof path, "%s_rels/%s.rels", x->base, source + dir);
    x->nrels = 0;
    zentry *e = find_entry(x, path);
    return e ? parse_part(x, e, rels_start, no_end) : 0;
}

static const rel *rel_by_type(const xlsx *x, const char *tail)
{
    for (size_t i = 0; i < x->nrels; i++)
        if (strcmp(x->rels[i].type, tail) == 0)
            return &x->rels[i];
    return NULL;
}

static const rel *rel_by_id(const xlsx *x, const char *id)
{
    for (size_t i = 0; i < x->nrels; i++)
        if (strcmp(x->rels[i].id, id) == 0)
            return &x->rels[i];
    return NULL;
}

/* ---- workbook.xml ------------------------------------------------------- */

static void wb_start(xlsx *x, const char *name, const char **atts)
{
    if (x->depth == 1) {
        x->root_ok = strcmp(name, "workbook") == 0;
        return;
    }
    if (strcmp(name, "workbookPr") == 0) {
        x->b->date1904 = is_true(attr(atts, "date1904"));
    } else if (strcmp(name, "sheets") == 0) {
        x->in_sheets = 1;
    } else if (x->in_sheets && strcmp(name, "sheet") == 0) {
        const char *sname = attr(atts, "name"), *rid = attr(atts, "id"), *state = attr(atts, "state");
        if (!rid)
            return;
        if (x->nsheets == x->capsheets) {
            x->capsheets = x->capsheets ? x->capsheets * 2 : 8;
            x->sheets = tz_xrealloc(x->sheets, x->capsheets * sizeof *x->sheets);
        }
        wsheet *w = &x->sheets[x->nsheets++];
        w->name = sname ? tz_arena_strdup(&x->scratch, sname)
                        : tz_arena_printf(&x->scratch, "Sheet%zu", x->nsheets);
        w->rid = tz_arena_strdup(&x->scratch, rid);
        w->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
    }
}

static void wb_end(xlsx *x, const char *name)
{
    if (strcmp(name, "sheets") == 0)
        x->in_sheets = 0;
}

/* ---- sharedStrings.xml -------------------------------------------------- */

static void sst_start(xlsx *x, const char *name, const char **atts)
{
    (void)atts;
    if (strcmp(name, "si") == 0) {
        x->in_si = 1;
        x->in_rph = 0;
        x->len = 0;
        x->buf[0] = '\0';
    } else if (strcmp(name, "rPh") == 0) {
        x->in_rph++; /* phonetic guide: not part of the text */
    } else if (name[0] == 't' && !name[1] && x->in_si && !x->in_rph) {
        x->collect = 1;
    }
}

static void sst_end(xlsx *x, const char *name)
{
    if (name[0] == 't' && !name[1]) {
        x->collect = 0;
    } else if (strcmp(name, "rPh") == 0) {
        x->in_rph--;
    } else if (strcmp(name, "si") == 0) {
        x->in_si = 0;
        if (x->nsst >= x->b->limits->max_cells) {
            tz_book_fail(x->b, "E-LIMIT", "共享字符串超过 %llu 条的上限",
                         (unsigned long long)x->b->limits->max_cells);
            return;
        }
        if (x->nsst == x->capsst) {
            x->capsst = x->capsst ? x->capsst * 2 : 1024;
            x->sst = tz_xrealloc(x->sst, x->capsst * sizeof *x->sst);
        }
        size_t n = decode_x(x->buf, x->len);
        x->sst[x->nsst].text = tz_arena_strndup(&x->scratch, x->buf, n);
        x->sst[x->nsst].len = (uint32_t)n;
        x->nsst++;
    }
}

/* ---- styles.xml --------------------------------------------------------- */

static void styles_start(xlsx *x, const char *name, const char **atts)
{
    if (strcmp(name, "numFmts") == 0) {
        x->in_numfmts = 1;
    } else if (x->in_numfmts && strcmp(name, "numFmt") == 0) {
        int64_t id = parse_uint(attr(atts, "numFmtId"));
        const char *code = attr(atts, "formatCode");
        if (id < 0 || id > INT32_MAX || !code || x->nfmts == MAX_NUMFMTS)
            return;
        if (x->nfmts == x->capfmts) {
            x->capfmts = x->capfmts ? x->capfmts * 2 : 16;
            x->fmts = tz_xrealloc(x->fmts, x->capfmts * sizeof *x->fmts);
        }
        x->fmts[x->nfmts].id = (int)id;
        x->fmts[x->nfmts].kind = tz_numfmt_classify(code);
        x->nfmts++;
    } else if (strcmp(name, "cellXfs") == 0) {
        x->in_xfs = 1;
        x->xfs_depth = x->depth;
    } else if (x->in_xfs && x->depth == x->xfs_depth + 1 && strcmp(name, "xf") == 0) {
        if (x->nxf == MAX_XFS)
            return;
        int64_t id = parse_uint(attr(atts, "numFmtId"));
        if (x->nxf == x->capxf) {
            x->capxf = x->capxf ? x->capxf * 2 : 64;
            x->xf_fmt = tz_xrealloc(x->xf_fmt, x->capxf * sizeof *x->xf_fmt);
        }
        x->xf_fmt[x->nxf++] = id < 0 || id > INT32_MAX ? 0 : (int)id;
    }
}

static void styles_end(xlsx *x, const char *name)
{
    if (strcmp(name, "numFmts") == 0)
        x->in_numfmts = 0;
    else if (strcmp(name, "cellXfs") == 0)
        x->in_xfs = 0;
}

/* An explicit <numFmt> overrides the built-in meaning of its id. */
static void resolve_styles(xlsx *x)
{
    x->xf_kind = tz_xmalloc(x->nxf ? x->nxf : 1);
    for (size_t i = 0; i < x->nxf; i++) {
        int id = x->xf_fmt[i];
        tz_numfmt_kind k = tz_numfmt_builtin(id);
        for (size_t j = x->nfmts; j-- > 0;)
            if (x->fmts[j].id == id) {
                k = x->fmts[j].kind;
                break;
            }
        x->xf_kind[i] = (unsigned char)k;
    }
}

/* ---- worksheets --------------------------------------------------------- */

static int put(xlsx *x, tz_cell_type type, double num, const char *text, size_t len)
{
    return tz_sheet_put(x->b, x->ws, (uint32_t)x->row, (uint32_t)x->col, type, num, text, len);
}

static int bad_cell(xlsx *x, const char *what)
{
    char ref[16];
    return tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：工作表「%s」%s 单元格%s", x->ws->name,
                        tz_a1(ref, (uint32_t)x->row, (uint32_t)x->col), what);
}

/* "08:30[:00[.000]]" at s: *secs into the day; returns the bytes read, 0
 * when it is not a time of day. */
static size_t iso_hms(const char *s, double *secs)
{
    int h, mi, k = 0;
    if (sscanf(s, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5 || h < 0 || h > 23 || mi < 0 || mi > 59)
        return 0;
    const char *p = s + k;
    double sec = 0;
    if (*p == ':') {
        char *end;
        sec = strtod(p + 1, &end);
        if (end == p + 1 || !(sec >= 0 && sec < 61))
            return 0;
        p = end;
    }
    *secs = h * 3600 + mi * 60 + sec;
    return (size_t)(p - s);
}

/* "2024-01-15", "2024-01-15T08:30:00[.000][Z]" → serial; -1 when not one,
 * or before 1900-01-01, which no serial shows (serial 0 is "1900-01-00"). */
static double iso_serial(const char *s, int *has_time)
{
    int y, mo, d, n = 0;
    double secs = 0;
    *has_time = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 || !tz_ymd_valid(y, mo, d))
        return -1;
    s += n;
    if (*s == 'T' || *s == ' ') {
        size_t k = iso_hms(s + 1, &secs);
        if (k == 0)
            return -1;
        s += 1 + k;
        *has_time = 1;
    }
    if (*s == 'Z')
        s++;
    if (*s || y < 1900)
        return -1;
    return tz_serial_from_ymd(y, mo, d) + secs / 86400.0;
}

/* A time of day alone, "14:30:00[Z]" (openpyxl writes a time so in a t="d"
 * cell): the fraction of a day, or -1 when not one. */
static double iso_time_only(const char *s)
{
    double secs;
    size_t k = iso_hms(s, &secs);
    if (k == 0)
        return -1;
    s += k;
    if (*s == 'Z')
        s++;
    return *s ? -1 : secs / 86400.0;
}

/* The number format kind of the current cell's style. */
static tz_numfmt_kind style_kind(const xlsx *x)
{
    return x->style < x->nxf ? (tz_numfmt_kind)x->xf_kind[x->style] : TZ_NUMFMT_NUMBER;
}

static void cell_end(xlsx *x)
{
    char *v = x->buf;
    size_t len = x->len;
    if (!x->has_v && x->ctype != 'i')
        return; /* a formatted but empty cell */
    switch (x->ctype) {
    case 's': {
        int64_t i = parse_uint(v);
        if (i < 0 || (uint64_t)i >= x->nsst) {
            tz_sheet_missing_string(x->b, x->ws, (uint32_t)x->row, (uint32_t)x->col, v, x->nsst);
            return;
        }
        put(x, TZ_CELL_TEXT, 0, x->sst[i].text, x->sst[i].len);
        return;
    }
    case 'i':
    case 'S':
        len = decode_x(v, len);
        put(x, TZ_CELL_TEXT, 0, v, len);
        return;
    case 'b':
        put(x, TZ_CELL_BOOL, v[0] == '1' || v[0] == 't' || v[0] == 'T', NULL, 0);
        return;
    case 'e':
        put(x, TZ_CELL_ERROR, 0, v, len);
        return;
    case 'd': {
        int has_time;
        double serial = iso_serial(v, &has_time);
        double day_part = serial < 0 ? iso_time_only(v) : -1;
        tz_numfmt_kind k = style_kind(x);
        if (day_part >= 0)
            tz_sheet_put_number(x->b, x->ws, (uint32_t)x->row, (uint32_t)x->col, TZ_NUMFMT_TIME, day_part);
        else if (serial < 0)
            put(x, TZ_CELL_TEXT, 0, v, len);
        else if (k == TZ_NUMFMT_DATETIME || (k != TZ_NUMFMT_DATE && has_time && serial != floor(serial)))
            put(x, TZ_CELL_DATETIME, serial, NULL, 0);
        else
            put(x, TZ_CELL_DATE, floor(serial), NULL, 0);
        return;
    }
    default: {
        char *end;
        if (len == 0)
            return;
        double num = strtod(v, &end);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        if (end == v || *end || !isfinite(num)) {
            bad_cell(x, "的数值无效");
            return;
        }
        tz_sheet_put_number(x->b, x->ws, (uint32_t)x->row, (uint32_t)x->col, style_kind(x), num);
        return;
    }
    }
}

static void merge_ref(xlsx *x, const char *ref)
{
    char a[32];
    const char *colon = ref ? strchr(ref, ':') : NULL;
    tz_range r;
    if (!colon || (size_t)(colon - ref) >= sizeof a)
        return;
    memcpy(a, ref, (size_t)(colon - ref));
    a[colon - ref] = '\0';
    if (tz_a1_parse(a, &r.r1, &r.c1) == 0 && tz_a1_parse(colon + 1, &r.r2, &r.c2) == 0)
        tz_sheet_add_merge(x->b, x->ws, r);
}

static void ws_start(xlsx *x, const char *name, const char **atts)
{
    switch (name[0]) {
    case 'c':
        if (name[1] == '\0' && x->in_data) {
            const char *r = NULL, *t = NULL, *s = NULL;
            for (const char **a = atts; *a; a += 2) {
                const char *n = local(a[0]);
                if (n[0] && !n[1]) {
                    if (n[0] == 'r')
                        r = a[1];
                    else if (n[0] == 't')
                        t = a[1];
                    else if (n[0] == 's')
                        s = a[1];
                }
            }
            if (r) {
                uint32_t row, col;
                if (tz_a1_parse(r, &row, &col) != 0) {
                    tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：工作表「%s」有无效的单元格位置「%.20s」",
                                 x->ws->name, r);
                    return;
                }
                x->row = row;
                x->col = col;
            } else {
                if (x->row < 0)
                    x->row = 0;
                x->col++;
            }
            x->ctype = !t || strcmp(t, "n") == 0     ? 'n'
                       : strcmp(t, "s") == 0         ? 's'
                       : strcmp(t, "str") == 0       ? 'S'
                       : strcmp(t, "inlineStr") == 0 ? 'i'
                       : strcmp(t, "b") == 0         ? 'b'
                       : strcmp(t, "e") == 0         ? 'e'
                       : strcmp(t, "d") == 0         ? 'd'
                                                     : 'n';
            int64_t si = s ? parse_uint(s) : 0;
            x->style = si < 0 || si > UINT32_MAX ? UINT32_MAX : (uint32_t)si;
            x->in_cell = 1;
            x->has_v = 0;
            x->len = 0;
            x->buf[0] = '\0';
        }
        break;
    case 'v':
        /* An inline string's text is in <is>; a <v> beside it is not part of it. */
        if (name[1] == '\0' && x->in_cell && x->ctype != 'i') {
            x->len = 0;
            x->buf[0] = '\0';
            x->has_v = 1;
            x->collect = 1;
        }
        break;
    case 't':
        if (name[1] == '\0' && x->in_is && !x->in_rph)
            x->collect = 1;
        break;
    case 'i':
        if (strcmp(name, "is") == 0 && x->in_cell)
            x->in_is = 1;
        break;
    case 'r':
        if (strcmp(name, "row") == 0 && x->in_data) {
            const char *r = attr(atts, "r");
            if (r) {
                int64_t n = parse_uint(r);
                if (n < 1 || n > (int64_t)1 << 30) {
                    tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：工作表「%s」有无效的行号「%.20s」",
                                 x->ws->name, r);
                    return;
                }
                x->row = n - 1;
            } else {
                x->row++;
            }
            x->col = -1;
        } else if (strcmp(name, "rPh") == 0) {
            x->in_rph++;
        }
        break;
    case 's':
        if (strcmp(name, "sheetData") == 0) {
            x->in_data = 1;
            x->row = -1;
            x->col = -1;
        }
        break;
    case 'm':
        if (strcmp(name, "mergeCell") == 0)
            merge_ref(x, attr(atts, "ref"));
        break;
    default:
        break;
    }
}

static void ws_end(xlsx *x, const char *name)
{
    switch (name[0]) {
    case 'v':
    case 't':
        if (name[1] == '\0')
            x->collect = 0;
        break;
    case 'c':
        if (name[1] == '\0' && x->in_cell) {
            x->in_cell = 0;
            x->in_is = 0;
            cell_end(x);
        }
        break;
    case 'i':
        if (strcmp(name, "is") == 0)
            x->in_is = 0;
        break;
    case 'r':
        if (strcmp(name, "rPh") == 0)
            x->in_rph--;
        break;
    case 's':
        if (strcmp(name, "sheetData") == 0)
            x->in_data = 0;
        break;
    default:
        break;
    }
}

static int read_sheet(xlsx *x, const wsheet *w, const rel *r)
{
    zentry *e = find_entry(x, r->target);
    if (!e)
        return tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：找不到工作表「%s」的内容（%s）", w->name,
                            r->target);
    if (e->used)
        return tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：工作表「%s」与另一张工作表指向同一内容", w->name);
    e->used = 1;
    x->ws = tz_book_add_sheet(x->b, w->name, w->hidden);
    x->in_data = x->in_cell = x->in_is = x->in_rph = 0;
    x->row = x->col = -1;
    return parse_part(x, e, ws_start, ws_end);
}

/* ---- OpenDocument spreadsheets (content.xml) ----------------------------- */

/* A repeat or span count: at least 1, capped so that sums cannot overflow. */
static int64_t count_attr(const char **atts, const char *name)
{
    int64_t n = parse_uint(attr(atts, name));
    return n < 1 ? 1 : n > (int64_t)1 << 31 ? (int64_t)1 << 31 : n;
}

/* Positions past the sheet limits fail in tz_sheet_put; keep them in uint32. */
static int64_t advance(int64_t pos, int64_t n)
{
    return pos + n > (int64_t)UINT32_MAX ? (int64_t)UINT32_MAX : pos + n;
}

/* "PT14H05M00S" (office:time-value) → fraction of a day; -1 when not one.
 * Summed in seconds so that 8:30 gives exactly what Excel stores. */
static double duration_days(const char *s)
{
    double secs = 0;
    int in_time = 0;
    if (!s || *s++ != 'P')
        return -1;
    while (*s) {
        if (*s == 'T') {
            in_time = 1;
            s++;
            continue;
        }
        char *end;
        double v = strtod(s, &end);
        if (end == s || !(v >= 0 && v < 1e9))
            return -1;
        if (*end == 'D' && !in_time)
            secs += v * 86400;
        else if (*end == 'H' && in_time)
            secs += v * 3600;
        else if (*end == 'M' && in_time)
            secs += v * 60;
        else if (*end == 'S' && in_time)
            secs += v;
        else
            return -1;
        s = end + 1;
    }
    return secs / 86400;
}

static void ods_cell_start(xlsx *x, const char **atts)
{
    const char *type = attr(atts, "value-type");
    x->in_cell = 1;
    x->col_repeat = count_attr(atts, "number-columns-repeated");
    x->col_span = count_attr(atts, "number-columns-spanned");
    x->row_span = count_attr(atts, "number-rows-spanned");
    x->cell_kind = TZ_CELL_EMPTY;
    x->npara = 0;
    x->len = 0;
    x->buf[0] = '\0';
    if (!type)
        return;
    if (attr_has(atts, "value-type", "error")) { /* LibreOffice: a string to ODF, an error to itself */
        x->cell_kind = TZ_CELL_ERROR;
    } else if (strcmp(type, "string") == 0) {
        x->cell_kind = TZ_CELL_TEXT;
    } else if (strcmp(type, "boolean") == 0) {
        x->cell_kind = TZ_CELL_BOOL;
        x->cell_num = is_true(attr(atts, "boolean-value"));
    } else if (strcmp(type, "date") == 0) {
        const char *v = attr(atts, "date-value");
        int has_time;
        double serial = v ? iso_serial(v, &has_time) : -1;
        if (serial >= 0) {
            x->cell_kind = has_time && serial != floor(serial) ? TZ_CELL_DATETIME : TZ_CELL_DATE;
            x->cell_num = x->cell_kind == TZ_CELL_DATE ? floor(serial) : serial;
        } else {
            x->cell_kind = TZ_CELL_TEXT; /* show what the cell displays */
        }
    } else if (strcmp(type, "time") == 0) {
        double d = duration_days(attr(atts, "time-value"));
        x->cell_kind = d >= 0 ? TZ_CELL_TIME : TZ_CELL_TEXT;
        x->cell_num = d;
    } else { /* float, percentage, currency */
        const char *v = attr(atts, "value");
        char *end;
        x->cell_num = v ? strtod(v, &end) : 0;
        x->cell_kind = v && end != v && !*end && isfinite(x->cell_num) ? TZ_CELL_NUMBER : TZ_CELL_TEXT;
    }
}

static void ods_cell_end(xlsx *x)
{
    x->in_cell = 0;
    x->collect = 0;
    if (x->cell_kind != TZ_CELL_EMPTY) {
        /* A repeated cell with a value is that value in every column. */
        for (int64_t k = 0; k < x->col_repeat && !x->b->fail_code; k++) {
            uint32_t col = (uint32_t)advance(x->col, k);
            if (x->cell_kind == TZ_CELL_TEXT || x->cell_kind == TZ_CELL_ERROR)
                tz_sheet_put(x->b, x->ws, (uint32_t)x->row, col, (tz_cell_type)x->cell_kind, 0, x->buf, x->len);
            else if (x->cell_kind == TZ_CELL_TIME) /* a duration: PT14H31M, or PT60H */
                tz_sheet_put_number(x->b, x->ws, (uint32_t)x->row, col, TZ_NUMFMT_ELAPSED, x->cell_num);
            else
                tz_sheet_put(x->b, x->ws, (uint32_t)x->row, col, (tz_cell_type)x->cell_kind, x->cell_num,
                             NULL, 0);
        }
    }
    if (x->col_span > 1 || x->row_span > 1) {
        tz_range r = { (uint32_t)x->row, (uint32_t)x->col, (uint32_t)advance(x->row, x->row_span - 1),
                       (uint32_t)advance(x->col, x->col_span - 1) };
        tz_sheet_add_merge(x->b, x->ws, r);
    }
    x->col = advance(x->col, x->col_repeat);
}

/* A repeated row with cells: copy them onto the following rows. */
static void ods_row_end(xlsx *x)
{
    size_t last = x->ws->ncells;
    x->in_row = 0;
    for (int64_t k = 1; k < x->row_repeat && x->row_first < last && !x->b->fail_code; k++)
        for (size_t i = x->row_first; i < last && !x->b->fail_code; i++) {
            tz_cell c = x->ws->cells[i]; /* a copy: tz_sheet_put may move the array */
            tz_sheet_put(x->b, x->ws, (uint32_t)advance(c.row, k), c.col, (tz_cell_type)c.type, c.num, c.text,
                         c.len);
        }
    x->row = advance(x->row, x->row_repeat);
}

static void ods_start(xlsx *x, const char *name, const char **atts)
{
    if (x->in_annotation) { /* comments are not cell text */
        x->in_annotation += strcmp(name, "annotation") == 0;
        return;
    }
    if (strcmp(name, "style") == 0) {
        const char *n = attr(atts, "name");
        x->style_name = n ? tz_arena_strdup(&x->scratch, n) : NULL;
    } else if (strcmp(name, "table-properties") == 0) {
        const char *d = attr(atts, "display");
        if (x->style_name && d && strcmp(d, "false") == 0) {
            if (x->nhidden == x->caphidden) {
                x->caphidden = x->caphidden ? x->caphidden * 2 : 4;
                x->hidden_styles = tz_xrealloc(x->hidden_styles, x->caphidden * sizeof *x->hidden_styles);
            }
            x->hidden_styles[x->nhidden++] = x->style_name;
        }
    } else if (strcmp(name, "table") == 0 && !x->in_table) {
        const char *n = attr(atts, "name"), *st = attr(atts, "style-name");
        int hidden = 0;
        for (size_t i = 0; st && i < x->nhidden; i++)
            hidden |= strcmp(x->hidden_styles[i], st) == 0;
        x->ws = tz_book_add_sheet(x->b, n ? n : tz_arena_printf(&x->scratch, "Sheet%zu", x->b->nsheets + 1),
                                  hidden);
        x->in_table = 1;
        x->row = 0;
    } else if (!x->in_table) {
        return;
    } else if (strcmp(name, "table-row") == 0) {
        x->in_row = 1;
        x->row_repeat = count_attr(atts, "number-rows-repeated");
        x->row_first = x->ws->ncells;
        x->col = 0;
    } else if (x->in_row && (strcmp(name, "table-cell") == 0 || strcmp(name, "covered-table-cell") == 0)) {
        ods_cell_start(x, atts);
    } else if (strcmp(name, "annotation") == 0) {
        x->in_annotation = 1;
        x->collect = 0;
    } else if (x->in_cell && (x->cell_kind == TZ_CELL_TEXT || x->cell_kind == TZ_CELL_ERROR)) {
        if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
            if (x->npara++)
                append(x, "\n", 1);
            x->collect = 1;
        } else if (strcmp(name, "s") == 0) {
            int64_t n = count_attr(atts, "c");
            for (int64_t i = 0; i < n && !x->b->fail_code; i++)
                append(x, " ", 1);
        } else if (strcmp(name, "tab") == 0) {
            append(x, "\t", 1);
        } else if (strcmp(name, "line-break") == 0) {
            append(x, "\n", 1);
        }
    }
}

static void ods_end(xlsx *x, const char *name)
{
    if (x->in_annotation) {
        x->in_annotation -= strcmp(name, "annotation") == 0;
        return;
    }
    if (!x->in_table)
        return;
    if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0)
        x->collect = 0;
    else if (x->in_cell && (strcmp(name, "table-cell") == 0 || strcmp(name, "covered-table-cell") == 0))
        ods_cell_end(x);
    else if (x->in_row && strcmp(name, "table-row") == 0)
        ods_row_end(x);
    else if (strcmp(name, "table") == 0)
        x->in_table = 0;
}

/* The manifest lists <encryption-data> for each encrypted part. */
static void manifest_start(xlsx *x, const char *name, const char **atts)
{
    (void)atts;
    if (strcmp(name, "encryption-data") == 0)
        x->root_ok = 0;
}

static int read_ods(xlsx *x, zentry *mime)
{
    static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";
    char m[sizeof ods];
    ereader r;
    if (entry_open(x, &r, mime) != 0)
        return -1;
    size_t n = 0;
    long got;
    while (n < sizeof m && (got = entry_read(x, &r, (unsigned char *)m + n, sizeof m - n)) > 0)
        n += (size_t)got;
    entry_close(x, &r);
    if (x->b->fail_code)
        return -1;
    if (n != sizeof ods - 1 || memcmp(m, ods, n) != 0)
        return tz_book_fail(x->b, "E-FORMAT",
                            "这是 OpenDocument 文档，但不是电子表格；请报送 Excel 工作簿（.xlsx 或 .xls）");
    zentry *manifest = find_entry(x, "META-INF/manifest.xml");
    x->root_ok = 1;
    if (manifest && parse_part(x, manifest, manifest_start, no_end) != 0)
        return -1;
    if (!x->root_ok)
        return tz_book_fail(x->b, "E-ENCRYPTED", "工作簿已加密；请去掉密码后重新报送");
    zentry *content = find_entry(x, "content.xml");
    if (!content)
        return tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：OpenDocument 表格中没有 content.xml");
    return parse_part(x, content, ods_start, ods_end);
}

/* ---- the package -------------------------------------------------------- */

static int not_a_workbook(xlsx *x)
{
    const char *what = find_entry(x, "word/document.xml")      ? "（这是 Word 文档）"
                       : find_entry(x, "ppt/presentation.xml") ? "（这是 PowerPoint 演示文稿）"
                                                               : "（压缩包里没有 Excel 工作簿的内容）";
    return tz_book_fail(x->b, "E-FORMAT", "不是 Excel 工作簿%s；请报送 Excel 工作簿（.xlsx 或 .xls）", what);
}

static int read_package(xlsx *x)
{
    if (index_entries(x) != 0)
        return -1;
    zentry *mime = find_entry(x, "mimetype");
    if (mime && !find_entry(x, "_rels/.rels"))
        return read_ods(x, mime);
    if (read_rels(x, "") != 0)
        return -1;
    const rel *doc = rel_by_type(x, "officeDocument");
    zentry *wbe = doc ? find_entry(x, doc->target) : NULL;
    if (!wbe)
        return not_a_workbook(x);
    size_t tl = strlen(doc->target);
    if (tl > 4 && strcasecmp(doc->target + tl - 4, ".bin") == 0)
        return tz_book_fail(x->b, "E-FORMAT",
                            "这是 Excel 二进制工作簿（.xlsb），暂不支持；请另存为 Excel 工作簿（.xlsx）");
    const char *wb = wbe->name;
    if (parse_part(x, wbe, wb_start, wb_end) != 0)
        return -1;
    if (!x->root_ok)
        return not_a_workbook(x);
    if (read_rels(x, wb) != 0)
        return -1;
    const rel *styles = rel_by_type(x, "styles");
    zentry *e = styles ? find_entry(x, styles->target) : NULL;
    if (e && parse_part(x, e, styles_start, styles_end) != 0)
        return -1;
    resolve_styles(x);
    const rel *sst = rel_by_type(x, "sharedStrings");
    e = sst ? find_entry(x, sst->target) : NULL;
    if (e && parse_part(x, e, sst_start, sst_end) != 0)
        return -1;
    for (size_t i = 0; i < x->nsheets; i++) {
        const rel *r = rel_by_id(x, x->sheets[i].rid);
        if (!r)
            return tz_book_fail(x->b, "E-CORRUPT", "文件已损坏：找不到工作表「%s」的内容", x->sheets[i].name);
        if (strcmp(r->type, "worksheet") != 0)
            continue; /* chartsheets, dialog and macro sheets hold no cells */
        if (read_sheet(x, &x->sheets[i], r) != 0)
            return -1;
    }
    return 0;
}

int tz_read_xlsx(tz_book *b, const char *path)
{
    xlsx x;
    memset(&x, 0, sizeof x);
    x.b = b;
    x.zf = unzOpen64(path);
    if (!x.zf)
        return tz_book_fail(b, "E-CORRUPT", "文件不完整或已损坏（压缩包结构无效），请单位重新报送");
    x.in = tz_xmalloc(IN_CHUNK);
    x.cap = 4096;
    x.buf = tz_xmalloc(x.cap);
    x.maxlen = (size_t)b->limits->max_cell_chars * 7 + 16; /* 7: "_x4E00_" is one character */
    int rc = read_package(&x);
    unzClose(x.zf);
    free(x.in);
    free(x.buf);
    free(x.entries);
    free(x.rels);
    free(x.sheets);
    free(x.sst);
    free(x.fmts);
    free(x.xf_fmt);
    free(x.xf_kind);
    free(x.hidden_styles);
    tz_arena_free(&x.scratch);
    return rc;
}
