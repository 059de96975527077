/*
 * doc_model.c — expanded Markdown → blocks (see doc_model.h).  md4c calls
 * back per block and span; text is collected with one style per byte and a
 * block is stored when md4c leaves it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>
#include <unistr.h>

#include "arena.h"
#include "doc_model.h"
#include "issue.h"

/* Text being collected, one style per byte. */
typedef struct {
    char *s;
    unsigned char *st;
    size_t len, cap;
} text;

static void text_put(text *p, const char *s, size_t n, int style)
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

static void text_clear(text *p)
{
    p->len = 0;
    if (p->s)
        p->s[0] = '\0';
}

typedef struct {
    tz_doc *doc;
    size_t cap;
    text p;
    int in_para;
    tz_block_kind kind;
    int level, style;
    int strong, em;
    int list_ordered[16];
    unsigned list_next[16];
    int list_depth;
    int in_table, in_cell, in_head;
    tz_block t; /* the table being read */
    size_t tcap, col;
    int in_chart, in_code;
    text code;
    int title_done, paras;
} md_state;

static tz_block *push(md_state *m, tz_block_kind kind)
{
    tz_doc *d = m->doc;
    if (d->n == m->cap)
        d->v = tz_xrealloc(d->v, (m->cap = m->cap ? m->cap * 2 : 16) * sizeof *d->v);
    tz_block *b = &d->v[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

static size_t chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Stores the collected text as a block. */
static void flush(md_state *m)
{
    if (m->p.len > 0) {
        tz_block_kind kind = m->kind;
        /* 主送机关: a short first paragraph under the title ending in "：". */
        if (kind == TZ_B_PARA && m->title_done && m->paras == 0 && m->p.len >= 3 &&
            strcmp(m->p.s + m->p.len - 3, "：") == 0 && chars(m->p.s, m->p.len) <= 28 &&
            !memchr(m->p.s, '\n', m->p.len))
            kind = TZ_B_RECIPIENT;
        if (kind == TZ_B_PARA || kind == TZ_B_RECIPIENT)
            m->paras++;
        if (kind == TZ_B_TITLE)
            m->title_done = 1;
        tz_block *b = push(m, kind);
        b->level = m->level;
        b->len = m->p.len;
        b->text = tz_xmalloc(m->p.len + 1);
        memcpy(b->text, m->p.s, m->p.len + 1);
        b->style = tz_xmalloc(m->p.len + 1);
        memcpy(b->style, m->p.st, m->p.len);
    }
    text_clear(&m->p);
    m->in_para = 0;
}

static void start_para(md_state *m, tz_block_kind kind, int level, int style)
{
    if (m->in_para && m->p.len > 0 && m->list_depth == 0)
        flush(m);
    m->in_para = 1;
    m->kind = kind;
    m->level = level;
    m->style = style;
}

/* Stores the next cell of the current row. */
static void table_put(md_state *m, const char *s)
{
    tz_block *t = &m->t;
    if (m->col >= t->ncols)
        return;
    size_t need = t->nrows * t->ncols;
    if (need > m->tcap)
        t->cells = tz_xrealloc(t->cells, (m->tcap = need * 2) * sizeof *t->cells);
    t->cells[(t->nrows - 1) * t->ncols + m->col++] = tz_xstrdup(s);
}

/* Pads the current row to the header's width. */
static void table_end_row(md_state *m)
{
    while (m->t.nrows > 0 && m->col < m->t.ncols)
        table_put(m, "");
}

static void free_block(tz_block *b)
{
    free(b->text);
    free(b->style);
    for (size_t i = 0; i < b->nrows * b->ncols && b->cells; i++)
        free(b->cells[i]);
    free(b->cells);
    free(b->align);
    for (size_t i = 0; i < b->npoints; i++) {
        free(b->points[i].label);
        free(b->points[i].shown);
    }
    free(b->points);
    free(b->value_name);
    free(b->caption);
}

/* The tzchart block (tmpl.h): "bar|pie<TAB>value header<TAB>caption", then
 * "label<TAB>value<TAB>shown" lines. */
static void add_chart(md_state *m, char *body)
{
    char *save = NULL, *ln = strtok_r(body, "\n", &save);
    if (!ln)
        return;
    tz_block *b = push(m, TZ_B_CHART);
    b->pie = strncmp(ln, "pie", 3) == 0;
    char *t1 = strchr(ln, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (t2)
        *t2 = '\0';
    b->value_name = tz_xstrdup(t1 ? t1 + 1 : "");
    b->caption = tz_xstrdup(t2 ? t2 + 1 : "");
    size_t cap = 0;
    while ((ln = strtok_r(NULL, "\n", &save))) {
        t1 = strchr(ln, '\t');
        t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        *t1 = *t2 = '\0';
        if (b->npoints == cap)
            b->points = tz_xrealloc(b->points, (cap = cap ? cap * 2 : 8) * sizeof *b->points);
        b->points[b->npoints++] =
            (tz_chart_point){ tz_xstrdup(ln), tz_xstrdup(t2 + 1), strtod(t1 + 1, NULL), "" };
    }
    double total = 0;
    for (size_t i = 0; i < b->npoints; i++)
        if (b->points[i].v > 0)
            total += b->points[i].v;
    for (size_t i = 0; i < b->npoints && b->pie; i++) {
        tz_chart_point *pt = &b->points[i];
        if (pt->v <= 0)
            continue;
        /* 27.9%, 50% — no needless ".0", as tmpl.c writes rates. */
        int n = snprintf(pt->share, sizeof pt->share, "%.1f", 100.0 * pt->v / total + 1e-9);
        if (n >= 2 && (size_t)n < sizeof pt->share && strcmp(pt->share + n - 2, ".0") == 0)
            n -= 2;
        if (n > 0 && (size_t)n + 1 < sizeof pt->share)
            strcpy(pt->share + n, "%");
    }
}

static tz_align align_of(MD_ALIGN a)
{
    return a == MD_ALIGN_LEFT     ? TZ_AL_LEFT
           : a == MD_ALIGN_CENTER ? TZ_AL_CENTER
           : a == MD_ALIGN_RIGHT  ? TZ_AL_RIGHT
                                  : TZ_AL_DEFAULT;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    md_state *m = user;
    switch (type) {
    case MD_BLOCK_H: {
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        if (level == 1 && !m->title_done)
            start_para(m, TZ_B_TITLE, 1, TZ_ST_SONG);
        else
            start_para(m, TZ_B_HEADING, (int)(level < 2 ? 2 : level),
                       level <= 2   ? TZ_ST_HEI
                       : level == 3 ? TZ_ST_KAI
                                    : TZ_ST_BODY);
        break;
    }
    case MD_BLOCK_P:
        if (m->in_table)
            break;
        /* A loose list item's paragraph continues the item's number. */
        if (m->list_depth > 0 && m->in_para && m->p.len > 0 && m->p.len < 12)
            break;
        start_para(m, TZ_B_PARA, 0, TZ_ST_BODY);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (m->in_para)
            flush(m);
        if (m->list_depth < 16) {
            m->list_ordered[m->list_depth] = type == MD_BLOCK_OL;
            m->list_next[m->list_depth] = type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        }
        m->list_depth++;
        break;
    case MD_BLOCK_LI: {
        if (m->in_para)
            flush(m);
        start_para(m, TZ_B_PARA, 0, TZ_ST_BODY);
        int k = m->list_depth - 1;
        if (k >= 0 && k < 16 && m->list_ordered[k]) {
            char num[32];
            snprintf(num, sizeof num, "%u.", m->list_next[k]++);
            text_put(&m->p, num, strlen(num), TZ_ST_BODY);
        }
        break;
    }
    case MD_BLOCK_TABLE:
        if (m->in_para)
            flush(m);
        memset(&m->t, 0, sizeof m->t);
        m->t.kind = TZ_B_TABLE;
        m->tcap = m->col = 0;
        m->in_table = 1;
        break;
    case MD_BLOCK_THEAD:
        m->in_head = 1;
        break;
    case MD_BLOCK_TR:
        table_end_row(m);
        m->t.nrows++;
        m->col = 0;
        if (m->in_head)
            m->t.nhead = m->t.nrows;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        text_clear(&m->p);
        m->in_cell = 1;
        if (m->t.nrows == 1) {
            m->t.ncols++;
            m->t.align = tz_xrealloc(m->t.align, m->t.ncols * sizeof *m->t.align);
            m->t.align[m->t.ncols - 1] = align_of(((MD_BLOCK_TD_DETAIL *)detail)->align);
        }
        break;
    case MD_BLOCK_CODE: {
        const MD_BLOCK_CODE_DETAIL *cd = detail;
        if (m->in_para)
            flush(m);
        m->in_code = 1;
        m->in_chart = cd->lang.size == 7 && memcmp(cd->lang.text, "tzchart", 7) == 0;
        text_clear(&m->code);
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
        flush(m);
        break;
    case MD_BLOCK_P:
        if (!m->in_table && m->list_depth == 0)
            flush(m);
        break;
    case MD_BLOCK_LI:
        flush(m);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        m->list_depth--;
        break;
    case MD_BLOCK_THEAD:
        m->in_head = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        table_put(m, m->p.s ? m->p.s : "");
        text_clear(&m->p);
        m->in_cell = 0;
        break;
    case MD_BLOCK_TABLE:
        table_end_row(m);
        m->in_table = 0;
        if (m->t.ncols > 0 && m->t.nrows > 0) {
            *push(m, TZ_B_TABLE) = m->t;
        } else {
            free_block(&m->t);
        }
        memset(&m->t, 0, sizeof m->t);
        break;
    case MD_BLOCK_CODE:
        if (m->in_chart) {
            add_chart(m, m->code.s ? m->code.s : (char *)"");
        } else {
            /* Any other code block: its lines as plain paragraphs. */
            char *save = NULL;
            for (char *ln = strtok_r(m->code.s ? m->code.s : (char *)"", "\n", &save); ln;
                 ln = strtok_r(NULL, "\n", &save)) {
                start_para(m, TZ_B_PARA, 0, TZ_ST_BODY);
                text_put(&m->p, ln, strlen(ln), TZ_ST_BODY);
                flush(m);
            }
        }
        text_clear(&m->code);
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
    if (type == MD_SPAN_STRONG)
        m->strong++;
    else if (type == MD_SPAN_EM)
        m->em++;
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
    md_state *m = user;
    (void)detail;
    if (type == MD_SPAN_STRONG)
        m->strong--;
    else if (type == MD_SPAN_EM)
        m->em--;
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *user)
{
    md_state *m = user;
    if (m->in_code) {
        text_put(&m->code, s, size, TZ_ST_BODY);
        return 0;
    }
    int style = m->strong                                         ? TZ_ST_HEI
                : m->em                                           ? TZ_ST_KAI
                : m->kind == TZ_B_PARA || m->kind == TZ_B_HEADING ? m->style
                                                                  : TZ_ST_BODY;
    if (m->kind == TZ_B_TITLE && !m->in_cell)
        style = TZ_ST_SONG;
    switch (type) {
    case MD_TEXT_SOFTBR:
        /* A soft break between Chinese characters is no space at all;
         * between Latin words it is one. */
        if (m->p.len > 0 && (unsigned char)m->p.s[m->p.len - 1] < 0x80)
            text_put(&m->p, " ", 1, style);
        break;
    case MD_TEXT_BR:
        text_put(&m->p, "\n", 1, style);
        break;
    case MD_TEXT_NULLCHAR:
        break;
    case MD_TEXT_ENTITY:
        if (size == 6 && memcmp(s, "&nbsp;", 6) == 0)
            text_put(&m->p, " ", 1, style);
        else if (size == 5 && memcmp(s, "&amp;", 5) == 0)
            text_put(&m->p, "&", 1, style);
        else if (size == 4 && memcmp(s, "&lt;", 4) == 0)
            text_put(&m->p, "<", 1, style);
        else if (size == 4 && memcmp(s, "&gt;", 4) == 0)
            text_put(&m->p, ">", 1, style);
        else
            text_put(&m->p, s, size, style);
        break;
    default:
        if (!m->in_para && !m->in_cell)
            start_para(m, TZ_B_PARA, 0, TZ_ST_BODY);
        text_put(&m->p, s, size, style);
        break;
    }
    return 0;
}

int tz_doc_parse(const char *markdown, tz_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    md_state m;
    memset(&m, 0, sizeof m);
    m.doc = doc;
    MD_PARSER parser = {
        0,
        MD_FLAG_TABLES | MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS,
        on_enter_block,
        on_leave_block,
        on_enter_span,
        on_leave_span,
        on_text,
        NULL,
        NULL,
    };
    int rc = md_parse(markdown, (MD_SIZE)strlen(markdown), &parser, &m);
    if (m.in_para)
        flush(&m);
    free_block(&m.t);
    free(m.p.s);
    free(m.p.st);
    free(m.code.s);
    free(m.code.st);
    if (rc != 0) {
        tz_doc_free(doc);
        return tz_error("阶段总结的 Markdown 无法解析（md4c 返回 %d）", rc);
    }
    return 0;
}

void tz_doc_free(tz_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        free_block(&doc->v[i]);
    free(doc->v);
    memset(doc, 0, sizeof *doc);
}

/* Whether the UTF-8 character of code point c is in set. */
static int code_in(uint32_t c, const char *set)
{
    uint8_t buf[8];
    int n = u8_uctomb(buf, c, 6);
    buf[n > 0 ? n : 0] = 0;
    return n > 0 && strstr(set, (const char *)buf) != NULL;
}

int tz_doc_no_line_start(uint32_t c)
{
    return code_in(c, "，。、；：？！）」》”’…—・·％%,.;:?!)]}〉』】〕〗");
}

int tz_doc_no_line_end(uint32_t c)
{
    return code_in(c, "（「《“‘([{〈『【〔〖");
}

/* The code point of the UTF-8 character at s. */
static uint32_t code_at(const char *s, size_t n)
{
    ucs4_t uc = 0xFFFD;
    u8_mbtouc(&uc, (const uint8_t *)s, n);
    return uc;
}

/* Marks a whole-word break at each end of every occurrence of name in s. */
static void mark_name_ends(const char *s, const size_t *off, size_t n, const char *name, unsigned char *whole)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (strncmp(s + off[i], name, len) == 0)
            for (size_t j = i; j <= n; j++)
                if (off[j] == off[i] + len) {
                    whole[i] = whole[j] = 1;
                    break;
                }
}

size_t tz_doc_office_lines(const char *office, const char *organisation, const char *campaign, double room,
                           size_t **ends)
{
    size_t len = strlen(office), n = 0;
    size_t *off = tz_xmalloc((len + 1) * sizeof *off);
    double *x = tz_xmalloc((len + 1) * sizeof *x); /* width of the characters before i */
    x[0] = 0;
    for (size_t b = 0; b < len; n++) {
        off[n] = b;
        double w = (unsigned char)office[b] >= 0x80 ? 1.0 : 0.5;
        b++;
        while (b < len && ((unsigned char)office[b] & 0xC0) == 0x80)
            b++;
        x[n + 1] = x[n] + w;
    }
    off[n] = len;
    size_t lines = x[n] <= room + 1e-9 || n < 2 ? 1 : (size_t)ceil(x[n] / room - 1e-9);
    *ends = tz_xmalloc((lines + 2) * sizeof **ends);
    if (lines == 1) {
        (*ends)[0] = len;
        free(off);
        free(x);
        return 1;
    }
    /* whole[i]: a line may start at character i (i = n: the end). */
    unsigned char *whole = tz_xcalloc(n + 1, 1);
    mark_name_ends(office, off, n, organisation, whole);
    mark_name_ends(office, off, n, campaign, whole);
    for (size_t i = 1; i < n; i++) {
        uint32_t prev = code_at(office + off[i - 1], off[i] - off[i - 1]);
        uint32_t cur = code_at(office + off[i], off[i + 1] - off[i]);
        if (tz_doc_no_line_start(prev) || tz_doc_no_line_end(cur))
            whole[i] = 1;
        if (tz_doc_no_line_start(cur) || tz_doc_no_line_end(prev))
            whole[i] = 0;
    }
    whole[0] = whole[n] = 1;
    /* best[k * (n + 1) + i]: the narrowest widest line setting [0, i) on k
     * lines at whole breaks; from[] the start of the last of them. */
    size_t cells = (lines + 2) * (n + 1), *from = tz_xmalloc(cells * sizeof *from);
    double *best = tz_xmalloc(cells * sizeof *best);
    size_t got = 0;
    for (size_t want = lines; want <= lines + 1 && !got; want++) {
        for (size_t c = 0; c < cells; c++)
            best[c] = HUGE_VAL;
        best[0] = 0;
        for (size_t k = 1; k <= want; k++)
            for (size_t i = 1; i <= n; i++) {
                if (!whole[i])
                    continue;
                for (size_t j = 0; j < i; j++) {
                    double w = fmax(best[(k - 1) * (n + 1) + j], x[i] - x[j]);
                    if (whole[j] && w < best[k * (n + 1) + i] && x[i] - x[j] <= room + 1e-9) {
                        best[k * (n + 1) + i] = w;
                        from[k * (n + 1) + i] = j;
                    }
                }
            }
        if (best[want * (n + 1) + n] == HUGE_VAL)
            continue;
        double shortest = HUGE_VAL;
        for (size_t k = want, i = n; k > 0; i = from[k * (n + 1) + i], k--) {
            size_t j = from[k * (n + 1) + i];
            (*ends)[k - 1] = off[i];
            shortest = fmin(shortest, x[i] - x[j]);
        }
        if (shortest * 4 >= best[want * (n + 1) + n])
            got = want;
    }
    if (!got) {
        /* Lines of about equal length, wherever they fall. */
        double part = x[n] / (double)lines;
        size_t i = 0;
        for (size_t k = 0; k + 1 < lines; k++) {
            while (i < n && x[i] + 0.25 < part * (double)(k + 1))
                i++;
            (*ends)[k] = off[i];
        }
        (*ends)[lines - 1] = len;
        got = lines;
    }
    free(best);
    free(from);
    free(whole);
    free(off);
    free(x);
    return got;
}
