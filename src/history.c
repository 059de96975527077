/* history.c — see history.h. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "issue.h"
#include "syserr.h"
#include "xldate.h"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS period(period TEXT PRIMARY KEY, as_of TEXT NOT NULL, problems INTEGER);"
    "CREATE TABLE IF NOT EXISTS problem(period TEXT NOT NULL, unit TEXT NOT NULL, desc_norm TEXT NOT NULL,"
    " desc TEXT, state TEXT NOT NULL, state_label TEXT, file TEXT, sheet TEXT, row INTEGER,"
    " PRIMARY KEY(period, unit, desc_norm));";

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
    if (access(path, F_OK) != 0) {
        free(path);
        return 0;
    }
    sqlite3 *h = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = tz_error("无法打开历史记录 %s：%s", path, tz_sqlite_error(h));
        sqlite3_close(h);
        free(path);
        return rc;
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt *tables = NULL, *prev = NULL, *rows = NULL;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE type='table'"
                              " AND name IN ('period', 'problem')", -1, &tables, NULL) != SQLITE_OK
        || sqlite3_step(tables) != SQLITE_ROW) {
        rc = db_error(h, path, "读取");
        goto out;
    }
    if (sqlite3_column_int(tables, 0) != 2)
        goto out;      /* created but never written: no earlier period */
    char as_of[16];
    tz_day_iso(as_of, cfg->as_of);
    if (sqlite3_prepare_v2(h, "SELECT period FROM period WHERE period <> ?1 AND as_of <= ?2"
                              " ORDER BY as_of DESC, period DESC LIMIT 1", -1, &prev, NULL) != SQLITE_OK) {
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
    if (sqlite3_prepare_v2(h, "SELECT unit, desc_norm, desc, state, state_label FROM problem"
                              " WHERE period = ?1", -1, &rows, NULL) != SQLITE_OK) {
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
        if (sqlite3_prepare_v2(db, "UPDATE param SET value = ?1 WHERE key = 'prev_period'", -1, &set, NULL)
            != SQLITE_OK) {
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
    sqlite3_finalize(tables);
    sqlite3_finalize(prev);
    sqlite3_finalize(rows);
    sqlite3_close(h);
    free(path);
    return rc;
}

struct tz_history_txn {
    sqlite3 *h;
    char *path;
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

int tz_history_stage(sqlite3 *db, const tz_config *cfg, tz_history_txn **out)
{
    *out = NULL;
    tz_history_txn *t = tz_xcalloc(1, sizeof *t);
    t->path = history_path(cfg);
    if (sqlite3_open_v2(t->path, &t->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        int rc = tz_error("无法写入历史记录 %s：%s", t->path, tz_sqlite_error(t->h));
        sqlite3_close(t->h);
        free(t->path);
        free(t);
        return rc;
    }
    sqlite3_busy_timeout(t->h, 5000);
    sqlite3 *h = t->h;
    const char *path = t->path;
    int rc = 0;
    sqlite3_stmt *src = NULL, *ins = NULL, *del = NULL, *per = NULL;
    /* A period's snapshot is 10^5 rows at a province: keep its index pages
     * in memory until the commit instead of spilling them half-built. */
    if (sqlite3_exec(h, "PRAGMA cache_size=-16384", NULL, NULL, NULL) != SQLITE_OK
        || sqlite3_exec(h, schema_sql, NULL, NULL, NULL) != SQLITE_OK
        || sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(h, path, "写入");
        goto out;
    }
    /* In key order (cur_problem's index gives it): the snapshot's primary
     * key is then built by appending, not by 10^5 random inserts. */
    if (sqlite3_prepare_v2(db, "SELECT unit, desc_norm, desc, state, state_label, file, sheet, row"
                               " FROM cur_problem ORDER BY unit, desc_norm", -1, &src, NULL) != SQLITE_OK) {
        rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
        goto out;
    }
    if (sqlite3_prepare_v2(h, "DELETE FROM problem WHERE period = ?1", -1, &del, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(h, "INSERT INTO problem VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &ins,
                              NULL) != SQLITE_OK
        || sqlite3_prepare_v2(h, "INSERT OR REPLACE INTO period VALUES(?1, ?2, ?3)", -1, &per, NULL)
               != SQLITE_OK) {
        rc = db_error(h, path, "写入");
        goto out;
    }
    sqlite3_bind_text(del, 1, cfg->period, -1, SQLITE_STATIC);
    if (sqlite3_step(del) != SQLITE_DONE) {
        rc = db_error(h, path, "删除本期旧快照");
        goto out;
    }
    int n = 0, step;
    while ((step = sqlite3_step(src)) == SQLITE_ROW) {
        sqlite3_bind_text(ins, 1, cfg->period, -1, SQLITE_STATIC);
        for (int c = 0; c < 8; c++)
            sqlite3_bind_value(ins, c + 2, sqlite3_column_value(src, c));
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = db_error(h, path, "写入问题快照");
            goto out;
        }
        sqlite3_reset(ins);
        n++;
    }
    if (step != SQLITE_DONE) {
        rc = tz_error("工作数据库：%s", tz_sqlite_error(db));
        goto out;
    }
    char as_of[16];
    sqlite3_bind_text(per, 1, cfg->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(per, 2, tz_day_iso(as_of, cfg->as_of), -1, SQLITE_STATIC);
    sqlite3_bind_int(per, 3, n);
    if (sqlite3_step(per) != SQLITE_DONE)
        rc = db_error(h, path, "写入");
out:
    sqlite3_finalize(src);
    sqlite3_finalize(ins);
    sqlite3_finalize(del);
    sqlite3_finalize(per);
    if (rc != 0)
        return txn_end(t, 0), -1;
    *out = t;
    return 0;
}

int tz_history_commit(tz_history_txn *t)
{
    return txn_end(t, 1);
}

void tz_history_abort(tz_history_txn *t)
{
    if (t)
        txn_end(t, 0);
}
