/*
 * read_xls.c — Excel 5.0–2003 workbooks (.xls, BIFF5 and BIFF8 in a compound file).
 *
 * libgsf opens the compound file; the Workbook stream's BIFF records are
 * walked here and give every cell.  freexl is not used as the cell source:
 * measured on Debian 12's freexl 1.0.6 it returns formula cells (=SUM totals)
 * as empty, booleans as 1/0, shows every date after 2100-02-28 wrong (it
 * treats 2100 as a leap year: 9999-12-31 comes back as 9999-11-01), cannot
 * read a Workbook stream under 4 KiB (SheetJS writes those), allocates the
 * whole DIMENSIONS grid, and spends ~30 µs per date cell.  The records it
 * would read for us (SST, LABELSST, LABEL, NUMBER, RK, MULRK) are a small
 * part of what the walk must parse anyway for formulas, booleans, errors,
 * merges, hidden sheets and date formats.
 *
 * Excel 5.0/95 workbooks (BIFF5, a "Book" stream) are read by the same walk:
 * their strings are 8-bit, in the code page of the CODEPAGE record (936 is
 * GBK), turned into UTF-8 with iconv; they have no shared-string table.
 *
 * Records are untrusted: every length is checked against its record, the
 * stream is read in chunks, and the walk only moves forward (or seeks to the
 * start of each sheet once), so it always ends.
 */
#include "book.h"
#include "numfmt.h"

#include <gsf/gsf-infile.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

enum {
    REC_FORMULA = 0x0006,
    REC_EOF = 0x000A,
    REC_DATEMODE = 0x0022,
    REC_FILEPASS = 0x002F,
    REC_CODEPAGE = 0x0042,
    REC_CONTINUE = 0x003C,
    REC_BOUNDSHEET = 0x0085,
    REC_MULRK = 0x00BD,
    REC_RSTRING = 0x00D6,
    REC_XF = 0x00E0,
    REC_MERGEDCELLS = 0x00E5,
    REC_SST = 0x00FC,
    REC_LABELSST = 0x00FD,
    REC_NUMBER = 0x0203,
    REC_LABEL = 0x0204,
    REC_BOOLERR = 0x0205,
    REC_STRING = 0x0207,
    REC_RK = 0x027E,
    REC_FORMAT = 0x041E,
    REC_BOF = 0x0809
};
enum { BOF_GLOBALS = 0x0005, BOF_WORKSHEET = 0x0010, BIFF5 = 0x0500, BIFF8 = 0x0600 };
enum { CHUNK = 1 << 16 };

static const char MSG_ENCRYPTED[] = "文件设有打开密码，无法读取；请取消密码后重新报送";
static const char MSG_TRUNCATED[] =
    "文件不完整或已损坏（工作簿数据被截断）；请在 Excel 或 WPS 中重新保存后报送";

/* One BIFF record; SST and STRING records carry their CONTINUE records
 * appended, and seg[] marks where each CONTINUE began, because a string
 * split there repeats its compressed/uncompressed flag byte. */
typedef struct {
    uint16_t type;
    unsigned char *data;
    size_t len, cap;
    size_t *seg;
    size_t nseg, capseg;
} record;

typedef struct {
    GsfInput *in;
    gsf_off_t size;    /* of the stream */
    gsf_off_t off;     /* stream offset of chunk[0] */
    size_t cpos, clen; /* read position and fill of chunk */
    unsigned char chunk[CHUNK];
    int pending; /* a header was read ahead */
    uint16_t ptype, plen;
    record rec;
} reader;

typedef struct {
    const char *name;
    uint32_t pos; /* stream offset of the sheet's BOF */
    int hidden, type;
} sheetinfo;

typedef struct {
    const char *s;
    uint32_t len;
} sstr;

typedef struct {
    tz_book *b;
    reader rd;
    tz_arena tmp; /* sheet names and shared strings, freed at the end */
    char *text;   /* decoded string under construction */
    size_t tlen, tcap;
    unsigned char *fmt_kind; /* [65536]: tz_numfmt_kind + 1 when a FORMAT defined the id */
    unsigned char *xf_kind;  /* tz_numfmt_kind of each XF */
    size_t nxf, capxf;
    uint16_t *xf_fmt;
    sstr *sst;
    size_t nsst;
    sheetinfo *sheets;
    size_t nsheets, capsheets;
    int biff5;         /* Excel 5.0/95: 8-bit strings in `codepage` */
    unsigned codepage; /* of the CODEPAGE record; 1252 until one is read */
    iconv_t cd;        /* codepage → UTF-8, opened on first use; (iconv_t)-1 before */
} walker;

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain, (void)level, (void)msg, (void)data;
}

/* libgsf reports a damaged compound file with g_critical()/g_warning() on
 * stderr (some without a log domain) before returning its error; our own
 * issue says it in Chinese, so its English text is dropped.  Nothing else in
 * taizhang logs through glib. */
static void init_gsf(void)
{
    static const char *const domains[] = { NULL, "libgsf", "libgsf:msole", "libgsf:utils" };
    gsf_init();
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
        g_log_set_handler(domains[i], G_LOG_LEVEL_MASK, quiet, NULL);
}

static uint16_t u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double f64(const unsigned char *p)
{
    uint64_t bits = (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* ---- the chunked stream and its records ------------------------------- */

/* Copies n bytes of the stream; -1 when it ends first or libgsf fails. */
static int stream_read(reader *r, unsigned char *dst, size_t n)
{
    while (n > 0) {
        if (r->cpos == r->clen) {
            gsf_off_t at = r->off + (gsf_off_t)r->clen;
            gsf_off_t left = r->size - at;
            if (left <= 0)
                return -1;
            size_t want = left < CHUNK ? (size_t)left : CHUNK;
            if (!gsf_input_read(r->in, want, r->chunk))
                return -1;
            r->off = at;
            r->clen = want;
            r->cpos = 0;
        }
        size_t k = r->clen - r->cpos < n ? r->clen - r->cpos : n;
        memcpy(dst, r->chunk + r->cpos, k);
        r->cpos += k;
        dst += k;
        n -= k;
    }
    return 0;
}

static int stream_seek(reader *r, gsf_off_t pos)
{
    if (pos < 0 || pos >= r->size || gsf_input_seek(r->in, pos, G_SEEK_SET))
        return -1;
    r->off = pos;
    r->cpos = r->clen = 0;
    r->pending = 0;
    return 0;
}

/* Reads the next record header: 1, 0 at the end of the stream. */
static int read_header(reader *r, uint16_t *type, uint16_t *len)
{
    if (r->pending) {
        r->pending = 0;
        *type = r->ptype;
        *len = r->plen;
        return 1;
    }
    if (r->size - (r->off + (gsf_off_t)r->cpos) < 4)
        return 0; /* streams are padded; a partial header is padding */
    unsigned char h[4];
    if (stream_read(r, h, 4) != 0)
        return -1;
    *type = u16(h);
    *len = u16(h + 2);
    return 1;
}

static int append_body(reader *r, uint16_t len)
{
    record *rec = &r->rec;
    if (len == 0) /* an empty body: rec->data may still be NULL */
        return 0;
    if (rec->len + len > rec->cap) {
        rec->cap = (rec->len + len) * 2;
        rec->data = tz_xrealloc(rec->data, rec->cap);
    }
    if (stream_read(r, rec->data + rec->len, len) != 0)
        return -1;
    rec->len += len;
    return 0;
}

/* Reads the next record into r->rec: 1, 0 at the end, -1 truncated. */
static int next_record(reader *r)
{
    record *rec = &r->rec;
    uint16_t type, len;
    int rc = read_header(r, &type, &len);
    if (rc <= 0)
        return rc;
    rec->type = type;
    rec->len = 0;
    rec->nseg = 0;
    if (append_body(r, len) != 0)
        return -1;
    if (type != REC_SST && type != REC_STRING)
        return 1;
    while ((rc = read_header(r, &type, &len)) == 1 && type == REC_CONTINUE) {
        if (rec->nseg == rec->capseg) {
            rec->capseg = rec->capseg ? rec->capseg * 2 : 16;
            rec->seg = tz_xrealloc(rec->seg, rec->capseg * sizeof *rec->seg);
        }
        rec->seg[rec->nseg++] = rec->len;
        if (append_body(r, len) != 0)
            return -1;
    }
    if (rc < 0)
        return -1;
    if (rc == 1) {
        r->pending = 1;
        r->ptype = type;
        r->plen = len;
    }
    return 1;
}

/* ---- strings ---------------------------------------------------------- */

/* A read position in a record that knows where the CONTINUE segments start. */
typedef struct {
    const record *rec;
    size_t pos, iseg;
} cursor;

static void text_put(walker *w, const char *s, size_t n)
{
    if (w->tlen + n > w->tcap) {
        w->tcap = (w->tlen + n) * 2;
        w->text = tz_xrealloc(w->text, w->tcap);
    }
    memcpy(w->text + w->tlen, s, n);
    w->tlen += n;
}

static void text_cp(walker *w, uint32_t cp)
{
    uint8_t u[4];
    int n = u8_uctomb(u, cp, sizeof u); /* callers pass no surrogates */
    if (n > 0)
        text_put(w, (const char *)u, (size_t)n);
}

/*
 * Decodes a BIFF8 Unicode string at the cursor into w->text (UTF-8):
 * character count of cch_size bytes, flags, [runs], [ext size], characters,
 * [runs], [ext].  `rich` allows the rich-text and phonetic parts (SST only).
 * Returns 0, or -1 when the record ends first.
 */
static int read_ustr(walker *w, cursor *c, int cch_size, int rich)
{
    const record *rec = c->rec;
    const unsigned char *p = rec->data;
    w->tlen = 0;
    if (c->pos + (size_t)cch_size + 1 > rec->len)
        return -1;
    size_t cch = cch_size == 1 ? p[c->pos] : u16(p + c->pos);
    c->pos += (size_t)cch_size;
    unsigned flags = p[c->pos++];
    size_t runs = 0, ext = 0;
    if (rich && (flags & 0x08)) {
        if (c->pos + 2 > rec->len)
            return -1;
        runs = u16(p + c->pos);
        c->pos += 2;
    }
    if (rich && (flags & 0x04)) {
        if (c->pos + 4 > rec->len)
            return -1;
        ext = u32(p + c->pos);
        c->pos += 4;
    }
    uint32_t high = 0; /* a high surrogate waiting for its low half */
    while (c->iseg < rec->nseg && rec->seg[c->iseg] < c->pos)
        c->iseg++;
    for (size_t i = 0; i < cch; i++) {
        if (c->iseg < rec->nseg && rec->seg[c->iseg] == c->pos) {
            if (c->pos >= rec->len)
                return -1;
            flags = p[c->pos++]; /* the string goes on in a CONTINUE */
            c->iseg++;
        }
        uint32_t u;
        if (flags & 0x01) {
            if (c->pos + 2 > rec->len)
                return -1;
            u = u16(p + c->pos);
            c->pos += 2;
        } else {
            if (c->pos >= rec->len)
                return -1;
            u = p[c->pos++];
        }
        if (high && u >= 0xDC00 && u <= 0xDFFF) {
            text_cp(w, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
            high = 0;
            continue;
        }
        if (high)
            text_cp(w, 0xFFFD);
        high = 0;
        if (u >= 0xD800 && u <= 0xDBFF)
            high = u;
        else
            text_cp(w, u >= 0xDC00 && u <= 0xDFFF ? 0xFFFD : u);
    }
    if (high)
        text_cp(w, 0xFFFD);
    size_t skip = runs * 4 + ext;
    if (skip > rec->len - c->pos)
        return -1;
    c->pos += skip;
    return 0;
}

/* The iconv name of a Windows code page (CODEPAGE record).  GB18030 reads
 * every GBK byte sequence the same and more; an unknown page is read as
 * Windows-1252, Excel's own default. */
static const char *codepage_name(unsigned cp)
{
    switch (cp) {
    case 367:
        return "ASCII";
    case 437:
        return "CP437";
    case 850:
        return "CP850";
    case 852:
        return "CP852";
    case 866:
        return "CP866";
    case 874:
        return "CP874";
    case 932:
        return "CP932";
    case 936:
        return "GB18030";
    case 949:
        return "CP949";
    case 950:
        return "BIG5";
    case 1250:
        return "CP1250";
    case 1251:
        return "CP1251";
    case 1253:
        return "CP1253";
    case 1254:
        return "CP1254";
    case 1255:
        return "CP1255";
    case 1256:
        return "CP1256";
    case 1257:
        return "CP1257";
    case 1258:
        return "CP1258";
    case 10000:
    case 32768:
        return "MACINTOSH";
    default:
        return "CP1252";
    }
}

/*
 * Decodes n bytes of a BIFF5 byte string into w->text (UTF-8) through the
 * workbook's code page (936 through GB18030, with 936's own euro byte).  A
 * byte sequence the code page does not define becomes U+FFFD, one byte at a
 * time, so nothing stops the walk.
 */
static void decode_bytes(walker *w, const unsigned char *src, size_t n)
{
    w->tlen = 0;
    if (w->cd == (iconv_t)-1) {
        w->cd = iconv_open("UTF-8", codepage_name(w->codepage));
        if (w->cd == (iconv_t)-1)
            w->cd = iconv_open("UTF-8", "CP1252");
    }
    if (w->tcap < 4 * n + 4) { /* a byte gives at most 3 UTF-8 bytes (U+FFFD too) */
        w->tcap = 4 * n + 4;
        w->text = tz_xrealloc(w->text, w->tcap);
    }
    char *in = (char *)src, *out = w->text;
    size_t inleft = n, outleft = w->tcap;
    while (inleft > 0) {
        if ((unsigned char)*in < 0x80) { /* ASCII in every code page here */
            *out++ = *in++;
            inleft--;
            outleft--;
            continue;
        }
        /* Room for 4 bytes a byte: iconv stops only at a bad or cut sequence. */
        if (w->cd != (iconv_t)-1 && iconv(w->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
            break;
        const char *u = w->codepage == 936 ? tz_cp936_byte((unsigned char)*in) : NULL;
        memcpy(out, u ? u : "\xEF\xBF\xBD", 3);
        out += 3;
        outleft -= 3;
        in++;
        inleft--;
        if (w->cd != (iconv_t)-1)
            iconv(w->cd, NULL, NULL, NULL, NULL); /* drop a half-read character */
    }
    w->tlen = (size_t)(out - w->text);
}

/*
 * A string at the cursor as this BIFF writes it: BIFF8 Unicode (read_ustr),
 * or a BIFF5 byte string of a cch_size-byte length.  Returns 0, or -1 when
 * the record ends first.
 */
static int read_str(walker *w, cursor *c, int cch_size, int rich)
{
    if (!w->biff5)
        return read_ustr(w, c, cch_size, rich);
    const record *rec = c->rec;
    if (c->pos + (size_t)cch_size > rec->len)
        return -1;
    size_t cch = cch_size == 1 ? rec->data[c->pos] : u16(rec->data + c->pos);
    c->pos += (size_t)cch_size;
    if (cch > rec->len - c->pos)
        return -1;
    decode_bytes(w, rec->data + c->pos, cch);
    c->pos += cch;
    return 0;
}

/* ---- workbook globals ------------------------------------------------- */

static tz_numfmt_kind fmt_kind(const walker *w, uint16_t ifmt)
{
    if (w->fmt_kind[ifmt])
        return (tz_numfmt_kind)(w->fmt_kind[ifmt] - 1);
    return tz_numfmt_builtin(ifmt);
}

static void read_sst(walker *w)
{
    const record *rec = &w->rd.rec;
    if (rec->len < 8)
        return;
    /* Each string takes at least 3 bytes, so a hostile count cannot make us allocate much. */
    size_t n = u32(rec->data + 4);
    if (n > rec->len / 3)
        n = rec->len / 3;
    free(w->sst); /* a second SST record replaces the first */
    w->sst = tz_xcalloc(n ? n : 1, sizeof *w->sst);
    cursor c = { rec, 8, 0 };
    for (w->nsst = 0; w->nsst < n && c.pos < rec->len; w->nsst++) {
        if (read_ustr(w, &c, 2, 1) != 0)
            break;
        w->sst[w->nsst].s = tz_arena_strndup(&w->tmp, w->text, w->tlen);
        w->sst[w->nsst].len = (uint32_t)w->tlen;
    }
}

static void read_boundsheet(walker *w)
{
    const record *rec = &w->rd.rec;
    if (rec->len < 7)
        return;
    cursor c = { rec, 6, 0 };
    if (read_str(w, &c, 1, 0) != 0)
        return;
    if (w->nsheets == w->capsheets) {
        w->capsheets = w->capsheets ? w->capsheets * 2 : 8;
        w->sheets = tz_xrealloc(w->sheets, w->capsheets * sizeof *w->sheets);
    }
    sheetinfo *si = &w->sheets[w->nsheets++];
    si->name = tz_arena_strndup(&w->tmp, w->text, w->tlen);
    si->pos = u32(rec->data);
    si->hidden = (rec->data[4] & 3) != 0; /* 1 hidden, 2 very hidden */
    si->type = rec->data[5];              /* 0 worksheet, 1 macro, 2 chart, 6 VB module */
}

/* Reads the globals substream up to its EOF.  Returns 0 or -1 (failed). */
static int read_globals(walker *w)
{
    tz_book *b = w->b;
    reader *r = &w->rd;
    int rc = next_record(r);
    if (rc < 0)
        return tz_book_fail(b, "E-CORRUPT", "%s", MSG_TRUNCATED);
    if (rc == 0 || r->rec.type != REC_BOF || r->rec.len < 4)
        return tz_book_fail(b, "E-CORRUPT",
                            "文件已损坏：工作簿数据不以 BOF 记录开头；请在 Excel 或 WPS 中重新保存后报送");
    /* Excel 5.0 and 95 both write BIFF5. */
    uint16_t version = u16(r->rec.data);
    if (version == BIFF5)
        w->biff5 = 1;
    else if (version != BIFF8)
        return tz_book_fail(
            b, "E-FORMAT",
            "这是 Excel 5.0 之前版本的工作簿，无法读取；请在 Excel 或 WPS 中另存为 Excel 工作簿（.xlsx）后报送");
    if (u16(r->rec.data + 2) != BOF_GLOBALS)
        return tz_book_fail(b, "E-CORRUPT",
                            "文件已损坏：缺少工作簿全局信息；请在 Excel 或 WPS 中重新保存后报送");
    while ((rc = next_record(r)) == 1) {
        const record *rec = &r->rec;
        switch (rec->type) {
        case REC_EOF:
            return 0;
        case REC_FILEPASS:
            return tz_book_fail(b, "E-ENCRYPTED", "%s", MSG_ENCRYPTED);
        case REC_DATEMODE:
            if (rec->len >= 2)
                b->date1904 = u16(rec->data) == 1;
            break;
        case REC_CODEPAGE:
            if (rec->len >= 2 && u16(rec->data) != w->codepage) {
                w->codepage = u16(rec->data);
                if (w->cd != (iconv_t)-1)
                    iconv_close(w->cd);
                w->cd = (iconv_t)-1;
            }
            break;
        case REC_FORMAT:
            if (rec->len >= 2) {
                cursor c = { rec, 2, 0 };
                if (read_str(w, &c, w->biff5 ? 1 : 2, 0) == 0) {
                    text_put(w, "", 1);
                    w->fmt_kind[u16(rec->data)] = (unsigned char)(tz_numfmt_classify(w->text) + 1);
                }
            }
            break;
        case REC_XF:
            if (rec->len >= 4) {
                if (w->nxf == w->capxf) {
                    w->capxf = w->capxf ? w->capxf * 2 : 64;
                    w->xf_fmt = tz_xrealloc(w->xf_fmt, w->capxf * sizeof *w->xf_fmt);
                }
                w->xf_fmt[w->nxf++] = u16(rec->data + 2);
            }
            break;
        case REC_SST:
            if (!w->biff5)
                read_sst(w);
            break;
        case REC_BOUNDSHEET:
            read_boundsheet(w);
            break;
        default:
            break;
        }
    }
    if (rc < 0)
        return tz_book_fail(b, "E-CORRUPT", "%s", MSG_TRUNCATED);
    return tz_book_fail(b, "E-CORRUPT",
                        "文件已损坏：工作簿全局信息不完整；请在 Excel 或 WPS 中重新保存后报送");
}

/* ---- worksheets ------------------------------------------------------- */

static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        v = (double)(int32_t)(rk & 0xFFFFFFFCu) / 4; /* a signed 30-bit integer */
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

/* A number cell: a date when its XF's format is a date format. */
static int put_number(walker *w, tz_sheet *s, uint32_t row, uint32_t col, uint16_t ixfe, double v)
{
    tz_numfmt_kind k = ixfe < w->nxf ? (tz_numfmt_kind)w->xf_kind[ixfe] : TZ_NUMFMT_NUMBER;
    return tz_sheet_put_number(w->b, s, row, col, k, v);
}

static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00:
        return "#NULL!";
    case 0x07:
        return "#DIV/0!";
    case 0x0F:
        return "#VALUE!";
    case 0x17:
        return "#REF!";
    case 0x1D:
        return "#NAME?";
    case 0x24:
        return "#NUM!";
    case 0x2B:
        return "#GETTING_DATA";
    default:
        return "#N/A";
    }
}

static int put_boolerr(walker *w, tz_sheet *s, uint32_t row, uint32_t col, unsigned value, int is_error)
{
    if (is_error) {
        const char *e = error_text(value);
        return tz_sheet_put(w->b, s, row, col, TZ_CELL_ERROR, 0, e, strlen(e));
    }
    return tz_sheet_put(w->b, s, row, col, TZ_CELL_BOOL, value != 0, NULL, 0);
}

static int read_merges(walker *w, tz_sheet *s)
{
    const record *rec = &w->rd.rec;
    if (rec->len < 2)
        return 0;
    size_t n = u16(rec->data);
    if (n > (rec->len - 2) / 8)
        n = (rec->len - 2) / 8;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = rec->data + 2 + i * 8;
        tz_range m = { u16(p), u16(p + 4), u16(p + 2), u16(p + 6) };
        if (tz_sheet_add_merge(w->b, s, m) != 0)
            return -1;
    }
    return 0;
}

/* Handles one record of a worksheet; str_row and str_col remember a formula
 * whose cached string arrives in the next STRING record (*want_str). */
static int sheet_record(walker *w, tz_sheet *s, int *want_str, uint32_t *str_row, uint32_t *str_col)
{
    const record *rec = &w->rd.rec;
    const unsigned char *p = rec->data;
    size_t len = rec->len;
    if (rec->type == REC_STRING) {
        if (!*want_str)
            return 0;
        *want_str = 0;
        cursor c = { rec, 0, 0 };
        if (read_str(w, &c, 2, 0) != 0)
            return 0;
        return tz_sheet_put(w->b, s, *str_row, *str_col, TZ_CELL_TEXT, 0, w->text, w->tlen);
    }
    if (rec->type == REC_MERGEDCELLS)
        return read_merges(w, s);
    if (len < 6)
        return 0;
    uint32_t row = u16(p), col = u16(p + 2);
    uint16_t ixfe = u16(p + 4);
    switch (rec->type) {
    case REC_NUMBER:
        *want_str = 0;
        return len < 14 ? 0 : put_number(w, s, row, col, ixfe, f64(p + 6));
    case REC_RK:
        *want_str = 0;
        return len < 10 ? 0 : put_number(w, s, row, col, ixfe, rk_value(u32(p + 6)));
    case REC_MULRK:
        *want_str = 0;
        for (size_t i = 0; 4 + i * 6 + 6 <= len - 2; i++) {
            const unsigned char *q = p + 4 + i * 6;
            if (put_number(w, s, row, col + (uint32_t)i, u16(q), rk_value(u32(q + 2))) != 0)
                return -1;
        }
        return 0;
    case REC_LABELSST: {
        *want_str = 0;
        if (len < 10)
            return 0;
        uint32_t i = u32(p + 6);
        if (i >= w->nsst) {
            char index[16];
            snprintf(index, sizeof index, "%u", (unsigned)i);
            tz_sheet_missing_string(w->b, s, row, col, index, w->nsst);
            return 0;
        }
        return tz_sheet_put(w->b, s, row, col, TZ_CELL_TEXT, 0, w->sst[i].s, w->sst[i].len);
    }
    case REC_LABEL:
    case REC_RSTRING: {
        *want_str = 0;
        cursor c = { rec, 6, 0 };
        if (read_str(w, &c, 2, 0) != 0)
            return 0;
        return tz_sheet_put(w->b, s, row, col, TZ_CELL_TEXT, 0, w->text, w->tlen);
    }
    case REC_BOOLERR:
        *want_str = 0;
        return len < 8 ? 0 : put_boolerr(w, s, row, col, p[6], p[7] != 0);
    case REC_FORMULA:
        *want_str = 0;
        if (len < 14)
            return 0;
        /* The cached result: a double, or a tagged value when bytes 6–7 are FFFF. */
        if (u16(p + 12) != 0xFFFF)
            return put_number(w, s, row, col, ixfe, f64(p + 6));
        switch (p[6]) {
        case 0: /* string: the next STRING record */
            *want_str = 1;
            *str_row = row;
            *str_col = col;
            return 0;
        case 1:
            return put_boolerr(w, s, row, col, p[8], 0);
        case 2:
            return put_boolerr(w, s, row, col, p[8], 1);
        default: /* 3: empty string */
            return 0;
        }
    default:
        return 0;
    }
}

/* Reads the sheet whose BOF is at si->pos; a chart or macro sheet is skipped. */
static int read_sheet(walker *w, const sheetinfo *si)
{
    reader *r = &w->rd;
    if (stream_seek(r, si->pos) != 0 || next_record(r) != 1 || r->rec.type != REC_BOF || r->rec.len < 4)
        return tz_book_fail(w->b, "E-CORRUPT",
                            "文件已损坏：找不到工作表「%s」的数据；请在 Excel 或 WPS 中重新保存后报送",
                            si->name);
    if (u16(r->rec.data + 2) != BOF_WORKSHEET)
        return 0;
    tz_sheet *s = tz_book_add_sheet(w->b, si->name, si->hidden);
    int depth = 1, want_str = 0, rc;
    uint32_t str_row = 0, str_col = 0;
    /* An embedded chart is a BOF…EOF substream inside the sheet's own. */
    while ((rc = next_record(r)) == 1) {
        if (r->rec.type == REC_BOF) {
            depth++;
        } else if (r->rec.type == REC_EOF) {
            if (--depth == 0)
                return 0;
        } else if (depth == 1 && sheet_record(w, s, &want_str, &str_row, &str_col) != 0) {
            return -1;
        }
    }
    if (rc < 0)
        return tz_book_fail(w->b, "E-CORRUPT", "%s", MSG_TRUNCATED);
    return 0; /* a sheet without its EOF: keep what was read */
}

static int walk(walker *w)
{
    if (read_globals(w) != 0)
        return -1;
    w->xf_kind = tz_xmalloc(w->nxf ? w->nxf : 1);
    for (size_t i = 0; i < w->nxf; i++)
        w->xf_kind[i] = (unsigned char)fmt_kind(w, w->xf_fmt[i]);
    for (size_t i = 0; i < w->nsheets; i++)
        if (w->sheets[i].type == 0 && read_sheet(w, &w->sheets[i]) != 0)
            return -1;
    return 0;
}

/* ---- the compound file ------------------------------------------------- */

/* The child stream whose name matches (case-insensitively), or NULL; sets
 * *damaged when the stream is listed but libgsf cannot open it. */
static GsfInput *child(GsfInfile *ole, const char *name, int *damaged)
{
    int n = gsf_infile_num_children(ole);
    for (int i = 0; i < n; i++) {
        const char *cn = gsf_infile_name_by_index(ole, i);
        if (cn && strcasecmp(cn, name) == 0) {
            GsfInput *in = gsf_infile_child_by_index(ole, i);
            *damaged |= in == NULL;
            return in;
        }
    }
    return NULL;
}

static int read_ole(tz_book *b, GsfInfile *ole)
{
    int damaged = 0;
    GsfInput *in = child(ole, "EncryptedPackage", &damaged);
    if (in) {
        g_object_unref(in);
        return tz_book_fail(b, "E-ENCRYPTED", "%s", MSG_ENCRYPTED);
    }
    in = child(ole, "Workbook", &damaged);
    if (!in)
        in = child(ole, "Book", &damaged); /* Excel 5.0/95 */
    if (!in) {
        if (damaged)
            return tz_book_fail(b, "E-CORRUPT", "%s", MSG_TRUNCATED);
        return tz_book_fail(
            b, "E-FORMAT",
            "这是 Word 或其他 Office 文档，不是 Excel 工作簿；请报送 Excel 工作簿（.xlsx 或 .xls）");
    }
    walker *w = tz_xcalloc(1, sizeof *w);
    w->b = b;
    w->rd.in = in;
    w->rd.size = gsf_input_size(in);
    w->fmt_kind = tz_xcalloc(65536, 1);
    w->codepage = 1252;
    w->cd = (iconv_t)-1;
    int rc = walk(w);
    if (w->cd != (iconv_t)-1)
        iconv_close(w->cd);
    g_object_unref(in);
    free(w->rd.rec.data);
    free(w->rd.rec.seg);
    free(w->text);
    free(w->fmt_kind);
    free(w->xf_kind);
    free(w->xf_fmt);
    free(w->sst);
    free(w->sheets);
    tz_arena_free(&w->tmp);
    free(w);
    return rc;
}

int tz_read_xls(tz_book *b, const char *path)
{
    pthread_once(&gsf_once, init_gsf);
    GError *err = NULL;
    GsfInput *file = gsf_input_stdio_new(path, &err);
    if (!file) {
        tz_book_fail(b, "E-OPEN", "无法打开：%s", err ? err->message : "未知错误");
        g_clear_error(&err);
        return -1;
    }
    GsfInfile *ole = gsf_infile_msole_new(file, &err);
    g_clear_error(&err);
    int rc;
    if (!ole) {
        rc = tz_book_fail(b, "E-CORRUPT",
                          "文件已损坏（复合文档结构无效，可能被截断），无法作为 Excel 97-2003 工作簿读取；"
                          "请在 Excel 或 WPS 中重新保存后报送");
    } else {
        rc = read_ole(b, ole);
        g_object_unref(ole);
    }
    g_object_unref(file);
    return rc;
}
