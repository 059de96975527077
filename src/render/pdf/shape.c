/*
 * shape.c — text shaped for the page (pdf.h).  libharu cannot break Chinese
 * lines (MeasureText counts bytes, TextRect draws nothing), so every
 * string is shaped here: UTF-8 decoded, each character given the first
 * configured font that has its glyph, measured with the face's metrics,
 * broken at UAX #14 opportunities (libunistring) plus those beside a
 * quotation mark among Chinese text, minus the 避头尾 pairs, and filled
 * into lines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>
#include <unistr.h>

#include "arena.h"
#include "issue.h"
#include "pdf.h"

/* ASCII and fullwidth digits. */
static int is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* Wide East Asian characters and punctuation (ideographs, kana, hangul,
 * CJK and fullwidth punctuation). */
static int east_asian(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
           c >= 0x20000;
}

/*
 * Whether a line may break between `prev` and `cur` at a quotation mark
 * among Chinese text (before “, after ”), `before` being the character
 * ahead of prev and `next` the one after cur (0 at either end).  UAX #14 up
 * to Unicode 15.0 (libunistring 1.0) never breaks beside an ambiguous
 * quotation mark, so “懒”的 sticks to the text around it and leaves a loose
 * or ragged line; Unicode 15.1 (LB19a) allows these breaks when East Asian
 * characters stand on both sides.
 */
static int quote_break(uint32_t before, uint32_t prev, uint32_t cur, uint32_t next)
{
    if (cur == 0x201C || cur == 0x2018)
        return east_asian(prev) && east_asian(next);
    if (prev == 0x201D || prev == 0x2019)
        return east_asian(before) && east_asian(cur);
    return 0;
}

/*
 * Whether `next` may not start a line after the items shaped so far: a
 * number keeps its unit (52次, 178716元, 21日) and its 第 (第16中学), and a
 * date stays whole (2017年7月21日: no break after the 年 or 月 of a number
 * either).
 */
static int number_bound(const tz_pdf_items *done, uint32_t next)
{
    uint32_t prev = done->v[done->n - 1].code;
    if (prev == 0x7B2C /* 第 */)
        return is_digit(next);
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
        tz_pdf_item it = { uc, want, 0, 0, 0, 0, 0 };
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
        /* A full-width closing mark's glyph sits in its left half: a tight
         * line may take the blank right half (标点挤压). */
        if (tz_doc_no_line_start(it.code) && east_asian(it.code) && it.w >= 0.9 * size)
            it.squeeze = it.w / 2;
        if (out->n > 0 && off > 0) {
            const tz_pdf_item *prev = &out->v[out->n - 1];
            ucs4_t after = 0;
            if (off + (size_t)k < len)
                u8_mbtouc(&after, (const uint8_t *)text + off + k, len - off - (size_t)k);
            uint32_t before = out->n >= 2 ? out->v[out->n - 2].code : 0;
            it.brk = (brk[off] == UC_BREAK_POSSIBLE || prev->code == ' ' ||
                      quote_break(before, prev->code, it.code, after)) &&
                     !tz_doc_no_line_start(it.code) &&
                     !tz_doc_no_line_end(prev->code) && it.code != ' ' && !number_bound(out, it.code);
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

/* What fit_lines charges for a line it must leave looser than em: more
 * than any number of lines within em can cost (28 lines of em² each). */
#define LOOSE_LINE 1e7

/* Appends line [a, b) to *out (capacity *cap). */
static void push_line(const tz_pdf_items *it, tz_pdf_line **out, size_t *n, size_t *cap, size_t a, size_t b,
                      int last, double track)
{
    if (*n == *cap)
        *out = tz_xrealloc(*out, (*cap *= 2) * sizeof **out);
    tz_pdf_line *l = &(*out)[(*n)++];
    l->a = a;
    l->b = b;
    l->natural = tz_pdf_span_width(it, a, b, track);
    l->last = last;
}

/*
 * Justified text broken for the whole paragraph at once (total fit): the
 * breaks that keep every line but the last of each hard-broken piece within
 * em of its width, stretched or squeezed (squeezed further by what its
 * closing marks give up, tz_pdf_justify), with the least sum of squared
 * slack.  A greedy fill cannot look ahead: when an unbreakable run (a date,
 * 178716元, a quotation) does not fit the rest of a line, that line is
 * left loose, though an earlier break would have avoided it.  When no
 * setting keeps every line within em, the fewest lines are left loose.
 * Returns the number of lines in *out (malloc'ed), or 0 when some piece
 * cannot be set at all (a run wider than a line) and *out is left unset.
 */
static size_t fit_lines(const tz_pdf_items *it, double first, double width, double track, double em,
                        tz_pdf_line **out)
{
    double *cost = tz_xmalloc((it->n + 1) * sizeof *cost);
    size_t *from = tz_xmalloc((it->n + 1) * sizeof *from);
    size_t cap = 8, n = 0;
    *out = tz_xmalloc(cap * sizeof **out);
    for (size_t s = 0; s < it->n;) {
        size_t e = s;
        while (e < it->n && !it->v[e].newline)
            e++;
        /* cost[j]: the best setting of [s, j) with a line starting at j. */
        for (size_t j = s; j <= e; j++)
            cost[j] = HUGE_VAL;
        cost[s] = 0;
        for (size_t j = s; j < e; j++) {
            if (cost[j] == HUGE_VAL || (j > s && !it->v[j].brk))
                continue;
            size_t a = j;
            while (j > s && a < e && it->v[a].code == ' ')
                a++;
            double avail = j == 0 ? first : width;
            /* What the closing marks of [a, k − 1) may give up (not the
             * line's last: its glyph box would pass the margin). */
            double give = 0;
            for (size_t k = a + 1; k <= e; k++) {
                if (k >= a + 2)
                    give += it->v[k - 2].squeeze;
                if (k < e && !it->v[k].brk)
                    continue;
                double slack = avail - tz_pdf_span_width(it, a, k, track);
                if (slack < -em - give - EPS)
                    break;
                /* 1 pt² a line: of two equal settings, the one with fewer
                 * lines.  A line looser than em (set unjustified) only when
                 * no setting avoids it, and as few of them as can be. */
                double c = k == e ? (slack < -EPS ? HUGE_VAL : 1)
                                  : slack * slack + 1 + (slack > em + EPS ? LOOSE_LINE : 0);
                if (cost[j] + c < cost[k]) {
                    cost[k] = cost[j] + c;
                    from[k] = j;
                }
            }
        }
        if (cost[e] == HUGE_VAL) {
            free(cost);
            free(from);
            free(*out);
            return 0;
        }
        /* The breaks from the end back, then the lines in order; an empty
         * piece (two line breaks in a row) is an empty line. */
        size_t first_line = n;
        if (s == e)
            push_line(it, out, &n, &cap, s, s, 1, track);
        for (size_t k = e; k > s; k = from[k]) {
            size_t a = from[k];
            while (a > s && a < k && it->v[a].code == ' ')
                a++;
            push_line(it, out, &n, &cap, a, k, k == e, track);
        }
        for (size_t x = first_line, y = n - 1; x < y; x++, y--) {
            tz_pdf_line t = (*out)[x];
            (*out)[x] = (*out)[y];
            (*out)[y] = t;
        }
        s = e + 1;
    }
    free(cost);
    free(from);
    return n;
}

/* Greedy filling (tz_pdf_break_lines): with em > 0 a line that would be
 * left more than em short takes the next word too when squeezing it in
 * costs at most em, else it is left loose. */
static size_t greedy_lines(const tz_pdf_items *it, double first, double width, double track, double em,
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

size_t tz_pdf_break_lines(const tz_pdf_items *it, double first, double width, double track, double em,
                          tz_pdf_line **out)
{
    size_t n = em > 0 ? fit_lines(it, first, width, track, em, out) : 0;
    return n ? n : greedy_lines(it, first, width, track, em, out);
}

double tz_pdf_text_width(tz_pdf_doc *d, const char *s, int style, double size)
{
    tz_pdf_items it;
    tz_pdf_shape(d, s, strlen(s), NULL, style, size, &it);
    double w = tz_pdf_span_width(&it, 0, it.n, 0);
    free(it.v);
    return w;
}

double tz_pdf_justify(tz_pdf_items *it, const tz_pdf_line *l, double avail, double em)
{
    size_t e = l->b;
    while (e > l->a && it->v[e - 1].code == ' ')
        e--;
    for (size_t i = l->a; i < e; i++)
        it->v[i].cut = 0;
    double slack = avail - l->natural;
    if (l->last || e - l->a < 2)
        return 0;
    if (slack < 0) {
        double give = 0;
        for (size_t i = l->a; i + 1 < e; i++)
            give += it->v[i].squeeze;
        double take = fmin(-slack, give);
        for (size_t i = l->a; i + 1 < e && give > 0; i++)
            it->v[i].cut = it->v[i].squeeze * take / give;
        slack += take;
    }
    if (slack > em + EPS || slack < -em - EPS)
        return 0;
    return slack / (double)(e - l->a - 1);
}
