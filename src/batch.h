/*
 * batch.h — one pass over the input folder: list, read (in parallel, one
 * thread per core), recognise, supersede.  Everything `run` and `check` need
 * before loading the database.
 *
 * Results are in file order whatever thread read which file, so output is
 * deterministic.
 *
 * Ownership: a tz_batch owns the schema, the file list, the submissions and
 * the issues; tz_batch_free() releases them.  The config is borrowed and
 * must outlive the batch.
 */
#ifndef TZ_BATCH_H
#define TZ_BATCH_H

#include <stdio.h>
#include "config.h"
#include "input.h"
#include "issue.h"
#include "recognise.h"
#include "schema.h"

typedef struct {
    const tz_config *cfg;
    tz_schema *schema;
    tz_filelist files;
    tz_submission *subs;      /* files.len of them, in file order */
    tz_issues issues;
    size_t unreadable;
} tz_batch;

/*
 * Loads the schema, lists the input folder and reads every file.  Progress
 * goes to stderr (`[ 37/120] 读取 土木学院.xlsx` on a terminal).  Returns 0,
 * or -1 after tz_error() when the schema or the input folder cannot be read.
 */
int tz_batch_load(tz_batch *b, tz_config *cfg);
void tz_batch_free(tz_batch *b);
/* Frees every record once the database holds them (tz_submission_drop_records). */
void tz_batch_drop_records(tz_batch *b);

/* Prints the issues grouped by unit (units in config order), for a person. */
void tz_batch_print_issues(const tz_batch *b, FILE *out);
/* Prints one issue a line: severity, code, unit, file, sheet, cell, message. */
void tz_batch_print_tsv(const tz_batch *b, FILE *out);
/* Prints per file: unit, kinds, rows read / kept / rejected / superseded; then totals. */
void tz_batch_print_rows(const tz_batch *b, FILE *out);

#endif
