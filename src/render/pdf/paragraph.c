/*
 * paragraph.c — the title, headings and paragraphs (pdf.h): body text
 * indented two characters and justified on the grid, the title in balanced
 * lines broken where words stay whole.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "arena.h"
#include "pdf.h"

typedef enum { P_BODY, P_TITLE } para_kind;

size_t tz_pdf_balance_lines(const tz_pdf_items *it, size_t n, double width, double track, tz_pdf_line **lines)
{
    double lo = width / (double)n * 0.8, hi = width;
    for (int iter = 0; iter < 30; iter++) {
        double mid = (lo + hi) / 2;
        tz_pdf_line *l;
        size_t m = tz_pdf_break_lines(it, mid, mid, track, 0, &l);
        free(l);
        if (m > n)
            lo = mid;
        else
            hi = mid;
    }
    return tz_pdf_break_lines(it, hi, hi, track, 0, lines);
}

/* Whether the items from i on are the characters of s. */
static int item_is(const tz_pdf_items *it, size_t i, const char *s)
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
static int title_break_whole(const tz_pdf_items *it, size_t i)
{
    /* UAX #14 never breaks around an ambiguous quotation mark; in a title
     * the quotation is the phrase to keep whole. */
    if (i >= 1 && (it->v[i - 1].code == 0x201D /* ” */ || it->v[i].code == 0x201C /* “ */))
        return !tz_doc_no_line_start(it->v[i].code) && !tz_doc_no_line_end(it->v[i - 1].code);
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
 * Marks in `whole` a break before and after each occurrence in `it` of
 * `name` (the organisation, the campaign: a name from config is a word of
 * the title, 整治形式主义官僚主义专项行动 / 开展情况的…), where 避头尾 allows.
 */
static void mark_name(const tz_pdf_items *it, tz_pdf_items *whole, const char *name)
{
    size_t len = name ? u8_mbsnlen((const uint8_t *)name, strlen(name)) : 0;
    if (len == 0)
        return;
    for (size_t i = 0; i + len <= it->n; i++) {
        if (!item_is(it, i, name))
            continue;
        size_t edge[2] = { i, i + len };
        for (size_t k = 0; k < 2; k++) {
            size_t j = edge[k];
            if (j > 0 && j < it->n && !tz_doc_no_line_start(it->v[j].code) && !tz_doc_no_line_end(it->v[j - 1].code))
                whole->v[j].brk = 1;
        }
    }
}

/*
 * The title's lines (GB/T 9704: 梯形或菱形, 词意完整): as few as fit, about
 * equally long, broken only where words stay whole when that keeps the count
 * and no line is under a quarter of the longest; else balanced anywhere.
 */
static size_t balanced_title(const tz_config *cfg, const tz_pdf_items *it, tz_pdf_line **lines)
{
    size_t n = tz_pdf_break_lines(it, AREA_W, AREA_W, 0, 0, lines);
    if (n < 2)
        return n;
    free(*lines);
    tz_pdf_items whole = { tz_xmalloc(it->n * sizeof *it->v), it->n };
    memcpy(whole.v, it->v, it->n * sizeof *it->v);
    for (size_t i = 0; i < it->n; i++)
        whole.v[i].brk = (unsigned char)title_break_whole(it, i);
    mark_name(it, &whole, cfg->organisation);
    mark_name(it, &whole, cfg->name);
    /* Whole words in as few lines as fit; one more line rather than a word
     * cut in two (“乱作 / 为”). */
    for (size_t want = n; want <= n + 1; want++) {
        size_t m = tz_pdf_balance_lines(&whole, want, AREA_W, 0, lines);
        int ok = m == want;
        double shortest = AREA_W, longest = 0;
        for (size_t k = 0; k < m && ok; k++) {
            const tz_pdf_line *l = &(*lines)[k];
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
    return tz_pdf_balance_lines(it, n, AREA_W, 0, lines);
}

/* A paragraph's lines: the title balanced, body text indented two
 * characters on its first line (none for the 主送机关). */
static size_t para_lines(tz_pdf_doc *d, const tz_block *b, para_kind kind, tz_pdf_items *it,
                         tz_pdf_line **lines)
{
    double size = kind == P_TITLE ? TITLE_SIZE : BODY_SIZE;
    double track = kind == P_TITLE ? 0 : BODY_TRACK, em = size + track;
    double indent = b->kind == TZ_B_RECIPIENT ? 0 : 2 * em;
    tz_pdf_shape(d, b->text, b->len, b->style, b->kind == TZ_B_TITLE ? S_SONG : S_BODY, size, it);
    if (it->n == 0) {
        *lines = NULL;
        return 0;
    }
    if (kind == P_TITLE)
        return balanced_title(d->cfg, it, lines);
    return tz_pdf_break_lines(it, AREA_W - indent, AREA_W, track, em, lines);
}

void tz_pdf_lay_para(tz_pdf_doc *d, const tz_block *b, double tail)
{
    para_kind kind = b->kind == TZ_B_TITLE ? P_TITLE : P_BODY;
    double size = kind == P_TITLE ? TITLE_SIZE : BODY_SIZE;
    double track = kind == P_TITLE ? 0 : BODY_TRACK, em = size + track;
    double indent = b->kind == TZ_B_RECIPIENT ? 0 : 2 * em;
    tz_pdf_items it;
    tz_pdf_line *lines;
    size_t n = para_lines(d, b, kind, &it, &lines);
    for (size_t k = 0; k < n; k++) {
        const tz_pdf_line *l = &lines[k];
        if (tail > 0 && k + 2 >= n && (k + 2 == n || n == 1))
            tz_pdf_need(d, (double)(n - k) * PITCH + tail);
        else
            tz_pdf_need(d, PITCH);
        double y = tz_pdf_slot_baseline(d, size);
        double x = AREA_L, extra = 0;
        if (kind == P_TITLE) {
            x = AREA_L + (AREA_W - l->natural) / 2;
        } else {
            x += k == 0 ? indent : 0;
            /* Justify all but the last line, stretched by at most one
             * character's width over the line (break_lines chose breaks to
             * keep within it), squeezed by as much at most after the
             * closing marks' blank halves. */
            extra = tz_pdf_justify(&it, l, AREA_W - (k == 0 ? indent : 0), em);
        }
        tz_pdf_draw_items(d, &it, l->a, l->b, x, y, size, track + extra);
        d->used += PITCH;
    }
    free(lines);
    free(it.v);
}

double tz_pdf_para_height(tz_pdf_doc *d, const tz_block *b)
{
    tz_pdf_items it;
    tz_pdf_line *lines;
    size_t n = para_lines(d, b, b->kind == TZ_B_TITLE ? P_TITLE : P_BODY, &it, &lines);
    free(lines);
    free(it.v);
    return (double)n * PITCH;
}
