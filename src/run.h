/*
 * run.h — `taizhang run`: the whole pipeline and the output folder (SPEC §2,
 * §5, §7).
 *
 * Reads and recognises the inputs, loads the database, computes the metrics,
 * checks the ledger layout and the summary template, then writes into
 * <output>/.<period>.tmp: 汇总台账_<period>.xlsx, 阶段总结_<period>.pdf,
 * 催报名单_<period>.xlsx, 退回修改/<单位>.xlsx and manifest.json, and swaps
 * that folder with <output>/<period> in one rename.  A failed or killed run
 * leaves the previous <output>/<period> as it was.  <output>/.<period>.lock
 * (an flock, so a dead process never holds it) refuses a second run on the
 * same folder; a lock file left by a dead run is taken over with a message.
 * history.db is updated after the outputs are in place.
 */
#ifndef TZ_RUN_H
#define TZ_RUN_H

#include "config.h"

/* Runs everything for a loaded config.  Returns the exit status: 0 done,
 * 1 done but `strict` and errors exist, 2 bad inputs to the program
 * (schema, metrics, layout, template), 3 outputs could not be written. */
int tz_run(tz_config *cfg, int strict);

#endif
