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
    tz_submission *subs; /* files.len of them, in file order */
    tz_issues issues;
    size_t unreadable;
} tz_batch;

/*
 * Receives each submission once it is recognised, in file order, on the
 * thread that called tz_batch_read; its records are dropped right after.
 * `index` is its place in the file list.  Returns 0, or -1 (after
 * tz_error()) to stop the batch.
 */
typedef int (*tz_batch_sink)(void *ctx, size_t index, const tz_submission *sub);

/*
 * Loads the schema and lists the input folder.  Returns 0, or -1 after
 * tz_error() when the schema or the input folder cannot be read (free the
 * batch either way).
 */
int tz_batch_open(tz_batch *b, tz_config *cfg);

/*
 * Reads and recognises every file, one reader thread per core, a few files
 * ahead of the sink (NULL: none) so that memory does not grow with the
 * campaign; then supersedes and looks for duplicates (tz_recognise_finish).
 * Progress goes to stderr (`[ 37/120] 读取 土木学院.xlsx` on a terminal).
 * Afterwards the submissions keep their counts and names but no records.
 * Returns 0, or -1 when the sink failed.
 */
int tz_batch_read(tz_batch *b, tz_batch_sink sink, void *ctx);

/* tz_batch_open then tz_batch_read without a sink: what `check` needs. */
int tz_batch_load(tz_batch *b, tz_config *cfg);
void tz_batch_free(tz_batch *b);

/* Prints the issues grouped by unit (units in config order), for a person. */
void tz_batch_print_issues(const tz_batch *b, FILE *out);
/* Prints one issue a line: severity, code, unit, file, sheet, cell, message. */
void tz_batch_print_tsv(const tz_batch *b, FILE *out);
/* How many configured units sent at least one workbook that was used. */
size_t tz_batch_units_submitted(const tz_batch *b);
/* Prints per file: unit, kinds, rows read / kept / rejected / superseded; then totals. */
void tz_batch_print_rows(const tz_batch *b, FILE *out);

#endif
