/*
 * load.h — the working database (SPEC §2 "load", §6 views).
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
 *   views: problem_view, cur_problem, change_view, weekly_due, weekly_cover,
 *   weekly_unit, weekly_missing, deliverable_evidence, deliverable_status.
 *
 * Ownership: the caller owns the sqlite3 handle (sqlite3_close when done).
 */
#ifndef TZ_LOAD_H
#define TZ_LOAD_H

#include <sqlite3.h>
#include "batch.h"
#include "config.h"

/*
 * Creates the database at `path` (":memory:" for a run; a file there is
 * replaced) and loads the
 * config, the batch's records (superseded sheets left out, but listed in
 * submission) and its issues.  Returns 0, or -1 after tz_error().
 */
int tz_load(sqlite3 **db, const char *path, const tz_config *cfg, const tz_batch *batch);


#endif
