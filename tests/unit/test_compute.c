/*
 * test_compute.c — templates/metrics.sql parsing and formatting, and the
 * history of periods on tests/fixtures/metrics/history (make_metrics.py):
 * period 1, period 2 (新增 / 销号 / 重新打开 / 消失 one each), period 2
 * again (nothing counted twice), period 1 again (no earlier period).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "check.h"
#include "compute.h"
#include "history.h"
#include "load.h"

static const char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/tz-test-metrics-%d.sql", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return path;
    fputs(text, f);
    fclose(f);
    return path;
}

static int opens(sqlite3 *db, const char *text)
{
    tz_metrics *m = NULL;
    int rc = tz_metrics_open(&m, db, write_file(text));
    tz_metrics_free(m);
    return rc;
}

static const char *fmt(const tz_table *t, size_t r, size_t c)
{
    static char buf[64];
    return tz_table_format(t, r, c, buf, sizeof buf);
}

/* Sums t.many's rows (1 … 100000, text "x<i>") through a cursor of its own
 * into sum; -1 when a row is wrong. */
typedef struct {
    tz_metrics *m;
    int64_t sum;
} summer;

static void *sum_many(void *arg)
{
    summer *s = arg;
    tz_cursor *c = tz_metrics_rows(s->m, "t.many");
    const tz_val *row;
    char want[32];
    s->sum = 0;
    while (c && s->sum >= 0 && tz_cursor_step(c, &row) == 1) {
        snprintf(want, sizeof want, "x%lld", (long long)row[0].i);
        s->sum = row[1].type == TZ_VAL_TEXT && strcmp(row[1].s, want) == 0 ? s->sum + row[0].i : -1;
    }
    tz_cursor_free(c);
    return NULL;
}

/* Heads, counts and cursors on the metrics of test_parse_and_format. */
static void test_cursors(tz_metrics *m)
{
    /* Columns and money flags without running the query. */
    const tz_table *h = tz_metrics_head(m, "t.money");
    CHECK(h && h->ncols == 1 && h->nrows == 0);
    if (h) {
        CHECK_STR(h->cols[0], "金额");
        CHECK_INT(h->money[0], 1);
    }
    h = tz_metrics_head(m, "t.rows");
    CHECK(h && h->ncols == 3 && h->money[1] == 0);
    CHECK(tz_metrics_head(m, "no.such") == NULL);

    size_t n = 99;
    CHECK_INT(tz_metrics_nrows(m, "t.rows", &n), 0);
    CHECK_INT(n, 3);
    CHECK_INT(tz_metrics_nrows(m, "t.sorted", &n), 0); /* ORDER BY, a comment before it */
    CHECK_INT(n, 2);
    CHECK_INT(tz_metrics_nrows(m, "t.none", &n), 0);
    CHECK_INT(n, 1);
    fprintf(stderr, "(four errors about t.fails and no.such are expected here)\n");
    CHECK_INT(tz_metrics_nrows(m, "no.such", &n), -1);

    /* Rows in the query's order, values as tz_metrics_get gives them. */
    tz_cursor *c = tz_metrics_rows(m, "t.sorted");
    const tz_val *row = NULL;
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(tz_cursor_step(c, &row), 1);
        CHECK(row && row[0].type == TZ_VAL_INT && row[0].i == 4);
        CHECK_INT(tz_cursor_step(c, &row), 1);
        CHECK(row && row[0].i == 3);
        CHECK_INT(tz_cursor_step(c, &row), 0);
        CHECK(row == NULL);
        tz_cursor_free(c);
    }
    c = tz_metrics_rows(m, "t.rows");
    const tz_table *t = tz_metrics_get(m, "t.rows"); /* its own statement: both at once */
    CHECK(c && t);
    for (size_t r = 0; c && t && r < t->nrows; r++) {
        CHECK_INT(tz_cursor_step(c, &row), 1);
        for (size_t k = 0; row && k < t->ncols; k++) {
            const tz_val *v = tz_table_cell(t, r, k);
            CHECK_INT(row[k].type, v->type);
            CHECK(row[k].type != TZ_VAL_TEXT || strcmp(row[k].s, v->s) == 0);
            CHECK(row[k].type != TZ_VAL_REAL || row[k].r == v->r);
            CHECK(row[k].type != TZ_VAL_INT || row[k].i == v->i);
        }
    }
    CHECK(c && tz_cursor_step(c, &row) == 0);
    tz_cursor_free(c);

    /* A query that fails while it runs: the step says so. */
    c = tz_metrics_rows(m, "t.fails");
    CHECK(c != NULL);
    CHECK(c && tz_cursor_step(c, &row) == -1);
    tz_cursor_free(c);
    CHECK(tz_metrics_get(m, "t.fails") == NULL);
    CHECK(tz_metrics_rows(m, "no.such") == NULL);

    /* Two threads stepping statements of one connection at once (the ledger
     * thread and the PDF's): each sees all its rows, whole. */
    summer mine = { m, 0 }, theirs = { m, 0 };
    pthread_t th;
    CHECK(pthread_create(&th, NULL, sum_many, &theirs) == 0);
    sum_many(&mine);
    CHECK(pthread_join(th, NULL) == 0);
    CHECK(mine.sum == 5000050000LL);
    CHECK(theirs.sum == 5000050000LL);

    /* The cursor over a table, as the renderer's unit test uses it. */
    c = t ? tz_cursor_table(t) : NULL;
    for (size_t r = 0; c && r < t->nrows; r++)
        CHECK(tz_cursor_step(c, &row) == 1 && row == tz_table_cell(t, r, 0));
    CHECK(c && tz_cursor_step(c, &row) == 0);
    tz_cursor_free(c);
}

/* Counts the rows of query `name` through c, then steps once more; -1 when a
 * step fails. */
static long count_rows(tz_metrics *m, const char *name)
{
    tz_cursor *c = tz_metrics_rows(m, name);
    const tz_val *row;
    long n = 0;
    int rc = 0;
    while (c && (rc = tz_cursor_step(c, &row)) == 1)
        n++;
    if (!c || rc != 0 || tz_cursor_step(c, &row) != 0 || row != NULL) /* at the end it stays there */
        n = -1;
    tz_cursor_free(c);
    return n;
}

/* Cursors read ahead on threads of their own (tz_metrics_read_ahead): the
 * same rows and errors as on the caller's thread, batch boundaries included. */
static void test_read_ahead(sqlite3 *db, tz_metrics *plain)
{
    tz_metrics *m = NULL;
    CHECK(tz_metrics_open(&m, db,
                          write_file("-- name: t.rows\n"
                                     "SELECT a AS 甲, b AS 乙, c AS 丙 FROM t ORDER BY rowid;\n"
                                     "-- name: t.none\n"
                                     "SELECT 1 WHERE 0;\n"
                                     "-- name: t.exact\n"
                                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1024)\n"
                                     "SELECT i FROM n;\n"
                                     "-- name: t.fails\n"
                                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)\n"
                                     "SELECT CASE WHEN i < 2000 THEN i ELSE abs(-9223372036854775807 - 1) END FROM n;\n"
                                     "-- name: t.many\n"
                                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)\n"
                                     "SELECT i AS 数, 'x' || i AS 文 FROM n;\n")) == 0);
    if (!m)
        return;
    tz_metrics_read_ahead(m);

    /* NULL, text with a tab, reals: as the plain cursor gives them. */
    const tz_table *t = tz_metrics_get(plain, "t.rows");
    tz_cursor *c = tz_metrics_rows(m, "t.rows");
    const tz_val *row = NULL;
    CHECK(c && t);
    for (size_t r = 0; c && t && r < t->nrows; r++) {
        CHECK_INT(tz_cursor_step(c, &row), 1);
        for (size_t k = 0; row && k < t->ncols; k++) {
            const tz_val *v = tz_table_cell(t, r, k);
            CHECK_INT(row[k].type, v->type);
            CHECK(row[k].type != TZ_VAL_TEXT || strcmp(row[k].s, v->s) == 0);
            CHECK(row[k].type != TZ_VAL_REAL || row[k].r == v->r);
            CHECK(row[k].type != TZ_VAL_INT || row[k].i == v->i);
        }
    }
    CHECK(c && tz_cursor_step(c, &row) == 0);
    tz_cursor_free(c);

    CHECK_INT(count_rows(m, "t.none"), 0);
    CHECK_INT(count_rows(m, "t.exact"), 1024); /* its last batch is full: the end comes after it */

    /* An error after rows: the rows before it, then -1. */
    fprintf(stderr, "(an error about t.fails is expected here)\n");
    c = tz_metrics_rows(m, "t.fails");
    long n = 0;
    int rc = 0;
    while (c && (rc = tz_cursor_step(c, &row)) == 1)
        n += row[0].i == n + 1;
    CHECK_INT(n, 1999);
    CHECK(c && rc == -1);
    tz_cursor_free(c);

    /* Freed before its end, its reader waiting for room: it stops. */
    c = tz_metrics_rows(m, "t.many");
    CHECK(c && tz_cursor_step(c, &row) == 1 && row[0].i == 1);
    tz_cursor_free(c);

    /* Two cursors read ahead at once on one connection, each whole. */
    summer mine = { m, 0 }, theirs = { m, 0 };
    pthread_t th;
    CHECK(pthread_create(&th, NULL, sum_many, &theirs) == 0);
    sum_many(&mine);
    CHECK(pthread_join(th, NULL) == 0);
    CHECK(mine.sum == 5000050000LL);
    CHECK(theirs.sum == 5000050000LL);
    tz_metrics_free(m);
}

static void test_parse_and_format(void)
{
    sqlite3 *db;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "CREATE TABLE t(a TEXT, b REAL, c INTEGER);"
                       "INSERT INTO t VALUES('x', 0.5, 3), ('y\tz', 1.0, 4), (NULL, 0.123456, NULL);",
                       NULL, NULL, NULL) == SQLITE_OK);
    fprintf(stderr, "(five errors about bad metric files are expected here)\n");
    CHECK(opens(db, "-- name: bad name\nSELECT 1;\n") == -1);
    CHECK(opens(db, "-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;\n") == -1);
    CHECK(opens(db, "-- name: a\nSELECT nosuch FROM t;\n") == -1);
    CHECK(opens(db, "-- name: a\nSELECT 1; SELECT 2;\n") == -1);
    CHECK(opens(db, "-- name: a\nDELETE FROM t;\n") == -1);

    tz_metrics *m = NULL;
    CHECK(tz_metrics_open(
              &m, db,
              write_file("-- header comment, before any metric\n"
                         "-- the count of rows\n"
                         "-- name: t.count\n"
                         "SELECT count(*) FROM t;  -- trailing comment\n"
                         "\n"
                         "-- name: t.money\n"
                         "-- money: 金额\n"
                         "SELECT 4800 AS 金额;\n"
                         "-- name: t.cents\n"
                         "-- money: 金额\n"
                         "SELECT 10075 / 100.0 AS 金额;\n"
                         "-- name: t.rate\n"
                         "SELECT 30.0 / 73;\n"
                         "-- name: t.tiny\n"
                         "SELECT -0.00001;\n"
                         "-- name: t.rows\n"
                         "SELECT a AS 甲, b AS 乙, c AS 丙 FROM t ORDER BY rowid;\n"
                         "-- name: t.none\n"
                         "SELECT NULL;\n"
                         "-- name: t.sorted\n"
                         "SELECT c AS 丙 FROM t WHERE c IS NOT NULL  -- a comment inside the statement\n"
                         "ORDER BY c DESC;\n"
                         "-- name: t.fails\n"
                         "SELECT abs(-9223372036854775807 - 1) AS 溢出;\n"
                         "-- name: t.many\n"
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)\n"
                         "SELECT i AS 数, 'x' || i AS 文 FROM n;\n")) == 0);
    if (!m) {
        sqlite3_close(db);
        return;
    }
    CHECK_INT(tz_metrics_count(m), 10);
    CHECK_STR(tz_metrics_name(m, 0), "t.count");
    CHECK_STR(tz_metrics_name(m, 6), "t.none");
    CHECK(tz_metrics_name(m, 10) == NULL);
    CHECK(tz_metrics_get(m, "no.such") == NULL);

    const tz_table *t = tz_metrics_get(m, "t.count");
    CHECK(t && tz_table_is_scalar(t));
    if (t) {
        CHECK_INT(tz_table_cell(t, 0, 0)->type, TZ_VAL_INT);
        CHECK_INT(tz_table_cell(t, 0, 0)->i, 3);
        CHECK(tz_metrics_get(m, "t.count") == t); /* run once */
    }
    t = tz_metrics_get(m, "t.money");
    CHECK_STR(t ? fmt(t, 0, 0) : "?", "4800.00");
    t = tz_metrics_get(m, "t.cents");
    CHECK_STR(t ? fmt(t, 0, 0) : "?", "100.75");
    t = tz_metrics_get(m, "t.rate");
    CHECK_STR(t ? fmt(t, 0, 0) : "?", "0.411");
    t = tz_metrics_get(m, "t.tiny"); /* rounds to zero: no "-0" */
    CHECK_STR(t ? fmt(t, 0, 0) : "?", "0");
    t = tz_metrics_get(m, "t.none");
    CHECK(t && tz_table_is_scalar(t));
    CHECK_STR(t ? fmt(t, 0, 0) : "?", "");

    t = tz_metrics_get(m, "t.rows");
    CHECK(t && !tz_table_is_scalar(t));
    if (t) {
        CHECK_INT(t->nrows, 3);
        CHECK_INT(t->ncols, 3);
        CHECK_STR(t->cols[1], "乙");
        CHECK_INT(tz_table_col(t, "丙"), 2);
        CHECK_INT(tz_table_col(t, "丁"), -1);
        CHECK(tz_table_cell(t, 3, 0) == NULL);
        CHECK_STR(fmt(t, 0, 1), "0.5");
        CHECK_STR(fmt(t, 1, 1), "1");
        CHECK_STR(fmt(t, 2, 1), "0.1235");
        CHECK_STR(fmt(t, 2, 0), "");
        CHECK_STR(fmt(t, 1, 0), "y\tz");
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        tz_table_print(t, out, 1);
        fclose(out);
        CHECK_STR(buf, "甲\t乙\t丙\nx\t0.5\t3\ny\\tz\t1\t4\n\t0.1235\t\n");
        free(buf);
        out = open_memstream(&buf, &len);
        tz_table_print(t, out, 0);
        fclose(out);
        CHECK_STR(buf, "甲   乙      丙\nx    0.5     3\ny z  1       4\n     0.1235  \n");
        free(buf);
    }
    test_cursors(m);
    test_read_ahead(db, m);
    tz_metrics_free(m);
    remove(write_file(""));
    sqlite3_close(db);

    /* A connection SQLite does not lock cannot be shared with the ledger thread. */
    CHECK(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK);
    fprintf(stderr, "(an error about the threading mode is expected here)\n");
    CHECK(opens(db, "-- name: a\nSELECT 1;\n") == -1);
    sqlite3_close(db);
}

/* ---- history ------------------------------------------------------------- */

static const char *repo_templates[] = { "templates" };
static char outdir[64];

/* Loads period n, reads history, computes changes into got, optionally saves. */
static void period(int n, int save, char *got, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "tests/fixtures/metrics/history/config%d.ini", n);
    tz_config cfg;
    got[0] = 0;
    if (tz_config_load(&cfg, path, NULL, NULL, outdir) != 0) {
        CHECK(!"history config loads");
        return;
    }
    cfg.template_path = repo_templates;
    cfg.ntemplate_path = 1;
    tz_batch b;
    sqlite3 *db = NULL;
    tz_metrics *m = NULL;
    if (tz_load(&db, ":memory:", &cfg, &b) == 0 && tz_history_read(db, &cfg) == 0 &&
        tz_metrics_open(&m, db, "templates/metrics.sql") == 0) {
        const char *names[] = { "changes.previous", "changes.new",         "changes.closed",
                                "changes.reopened", "changes.disappeared", "problems.total" };
        for (size_t i = 0; i < 6; i++) {
            const tz_table *t = tz_metrics_get(m, names[i]);
            char buf[64];
            snprintf(got + strlen(got), size - strlen(got), "%s%s", i ? " " : "",
                     t ? tz_table_format(t, 0, 0, buf, sizeof buf) : "?");
        }
        tz_history_txn *txn = NULL;
        if (save)
            CHECK(tz_history_stage(db, &cfg, &txn) == 0 && tz_history_commit(txn, NULL) == 0);
    } else {
        CHECK(!"history period loads");
    }
    tz_metrics_free(m);
    sqlite3_close(db);
    tz_batch_free(&b);
    tz_config_free(&cfg);
}

static const char *hq(const char *sql)
{
    static char buf[512];
    char path[128];
    snprintf(path, sizeof path, "%s/history.db", outdir);
    sqlite3 *h;
    strcpy(buf, "?");
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(h);
    return buf;
}

static void test_history(void)
{
    snprintf(outdir, sizeof outdir, "/tmp/tz-test-history-%d", (int)getpid());
    char db[96], got[256];
    snprintf(db, sizeof db, "%s/history.db", outdir);
    CHECK(mkdir(outdir, 0700) == 0);

    /* No history file: nothing to compare with, and reading creates nothing. */
    period(2, 0, got, sizeof got);
    CHECK_STR(got, " 0 0 0 0 5");
    CHECK(access(db, F_OK) != 0);

    period(1, 1, got, sizeof got);
    CHECK_STR(got, " 0 0 0 0 5");
    CHECK_STR(hq("SELECT group_concat(period || ':' || as_of || ':' || problems) FROM period"),
              "2024-01:2024-01-31:5");

    /* Period 2: 公文处理超时 new, 会议通知… closed, 值班制度… reopened, 档案管理混乱 gone;
     * “服务窗口 态度生硬 ” is the same problem as “服务窗口态度生硬”. */
    period(2, 1, got, sizeof got);
    CHECK_STR(got, "2024-01 1 1 1 1 5");
    CHECK_STR(hq("SELECT count(*) FROM problem WHERE period = '2024-02'"), "5");
    CHECK_STR(hq("SELECT state FROM problem WHERE period = '2024-02' AND desc_norm = '服务窗口态度生硬'"),
              "in_progress");

    /* Re-running period 2 compares with period 1 again and replaces its own snapshot. */
    period(2, 1, got, sizeof got);
    CHECK_STR(got, "2024-01 1 1 1 1 5");
    CHECK_STR(hq("SELECT count(*) FROM problem"), "10");
    CHECK_STR(
        hq("SELECT group_concat(period || ':' || problems) FROM (SELECT * FROM period ORDER BY period)"),
        "2024-01:5,2024-02:5");

    /* Period 1 again: period 2 is later, so there is no earlier period. */
    period(1, 0, got, sizeof got);
    CHECK_STR(got, " 0 0 0 0 5");

    remove(db);
    rmdir(outdir);
}

static void test_format_decimals(void)
{
    char buf[64];
    CHECK_STR(tz_format_decimals(buf, sizeof buf, 30.0 / 73, 4), "0.411");
    CHECK_STR(tz_format_decimals(buf, sizeof buf, 0.123456, 4), "0.1235");
    CHECK_STR(tz_format_decimals(buf, sizeof buf, 0.5, 2), "0.5");
    CHECK_STR(tz_format_decimals(buf, sizeof buf, 1200.0, 2), "1200");
    CHECK_STR(tz_format_decimals(buf, sizeof buf, 2.9999999999, 2), "3");
    CHECK_STR(tz_format_decimals(buf, sizeof buf, -1234.5, 2), "-1234.5");
    CHECK_STR(tz_format_decimals(buf, sizeof buf, -0.001, 2), "0"); /* never "-0" in a report */
    CHECK_STR(tz_format_decimals(buf, sizeof buf, 7.0, 0), "7");
}

int main(void)
{
    test_format_decimals();
    test_parse_and_format();
    test_history();
    return CHECK_DONE();
}
