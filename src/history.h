/*
 * history.h — the history of periods (SPEC §6 "changes", §7 history.db).
 *
 * <output>/history.db keeps, per period, a snapshot of every problem: its
 * identity (unit + tz_norm of the description), the description as written,
 * its state and where it came from.  Its tables:
 *
 *   period(period TEXT PRIMARY KEY, as_of TEXT, problems INTEGER)
 *   problem(period, unit, desc_norm, desc, state, state_label, file, sheet, row,
 *           PRIMARY KEY(period, unit, desc_norm))
 *
 * How `run` uses it (check and metrics only ever call tz_history_read):
 *
 *   tz_load(&db, ":memory:", cfg, &batch);
 *   tz_history_read(db, cfg);        // before computing: changes.* need it
 *   ... compute, write every output ...
 *   tz_history_stage(db, cfg, &txn); // while the outputs are written
 *   ... swap the outputs in ...
 *   tz_history_commit(txn);          // or tz_history_abort(txn) if they failed
 *
 * The previous period is the one with the latest as_of (then the greatest
 * name) among the other periods whose as_of is not after this run's: so
 * re-running a month compares with the month before, never with itself.
 *
 * Ownership: all borrow the run database (from tz_load) and open and close
 * history.db themselves; a staged tz_history_txn is freed by
 * tz_history_commit or tz_history_abort.
 */
#ifndef TZ_HISTORY_H
#define TZ_HISTORY_H

#include <sqlite3.h>
#include "config.h"

/*
 * Reads the previous period's snapshot from <cfg->output_dir>/history.db,
 * opened read-only (the file is never created or changed), into the run
 * database's prev_problem table, and sets param prev_period to its name.
 * No history file, or no earlier period, leaves prev_problem empty and
 * prev_period NULL (the changes.* metrics are then 0).  Returns 0, or -1
 * after tz_error() when history.db exists but cannot be read.
 */
int tz_history_read(sqlite3 *db, const tz_config *cfg);

/*
 * Replaces this period's snapshot (cfg->period) with the run database's
 * problems, in one transaction, so that a re-run of a period on corrected
 * inputs never counts a problem twice; in two steps, so that the snapshot
 * is written while the outputs are and still lands only with them.  Stage
 * writes it inside an open transaction on history.db (created when
 * missing; its write lock is held until the end); commit makes it visible;
 * abort drops it.  Stage returns 0 and *txn, or -1 after tz_error() with
 * nothing left open; commit returns 0, or -1 after tz_error() (history.db
 * is then as it was).
 */
typedef struct tz_history_txn tz_history_txn;
int tz_history_stage(sqlite3 *db, const tz_config *cfg, tz_history_txn **txn);
int tz_history_commit(tz_history_txn *txn);
void tz_history_abort(tz_history_txn *txn);

#endif
