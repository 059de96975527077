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
 * The layout comes from templates/ledger.ini (layout.h).  Every sheet: a
 * title row (organisation, campaign, title, 截至 date), then
 * 填报单位：<organisation> / 填报日期：<as_of> (the level above recognises the
 * ledger by them), the header (row 3, repeated on every printed page), the
 * data.  Printed columns are fitted to the page width when the text stays at
 * 8 points or more (75%), else printed at 75% on pages across.
 *
 * The charts sheet is portrait A4, a chart a page, its data in columns K:L
 * outside the print area; bar charts hold at most 40 labels and column
 * charts 12, more are cut into charts of equal parts (标题（1/2）…).
 *
 * Ownership: the layout and the source's heads are borrowed; the cursors
 * the source returns are freed here.
 */
#ifndef TZ_RENDER_XLSX_H
#define TZ_RENDER_XLSX_H

#include <stddef.h>
#include "compute.h"
#include "config.h"
#include "issue.h"
#include "layout.h"
#include <xlsxwriter.h>

/* libxlsxwriter's result of writing `sheet` of `path`: 0 when fine, else
 * -1 after tz_error() named the file, the sheet and what went wrong.  Every
 * workbook the program writes checks its calls through it. */
int tz_lxw_check(const char *path, const char *sheet, lxw_error e);

/* Chinese for a libxlsxwriter error (lxw_strerror() speaks English).  A
 * static string. */
const char *tz_lxw_strerror(lxw_error e);

/* Writes and frees workbook `wb`, whose file is `path`: 0, or -1 after
 * tz_error() said in Chinese why `path` could not be written.  The file is
 * opened here first: libxlsxwriter would print its own English line on
 * stderr for a missing folder, a folder in the way or no permission. */
int tz_lxw_close(lxw_workbook *wb, const char *path);

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

/* Display width of text in Excel column units: ~2.1 per wide character,
 * ~1.1 per other one; of a multi-line text, its longest line.  Wide is
 * U+0800 and above: CJK, and also the punctuation and symbols a Chinese
 * font draws full width (“” — … ① ℃ →).  Every column width and
 * wrapped-row height of every workbook is reckoned with it. */
double tz_text_width(const char *s);

/* The lines a text takes wrapped in a column `width` wide (Excel's units):
 * each of its lines (a cell's line breaks) one, or as many as it fills. */
double tz_text_lines(const char *s, double width);

/* The height in points of a row of `lines` lines of the cells' 11-point
 * text, at most Excel's tallest row (409 pt). */
double tz_row_height(double lines);

/* How a sheet is to print (tz_print_setup). */
typedef struct {
    int a3, portrait; /* A4 landscape by default */
    double width;     /* the printed columns' widths in all (Excel's units) */
    size_t ncols;     /* the printed columns */
    size_t nkeys;     /* leading columns repeated on pages across when it does not fit */
    int head;         /* the header row repeated on every page; -1 none */
    int center;       /* centred across the page */
} tz_print;

/*
 * The page setup every printed sheet of every workbook has: the paper,
 * margins of 0.4 inch at the sides and 0.6 at top and bottom, the columns
 * fitted to the page width when 11-point text stays at 8 points or more
 * (the scale is 75% or larger), else printed at 75% on pages across with
 * the key columns repeated, and the footer 第 N 页 共 M 页.  The print area
 * is the caller's.
 */
void tz_print_setup(lxw_worksheet *ws, const tz_print *p);

/*
 * A unit name made safe as a file name (no extension) into buf: path
 * separators, characters Windows forbids (\ / : * ? " < > |) and control
 * characters become _, leading dots and surrounding spaces are dropped,
 * and it is cut (on a character boundary) to at most 120 bytes.  An empty
 * result is "未命名单位".  Returns buf.
 */
char *tz_filename_safe(char *buf, size_t size, const char *name);

#endif
