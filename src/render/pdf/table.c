/*
 * table.c — ruled tables (pdf.h): shrunk rather than overflow the text
 * width, number columns right-aligned, the header rows repeated on each page.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pdf.h"

/* A TZ_B_TABLE block of the document model. */
typedef tz_block table;

/* A table shaped at one size; its widths once chosen (table_fit_widths). */
typedef struct {
    tz_pdf_items *cell; /* shaped cells, row-major */
    double size, pad, lh;
    double *w; /* column widths */
} table_fit;

/* Shapes every cell at `size` (the header in 黑体); f->w not chosen yet. */
static void table_shape(tz_pdf_doc *d, const table *t, double size, table_fit *f)
{
    f->size = size;
    f->w = NULL;
    f->pad = size * 0.35;
    f->lh = size * 1.35;
    f->cell = tz_xcalloc(t->nrows * t->ncols + 1, sizeof *f->cell);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t k = 0; k < t->ncols; k++) {
            const char *s = t->cells[r * t->ncols + k];
            tz_pdf_shape(d, s, strlen(s), NULL, r < t->nhead ? S_HEI : S_BODY, size,
                         &f->cell[r * t->ncols + k]);
        }
}

/* Frees what table_shape and table_fit_widths made. */
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
static void table_fit_widths(tz_pdf_doc *d, const table *t, table_fit *f)
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
                const tz_pdf_items *c = &f->cell[r * t->ncols + k];
                double w = tz_pdf_span_width(c, 0, c->n, 0);
                if (w > nat[k])
                    nat[k] = w;
                tz_pdf_line *l;
                size_t n = tz_pdf_break_lines(c, 0, 0, 0, 0, &l);
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

/* Height of row r: its tallest cell wrapped to the column widths, padded. */
static double row_height(const table *t, const table_fit *f, size_t r)
{
    size_t most = 1;
    for (size_t k = 0; k < t->ncols; k++) {
        tz_pdf_line *l;
        size_t n = tz_pdf_break_lines(&f->cell[r * t->ncols + k], f->w[k] - 2 * f->pad, f->w[k] - 2 * f->pad,
                                      0, 0, &l);
        free(l);
        if (n > most)
            most = n;
    }
    return most * f->lh + f->pad * 1.2;
}

/* Draws row r, h high, at the top of what is left of the page: each cell
 * ruled, its lines centred vertically and aligned as its column says. */
static void draw_row(tz_pdf_doc *d, const table *t, const table_fit *f, size_t r, double h)
{
    double top = AREA_TOP - d->used, x = AREA_L;
    tz_pdf_chk(d, HPDF_Page_SetLineWidth(d->page, 0.6));
    for (size_t k = 0; k < t->ncols; k++) {
        tz_pdf_chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)(top - h), (HPDF_REAL)f->w[k],
                                          (HPDF_REAL)h));
        tz_pdf_chk(d, HPDF_Page_Stroke(d->page));
        const tz_pdf_items *c = &f->cell[r * t->ncols + k];
        tz_pdf_line *l;
        double inner = f->w[k] - 2 * f->pad;
        size_t n = tz_pdf_break_lines(c, inner, inner, 0, 0, &l);
        double y = top - f->pad * 0.6 - (h - f->pad * 1.2 - n * f->lh) / 2;
        for (size_t q = 0; q < n; q++) {
            double lx = x + f->pad;
            tz_align al = r < t->nhead ? TZ_AL_CENTER : t->align[k];
            if (al == TZ_AL_CENTER)
                lx += (inner - l[q].natural) / 2;
            else if (al == TZ_AL_RIGHT)
                lx += inner - l[q].natural;
            double base = y - q * f->lh - f->lh + (f->lh - f->size) / 2 + 0.12 * f->size;
            tz_pdf_draw_items(d, c, l[q].a, l[q].b, lx, base, f->size, 0);
        }
        free(l);
        x += f->w[k];
    }
    d->used += h;
}

void tz_pdf_lay_table(tz_pdf_doc *d, const table *t)
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
                tz_pdf_need(d, head + (t->nrows > t->nhead ? row_height(t, &f, t->nhead) : 0));
        } else if (!first_body && d->used + h > AREA_H + EPS) {
            tz_pdf_new_page(d);
            for (size_t q = 0; q < t->nhead; q++)
                draw_row(d, t, &f, q, row_height(t, &f, q));
        } else if (t->nhead == 0) {
            tz_pdf_need(d, h);
        }
        draw_row(d, t, &f, r, h);
    }
    table_unshape(t, &f);
    tz_pdf_snap_to_grid(d);
}

double tz_pdf_table_lead(tz_pdf_doc *d, const table *t)
{
    table_fit f;
    table_fit_widths(d, t, &f);
    double h = PITCH * 0.2;
    for (size_t r = 0; r < t->nrows && r <= t->nhead; r++)
        h += row_height(t, &f, r);
    table_unshape(t, &f);
    return h;
}
