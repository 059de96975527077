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
 * Ownership: the caller owns the sqlite3 handle (sqlite3_close when done).
 */
#ifndef TZ_LOAD_H
#define TZ_LOAD_H

#include <sqlite3.h>
#include "batch.h"
#include "config.h"

/*
 * Creates the database at `path` (":memory:" for a run) and loads the
 * config, the batch's records (superseded sheets left out, but listed in
 * submission) and its issues.  Returns 0, or -1 after tz_error().
 */
int tz_load(sqlite3 **db, const char *path, const tz_config *cfg, const tz_batch *batch);

#endif
