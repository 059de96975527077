/*
 * header.c — a sheet's kind, header row(s) and column map (docs/schemas.md
 * "How a workbook is recognised": kind and header).
 */
#include "recognise_int.h"

#include <stdlib.h>
#include <string.h>

enum {
    MIN_HEADER_MATCH = 2, /* a row naming fewer known columns is not a header */
    HEADER_COLS = 256     /* header cells are looked for in the first columns */
};

/* The header text of column c for a header starting at row r of `rows` rows:
 * in a two-level header a child under a merged (or empty) parent wins. */
static const tz_cell *header_cell(const tz_sheet *s, uint32_t r, uint32_t rows, uint32_t c)
{
    const tz_cell *top = tz_sheet_cell(s, r, c);
    if (rows == 1)
        return top;
    const tz_cell *child = tz_sheet_cell(s, r + 1, c);
    if (tz_rec_cell_blank(child))
        return top;
    const tz_range *m = tz_sheet_merge_at(s, r, c);
    if (tz_rec_cell_blank(top) || (m && m->c2 > m->c1 && m->r1 == r && m->r2 == r))
        return child;
    return top;
}

void tz_rec_header_cache_init(tz_rec_header_cache *hc, const tz_sheet *s)
{
    memset(hc, 0, sizeof *hc);
    hc->rows = s->rows < TZ_HEADER_ROWS + 1 ? s->rows : TZ_HEADER_ROWS + 1;
    hc->cols = s->cols < HEADER_COLS ? s->cols : HEADER_COLS;
    size_t n = (size_t)hc->rows * hc->cols;
    hc->h = tz_xcalloc(n ? n : 1, sizeof *hc->h);
    hc->ready = tz_xcalloc(n ? n : 1, 1);
}

void tz_rec_header_cache_free(tz_rec_header_cache *hc)
{
    free(hc->h);
    free(hc->ready);
    tz_arena_free(&hc->arena);
}

/* The prepared header text of a cell of the header area, prepared on first use. */
static const tz_header *header_of(tz_rec_header_cache *hc, const tz_cell *cell)
{
    size_t i = (size_t)cell->row * hc->cols + cell->col;
    if (!hc->ready[i]) {
        tz_header_prepare(&hc->h[i], &hc->arena, cell->text, cell->len);
        hc->ready[i] = 1;
    }
    return &hc->h[i];
}

/* Maps the header at (r, rows) to the kind's columns; returns the number of
 * columns matched.  colmap/ranks have k->ncolumns entries. */
static int map_header(const tz_sheet *s, uint32_t r, uint32_t rows, const tz_kind *k, int32_t *colmap,
                      tz_rec_header_cache *hc)
{
    int ranks[TZ_KIND_MAX_COLUMNS];
    int matched = 0;
    size_t ncol = k->ncolumns;
    for (size_t i = 0; i < ncol; i++)
        colmap[i] = -1;
    for (uint32_t c = 0; c < s->cols && c < HEADER_COLS; c++) {
        const tz_cell *cell = header_cell(s, r, rows, c);
        if (tz_rec_cell_blank(cell) || cell->type != TZ_CELL_TEXT)
            continue;
        int rank;
        int col = tz_kind_column(k, header_of(hc, cell), &rank);
        if (col < 0 || (size_t)col >= ncol)
            continue;
        if (colmap[col] < 0) {
            colmap[col] = (int32_t)c;
            ranks[col] = rank;
            matched++;
        } else if (rank < ranks[col]) {
            colmap[col] = (int32_t)c;
            ranks[col] = rank;
        }
    }
    return matched;
}

/* Whether the map has every column the kind requires. */
static int has_required(const tz_kind *k, const int32_t *colmap)
{
    for (size_t i = 0; i < k->ncolumns; i++)
        if (k->columns[i].required && colmap[i] < 0)
            return 0;
    return 1;
}

tz_rec_header_guess tz_rec_guess_header(const tz_recognise_ctx *ctx, const tz_sheet *s, const tz_kind *only,
                                        tz_rec_header_cache *hc)
{
    tz_rec_header_guess best = { 0 };
    int32_t colmap[TZ_KIND_MAX_COLUMNS];
    for (size_t ki = 0; ki < ctx->schema->nkinds; ki++) {
        const tz_kind *k = &ctx->schema->kinds[ki];
        if (only && k != only)
            continue;
        for (uint32_t r = 0; r < TZ_HEADER_ROWS && r < s->rows; r++) {
            for (uint32_t rows = 1; rows <= 2; rows++) {
                int m = map_header(s, r, rows, k, colmap, hc);
                int req = has_required(k, colmap);
                /* Prefer rows holding every required column, then more matches;
                 * on a tie the earlier kind, row and the one-row header win. */
                if (m >= MIN_HEADER_MATCH &&
                    (req > best.has_required || (req == best.has_required && m > best.matched))) {
                    best.kind = k;
                    best.row = r;
                    best.rows = rows;
                    best.matched = m;
                    best.has_required = req;
                }
            }
        }
    }
    return best;
}

void tz_rec_map_columns(tz_rec_state *st, const tz_rec_header_guess *g, tz_rec_header_cache *hc,
                        int32_t *colmap)
{
    const tz_sheet *s = st->sheet;
    const tz_kind *k = g->kind;
    map_header(s, g->row, g->rows, k, colmap, hc);
    /* Each unknown column is named at its header cell, then ignored. */
    for (uint32_t c = 0; c < s->cols && c < HEADER_COLS; c++) {
        const tz_cell *cell = header_cell(s, g->row, g->rows, c);
        if (tz_rec_cell_blank(cell))
            continue;
        int used = 0;
        for (size_t ci = 0; ci < k->ncolumns; ci++)
            used |= colmap[ci] == (int32_t)c;
        if (!used) {
            char tmp[64], q[256];
            tz_rec_issue_at(st, TZ_SEV_INFO, "I-COLUMN", cell->row, cell->col, "未识别的列“%s”，已忽略",
                            tz_rec_quote(tz_cell_display(cell, tmp, sizeof tmp), q, sizeof q));
        }
    }
}
