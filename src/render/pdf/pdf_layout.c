/*
 * pdf_layout.c — Markdown → GB/T 9704 style PDF with libharu 2.3.0 (see
 * pdf_layout.h and docs/summary.md): the document model's blocks laid out
 * in order, then the signature and date.  The parts are in the other files
 * of this folder (pdf.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "issue.h"
#include "pdf.h"
#include "pdf_layout.h"
#include "tmpl.h"

/* libharu's error handler: keeps the first error for the messages. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    tz_pdf_doc *d = user_data;
    if (!d->err) {
        d->err = error_no;
        d->detail = detail_no;
    }
}

/*
 * 发文机关署名 and 成文日期 (GB/T 9704-2012 7.3.5).  Sealed (7.3.5.1, the
 * default: a report sent upward bears the seal): the date right-indented
 * four characters, the office centred over it, two blank lines under the
 * text so that the seal's top is within a line of it.  Unsealed (7.3.5.2):
 * one blank line, the office right-indented two characters, the date under
 * it starting two characters right of the office's first character — or,
 * when the date is the longer, right-indented two characters with the
 * office moved left to keep that offset.  A long office name wraps onto
 * lines of its own where words stay whole (tz_doc_office_lines), inside
 * the text area.
 */
/* The signature's lines (see above; tz_doc_office_lines breaks them, as
 * for Word): io[k] the items of office line k (malloc'ed, free with
 * free_lines), *xd the date's x, *cx the centre of the sealed office
 * lines, *shift how far the unsealed ones move left.  Returns the number
 * of office lines. */
static size_t signature_lines(tz_pdf_doc *d, tz_pdf_items **io, tz_pdf_items *id, double *xd, double *cx,
                              double *shift)
{
    const double em = BODY_SIZE + BODY_TRACK;
    char date[64];
    tz_day_zh(date, sizeof date, d->cfg->as_of);
    const char *office = d->cfg->office && d->cfg->office[0] ? d->cfg->office : d->cfg->organisation;
    if (!office)
        office = "";
    tz_pdf_shape(d, date, strlen(date), NULL, S_BODY, BODY_SIZE, id);
    double wd = tz_pdf_span_width(id, 0, id->n, BODY_TRACK), right = AREA_L + AREA_W;
    *cx = *shift = 0;
    double room = AREA_W - 4 * em;
    if (d->cfg->seal) {
        *xd = right - 4 * em - wd;
        *cx = *xd + wd / 2;
        room = 2 * fmin(*cx - AREA_L, right - *cx);
    }
    size_t *ends;
    size_t n = tz_doc_office_lines(office, d->cfg->organisation, d->cfg->name, room / em, &ends);
    *io = tz_xmalloc(n * sizeof **io);
    for (size_t k = 0, a = 0; k < n; a = ends[k++])
        tz_pdf_shape(d, office + a, ends[k] - a, NULL, S_BODY, BODY_SIZE, &(*io)[k]);
    free(ends);
    if (!d->cfg->seal) {
        /* 首字比署名首字右移二字: the office's first character. */
        double first_x = right - 2 * em - tz_pdf_span_width(&(*io)[0], 0, (*io)[0].n, BODY_TRACK);
        *xd = first_x + 2 * em;
        if (*xd + wd > right - 2 * em + EPS) {
            *xd = right - 2 * em - wd;
            *shift = first_x - (*xd - 2 * em);
        }
    }
    return n;
}

/* Frees signature_lines' office lines and date. */
static void free_lines(tz_pdf_items *io, size_t n, tz_pdf_items *id)
{
    for (size_t k = 0; k < n; k++)
        free(io[k].v);
    free(io);
    free(id->v);
}

/* Height of the signature block with its blank lines. */
static double signature_height(tz_pdf_doc *d)
{
    tz_pdf_items *io, id;
    double xd, cx, shift;
    size_t n = signature_lines(d, &io, &id, &xd, &cx, &shift);
    free_lines(io, n, &id);
    return ((d->cfg->seal ? 2 : 1) + (double)n + 1) * PITCH;
}

/* Draws the signature and date, on a new page when they do not fit. */
static void lay_signature(tz_pdf_doc *d)
{
    const double em = BODY_SIZE + BODY_TRACK, right = AREA_L + AREA_W;
    tz_pdf_items *io, id;
    double xd, cx, shift;
    size_t n = signature_lines(d, &io, &id, &xd, &cx, &shift);
    int seal = d->cfg->seal;
    double blank = seal ? 2 : 1;
    if (d->used + (blank + (double)n + 1) * PITCH > AREA_H + EPS)
        tz_pdf_new_page(d);
    else
        d->used += blank * PITCH;
    for (size_t k = 0; k < n; k++) {
        double w = tz_pdf_span_width(&io[k], 0, io[k].n, BODY_TRACK);
        double x = seal ? cx - w / 2 : right - 2 * em - w - shift;
        tz_pdf_draw_items(d, &io[k], 0, io[k].n, fmax(x, AREA_L), tz_pdf_slot_baseline(d, BODY_SIZE), BODY_SIZE,
                          BODY_TRACK);
        d->used += PITCH;
    }
    tz_pdf_draw_items(d, &id, 0, id.n, xd, tz_pdf_slot_baseline(d, BODY_SIZE), BODY_SIZE, BODY_TRACK);
    d->used += PITCH;
    free_lines(io, n, &id);
}

/* What must follow a heading on its page: a paragraph's first line, a
 * table's header and first row, a whole chart. */
static double lead_height(tz_pdf_doc *d, const tz_block *b)
{
    switch (b->kind) {
    case TZ_B_PARA:
    case TZ_B_RECIPIENT:
        return PITCH;
    case TZ_B_CHART:
        return CHART_H;
    case TZ_B_TABLE:
        return tz_pdf_table_lead(d, b);
    default:
        return 0;
    }
}

/* Lays out the model's blocks in order, each heading, and each paragraph
 * leading in a table or chart, kept with what follows. */
static void lay_blocks(tz_pdf_doc *d, const tz_doc *m)
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
                h += tz_pdf_para_height(d, &m->v[j]);
            if (j < m->n)
                h += lead_height(d, &m->v[j]);
            tz_pdf_need(d, h);
            for (; i < j; i++)
                tz_pdf_lay_para(d, &m->v[i], 0);
            i--;
            break;
        }
        case TZ_B_TITLE:
            tz_pdf_lay_para(d, b, 0);
            d->used += PITCH; /* a blank line under the title */
            break;
        case TZ_B_PARA:
        case TZ_B_RECIPIENT: {
            /* The last paragraph goes over with the signature; one that
             * leads in a table or chart (…情况如下：) keeps its last lines
             * with the table's header and first row or the whole chart. */
            double tail = 0;
            if (i + 1 == m->n)
                tail = signature_height(d);
            else if (m->v[i + 1].kind == TZ_B_TABLE || m->v[i + 1].kind == TZ_B_CHART)
                tail = lead_height(d, &m->v[i + 1]);
            tz_pdf_lay_para(d, b, tail);
            break;
        }
        case TZ_B_TABLE:
            tz_pdf_lay_table(d, b);
            break;
        case TZ_B_CHART:
            tz_pdf_lay_chart(d, b);
            break;
        }
    }
}

/* Title, author, creator and dates (as_of, so reruns give the same bytes).
 * Returns 0, or -1 after tz_error(). */
static int set_info(tz_pdf_doc *d)
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
    tz_pdf_doc d;
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
    if (tz_pdf_load_fonts(&d) < 0 || set_info(&d) < 0)
        goto out;

    tz_pdf_new_page(&d);
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
    tz_pdf_free_faces(&d);
    return rc;
}
