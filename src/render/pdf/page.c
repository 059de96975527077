/*
 * page.c — pages and drawing (pdf.h): a page with its page number, the
 * 22-line grid the body text keeps to, and shaped items drawn as text.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "pdf.h"

void tz_pdf_chk(tz_pdf_doc *d, HPDF_STATUS st)
{
    if (st != HPDF_OK)
        d->calls_failed++;
}

/* Makes face f at `size` the page's current font. */
static void set_font(tz_pdf_doc *d, int f, double size)
{
    tz_pdf_chk(d, HPDF_Page_SetFontAndSize(d->page, d->faces[f].font, (HPDF_REAL)size));
}

double tz_pdf_draw_items(tz_pdf_doc *d, const tz_pdf_items *it, size_t a, size_t b, double x, double y,
                         double size, double track)
{
    while (b > a && it->v[b - 1].code == ' ')
        b--;
    tz_pdf_chk(d, HPDF_Page_BeginText(d->page));
    tz_pdf_chk(d, HPDF_Page_SetCharSpace(d->page, (HPDF_REAL)track));
    for (size_t i = a; i < b;) {
        size_t j = i;
        char buf[1024];
        size_t o = 0;
        double w = 0;
        /* A run of one face, up to a mark that gives up some of its width
         * (its glyph is drawn in full, the next run starts nearer). */
        while (j < b && it->v[j].face == it->v[i].face && o + 8 < sizeof buf) {
            int k = u8_uctomb((uint8_t *)buf + o, it->v[j].code, 6);
            o += k > 0 ? (size_t)k : 0;
            w += it->v[j].w - it->v[j].cut + track;
            if (it->v[j++].cut > 0)
                break;
        }
        buf[o] = '\0';
        set_font(d, it->v[i].face, size);
        tz_pdf_chk(d, HPDF_Page_TextOut(d->page, (HPDF_REAL)x, (HPDF_REAL)y, buf));
        x += w;
        i = j;
    }
    tz_pdf_chk(d, HPDF_Page_EndText(d->page));
    return x;
}

void tz_pdf_draw_text(tz_pdf_doc *d, const char *s, int face_style, double size, double x, double y,
                      int align)
{
    tz_pdf_items it;
    tz_pdf_shape(d, s, strlen(s), NULL, face_style, size, &it);
    double w = tz_pdf_span_width(&it, 0, it.n, 0);
    if (align == 1)
        x -= w / 2;
    else if (align == 2)
        x -= w;
    tz_pdf_draw_items(d, &it, 0, it.n, x, y, size, 0);
    free(it.v);
}

void tz_pdf_new_page(tz_pdf_doc *d)
{
    d->page = HPDF_AddPage(d->pdf);
    if (!d->page) {
        d->calls_failed++;
        return;
    }
    tz_pdf_chk(d, HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT));
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
        tz_pdf_draw_text(d, folio, S_SONG, FOLIO_SIZE, AREA_L + AREA_W - FOLIO_SIZE, y, 2);
    else
        tz_pdf_draw_text(d, folio, S_SONG, FOLIO_SIZE, AREA_L + FOLIO_SIZE, y, 0);
}

void tz_pdf_need(tz_pdf_doc *d, double h)
{
    if (!d->page || (d->used > EPS && d->used + h > AREA_H + EPS))
        tz_pdf_new_page(d);
}

double tz_pdf_slot_baseline(const tz_pdf_doc *d, double size)
{
    double slot_bottom = AREA_TOP - d->used - PITCH;
    return slot_bottom + (PITCH - size) / 2 + 0.12 * size;
}

void tz_pdf_snap_to_grid(tz_pdf_doc *d)
{
    double k = ceil(d->used / PITCH - 1e-6);
    d->used = k * PITCH;
}
