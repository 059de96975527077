/*
 * recognise.h — from grids to checked records (docs/schemas.md "How a
 * workbook is recognised", docs/issues.md).
 *
 * Per workbook: the unit and the submission date.  Per sheet: its kind,
 * header row(s) and column mapping.  Per data row: a record of typed
 * fields, with provenance, and an issue for every bad cell.
 *
 *   tz_submission sub;
 *   tz_recognise_book(&ctx, book, file, &sub, &issues);
 *   ...
 *   tz_submission_drop_records(&sub);   // once they are in the database
 *   tz_recognise_finish(subs, n, &issues);   // several workbooks of one unit
 *   tz_submission_free(&sub);
 *
 * Ownership: a tz_submission owns its sheets, records and all their text
 * (two arenas: names, and records); it does not keep pointers into the tz_book, which may be
 * freed as soon as tz_recognise_book returns.  It keeps pointers into the
 * schema and the config, which must outlive it.
 */
#ifndef TZ_RECOGNISE_H
#define TZ_RECOGNISE_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "book.h"
#include "config.h"
#include "input.h"
#include "issue.h"
#include "schema.h"
#include "xldate.h"

typedef enum {
    TZ_FIELD_EMPTY = 0, /* no value (or an empty cell) */
    TZ_FIELD_OK,        /* the value is set */
    TZ_FIELD_BAD        /* the cell held a bad value: left empty, flagged, issue raised */
} tz_field_status;

/*
 * One field of a record.  What is set depends on the column's type:
 *   text             text
 *   int              i (count)
 *   money            i (cents)
 *   date             i (tz_day)
 *   deadline         i (tz_day when deadline == TZ_DEADLINE_DATE), deadline
 *   enum, category   text (the schema's value), i (its index)
 *   state            text (closed / in_progress / open), i (tz_state)
 */
typedef enum {
    TZ_DEADLINE_DATE = 0,
    TZ_DEADLINE_NONE,
    TZ_DEADLINE_IMMEDIATE,
    TZ_DEADLINE_INVALID
} tz_deadline;

typedef struct {
    uint8_t status;    /* tz_field_status */
    uint8_t deadline;  /* tz_deadline, for deadline columns */
    uint32_t row, col; /* the cell the value came from (a merge's top-left cell) */
    int64_t i;
    const char *text; /* cleaned text of text columns / enum value; NULL when empty */
    const char *raw;  /* the cell as written, for messages and the ledger; NULL when empty */
} tz_field;

typedef struct {
    uint32_t row;     /* 0-based source row */
    int flagged;      /* some field was bad */
    const char *unit; /* the reporting unit (上报单位): the workbook's unit, on this level's
                             list; a row's own 单位 only in a ledger that names no 填报单位 */
    const char *base; /* the base unit (基层单位) the row is about: its 单位 column in a
                             roll-up, else the same as unit */
    const char *path; /* NULL, or the reporting units between the two, outermost first,
                             "/"-separated (province ← city ← county ← school) */
    tz_field *fields; /* kind->ncolumns of them */
} tz_record;

/* What the duplicate check of tz_recognise_finish needs of one problem row.
 * Kept (in the submission's arena) when the records are dropped, so that a
 * run never holds every record at once. */
typedef struct {
    const char *unit;   /* the row's reporting unit */
    const char *base;   /* and its base unit: same-named schools of two counties differ */
    const char *key;    /* the description's matching key (tz_norm) */
    const char *quoted; /* the description as messages quote it */
    uint32_t row, col;  /* the description's cell */
    uint32_t record;    /* the row's index among its sheet's records */
    int later;          /* repeats an earlier row: set by tz_recognise_finish */
} tz_desckey;

/* What the weekly rule of tz_recognise_finish needs of one row of an
 * accumulating kind (schema `accumulate`), kept like tz_desckey. */
typedef struct {
    const char *unit; /* the row's reporting unit */
    const char *base; /* and its base unit */
    int64_t week;     /* its reporting week: 0 = the week due [weekly] first, … */
    uint32_t row;     /* 0-based source row */
    uint32_t record;  /* the row's index among its sheet's records */
    const char *by;   /* NULL, or the file whose row for the same week replaced it */
} tz_rowkey;

typedef struct {
    const tz_kind *kind;
    const char *name;     /* sheet name */
    uint32_t header_row;  /* 0-based first header row */
    uint32_t header_rows; /* 1, or 2 for a two-level header */
    int32_t *colmap;      /* kind->ncolumns entries: source column or -1 */
    tz_record *records;
    size_t nrecords, caprecords;
    tz_desckey *desckeys; /* problem sheets: one per row with a description and a unit */
    size_t ndesckeys;
    size_t rows_read; /* non-blank data rows, totals rows excluded */
    size_t rows_rejected;
    size_t totals_rows; /* 合计/小计 rows checked */
    tz_rowkey *rowkeys; /* accumulating kinds: one per row with a date */
    size_t nrowkeys;
    size_t rows_superseded;    /* of those, the rows a later row for their week replaced */
    int superseded;            /* a later workbook of the same unit replaced this sheet */
    const char *superseded_by; /* that workbook's file, when superseded */
    int superseded_by_dated;   /* … and it has a 填报日期: */
    tz_day superseded_by_date; /*   that date */
} tz_sheetdata;

typedef enum {
    TZ_ROLE_SUBMISSION = 0, /* a unit's workbook */
    TZ_ROLE_UNITS,          /* the configured units workbook */
    TZ_ROLE_OFFICE,         /* the office's own register (收文登记) */
    TZ_ROLE_REJECTED        /* unreadable or no unit: nothing taken from it */
} tz_role;

/* A role as the database and the run manifest spell it: "submission",
 * "units", "office" or "rejected".  A static string. */
const char *tz_role_name(tz_role r);

typedef struct {
    const char *file; /* relative to the input folder */
    tz_role role;
    int unit;                           /* index into config units, -1 when none */
    const char *unit_name;              /* NULL when none */
    const char *unit_sheet, *unit_cell; /* where 填报单位 was found, "" when from the file name */
    int has_date;
    tz_day date; /* 填报日期 */
    int64_t mtime;
    tz_sheetdata *sheets;
    size_t nsheets;
    tz_arena arena;         /* names, cells, sheet data */
    tz_arena records_arena; /* the records' fields and text: see tz_submission_drop_records */
} tz_submission;

/* A unit name or alias as a matching key (tz_norm). */
typedef struct {
    const char *key;
    int unit; /* index into cfg->units */
} tz_unit_key;

/*
 * What recognising needs besides the workbook.  Read-only once made, so
 * reader threads share one.  Ownership: tz_recognise_ctx_free() releases the
 * unit keys; cfg and schema are borrowed and must outlive it.
 */
typedef struct {
    const tz_config *cfg;
    const tz_schema *schema;
    int default_year;       /* for dates written without a year: the campaign's */
    tz_unit_key *unit_keys; /* every unit name and alias, sorted by key */
    size_t nunit_keys;
    tz_arena arena;
} tz_recognise_ctx;

/* Makes the context: the unit keys are normalised once here, not per file
 * or per roll-up row.  default_year is the year of cfg->start. */
void tz_recognise_ctx_init(tz_recognise_ctx *ctx, const tz_config *cfg, const tz_schema *schema);
/* Releases the unit keys and zeroes the context. */
void tz_recognise_ctx_free(tz_recognise_ctx *ctx);

/*
 * Recognises one workbook.  `book` may be NULL for a file that could not be
 * read (its issue is already raised): the submission is then TZ_ROLE_REJECTED
 * with no sheets, so that it is still accounted for.  Issues go to `issues`.
 */
void tz_recognise_book(const tz_recognise_ctx *ctx, const tz_book *book, const tz_inputfile *file,
                       tz_submission *out, tz_issues *issues);

/*
 * What needs every workbook at once (their records may have been dropped
 * already: it reads only names, dates, counts, tz_desckey and tz_rowkey).
 * Which rows count, among the workbooks of one unit: per sheet kind, the
 * latest workbook that has rows of that kind wins (latest 填报日期, then the
 * latest modification time, then the later file name) — a sheet with no rows
 * (a blank template's) replaces nothing — and the others' sheets of that kind
 * are marked superseded.  Accumulating kinds (周报) are kept from every
 * workbook, one row per unit and reporting week: a later row for a week
 * replaces the earlier one (tz_rowkey.by).  The findings of superseded sheets
 * and rows are retired (tz_issue.retired); one I-SUPERSEDED info per workbook
 * says what replaced it; a workbook without 填报日期 that lost a kind to a
 * dated one although it was saved after that date (it may be the
 * correction) gets W-NO-SUBMIT-DATE.  An unreadable file of a unit (TZ_ROLE_REJECTED, no
 * sheets) is replaced by the unit's latest workbook with data rows filed
 * after it (填报日期 against its modification day): its findings retire too.  Then duplicate problems (same unit, same normalised
 * description) among the sheets kept get a warning at the later one, whose
 * tz_desckey is marked `later`.  `subs` stay in their order.
 */
void tz_recognise_finish(tz_submission *subs, size_t n, tz_issues *issues);

/* Rows of a sheet or a submission: read = kept + rejected + superseded.  The
 * rows of a superseded sheet, rejected ones included, count as superseded. */
typedef struct {
    size_t read, kept, rejected, superseded;
} tz_rowcount;
tz_rowcount tz_sheet_rows(const tz_sheetdata *sd);
/* Adds b to *a (totals over sheets, files, a batch). */
void tz_rowcount_add(tz_rowcount *a, tz_rowcount b);
tz_rowcount tz_submission_rows(const tz_submission *sub);

/* The kinds of sub's sheets that have data rows, each once, in sheet
 * order (a blank sheet of a filled-in template, headers only, is not
 * one): up to `max` of them into out[]; returns how many.  What the run's
 * summary, the manifest and the database say a file brought. */
size_t tz_submission_kinds(const tz_submission *sub, const tz_kind **out, size_t max);

/*
 * Frees the records of every sheet (they are in the database once loaded)
 * but keeps their counts, the sheets, the names and the tz_desckey: row
 * accounting, the manifest and tz_recognise_finish still work.
 */
void tz_submission_drop_records(tz_submission *sub);
/* Frees everything the submission owns and zeroes it. */
void tz_submission_free(tz_submission *sub);

#endif
