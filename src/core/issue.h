/*
 * issue.h — data problems (tz_issue) and fatal errors (tz_error).
 *
 * A tz_issue is something wrong with an input: it never stops the batch.
 * A fatal error (bad config, cannot write outputs) goes through tz_error(),
 * which prints one line on stderr and returns -1 so that callers can write
 * `return tz_error(...)`.
 *
 * Ownership: a tz_issues list owns copies of every string given to
 * tz_issues_add(); tz_issues_free() releases them.
 */
#ifndef TZ_ISSUE_H
#define TZ_ISSUE_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include "arena.h"

typedef enum {
    TZ_SEV_ERROR = 0, /* 错误 */
    TZ_SEV_WARNING,   /* 警告 */
    TZ_SEV_INFO       /* 提示 */
} tz_severity;

typedef struct {
    tz_severity severity;
    const char *code;     /* stable code, e.g. "E-DATE" */
    const char *unit;     /* "" when unknown */
    const char *file;     /* path as the user gave it / relative to input */
    const char *sheet;    /* "" for file-level issues */
    const char *cell;     /* A1 reference, "" when none */
    const char *message;  /* Chinese, quotes the bad value, says what is expected */
    uint32_t row;         /* 0-based row of `cell` in `sheet`, UINT32_MAX when none */
    int retired;          /* its rows or sheet were superseded by a later workbook: not
                             counted, listed or sent back (tz_issue_is_live) */
    const char *row_desc; /* the 问题描述 of the problem row the issue is on, "" when none */
} tz_issue;

/* An issue code of the table in issue.c: E- errors, W- warnings, I- information. */
typedef struct {
    const char *code;
    tz_severity severity;
    const char *meaning;  /* Chinese, one line */
} tz_issue_code;

/* The table of every code (static; *n gets its length), and one code's
 * entry or NULL.  tz_issues_add() accepts only a code of the table at its
 * severity. */
const tz_issue_code *tz_issue_codes(size_t *n);
const tz_issue_code *tz_issue_code_find(const char *code);

typedef struct {
    tz_issue *items;
    size_t len, cap;
    tz_arena arena;
} tz_issues;

/* Appends an issue; every string is copied.  NULL strings become "".
 * Its row is UINT32_MAX: tz_issues_add_at() for a finding at a cell. */
void tz_issues_add(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                   const char *sheet, const char *cell, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* tz_issues_add for a finding at (row, col) of `sheet`: the cell is written in
 * A1 notation and the row kept, so that the finding can follow its row when
 * a later workbook supersedes it. */
void tz_issues_add_at(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                      const char *sheet, uint32_t row, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/* Whether an issue still counts: not retired with superseded rows.  Every
 * count, listing and correction list goes through it. */
int tz_issue_is_live(const tz_issue *is);
/* Sets the row description (tz_issue.row_desc, copied) of the issue added
 * last; nothing when the list is empty or desc is NULL. */
void tz_issues_set_row_desc(tz_issues *list, const char *desc);
/* Whether an issue goes on a unit's correction list (and counts towards
 * sending one at all): errors and warnings, never information.  The one
 * predicate every correction list filters through. */
int tz_issue_to_correct(const tz_issue *is);
/* Moves every issue of src to the end of dst (src is left empty). */
void tz_issues_append(tz_issues *dst, tz_issues *src);
void tz_issues_free(tz_issues *list);
/* Counts the live issues of one severity. */
size_t tz_issues_count(const tz_issues *list, tz_severity sev);

/*
 * The live issues grouped by unit, as people read them (check, correction
 * lists): first the units of `units` (n names, e.g. the configured ones) in
 * that order, then other unit names (roll-up rows) in order of first
 * appearance, then the issues of no unit (unit "").  A group lists its
 * issues in list order; units without issues have no group.  Sorting, not
 * scanning per unit: a province has thousands of units and issues.
 *
 * Ownership: one block; free() it.  It points into `list`, which must
 * outlive it.  *ngroups gets the number of groups.
 */
typedef struct {
    const char *unit; /* "" for the issues of no unit */
    const tz_issue **items;
    size_t len;
    size_t errors, warnings; /* counts among items */
} tz_issue_group;
tz_issue_group *tz_issues_by_unit(const tz_issues *list, const char *const *units, size_t n, size_t *ngroups);

/* "错误", "警告", "提示" and "error", "warning", "info". */
const char *tz_severity_zh(tz_severity sev);
const char *tz_severity_en(tz_severity sev);

/* Prints `错误 E-DATE 土木学院.xlsx 「问题清单」E7：message` (docs/issues.md) with a newline. */
void tz_issue_print(const tz_issue *is, void *file /* FILE* */);

/* Fatal error: prints "taizhang: 错误：<msg>" on stderr, returns -1. */
int tz_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning to the operator (not a data issue): "taizhang: 注意：<msg>". */
void tz_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
