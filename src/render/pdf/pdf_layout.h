/*
 * pdf_layout.h — Markdown (as tmpl.c expands it) → a PDF laid out like a
 * Chinese official document, GB/T 9704-2012: A4, text area 156 × 225 mm
 * (margins top 37, left 28, right 26, bottom 35 mm), 22 lines of 28
 * characters at 16 pt; title 22 pt 宋 centred in balanced lines; body 仿宋
 * (宋 when no 仿宋 is configured), paragraphs indented two characters and
 * justified; "##" headings 黑体, "###" 楷体, "####" body face; signature
 * (campaign.office) and date (from as_of) at the right; page numbers
 * "— N —" 14 pt, 7 mm below the text area, right on odd and left on even
 * pages.  Tables are ruled, repeat their header row on each page, right-align
 * number columns and shrink rather than overflow; ```tzchart blocks are drawn
 * as vector bar or pie charts.
 *
 * The first "#" heading is the title; **strong** is set in 黑体, *em* in 楷体.
 */
#ifndef TZ_PDF_LAYOUT_H
#define TZ_PDF_LAYOUT_H

#include "config.h"
#include "doc_model.h"

/*
 * Lays out the summary `model` and writes the PDF to `out_path` (replacing it).
 * Fonts come from cfg->font_* ("" = the Debian defaults: AR PL UMing 宋,
 * WenQuanYi Zen Hei 黑, LXGW WenKai or AR PL UKai 楷); a character no font
 * has, or one outside the BMP, is drawn as 〓 and reported once with
 * tz_warn().  Document info: title cfg->title, author cfg->office, creation
 * date as_of, so that the same input gives the same bytes.
 * Returns 0, or -1 after tz_error().
 */
int tz_pdf_layout_write(const tz_config *cfg, const tz_doc *model, const char *out_path);

#endif
