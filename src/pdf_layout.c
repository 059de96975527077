/*
 * pdf_layout.c — Markdown → GB/T 9704 style PDF with libharu 2.3.0 (see
 * pdf_layout.h and /work/shared/notes/libharu-cjk-measured.md).
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
#include <md4c.h>
#include <unilbrk.h>
#include <unistr.h>

#include "arena.h"
#include "issue.h"
#include "pdf_layout.h"
#include "tmpl.h"

/* ---- page geometry (GB/T 9704-2012 §5.2), in points -------------------- */

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define AREA_L (28.0 * MM)
#define AREA_W (156.0 * MM)
#define AREA_TOP (PAGE_H - 37.0 * MM)
#define AREA_H (225.0 * MM)
#define LINES_PER_PAGE 22
#define CHARS_PER_LINE 28
#define PITCH (AREA_H / LINES_PER_PAGE)
#define BODY_SIZE 16.0
#define TITLE_SIZE 22.0
#define FOLIO_SIZE 14.0
/* Tracking that puts exactly 28 body characters (27 gaps) in the text width. */
#define BODY_TRACK ((AREA_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1))
#define EPS 0.01

/* ---- fonts --------------------------------------------------------------- */

enum { F_SONG, F_HEI, F_KAI, F_FANG, NFACES };
static const char *const face_names[NFACES] = { "宋体", "黑体", "楷体", "仿宋" };

/* Text styles: which face a character wants first. */
enum { S_BODY, S_HEI, S_KAI, S_SONG };

typedef struct {
    HPDF_Font font;
    HPDF_FontDef def;       /* for the glyph coverage test */
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
    HPDF_STATUS err;        /* first libharu error, from the handler */
    HPDF_STATUS detail;
    int calls_failed;       /* a drawing call returned non-OK */
    face faces[NFACES];
    int body_face;          /* F_FANG, or F_SONG without a 仿宋 */
    int pageno;
    double used;            /* height used in the text area of this page */
    int title_done;
    int paras;              /* body paragraphs laid out so far */
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
    if (st != HPDF_OK) d->calls_failed++;
}

/*
 * The fonts `make` prepares (build/fonts, docs/fonts.md), found from the
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
    if (!file[role] || n <= 0) return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return NULL;
    *slash = '\0';
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        int k = snprintf(buf, size, "%s/%s/%s", exe, rel[i], file[role]);
        if (k > 0 && (size_t)k < size && access(buf, R_OK) == 0) return buf;
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
    if (prepared) return prepared;
    const char *const *list = role == F_SONG ? song : role == F_HEI ? hei : kai;
    for (; *list; list++)
        if (access(*list, R_OK) == 0) return *list;
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
                 : r == F_FANG ? NULL : default_font(r, found[r], sizeof found[r]);
        if (r != F_FANG && !paths[r])
            return tz_error("找不到%s字体：请运行 make（准备 build/fonts 中的字体），或 make deps 安装 fonts-noto-cjk、fonts-arphic-uming、fonts-wqy-zenhei、"
                            "fonts-arphic-ukai，或在 config.ini 的 [fonts] 中指定字体文件", face_names[r]);
    }
    for (int r = 0; r < NFACES; r++) {
        if (!paths[r]) continue;
        int same = -1;
        for (int q = 0; q < r; q++)
            if (paths[q] && strcmp(paths[q], paths[r]) == 0) same = q;
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
    double w;               /* advance without tracking */
    unsigned char brk;      /* 1: a line may break before this item */
    unsigned char newline;  /* a hard line break (not drawn) */
} item;

typedef struct {
    item *v;
    size_t n;
} items;

typedef struct {
    size_t a, b;            /* items [a, b) */
    double natural;         /* width with tracking, trailing spaces left out */
    int last;               /* ends the paragraph or a hard break: not justified */
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

static int style_face(const doc *d, int style)
{
    switch (style) {
    case S_HEI: return F_HEI;
    case S_KAI: return F_KAI;
    case S_SONG: return F_SONG;
    default: return d->body_face;
    }
}

static void report_missing(doc *d, uint32_t code)
{
    for (size_t i = 0; i < d->nreported; i++)
        if (d->reported[i] == code) return;
    if (d->nreported < MAX_REPORTED) d->reported[d->nreported++] = code;
    uint8_t buf[8] = { 0 };
    if (u8_uctomb(buf, code, 6) <= 0) buf[0] = '?';
    tz_warn("字符“%s”（U+%04X）%s，阶段总结中以“〓”代替", (const char *)buf, (unsigned)code,
            code > 0xFFFF ? "不在基本多文种平面内，PDF 字体无法显示" : "没有任何已配置的字体能显示");
}

/*
 * Shapes text (len bytes, styles[i] the style of byte i, or one style for
 * all when styles is NULL) at `size`.
 */
static void shape(doc *d, const char *text, size_t len, const unsigned char *styles, int style,
                  double size, items *out)
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
        if (uc == '\t' || uc == 0xA0 || uc == 0x3000) it.code = uc == 0x3000 ? 0x3000 : ' ';
        if (uc < ' ' && uc != '\t') { off += (size_t)k; continue; }
        if (!face_has(&d->faces[want], it.code)) {
            static const int order[] = { F_SONG, F_HEI, F_KAI, F_FANG };
            int found = -1;
            for (size_t q = 0; q < 4 && found < 0; q++)
                if (face_has(&d->faces[order[q]], it.code)) found = order[q];
            if (found < 0) {
                report_missing(d, it.code);
                it.code = 0x3013;
                for (size_t q = 0; q < 4 && found < 0; q++)
                    if (face_has(&d->faces[order[q]], it.code)) found = order[q];
                if (found < 0) { it.code = '?'; found = want; }
            }
            it.face = found;
        }
        int32_t metric = face_metric(&d->faces[it.face], it.code);
        it.w = (metric == NO_GLYPH ? 0 : metric - METRIC_KNOWN) * size / 1000.0;
        if (out->n > 0 && off > 0) {
            const item *prev = &out->v[out->n - 1];
            it.brk = (brk[off] == UC_BREAK_POSSIBLE || prev->code == ' ') && !no_start(it.code) &&
                     !no_end(prev->code) && it.code != ' ';
        }
        out->v[out->n++] = it;
        off += (size_t)k;
    }
    free(brk);
}

static double span_width(const items *it, size_t a, size_t b, double track)
{
    double w = 0;
    while (b > a && it->v[b - 1].code == ' ') b--;
    for (size_t i = a; i < b; i++) w += it->v[i].w + track;
    return b > a ? w - track : 0;
}

/*
 * Greedy line filling: the first line is `first` wide, the others `width`.
 * Returns the number of lines in *out (malloc'ed).
 */
static size_t break_lines(const items *it, double first, double width, double track, line **out)
{
    size_t cap = 8, n = 0, a = 0;
    *out = tz_xmalloc(cap * sizeof **out);
    while (a < it->n) {
        double avail = n == 0 ? first : width, w = 0;
        size_t i = a, last_brk = 0;
        int hard = 0;
        for (; i < it->n; i++) {
            if (it->v[i].newline) { hard = 1; break; }
            if (i > a && it->v[i].brk) last_brk = i;
            double nw = w + it->v[i].w;
            if (nw > avail + EPS && it->v[i].code != ' ' && i > a) break;
            w = nw + track;
        }
        size_t b = i;
        if (!hard && i < it->n && last_brk > a) b = last_brk;
        if (n == cap) *out = tz_xrealloc(*out, (cap *= 2) * sizeof **out);
        line *l = &(*out)[n++];
        l->a = a;
        l->b = b;
        l->natural = span_width(it, a, b, track);
        l->last = hard || b >= it->n;
        a = b + (hard ? 1 : 0);
        while (!hard && a < it->n && it->v[a].code == ' ') a++;
    }
    return n;
}

/* ---- pages ----------------------------------------------------------------- */

static void set_font(doc *d, int f, double size)
{
    chk(d, HPDF_Page_SetFontAndSize(d->page, d->faces[f].font, (HPDF_REAL)size));
}

/* Draws items [a, b) from x on baseline y with `track` between characters. */
static double draw_items(doc *d, const items *it, size_t a, size_t b, double x, double y,
                         double size, double track)
{
    while (b > a && it->v[b - 1].code == ' ') b--;
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
    if (align == 1) x -= w / 2;
    else if (align == 2) x -= w;
    draw_items(d, &it, 0, it.n, x, y, size, 0);
    free(it.v);
}

static void new_page(doc *d)
{
    d->page = HPDF_AddPage(d->pdf);
    if (!d->page) { d->calls_failed++; return; }
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

/* P_HEADING is laid out as P_BODY but never as the last line of a page. */
typedef enum { P_BODY, P_HEADING, P_TITLE, P_CENTRE, P_RIGHT } para_kind;

/* A paragraph: text with one style per byte. */
typedef struct {
    char *s;
    unsigned char *st;
    size_t len, cap;
} para;

static void para_put(para *p, const char *s, size_t n, int style)
{
    if (p->len + n + 1 > p->cap) {
        p->cap = (p->len + n + 1) * 2;
        p->s = tz_xrealloc(p->s, p->cap);
        p->st = tz_xrealloc(p->st, p->cap);
    }
    memcpy(p->s + p->len, s, n);
    memset(p->st + p->len, style, n);
    p->len += n;
    p->s[p->len] = '\0';
}

static void para_clear(para *p) { p->len = 0; if (p->s) p->s[0] = '\0'; }

/* The narrowest lines that still number n: lines about equally long
 * (GB/T 9704: 梯形或菱形). */
static size_t balance_lines(const items *it, size_t n, line **lines)
{
    double lo = AREA_W / (double)n * 0.8, hi = AREA_W;
    for (int iter = 0; iter < 30; iter++) {
        double mid = (lo + hi) / 2;
        line *l;
        size_t m = break_lines(it, mid, mid, 0, &l);
        free(l);
        if (m > n) lo = mid; else hi = mid;
    }
    return break_lines(it, hi, hi, 0, lines);
}

static int item_is(const items *it, size_t i, const char *s)
{
    for (size_t k = 0; *s; k++) {
        ucs4_t c;
        int len = u8_mbtouc(&c, (const uint8_t *)s, strlen(s));
        if (i + k >= it->n || it->v[i + k].code != c) return 0;
        s += len;
    }
    return 1;
}

/*
 * Whether breaking the title before item i keeps words whole (GB/T 9704:
 * 标题回行时，要做到词意完整).  libunistring allows a break between any two
 * ideographs; a title reads well broken after 关于 (关于印发, 关于转发), after
 * 的, at punctuation or a space, or before 《.
 */
static int title_break_whole(const items *it, size_t i)
{
    if (i < 1 || !it->v[i].brk) return 0;
    if (i >= 2 && item_is(it, i - 2, "关于"))
        return !item_is(it, i, "印发") && !item_is(it, i, "转发");
    if (i >= 4 && (item_is(it, i - 4, "关于印发") || item_is(it, i - 4, "关于转发"))) return 1;
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
    size_t n = break_lines(it, AREA_W, AREA_W, 0, lines);
    if (n < 2) return n;
    free(*lines);
    items whole = { tz_xmalloc(it->n * sizeof *it->v), it->n };
    memcpy(whole.v, it->v, it->n * sizeof *it->v);
    for (size_t i = 0; i < it->n; i++)
        whole.v[i].brk = (unsigned char)title_break_whole(it, i);
    size_t m = balance_lines(&whole, n, lines);
    int ok = m == n;
    double shortest = AREA_W, longest = 0;
    for (size_t k = 0; k < m && ok; k++) {
        const line *l = &(*lines)[k];
        ok = l->last || whole.v[l->b].brk;
        shortest = fmin(shortest, l->natural);
        longest = fmax(longest, l->natural);
    }
    free(whole.v);
    if (ok && shortest * 4 >= longest) return m;
    free(*lines);
    return balance_lines(it, n, lines);
}

static void lay_para(doc *d, const para *p, para_kind kind, int style, double indent_chars)
{
    double size = kind == P_TITLE ? TITLE_SIZE : BODY_SIZE;
    double track = kind == P_TITLE ? 0 : BODY_TRACK;
    double em = size + track;
    items it;
    line *lines;
    size_t n;
    shape(d, p->s, p->len, p->st, style, size, &it);
    if (it.n == 0) { free(it.v); return; }
    if (kind == P_HEADING) {
        need(d, 2 * PITCH);
        kind = P_BODY;
    }
    /* 主送机关: a short first paragraph under the title that ends in a
     * colon starts at the margin, not indented. */
    if (kind == P_BODY && d->title_done && d->paras == 0 && p->len >= 3 &&
        strcmp(p->s + p->len - 3, "：") == 0 && span_width(&it, 0, it.n, track) <= AREA_W)
        indent_chars = 0;
    if (kind == P_BODY) d->paras++;
    if (kind == P_TITLE)
        n = balanced_title(&it, &lines);
    else
        n = break_lines(&it, AREA_W - indent_chars * em, AREA_W - (kind == P_BODY ? 0 : indent_chars * em),
                        track, &lines);
    for (size_t k = 0; k < n; k++) {
        const line *l = &lines[k];
        need(d, PITCH);
        double y = slot_baseline(d, size);
        double x = AREA_L, extra = 0;
        if (kind == P_TITLE || kind == P_CENTRE) {
            x = AREA_L + (AREA_W - l->natural) / 2;
        } else if (kind == P_RIGHT) {
            x = AREA_L + AREA_W - indent_chars * em - l->natural;
        } else {
            double avail = AREA_W - (k == 0 ? indent_chars * em : 0);
            x += k == 0 ? indent_chars * em : 0;
            size_t b = l->b;
            while (b > l->a && it.v[b - 1].code == ' ') b--;
            /* Justify all but the last line, unless that would space the
             * characters absurdly (a line cut short by a long Latin word). */
            if (!l->last && b - l->a > 1) {
                extra = (avail - l->natural) / (double)(b - l->a - 1);
                if (extra > size * 0.5 || extra < -size * 0.2) extra = 0;
            }
        }
        draw_items(d, &it, l->a, l->b, x, y, size, track + extra);
        d->used += PITCH;
    }
    free(lines);
    free(it.v);
}

/* ---- tables ---------------------------------------------------------------- */

typedef struct {
    char **cells;           /* row-major, malloc'ed strings */
    MD_ALIGN *align;        /* per column */
    size_t ncols, nrows, nhead, cap;
    size_t col;             /* next cell of the current row */
} table;

typedef struct {
    items *cell;            /* shaped cells, row-major */
    double size, pad, lh;
    double *w;              /* column widths */
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
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(f->cell[i].v);
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
                if (w > nat[k]) nat[k] = w;
                line *l;
                size_t n = break_lines(c, 0, 0, 0, &l);
                for (size_t q = 0; q < n; q++)
                    if (l[q].natural > minw[k]) minw[k] = l[q].natural;
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
                    for (size_t k = 0; k < t->ncols; k++) sum += fmax(minw[k], fmin(nat[k], cap));
                    if (sum > AREA_W) hi = cap; else lo = cap;
                }
                for (size_t k = 0; k < t->ncols; k++) f->w[k] = fmax(minw[k], fmin(nat[k], lo));
            } else {
                for (size_t k = 0; k < t->ncols; k++) f->w[k] = minw[k] * AREA_W / sum_min;
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
        size_t n = break_lines(&f->cell[r * t->ncols + k], f->w[k] - 2 * f->pad,
                               f->w[k] - 2 * f->pad, 0, &l);
        free(l);
        if (n > most) most = n;
    }
    return most * f->lh + f->pad * 1.2;
}

static void draw_row(doc *d, const table *t, const table_fit *f, size_t r, double h)
{
    double top = AREA_TOP - d->used, x = AREA_L;
    chk(d, HPDF_Page_SetLineWidth(d->page, 0.6));
    for (size_t k = 0; k < t->ncols; k++) {
        chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)(top - h), (HPDF_REAL)f->w[k], (HPDF_REAL)h));
        chk(d, HPDF_Page_Stroke(d->page));
        const items *c = &f->cell[r * t->ncols + k];
        line *l;
        double inner = f->w[k] - 2 * f->pad;
        size_t n = break_lines(c, inner, inner, 0, &l);
        double y = top - f->pad * 0.6 - (h - f->pad * 1.2 - n * f->lh) / 2;
        for (size_t q = 0; q < n; q++) {
            double lx = x + f->pad;
            MD_ALIGN al = r < t->nhead ? MD_ALIGN_CENTER : t->align[k];
            if (al == MD_ALIGN_CENTER) lx += (inner - l[q].natural) / 2;
            else if (al == MD_ALIGN_RIGHT) lx += inner - l[q].natural;
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
    if (t->ncols == 0 || t->nrows == 0) return;
    table_fit f;
    table_fit_widths(d, t, &f);
    if (d->used > EPS) d->used += PITCH * 0.2;   /* air between text and rules */
    double head = 0;
    for (size_t r = 0; r < t->nhead; r++) head += row_height(t, &f, r);
    for (size_t r = 0; r < t->nrows; r++) {
        double h = row_height(t, &f, r);
        int first_body = r == t->nhead;
        /* Header rows start a table only with at least one body row under
         * them; a page break inside the body repeats them. */
        if (r < t->nhead) {
            if (r == 0) need(d, head + (t->nrows > t->nhead ? row_height(t, &f, t->nhead) : 0));
        } else if (!first_body && d->used + h > AREA_H + EPS) {
            new_page(d);
            for (size_t q = 0; q < t->nhead; q++) draw_row(d, t, &f, q, row_height(t, &f, q));
        } else if (t->nhead == 0) {
            need(d, h);
        }
        draw_row(d, t, &f, r, h);
    }
    table_unshape(t, &f);
    snap_to_grid(d);
}

/* Stores the next cell of the current row. */
static void table_put(table *t, const char *text)
{
    if (t->col >= t->ncols) return;
    size_t need_cells = t->nrows * t->ncols;
    if (need_cells > t->cap) {
        t->cap = need_cells * 2;
        t->cells = tz_xrealloc(t->cells, t->cap * sizeof *t->cells);
    }
    t->cells[(t->nrows - 1) * t->ncols + t->col++] = tz_xstrdup(text);
}

/* Pads the current row to the header's width. */
static void table_end_row(table *t)
{
    while (t->nrows > 0 && t->col < t->ncols) table_put(t, "");
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t->align);
    memset(t, 0, sizeof *t);
}

/* ---- charts ---------------------------------------------------------------- */

static const double palette[][3] = {
    { 0.27, 0.45, 0.70 }, { 0.85, 0.47, 0.20 }, { 0.40, 0.65, 0.35 }, { 0.75, 0.30, 0.30 },
    { 0.55, 0.45, 0.70 }, { 0.60, 0.50, 0.35 }, { 0.85, 0.55, 0.70 }, { 0.50, 0.50, 0.50 },
    { 0.70, 0.70, 0.25 }, { 0.25, 0.65, 0.70 },
};
#define NPALETTE (sizeof palette / sizeof palette[0])

typedef struct {
    char *label, *shown;
    double v;
} point;

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
    while (size > 5 && text_width(d, s, S_SONG, size) > width) size -= 0.5;
    return size;
}

static void fill_colour(doc *d, size_t i)
{
    const double *c = palette[i % NPALETTE];
    chk(d, HPDF_Page_SetRGBFill(d->page, (HPDF_REAL)c[0], (HPDF_REAL)c[1], (HPDF_REAL)c[2]));
}

static void draw_bar(doc *d, const char *caption, const point *pt, size_t n, double top, double h)
{
    const double fs = 10.5;
    double max = 0;
    for (size_t i = 0; i < n; i++) if (pt[i].v > max) max = pt[i].v;
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
            fill_colour(d, 0);
            chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)(cx - bw / 2), (HPDF_REAL)base, (HPDF_REAL)bw, (HPDF_REAL)bh));
            chk(d, HPDF_Page_Fill(d->page));
            chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
        }
        draw_text(d, pt[i].shown, S_SONG, fs, cx, base + bh + 0.35 * fs, 1);
        double ls = fit_size(d, pt[i].label, fs, slot * 0.95);
        draw_text(d, pt[i].label, S_SONG, ls, cx, base - 1.3 * fs, 1);
    }
}

static void draw_pie(doc *d, const char *caption, const point *pt, size_t n, double top, double h)
{
    double fs = 10.5, total = 0;
    for (size_t i = 0; i < n; i++) if (pt[i].v > 0) total += pt[i].v;
    draw_text(d, caption, S_HEI, fs, AREA_L, top - fs, 0);
    double r = (h - 2.5 * fs) / 2, cx = AREA_L + AREA_W * 0.28, cy = top - 1.8 * fs - r;
    double a = 0;
    for (size_t i = 0; i < n && total > 0; i++) {
        if (pt[i].v <= 0) continue;
        double sweep = 360.0 * pt[i].v / total;
        fill_colour(d, i);
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
    double lh = fmin(fs * 1.6, (h - 2.5 * fs) / (double)(n ? n : 1));
    double lx = AREA_L + AREA_W * 0.55, ly = top - 2.5 * fs;
    for (size_t i = 0; i < n; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s：%s（%.1f%%）", pt[i].label, pt[i].shown,
                 total > 0 && pt[i].v > 0 ? 100.0 * pt[i].v / total : 0.0);
        double s = fit_size(d, text, fmin(fs, lh / 1.3), AREA_L + AREA_W - lx - lh);
        double y = ly - lh * (double)i - s;
        fill_colour(d, i);
        chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)lx, (HPDF_REAL)y, (HPDF_REAL)(s * 0.8), (HPDF_REAL)(s * 0.8)));
        chk(d, HPDF_Page_Fill(d->page));
        chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
        draw_text(d, text, S_SONG, s, lx + s * 1.3, y, 0);
    }
}

/* Parses the tzchart block (see tmpl.h) and draws it, 8 lines high. */
static void lay_chart(doc *d, char *body)
{
    char *save = NULL, *ln = strtok_r(body, "\n", &save);
    if (!ln) return;
    int pie = strncmp(ln, "pie", 3) == 0;
    const char *caption = strchr(ln, '\t') ? strchr(ln, '\t') + 1 : "";
    size_t n = 0, cap = 8;
    point *pt = tz_xmalloc(cap * sizeof *pt);
    while ((ln = strtok_r(NULL, "\n", &save))) {
        char *t1 = strchr(ln, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) continue;
        *t1 = *t2 = '\0';
        if (n == cap) pt = tz_xrealloc(pt, (cap *= 2) * sizeof *pt);
        pt[n++] = (point){ ln, t2 + 1, strtod(t1 + 1, NULL) };
    }
    double h = 8 * PITCH;
    need(d, h);
    double top = AREA_TOP - d->used;
    if (n == 0)
        draw_text(d, "（无数据）", S_BODY, BODY_SIZE, AREA_L + AREA_W / 2, top - h / 2, 1);
    else if (pie)
        draw_pie(d, caption, pt, n, top, h);
    else
        draw_bar(d, caption, pt, n, top, h);
    d->used += h;
    snap_to_grid(d);
    free(pt);
}

/* ---- md4c ------------------------------------------------------------------ */

typedef struct {
    doc *d;
    para p;
    int in_para;            /* collecting text into p */
    para_kind kind;
    int style;              /* of the block (headings) */
    double indent;
    int strong, em;
    int list_ordered[16];
    unsigned list_next[16];
    int list_depth;
    int in_table, in_cell;
    table t;
    int in_head;
    int in_chart, in_code;
    para code;              /* fenced block text */
    int error;
} md_state;

static void flush(md_state *m)
{
    if (m->p.len > 0) lay_para(m->d, &m->p, m->kind, m->style, m->indent);
    para_clear(&m->p);
    m->in_para = 0;
}

static void start_para(md_state *m, para_kind kind, int style, double indent)
{
    if (m->in_para && m->p.len > 0 && m->list_depth == 0) flush(m);
    m->in_para = 1;
    m->kind = kind;
    m->style = style;
    m->indent = indent;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    md_state *m = user;
    switch (type) {
    case MD_BLOCK_H: {
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        if (level == 1 && !m->d->title_done)
            start_para(m, P_TITLE, S_SONG, 0);
        else
            start_para(m, P_HEADING, level <= 2 ? S_HEI : level == 3 ? S_KAI : S_BODY, 2);
        break;
    }
    case MD_BLOCK_P:
        if (m->in_table) break;
        /* A loose list item's paragraph continues the item's number. */
        if (m->list_depth > 0 && m->in_para && m->p.len > 0 && m->p.len < 12) break;
        start_para(m, P_BODY, S_BODY, 2);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (m->in_para) flush(m);
        if (m->list_depth < 16) {
            m->list_ordered[m->list_depth] = type == MD_BLOCK_OL;
            m->list_next[m->list_depth] = type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        }
        m->list_depth++;
        break;
    case MD_BLOCK_LI: {
        if (m->in_para) flush(m);
        start_para(m, P_BODY, S_BODY, 2);
        int k = m->list_depth - 1;
        if (k >= 0 && k < 16 && m->list_ordered[k]) {
            char num[32];
            snprintf(num, sizeof num, "%u.", m->list_next[k]++);
            para_put(&m->p, num, strlen(num), S_BODY);
        }
        break;
    }
    case MD_BLOCK_TABLE:
        if (m->in_para) flush(m);
        memset(&m->t, 0, sizeof m->t);
        m->in_table = 1;
        break;
    case MD_BLOCK_THEAD: m->in_head = 1; break;
    case MD_BLOCK_TR:
        table_end_row(&m->t);
        m->t.nrows++;
        m->t.col = 0;
        if (m->in_head) m->t.nhead = m->t.nrows;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        para_clear(&m->p);
        m->in_cell = 1;
        if (m->t.nrows == 1) {
            m->t.ncols++;
            m->t.align = tz_xrealloc(m->t.align, m->t.ncols * sizeof *m->t.align);
            m->t.align[m->t.ncols - 1] = ((MD_BLOCK_TD_DETAIL *)detail)->align;
        }
        break;
    case MD_BLOCK_CODE: {
        const MD_BLOCK_CODE_DETAIL *cd = detail;
        if (m->in_para) flush(m);
        m->in_code = 1;
        m->in_chart = cd->lang.size == 7 && memcmp(cd->lang.text, "tzchart", 7) == 0;
        para_clear(&m->code);
        break;
    }
    default:
        break;
    }
    return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    md_state *m = user;
    (void)detail;
    switch (type) {
    case MD_BLOCK_H:
        if (m->kind == P_TITLE) {
            flush(m);
            m->d->title_done = 1;
            m->d->used += PITCH;    /* a blank line under the title */
        } else {
            flush(m);
        }
        break;
    case MD_BLOCK_P:
        if (!m->in_table && m->list_depth == 0) flush(m);
        break;
    case MD_BLOCK_LI:
        flush(m);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        m->list_depth--;
        break;
    case MD_BLOCK_THEAD: m->in_head = 0; break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: {
        table_put(&m->t, m->p.s ? m->p.s : "");
        para_clear(&m->p);
        m->in_cell = 0;
        break;
    }
    case MD_BLOCK_TABLE: {
        table_end_row(&m->t);
        lay_table(m->d, &m->t);
        table_free(&m->t);
        m->in_table = 0;
        break;
    }
    case MD_BLOCK_CODE:
        if (m->in_chart) {
            lay_chart(m->d, m->code.s ? m->code.s : (char *)"");
        } else {
            /* Any other code block: its lines as plain paragraphs. */
            char *save = NULL;
            for (char *ln = strtok_r(m->code.s ? m->code.s : (char *)"", "\n", &save); ln;
                 ln = strtok_r(NULL, "\n", &save)) {
                para_clear(&m->p);
                para_put(&m->p, ln, strlen(ln), S_BODY);
                lay_para(m->d, &m->p, P_BODY, S_BODY, 2);
            }
            para_clear(&m->p);
        }
        para_clear(&m->code);
        m->in_chart = m->in_code = 0;
        break;
    default:
        break;
    }
    return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
    md_state *m = user;
    (void)detail;
    if (type == MD_SPAN_STRONG) m->strong++;
    else if (type == MD_SPAN_EM) m->em++;
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
    md_state *m = user;
    (void)detail;
    if (type == MD_SPAN_STRONG) m->strong--;
    else if (type == MD_SPAN_EM) m->em--;
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
    md_state *m = user;
    if (m->in_code) {
        para_put(&m->code, text, size, S_BODY);
        return 0;
    }
    int style = m->strong ? S_HEI : m->em ? S_KAI
              : m->kind == P_BODY || m->kind == P_HEADING ? m->style : S_BODY;
    if (m->kind == P_TITLE) style = S_SONG;
    switch (type) {
    case MD_TEXT_SOFTBR:
        /* A soft break between Chinese characters is no space at all;
         * between Latin words it is one. */
        if (m->p.len > 0 && (unsigned char)m->p.s[m->p.len - 1] < 0x80)
            para_put(&m->p, " ", 1, style);
        break;
    case MD_TEXT_BR:
        para_put(&m->p, "\n", 1, style);
        break;
    case MD_TEXT_NULLCHAR:
        break;
    case MD_TEXT_ENTITY:
        if (size == 6 && memcmp(text, "&nbsp;", 6) == 0) para_put(&m->p, " ", 1, style);
        else if (size == 5 && memcmp(text, "&amp;", 5) == 0) para_put(&m->p, "&", 1, style);
        else if (size == 4 && memcmp(text, "&lt;", 4) == 0) para_put(&m->p, "<", 1, style);
        else if (size == 4 && memcmp(text, "&gt;", 4) == 0) para_put(&m->p, ">", 1, style);
        else para_put(&m->p, text, size, style);
        break;
    default:
        if (!m->in_para && !m->in_cell) start_para(m, P_BODY, S_BODY, 2);
        para_put(&m->p, text, size, style);
        break;
    }
    return 0;
}

/* ---- the document ---------------------------------------------------------- */

static void lay_signature(doc *d)
{
    /* GB/T 9704 §7.3.5.3 (no seal): one blank line under the text, the
     * office right-indented two characters, the date on the next line with
     * its first character two characters right of the office's first — or,
     * when the date is the longer, the date right-indented two characters
     * and the office moved left to keep that offset. */
    const double em = BODY_SIZE + BODY_TRACK;
    char date[64];
    tz_day_zh(date, sizeof date, d->cfg->as_of);
    const char *office = d->cfg->office && d->cfg->office[0] ? d->cfg->office : d->cfg->organisation;
    if (!office) office = "";
    items io, id;
    shape(d, office, strlen(office), NULL, S_BODY, BODY_SIZE, &io);
    shape(d, date, strlen(date), NULL, S_BODY, BODY_SIZE, &id);
    double wo = span_width(&io, 0, io.n, BODY_TRACK), wd = span_width(&id, 0, id.n, BODY_TRACK);
    double right = AREA_L + AREA_W - 2 * em;
    double xo = right - wo, xd = xo + 2 * em;
    if (xd + wd > right + EPS) { xd = right - wd; xo = xd - 2 * em; }
    if (xo < AREA_L) xo = AREA_L;
    d->used += PITCH;
    if (d->used + 2 * PITCH > AREA_H + EPS) new_page(d);
    draw_items(d, &io, 0, io.n, xo, slot_baseline(d, BODY_SIZE), BODY_SIZE, BODY_TRACK);
    d->used += PITCH;
    draw_items(d, &id, 0, id.n, xd, slot_baseline(d, BODY_SIZE), BODY_SIZE, BODY_TRACK);
    d->used += PITCH;
    free(io.v);
    free(id.v);
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

int tz_pdf_layout_write(const tz_config *cfg, const char *markdown, const char *out_path)
{
    doc d;
    memset(&d, 0, sizeof d);
    d.cfg = cfg;
    d.pdf = HPDF_New(on_hpdf_error, &d);
    if (!d.pdf)
        return tz_error("无法创建 PDF（内存不足）");
    int rc = -1;
    if (HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL) != HPDF_OK ||
        HPDF_UseUTFEncodings(d.pdf) != HPDF_OK) {
        tz_error("无法初始化 PDF（libharu 错误 0x%04X）", (unsigned)d.err);
        goto out;
    }
    if (load_fonts(&d) < 0 || set_info(&d) < 0)
        goto out;

    md_state m;
    memset(&m, 0, sizeof m);
    m.d = &d;
    MD_PARSER parser = {
        0, MD_FLAG_TABLES | MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS,
        on_enter_block, on_leave_block, on_enter_span, on_leave_span, on_text, NULL, NULL,
    };
    new_page(&d);
    int mdrc = md_parse(markdown, (MD_SIZE)strlen(markdown), &parser, &m);
    if (m.in_para) flush(&m);
    table_free(&m.t);
    free(m.p.s); free(m.p.st);
    free(m.code.s); free(m.code.st);
    if (mdrc != 0) {
        tz_error("阶段总结的 Markdown 无法解析（md4c 返回 %d）", mdrc);
        goto out;
    }
    lay_signature(&d);
    if (d.err || d.calls_failed) {
        tz_error("生成 PDF 时 libharu 出错（错误 0x%04X，详情 %u）", (unsigned)d.err, (unsigned)d.detail);
        goto out;
    }
    if (HPDF_SaveToFile(d.pdf, out_path) != HPDF_OK) {
        tz_error("无法写出 %s（libharu 错误 0x%04X，详情 %u）", out_path, (unsigned)d.err, (unsigned)d.detail);
        goto out;
    }
    rc = 0;
out:
    HPDF_Free(d.pdf);
    free_faces(&d);
    return rc;
}
