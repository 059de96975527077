/*
 * recognise_int.h — what the recogniser's files share; not for the rest of
 * the program, which sees recognise.h only.
 *
 *   recognise.c  one workbook (tz_recognise_book), submissions, and the
 *                helpers below: cells as text, issues and messages
 *   labels.c     who and when: 填报单位 / 填报日期 labels, unit lookup
 *   header.c     a sheet's kind, header row(s) and column map
 *   rows.c       a sheet's data rows: fields, checks, totals, roll-ups
 *   reconcile.c  across workbooks (tz_recognise_finish)
 *
 * Ownership: nothing here owns what it points to.  tz_rec_state borrows
 * the context, the submission being filled, the issue list and the sheet;
 * tz_rec_labels points into the tz_book; a tz_rec_header_cache owns its
 * prepared headers until tz_rec_header_cache_free().  Functions that write
 * text write into the caller's buffer and return it.
 */
#ifndef TZ_RECOGNISE_INT_H
#define TZ_RECOGNISE_INT_H

#include <stddef.h>
#include <stdint.h>
#include "book.h"
#include "issue.h"
#include "recognise.h"
#include "schema.h"

/* ---- cells as text (recognise.c) ------------------------------------- */

/* Whether a cell shows nothing: NULL, or text that normalises to "". */
int tz_rec_cell_blank(const tz_cell *c);
/* The normalised key of a cell's text ("" for non-text or too long). */
const char *tz_rec_cell_key(const tz_cell *c, char *buf, size_t size);

/* ---- issues and messages (recognise.c) ------------------------------- */

/* One workbook being recognised: where its findings go and what they name. */
typedef struct {
    const tz_recognise_ctx *ctx;
    tz_submission *sub;
    tz_issues *issues;
    const tz_sheet *sheet; /* being read; NULL for a finding about the file */
    const char *row_desc;  /* the 问题描述 of the row being read (correction lists), or NULL */
} tz_rec_state;

/* Raises an issue of the workbook's unit and file, on st->sheet (if any) at
 * (row, col), or on the sheet alone when row is UINT32_MAX. */
void tz_rec_issue_at(tz_rec_state *st, tz_severity sev, const char *code, uint32_t row, uint32_t col,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Quotes at most 60 characters of a value for a message. */
const char *tz_rec_quote(const char *s, char *buf, size_t size);
/* Appends `sep` and `s` (or `s` alone at the start) to buf, as long as it fits. */
void tz_rec_list_add(char *buf, size_t size, size_t *len, const char *sep, const char *s);

/* ---- who and when (labels.c) ----------------------------------------- */

/* The unit whose name or alias equals `key` (the first unit in config order
 * when two share it), else -1.  A 填报单位 value or a row's 单位 names a unit
 * only this way: "滨江市第一中学初中部" is not 滨江市第一中学. */
int tz_rec_unit_find(const tz_recognise_ctx *ctx, const char *key);
/* The unit a file's name tells, from its base name without folders and
 * extension: the unit whose longest name or alias it contains, else -1. */
int tz_rec_unit_of_file(const tz_recognise_ctx *ctx, const char *rel);
/* The unit a mistyped or over-long name most probably means, for the
 * message: the longest name contained in it (滨江市第一中学初中部 →
 * 滨江市第一中学), else the nearest by edit distance, one slip in three
 * characters at most (土木学阮 → 土木学院, not 化工学院 → 土木学院); -1 when
 * none is that close. */
int tz_rec_unit_closest(const tz_recognise_ctx *ctx, const char *key);

/* The 填报单位 / 填报日期 labels of a workbook: their values, and the cells
 * that hold them. */
typedef struct {
    int found_unit, found_date;
    char unit_text[256]; /* normalised (tz_norm) */
    const tz_sheet *unit_sheet;
    uint32_t unit_row, unit_col;
    const tz_sheet *date_sheet;
    uint32_t date_row, date_col;
    char date_text[128]; /* normalised, or a date cell as displayed */
} tz_rec_labels;

/* Finds the labels in the first rows of the sheets the workbook is read
 * from: a ledger's 报送情况 has a 报送日期 column that is no label. */
void tz_rec_find_labels(const tz_schema *schema, const tz_book *b, tz_rec_labels *lf);

/* ---- kind, header and columns (header.c) ----------------------------- */

/* A sheet's best header: its kind (NULL when none), where, how well. */
typedef struct {
    const tz_kind *kind;
    uint32_t row, rows; /* header row and 1 or 2 */
    int matched;
    int has_required;
} tz_rec_header_guess;

/* Header texts prepared for matching once per sheet: every candidate row is
 * tried against every kind, and NFKC is the costly part of recognising. */
typedef struct {
    tz_arena arena;
    tz_header *h; /* rows × cols */
    uint8_t *ready;
    uint32_t rows, cols;
} tz_rec_header_cache;

/* Makes the (empty) cache of a sheet's header area; free it with
 * tz_rec_header_cache_free() once the sheet is read. */
void tz_rec_header_cache_init(tz_rec_header_cache *hc, const tz_sheet *s);
void tz_rec_header_cache_free(tz_rec_header_cache *hc);
/* Finds the best header among the first rows, for one kind or (only NULL) any. */
tz_rec_header_guess tz_rec_guess_header(const tz_recognise_ctx *ctx, const tz_sheet *s, const tz_kind *only,
                                        tz_rec_header_cache *hc);
/* The column map of the header `g` found (g->kind->ncolumns entries of
 * colmap: source column or -1), with an I-COLUMN info at each header cell
 * that maps to no column. */
void tz_rec_map_columns(tz_rec_state *st, const tz_rec_header_guess *g, tz_rec_header_cache *hc,
                        int32_t *colmap);

/* ---- data rows (rows.c) ---------------------------------------------- */

/* Reads st->sheet, of the kind and header `g` found, into a new sheet of
 * st->sub: its records, and an issue for every bad cell and row. */
void tz_rec_read_sheet(tz_rec_state *st, const tz_rec_header_guess *g, tz_rec_header_cache *hc);

#endif
