/*
 * render_docx.h — the stage summary as an editable Word document
 * (阶段总结_<period>.docx), from the same document model as the PDF.
 *
 * WordprocessingML written with a small XML writer of its own into a zip
 * made with minizip: A4, margins top 37 / bottom 35 / left 28 / right
 * 26 mm, the 22 lines × 28 characters grid (w:docGrid); styles named after
 * the fonts of GB/T 9704 so that the file is exact on an office PC
 * (方正小标宋简体 title 二号, 仿宋_GB2312 body 三号, 黑体 一、 headings,
 * 楷体_GB2312 （一） headings); page numbers "— N —" 四号 宋体 in the odd
 * (right) and even (left) footers; tables with their header row repeated;
 * each chart as its data table under the caption 图N; the signature block
 * sealed (7.3.5.1) or not ([report] seal = no, 7.3.5.2).  Every zip entry
 * is dated as_of, so the same input gives the same bytes.
 */
#ifndef TZ_RENDER_DOCX_H
#define TZ_RENDER_DOCX_H

#include "config.h"
#include "doc_model.h"

/* Writes `model` to `path` (replacing it).  Returns 0, or -1 after tz_error(). */
int tz_docx_write(const tz_config *cfg, const tz_doc *model, const char *path);

#endif
