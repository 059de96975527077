/*
 * history.h — the history of periods (the changes.* metrics, output/history.db).
 *
 * <output>/history.db keeps, per period, a snapshot of every problem: its
 * identity (unit + tz_norm of the description), the description as written,
 * its state and where it came from.  Its tables:
 *
 *   period(period TEXT PRIMARY KEY, as_of TEXT, problems INTEGER, manifest TEXT)
 *   problem(period, unit, desc_norm, desc, state, state_label, file, sheet, row,
 *           PRIMARY KEY(period, unit, desc_norm))
 *   staged, staged_problem: the same columns, a run's snapshot waiting for
 *           its outputs
 *
 * A period's snapshot and its outputs change together, wherever a run stops.
 * The outputs change in one rename of the folder; so the commit point is
 * that rename, and the snapshot names the outputs it belongs to by the
 * SHA-256 of their manifest.json (period.manifest):
 *
 *   tz_history_settle(cfg, period);  // under the period's lock: finish a stopped run
 *   tz_load(&db, …);
 *   tz_history_read(db, cfg);        // before computing: changes.* need it
 *   tz_history_stage(db, cfg, &txn); // while the outputs are written
 *   … manifest.json, with tz_history_problems/sha256(txn) in it …
 *   tz_history_commit(txn, sha);     // staged: history.db as it was for readers
 *   … rename the folder in: the snapshot is the period's from here …
 *   tz_history_settle(cfg, period);  // staged → committed tables
 *
 * Readers take a staged snapshot for its period exactly when its manifest
 * is the one in <output>/<period>/ (the rename happened, the settle did
 * not): so whatever moment a run is killed, what history says and the
 * period's folder describe the same run, and the next run's settle tidies up.
 *
 * The previous period is the one with the latest as_of (then the greatest
 * name) among the other periods whose as_of is not after this run's: so
 * re-running a month compares with the month before, never with itself.
 *
 * Ownership: all borrow the run database (from tz_load) and open and close
 * history.db themselves; a staged tz_history_txn is freed by
 * tz_history_commit or tz_history_abort; tz_history_next's string is the
 * caller's to free().
 */
#ifndef TZ_HISTORY_H
#define TZ_HISTORY_H

#include <sqlite3.h>
#include <stdint.h>
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
 * The later period whose 本期变化 compares with cfg->period (the first one
 * after it by as_of, then name) and its as_of, or *next NULL (and "") when
 * there is none: a re-run of an earlier month makes that one out of date.
 * Read-only.  Returns 0, or -1 after tz_error().
 */
int tz_history_next(const tz_config *cfg, char **next, char as_of_next[16]);

/*
 * Writes this period's snapshot (cfg->period, the run database's
 * cur_problem) into history.db's staged tables inside an open transaction
 * (history.db is created when missing; its write lock is held until the
 * end), so that it is written while the outputs are.  Returns 0 and *txn,
 * or -1 after tz_error() with nothing left open.
 */
typedef struct tz_history_txn tz_history_txn;
int tz_history_stage(sqlite3 *db, const tz_config *cfg, tz_history_txn **txn);

/* The staged snapshot's number of problems, and the SHA-256 (64 hex digits)
 * of its rows in key order, each "unit TAB desc_norm TAB desc TAB state TAB
 * state_label TAB file TAB sheet TAB row LF" (NULL as empty): manifest.json
 * records both, so that a snapshot can be checked against its outputs. */
int tz_history_problems(const tz_history_txn *txn);
const char *tz_history_sha256(const tz_history_txn *txn);

/*
 * Commits the staged snapshot.  With the SHA-256 of the manifest.json it
 * belongs to, it waits for that manifest to be in <output>/<period>/
 * (tz_history_settle); with NULL (no outputs: tests, tools) it replaces the
 * period's snapshot at once.  Either way in one transaction: a re-run never
 * counts a problem twice.  Returns 0, or -1 after tz_error() (history.db is
 * then as it was).  Frees txn.
 */
int tz_history_commit(tz_history_txn *txn, const char *manifest_sha256);
void tz_history_abort(tz_history_txn *txn);

/* The periods with a staged snapshot, in name order (*n of them; free each
 * and the array).  Read-only.  Returns 0, or -1 after tz_error(). */
int tz_history_staged(const tz_config *cfg, char ***periods, size_t *n);

/*
 * Under the period's lock: a staged snapshot of `period` whose manifest is
 * the folder's becomes the period's snapshot; any other is dropped (its run
 * stopped before its outputs were swapped in).  Returns 1 when a snapshot
 * was made the period's, 0 when nothing was to do or one was dropped, -1
 * after tz_error().
 */
int tz_history_settle(const tz_config *cfg, const char *period);

/* SHA-256 of a file as 64 hex digits (and its size, when size is not
 * NULL): what ties a snapshot to its manifest.json.  0, or -1 with errno. */
int tz_file_sha256(const char *path, char hex[65], uint64_t *size);

#endif
