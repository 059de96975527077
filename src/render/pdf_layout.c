/*
 * pdf_layout.c — Markdown → GB/T 9704 style PDF with libharu 2.3.0 (see
 * pdf_layout.h and docs/summary.md).
 *
 * libharu cannot break Chinese lines (MeasureText counts bytes, TextRect
 * draws nothing), so every paragraph is shaped here: UTF-8 decoded, each
 * character given the first configured font that has its glyph, measured
 * with HPDF_Font_GetUnicodeWidth, broken at UAX #14 opportunities
 * (libunistring) minus the 避头尾 pairs, and justified with the character
 * spacing.  md4c's callbacks lay each block out as soon as it is complete.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <unilbrk.h>
#include <unistr.h>

#include "arena.h"
#include "doc_model.h"
#include "issue.h"
#include "pdf_layout.h"
#include "tmpl.h"

/* ---- page geometry (GB/T 9704-2012 §5.2), in points -------------------- */

#define MM             (72.0 / 25.4)
#define PAGE_W         (210.0 * MM)
#define PAGE_H         (297.0 * MM)
#define AREA_L         (28.0 * MM)
#define AREA_W         (156.0 * MM)
#define AREA_TOP       (PAGE_H - 37.0 * MM)
#define AREA_H         (225.0 * MM)
#define LINES_PER_PAGE 22
#define CHARS_PER_LINE 28
#define PITCH          (AREA_H / LINES_PER_PAGE)
#define BODY_SIZE      16.0
#define TITLE_SIZE     22.0
#define FOLIO_SIZE     14.0
/* Tracking that puts exactly 28 body characters (27 gaps) in the text width. */
#define BODY_TRACK ((AREA_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1))
#define EPS        0.01

/* ---- fonts --------------------------------------------------------------- */

enum { F_SONG, F_HEI, F_KAI, F_FANG, NFACES };
static const char *const face_names[NFACES] = { "宋体", "黑体", "楷体", "仿宋" };

/* Text styles: which face a character wants first. */
enum { S_BODY = TZ_ST_BODY, S_HEI = TZ_ST_HEI, S_KAI = TZ_ST_KAI, S_SONG = TZ_ST_SONG };

typedef struct {
    HPDF_Font font;
    HPDF_FontDef def; /* for the glyph coverage test */
    /* Width (1/1000 em) of each BMP character, NO_GLYPH, or 0 not yet asked:
     * libharu looks glyphs up by a linear walk of the cmap, which made it the
     * largest cost of a long summary.  Shared by roles that use one file. */
    int32_t *metric;
} face;

enum { NO_GLYPH = -1, METRIC_KNOWN = 1 << 24 };

#define MAX_REPORTED 64

typedef struct {
    const tz_config *cfg;
    HPDF_Doc pdf;
    HPDF_Page page;
    HPDF_STATUS err; /* first libharu error, from the handler */
    HPDF_STATUS detail;
    int calls_failed; /* a drawing call returned non-OK */
    face faces[NFACES];
    int body_face; /* F_FANG, or F_SONG without a 仿宋 */
    int pageno;
    double used; /* height used in the text area of this page */
    int figures; /* charts drawn so far (图1, 图2 …) */
    uint32_t reported[MAX_REPORTED];
    size_t nreported;
} doc;

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    doc *d = user_data;
    if (!d->err) {
        d->err = error_no;
        d->detail = detail_no;
    }
}

/* Records a failed drawing call; libharu keeps going, we report at the end. */
static void chk(doc *d, HPDF_STATUS st)
{
    if (st != HPDF_OK)
        d->calls_failed++;
}

/*
 * The fonts `make` prepares (build/fonts, docs/summary.md), found from the
 * executable: ./taizhang at the top of the repository, build/rel/taizhang,
 * or PREFIX/bin/taizhang with PREFIX/share/taizhang/fonts.  `buf` holds
 * the path returned; NULL when none is there.
 */
static const char *prepared_font(int role, char *buf, size_t size)
{
    static const char *const file[NFACES] = { "song.ttf", "hei.ttf", "kai.ttf", NULL };
    static const char *const rel[] = { "build/fonts", "../fonts", "../share/taizhang/fonts" };
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (!file[role] || n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        int k = snprintf(buf, size, "%s/%s/%s", exe, rel[i], file[role]);
        if (k > 0 && (size_t)k < size && access(buf, R_OK) == 0)
            return buf;
    }
    return NULL;
}

/* The prepared font of a role, else the raw Debian font (slower, larger). */
static const char *default_font(int role, char *buf, size_t size)
{
    static const char *const song[] = { "/usr/share/fonts/truetype/arphic/uming.ttc", NULL };
    static const char *const hei[] = { "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", NULL };
    static const char *const kai[] = { "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
                                       "/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf",
                                       "/usr/share/fonts/truetype/arphic/ukai.ttc", NULL };
    const char *prepared = prepared_font(role, buf, size);
    if (prepared)
        return prepared;
    const char *const *list = role == F_SONG ? song : role == F_HEI ? hei : kai;
    for (; *list; list++)
        if (access(*list, R_OK) == 0)
            return *list;
    return NULL;
}

static int has_suffix_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int load_face(doc *d, int role, const char *path)
{
    const char *name;
    if (access(path, R_OK) != 0)
        return tz_error("无法读取%s字体文件 %s（请检查 config.ini 的 [fonts]，或运行 make deps 安装字体）",
                        face_names[role], path);
    /* A .ttc holds several faces; the first is the regular one in every
     * Debian CJK collection we use. */
    if (has_suffix_ci(path, ".ttc"))
        name = HPDF_LoadTTFontFromFile2(d->pdf, path, 0, HPDF_TRUE);
    else
        name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(d->pdf, name, "UTF-8") : NULL;
    if (!font)
        return tz_error("%s字体 %s 无法载入 PDF（libharu 错误 0x%04X；只支持 TrueType 轮廓的 .ttf/.ttc）",
                        face_names[role], path, (unsigned)d->err);
    d->faces[role].font = font;
    /* libharu has no public coverage test; its font attributes (installed
     * header hpdf_font.h) give the font definition whose cmap we query. */
    d->faces[role].def = ((HPDF_FontAttr)font->attr)->fontdef;
    d->faces[role].metric = tz_xcalloc(0x10000, sizeof *d->faces[role].metric);
    return 0;
}

static void free_faces(doc *d)
{
    for (int r = 0; r < NFACES; r++) {
        int shared = 0;
        for (int q = 0; q < r; q++)
            shared |= d->faces[q].metric == d->faces[r].metric;
        if (!shared)
            free(d->faces[r].metric);
    }
}

/* Looks a BMP character up once: METRIC_KNOWN + width, or NO_GLYPH. */
static int32_t face_metric(const face *f, uint32_t code)
{
    int32_t *m = &f->metric[code & 0xFFFF];
    if (*m == 0) {
        if (code != ' ' && HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)code) == 0)
            *m = NO_GLYPH;
        else
            *m = METRIC_KNOWN + HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)code);
    }
    return *m;
}

static int load_fonts(doc *d)
{
    const tz_config *cfg = d->cfg;
    const char *conf[NFACES] = { cfg->font_song, cfg->font_hei, cfg->font_kai, cfg->font_fangsong };
    const char *paths[NFACES];
    char found[NFACES][4096];
    for (int r = 0; r < NFACES; r++) {
        paths[r] = conf[r] && conf[r][0] ? conf[r]
                   : r == F_FANG         ? NULL
                                         : default_font(r, found[r], sizeof found[r]);
        if (r != F_FANG && !paths[r])
            return tz_error(
                "找不到%s字体：请运行 make（准备 build/fonts 中的字体），或 make deps 安装 fonts-noto-cjk、fonts-arphic-uming、fonts-wqy-zenhei、"
                "fonts-arphic-ukai，或在 config.ini 的 [fonts] 中指定字体文件",
                face_names[r]);
    }
    for (int r = 0; r < NFACES; r++) {
        if (!paths[r])
            continue;
        int same = -1;
        for (int q = 0; q < r; q++)
            if (paths[q] && strcmp(paths[q], paths[r]) == 0)
                same = q;
        if (same >= 0)
            d->faces[r] = d->faces[same];
        else if (load_face(d, r, paths[r]) < 0)
            return -1;
    }
    d->body_face = paths[F_FANG] ? F_FANG : F_SONG;
    if (!paths[F_FANG]) {
        d->faces[F_FANG] = d->faces[F_SONG];
        tz_warn("未配置仿宋字体（config.ini [fonts] fangsong），阶段总结正文使用宋体");
    }
    return 0;
}

static int face_has(const face *f, uint32_t code)
{
    return code <= 0xFFFF && face_metric(f, code) != NO_GLYPH;
}

/* ---- shaping and line breaking ----------------------------------------- */

typedef struct {
    uint32_t code;
    int face;
    double w;              /* advance without tracking */
    unsigned char brk;     /* 1: a line may break before this item */
    unsigned char newline; /* a hard line break (not drawn) */
} item;

typedef struct {
    item *v;
    size_t n;
} items;

typedef struct {
    size_t a, b;    /* items [a, b) */
    double natural; /* width with tracking, trailing spaces left out */
    int last;       /* ends the paragraph or a hard break: not justified */
} line;

/* 避头尾: never at the start of a line / never at the end of one. */
static int no_start(uint32_t c)
{
    static const char set[] = "，。、；：？！）」》”’…—・·％%,.;:?!)]}〉』】〕〗";
    uint8_t buf[6];
    int n = u8_uctomb(buf, c, 6);
    buf[n > 0 ? n : 0] = 0;
    return n > 0 && strstr(set, (const char *)buf) != NULL;
}

static int no_end(uint32_t c)
{
    static const char set[] = "（「《“‘([{〈『【〔〖";
    uint8_t buf[6];
    int n = u8_uctomb(buf, c, 6);
    buf[n > 0 ? n : 0] = 0;
    return n > 0 && strstr(set, (const char *)buf) != NULL;
}

static int is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/*
 * Whether `next` may not start a line after the items shaped so far: a
 * number keeps its unit (52次, 178716元, 21日) and a date stays whole
 * (2017年7月21日: no break after the 年 or 月 of a number either).
 */
static int number_bound(const items *done, uint32_t next)
{
    uint32_t prev = done->v[done->n - 1].code;
    if (is_digit(prev) || prev == '.')
        return next != ' ';
    if ((prev == 0x5E74 /* 年 */ || prev == 0x6708 /* 月 */) && done->n >= 2 &&
        is_digit(done->v[done->n - 2].code))
        return is_digit(next);
    return 0;
}

static int style_face(const doc *d, int style)
{
    switch (style) {
    case S_HEI:
        return F_HEI;
    case S_KAI:
        return F_KAI;
    case S_SONG:
        return F_SONG;
    default:
        return d->body_face;
    }
}

static void report_missing(doc *d, uint32_t code)
{
    for (size_t i = 0; i < d->nreported; i++)
        if (d->reported[i] == code)
            return;
    if (d->nreported < MAX_REPORTED)
        d->reported[d->nreported++] = code;
    uint8_t buf[8] = { 0 };
    if (u8_uctomb(buf, code, 6) <= 0)
        buf[0] = '?';
    tz_warn("字符“%s”（U+%04X）%s，阶段总结中以“〓”代替", (const char *)buf, (unsigned)code,
            code > 0xFFFF ? "不在基本多文种平面内，PDF 字体无法显示" : "没有任何已配置的字体能显示");
}

/*
 * Shapes text (len bytes, styles[i] the style of byte i, or one style for
 * all when styles is NULL) at `size`.
 */
static void shape(doc *d, const char *text, size_t len, const unsigned char *styles, int style, double size,
                  items *out)
{
    char *brk = tz_xmalloc(len ? len : 1);
    u8_possible_linebreaks((const uint8_t *)text, len, "UTF-8", brk);
    out->v = tz_xmalloc((len + 1) * sizeof *out->v);
    out->n = 0;
    for (size_t off = 0; off < len;) {
        ucs4_t uc;
        int k = u8_mbtouc(&uc, (const uint8_t *)text + off, len - off);
        int st = styles ? styles[off] : style;
        int want = style_face(d, st);
        item it = { uc, want, 0, 0, 0 };
        if (uc == '\n' || uc == '\r') {
            it.newline = 1;
            out->v[out->n++] = it;
            off += (size_t)k;
            continue;
        }
        if (uc == '\t' || uc == 0xA0 || uc == 0x3000)
            it.code = uc == 0x3000 ? 0x3000 : ' ';
        if (uc < ' ' && uc != '\t') {
            off += (size_t)k;
            continue;
        }
        if (!face_has(&d->faces[want], it.code)) {
            static const int order[] = { F_SONG, F_HEI, F_KAI, F_FANG };
            int found = -1;
            for (size_t q = 0; q < 4 && found < 0; q++)
                if (face_has(&d->faces[order[q]], it.code))
                    found = order[q];
            if (found < 0) {
                report_missing(d, it.code);
                it.code = 0x3013;
                for (size_t q = 0; q < 4 && found < 0; q++)
                    if (face_has(&d->faces[order[q]], it.code))
                        found = order[q];
                if (found < 0) {
                    it.code = '?';
                    found = want;
                }
            }
            it.face = found;
        }
        int32_t metric = face_metric(&d->faces[it.face], it.code);
        it.w = (metric == NO_GLYPH ? 0 : metric - METRIC_KNOWN) * size / 1000.0;
        if (out->n > 0 && off > 0) {
            const item *prev = &out->v[out->n - 1];
            it.brk = (brk[off] == UC_BREAK_POSSIBLE || prev->code == ' ') && !no_start(it.code) &&
                     !no_end(prev->code) && it.code != ' ' && !number_bound(out, it.code);
        }
        out->v[out->n++] = it;
        off += (size_t)k;
    }
    free(brk);
}

static double span_width(const items *it, size_t a, size_t b, double track)
{
    double w = 0;
    while (b > a && it->v[b - 1].code == ' ')
        b--;
    for (size_t i = a; i < b; i++)
        w += it->v[i].w + track;
    return b > a ? w - track : 0;
}

/*
 * Greedy line filling: the first line is `first` wide, the others `width`.
 * With em > 0 (justified text) a line that would be left more than one
 * character (em) short takes the next word too when squeezing it in costs
 * at most one character's width — so no line is stretched or squeezed by
 * more than em.  Returns the number of lines in *out (malloc'ed).
 */
static size_t break_lines(const items *it, double first, double width, double track, double em, line **out)
{
    size_t cap = 8, n = 0, a = 0;
    *out = tz_xmalloc(cap * sizeof **out);
    while (a < it->n) {
        double avail = n == 0 ? first : width, w = 0;
        size_t i = a, last_brk = 0;
        int hard = 0;
        for (; i < it->n; i++) {
            if (it->v[i].newline) {
                hard = 1;
                break;
            }
            if (i > a && it->v[i].brk)
                last_brk = i;
            double nw = w + it->v[i].w;
            if (nw > avail + EPS && it->v[i].code != ' ' && i > a)
                break;
            w = nw + track;
        }
        size_t b = i;
        if (!hard && i < it->n && last_brk > a)
            b = last_brk;
        if (em > 0 && !hard && b < it->n && avail - span_width(it, a, b, track) > em + EPS) {
            size_t k = b + 1;
            while (k < it->n && !it->v[k].brk && !it->v[k].newline)
                k++;
            if (span_width(it, a, k, track) <= avail + em + EPS)
                b = k;
        }
        if (n == cap)
            *out = tz_xrealloc(*out, (cap *= 2) * sizeof **out);
        line *l = &(*out)[n++];
        l->a = a;
        l->b = b;
        l->natural = span_width(it, a, b, track);
        l->last = hard || b >= it->n;
        a = b + (hard ? 1 : 0);
        while (!hard && a < it->n && it->v[a].code == ' ')
            a++;
    }
    return n;
}

/* ---- pages ----------------------------------------------------------------- */

static void set_font(doc *d, int f, double size)
{
    chk(d, HPDF_Page_SetFontAndSize(d->page, d->faces[f].font, (HPDF_REAL)size));
}

/* Draws items [a, b) from x on baseline y with `track` between characters. */
static double draw_items(doc *d, const items *it, size_t a, size_t b, double x, double y, double size,
                         double track)
{
    while (b > a && it->v[b - 1].code == ' ')
        b--;
    chk(d, HPDF_Page_BeginText(d->page));
    chk(d, HPDF_Page_SetCharSpace(d->page, (HPDF_REAL)track));
    for (size_t i = a; i < b;) {
        size_t j = i;
        char buf[1024];
        size_t o = 0;
        double w = 0;
        while (j < b && it->v[j].face == it->v[i].face && o + 8 < sizeof buf) {
            int k = u8_uctomb((uint8_t *)buf + o, it->v[j].code, 6);
            o += k > 0 ? (size_t)k : 0;
            w += it->v[j].w + track;
            j++;
        }
        buf[o] = '\0';
        set_font(d, it->v[i].face, size);
        chk(d, HPDF_Page_TextOut(d->page, (HPDF_REAL)x, (HPDF_REAL)y, buf));
        x += w;
        i = j;
    }
    chk(d, HPDF_Page_EndText(d->page));
    return x;
}

static void draw_text(doc *d, const char *s, int face_style, double size, double x, double y,
                      int align /* 0 left, 1 centre, 2 right of x */)
{
    items it;
    shape(d, s, strlen(s), NULL, face_style, size, &it);
    double w = span_width(&it, 0, it.n, 0);
    if (align == 1)
        x -= w / 2;
    else if (align == 2)
        x -= w;
    draw_items(d, &it, 0, it.n, x, y, size, 0);
    free(it.v);
}

static void new_page(doc *d)
{
    d->page = HPDF_AddPage(d->pdf);
    if (!d->page) {
        d->calls_failed++;
        return;
    }
    chk(d, HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT));
    d->pageno++;
    d->used = 0;
    /* 页码: 一字线 number 一字线, 7 mm under the text area; odd pages right
     * with one character's space, even pages left likewise.  Two spaces
     * each side: Noto's space is 0.22 em, and one would leave the dashes so
     * close that text extraction joins them to the number ("—1—"). */
    char folio[64];
    snprintf(folio, sizeof folio, "—  %d  —", d->pageno);
    double y = AREA_TOP - AREA_H - 7.0 * MM - FOLIO_SIZE * 0.88;
    if (d->pageno % 2)
        draw_text(d, folio, S_SONG, FOLIO_SIZE, AREA_L + AREA_W - FOLIO_SIZE, y, 2);
    else
        draw_text(d, folio, S_SONG, FOLIO_SIZE, AREA_L + FOLIO_SIZE, y, 0);
}

/* Makes room for h points in the text area, starting a page if needed. */
static void need(doc *d, double h)
{
    if (!d->page || (d->used > EPS && d->used + h > AREA_H + EPS))
        new_page(d);
}

/* Baseline of a line of `size` in the next grid slot (the slot is PITCH high). */
static double slot_baseline(const doc *d, double size)
{
    double slot_bottom = AREA_TOP - d->used - PITCH;
    return slot_bottom + (PITCH - size) / 2 + 0.12 * size;
}

/* Keeps body text on the 22-line grid after a table or chart. */
static void snap_to_grid(doc *d)
{
    double k = ceil(d->used / PITCH - 1e-6);
    d->used = k * PITCH;
}

/* ---- paragraphs ---------------------------------------------------------- */

typedef enum { P_BODY, P_TITLE } para_kind;

/* The narrowest lines that still number n: lines about equally long
 * (GB/T 9704: 梯形或菱形). */
static size_t balance_lines(const items *it, size_t n, double width, double track, line **lines)
{
    double lo = width / (double)n * 0.8, hi = width;
    for (int iter = 0; iter < 30; iter++) {
        double mid = (lo + hi) / 2;
        line *l;
        size_t m = break_lines(it, mid, mid, track, 0, &l);
        free(l);
        if (m > n)
            lo = mid;
        else
            hi = mid;
    }
    return break_lines(it, hi, hi, track, 0, lines);
}

static int item_is(const items *it, size_t i, const char *s)
{
    for (size_t k = 0; *s; k++) {
        ucs4_t c;
        int len = u8_mbtouc(&c, (const uint8_t *)s, strlen(s));
        if (i + k >= it->n || it->v[i + k].code != c)
            return 0;
        s += len;
    }
    return 1;
}

/*
 * Whether breaking the title before item i keeps words whole (GB/T 9704:
 * 标题回行时，要做到词意完整).  libunistring allows a break between any two
 * ideographs; a title reads well broken after 关于 (关于印发, 关于转发), after
 * 的, at punctuation or a space, or around a 《》 or “” quotation.
 */
static int title_break_whole(const items *it, size_t i)
{
    /* UAX #14 never breaks around an ambiguous quotation mark; in a title
     * the quotation is the phrase to keep whole. */
    if (i >= 1 && (it->v[i - 1].code == 0x201D /* ” */ || it->v[i].code == 0x201C /* “ */))
        return !no_start(it->v[i].code) && !no_end(it->v[i - 1].code);
    if (i < 1 || !it->v[i].brk)
        return 0;
    if (i >= 2 && item_is(it, i - 2, "关于"))
        return !item_is(it, i, "印发") && !item_is(it, i, "转发");
    if (i >= 4 && (item_is(it, i - 4, "关于印发") || item_is(it, i - 4, "关于转发")))
        return 1;
    uint32_t prev = it->v[i - 1].code;
    return prev == 0x7684 /* 的 */ || prev == ' ' || prev == 0x3001 /* 、 */ || prev == 0xFF0C /* ， */
           || prev == 0xFF1A /* ： */ || prev == 0x300B /* 》 */ || it->v[i].code == 0x300A /* 《 */;
}

/*
 * The title's lines (GB/T 9704: 梯形或菱形, 词意完整): as few as fit, about
 * equally long, broken only where words stay whole when that keeps the count
 * and no line is under a quarter of the longest; else balanced anywhere.
 */
static size_t balanced_title(const items *it, line **lines)
{
    size_t n = break_lines(it, AREA_W, AREA_W, 0, 0, lines);
    if (n < 2)
        return n;
    free(*lines);
    items whole = { tz_xmalloc(it->n * sizeof *it->v), it->n };
    memcpy(whole.v, it->v, it->n * sizeof *it->v);
    for (size_t i = 0; i < it->n; i++)
        whole.v[i].brk = (unsigned char)title_break_whole(it, i);
    /* Whole words in as few lines as fit; one more line rather than a word
     * cut in two (“乱作 / 为”). */
    for (size_t want = n; want <= n + 1; want++) {
        size_t m = balance_lines(&whole, want, AREA_W, 0, lines);
        int ok = m == want;
        double shortest = AREA_W, longest = 0;
        for (size_t k = 0; k < m && ok; k++) {
            const line *l = &(*lines)[k];
            ok = l->last || whole.v[l->b].brk;
            ok = ok && l->natural <= AREA_W + EPS;
            shortest = fmin(shortest, l->natural);
            longest = fmax(longest, l->natural);
        }
        if (ok && shortest * 4 >= longest) {
            free(whole.v);
            return m;
        }
        free(*lines);
    }
    free(whole.v);
    return balance_lines(it, n, AREA_W, 0, lines);
}

/* A paragraph's lines: the title balanced, body text indented two
 * characters on its first line (none for the 主送机关). */
static size_t para_lines(doc *d, const tz_block *b, para_kind kind, items *it, line **lines)
{
    double size = kind == P_TITLE ? TITLE_SIZE : BODY_SIZE;
    double track = kind == P_TITLE ? 0 : BODY_TRACK, em = size + track;
    double indent = b->kind == TZ_B_RECIPIENT ? 0 : 2 * em;
    shape(d, b->text, b->len, b->style, b->kind == TZ_B_TITLE ? S_SONG : S_BODY, size, it);
    if (it->n == 0) {
        *lines = NULL;
        return 0;
    }
    if (kind == P_TITLE)
        return balanced_title(it, lines);
    return break_lines(it, AREA_W - indent, AREA_W, track, em, lines);
}

/* `tail`: height that must follow the paragraph on its page (the
 * signature block after the last paragraph): its last two lines go over
 * with it rather than leave it alone on a page. */
static void lay_para(doc *d, const tz_block *b, double tail)
{
    para_kind kind = b->kind == TZ_B_TITLE ? P_TITLE : P_BODY;
    double size = kind == P_TITLE ? TITLE_SIZE : BODY_SIZE;
    double track = kind == P_TITLE ? 0 : BODY_TRACK, em = size + track;
    double indent = b->kind == TZ_B_RECIPIENT ? 0 : 2 * em;
    items it;
    line *lines;
    size_t n = para_lines(d, b, kind, &it, &lines);
    for (size_t k = 0; k < n; k++) {
        const line *l = &lines[k];
        if (tail > 0 && k + 2 >= n && (k + 2 == n || n == 1))
            need(d, (double)(n - k) * PITCH + tail);
        else
            need(d, PITCH);
        double y = slot_baseline(d, size);
        double x = AREA_L, extra = 0;
        if (kind == P_TITLE) {
            x = AREA_L + (AREA_W - l->natural) / 2;
        } else {
            double avail = AREA_W - (k == 0 ? indent : 0);
            x += k == 0 ? indent : 0;
            size_t e = l->b;
            while (e > l->a && it.v[e - 1].code == ' ')
                e--;
            /* Justify all but the last line, stretched by at most one
             * character's width over the line (break_lines chose breaks to
             * keep within it), squeezed by as much at most. */
            double slack = avail - l->natural;
            if (!l->last && e - l->a > 1 && slack <= em + EPS && slack >= -em - EPS)
                extra = slack / (double)(e - l->a - 1);
        }
        draw_items(d, &it, l->a, l->b, x, y, size, track + extra);
        d->used += PITCH;
    }
    free(lines);
    free(it.v);
}

/* Height of a paragraph block in the text area. */
static double para_height(doc *d, const tz_block *b)
{
    items it;
    line *lines;
    size_t n = para_lines(d, b, b->kind == TZ_B_TITLE ? P_TITLE : P_BODY, &it, &lines);
    free(lines);
    free(it.v);
    return (double)n * PITCH;
}

/* ---- tables ---------------------------------------------------------------- */

/* A TZ_B_TABLE block of the document model. */
typedef tz_block table;

typedef struct {
    items *cell; /* shaped cells, row-major */
    double size, pad, lh;
    double *w; /* column widths */
} table_fit;

static void table_shape(doc *d, const table *t, double size, table_fit *f)
{
    f->size = size;
    f->w = NULL;
    f->pad = size * 0.35;
    f->lh = size * 1.35;
    f->cell = tz_xcalloc(t->nrows * t->ncols + 1, sizeof *f->cell);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t k = 0; k < t->ncols; k++) {
            const char *s = t->cells[r * t->ncols + k];
            shape(d, s, strlen(s), NULL, r < t->nhead ? S_HEI : S_BODY, size, &f->cell[r * t->ncols + k]);
        }
}

static void table_unshape(const table *t, table_fit *f)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(f->cell[i].v);
    free(f->cell);
    free(f->w);
}

/*
 * Column widths at the largest size whose natural widths fit the text
 * area; failing that, the smallest size with the cells wrapped (each column
 * at least as wide as its longest unbreakable word).
 */
static void table_fit_widths(doc *d, const table *t, table_fit *f)
{
    static const double sizes[] = { BODY_SIZE, 14, 12, 10.5, 9, 7.5 };
    const size_t nsizes = sizeof sizes / sizeof sizes[0];
    double *nat = tz_xcalloc(t->ncols, sizeof *nat), *minw = tz_xcalloc(t->ncols, sizeof *minw);
    for (size_t si = 0; si < nsizes; si++) {
        table_shape(d, t, sizes[si], f);
        double sum_nat = 0, sum_min = 0;
        for (size_t k = 0; k < t->ncols; k++) {
            nat[k] = minw[k] = 0;
            for (size_t r = 0; r < t->nrows; r++) {
                const items *c = &f->cell[r * t->ncols + k];
                double w = span_width(c, 0, c->n, 0);
                if (w > nat[k])
                    nat[k] = w;
                line *l;
                size_t n = break_lines(c, 0, 0, 0, 0, &l);
                for (size_t q = 0; q < n; q++)
                    if (l[q].natural > minw[k])
                        minw[k] = l[q].natural;
                free(l);
            }
            nat[k] += 2 * f->pad;
            minw[k] += 2 * f->pad;
            sum_nat += nat[k];
            sum_min += minw[k];
        }
        int lastsize = si + 1 == nsizes;
        /* Natural widths at 16, 14 or 12 pt; else wrap the long columns at
         * 12 pt or smaller, as long as every word still fits. */
        if (sum_nat <= AREA_W || (sizes[si] <= 12 && sum_min <= AREA_W) || lastsize) {
            f->w = tz_xcalloc(t->ncols, sizeof *f->w);
            if (sum_nat <= AREA_W) {
                for (size_t k = 0; k < t->ncols; k++)
                    f->w[k] = nat[k] + (AREA_W - sum_nat) * nat[k] / sum_nat;
            } else if (sum_min <= AREA_W) {
                /* Columns narrower than a cap keep their natural width;
                 * the cap is chosen so that the table fills the width. */
                double lo = 0, hi = AREA_W;
                for (int iter = 0; iter < 40; iter++) {
                    double cap = (lo + hi) / 2, sum = 0;
                    for (size_t k = 0; k < t->ncols; k++)
                        sum += fmax(minw[k], fmin(nat[k], cap));
                    if (sum > AREA_W)
                        hi = cap;
                    else
                        lo = cap;
                }
                for (size_t k = 0; k < t->ncols; k++)
                    f->w[k] = fmax(minw[k], fmin(nat[k], lo));
            } else {
                for (size_t k = 0; k < t->ncols; k++)
                    f->w[k] = minw[k] * AREA_W / sum_min;
            }
            break;
        }
        table_unshape(t, f);
    }
    free(nat);
    free(minw);
}

static double row_height(const table *t, const table_fit *f, size_t r)
{
    size_t most = 1;
    for (size_t k = 0; k < t->ncols; k++) {
        line *l;
        size_t n =
            break_lines(&f->cell[r * t->ncols + k], f->w[k] - 2 * f->pad, f->w[k] - 2 * f->pad, 0, 0, &l);
        free(l);
        if (n > most)
            most = n;
    }
    return most * f->lh + f->pad * 1.2;
}

static void draw_row(doc *d, const table *t, const table_fit *f, size_t r, double h)
{
    double top = AREA_TOP - d->used, x = AREA_L;
    chk(d, HPDF_Page_SetLineWidth(d->page, 0.6));
    for (size_t k = 0; k < t->ncols; k++) {
        chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)(top - h), (HPDF_REAL)f->w[k],
                                   (HPDF_REAL)h));
        chk(d, HPDF_Page_Stroke(d->page));
        const items *c = &f->cell[r * t->ncols + k];
        line *l;
        double inner = f->w[k] - 2 * f->pad;
        size_t n = break_lines(c, inner, inner, 0, 0, &l);
        double y = top - f->pad * 0.6 - (h - f->pad * 1.2 - n * f->lh) / 2;
        for (size_t q = 0; q < n; q++) {
            double lx = x + f->pad;
            tz_align al = r < t->nhead ? TZ_AL_CENTER : t->align[k];
            if (al == TZ_AL_CENTER)
                lx += (inner - l[q].natural) / 2;
            else if (al == TZ_AL_RIGHT)
                lx += inner - l[q].natural;
            double base = y - q * f->lh - f->lh + (f->lh - f->size) / 2 + 0.12 * f->size;
            draw_items(d, c, l[q].a, l[q].b, lx, base, f->size, 0);
        }
        free(l);
        x += f->w[k];
    }
    d->used += h;
}

static void lay_table(doc *d, const table *t)
{
    if (t->ncols == 0 || t->nrows == 0)
        return;
    table_fit f;
    table_fit_widths(d, t, &f);
    if (d->used > EPS)
        d->used += PITCH * 0.2; /* air between text and rules */
    double head = 0;
    for (size_t r = 0; r < t->nhead; r++)
        head += row_height(t, &f, r);
    for (size_t r = 0; r < t->nrows; r++) {
        double h = row_height(t, &f, r);
        int first_body = r == t->nhead;
        /* Header rows start a table only with at least one body row under
         * them; a page break inside the body repeats them. */
        if (r < t->nhead) {
            if (r == 0)
                need(d, head + (t->nrows > t->nhead ? row_height(t, &f, t->nhead) : 0));
        } else if (!first_body && d->used + h > AREA_H + EPS) {
            new_page(d);
            for (size_t q = 0; q < t->nhead; q++)
                draw_row(d, t, &f, q, row_height(t, &f, q));
        } else if (t->nhead == 0) {
            need(d, h);
        }
        draw_row(d, t, &f, r, h);
    }
    table_unshape(t, &f);
    snap_to_grid(d);
}

/* ---- charts ---------------------------------------------------------------- */

static const double palette[][3] = {
    { 0.27, 0.45, 0.70 }, { 0.85, 0.47, 0.20 }, { 0.40, 0.65, 0.35 }, { 0.55, 0.70, 0.85 },
    { 0.55, 0.45, 0.70 }, { 0.60, 0.50, 0.35 }, { 0.85, 0.55, 0.70 }, { 0.50, 0.50, 0.50 },
    { 0.70, 0.70, 0.25 }, { 0.25, 0.65, 0.70 },
};
#define NPALETTE (sizeof palette / sizeof palette[0])

typedef tz_chart_point point;

static double text_width(doc *d, const char *s, int style, double size)
{
    items it;
    shape(d, s, strlen(s), NULL, style, size, &it);
    double w = span_width(&it, 0, it.n, 0);
    free(it.v);
    return w;
}

/* The largest size ≤ size (down to 5 pt) at which s fits in width. */
static double fit_size(doc *d, const char *s, double size, double width)
{
    while (size > 5 && text_width(d, s, S_SONG, size) > width)
        size -= 0.5;
    return size;
}

/* Series colours; 已超期 (overdue) is always red, and no other is. */
static void fill_colour(doc *d, const point *pt, size_t i)
{
    if (strcmp(pt->label, "已超期") == 0) {
        chk(d, HPDF_Page_SetRGBFill(d->page, 0.80f, 0.10f, 0.10f));
        return;
    }
    const double *c = palette[i % NPALETTE];
    chk(d, HPDF_Page_SetRGBFill(d->page, (HPDF_REAL)c[0], (HPDF_REAL)c[1], (HPDF_REAL)c[2]));
}

static void draw_bar(doc *d, const char *caption, const point *pt, size_t n, double top, double h)
{
    const double fs = 10.5;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (pt[i].v > max)
            max = pt[i].v;
    double x0 = AREA_L + 2 * fs, x1 = AREA_L + AREA_W;
    double base = top - h + 2.2 * fs, ptop = top - 2.6 * fs;
    draw_text(d, caption, S_HEI, fs, AREA_L, top - fs, 0);
    chk(d, HPDF_Page_SetLineWidth(d->page, 0.8));
    chk(d, HPDF_Page_MoveTo(d->page, (HPDF_REAL)x0, (HPDF_REAL)base));
    chk(d, HPDF_Page_LineTo(d->page, (HPDF_REAL)x1, (HPDF_REAL)base));
    chk(d, HPDF_Page_Stroke(d->page));
    double slot = (x1 - x0) / (double)n, bw = fmin(slot * 0.55, 40);
    for (size_t i = 0; i < n; i++) {
        double cx = x0 + slot * ((double)i + 0.5);
        double bh = max > 0 ? (ptop - base - 1.4 * fs) * pt[i].v / max : 0;
        if (bh > 0) {
            fill_colour(d, &pt[i], 0);
            chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)(cx - bw / 2), (HPDF_REAL)base, (HPDF_REAL)bw,
                                       (HPDF_REAL)bh));
            chk(d, HPDF_Page_Fill(d->page));
            chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
        }
        draw_text(d, pt[i].shown, S_SONG, fs, cx, base + bh + 0.35 * fs, 1);
        double ls = fit_size(d, pt[i].label, fs, slot * 0.95);
        draw_text(d, pt[i].label, S_SONG, ls, cx, base - 1.3 * fs, 1);
    }
}

/* A pie with its legend at the right; no axis, so no axis label.  Empty
 * categories are neither drawn nor listed. */
static void draw_pie(doc *d, const point *pt, size_t n, double top, double h)
{
    double fs = 10.5, total = 0;
    size_t shown = 0;
    for (size_t i = 0; i < n; i++)
        if (pt[i].v > 0) {
            total += pt[i].v;
            shown++;
        }
    double r = (h - 1.5 * fs) / 2, cx = AREA_L + AREA_W * 0.28, cy = top - 0.75 * fs - r;
    double a = 0;
    for (size_t i = 0; i < n && total > 0; i++) {
        if (pt[i].v <= 0)
            continue;
        double sweep = 360.0 * pt[i].v / total;
        fill_colour(d, &pt[i], i);
        if (sweep >= 359.999) {
            chk(d, HPDF_Page_Circle(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r));
        } else {
            /* libharu angles: 0° at twelve o'clock, clockwise. */
            double rad = a * M_PI / 180.0;
            chk(d, HPDF_Page_MoveTo(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy));
            chk(d, HPDF_Page_LineTo(d->page, (HPDF_REAL)(cx + r * sin(rad)), (HPDF_REAL)(cy + r * cos(rad))));
            chk(d, HPDF_Page_Arc(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r, (HPDF_REAL)a,
                                 (HPDF_REAL)(a + sweep)));
            chk(d, HPDF_Page_LineTo(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy));
        }
        chk(d, HPDF_Page_Fill(d->page));
        a += sweep;
    }
    chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
    double lh = fmin(fs * 1.6, (h - 1.5 * fs) / (double)(shown ? shown : 1));
    double lx = AREA_L + AREA_W * 0.55, ly = top - 1.5 * fs;
    size_t row = 0;
    for (size_t i = 0; i < n; i++) {
        if (pt[i].v <= 0)
            continue;
        char text[512];
        snprintf(text, sizeof text, "%s：%s（%s）", pt[i].label, pt[i].shown, pt[i].share);
        double s = fit_size(d, text, fmin(fs, lh / 1.3), AREA_L + AREA_W - lx - lh);
        double y = ly - lh * (double)row++ - s;
        fill_colour(d, &pt[i], i);
        chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)lx, (HPDF_REAL)y, (HPDF_REAL)(s * 0.8),
                                   (HPDF_REAL)(s * 0.8)));
        chk(d, HPDF_Page_Fill(d->page));
        chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
        draw_text(d, text, S_SONG, s, lx + s * 1.3, y, 0);
    }
}

/* Chart height: seven lines of drawing and one of caption. */
#define CHART_H (8 * PITCH)

/* Draws a chart block with its caption (图N  …) centred under it. */
static void lay_chart(doc *d, const tz_block *b)
{
    need(d, CHART_H);
    double top = AREA_TOP - d->used, h = CHART_H - PITCH;
    if (b->npoints == 0)
        draw_text(d, "（无数据）", S_BODY, BODY_SIZE, AREA_L + AREA_W / 2, top - h / 2, 1);
    else if (b->pie)
        draw_pie(d, b->points, b->npoints, top, h);
    else
        draw_bar(d, b->value_name, b->points, b->npoints, top, h);
    char caption[512];
    snprintf(caption, sizeof caption, "图%d　%s", ++d->figures, b->caption[0] ? b->caption : b->value_name);
    d->used += h;
    draw_text(d, caption, S_HEI, 14, AREA_L + AREA_W / 2, slot_baseline(d, 14), 1);
    d->used += PITCH;
    snap_to_grid(d);
}

/* ---- the document ---------------------------------------------------------- */

/*
 * 发文机关署名 and 成文日期 (GB/T 9704-2012 7.3.5).  Sealed (7.3.5.1, the
 * default: a report sent upward bears the seal): the date right-indented
 * four characters, the office centred over it, two blank lines under the
 * text so that the seal's top is within a line of it.  Unsealed (7.3.5.2):
 * one blank line, the office right-indented two characters, the date under
 * it starting two characters further right — or, when the date is the
 * longer, right-indented two characters with the office moved left to keep
 * that offset.  A long office name wraps onto lines of its own, inside the
 * text area.
 */
/* The signature's lines (see above); *xd the date's x, *cx the centre of
 * the sealed office lines, *shift how far the unsealed ones move left.
 * Returns the number of office lines in *lo (malloc'ed). */
static size_t signature_lines(doc *d, items *io, items *id, line **lo, double *xd, double *cx, double *shift)
{
    const double em = BODY_SIZE + BODY_TRACK;
    char date[64];
    tz_day_zh(date, sizeof date, d->cfg->as_of);
    const char *office = d->cfg->office && d->cfg->office[0] ? d->cfg->office : d->cfg->organisation;
    if (!office)
        office = "";
    shape(d, office, strlen(office), NULL, S_BODY, BODY_SIZE, io);
    shape(d, date, strlen(date), NULL, S_BODY, BODY_SIZE, id);
    double wd = span_width(id, 0, id->n, BODY_TRACK), right = AREA_L + AREA_W;
    size_t n;
    *cx = *shift = 0;
    if (d->cfg->seal) {
        *xd = right - 4 * em - wd;
        *cx = *xd + wd / 2;
        double maxw = 2 * fmin(*cx - AREA_L, right - *cx);
        n = break_lines(io, maxw, maxw, BODY_TRACK, 0, lo);
        if (n > 1) {
            free(*lo);
            n = balance_lines(io, n, maxw, BODY_TRACK, lo);
        }
    } else {
        double w = AREA_W - 4 * em;
        n = break_lines(io, w, w, BODY_TRACK, 0, lo);
        if (n > 1) {
            free(*lo);
            n = balance_lines(io, n, w, BODY_TRACK, lo);
        }
        double last_x = right - 2 * em - (n ? (*lo)[n - 1].natural : 0);
        *xd = last_x + 2 * em;
        if (*xd + wd > right - 2 * em + EPS) {
            *xd = right - 2 * em - wd;
            *shift = last_x - (*xd - 2 * em);
        }
    }
    return n;
}

/* Height of the signature block with its blank lines. */
static double signature_height(doc *d)
{
    items io, id;
    line *lo;
    double xd, cx, shift;
    size_t n = signature_lines(d, &io, &id, &lo, &xd, &cx, &shift);
    free(lo);
    free(io.v);
    free(id.v);
    return ((d->cfg->seal ? 2 : 1) + (double)n + 1) * PITCH;
}

static void lay_signature(doc *d)
{
    const double em = BODY_SIZE + BODY_TRACK, right = AREA_L + AREA_W;
    items io, id;
    line *lo;
    double xd, cx, shift;
    size_t n = signature_lines(d, &io, &id, &lo, &xd, &cx, &shift);
    int seal = d->cfg->seal;
    double blank = seal ? 2 : 1;
    if (d->used + (blank + (double)n + 1) * PITCH > AREA_H + EPS)
        new_page(d);
    else
        d->used += blank * PITCH;
    for (size_t k = 0; k < n; k++) {
        double x = seal ? cx - lo[k].natural / 2 : right - 2 * em - lo[k].natural - shift;
        draw_items(d, &io, lo[k].a, lo[k].b, fmax(x, AREA_L), slot_baseline(d, BODY_SIZE), BODY_SIZE,
                   BODY_TRACK);
        d->used += PITCH;
    }
    draw_items(d, &id, 0, id.n, xd, slot_baseline(d, BODY_SIZE), BODY_SIZE, BODY_TRACK);
    d->used += PITCH;
    free(lo);
    free(io.v);
    free(id.v);
}

/* What must follow a heading on its page: a paragraph's first line, a
 * table's header and first row, a whole chart. */
static double lead_height(doc *d, const tz_block *b)
{
    switch (b->kind) {
    case TZ_B_PARA:
    case TZ_B_RECIPIENT:
        return PITCH;
    case TZ_B_CHART:
        return CHART_H;
    case TZ_B_TABLE: {
        table_fit f;
        table_fit_widths(d, b, &f);
        double h = PITCH * 0.2;
        for (size_t r = 0; r < b->nrows && r <= b->nhead; r++)
            h += row_height(b, &f, r);
        table_unshape(b, &f);
        return h;
    }
    default:
        return 0;
    }
}

static void lay_blocks(doc *d, const tz_doc *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const tz_block *b = &m->v[i];
        switch (b->kind) {
        case TZ_B_HEADING: {
            /* Keep with next: the headings in a row and the start of what
             * follows them go on one page, so no heading ends a page. */
            size_t j = i;
            double h = 0;
            for (; j < m->n && m->v[j].kind == TZ_B_HEADING; j++)
                h += para_height(d, &m->v[j]);
            if (j < m->n)
                h += lead_height(d, &m->v[j]);
            need(d, h);
            for (; i < j; i++)
                lay_para(d, &m->v[i], 0);
            i--;
            break;
        }
        case TZ_B_TITLE:
            lay_para(d, b, 0);
            d->used += PITCH; /* a blank line under the title */
            break;
        case TZ_B_PARA:
        case TZ_B_RECIPIENT:
            lay_para(d, b, i + 1 == m->n ? signature_height(d) : 0);
            break;
        case TZ_B_TABLE:
            lay_table(d, b);
            break;
        case TZ_B_CHART:
            lay_chart(d, b);
            break;
        }
    }
}

static int set_info(doc *d)
{
    const tz_config *cfg = d->cfg;
    int y, mo, da;
    tz_day_to_ymd(cfg->as_of, &y, &mo, &da);
    HPDF_Date date = { y, mo, da, 0, 0, 0, 'Z', 0, 0 };
    /* Chinese document info needs the UTF-8 encoder current. */
    if (HPDF_SetCurrentEncoder(d->pdf, "UTF-8") != HPDF_OK ||
        HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, cfg->title ? cfg->title : "") != HPDF_OK ||
        HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, cfg->office ? cfg->office : "") != HPDF_OK ||
        HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "taizhang") != HPDF_OK ||
        HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date) != HPDF_OK ||
        HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date) != HPDF_OK)
        return tz_error("无法设置 PDF 文档信息（libharu 错误 0x%04X）", (unsigned)d->err);
    return 0;
}

int tz_pdf_layout_write(const tz_config *cfg, const tz_doc *model, const char *out_path)
{
    doc d;
    memset(&d, 0, sizeof d);
    d.cfg = cfg;
    d.pdf = HPDF_New(on_hpdf_error, &d);
    if (!d.pdf)
        return tz_error("无法创建 PDF（内存不足）");
    int rc = -1;
    if (HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL) != HPDF_OK || HPDF_UseUTFEncodings(d.pdf) != HPDF_OK) {
        tz_error("无法初始化 PDF（libharu 错误 0x%04X）", (unsigned)d.err);
        goto out;
    }
    if (load_fonts(&d) < 0 || set_info(&d) < 0)
        goto out;

    new_page(&d);
    lay_blocks(&d, model);
    lay_signature(&d);
    if (d.err || d.calls_failed) {
        tz_error("生成 PDF 时 libharu 出错（错误 0x%04X，详情 %u）", (unsigned)d.err, (unsigned)d.detail);
        goto out;
    }
    if (HPDF_SaveToFile(d.pdf, out_path) != HPDF_OK) {
        tz_error("无法写出 %s（libharu 错误 0x%04X，详情 %u）", out_path, (unsigned)d.err,
                 (unsigned)d.detail);
        goto out;
    }
    rc = 0;
out:
    HPDF_Free(d.pdf);
    free_faces(&d);
    return rc;
}
