/*
 * tmpl.h — the placeholders of the summary templates (docs/summary.md), expanded into
 * plain Markdown that render_pdf lays out.
 *
 *   {{name}}  {{name|money}}  {{name|percent}}     a metric or a config value
 *   {{#if name}}…{{else}}…{{/if}}                   non-zero / non-empty / has rows
 *   {{#each table}}…{{else}}…{{/each}}              once per row; inside, {{列名}}
 *                                                   is that row's cell, and
 *                                                   {{@index}} (1, 2 …), {{@first}},
 *                                                   {{@last}} are known
 *   {{table name}}                                  the table as a Markdown table
 *   {{chart bar name 图题}}  {{chart pie name 图题}}  a chart block with its caption (see below)
 *   {{! comment}}  {{!-- a comment that may contain }} --}}
 *
 * Config values: campaign.name, campaign.organisation, campaign.office,
 * campaign.start, campaign.end, campaign.categories (庸、懒、散、软),
 * report.recipient (主送, may be empty), report.title, report.as_of, report.period,
 * report.due_soon_days, report.satisfaction_threshold, stage.current,
 * stage.start, stage.end, stage.days_left (the stage that holds as_of).  A
 * metric of the same name wins.
 *
 * Heading numbers: {{heading.no}} prints the next 一、二、… and restarts
 * {{subheading.no}}, which prints （一）（二）…; only headings actually
 * expanded count, so a section left out by {{#if}} leaves no gap.
 *
 * Formatting: integers as they are, other numbers without needless decimals
 * (at most two); a metric whose last name part ends in "rate" or a column
 * whose header ends in 率 is a rate, printed 85.3% or 80% (no needless
 * ".0"); money (|money, a table's `-- money:` columns) prints as the seed
 * reports write it, 178716 — no thousands separators; ISO dates print as
 * 2011年9月28日; an empty value prints "—".
 *
 * A block tag or comment alone on its line takes the whole line with it, so
 * that blocks can wrap paragraphs without leaving blank lines.
 *
 * A chart becomes a fenced block whose info string is "tzchart":
 *     ```tzchart
 *     bar<TAB>value header<TAB>caption
 *     label<TAB>value<TAB>value as printed
 *     ```
 *
 * Every error (unknown name, unclosed or stray block, bad tag) is reported
 * with tz_error() as `PATH:LINE：…` before anything is expanded.
 */
#ifndef TZ_TMPL_H
#define TZ_TMPL_H

#include "compute.h"
#include "config.h"

/* Where metric names are looked up: `get` returns the table of a metric, or
 * NULL when there is none (after tz_error() if it failed to run); `has` says
 * whether a metric of that name exists without running it. */
typedef struct {
    void *ctx;
    const tz_table *(*get)(void *ctx, const char *name);
    int (*has)(void *ctx, const char *name);
} tz_tmpl_source;

/*
 * Reads the template at `path`, checks every name against `src` and `cfg`,
 * and expands it.  Returns 0 and *markdown (malloc'ed, the caller frees), or
 * -1 after tz_error().  With markdown == NULL it only checks.
 */
int tz_tmpl_expand(const char *path, const tz_config *cfg, const tz_tmpl_source *src, char **markdown);

/*
 * A value as a template prints it (see above).  `name` is the metric or
 * column name (decides rates); `filter` is NULL, "money" or "percent".
 * Writes into buf (≥ 64 bytes) unless the value is text, and returns buf or
 * the value's own text.
 */
const char *tz_tmpl_format(char *buf, size_t size, const tz_val *v, const char *name, const char *filter);

/* Whether a metric or column of that name is a rate, shown as a percentage:
 * its name ends in 率, rate or threshold.  The ledger and the summary agree on it. */
int tz_is_rate_name(const char *name);

#endif
