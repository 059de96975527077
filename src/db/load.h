/*
 * load.h — the working database (docs/design.md "load"; its views: docs/metrics.md).
 *
 * An SQLite database (in memory, or a file for inspection) holding one table
 * per schema kind (columns from templates/schemas.ini plus unit, file,
 * sheet, row and the cell of each field), the tables unit, stage,
 * deliverable, submission, issue and param, and the views that compute() and
 * the reports read (problem_view with state, deadline kind, days_left,
 * overdue, due_soon, closed_late, bucket; …).  Built in one transaction with
 * prepared statements.
 *
 * Layout (templates/metrics.sql lists it for users too):
 *   kind tables   id, unit, file, sheet, row (1-based), flagged, then per
 *                 schema column KEY (ignore columns left out): KEY (text;
 *                 int; money as REAL yuan + KEY_cents; date and deadline as
 *                 ISO text; enum/category value + KEY_ord; state
 *                 open/in_progress/closed + KEY_label), KEY_norm for text
 *                 (tz_norm), KEY_kind for a deadline (date/none/immediate/
 *                 invalid, NULL when empty), KEY_cell (A1) and KEY_raw.  A
 *                 column keyed `unit` fills the unit column (the row's unit).
 *   param(key, value) and the one-row view params; unit (ord = config order,
 *   then units only rows name); category; enum_value; stage; deliverable;
 *   submission; submission_sheet; issue; bucket; prev_problem (history.h).
 *   then what templates/views.sql makes: bucket, problem_view, unit_progress,
 *   cur_problem (history.c reads it), change_view, weekly_*, deliverable_*.
 *
 * Ownership: the caller owns the sqlite3 handle (sqlite3_close when done).
 */
#ifndef TZ_LOAD_H
#define TZ_LOAD_H

#include <sqlite3.h>
#include "batch.h"
#include "config.h"

/*
 * The database is filled while the files are read: records go in file by
 * file (tz_loader_add, a tz_batch_sink) and are dropped from memory at once,
 * so a run never holds a province's records twice.
 *
 *   tz_batch_open(&b, cfg);
 *   tz_loader_open(&ld, "", b.schema);
 *   tz_batch_read(&b, tz_loader_add, ld);
 *   tz_loader_finish(ld, cfg, &b, &db);      // frees ld
 *
 * Ownership: the loader owns the database until tz_loader_finish hands it
 * over; tz_loader_free (on a path that does not finish) closes it.
 */
typedef struct tz_loader tz_loader;

/* Process-wide SQLite settings, before any database is opened (main): its
 * allocation statistics off — they take a global mutex at every malloc and
 * free of every thread, and nothing reads them. */
void tz_db_setup(void);

/* Creates the database at `path` ("" for a temporary file, ":memory:", or a
 * file name: a file there is replaced) and the kind tables of `schema`
 * (borrowed; it must outlive the loader).  Returns 0, or -1 after tz_error(). */
int tz_loader_open(tz_loader **out, const char *path, const tz_schema *schema);

/* Inserts every record of one submission (a tz_batch_sink; ctx is the
 * loader).  Sheets later found superseded are taken out by tz_loader_finish. */
int tz_loader_add(void *ctx, size_t index, const tz_submission *sub);

/*
 * After tz_batch_read: takes out superseded sheets' rows, loads the config,
 * the units, the submissions (superseded sheets listed) and the batch's
 * issues, builds the indexes, runs templates/views.sql (found on the
 * template path: the campaign's, then the program's), and commits.  Frees the loader;
 * *db gets the database.  Returns 0, or -1 after tz_error().
 */
int tz_loader_finish(tz_loader *ld, tz_config *cfg, const tz_batch *batch, sqlite3 **db);
void tz_loader_free(tz_loader *ld);

/* All of the above: opens and reads `batch` (tz_batch_open, tz_batch_read)
 * into the database at `path`.  Free the batch whatever it returns.
 * Returns 0, or -1 after tz_error(). */
int tz_load(sqlite3 **db, const char *path, tz_config *cfg, tz_batch *batch);

#endif
