/* history.c — see history.h. */
#include "history.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "issue.h"
#include "syserr.h"
#include "xldate.h"

#define PROBLEM_COLUMNS                                                                                      \
    "(period TEXT NOT NULL, unit TEXT NOT NULL, desc_norm TEXT NOT NULL, desc TEXT, state TEXT NOT NULL,"    \
    " state_label TEXT, file TEXT, sheet TEXT, row INTEGER, PRIMARY KEY(period, unit, desc_norm))"
#define PERIOD_COLUMNS "(period TEXT PRIMARY KEY, as_of TEXT NOT NULL, problems INTEGER, manifest TEXT)"

static const char schema_sql[] = "CREATE TABLE IF NOT EXISTS period" PERIOD_COLUMNS ";"
                                 "CREATE TABLE IF NOT EXISTS problem" PROBLEM_COLUMNS ";"
                                 "CREATE TABLE IF NOT EXISTS staged" PERIOD_COLUMNS ";"
                                 "CREATE TABLE IF NOT EXISTS staged_problem" PROBLEM_COLUMNS ";";

/*
 * The periods and problems as they stand (history.h): the committed ones,
 * except where a staged snapshot's manifest is the one in the period's
 * folder (temp.cur lists those periods).  TEMP objects, so that a read-only
 * connection can build them.
 */
static const char effective_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS cur(period TEXT PRIMARY KEY);"
    "CREATE TEMP VIEW IF NOT EXISTS eff_period AS"
    " SELECT period, as_of, problems FROM main.period WHERE period NOT IN (SELECT period FROM temp.cur)"
    " UNION ALL SELECT period, as_of, problems FROM main.staged WHERE period IN (SELECT period FROM temp.cur);"
    "CREATE TEMP VIEW IF NOT EXISTS eff_problem AS"
    " SELECT * FROM main.problem WHERE period NOT IN (SELECT period FROM temp.cur)"
    " UNION ALL SELECT * FROM main.staged_problem WHERE period IN (SELECT period FROM temp.cur);";
/* Without staged tables (a history.db of an older version, or written by hand). */
static const char committed_sql[] =
    "CREATE TEMP VIEW IF NOT EXISTS eff_period AS SELECT period, as_of, problems FROM main.period;"
    "CREATE TEMP VIEW IF NOT EXISTS eff_problem AS SELECT * FROM main.problem;";

static char *history_path(const tz_config *cfg)
{
    size_t n = strlen(cfg->output_dir) + sizeof "/history.db";
    char *p = tz_xmalloc(n);
    snprintf(p, n, "%s/history.db", cfg->output_dir);
    return p;
}

static int db_error(sqlite3 *db, const char *path, const char *what)
{
    return tz_error("历史记录 %s：%s失败：%s", path, what, tz_sqlite_error(db));
}

int tz_file_sha256(const char *path, char hex[65], uint64_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char buf[65536];
    size_t n;
    uint64_t total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        g_checksum_update(ck, buf, (gssize)n);
        total += n;
    }
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    snprintf(hex, 65, "%s", g_checksum_get_string(ck));
    g_checksum_free(ck);
    if (size)
        *size = total;
    return rc;
}

/* The SHA-256 of <output>/<period>/manifest.json, "" when there is none. */
static void folder_manifest(const tz_config *cfg, const char *period, char hex[65])
{
    size_t n = strlen(cfg->output_dir) + strlen(period) + sizeof "//manifest.json";
    char *path = tz_xmalloc(n);
    snprintf(path, n, "%s/%s/manifest.json", cfg->output_dir, period);
    if (tz_file_sha256(path, hex, NULL) != 0)
        hex[0] = 0;
    free(path);
}

/* Whether the connection's database has table `name`: 1, 0, or -1 on error. */
static int has_table(sqlite3 *h, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) > 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

/*
 * Builds temp.eff_period and temp.eff_problem on an open history.db:
 * a staged snapshot counts where its manifest is the period's folder's (the
 * outputs were swapped in, the run was stopped before settling).  Returns 0
 * or -1 after tz_error().
 */
static int effective(sqlite3 *h, const char *path, const tz_config *cfg)
{
    int staged = has_table(h, "staged");
    if (staged < 0)
        return db_error(h, path, "读取");
    if (!staged)
        return sqlite3_exec(h, committed_sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_error(h, path, "读取");
    sqlite3_stmt *st = NULL, *ins = NULL;
    int rc = 0, step;
    if (sqlite3_exec(h, effective_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "SELECT period, manifest FROM main.staged", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "INSERT OR IGNORE INTO temp.cur VALUES(?1)", -1, &ins, NULL) != SQLITE_OK) {
        rc = db_error(h, path, "读取");
        goto out;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *period = (const char *)sqlite3_column_text(st, 0);
        const char *want = (const char *)sqlite3_column_text(st, 1);
        char hex[65];
        folder_manifest(cfg, period ? period : "", hex);
        if (!want || !*hex || strcmp(hex, want))
            continue;
        sqlite3_bind_text(ins, 1, period, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = db_error(h, path, "读取");
            goto out;
        }
        sqlite3_reset(ins);
    }
    if (step != SQLITE_DONE)
        rc = db_error(h, path, "读取");
out:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    return rc;
}

/* Opens history.db read-only with its effective views; *h NULL (and 0)
 * when there is no history yet. */
static int open_read(const tz_config *cfg, const char *path, sqlite3 **h)
{
    *h = NULL;
    if (access(path, F_OK) != 0)
        return 0;
    if (sqlite3_open_v2(path, h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = tz_error("无法打开历史记录 %s：%s", path, tz_sqlite_error(*h));
        sqlite3_close(*h);
        *h = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*h, 5000);
    int tables = has_table(*h, "period") == 1 && has_table(*h, "problem") == 1;
    if (!tables || effective(*h, path, cfg) != 0) {
        sqlite3_close(*h);
        *h = NULL; /* created but never written: no earlier period */
        return tables ? -1 : 0;
    }
    return 0;
}

/* Copies the rows of `from` (unit, desc_norm, desc, state, state_label) into prev_problem. */
static int copy_snapshot(sqlite3 *run, sqlite3_stmt *from, const char *path, sqlite3 *hist)
{
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(run, "INSERT OR IGNORE INTO prev_problem VALUES(?1, ?2, ?3, ?4, ?5)", -1, &ins,
                           NULL) != SQLITE_OK)
        return tz_error("工作数据库：%s", tz_sqlite_error(run));
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(from)) == SQLITE_ROW) {
        for (int c = 0; c < 5; c++)
            sqlite3_bind_value(ins, c + 1, sqlite3_column_value(from, c));
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = tz_error("工作数据库：%s", tz_sqlite_error(run));
        sqlite3_reset(ins);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = db_error(hist, path, "读取上期问题");
    sqlite3_finalize(ins);
    return rc;
}

int tz_history_read(sqlite3 *db, const tz_config *cfg)
{
    char *path = history_path(cfg);
    sqlite3 *h;
    int rc = open_read(cfg, path, &h);
    if (rc != 0 || !h) {
        free(path);
        return rc;
    }
    sqlite3_stmt *prev = NULL, *rows = NULL;
    char as_of[16];
    tz_day_iso(as_of, cfg->as_of);
    if (sqlite3_prepare_v2(h,
                           "SELECT period FROM temp.eff_period WHERE period <> ?1 AND as_of <= ?2"
                           " ORDER BY as_of DESC, period DESC LIMIT 1",
                           -1, &prev, NULL) != SQLITE_OK) {
        rc = db_error(h, path, "读取");
        goto out;
    }
    sqlite3_bind_text(prev, 1, cfg->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(prev, 2, as_of, -1, SQLITE_STATIC);
    int step = sqlite3_step(prev);
    if (step == SQLITE_DONE)
        goto out;
    if (step != SQLITE_ROW) {
        rc = db_error(h, path, "读取");
        goto out;
    }
    if (sqlite3_prepare_v2(h,
                           "SELECT unit, desc_norm, desc, state, state_label FROM temp.eff_problem"
                           " WHERE period = ?1",
                           -1, &rows, NULL) != SQLITE_OK) {
        rc = db_error(h, path, "读取");
        goto out;
    }
    sqlite3_bind_value(rows, 1, sqlite3_column_value(prev, 0));
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
        goto out;
    }
    rc = copy_snapshot(db, rows, path, h);
    if (rc == 0) {
        sqlite3_stmt *set;
        if (sqlite3_prepare_v2(db, "UPDATE param SET value = ?1 WHERE key = 'prev_period'", -1, &set, NULL) !=
            SQLITE_OK) {
            rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
        } else {
            sqlite3_bind_value(set, 1, sqlite3_column_value(prev, 0));
            if (sqlite3_step(set) != SQLITE_DONE)
                rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
            sqlite3_finalize(set);
        }
    }
    if (sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK && rc == 0)
        rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
out:
    sqlite3_finalize(prev);
    sqlite3_finalize(rows);
    sqlite3_close(h);
    free(path);
    return rc;
}

int tz_history_staged(const tz_config *cfg, char ***periods, size_t *n)
{
    *periods = NULL;
    *n = 0;
    char *path = history_path(cfg);
    sqlite3 *h;
    int rc = open_read(cfg, path, &h);
    sqlite3_stmt *st = NULL;
    if (rc == 0 && h && has_table(h, "staged") == 1) {
        if (sqlite3_prepare_v2(h, "SELECT period FROM main.staged ORDER BY period", -1, &st, NULL) !=
            SQLITE_OK) {
            rc = db_error(h, path, "读取");
        } else {
            size_t cap = 0;
            int step;
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                if (*n == cap)
                    *periods = tz_xrealloc(*periods, (cap = cap ? 2 * cap : 4) * sizeof **periods);
                const char *p = (const char *)sqlite3_column_text(st, 0);
                (*periods)[(*n)++] = tz_xstrdup(p ? p : "");
            }
            if (step != SQLITE_DONE)
                rc = db_error(h, path, "读取");
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    free(path);
    return rc;
}

int tz_history_next(const tz_config *cfg, char **next, char as_of_next[16])
{
    *next = NULL;
    as_of_next[0] = 0;
    char *path = history_path(cfg);
    sqlite3 *h;
    int rc = open_read(cfg, path, &h);
    sqlite3_stmt *st = NULL;
    if (rc == 0 && h) {
        char as_of[16];
        tz_day_iso(as_of, cfg->as_of);
        /* the period whose previous one (tz_history_read's rule) is this one */
        if (sqlite3_prepare_v2(h,
                               "SELECT period, as_of FROM temp.eff_period WHERE period <> ?1"
                               " AND (as_of > ?2 OR (as_of = ?2 AND period > ?1))"
                               " ORDER BY as_of, period LIMIT 1",
                               -1, &st, NULL) != SQLITE_OK) {
            rc = db_error(h, path, "读取");
        } else {
            sqlite3_bind_text(st, 1, cfg->period, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
            int step = sqlite3_step(st);
            if (step == SQLITE_ROW) {
                *next = tz_xstrdup((const char *)sqlite3_column_text(st, 0));
                const char *d = (const char *)sqlite3_column_text(st, 1);
                snprintf(as_of_next, 16, "%s", d ? d : "");
            } else if (step != SQLITE_DONE)
                rc = db_error(h, path, "读取");
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    free(path);
    return rc;
}

struct tz_history_txn {
    sqlite3 *h;
    char *path;
    const tz_config *cfg;
    int problems;
    char sha256[65];
};

/* Ends a staged snapshot: commits it, or (commit == 0, or the commit fails)
 * rolls it back.  Closing the connection discards an open transaction even
 * should ROLLBACK fail. */
static int txn_end(tz_history_txn *t, int commit)
{
    int rc = 0;
    if (commit && sqlite3_exec(t->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(t->h, t->path, "提交");
    if (!commit || rc != 0)
        (void)sqlite3_exec(t->h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(t->h);
    free(t->path);
    free(t);
    return rc;
}

/* Opens history.db for writing, with the current tables (a manifest column
 * added to a history.db of an older version).  Returns the connection or
 * NULL after tz_error(). */
static sqlite3 *open_write(const char *path)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        tz_error("无法写入历史记录 %s：%s", path, tz_sqlite_error(h));
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_exec(h, schema_sql, NULL, NULL, NULL) == SQLITE_OK;
    if (ok && sqlite3_prepare_v2(h, "SELECT manifest FROM period", -1, &st, NULL) != SQLITE_OK)
        ok = sqlite3_exec(h, "ALTER TABLE period ADD COLUMN manifest TEXT", NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_finalize(st);
    if (!ok) {
        db_error(h, path, "写入");
        sqlite3_close(h);
        return NULL;
    }
    return h;
}

/* One value of a snapshot row as the digest reads it (NULL as ""). */
static void digest_value(GChecksum *ck, sqlite3_stmt *st, int c)
{
    const unsigned char *v = sqlite3_column_text(st, c);
    if (v)
        g_checksum_update(ck, v, sqlite3_column_bytes(st, c));
    g_checksum_update(ck, (const unsigned char *)(c == 7 ? "\n" : "\t"), 1);
}

/* Runs `sql` with ?1 = period; 0 or -1 after db_error(). */
static int exec_period(sqlite3 *h, const char *path, const char *sql, const char *period)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(h, path, "写入");
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(h, path, "写入");
    sqlite3_finalize(st);
    return rc;
}

/* Makes the staged snapshot of `period` the period's own (in the open transaction). */
static int promote(sqlite3 *h, const char *path, const char *period)
{
    static const char *const steps[] = {
        "DELETE FROM problem WHERE period = ?1",
        "INSERT INTO problem SELECT * FROM staged_problem WHERE period = ?1",
        "INSERT OR REPLACE INTO period SELECT * FROM staged WHERE period = ?1",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (exec_period(h, path, steps[i], period) != 0)
            return -1;
    return 0;
}

static int drop_staged(sqlite3 *h, const char *path, const char *period)
{
    if (exec_period(h, path, "DELETE FROM staged_problem WHERE period = ?1", period) != 0)
        return -1;
    return exec_period(h, path, "DELETE FROM staged WHERE period = ?1", period);
}

int tz_history_stage(sqlite3 *db, const tz_config *cfg, tz_history_txn **out)
{
    *out = NULL;
    tz_history_txn *t = tz_xcalloc(1, sizeof *t);
    t->path = history_path(cfg);
    t->cfg = cfg;
    if (!(t->h = open_write(t->path))) {
        free(t->path);
        free(t);
        return -1;
    }
    sqlite3 *h = t->h;
    const char *path = t->path;
    int rc = 0;
    sqlite3_stmt *src = NULL, *ins = NULL;
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    /* A period's snapshot is 10^5 rows at a province: keep its index pages
     * in memory until the commit instead of spilling them half-built. */
    if (sqlite3_exec(h, "PRAGMA cache_size=-16384", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(h, path, "写入");
        goto out;
    }
    /* In key order (cur_problem's index gives it): the snapshot's primary
     * key is then built by appending, not by 10^5 random inserts. */
    if (sqlite3_prepare_v2(db,
                           "SELECT unit, desc_norm, desc, state, state_label, file, sheet, row"
                           " FROM cur_problem ORDER BY unit, desc_norm",
                           -1, &src, NULL) != SQLITE_OK) {
        rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
        goto out;
    }
    if (drop_staged(h, path, cfg->period) != 0) {
        rc = -1;
        goto out;
    }
    if (sqlite3_prepare_v2(h, "INSERT INTO staged_problem VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1,
                           &ins, NULL) != SQLITE_OK) {
        rc = db_error(h, path, "写入");
        goto out;
    }
    int step;
    while ((step = sqlite3_step(src)) == SQLITE_ROW) {
        sqlite3_bind_text(ins, 1, cfg->period, -1, SQLITE_STATIC);
        for (int c = 0; c < 8; c++) {
            sqlite3_bind_value(ins, c + 2, sqlite3_column_value(src, c));
            digest_value(ck, src, c);
        }
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = db_error(h, path, "写入问题快照");
            goto out;
        }
        sqlite3_reset(ins);
        t->problems++;
    }
    if (step != SQLITE_DONE)
        rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
    snprintf(t->sha256, sizeof t->sha256, "%s", g_checksum_get_string(ck));
out:
    g_checksum_free(ck);
    sqlite3_finalize(src);
    sqlite3_finalize(ins);
    if (rc != 0)
        return txn_end(t, 0), -1;
    *out = t;
    return 0;
}

int tz_history_problems(const tz_history_txn *t)
{
    return t->problems;
}

const char *tz_history_sha256(const tz_history_txn *t)
{
    return t->sha256;
}

int tz_history_commit(tz_history_txn *t, const char *manifest_sha256)
{
    const char *period = t->cfg->period;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->h, "INSERT INTO staged VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK) {
        db_error(t->h, t->path, "写入");
        return txn_end(t, 0), -1;
    }
    char as_of[16];
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, tz_day_iso(as_of, t->cfg->as_of), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, t->problems);
    if (manifest_sha256)
        sqlite3_bind_text(st, 4, manifest_sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(t->h, t->path, "写入");
    sqlite3_finalize(st);
    /* No outputs to wait for: the snapshot is the period's at once. */
    if (rc == 0 && !manifest_sha256 &&
        (promote(t->h, t->path, period) != 0 || drop_staged(t->h, t->path, period) != 0))
        rc = -1;
    if (rc != 0)
        return txn_end(t, 0), -1;
    return txn_end(t, 1);
}

void tz_history_abort(tz_history_txn *t)
{
    if (t)
        txn_end(t, 0);
}

/* The manifest a staged snapshot of `period` waits for (into hex, "" when
 * there is none), read without taking history.db's write lock: 1 when one
 * is staged, 0 when not, -1 after tz_error(). */
static int staged_manifest(sqlite3 *h, const char *path, const char *period, char hex[65])
{
    hex[0] = 0;
    int staged = has_table(h, "staged");
    if (staged <= 0)
        return staged < 0 ? db_error(h, path, "读取") : 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "SELECT manifest FROM staged WHERE period = ?1", -1, &st, NULL) != SQLITE_OK)
        return db_error(h, path, "读取");
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        snprintf(hex, 65, "%s", v ? v : "");
        rc = 1;
    } else if (step != SQLITE_DONE) {
        rc = db_error(h, path, "读取");
    }
    sqlite3_finalize(st);
    return rc;
}

int tz_history_settle(const tz_config *cfg, const char *period)
{
    char *path = history_path(cfg);
    sqlite3 *h = NULL;
    char want[65], have[65];
    int rc = 0;
    /* Read first: only a stopped run leaves a snapshot staged, and only then
     * is the write lock taken. */
    if (open_read(cfg, path, &h) != 0) {
        free(path);
        return -1;
    }
    if (h)
        rc = staged_manifest(h, path, period, want);
    sqlite3_close(h);
    if (rc <= 0) {
        free(path);
        return rc;
    }
    if (!(h = open_write(path))) {
        free(path);
        return -1;
    }
    if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(h, path, "写入");
    else if ((rc = staged_manifest(h, path, period, want)) > 0) {
        folder_manifest(cfg, period, have);
        int swapped = *want && *have && !strcmp(want, have);
        if ((swapped && promote(h, path, period) != 0) || drop_staged(h, path, period) != 0)
            rc = -1;
        else
            rc = swapped;
    }
    if (rc >= 0 && sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(h, path, "提交");
    if (rc < 0)
        (void)sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    free(path);
    return rc;
}
