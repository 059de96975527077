/*
 * run.h — `taizhang run`: the whole pipeline and the output folder.
 *
 * Lists the inputs (no workbook: exit 2 with nothing touched), takes
 * <output>/.<period>.lock (an flock, so a dead process never holds it; a
 * second run is refused, exit 3, having created, removed and renamed
 * nothing; a lock file left by a dead run is taken over with a message),
 * reads and recognises the inputs, loads the database, computes the metrics,
 * checks the ledger layout and the summary template, then writes into
 * <output>/.<period>.tmp: 汇总台账_<period>.xlsx, 阶段总结_<period>.pdf,
 * 催报名单_<period>.xlsx, 退回修改/<单位>.xlsx and manifest.json, and swaps
 * that folder with <output>/<period> in one rename.  A failed or killed run
 * leaves the previous <output>/<period> as it was.  The history snapshot is
 * tied to the outputs by their manifest (history.h), so the two change
 * together wherever the run is killed.  A re-run of a period earlier than
 * the latest names the later period to re-run (stderr, manifest.json
 * "stale_periods").
 */
#ifndef TZ_RUN_H
#define TZ_RUN_H

#include "config.h"

/* The exit statuses of every command (main.c and tz_run). */
typedef enum {
    TZ_EXIT_DONE = 0,   /* done, issues or not */
    TZ_EXIT_STRICT = 1, /* done, but --strict and errors exist */
    TZ_EXIT_USAGE = 2,  /* bad config, usage or program inputs; no workbook */
    TZ_EXIT_OUTPUT = 3  /* outputs could not be written; another run holds the lock */
} tz_exit;

/* Runs everything for a loaded config.  Returns the exit status: 0 done,
 * 1 done but `strict` and errors exist, 2 bad inputs to the program
 * (schema, metrics, layout, template) or no workbook, 3 outputs could not
 * be written or another run holds the lock. */
int tz_run(tz_config *cfg, int strict);

#endif
