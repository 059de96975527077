/*
 * render_xlsx.h — the workbooks a run writes with libxlsxwriter (docs/ledger.md):
 * the consolidated ledger (汇总台账) and the reminder list (催报名单), both
 * laid out by templates/ledger.ini, and the correction lists (退回修改/<单位>.xlsx).
 *
 *   tz_layout *lay;
 *   if (tz_layout_load(&lay, "templates/ledger.ini") != 0) return 2;
 *   if (tz_layout_check(lay, &source, ctx) != 0) return 2;     // before any output
 *   tz_ledger_write(lay, cfg, &source, ctx, "汇总台账_2011-11.xlsx");
 *   tz_layout_free(lay);
 *
 * The renderer never talks to the database: it asks a tz_metric_source for
 * a metric's columns, row count and rows by name (run.c passes the
 * tz_metrics; the unit tests tables built by hand).  Rows go to the workbook
 * as they come and are never held here (past 50,000 rows libxlsxwriter does
 * not hold them either): a province's ledger needs no more memory than a
 * county's.
 *
 * Every workbook is byte-identical for identical inputs: its document date is
 * cfg->as_of (never the wall clock), and rows come in the tables' order.
 * Text cells are always written as strings, never as formulas, whatever they
 * start with (=, +, -, @).
 *
 * ledger.ini (sections in file order; keys lower-case ASCII, values Chinese):
 *
 *   [sheet1]                 ; a sheet of the ledger; [reminder1] one of the reminder list
 *   name     = 汇总           ; sheet name (≤ 31 characters)
 *   title    = 各单位汇总      ; title row text after the campaign name (default: name)
 *   metric   = problems.by_unit
 *   empty    = 本期没有问题数据 ; the one row a sheet without data shows
 *   totals   = 合计           ; adds a totals row: numeric columns summed
 *   ratio    = 完成率 = 已完成 / 问题数   ; recomputed from the sums in the totals row
 *   percent  = 完成率          ; columns shown as 0.0% (a name ending in 率 always is)
 *   overdue  = 是否超期        ; rows whose value here is 是 are red (状态=未报: … is 未报)
 *   due_soon = 是否临期        ; … amber
 *   widths   = 问题描述:40     ; fixed widths (default: fitted to the text)
 *   split    = 100000         ; data rows per worksheet (default and most: what
 *                             ; Excel holds, 1,048,573); the rest go on to
 *                             ; 问题台账（2）… with the same title (续2) and header
 *   paper    = A4             ; A4 or A3; orientation = landscape (default) or portrait
 *   office   = 文件, 工作表, 行 ; the last columns: kept out of the print area
 *   key      = 序号, 单位      ; the first columns: repeated on pages across
 *   needs    = weekly         ; the sheet only when weekly reports are enabled
 *   pivot    = 事项:情况       ; one row per value of the first column, one column
 *   columns  = reminders.items ; per item this metric lists; cells starting with
 *   late     = 逾期            ; `late` amber, other filled cells red
 *
 * Every sheet: a title row (organisation, campaign, title, 截至 date), then
 * 填报单位：<organisation> / 填报日期：<as_of> (the level above recognises the
 * ledger by them), the header (row 3, repeated on every printed page), the
 * data.  Printed columns are fitted to the page width when the text stays at
 * 8 points or more (75%), else printed at 75% on pages across.
 *
 *   [charts]
 *   name     = 图表           ; the sheet that holds the charts and their data
 *   [chart1]
 *   title    = 问题类别分布
 *   type     = column          ; column, bar or pie
 *   metric   = problems.by_category   ; labels in its first column
 *   value    = 完成率          ; the value column (default: the second)
 *   red      = 已超期          ; the bar or slice of this label is red (among the first 64)
 *
 *   [correction_list]        ; the wording of every correction list
 *   title    = {{活动}}退回修改清单   ; sheet = 退回修改; line1 … line9 = 致：{{单位}} …
 *   columns  = 序号:6, 级别:7, …      ; the seven columns' headers and widths, in order
 *   [reminder_list]
 *   notice   = 截至{{日期}}，…  ; under each reminder sheet's title; sign = under its table
 *
 * The charts sheet is portrait A4, a chart a page, its data in columns K:L
 * outside the print area; bar charts hold at most 40 labels and column
 * charts 12, more are cut into charts of equal parts (标题（1/2）…).
 *
 * Ownership: a tz_layout owns all its strings (one arena); the heads come
 * from the source and are borrowed, its cursors are freed here.
 */
#ifndef TZ_RENDER_XLSX_H
#define TZ_RENDER_XLSX_H

#include <stddef.h>
#include "compute.h"
#include "config.h"
#include "issue.h"
#include <xlsxwriter.h>

/* Where the data come from, by metric name; `ctx` is passed through. */
typedef struct {
    /* The metric's columns (names, money flags) as a table whose rows are
     * not read; NULL when there is no such metric.  Borrowed. */
    const tz_table *(*head)(void *ctx, const char *name);
    /* Its number of rows into *n: 0, or -1 after tz_error(). */
    int (*count)(void *ctx, const char *name, size_t *n);
    /* Its rows in order, with head's columns: a cursor the renderer frees,
     * or NULL after tz_error(). */
    tz_cursor *(*rows)(void *ctx, const char *name);
} tz_metric_source;

typedef struct tz_layout tz_layout;

/* Reads ledger.ini.  Returns 0 and *out, or -1 after tz_error() naming the
 * file and section (unknown key, missing name or metric, bad ratio …). */
int tz_layout_load(tz_layout **out, const char *path);

/* libxlsxwriter's result of writing `sheet` of `path`: 0 when fine, else
 * -1 after tz_error() named the file, the sheet and what went wrong.  Every
 * workbook the program writes checks its calls through it. */
int tz_lxw_check(const char *path, const char *sheet, lxw_error e);
void tz_layout_free(tz_layout *l);

/* Checks that every metric the layout names exists and has the columns the
 * layout names (from the heads only: no metric is run).  Returns 0, or -1
 * after tz_error() naming the section. */
int tz_layout_check(const tz_layout *l, const tz_metric_source *src, void *ctx);

/* Writes the ledger workbook (the [sheetN] sections, then the charts sheet)
 * to `path`; counts every sheet's rows first (above 50,000 in all it is
 * written in libxlsxwriter's constant-memory mode).  Returns 0, or -1 after
 * tz_error(). */
int tz_ledger_write(const tz_layout *l, const tz_config *cfg, const tz_metric_source *src, void *ctx,
                    const char *path);

/* Writes the reminder list (the [reminderN] sections) to `path`. */
int tz_reminders_write(const tz_layout *l, const tz_config *cfg, const tz_metric_source *src, void *ctx,
                       const char *path);

/*
 * Writes `dir`/<unit>.xlsx for every unit with an issue to correct
 * (tz_issue_to_correct) among `issues` (configured units first in config
 * order, then other unit names in order of appearance; issues of no unit
 * are the office's, in 数据校验, and get no list).  Each is laid out by the
 * layout's [correction_list]: the title, the lines (to whom, from whom,
 * by when, whom to ask, the counts; a line whose names have no value is
 * left out), then the issues to correct, errors first, each with file,
 * sheet, cell, the row's 问题描述 and the message; rows as tall as their
 * wrapped text.  `dir` must exist.  *nfiles gets the number of workbooks
 * written.  Returns 0, or -1 after tz_error().
 */
int tz_corrections_write(const tz_layout *l, const tz_config *cfg, const tz_issues *issues, const char *dir,
                         size_t *nfiles);

/* Margins every printed sheet has (inches): MARGIN_SIDE left and right, 0.6
 * top and bottom, and the scale a sheet too wide to fit is printed at:
 * 11-point text at 75% still reads at 8 points. */
#define TZ_MARGIN_SIDE 0.4
#define TZ_PRINT_SCALE 75

/*
 * Whether columns `width` wide in all (Excel's units, ncols of them) fit one
 * page width of A4 (A3 when a3) in that orientation, inside TZ_MARGIN_SIDE,
 * at a scale whose 11-point text reads at 8 points or more: then a sheet is
 * fitted to the page width, else printed at TZ_PRINT_SCALE on pages across.
 */
int tz_fits_page(double width, size_t ncols, int a3, int portrait);

/*
 * A unit name made safe as a file name (no extension) into buf: path
 * separators, characters Windows forbids (\ / : * ? " < > |) and control
 * characters become _, leading dots and surrounding spaces are dropped,
 * and it is cut (on a character boundary) to at most 120 bytes.  An empty
 * result is "未命名单位".  Returns buf.
 */
char *tz_filename_safe(char *buf, size_t size, const char *name);

#endif
