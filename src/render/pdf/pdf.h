/*
 * pdf.h — what the files of src/render/pdf/ share, and nothing outside them
 * includes (the public API is pdf_layout.h): the GB/T 9704 page geometry,
 * the document being laid out, and the shaped text every block is made of.
 *
 *   font.c       the four faces: found, loaded, asked which glyphs they have
 *   shape.c      UTF-8 → shaped items with break opportunities; line breaking
 *   page.c       pages, the line grid, drawing shaped items
 *   paragraph.c  body paragraphs, headings and the balanced title
 *   table.c      ruled tables
 *   chart.c      bar and pie charts
 *   pdf_layout.c the document: blocks in order, the signature, tz_pdf_layout_write
 *
 * Ownership: the tz_pdf_doc lives on tz_pdf_layout_write's stack and owns its
 * libharu document (HPDF_Free), which owns the fonts, pages and everything
 * drawn; the faces' metric tables are the doc's, freed by tz_pdf_free_faces
 * (a table shared by two roles once).  tz_pdf_shape, tz_pdf_break_lines and
 * tz_pdf_balance_lines malloc what they return (items->v, *lines), and the
 * caller frees it; nothing else here allocates for its caller.
 */
#ifndef TZ_PDF_H
#define TZ_PDF_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "config.h"
#include "doc_model.h"

/* ---- page geometry (GB/T 9704-2012 §5.2), in points -------------------- */

#define MM             (72.0 / 25.4)
#define PAGE_H         (297.0 * MM)
#define AREA_L         (28.0 * MM)
#define AREA_W         (156.0 * MM)
#define AREA_TOP       (PAGE_H - 37.0 * MM)
#define AREA_H         (225.0 * MM)
#define LINES_PER_PAGE 22
#define CHARS_PER_LINE 28
#define PITCH          (AREA_H / LINES_PER_PAGE)
#define BODY_SIZE      16.0
#define TITLE_SIZE     22.0
#define FOLIO_SIZE     14.0
/* Tracking that puts exactly 28 body characters (27 gaps) in the text width. */
#define BODY_TRACK ((AREA_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1))
#define EPS        0.01
/* Chart height: seven lines of drawing and one of caption. */
#define CHART_H (8 * PITCH)

/* ---- the document ---------------------------------------------------------- */

/* The four roles a font plays. */
enum { F_SONG, F_HEI, F_KAI, F_FANG, NFACES };

/* Text styles: which face a character wants first. */
enum { S_BODY = TZ_ST_BODY, S_HEI = TZ_ST_HEI, S_KAI = TZ_ST_KAI, S_SONG = TZ_ST_SONG };

typedef struct {
    HPDF_Font font;
    HPDF_FontDef def; /* for the glyph coverage test */
    /* Width (1/1000 em) of each BMP character, NO_GLYPH, or 0 not yet asked:
     * libharu looks glyphs up by a linear walk of the cmap, which made it the
     * largest cost of a long summary.  Shared by roles that use one file. */
    int32_t *metric;
} tz_pdf_face;

enum { NO_GLYPH = -1, METRIC_KNOWN = 1 << 24 };

#define MAX_REPORTED 64

typedef struct {
    const tz_config *cfg;
    HPDF_Doc pdf;
    HPDF_Page page;
    HPDF_STATUS err; /* first libharu error, from the handler */
    HPDF_STATUS detail;
    int calls_failed; /* a drawing call returned non-OK */
    tz_pdf_face faces[NFACES];
    int body_face; /* F_FANG, or F_SONG without a 仿宋 */
    int pageno;
    double used; /* height used in the text area of this page */
    int figures; /* charts drawn so far (图1, 图2 …) */
    uint32_t reported[MAX_REPORTED];
    size_t nreported;
} tz_pdf_doc;

/* ---- shaped text ------------------------------------------------------------- */

typedef struct {
    uint32_t code;
    int face;
    double w;              /* advance without tracking */
    double squeeze;        /* how much of w a full line may take (标点挤压) */
    double cut;            /* how much of w the line being drawn takes */
    unsigned char brk;     /* 1: a line may break before this item */
    unsigned char newline; /* a hard line break (not drawn) */
} tz_pdf_item;

typedef struct {
    tz_pdf_item *v;
    size_t n;
} tz_pdf_items;

typedef struct {
    size_t a, b;    /* items [a, b) */
    double natural; /* width with tracking, trailing spaces left out */
    int last;       /* ends the paragraph or a hard break: not justified */
} tz_pdf_line;

/* ---- font.c ---------------------------------------------------------------- */

/*
 * Loads the faces of cfg->font_* into d ("" = the prepared or Debian
 * defaults; no 仿宋 = 宋 for the body, with a tz_warn()).  Returns 0, or -1
 * after tz_error().  Call tz_pdf_free_faces either way.
 */
int tz_pdf_load_fonts(tz_pdf_doc *d);

/* Frees the faces' metric tables (the fonts are the libharu document's). */
void tz_pdf_free_faces(tz_pdf_doc *d);

/* Looks a BMP character up once: METRIC_KNOWN + width, or NO_GLYPH. */
int32_t tz_pdf_face_metric(const tz_pdf_face *f, uint32_t code);

/* Whether the face has a glyph for `code` (never outside the BMP). */
int tz_pdf_face_has(const tz_pdf_face *f, uint32_t code);

/* ---- shape.c --------------------------------------------------------------- */

/*
 * Shapes text (len bytes, styles[i] the style of byte i, or one style for
 * all when styles is NULL) at `size` into *out (out->v malloc'ed).  Each
 * character gets the first face that has it; one none has becomes 〓,
 * reported once with tz_warn().
 */
void tz_pdf_shape(tz_pdf_doc *d, const char *text, size_t len, const unsigned char *styles, int style,
                  double size, tz_pdf_items *out);

/* Width of items [a, b) with `track` between them, trailing spaces left out. */
double tz_pdf_span_width(const tz_pdf_items *it, size_t a, size_t b, double track);

/*
 * Lines of text, the first `first` wide, the others `width`.  With em > 0
 * (justified text) the breaks are chosen for the whole paragraph so that
 * no line but the last is stretched or squeezed by more than one character
 * (em), or as few lines as can be; a piece that cannot be set so (a run
 * wider than a line), and em = 0, are filled greedily.  Returns the number
 * of lines in *out (malloc'ed).
 */
size_t tz_pdf_break_lines(const tz_pdf_items *it, double first, double width, double track, double em,
                          tz_pdf_line **out);

/* Width of the string s shaped in `style` at `size`, without tracking. */
double tz_pdf_text_width(tz_pdf_doc *d, const char *s, int style, double size);

/* ---- page.c ---------------------------------------------------------------- */

/* Records a failed drawing call; libharu keeps going, we report at the end. */
void tz_pdf_chk(tz_pdf_doc *d, HPDF_STATUS st);

/* Draws items [a, b) from x on baseline y with `track` between characters;
 * returns the x after them. */
double tz_pdf_draw_items(tz_pdf_doc *d, const tz_pdf_items *it, size_t a, size_t b, double x, double y,
                         double size, double track);

/* Draws the string s in `face_style` on baseline y, left of, centred on or
 * right of x as align is 0, 1 or 2. */
void tz_pdf_draw_text(tz_pdf_doc *d, const char *s, int face_style, double size, double x, double y,
                      int align);

/* Starts a page with its page number; d->used back to 0. */
void tz_pdf_new_page(tz_pdf_doc *d);

/* Makes room for h points in the text area, starting a page if needed. */
void tz_pdf_need(tz_pdf_doc *d, double h);

/* Baseline of a line of `size` in the next grid slot (the slot is PITCH high). */
double tz_pdf_slot_baseline(const tz_pdf_doc *d, double size);

/* Keeps body text on the 22-line grid after a table or chart. */
void tz_pdf_snap_to_grid(tz_pdf_doc *d);

/* ---- paragraph.c ----------------------------------------------------------- */

/* The narrowest lines that still number n: lines about equally long
 * (GB/T 9704: 梯形或菱形).  Returns their number, *lines malloc'ed. */
size_t tz_pdf_balance_lines(const tz_pdf_items *it, size_t n, double width, double track,
                            tz_pdf_line **lines);

/*
 * Justifies line l of `it` to `avail`: sets each item's cut (a tight line
 * first takes the blank halves of its closing marks but the last, 标点挤压)
 * and returns
 * the spacing to add between characters — the rest of the slack spread
 * over the line when it is within em, else 0 (the line is set as it is:
 * the last of a paragraph, or one no setting could keep within em).
 */
double tz_pdf_justify(tz_pdf_items *it, const tz_pdf_line *l, double avail, double em);

/* Lays out a title, heading, paragraph or 主送机关 block.  `tail`: height
 * that must follow the paragraph on its page (the signature block after the
 * last paragraph, the start of the table or chart a paragraph leads in):
 * its last two lines go over with it rather than leave it alone on a page. */
void tz_pdf_lay_para(tz_pdf_doc *d, const tz_block *b, double tail);

/* Height of a paragraph block in the text area. */
double tz_pdf_para_height(tz_pdf_doc *d, const tz_block *b);

/* ---- table.c --------------------------------------------------------------- */

/* Lays out a TZ_B_TABLE block, back on the grid after it. */
void tz_pdf_lay_table(tz_pdf_doc *d, const tz_block *t);

/* What of a table must follow a heading on its page: the air above it, its
 * header rows and first body row. */
double tz_pdf_table_lead(tz_pdf_doc *d, const tz_block *t);

/* ---- chart.c --------------------------------------------------------------- */

/* Draws a chart block (CHART_H high) with its caption (图N  …) centred under it. */
void tz_pdf_lay_chart(tz_pdf_doc *d, const tz_block *b);

#endif
