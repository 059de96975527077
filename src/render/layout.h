/*
 * layout.h — templates/ledger.ini, the layout of the workbooks a run writes
 * (docs/ledger.md): which sheets the ledger and the reminder list have, from
 * which metrics, with which titles, totals, colours, widths and paper; the
 * charts; the wording and columns of the correction lists.
 *
 *   tz_layout *lay;
 *   if (tz_layout_load(&lay, "templates/ledger.ini") != 0) return 2;
 *   if (tz_layout_check(lay, &source, ctx) != 0) return 2;     // before any output
 *   …                                                          // render_xlsx.h
 *   tz_layout_free(lay);
 *
 * ledger.ini (sections in file order; keys lower-case ASCII, values Chinese):
 *
 *   [sheet1]                 ; a sheet of the ledger; [reminder1] one of the reminder list
 *   name     = 汇总           ; sheet name (≤ 31 characters)
 *   title    = 各单位汇总      ; title row text after the campaign name (default: name)
 *   metric   = problems.by_unit
 *   rollup   = problems.by_base_unit ; the metric shown instead when rows came up from below
 *   empty    = 本期没有问题数据 ; the one row a sheet without data shows
 *   totals   = 合计           ; adds a totals row: numeric columns summed
 *   ratio    = 完成率 = 已完成 / 问题数   ; recomputed from the sums in the totals row
 *   percent  = 完成率          ; columns shown as 0.0% (a name ending in 率 always is)
 *   overdue  = 是否超期        ; rows whose value here is 是 are red (状态=未报: … is 未报)
 *   due_soon = 是否临期        ; … amber
 *   widths   = 问题描述:40     ; fixed widths (default: fitted to the text)
 *   split    = 100000         ; data rows per worksheet (default and most: what
 *                             ; Excel holds, 1,048,572); the rest go on to
 *                             ; 问题台账（2）… with the same title (续2) and header
 *   paper    = A4             ; A4 or A3; orientation = landscape (default) or portrait
 *   office   = 文件, 工作表, 行 ; the last columns: kept out of the print area
 *   key      = 序号, 单位      ; the first columns: repeated on pages across
 *   needs    = weekly         ; the sheet only when weekly reports are enabled
 *                             ; (rollup: only when rows came up from a lower level)
 *   weekly   = 周报已报, 周报应报 ; columns shown only when weekly reports are enabled
 *   pivot    = 事项:情况       ; one row per value of the first column, one column
 *   columns  = reminders.items ; per item this metric lists; cells starting with
 *   late     = 逾期            ; `late` amber, other filled cells red
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
 *   [blank_template]         ; the 填表说明 sheet of the blank workbook (taizhang template)
 *   title    = {{活动}} 填表说明 ; line1 … line9 = the instructions, one a row
 *   required = 各表的必填列：     ; over the list of each sheet's required columns
 *
 * Every mistake of the file is gathered and printed at once, in line order,
 * each with its line (tz_ini_problems, ini.h).
 *
 * Ownership: a tz_layout owns all its strings and arrays (one arena);
 * tz_layout_free() releases them.  A tz_metric_source's heads are borrowed
 * from it; the cursors it returns are the caller's to free.
 */
#ifndef TZ_LAYOUT_H
#define TZ_LAYOUT_H

#include <stddef.h>

#include "arena.h"
#include "compute.h"

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

/* The metric whose rows say the data came up from a lower level (层层汇总). */
#define TZ_ROLLUP_METRIC "rollup.rows"

/* Data rows a worksheet holds: Excel's 1,048,576 less the title, the
 * 填报单位 block, the header and a totals row. */
enum { TZ_SHEET_ROOM = 1048576 - 4 };

/* ratio = 率 = 分子列 / 分母列 */
typedef struct {
    const char *name, *num, *den;
} tz_layout_ratio;

/* 列名:宽度 */
typedef struct {
    const char *name;
    double width;
} tz_layout_width;

/* Rows whose column `col` holds `value` ("是" when ledger.ini gives only
 * the column). */
typedef struct {
    const char *col, *value;
} tz_layout_rule;

/* A [sheetN] or [reminderN] section; NULL / 0 where ledger.ini says nothing. */
typedef struct {
    const char *section;
    const char *name, *title, *metric, *empty, *totals;
    const char *rollup; /* the metric shown instead when rows came up from below (TZ_ROLLUP_METRIC) */
    tz_layout_rule overdue, due_soon;
    const char **percent;
    size_t npercent;
    tz_layout_ratio *ratios;
    size_t nratios;
    tz_layout_width *widths;
    size_t nwidths;
    const char **office;
    size_t noffice; /* trailing columns kept out of the print area */
    const char **keys;
    size_t nkeys; /* leading columns repeated on pages across */
    size_t split; /* data rows per worksheet; more go on to 名称（2）… */
    int paper;    /* Excel's paper code: 9 A4, 8 A3 */
    int portrait;
    int weekly;       /* written only when weekly reports are enabled */
    const char **weekly_cols;
    size_t nweekly_cols; /* columns left out when weekly reports are not enabled */
    int needs_rollup; /* written only when rows came up from a lower level */
    int off;          /* this run leaves it out (the writer sets it) */
    /* pivot = 事项:情况 — one row per value of the first column, one column
     * per item of the `columns` metric; cells starting with `late` amber. */
    const char *pivot_item, *pivot_value, *columns, *late;
} tz_layout_sheet;

typedef enum { TZ_CHART_COLUMN, TZ_CHART_BAR, TZ_CHART_PIE } tz_chart_type;

typedef struct {
    const char *section, *title, *metric, *value;
    const char *red; /* the label whose bar or slice is red (已超期), or NULL */
    tz_chart_type type;
} tz_layout_chart;

/* The columns of a correction list, in this order (their headers and
 * widths come from ledger.ini): a unit acts on it without a phone call, so
 * each row says where (file, sheet, cell), which problem (the row's 问题描述)
 * and what to fix. */
enum {
    TZ_CORR_SEQ,
    TZ_CORR_LEVEL,
    TZ_CORR_FILE,
    TZ_CORR_SHEET,
    TZ_CORR_CELL,
    TZ_CORR_DESC,
    TZ_CORR_MESSAGE,
    TZ_CORR_COLS
};

/* Lines of text over a correction list: line1 … line9. */
enum { TZ_TEXT_LINES = 9 };

/* [correction_list]: the wording and columns of every 退回修改 workbook. */
typedef struct {
    const char *title, *sheet;
    const char *lines[TZ_TEXT_LINES];
    size_t nlines;
    tz_layout_width columns[TZ_CORR_COLS];
} tz_layout_correction;

/* [reminder_list]: the line under each reminder sheet's title and the
 * signature under its table. */
typedef struct {
    const char *notice, *sign;
} tz_layout_reminder;

/* [blank_template]: the 填表说明 sheet of the blank workbook units fill in.
 * No text of it says 填报单位 or 填报日期: the workbook's first sheet is
 * searched for those labels when it comes back. */
typedef struct {
    const char *title, *required;
    const char *lines[TZ_TEXT_LINES];
    size_t nlines;
} tz_layout_help;

typedef struct tz_layout {
    const char *path;
    tz_layout_sheet *sheets;
    size_t nsheets;
    tz_layout_sheet *reminders;
    size_t nreminders;
    const char *charts_name;
    tz_layout_chart *charts;
    size_t ncharts;
    tz_layout_correction correction;
    tz_layout_reminder reminder;
    tz_layout_help help;
    tz_arena arena;
} tz_layout;

/* Reads and checks ledger.ini.  Returns 0 and *out, or -1 after every
 * mistake was printed (file:LINE, the line; nothing is returned). */
int tz_layout_load(tz_layout **out, const char *path);
void tz_layout_free(tz_layout *l);

/* Checks that every metric the layout names exists and has the columns the
 * layout names (from the heads only: no metric is run).  Returns 0, or -1
 * after tz_error() naming the file and section. */
int tz_layout_check(const tz_layout *l, const tz_metric_source *src, void *ctx);

/* The {{名称}} a correction list's text may use, in the order of the values
 * tz_layout_fill() is given for it (NULL-terminated); those of a reminder
 * list's; those of the blank template's 填表说明 (活动, an example report
 * date, an example deadline written both ways). */
extern const char *const tz_correction_names[];
extern const char *const tz_reminder_names[];
extern const char *const tz_help_names[];

/* Expands the {{名称}} of `pattern` (checked when ledger.ini was read) with
 * `values`, in the order of `names`, into buf.  Returns 0 when a name it
 * uses has no value (the line is then left out), else 1. */
int tz_layout_fill(char *buf, size_t size, const char *pattern, const char *const *names,
                   const char *const *values);

#endif
