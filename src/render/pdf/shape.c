/*
 * shape.c — text shaped for the page (pdf.h).  libharu cannot break Chinese
 * lines (MeasureText counts bytes, TextRect draws nothing), so every
 * string is shaped here: UTF-8 decoded, each character given the first
 * configured font that has its glyph, measured with the face's metrics,
 * broken at UAX #14 opportunities (libunistring) minus the 避头尾 pairs,
 * and filled into lines.
 */
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>
#include <unistr.h>

#include "arena.h"
#include "issue.h"
#include "pdf.h"

int tz_pdf_no_start(uint32_t c)
{
    static const char set[] = "，。、；：？！）」》”’…—・·％%,.;:?!)]}〉』】〕〗";
    uint8_t buf[6];
    int n = u8_uctomb(buf, c, 6);
    buf[n > 0 ? n : 0] = 0;
    return n > 0 && strstr(set, (const char *)buf) != NULL;
}

int tz_pdf_no_end(uint32_t c)
{
    static const char set[] = "（「《“‘([{〈『【〔〖";
    uint8_t buf[6];
    int n = u8_uctomb(buf, c, 6);
    buf[n > 0 ? n : 0] = 0;
    return n > 0 && strstr(set, (const char *)buf) != NULL;
}

/* ASCII and fullwidth digits. */
static int is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/*
 * Whether `next` may not start a line after the items shaped so far: a
 * number keeps its unit (52次, 178716元, 21日) and a date stays whole
 * (2017年7月21日: no break after the 年 or 月 of a number either).
 */
static int number_bound(const tz_pdf_items *done, uint32_t next)
{
    uint32_t prev = done->v[done->n - 1].code;
    if (is_digit(prev) || prev == '.')
        return next != ' ';
    if ((prev == 0x5E74 /* 年 */ || prev == 0x6708 /* 月 */) && done->n >= 2 &&
        is_digit(done->v[done->n - 2].code))
        return is_digit(next);
    return 0;
}

/* The face a style asks for first. */
static int style_face(const tz_pdf_doc *d, int style)
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

/* Warns of a character no face can show, once per character (the first
 * MAX_REPORTED remembered). */
static void report_missing(tz_pdf_doc *d, uint32_t code)
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

void tz_pdf_shape(tz_pdf_doc *d, const char *text, size_t len, const unsigned char *styles, int style,
                  double size, tz_pdf_items *out)
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
        tz_pdf_item it = { uc, want, 0, 0, 0 };
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
        if (!tz_pdf_face_has(&d->faces[want], it.code)) {
            static const int order[] = { F_SONG, F_HEI, F_KAI, F_FANG };
            int found = -1;
            for (size_t q = 0; q < 4 && found < 0; q++)
                if (tz_pdf_face_has(&d->faces[order[q]], it.code))
                    found = order[q];
            if (found < 0) {
                report_missing(d, it.code);
                it.code = 0x3013;
                for (size_t q = 0; q < 4 && found < 0; q++)
                    if (tz_pdf_face_has(&d->faces[order[q]], it.code))
                        found = order[q];
                if (found < 0) {
                    it.code = '?';
                    found = want;
                }
            }
            it.face = found;
        }
        int32_t metric = tz_pdf_face_metric(&d->faces[it.face], it.code);
        it.w = (metric == NO_GLYPH ? 0 : metric - METRIC_KNOWN) * size / 1000.0;
        if (out->n > 0 && off > 0) {
            const tz_pdf_item *prev = &out->v[out->n - 1];
            it.brk = (brk[off] == UC_BREAK_POSSIBLE || prev->code == ' ') && !tz_pdf_no_start(it.code) &&
                     !tz_pdf_no_end(prev->code) && it.code != ' ' && !number_bound(out, it.code);
        }
        out->v[out->n++] = it;
        off += (size_t)k;
    }
    free(brk);
}

double tz_pdf_span_width(const tz_pdf_items *it, size_t a, size_t b, double track)
{
    double w = 0;
    while (b > a && it->v[b - 1].code == ' ')
        b--;
    for (size_t i = a; i < b; i++)
        w += it->v[i].w + track;
    return b > a ? w - track : 0;
}

size_t tz_pdf_break_lines(const tz_pdf_items *it, double first, double width, double track, double em,
                          tz_pdf_line **out)
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
        if (em > 0 && !hard && b < it->n && avail - tz_pdf_span_width(it, a, b, track) > em + EPS) {
            size_t k = b + 1;
            while (k < it->n && !it->v[k].brk && !it->v[k].newline)
                k++;
            if (tz_pdf_span_width(it, a, k, track) <= avail + em + EPS)
                b = k;
        }
        if (n == cap)
            *out = tz_xrealloc(*out, (cap *= 2) * sizeof **out);
        tz_pdf_line *l = &(*out)[n++];
        l->a = a;
        l->b = b;
        l->natural = tz_pdf_span_width(it, a, b, track);
        l->last = hard || b >= it->n;
        a = b + (hard ? 1 : 0);
        while (!hard && a < it->n && it->v[a].code == ' ')
            a++;
    }
    return n;
}

double tz_pdf_text_width(tz_pdf_doc *d, const char *s, int style, double size)
{
    tz_pdf_items it;
    tz_pdf_shape(d, s, strlen(s), NULL, style, size, &it);
    double w = tz_pdf_span_width(&it, 0, it.n, 0);
    free(it.v);
    return w;
}
