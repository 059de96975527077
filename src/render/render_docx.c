/*
 * render_docx.c — see render_docx.h.  minizip (zip writing) lives here for
 * the Word document; sizes are in twips (1/20 pt) unless named otherwise.
 */
#include "render_docx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "issue.h"
#include "strbuf.h"
#include "xldate.h"

/* ---- geometry (GB/T 9704-2012 §5.2) -------------------------------------- */

#define TW_PER_MM (1440.0 / 25.4)
enum {
    PAGE_W = 11906,
    PAGE_H = 16838, /* A4 */
    MARGIN_TOP = 2098,
    MARGIN_BOTTOM = 1984, /* 37 mm, 35 mm */
    MARGIN_LEFT = 1587,
    MARGIN_RIGHT = 1474, /* 28 mm, 26 mm */
    /* 225 mm / 22 lines */
    LINE_PITCH = 580,
    /* The page number's line 7 mm under the text area: 35 − 7 mm, less
     * the height of a 14 pt line. */
    FOOTER = 1304,
    BODY_HALF_PT = 32,  /* 三号 16 pt */
    TITLE_HALF_PT = 44, /* 二号 22 pt */
    FOLIO_HALF_PT = 28, /* 四号 14 pt */
    TABLE_HALF_PT = 24, /* 小四 12 pt */
};
/* One character of the 28-per-line grid: 156 mm / 28. */
#define EM_TW (156.0 * TW_PER_MM / 28.0)

/* ---- XML into a tz_strbuf ------------------------------------------------ */

/* Text content, escaped; control characters other than tab dropped. */
static void put_text(tz_strbuf *x, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&')
            tz_strbuf_puts(x, "&amp;");
        else if (c == '<')
            tz_strbuf_puts(x, "&lt;");
        else if (c == '>')
            tz_strbuf_puts(x, "&gt;");
        else if (c == '"')
            tz_strbuf_puts(x, "&quot;");
        else if (c >= 0x20 || c == '\t')
            tz_strbuf_put(x, s + i, 1);
    }
}

/* ---- fonts and styles ---------------------------------------------------- */

/* The face names of GB/T 9704 (as installed on office PCs) per TZ_ST_ style. */
static const char *const face[] = {
    [TZ_ST_BODY] = "仿宋_GB2312",
    [TZ_ST_HEI] = "黑体",
    [TZ_ST_KAI] = "楷体_GB2312",
    [TZ_ST_SONG] = "宋体",
};

static void put_fonts(tz_strbuf *x, const char *name)
{
    tz_strbuf_printf(x, "<w:rFonts w:ascii=\"%s\" w:eastAsia=\"%s\" w:hAnsi=\"%s\" w:cs=\"%s\"/>", name, name, name,
         name);
}

/* Character spacing (twentieths of a point) that sets 28 body characters in
 * the 156 mm line: 28 × (16 − 0.25) pt = 441 pt.  A character grid
 * (linesAndChars with a negative charSpace) would do it in Word, but
 * LibreOffice spreads such a grid to 18 characters a line; spacing reads
 * the same in both, with the 22-line grid kept by w:docGrid. */
enum { BODY_TRACK_TW20 = -5 };

static void put_style(tz_strbuf *x, const char *id, const char *name, const char *font, int half_pt,
                      const char *ppr)
{
    tz_strbuf_printf(x, "<w:style w:type=\"paragraph\"%s w:styleId=\"%s\"><w:name w:val=\"%s\"/>",
         strcmp(id, "Normal") == 0 ? " w:default=\"1\"" : "", id, name);
    if (strcmp(id, "Normal") != 0)
        tz_strbuf_puts(x, "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>");
    tz_strbuf_printf(x, "<w:pPr>%s</w:pPr><w:rPr>", ppr);
    put_fonts(x, font);
    if (half_pt == BODY_HALF_PT)
        tz_strbuf_printf(x, "<w:spacing w:val=\"%d\"/>", BODY_TRACK_TW20);
    tz_strbuf_printf(x, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr></w:style>", half_pt, half_pt);
}

static char *styles_xml(void)
{
    tz_strbuf x = { 0 };
    tz_strbuf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
              "<w:docDefaults><w:rPrDefault><w:rPr>");
    put_fonts(&x, face[TZ_ST_BODY]);
    tz_strbuf_printf(
        &x,
        "<w:kern w:val=\"0\"/><w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:snapToGrid w:val=\"1\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        BODY_HALF_PT, BODY_HALF_PT);
    /* Exact line spacing of the grid; body justified, first line indented
     * two characters. */
    char body[256];
    snprintf(body, sizeof body,
             "<w:spacing w:line=\"%d\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"%d\"/>"
             "<w:jc w:val=\"both\"/>",
             LINE_PITCH, (int)(2 * EM_TW + 0.5));
    put_style(&x, "Normal", "Normal", face[TZ_ST_BODY], BODY_HALF_PT, body);
    char title[256];
    snprintf(title, sizeof title,
             "<w:keepNext/><w:spacing w:after=\"%d\" w:line=\"%d\" w:lineRule=\"exact\"/>"
             "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>",
             LINE_PITCH, LINE_PITCH);
    put_style(&x, "Title", "Title", "方正小标宋简体", TITLE_HALF_PT, title);
    /* Headings never end a page: keep with next. */
    put_style(&x, "Heading1", "heading 1", face[TZ_ST_HEI], BODY_HALF_PT,
              "<w:keepNext/><w:keepLines/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/>");
    put_style(&x, "Heading2", "heading 2", face[TZ_ST_KAI], BODY_HALF_PT,
              "<w:keepNext/><w:keepLines/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"2\"/>");
    put_style(&x, "Heading3", "heading 3", face[TZ_ST_BODY], BODY_HALF_PT,
              "<w:keepNext/><w:keepLines/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"3\"/>");
    put_style(&x, "Recipient", "主送机关", face[TZ_ST_BODY], BODY_HALF_PT,
              "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"left\"/>");
    /* No automatic space between Chinese and digits (Word and LibreOffice
     * add one by default): put_signature places the lines by their width
     * in characters, digits half, and 2019年4月30日 would come out wider. */
    put_style(&x, "Signature", "落款", face[TZ_ST_BODY], BODY_HALF_PT,
              "<w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/><w:ind w:firstLine=\"0\"/>"
              "<w:jc w:val=\"right\"/>");
    put_style(&x, "Caption", "caption", face[TZ_ST_HEI], FOLIO_HALF_PT,
              "<w:keepNext/><w:ind w:firstLine=\"0\"/><w:jc w:val=\"center\"/>");
    put_style(&x, "TableText", "表格文字", face[TZ_ST_BODY], TABLE_HALF_PT,
              "<w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"300\" w:lineRule=\"auto\"/>"
              "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"left\"/>");
    put_style(
        &x, "Footer", "footer", face[TZ_ST_SONG], FOLIO_HALF_PT,
        "<w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"0\"/>");
    tz_strbuf_puts(
        &x,
        "<w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
        "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
        "</w:tblCellMar></w:tblPr></w:style></w:styles>");
    return x.s;
}

/* Width of text in characters of the grid: Latin and digits half. */
static double text_ems(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0x80 ? 1.0 : 0.5;
    return w;
}

/* ---- the body ------------------------------------------------------------- */

/* Runs of one style each; "\n" becomes a line break. */
static void put_runs(tz_strbuf *x, const char *s, const unsigned char *st, size_t n, int para_style)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && (st ? st[j] : para_style) == (st ? st[i] : para_style) && s[j] != '\n')
            j++;
        if (j > i) {
            int style = st ? st[i] : para_style;
            tz_strbuf_puts(x, "<w:r>");
            if (style != para_style) {
                tz_strbuf_puts(x, "<w:rPr>");
                put_fonts(x, face[style]);
                tz_strbuf_puts(x, "</w:rPr>");
            }
            tz_strbuf_puts(x, "<w:t xml:space=\"preserve\">");
            put_text(x, s + i, j - i);
            tz_strbuf_puts(x, "</w:t></w:r>");
        }
        if (j < n && s[j] == '\n') {
            tz_strbuf_puts(x, "<w:r><w:br/></w:r>");
            j++;
        }
        i = j;
    }
}

static void put_para(tz_strbuf *x, const char *pstyle, const char *ppr, const char *s, const unsigned char *st,
                     size_t n, int para_style)
{
    tz_strbuf_printf(x, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s</w:pPr>", pstyle, ppr ? ppr : "");
    put_runs(x, s, st, n, para_style);
    tz_strbuf_puts(x, "</w:p>");
}

/* A table: every column as wide as its longest cell (12 pt characters,
 * Latin half, plus the cell margins) when that fits; else the longest
 * columns are capped at one width, chosen so the table fills the text
 * width.  Header rows are repeated on every page and kept with the first
 * body row. */
static void put_table(tz_strbuf *x, const char *const *cells, const tz_align *align, size_t ncols, size_t nrows,
                      size_t nhead)
{
    const double width = 156.0 * TW_PER_MM, ems = width / (TABLE_HALF_PT * 10.0);
    double *w = tz_xcalloc(ncols, sizeof *w), sum = 0;
    for (size_t k = 0; k < ncols; k++) {
        for (size_t r = 0; r < nrows; r++) {
            double cw = text_ems(cells[r * ncols + k]) * 1.1;
            if (cw > w[k])
                w[k] = cw;
        }
        w[k] += 1.0;
        sum += w[k];
    }
    if (sum > ems) {
        double lo = 0, hi = ems;
        for (int iter = 0; iter < 40; iter++) {
            double cap = (lo + hi) / 2, t = 0;
            for (size_t k = 0; k < ncols; k++)
                t += fmin(w[k], cap);
            if (t > ems)
                hi = cap;
            else
                lo = cap;
        }
        sum = 0;
        for (size_t k = 0; k < ncols; k++)
            sum += (w[k] = fmin(w[k], lo));
    }
    tz_strbuf_puts(x, "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
             "<w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for (size_t k = 0; k < ncols; k++)
        tz_strbuf_printf(x, "<w:gridCol w:w=\"%d\"/>", (int)(width * w[k] / sum));
    tz_strbuf_puts(x, "</w:tblGrid>");
    for (size_t r = 0; r < nrows; r++) {
        tz_strbuf_puts(x, "<w:tr><w:trPr><w:cantSplit/>");
        if (r < nhead)
            tz_strbuf_puts(x, "<w:tblHeader/>");
        tz_strbuf_puts(x, "</w:trPr>");
        for (size_t k = 0; k < ncols; k++) {
            const char *jc = r < nhead || align[k] == TZ_AL_CENTER ? "center"
                             : align[k] == TZ_AL_RIGHT             ? "right"
                                                                   : "left";
            tz_strbuf_printf(x,
                 "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
                 "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/>%s<w:jc w:val=\"%s\"/></w:pPr>",
                 (int)(width * w[k] / sum),
                 r < nhead || r + 1 == nhead + (nrows > nhead) ? "<w:keepNext/>" : "", jc);
            const char *c = cells[r * ncols + k];
            if (r < nhead) {
                tz_strbuf_puts(x, "<w:r><w:rPr>");
                put_fonts(x, face[TZ_ST_HEI]);
                tz_strbuf_puts(x, "</w:rPr><w:t xml:space=\"preserve\">");
            } else {
                tz_strbuf_puts(x, "<w:r><w:t xml:space=\"preserve\">");
            }
            put_text(x, c, strlen(c));
            tz_strbuf_puts(x, "</w:t></w:r></w:p></w:tc>");
        }
        tz_strbuf_puts(x, "</w:tr>");
    }
    tz_strbuf_puts(x, "</w:tbl>");
    free(w);
}

/* A chart as its caption (图N  图题) and its data table; a pie's table
 * also gives each share, as the PDF's legend does. */
static void put_chart(tz_strbuf *x, const tz_block *b, int figure)
{
    char caption[512];
    snprintf(caption, sizeof caption, "图%d　%s", figure, b->caption[0] ? b->caption : b->value_name);
    put_para(x, "Caption", NULL, caption, NULL, strlen(caption), TZ_ST_HEI);
    size_t nrows = 1, ncols = b->pie ? 3 : 2;
    const char **cells = tz_xcalloc((b->npoints + 1) * ncols, sizeof *cells);
    tz_align align[3] = { TZ_AL_LEFT, TZ_AL_RIGHT, TZ_AL_RIGHT };
    cells[0] = "项目";
    cells[1] = b->value_name;
    if (b->pie)
        cells[2] = "占比";
    for (size_t i = 0; i < b->npoints; i++) {
        /* A pie leaves out what it does not draw. */
        if (b->pie && b->points[i].v <= 0)
            continue;
        cells[nrows * ncols] = b->points[i].label;
        cells[nrows * ncols + 1] = b->points[i].shown;
        if (b->pie)
            cells[nrows * ncols + 2] = b->points[i].share;
        nrows++;
    }
    put_table(x, cells, align, ncols, nrows, 1);
    free(cells);
}

/*
 * The signature block as the PDF lays it (GB/T 9704 7.3.5): sealed, the
 * date right-indented four characters and the office centred over it
 * after two blank lines; unsealed, the office right-indented two
 * characters after one blank line and the date two characters right of
 * its start (or right-indented two characters when it is the longer).
 */
static void put_signature(tz_strbuf *x, const tz_config *cfg)
{
    char date[64], ppr[128];
    tz_day_zh(date, sizeof date, cfg->as_of);
    const char *office = cfg->office && cfg->office[0] ? cfg->office
                         : cfg->organisation           ? cfg->organisation
                                                       : "";
    double wd = text_ems(date), ro = 2, rd = 4;
    /* A name longer than its place (centred over the date, or from the
     * margin) goes on the lines tz_doc_office_lines gives, as in the PDF,
     * each placed alike; the date follows the last line. */
    size_t *ends;
    size_t lines = tz_doc_office_lines(office, cfg->organisation, cfg->name, cfg->seal ? 2 * (4 + wd / 2) : 28 - 4,
                                       &ends);
    char **piece = tz_xmalloc(lines * sizeof *piece);
    for (size_t k = 0, a = 0; k < lines; a = ends[k++]) {
        piece[k] = tz_xmalloc(ends[k] - a + 1);
        memcpy(piece[k], office + a, ends[k] - a);
        piece[k][ends[k] - a] = '\0';
    }
    double wfirst = text_ems(piece[0]);
    if (!cfg->seal) {
        rd = ro + wfirst - 2 - wd;
        if (rd < 2) {
            rd = 2;
            ro = rd + wd + 2 - wfirst;
        }
    }
    for (int i = 0; i < (cfg->seal ? 2 : 1); i++)
        tz_strbuf_puts(x, "<w:p><w:pPr><w:pStyle w:val=\"Signature\"/><w:keepNext/></w:pPr></w:p>");
    double first = 0; /* where the first office line starts, in characters */
    for (size_t k = 0; k < lines; k++) {
        double w = text_ems(piece[k]);
        double r = cfg->seal ? rd + (wd - w) / 2 : ro;
        if (k == 0)
            first = 28 - r - w;
        snprintf(ppr, sizeof ppr, "<w:keepNext/><w:ind w:right=\"%d\"/>",
                 (int)((r > 0 ? r : 0) * EM_TW + 0.5));
        put_para(x, "Signature", ppr, piece[k], NULL, strlen(piece[k]), TZ_ST_BODY);
        free(piece[k]);
    }
    free(piece);
    free(ends);
    /* Unsealed, the date starts two characters right of the office's
     * first character: placed from the left, so that a font whose digits
     * are wider than half a character does not move its start. */
    if (!cfg->seal && rd > 2)
        snprintf(ppr, sizeof ppr, "<w:ind w:left=\"%d\" w:right=\"0\"/><w:jc w:val=\"left\"/>",
                 (int)((first + 2) * EM_TW + 0.5));
    else
        snprintf(ppr, sizeof ppr, "<w:ind w:right=\"%d\"/>", (int)(rd * EM_TW + 0.5));
    put_para(x, "Signature", ppr, date, NULL, strlen(date), TZ_ST_BODY);
}

static char *document_xml(const tz_config *cfg, const tz_doc *m)
{
    tz_strbuf x = { 0 };
    tz_strbuf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
    int figure = 0;
    for (size_t i = 0; i < m->n; i++) {
        const tz_block *b = &m->v[i];
        switch (b->kind) {
        case TZ_B_TITLE:
            put_para(&x, "Title", NULL, b->text, b->style, b->len, TZ_ST_SONG);
            break;
        case TZ_B_HEADING: {
            int lvl = b->level <= 2 ? 1 : b->level == 3 ? 2 : 3;
            const char *id = lvl == 1 ? "Heading1" : lvl == 2 ? "Heading2" : "Heading3";
            put_para(&x, id, NULL, b->text, b->style, b->len,
                     lvl == 1   ? TZ_ST_HEI
                     : lvl == 2 ? TZ_ST_KAI
                                : TZ_ST_BODY);
            break;
        }
        case TZ_B_RECIPIENT:
            put_para(&x, "Recipient", NULL, b->text, b->style, b->len, TZ_ST_BODY);
            break;
        case TZ_B_PARA: {
            /* The last paragraph stays on the signature's page, one that
             * leads in a table or chart (…情况如下：) on its page. */
            int keep = i + 1 == m->n || m->v[i + 1].kind == TZ_B_TABLE || m->v[i + 1].kind == TZ_B_CHART;
            put_para(&x, "Normal", keep ? "<w:keepNext/>" : NULL, b->text, b->style, b->len, TZ_ST_BODY);
            break;
        }
        case TZ_B_TABLE:
            put_table(&x, (const char *const *)b->cells, b->align, b->ncols, b->nrows, b->nhead);
            break;
        case TZ_B_CHART:
            put_chart(&x, b, ++figure);
            break;
        }
    }
    put_signature(&x, cfg);
    tz_strbuf_printf(&x,
         "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>"
         "<w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"
         "<w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
         "w:header=\"851\" w:footer=\"%d\" w:gutter=\"0\"/>"
         "<w:docGrid w:type=\"lines\" w:linePitch=\"%d\"/></w:sectPr></w:body></w:document>",
         PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT, FOOTER, LINE_PITCH);
    return x.s;
}

/* "— N —" with a PAGE field, right on odd pages and left on even ones,
 * one character in from the edge of the text area. */
static char *footer_xml(int odd)
{
    tz_strbuf x = { 0 };
    tz_strbuf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
              "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/>");
    tz_strbuf_printf(&x,
         odd ? "<w:ind w:right=\"%d\"/><w:jc w:val=\"right\"/>"
             : "<w:ind w:left=\"%d\"/><w:jc w:val=\"left\"/>",
         (int)(EM_TW * 14.0 / 16.0 + 0.5));
    tz_strbuf_puts(
        &x,
        "</w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>");
    return x.s;
}

static char *core_xml(const tz_config *cfg)
{
    int y, mo, d;
    tz_day_to_ymd(cfg->as_of, &y, &mo, &d);
    tz_strbuf x = { 0 };
    tz_strbuf_puts(
        &x,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
    put_text(&x, cfg->title ? cfg->title : "", cfg->title ? strlen(cfg->title) : 0);
    tz_strbuf_puts(&x, "</dc:title><dc:creator>");
    put_text(&x, cfg->office ? cfg->office : "", cfg->office ? strlen(cfg->office) : 0);
    tz_strbuf_printf(
        &x,
        "</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">%04d-%02d-%02dT00:00:00Z</dcterms:created>"
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%04d-%02d-%02dT00:00:00Z</dcterms:modified>"
        "</cp:coreProperties>",
        y, mo, d, y, mo, d);
    return x.s;
}

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";

static const char PACKAGE_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

static const char DOCUMENT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>"
    "</Relationships>";

/* Odd and even pages get their own footers; punctuation keeps its full
 * width, so that a line holds 28 characters as in the PDF. */
static const char SETTINGS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:evenAndOddHeaders/><w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
    "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/>"
    "<w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/></w:compat></w:settings>";

static int add_entry(zipFile zf, const zip_fileinfo *zi, const char *name, const char *data)
{
    if (zipOpenNewFileInZip(zf, name, zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION) !=
        ZIP_OK)
        return -1;
    int rc = zipWriteInFileInZip(zf, data, (unsigned)strlen(data)) == ZIP_OK ? 0 : -1;
    if (zipCloseFileInZip(zf) != ZIP_OK)
        rc = -1;
    return rc;
}

int tz_docx_write(const tz_config *cfg, const tz_doc *model, const char *path)
{
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    if (!zf)
        return tz_error("无法创建 %s", path);
    int y, mo, d;
    tz_day_to_ymd(cfg->as_of, &y, &mo, &d);
    /* Every entry dated as_of, midnight: the same input, the same bytes. */
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.tmz_date.tm_year = (uInt)(y < 1980 ? 1980 : y);
    zi.tmz_date.tm_mon = (uInt)(mo - 1);
    zi.tmz_date.tm_mday = (uInt)d;
    char *doc = document_xml(cfg, model), *styles = styles_xml();
    char *odd = footer_xml(1), *even = footer_xml(0), *core = core_xml(cfg);
    int rc = add_entry(zf, &zi, "[Content_Types].xml", CONTENT_TYPES);
    if (rc == 0)
        rc = add_entry(zf, &zi, "_rels/.rels", PACKAGE_RELS);
    if (rc == 0)
        rc = add_entry(zf, &zi, "word/document.xml", doc);
    if (rc == 0)
        rc = add_entry(zf, &zi, "word/_rels/document.xml.rels", DOCUMENT_RELS);
    if (rc == 0)
        rc = add_entry(zf, &zi, "word/styles.xml", styles);
    if (rc == 0)
        rc = add_entry(zf, &zi, "word/settings.xml", SETTINGS);
    if (rc == 0)
        rc = add_entry(zf, &zi, "word/footer1.xml", odd);
    if (rc == 0)
        rc = add_entry(zf, &zi, "word/footer2.xml", even);
    if (rc == 0)
        rc = add_entry(zf, &zi, "docProps/core.xml", core);
    if (zipClose(zf, NULL) != ZIP_OK)
        rc = -1;
    free(doc);
    free(styles);
    free(odd);
    free(even);
    free(core);
    return rc == 0 ? 0 : tz_error("无法写出 %s", path);
}
