/*
 * render_pdf.h — the stage summary (阶段总结 .pdf) from a Markdown template
 * (docs/summary.md), laid out like a Chinese official document (GB/T 9704-2012).
 */
#ifndef TZ_RENDER_PDF_H
#define TZ_RENDER_PDF_H

#include "compute.h"
#include "config.h"

/*
 * Checks the template `template_path` against the metrics (unknown names,
 * unclosed blocks → tz_error naming `template.md:LINE`) without writing.
 * Returns 0 or -1.  Writes nothing; a run calls it before the PDF.
 */
int tz_pdf_check(const tz_config *cfg, tz_metrics *m, const char *template_path);

/*
 * The template a summary is written from: `given` (the config's template,
 * found along the template path) — unless the config names none and the
 * data has complaints, actions or inspections (metric
 * summary.cleanup_records > 0): then special_cleanup_summary.md, the shape
 * of the 2017 special clean-up report.  Returns `given` or `buf`.
 */
const char *tz_summary_template(const tz_config *cfg, tz_metrics *m, const char *given, char *buf,
                                size_t size);

/* The summary's Markdown, expanded from the chosen template: 0 and
 * *markdown (malloc'ed, the caller frees), or -1 after tz_error(). */
int tz_summary_markdown(const tz_config *cfg, tz_metrics *m, const char *template_path, char **markdown);

/* Writes the PDF to `out_path`.  Returns 0, or -1 after tz_error(). */
int tz_pdf_render(const tz_config *cfg, tz_metrics *m, const char *template_path, const char *out_path);

/* Writes the same summary as an editable Word document (render_docx.h) to
 * `out_path`.  Returns 0, or -1 after tz_error(). */
int tz_docx_render(const tz_config *cfg, tz_metrics *m, const char *template_path, const char *out_path);

#endif
