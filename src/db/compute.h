/*
 * compute.h — every number, list and table a report shows, from the named
 * SQL queries of templates/metrics.sql (docs/metrics.md).
 *
 *   -- name: problems.total
 *   SELECT count(*) FROM problem_view;
 *
 *   -- name: complaint.refund_total
 *   -- money: 金额
 *   SELECT sum(refund_cents) / 100.0 AS 金额 FROM complaint;
 *
 * Lines before a query's first SQL line may be `-- money: COL, COL`: those
 * result columns are yuan (printed with 2 decimals).  Other comment lines
 * are documentation.
 *
 * A query that returns one row of one column is a scalar (a number or text
 * for templates); one that returns rows is a table whose column names are
 * the headers users see (or a chart series: label, value).
 *
 * Ownership: a tz_metrics owns every tz_table it returns; tables stay valid
 * until tz_metrics_free().  It borrows the sqlite3 handle.  A tz_cursor is
 * the caller's (tz_cursor_free); it must be freed before its tz_metrics.
 *
 * Threads: two threads may use one tz_metrics at once.  (run.c gives the
 * ledger's thread a connection and a tz_metrics of its own all the same:
 * on one shared connection the two threads queued on its lock at every
 * row, about 1 s of a 1000-unit run.)  The heads are fixed
 * when it opens, the cache of tables is behind a mutex, and every cursor and
 * count has a statement of its own.  This needs the connection in SQLite's
 * serialized mode (the library's default build, sqlite3_threadsafe() == 1,
 * opened without SQLITE_OPEN_NOMUTEX, as load.c does): tz_metrics_open
 * refuses any other.
 */
#ifndef TZ_COMPUTE_H
#define TZ_COMPUTE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

typedef enum { TZ_VAL_NULL = 0, TZ_VAL_INT, TZ_VAL_REAL, TZ_VAL_TEXT } tz_val_type;

typedef struct {
    tz_val_type type;
    int64_t i;     /* TZ_VAL_INT */
    double r;      /* TZ_VAL_REAL */
    const char *s; /* TZ_VAL_TEXT (UTF-8) */
} tz_val;

typedef struct {
    const char *name; /* metric name, e.g. "problems.by_unit" */
    size_t ncols, nrows;
    const char **cols;          /* column names = headers */
    tz_val *cells;              /* nrows × ncols, row-major */
    const unsigned char *money; /* ncols flags: the column is yuan (a `-- money:` line) */
} tz_table;

typedef struct tz_metrics tz_metrics;

/*
 * Parses `sql_path` into named queries (each after a `-- name: NAME` line)
 * and prepares them against `db`; an SQL error names the file and the line of
 * the query.  Returns 0 and *out, or -1 after tz_error().
 */
int tz_metrics_open(tz_metrics **out, sqlite3 *db, const char *sql_path);
void tz_metrics_free(tz_metrics *m);

/*
 * Runs every statement of the SQL file `path` on `db`, in file order (the
 * views of templates/views.sql), inside whatever transaction is open.  An
 * error names the file and the line where the failing statement starts.
 * Returns 0, or -1 after tz_error().
 */
int tz_sql_run_file(sqlite3 *db, const char *path);

/* Number of queries, and the name of the i-th in file order. */
size_t tz_metrics_count(const tz_metrics *m);
const char *tz_metrics_name(const tz_metrics *m, size_t i);

/*
 * Runs the query `name` (once; later calls return the same table).  Returns
 * NULL when there is no such query (and after tz_error() when it fails).
 */
const tz_table *tz_metrics_get(tz_metrics *m, const char *name);

/*
 * The columns of query `name` (names and money flags) as a table of no rows,
 * known without running it; NULL when there is no such query.
 */
const tz_table *tz_metrics_head(const tz_metrics *m, const char *name);

/*
 * The number of rows query `name` returns (counted by SQLite, rows not
 * read) into *n.  Returns 0, or -1 after tz_error() (also when there is no
 * such query).
 */
int tz_metrics_nrows(tz_metrics *m, const char *name, size_t *n);

/*
 * Rows one at a time, for tables too big to hold (the ledger's lists):
 *
 *   tz_cursor *c = tz_metrics_rows(m, "problems.list");
 *   const tz_val *row;
 *   while ((rc = tz_cursor_step(c, &row)) == 1)
 *       … row[0 … ncols-1] …
 *   tz_cursor_free(c);
 */
typedef struct tz_cursor tz_cursor;

/* A cursor over query `name` (run afresh, not cached).  NULL after
 * tz_error() when there is no such query or it cannot be prepared. */
tz_cursor *tz_metrics_rows(tz_metrics *m, const char *name);
/*
 * From now on m's cursors read their rows on a thread of their own, a
 * batch of rows ahead of the caller (the same rows; the caller's thread
 * then spends nothing in SQLite).  For one caller per cursor; an error is
 * reported by the step that reaches it.
 */
void tz_metrics_read_ahead(tz_metrics *m);
/* A cursor over the rows of a table (borrowed: it must outlive the cursor). */
tz_cursor *tz_cursor_table(const tz_table *t);
/* The next row into *row: ncols values, text valid until the next step or
 * tz_cursor_free.  Returns 1, 0 after the last row, or -1 after tz_error(). */
int tz_cursor_step(tz_cursor *c, const tz_val **row);
void tz_cursor_free(tz_cursor *c);

/* Whether a table is a scalar (one row, one column). */
int tz_table_is_scalar(const tz_table *t);
/* The cell at (row, col), or NULL when out of range. */
const tz_val *tz_table_cell(const tz_table *t, size_t row, size_t col);
/* The index of the column named `name`, or -1. */
int tz_table_col(const tz_table *t, const char *name);

/*
 * `x` with at most `decimals` decimals, trailing zeros and a bare point
 * dropped ("0.411", "0.5", "1"; a negative that rounds to zero is "0").
 * The rounding both tz_table_format and the templates (tmpl.h) print with.
 * Returns buf.
 */
char *tz_format_decimals(char *buf, size_t size, double x, int decimals);

/*
 * A cell as users see it (and `taizhang metrics` prints it): integers as
 * they are; money columns with 2 decimals (4800.00); other reals — rates —
 * with up to 4 decimals, trailing zeros dropped (0.411, 0.5, 1); text as it
 * is; NULL as "".  Returns the text (buf, or the cell's own string).
 */
const char *tz_table_format(const tz_table *t, size_t row, size_t col, char *buf, size_t size);

/*
 * Prints a table: `tsv` gives the header row then one line per row, cells
 * separated by tabs (tab, newline and backslash in text written \t \n \\);
 * otherwise the columns are padded to their display width for a terminal.
 */
void tz_table_print(const tz_table *t, FILE *out, int tsv);

#endif
