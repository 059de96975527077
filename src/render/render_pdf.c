/*
 * render_pdf.c — the stage summary: the template's placeholders expanded
 * from the metrics (tmpl.c), then laid out as a PDF (pdf/pdf_layout.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf_layout.h"
#include "render_docx.h"
#include "render_pdf.h"
#include "tmpl.h"

static const tz_table *metrics_get(void *ctx, const char *name)
{
    return tz_metrics_get(ctx, name);
}

/* Existence without running the query: the names of metrics.sql. */
static int metrics_has(void *ctx, const char *name)
{
    const tz_metrics *m = ctx;
    for (size_t i = 0, n = tz_metrics_count(m); i < n; i++)
        if (strcmp(tz_metrics_name(m, i), name) == 0)
            return 1;
    return 0;
}

/* The template of the special clean-up shape (the 2017 report). */
static const char CLEANUP[] = "special_cleanup_summary.md";

const char *tz_summary_template(const tz_config *cfg, tz_metrics *m, const char *given, char *buf,
                                size_t size)
{
    if (cfg->template_chosen || !metrics_has(m, "summary.cleanup_records"))
        return given;
    const tz_table *t = tz_metrics_get(m, "summary.cleanup_records");
    if (!t || !tz_table_is_scalar(t) || t->cells[0].type != TZ_VAL_INT || t->cells[0].i <= 0)
        return given;
    for (size_t i = 0; i < cfg->ntemplate_path; i++) {
        int k = snprintf(buf, size, "%s/%s", cfg->template_path[i], CLEANUP);
        if (k > 0 && (size_t)k < size && access(buf, R_OK) == 0)
            return buf;
    }
    return given;
}

int tz_pdf_check(const tz_config *cfg, tz_metrics *m, const char *template_path)
{
    tz_tmpl_source src = { m, metrics_get, metrics_has };
    char buf[4096];
    return tz_tmpl_expand(tz_summary_template(cfg, m, template_path, buf, sizeof buf), cfg, &src, NULL);
}

int tz_summary_markdown(const tz_config *cfg, tz_metrics *m, const char *template_path, char **markdown)
{
    tz_tmpl_source src = { m, metrics_get, metrics_has };
    char buf[4096];
    return tz_tmpl_expand(tz_summary_template(cfg, m, template_path, buf, sizeof buf), cfg, &src, markdown);
}

/* The summary's document model, written by `write` (the PDF or the Word
 * renderer): one model for both. */
static int render(const tz_config *cfg, tz_metrics *m, const char *template_path, const char *out_path,
                  int (*write)(const tz_config *, const tz_doc *, const char *))
{
    char *markdown = NULL;
    if (tz_summary_markdown(cfg, m, template_path, &markdown) < 0)
        return -1;
    tz_doc doc;
    int rc = tz_doc_parse(markdown, &doc);
    free(markdown);
    if (rc == 0)
        rc = write(cfg, &doc, out_path);
    tz_doc_free(&doc);
    return rc;
}

int tz_pdf_render(const tz_config *cfg, tz_metrics *m, const char *template_path, const char *out_path)
{
    return render(cfg, m, template_path, out_path, tz_pdf_layout_write);
}

int tz_docx_render(const tz_config *cfg, tz_metrics *m, const char *template_path, const char *out_path)
{
    return render(cfg, m, template_path, out_path, tz_docx_write);
}
