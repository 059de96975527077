/*
 * chart.c — the ```tzchart blocks as vector bar or pie charts (pdf.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pdf.h"

/* Series colours (RGB), in order; red is 已超期's alone. */
static const double palette[][3] = {
    { 0.27, 0.45, 0.70 }, { 0.85, 0.47, 0.20 }, { 0.40, 0.65, 0.35 }, { 0.55, 0.70, 0.85 },
    { 0.55, 0.45, 0.70 }, { 0.60, 0.50, 0.35 }, { 0.85, 0.55, 0.70 }, { 0.50, 0.50, 0.50 },
    { 0.70, 0.70, 0.25 }, { 0.25, 0.65, 0.70 },
};
#define NPALETTE (sizeof palette / sizeof palette[0])

typedef tz_chart_point point;

/* The largest size ≤ size (down to 5 pt) at which s fits in width. */
static double fit_size(tz_pdf_doc *d, const char *s, double size, double width)
{
    while (size > 5 && tz_pdf_text_width(d, s, S_SONG, size) > width)
        size -= 0.5;
    return size;
}

/* Series colours; 已超期 (overdue) is always red, and no other is. */
static void fill_colour(tz_pdf_doc *d, const point *pt, size_t i)
{
    if (strcmp(pt->label, "已超期") == 0) {
        tz_pdf_chk(d, HPDF_Page_SetRGBFill(d->page, 0.80f, 0.10f, 0.10f));
        return;
    }
    const double *c = palette[i % NPALETTE];
    tz_pdf_chk(d, HPDF_Page_SetRGBFill(d->page, (HPDF_REAL)c[0], (HPDF_REAL)c[1], (HPDF_REAL)c[2]));
}

/* A bar chart, `top` down h high: caption top left, one bar a point with its
 * value over it and its label (shrunk to fit its slot) under the axis. */
static void draw_bar(tz_pdf_doc *d, const char *caption, const point *pt, size_t n, double top, double h)
{
    const double fs = 10.5;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (pt[i].v > max)
            max = pt[i].v;
    double x0 = AREA_L + 2 * fs, x1 = AREA_L + AREA_W;
    double base = top - h + 2.2 * fs, ptop = top - 2.6 * fs;
    tz_pdf_draw_text(d, caption, S_HEI, fs, AREA_L, top - fs, 0);
    tz_pdf_chk(d, HPDF_Page_SetLineWidth(d->page, 0.8));
    tz_pdf_chk(d, HPDF_Page_MoveTo(d->page, (HPDF_REAL)x0, (HPDF_REAL)base));
    tz_pdf_chk(d, HPDF_Page_LineTo(d->page, (HPDF_REAL)x1, (HPDF_REAL)base));
    tz_pdf_chk(d, HPDF_Page_Stroke(d->page));
    double slot = (x1 - x0) / (double)n, bw = fmin(slot * 0.55, 40);
    for (size_t i = 0; i < n; i++) {
        double cx = x0 + slot * ((double)i + 0.5);
        double bh = max > 0 ? (ptop - base - 1.4 * fs) * pt[i].v / max : 0;
        if (bh > 0) {
            fill_colour(d, &pt[i], 0);
            tz_pdf_chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)(cx - bw / 2), (HPDF_REAL)base,
                                              (HPDF_REAL)bw, (HPDF_REAL)bh));
            tz_pdf_chk(d, HPDF_Page_Fill(d->page));
            tz_pdf_chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
        }
        tz_pdf_draw_text(d, pt[i].shown, S_SONG, fs, cx, base + bh + 0.35 * fs, 1);
        double ls = fit_size(d, pt[i].label, fs, slot * 0.95);
        tz_pdf_draw_text(d, pt[i].label, S_SONG, ls, cx, base - 1.3 * fs, 1);
    }
}

/* A pie with its legend at the right; no axis, so no axis label.  Empty
 * categories are neither drawn nor listed. */
static void draw_pie(tz_pdf_doc *d, const point *pt, size_t n, double top, double h)
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
            tz_pdf_chk(d, HPDF_Page_Circle(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r));
        } else {
            /* libharu angles: 0° at twelve o'clock, clockwise. */
            double rad = a * M_PI / 180.0;
            tz_pdf_chk(d, HPDF_Page_MoveTo(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy));
            tz_pdf_chk(
                d, HPDF_Page_LineTo(d->page, (HPDF_REAL)(cx + r * sin(rad)), (HPDF_REAL)(cy + r * cos(rad))));
            tz_pdf_chk(d, HPDF_Page_Arc(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r, (HPDF_REAL)a,
                                        (HPDF_REAL)(a + sweep)));
            tz_pdf_chk(d, HPDF_Page_LineTo(d->page, (HPDF_REAL)cx, (HPDF_REAL)cy));
        }
        tz_pdf_chk(d, HPDF_Page_Fill(d->page));
        a += sweep;
    }
    tz_pdf_chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
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
        tz_pdf_chk(d, HPDF_Page_Rectangle(d->page, (HPDF_REAL)lx, (HPDF_REAL)y, (HPDF_REAL)(s * 0.8),
                                          (HPDF_REAL)(s * 0.8)));
        tz_pdf_chk(d, HPDF_Page_Fill(d->page));
        tz_pdf_chk(d, HPDF_Page_SetRGBFill(d->page, 0, 0, 0));
        tz_pdf_draw_text(d, text, S_SONG, s, lx + s * 1.3, y, 0);
    }
}

void tz_pdf_lay_chart(tz_pdf_doc *d, const tz_block *b)
{
    tz_pdf_need(d, CHART_H);
    double top = AREA_TOP - d->used, h = CHART_H - PITCH;
    if (b->npoints == 0)
        tz_pdf_draw_text(d, "（无数据）", S_BODY, BODY_SIZE, AREA_L + AREA_W / 2, top - h / 2, 1);
    else if (b->pie)
        draw_pie(d, b->points, b->npoints, top, h);
    else
        draw_bar(d, b->value_name, b->points, b->npoints, top, h);
    char caption[512];
    snprintf(caption, sizeof caption, "图%d　%s", ++d->figures, b->caption[0] ? b->caption : b->value_name);
    d->used += h;
    tz_pdf_draw_text(d, caption, S_HEI, 14, AREA_L + AREA_W / 2, tz_pdf_slot_baseline(d, 14), 1);
    d->used += PITCH;
    tz_pdf_snap_to_grid(d);
}
