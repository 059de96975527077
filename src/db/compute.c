/* compute.c — see compute.h. */
#include "compute.h"
#include "book.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "arena.h"
#include "config.h"
#include "issue.h"
#include "strbuf.h"
#include "syserr.h"

typedef struct {
    const char *name;
    int line; /* of its `-- name:` line */
    const char *sql;
    size_t len;         /* of its one statement in sql, without the ; */
    const char **money; /* column names from `-- money:` lines */
    size_t nmoney;
    sqlite3_stmt *stmt;
    tz_table head;   /* its columns, from the prepared statement */
    tz_table *table; /* once run */
} query;

struct tz_metrics {
    sqlite3 *db;
    const char *path;
    query *q;
    size_t n, cap;
    tz_arena a;           /* after tz_metrics_open, used under `lock` only */
    pthread_mutex_t lock; /* the cached tables and the arena */
    int ahead;            /* cursors read ahead on a thread (tz_metrics_read_ahead) */
};

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.')
            return 0;
    return 1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

/* Splits a `-- money:` list ("a, b，c") into the query's column names. */
static void add_money(tz_metrics *m, query *q, char *list)
{
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        char *t = trim(tok);
        if (!*t)
            continue;
        q->money = tz_xrealloc(q->money, (q->nmoney + 1) * sizeof *q->money);
        q->money[q->nmoney++] = tz_arena_strdup(&m->a, t);
    }
}

static int parse(tz_metrics *m, char *text)
{
    query *cur = NULL;
    size_t sql_cap = 0, sql_len = 0;
    char *sql = NULL;
    int lineno = 0, in_body = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        lineno++;
        char *t = trim(line);
        if (strncmp(t, "--", 2) == 0 && strncmp(trim(t + 2), "name:", 5) == 0) {
            if (cur)
                cur->sql = tz_arena_strndup(&m->a, sql ? sql : "", sql_len);
            char *name = trim(trim(t + 2) + 5);
            if (!valid_name(name)) {
                free(sql);
                return tz_error("%s:%d：指标名“%s”无效（只能由字母、数字、_ 和 . 组成）", m->path, lineno,
                                name);
            }
            for (size_t i = 0; i < m->n; i++)
                if (strcmp(m->q[i].name, name) == 0) {
                    free(sql);
                    return tz_error("%s:%d：指标 %s 重复定义（第 %d 行已有）", m->path, lineno, name,
                                    m->q[i].line);
                }
            if (m->n == m->cap) {
                m->cap = m->cap ? m->cap * 2 : 64;
                m->q = tz_xrealloc(m->q, m->cap * sizeof *m->q);
            }
            cur = &m->q[m->n++];
            memset(cur, 0, sizeof *cur);
            cur->name = tz_arena_strdup(&m->a, name);
            cur->line = lineno;
            sql_len = 0;
            in_body = 0;
            continue;
        }
        if (!cur)
            continue; /* the file's own header comments */
        if (!in_body && strncmp(t, "--", 2) == 0 && strncmp(trim(t + 2), "money:", 6) == 0) {
            add_money(m, cur, trim(t + 2) + 6);
            continue;
        }
        if (*t && strncmp(t, "--", 2) != 0)
            in_body = 1;
        size_t len = strlen(line);
        if (sql_len + len + 2 > sql_cap) {
            sql_cap = (sql_len + len + 2) * 2;
            sql = tz_xrealloc(sql, sql_cap);
        }
        memcpy(sql + sql_len, line, len);
        sql_len += len;
        sql[sql_len++] = '\n';
    }
    if (cur)
        cur->sql = tz_arena_strndup(&m->a, sql ? sql : "", sql_len);
    free(sql);
    return 0;
}

/* Whether `s` holds only white space and SQL comments. */
static int only_comments(const char *s)
{
    while (*s) {
        if (isspace((unsigned char)*s)) {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *e = strstr(s + 2, "*/");
            if (!e)
                return 1;
            s = e + 2;
        } else {
            return 0;
        }
    }
    return 1;
}

/* The query's columns and their money flags, as a table of no rows. */
static void set_head(tz_metrics *m, query *q)
{
    sqlite3_stmt *st = q->stmt;
    size_t nc = (size_t)sqlite3_column_count(st);
    const char **cols = tz_arena_alloc(&m->a, (nc ? nc : 1) * sizeof *cols);
    unsigned char *money = tz_arena_alloc(&m->a, nc ? nc : 1);
    for (size_t c = 0; c < nc; c++) {
        const char *name = sqlite3_column_name(st, (int)c);
        cols[c] = tz_arena_strdup(&m->a, name ? name : "");
        money[c] = 0;
        for (size_t k = 0; k < q->nmoney; k++)
            if (strcmp(q->money[k], cols[c]) == 0)
                money[c] = 1;
    }
    q->head = (tz_table){ .name = q->name, .ncols = nc, .cols = cols, .money = money };
}

static int prepare_all(tz_metrics *m)
{
    for (size_t i = 0; i < m->n; i++) {
        query *q = &m->q[i];
        const char *tail = NULL;
        if (sqlite3_prepare_v2(m->db, q->sql, -1, &q->stmt, &tail) != SQLITE_OK)
            return tz_error("%s:%d：指标 %s 的 SQL 有误：%s", m->path, q->line, q->name,
                            tz_sqlite_error(m->db));
        if (!q->stmt)
            return tz_error("%s:%d：指标 %s 没有 SQL 语句", m->path, q->line, q->name);
        if (tail && !only_comments(tail)) {
            while (isspace((unsigned char)*tail))
                tail++;
            return tz_error("%s:%d：指标 %s 只能有一条 SQL 语句（多出：%.*s）", m->path, q->line, q->name,
                            (int)strcspn(tail, "\n"), tail);
        }
        if (!sqlite3_stmt_readonly(q->stmt))
            return tz_error("%s:%d：指标 %s 会修改数据库，指标只能是查询", m->path, q->line, q->name);
        q->len = (size_t)(tail - q->sql);
        while (q->len && (isspace((unsigned char)q->sql[q->len - 1]) || q->sql[q->len - 1] == ';'))
            q->len--;
        set_head(m, q);
    }
    return 0;
}

/* The whole of a template file, NUL-terminated (the caller frees it), or
 * NULL after tz_error() naming `what` and the path. */
static char *read_text(const char *path, const char *what)
{
    tz_strbuf b = { 0 };
    if (tz_strbuf_read_file(&b, path, TZ_TEMPLATE_MAX_BYTES) != 0) {
        int saved = errno;
        tz_strbuf_free(&b);
        return tz_error("无法读取%s %s：%s", what, path, tz_strerror(saved)), NULL;
    }
    return b.s;
}

/* Past white space and comments, counting the lines passed. */
static const char *skip_blank(const char *p, int *line)
{
    for (;;) {
        if (*p == '\n')
            ++*line, p++;
        else if (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        else if (p[0] == '-' && p[1] == '-')
            p += strcspn(p, "\n");
        else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            for (end = end ? end + 2 : p + strlen(p); p < end; p++)
                *line += *p == '\n';
        } else
            return p;
    }
}

int tz_sql_run_file(sqlite3 *db, const char *path)
{
    char *text = read_text(path, "视图文件");
    if (!text)
        return -1;
    int rc = 0, line = 1;
    for (const char *p = skip_blank(text, &line); *p && rc == 0; p = skip_blank(p, &line)) {
        sqlite3_stmt *st = NULL;
        const char *tail = p;
        /* Most often a column that schemas.ini renamed: say where to look. */
        if (sqlite3_prepare_v2(db, p, -1, &st, &tail) != SQLITE_OK)
            rc = tz_error("%s:%d：这条语句的 SQL 有误：%s（列名应与 schemas.ini 中的一致）", path, line,
                          tz_sqlite_error(db));
        else if (st) {
            int step;
            while ((step = sqlite3_step(st)) == SQLITE_ROW)
                ;
            if (step != SQLITE_DONE)
                rc = tz_error("%s:%d：这条语句执行失败：%s", path, line, tz_sqlite_error(db));
        }
        sqlite3_finalize(st);
        for (; p < tail; p++)
            line += *p == '\n';
    }
    free(text);
    return rc;
}

int tz_metrics_open(tz_metrics **out, sqlite3 *db, const char *sql_path)
{
    *out = NULL;
    char *text = read_text(sql_path, "指标文件");
    if (!text)
        return -1;
    tz_metrics *m = tz_xcalloc(1, sizeof *m);
    m->db = db;
    m->path = tz_arena_strdup(&m->a, sql_path);
    if (pthread_mutex_init(&m->lock, NULL) != 0) {
        free(text);
        tz_arena_free(&m->a);
        free(m);
        return tz_error("无法创建互斥锁");
    }
    int rc = parse(m, text);
    free(text);
    /* Two threads may share the tz_metrics (compute.h): SQLite must lock the connection. */
    if (rc == 0 && !sqlite3_db_mutex(db))
        rc = tz_error("SQLite 连接不是串行化（serialized）模式，不能在两个线程中使用");
    if (rc == 0)
        rc = prepare_all(m);
    if (rc < 0) {
        tz_metrics_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

void tz_metrics_free(tz_metrics *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        sqlite3_finalize(m->q[i].stmt);
        free(m->q[i].money);
        if (m->q[i].table) {
            free(m->q[i].table->cells);
            free(m->q[i].table);
        }
    }
    free(m->q);
    tz_arena_free(&m->a);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

size_t tz_metrics_count(const tz_metrics *m)
{
    return m->n;
}

const char *tz_metrics_name(const tz_metrics *m, size_t i)
{
    return i < m->n ? m->q[i].name : NULL;
}

static query *find(const tz_metrics *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->q[i].name, name) == 0)
            return &m->q[i];
    return NULL;
}

/*
 * One step of `st`, its row read into `row` (text borrowed from SQLite,
 * valid until the next step).  The connection's mutex is held for the whole
 * row: one lock a row instead of one a column, and the other thread cannot
 * replace the error message before it is read.  Returns 1, 0 or -1.
 */
static int step_row(const tz_metrics *m, const query *q, sqlite3_stmt *st, tz_val *row, size_t nc)
{
    sqlite3_mutex *mu = sqlite3_db_mutex(m->db);
    sqlite3_mutex_enter(mu);
    int rc = sqlite3_step(st), got = rc == SQLITE_ROW;
    for (size_t c = 0; c < nc && got; c++) {
        tz_val *v = &row[c];
        memset(v, 0, sizeof *v);
        switch (sqlite3_column_type(st, (int)c)) {
        case SQLITE_INTEGER:
            v->type = TZ_VAL_INT;
            v->i = sqlite3_column_int64(st, (int)c);
            break;
        case SQLITE_FLOAT:
            v->type = TZ_VAL_REAL;
            v->r = sqlite3_column_double(st, (int)c);
            break;
        case SQLITE_NULL:
            v->type = TZ_VAL_NULL;
            break;
        default: {
            const unsigned char *s = sqlite3_column_text(st, (int)c);
            v->type = TZ_VAL_TEXT;
            v->s = s ? (const char *)s : "";
            break;
        }
        }
    }
    if (!got && rc != SQLITE_DONE)
        tz_error("%s:%d：指标 %s 计算失败：%s", m->path, q->line, q->name, tz_sqlite_error(m->db));
    sqlite3_mutex_leave(mu);
    return got ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Runs q into a table; called with m->lock held. */
static tz_table *run_query(tz_metrics *m, query *q)
{
    sqlite3_stmt *st = q->stmt;
    size_t nc = q->head.ncols;
    tz_table *t = tz_xcalloc(1, sizeof *t);
    *t = q->head;
    size_t cap = 0;
    int rc;
    for (;;) {
        if ((t->nrows + 1) * nc > cap) {
            cap = cap ? cap * 2 : 16 * (nc ? nc : 1);
            t->cells = tz_xrealloc(t->cells, cap * sizeof *t->cells);
        }
        tz_val *row = t->cells + t->nrows * nc;
        if ((rc = step_row(m, q, st, row, nc)) != 1)
            break;
        /* SQLite's text lasts until the next step: the table keeps a copy. */
        for (size_t c = 0; c < nc; c++)
            if (row[c].type == TZ_VAL_TEXT)
                row[c].s = tz_arena_strdup(&m->a, row[c].s);
        t->nrows++;
    }
    sqlite3_reset(st);
    if (rc != 0) {
        free(t->cells);
        free(t);
        return NULL;
    }
    return t;
}

const tz_table *tz_metrics_get(tz_metrics *m, const char *name)
{
    query *q = find(m, name);
    if (!q)
        return NULL;
    pthread_mutex_lock(&m->lock);
    if (!q->table)
        q->table = run_query(m, q);
    tz_table *t = q->table;
    pthread_mutex_unlock(&m->lock);
    return t;
}

const tz_table *tz_metrics_head(const tz_metrics *m, const char *name)
{
    const query *q = find(m, name);
    return q ? &q->head : NULL;
}

/* A statement of its own for q, so that neither thread steps the other's. */
static sqlite3_stmt *prepare_own(tz_metrics *m, const query *q, const char *sql, int len)
{
    sqlite3_stmt *st = NULL;
    sqlite3_mutex *mu = sqlite3_db_mutex(m->db);
    sqlite3_mutex_enter(mu);
    if (sqlite3_prepare_v2(m->db, sql, len, &st, NULL) != SQLITE_OK || !st) {
        tz_error("%s:%d：指标 %s 的 SQL 有误：%s", m->path, q->line, q->name, tz_sqlite_error(m->db));
        sqlite3_finalize(st);
        st = NULL;
    }
    sqlite3_mutex_leave(mu);
    return st;
}

int tz_metrics_nrows(tz_metrics *m, const char *name, size_t *n)
{
    *n = 0;
    query *q = find(m, name);
    if (!q)
        return tz_error("%s：没有名为“%s”的指标", m->path, name);
    /* New lines around the query end any `--` comment inside it.  The outer
     * ORDER BY lets SQLite drop the query's own ORDER BY and the columns a
     * count does not need (problems.list at 200,000 rows: 0.002 s instead
     * of 0.36 s for its sort; units.summary 0.001 s instead of 0.32 s). */
    size_t size = q->len + 64;
    char *sql = tz_xmalloc(size);
    int len = snprintf(sql, size, "SELECT count(*) FROM (\n%.*s\n) ORDER BY 1", (int)q->len, q->sql);
    sqlite3_stmt *st = prepare_own(m, q, sql, len);
    free(sql);
    if (!st)
        return -1;
    tz_val v;
    int rc = step_row(m, q, st, &v, 1);
    sqlite3_finalize(st);
    if (rc < 0)
        return -1;
    *n = rc == 1 && v.type == TZ_VAL_INT && v.i > 0 ? (size_t)v.i : 0;
    return 0;
}

void tz_metrics_read_ahead(tz_metrics *m)
{
    m->ahead = 1;
}

/* Rows read ahead: AHEAD_ROWS rows a batch, their text copied after them. */
enum { AHEAD_ROWS = 512, AHEAD_SLOTS = 2 };

typedef struct {
    tz_val *vals;   /* AHEAD_ROWS × ncols */
    tz_strbuf text; /* the rows' text, each NUL-ended */
    size_t nrows;
    int full; /* filled and not yet read to its end (under the cursor's lock) */
} batch;

/*
 * The reading thread fills the slots in turn, the caller empties them in
 * the same turn; each waits on `moved` for the other.  The reader ends with
 * `end` = 1 (rc: 0 after the last row, -1 after tz_error()); the caller
 * stops it with `stop`.
 */
typedef struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t moved;
    batch slot[AHEAD_SLOTS];
    size_t take, next;    /* the slot being read, and its next row */
    size_t filled, taken; /* batches filled, and read to their end */
    int end, rc, stop;
} ahead;

struct tz_cursor {
    const tz_table *t; /* a table's rows, or the query's head */
    size_t next;       /* of the table's rows */
    tz_metrics *m;
    const query *q;
    sqlite3_stmt *st; /* NULL for a table */
    tz_val *row;      /* the query's current row */
    ahead *a;         /* when read ahead */
};

/* Copies row's text into b after its earlier rows' (pointers fixed once the batch is full). */
static void batch_keep(batch *b, tz_val *row, size_t nc)
{
    for (size_t c = 0; c < nc; c++) {
        if (row[c].type != TZ_VAL_TEXT)
            continue;
        size_t at = b->text.len;
        tz_strbuf_put(&b->text, row[c].s, strlen(row[c].s) + 1);
        row[c].s = (const char *)(uintptr_t)at;
    }
}

/* The reading thread: batch after batch until the last row, an error or `stop`. */
static void *read_ahead(void *arg)
{
    tz_cursor *c = arg;
    ahead *a = c->a;
    size_t nc = c->t->ncols, fill = 0;
    int rc = 1;
    while (rc == 1) {
        batch *b = &a->slot[fill];
        pthread_mutex_lock(&a->lock);
        while (b->full && !a->stop)
            pthread_cond_wait(&a->moved, &a->lock);
        int stop = a->stop;
        pthread_mutex_unlock(&a->lock);
        if (stop)
            break;
        b->nrows = b->text.len = 0;
        while (b->nrows < AHEAD_ROWS && (rc = step_row(c->m, c->q, c->st, b->vals + b->nrows * nc, nc)) == 1)
            batch_keep(b, b->vals + b->nrows++ * nc, nc);
        for (size_t i = 0; i < b->nrows * nc; i++)
            if (b->vals[i].type == TZ_VAL_TEXT)
                b->vals[i].s = b->text.s + (uintptr_t)b->vals[i].s;
        pthread_mutex_lock(&a->lock);
        b->full = 1;
        a->filled++;
        if (rc != 1) {
            a->end = 1;
            a->rc = rc;
        }
        pthread_cond_broadcast(&a->moved);
        pthread_mutex_unlock(&a->lock);
        fill = (fill + 1) % AHEAD_SLOTS;
    }
    return NULL;
}

/* Starts c's reading thread; c stays a plain cursor when it cannot. */
static void ahead_start(tz_cursor *c)
{
    ahead *a = tz_xcalloc(1, sizeof *a);
    for (size_t i = 0; i < AHEAD_SLOTS; i++)
        a->slot[i].vals = tz_xcalloc(AHEAD_ROWS * (c->t->ncols ? c->t->ncols : 1), sizeof *a->slot[i].vals);
    c->a = a;
    if (pthread_mutex_init(&a->lock, NULL) != 0)
        goto plain;
    if (pthread_cond_init(&a->moved, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        goto plain;
    }
    if (pthread_create(&a->thread, NULL, read_ahead, c) == 0)
        return;
    pthread_cond_destroy(&a->moved);
    pthread_mutex_destroy(&a->lock);
plain:
    for (size_t i = 0; i < AHEAD_SLOTS; i++)
        free(a->slot[i].vals);
    free(a);
    c->a = NULL;
}

/* The next row read ahead: as tz_cursor_step. */
static int ahead_step(tz_cursor *c, const tz_val **row)
{
    ahead *a = c->a;
    batch *b = &a->slot[a->take];
    pthread_mutex_lock(&a->lock);
    if (b->full && a->next == b->nrows && !(a->end && a->taken + 1 == a->filled)) {
        /* read to its end, and not the last: hand it back for the next batch */
        b->full = 0;
        a->next = 0;
        a->taken++;
        a->take = (a->take + 1) % AHEAD_SLOTS;
        b = &a->slot[a->take];
        pthread_cond_broadcast(&a->moved);
    }
    while (!b->full)
        pthread_cond_wait(&a->moved, &a->lock);
    int rc = a->next < b->nrows ? 1 : a->rc;
    pthread_mutex_unlock(&a->lock);
    if (rc == 1)
        *row = b->vals + a->next++ * c->t->ncols;
    return rc;
}

/* Stops the reading thread and frees what it filled. */
static void ahead_free(ahead *a)
{
    pthread_mutex_lock(&a->lock);
    a->stop = 1;
    pthread_cond_broadcast(&a->moved);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->moved);
    pthread_mutex_destroy(&a->lock);
    for (size_t i = 0; i < AHEAD_SLOTS; i++) {
        free(a->slot[i].vals);
        tz_strbuf_free(&a->slot[i].text);
    }
    free(a);
}

tz_cursor *tz_metrics_rows(tz_metrics *m, const char *name)
{
    query *q = find(m, name);
    if (!q) {
        tz_error("%s：没有名为“%s”的指标", m->path, name);
        return NULL;
    }
    sqlite3_stmt *st = prepare_own(m, q, q->sql, (int)q->len);
    if (!st)
        return NULL;
    tz_cursor *c = tz_xcalloc(1, sizeof *c);
    c->t = &q->head;
    c->m = m;
    c->q = q;
    c->st = st;
    c->row = tz_xcalloc(q->head.ncols ? q->head.ncols : 1, sizeof *c->row);
    if (m->ahead)
        ahead_start(c);
    return c;
}

tz_cursor *tz_cursor_table(const tz_table *t)
{
    tz_cursor *c = tz_xcalloc(1, sizeof *c);
    c->t = t;
    return c;
}

int tz_cursor_step(tz_cursor *c, const tz_val **row)
{
    *row = NULL;
    if (c->a)
        return ahead_step(c, row);
    if (!c->st) {
        if (c->next >= c->t->nrows)
            return 0;
        *row = &c->t->cells[c->next++ * c->t->ncols];
        return 1;
    }
    int rc = step_row(c->m, c->q, c->st, c->row, c->t->ncols);
    if (rc == 1)
        *row = c->row;
    return rc;
}

void tz_cursor_free(tz_cursor *c)
{
    if (!c)
        return;
    if (c->a)
        ahead_free(c->a);
    sqlite3_finalize(c->st);
    free(c->row);
    free(c);
}

int tz_table_is_scalar(const tz_table *t)
{
    return t->nrows == 1 && t->ncols == 1;
}

const tz_val *tz_table_cell(const tz_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols)
        return NULL;
    return &t->cells[row * t->ncols + col];
}

int tz_table_col(const tz_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c], name) == 0)
            return (int)c;
    return -1;
}

char *tz_format_decimals(char *buf, size_t size, double x, int decimals)
{
    snprintf(buf, size, "%.*f", decimals, x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = 0;
        if (end == dot + 1)
            *dot = 0;
    }
    /* A tiny negative rounds to "-0", which no report should show. */
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

const char *tz_table_format(const tz_table *t, size_t row, size_t col, char *buf, size_t size)
{
    const tz_val *v = tz_table_cell(t, row, col);
    if (!v || size == 0)
        return "";
    switch (v->type) {
    case TZ_VAL_NULL:
        return "";
    case TZ_VAL_TEXT:
        return v->s;
    case TZ_VAL_INT:
        if (t->money[col])
            snprintf(buf, size, "%lld.00", (long long)v->i);
        else
            snprintf(buf, size, "%lld", (long long)v->i);
        return buf;
    case TZ_VAL_REAL:
        break;
    }
    if (t->money[col]) {
        snprintf(buf, size, "%.2f", v->r);
        return buf;
    }
    return tz_format_decimals(buf, size, v->r, 4);
}

/* Display width of a cell printed on one line (line breaks shown as spaces). */
static size_t width(const char *s)
{
    int w = u8_strwidth((const uint8_t *)s, "UTF-8");
    size_t n = w < 0 ? strlen(s) : (size_t)w;
    for (; *s; s++)
        n += *s == '\n' || *s == '\t' || *s == '\r';
    return n;
}

static void put_line(const char *s, FILE *out)
{
    for (; *s; s++)
        fputc(*s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s, out);
}

void tz_table_print(const tz_table *t, FILE *out, int tsv)
{
    char buf[64];
    size_t nc = t->ncols;
    size_t *w = tz_xcalloc(nc ? nc : 1, sizeof *w);
    if (!tsv) {
        for (size_t c = 0; c < nc; c++) {
            w[c] = width(t->cols[c]);
            for (size_t r = 0; r < t->nrows; r++) {
                size_t cw = width(tz_table_format(t, r, c, buf, sizeof buf));
                if (cw > w[c])
                    w[c] = cw;
            }
        }
    }
    for (size_t r = 0; r <= t->nrows; r++) {
        for (size_t c = 0; c < nc; c++) {
            const char *s = r == 0 ? t->cols[c] : tz_table_format(t, r - 1, c, buf, sizeof buf);
            if (tsv) {
                if (c)
                    fputc('\t', out);
                tz_put_escaped(s, out);
            } else {
                if (c)
                    fputs("  ", out);
                put_line(s, out);
                if (c + 1 < nc)
                    for (size_t pad = width(s); pad < w[c]; pad++)
                        fputc(' ', out);
            }
        }
        fputc('\n', out);
    }
    free(w);
}
