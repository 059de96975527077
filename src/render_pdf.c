/*
 * render_pdf.c — the stage summary: the template's placeholders expanded
 * from the metrics (tmpl.c), then laid out as a PDF (pdf_layout.c).
 */
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
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
        if (strcmp(tz_metrics_name(m, i), name) == 0) return 1;
    return 0;
}

int tz_pdf_check(const tz_config *cfg, tz_metrics *m, const char *template_path)
{
    tz_tmpl_source src = { m, metrics_get, metrics_has };
    return tz_tmpl_expand(template_path, cfg, &src, NULL);
}

int tz_pdf_render(const tz_config *cfg, tz_metrics *m, const char *template_path,
                  const char *out_path)
{
    tz_tmpl_source src = { m, metrics_get, metrics_has };
    char *markdown = NULL;
    if (tz_tmpl_expand(template_path, cfg, &src, &markdown) < 0)
        return -1;
    int rc = tz_pdf_layout_write(cfg, markdown, out_path);
    free(markdown);
    return rc;
}
