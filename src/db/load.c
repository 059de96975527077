/* load.c — see load.h.  The table and view layout is documented there. */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "compute.h"
#include "issue.h"
#include "syserr.h"
#include "trace.h"
#include "value.h"

/* Provenance columns every kind table has; a schema column may not take these names.
 * unit is the reporting unit (上报单位), base_unit the unit the row is about (基层单位,
 * the same outside a roll-up), path the reporting units between them (NULL when none). */
static const char *const provenance_cols[] = { "id",    "unit", "base_unit", "path", "file",
                                               "sheet", "row",  "flagged",   NULL };

/* A sheet's rows are inserted one after another, so their ids are a range:
 * a sheet superseded by a later workbook is taken out by it. */
typedef struct {
    size_t file, sheet, kind;
    sqlite3_int64 first, last;
} id_range;

/* The first row of a run of rows naming one unit (roll-up ledgers name the
 * unit on each row): units named only by rows join the unit table. */
typedef struct {
    size_t file, sheet;
    const char *name;
} row_unit;

typedef struct {
    sqlite3 *db;
    tz_arena a; /* SQL text and keys built while loading */
} loader;

struct tz_loader {
    loader L;
    const tz_schema *schema;
    sqlite3_stmt **insert; /* per kind */
    unsigned char **roles; /* per kind, per column: is_role_col */
    int *desc_col;         /* per kind: the column of role desc, or -1 */
    id_range *ranges;
    size_t nranges, capranges;
    row_unit *units;
    size_t nunits, capunits;
};

static int exec(loader *L, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(L->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = tz_error("工作数据库：%s 失败：%s", what, tz_sqlite_error(L->db));
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

static int prepare(loader *L, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(L->db, sql, -1, st, NULL) != SQLITE_OK)
        return tz_error("工作数据库：无法准备语句（%s）：%s", tz_sqlite_error(L->db), sql);
    return 0;
}

/* Steps an insert once and resets it for the next row. */
static int step_reset(loader *L, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return tz_error("工作数据库：写入失败：%s", tz_sqlite_error(L->db));
    return 0;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* Text that outlives the statement's step (a record's, the schema's): not
 * copied, which matters at one bind per field of every row. */
static int bind_kept(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int bind_day(sqlite3_stmt *st, int i, tz_day d)
{
    char iso[16];
    return sqlite3_bind_text(st, i, tz_day_iso(iso, d), -1, SQLITE_TRANSIENT);
}

static char *norm(loader *L, const char *s)
{
    return tz_norm(&L->a, s, strlen(s));
}

/* Binds the matching key of a record's text without keeping it: there is
 * one per row, and a province sends hundreds of thousands of rows. */
static int bind_norm(sqlite3_stmt *st, int i, const char *s)
{
    if (!s)
        return sqlite3_bind_null(st, i);
    char buf[TZ_NORM_MAX];
    if (tz_norm_buf(buf, sizeof buf, s, strlen(s)) >= 0)
        return sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
    tz_arena a = { 0 };
    int rc = sqlite3_bind_text(st, i, tz_norm(&a, s, strlen(s)), -1, SQLITE_TRANSIENT);
    tz_arena_free(&a);
    return rc;
}

/* ---- fixed tables ----------------------------------------------------------- */

static const char fixed_tables[] =
    "CREATE TABLE param(key TEXT PRIMARY KEY, value);"
    "CREATE TABLE unit(ord INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, name_norm TEXT,"
    " aliases TEXT, configured INTEGER NOT NULL);"
    "CREATE TABLE category(ord INTEGER PRIMARY KEY, name TEXT NOT NULL, other INTEGER NOT NULL);"
    "CREATE TABLE enum_value(kind TEXT, col TEXT, ord INTEGER, value TEXT, label TEXT,"
    " PRIMARY KEY(kind, col, ord));"
    "CREATE TABLE stage(ord INTEGER PRIMARY KEY, name TEXT, start TEXT, end TEXT);"
    "CREATE TABLE deliverable(ord INTEGER PRIMARY KEY, name TEXT, name_norm TEXT, due TEXT,"
    " evidence TEXT);"
    "CREATE TABLE submission(ord INTEGER PRIMARY KEY, file TEXT, role TEXT, unit TEXT, date TEXT,"
    " mtime INTEGER, unit_sheet TEXT, unit_cell TEXT, kinds TEXT, rows_read INTEGER,"
    " rows_kept INTEGER, rows_rejected INTEGER, rows_superseded INTEGER);"
    "CREATE TABLE submission_sheet(submission INTEGER, file TEXT, sheet TEXT, kind TEXT,"
    " kind_name TEXT, header_row INTEGER, rows_read INTEGER, rows_kept INTEGER,"
    " rows_rejected INTEGER, superseded INTEGER);"
    "CREATE TABLE issue(ord INTEGER PRIMARY KEY, severity TEXT, level TEXT, code TEXT, unit TEXT,"
    " file TEXT, sheet TEXT, cell TEXT, message TEXT);"
    "CREATE TABLE prev_problem(unit TEXT, desc_norm TEXT, desc TEXT, state TEXT, state_label TEXT,"
    " PRIMARY KEY(unit, desc_norm));"
    "CREATE TABLE later_duplicate(kind TEXT, id INTEGER, PRIMARY KEY(kind, id));";

static int load_params(loader *L, const tz_config *cfg)
{
    sqlite3_stmt *st;
    if (prepare(L, "INSERT INTO param(key, value) VALUES(?1, ?2)", &st) < 0)
        return -1;
    struct {
        const char *key;
        const char *text;
        int is_day;
        tz_day day;
    } rows[] = {
        { "as_of", NULL, 1, cfg->as_of },
        { "period", cfg->period, 0, 0 },
        { "title", cfg->title, 0, 0 },
        { "campaign_name", cfg->name, 0, 0 },
        { "organisation", cfg->organisation, 0, 0 },
        { "office", cfg->office, 0, 0 },
        { "campaign_start", NULL, 1, cfg->start },
        { "campaign_end", NULL, 1, cfg->end },
        { "weekly_first", NULL, cfg->weekly_enabled, cfg->weekly_first },
        { "prev_period", NULL, 0, 0 },
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0] && rc == 0; i++) {
        sqlite3_bind_text(st, 1, rows[i].key, -1, SQLITE_STATIC);
        if (rows[i].is_day)
            bind_day(st, 2, rows[i].day);
        else
            bind_text(st, 2, rows[i].text);
        rc = step_reset(L, st);
    }
    const char *keys[] = { "due_soon_days", "weekly_enabled", "satisfaction_threshold" };
    for (size_t i = 0; i < 3 && rc == 0; i++) {
        sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
        if (i == 0)
            sqlite3_bind_int(st, 2, cfg->due_soon_days);
        else if (i == 1)
            sqlite3_bind_int(st, 2, cfg->weekly_enabled != 0);
        else
            sqlite3_bind_double(st, 2, cfg->satisfaction_threshold);
        rc = step_reset(L, st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Units in config order, then the units that only rows name (a roll-up's 单位 column);
 * ord is assigned in that order. */
static int load_units(loader *L, const tz_config *cfg, const tz_batch *b, const row_unit *row_units,
                      size_t nrow_units)
{
    sqlite3_stmt *st;
    if (prepare(L,
                "INSERT OR IGNORE INTO unit(name, name_norm, aliases, configured)"
                " VALUES(?1, ?2, ?3, ?4)",
                &st) < 0)
        return -1;
    int rc = 0;
    for (size_t u = 0; u < cfg->nunits && rc == 0; u++) {
        const tz_unit *un = &cfg->units[u];
        size_t len = 1;
        for (size_t k = 0; k < un->naliases; k++)
            len += strlen(un->aliases[k]) + 3;
        char *aliases = tz_arena_alloc(&L->a, len);
        aliases[0] = 0;
        for (size_t k = 0; k < un->naliases; k++) {
            if (k)
                strcat(aliases, "、");
            strcat(aliases, un->aliases[k]);
        }
        bind_text(st, 1, un->name);
        bind_text(st, 2, norm(L, un->name));
        bind_text(st, 3, aliases);
        sqlite3_bind_int(st, 4, 1);
        rc = step_reset(L, st);
    }
    for (size_t i = 0; i < nrow_units && rc == 0; i++) {
        const tz_sheetdata *sd = &b->subs[row_units[i].file].sheets[row_units[i].sheet];
        if (sd->superseded)
            continue;
        bind_text(st, 1, row_units[i].name);
        bind_text(st, 2, norm(L, row_units[i].name));
        sqlite3_bind_int(st, 4, 0);
        rc = step_reset(L, st);
    }
    sqlite3_finalize(st);
    return rc;
}

static int load_campaign(loader *L, const tz_config *cfg, const tz_schema *sc)
{
    sqlite3_stmt *stage, *deliv, *cat, *ev;
    if (prepare(L, "INSERT INTO stage VALUES(?1, ?2, ?3, ?4)", &stage) < 0)
        return -1;
    if (prepare(L, "INSERT INTO deliverable VALUES(?1, ?2, ?3, ?4, ?5)", &deliv) < 0)
        return sqlite3_finalize(stage), -1;
    if (prepare(L, "INSERT INTO category VALUES(?1, ?2, ?3)", &cat) < 0)
        return sqlite3_finalize(stage), sqlite3_finalize(deliv), -1;
    if (prepare(L, "INSERT INTO enum_value VALUES(?1, ?2, ?3, ?4, ?5)", &ev) < 0)
        return sqlite3_finalize(stage), sqlite3_finalize(deliv), sqlite3_finalize(cat), -1;
    int rc = 0;
    for (size_t i = 0; i < cfg->nstages && rc == 0; i++) {
        sqlite3_bind_int(stage, 1, (int)i + 1);
        bind_text(stage, 2, cfg->stages[i].name);
        bind_day(stage, 3, cfg->stages[i].start);
        bind_day(stage, 4, cfg->stages[i].end);
        rc = step_reset(L, stage);
    }
    for (size_t i = 0; i < cfg->ndeliverables && rc == 0; i++) {
        const tz_deliverable *d = &cfg->deliverables[i];
        sqlite3_bind_int(deliv, 1, (int)i + 1);
        bind_text(deliv, 2, d->name);
        bind_text(deliv, 3, norm(L, d->name));
        bind_day(deliv, 4, d->due);
        bind_text(deliv, 5, d->evidence == TZ_EVIDENCE_RECEIPT ? "receipt" : "workbook");
        rc = step_reset(L, deliv);
    }
    int have_categories = 0;
    for (size_t k = 0; k < sc->nkinds && rc == 0; k++) {
        const tz_kind *kind = &sc->kinds[k];
        for (size_t c = 0; c < kind->ncolumns && rc == 0; c++) {
            const tz_column *col = &kind->columns[c];
            if (col->type == TZ_COL_CATEGORY && !have_categories) {
                have_categories = 1;
                for (size_t v = 0; v < col->nvalues && rc == 0; v++) {
                    sqlite3_bind_int(cat, 1, (int)v + 1);
                    bind_text(cat, 2, col->values[v].value);
                    sqlite3_bind_int(cat, 3, (int)v == col->other_value);
                    rc = step_reset(L, cat);
                }
            }
            for (size_t v = 0; v < col->nvalues && rc == 0; v++) {
                bind_text(ev, 1, kind->key);
                bind_text(ev, 2, col->key);
                sqlite3_bind_int(ev, 3, (int)v + 1);
                bind_text(ev, 4, col->values[v].value);
                bind_text(ev, 5, col->values[v].label ? col->values[v].label : col->values[v].value);
                rc = step_reset(L, ev);
            }
        }
    }
    sqlite3_finalize(stage);
    sqlite3_finalize(deliv);
    sqlite3_finalize(cat);
    sqlite3_finalize(ev);
    return rc;
}

static int load_submissions(loader *L, const tz_batch *b)
{
    sqlite3_stmt *sub_st, *sheet_st;
    if (prepare(L, "INSERT INTO submission VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)", &sub_st) < 0)
        return -1;
    if (prepare(L, "INSERT INTO submission_sheet VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", &sheet_st) < 0)
        return sqlite3_finalize(sub_st), -1;
    int rc = 0;
    for (size_t i = 0; i < b->files.len && rc == 0; i++) {
        const tz_submission *s = &b->subs[i];
        const tz_kind *brought[TZ_SCHEMA_MAX_KINDS];
        size_t nk = tz_submission_kinds(s, brought, TZ_SCHEMA_MAX_KINDS), len = 1;
        for (size_t k = 0; k < nk; k++)
            len += strlen(brought[k]->name) + 3;
        char *kinds = tz_arena_alloc(&L->a, len);
        kinds[0] = 0;
        for (size_t k = 0; k < nk; k++) {
            if (kinds[0])
                strcat(kinds, "、");
            strcat(kinds, brought[k]->name);
        }
        tz_rowcount rows = tz_submission_rows(s);
        sqlite3_bind_int(sub_st, 1, (int)i + 1);
        bind_text(sub_st, 2, s->file);
        bind_text(sub_st, 3, tz_role_name(s->role));
        bind_text(sub_st, 4, s->unit_name);
        if (s->has_date)
            bind_day(sub_st, 5, s->date);
        sqlite3_bind_int64(sub_st, 6, s->mtime);
        bind_text(sub_st, 7, s->unit_sheet);
        bind_text(sub_st, 8, s->unit_cell);
        bind_text(sub_st, 9, kinds);
        sqlite3_bind_int64(sub_st, 10, (sqlite3_int64)rows.read);
        sqlite3_bind_int64(sub_st, 11, (sqlite3_int64)rows.kept);
        sqlite3_bind_int64(sub_st, 12, (sqlite3_int64)rows.rejected);
        sqlite3_bind_int64(sub_st, 13, (sqlite3_int64)rows.superseded);
        rc = step_reset(L, sub_st);
        for (size_t k = 0; k < s->nsheets && rc == 0; k++) {
            const tz_sheetdata *sd = &s->sheets[k];
            sqlite3_bind_int(sheet_st, 1, (int)i + 1);
            bind_text(sheet_st, 2, s->file);
            bind_text(sheet_st, 3, sd->name);
            bind_text(sheet_st, 4, sd->kind->key);
            bind_text(sheet_st, 5, sd->kind->name);
            sqlite3_bind_int64(sheet_st, 6, (sqlite3_int64)sd->header_row + 1);
            tz_rowcount sr = tz_sheet_rows(sd);
            sqlite3_bind_int64(sheet_st, 7, (sqlite3_int64)sr.read);
            sqlite3_bind_int64(sheet_st, 8, (sqlite3_int64)sr.kept);
            sqlite3_bind_int64(sheet_st, 9, (sqlite3_int64)sr.rejected);
            sqlite3_bind_int(sheet_st, 10, sd->superseded != 0);
            rc = step_reset(L, sheet_st);
        }
    }
    sqlite3_finalize(sub_st);
    sqlite3_finalize(sheet_st);
    return rc;
}

static int load_issues(loader *L, const tz_issues *is)
{
    sqlite3_stmt *st;
    if (prepare(L, "INSERT INTO issue VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)", &st) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < is->len && rc == 0; i++) {
        const tz_issue *x = &is->items[i];
        if (!tz_issue_is_live(x))
            continue;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
        bind_text(st, 2, tz_severity_en(x->severity));
        bind_text(st, 3, tz_severity_zh(x->severity));
        bind_text(st, 4, x->code);
        bind_text(st, 5, x->unit);
        bind_text(st, 6, x->file);
        bind_text(st, 7, x->sheet);
        bind_text(st, 8, x->cell);
        bind_text(st, 9, x->message);
        rc = step_reset(L, st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- kind tables ------------------------------------------------------------- */

/* The SQL columns a schema column becomes, after its own (value) column.
 * Only required text columns (problem.desc, receipt.material …) name a thing
 * that is matched across rows and periods, so only they get a _norm key. */
static const char *const *suffixes(const tz_column *col)
{
    tz_col_type t = col->type == TZ_COL_TEXT && !col->required ? TZ_COL_IGNORE : col->type;
    static const char *const text[] = { "_norm", NULL };
    static const char *const money[] = { "_cents", NULL };
    static const char *const deadline[] = { "_kind", NULL };
    static const char *const ordered[] = { "_ord", NULL };
    static const char *const state[] = { "_label", NULL };
    static const char *const none[] = { NULL };
    switch (t) {
    case TZ_COL_TEXT:
        return text;
    case TZ_COL_MONEY:
        return money;
    case TZ_COL_DEADLINE:
        return deadline;
    case TZ_COL_ENUM:
    case TZ_COL_CATEGORY:
        return ordered;
    case TZ_COL_STATE:
        return state;
    case TZ_COL_INT:
    case TZ_COL_DATE:
    case TZ_COL_TIME:
    case TZ_COL_IGNORE:
        break;
    }
    return none;
}

static const char *sql_type(tz_col_type t)
{
    switch (t) {
    case TZ_COL_INT:
        return "INTEGER";
    case TZ_COL_MONEY:
        return "REAL";
    default:
        return "TEXT";
    }
}

typedef struct {
    const char **names, **types;
    size_t n, cap;
} collist;

/* Appends a column to a table's list, refusing a name given twice. */
static int add_col(loader *L, const tz_kind *k, collist *cl, const char *name, const char *type)
{
    for (size_t i = 0; i < cl->n; i++)
        if (strcmp(cl->names[i], name) == 0)
            return tz_error(
                "schemas.ini：[%s] 的列名 %s 与数据库中的其他列重名"
                "（id、unit、base_unit、path、file、sheet、row、flagged 及各列的 _cell、_raw 等派生列已被占用）",
                k->key, name);
    if (cl->n == cl->cap) {
        cl->cap = cl->cap ? cl->cap * 2 : 32;
        cl->names = tz_xrealloc(cl->names, cl->cap * sizeof *cl->names);
        cl->types = tz_xrealloc(cl->types, cl->cap * sizeof *cl->types);
    }
    cl->names[cl->n] = tz_arena_strdup(&L->a, name);
    cl->types[cl->n++] = type;
    return 0;
}

/* Whether column c of k is a roll-up column (roles unit, via, path), whose
 * values fill the provenance columns instead of their own. */
static int is_role_col(const tz_kind *k, size_t c)
{
    for (tz_col_role r = TZ_CR_UNIT; r <= TZ_CR_PATH; r++)
        if (tz_kind_column_by_role(k, r) == (int)c)
            return 1;
    return 0;
}

/* Creates the kind's table and prepares its insert (every column but id, in
 * table order).  The role columns (is_role_col) have only their _cell and _raw. */
static int create_kind(loader *L, const tz_kind *k, sqlite3_stmt **insert)
{
    static const char *const prov_types[] = {
        "INTEGER PRIMARY KEY", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "INTEGER", "INTEGER"
    };
    collist cl = { 0 };
    int rc = 0;
    for (size_t i = 0; provenance_cols[i] && rc == 0; i++)
        rc = add_col(L, k, &cl, provenance_cols[i], prov_types[i]);
    for (size_t c = 0; c < k->ncolumns && rc == 0; c++) {
        const tz_column *col = &k->columns[c];
        if (col->type == TZ_COL_IGNORE)
            continue;
        if (!is_role_col(k, c)) {
            rc = add_col(L, k, &cl, col->key, sql_type(col->type));
            for (const char *const *s = suffixes(col); *s && rc == 0; s++) {
                const char *type = strcmp(*s, "_cents") == 0 || strcmp(*s, "_ord") == 0 ? "INTEGER" : "TEXT";
                rc = add_col(L, k, &cl, tz_arena_printf(&L->a, "%s%s", col->key, *s), type);
            }
        }
        if (rc == 0)
            rc = add_col(L, k, &cl, tz_arena_printf(&L->a, "%s_cell", col->key), "TEXT");
        if (rc == 0)
            rc = add_col(L, k, &cl, tz_arena_printf(&L->a, "%s_raw", col->key), "TEXT");
    }
    if (rc == 0) {
        size_t len = 64 + strlen(k->key);
        for (size_t i = 0; i < cl.n; i++)
            len += strlen(cl.names[i]) + 32;
        char *create = tz_arena_alloc(&L->a, len);
        char *ins = tz_arena_alloc(&L->a, len);
        sprintf(create, "CREATE TABLE \"%s\"(", k->key);
        sprintf(ins, "INSERT INTO \"%s\"(", k->key);
        for (size_t i = 0; i < cl.n; i++) {
            sprintf(create + strlen(create), "%s\"%s\" %s", i ? ", " : "", cl.names[i], cl.types[i]);
            if (i)
                sprintf(ins + strlen(ins), "%s\"%s\"", i > 1 ? ", " : "", cl.names[i]);
        }
        strcat(create, ")");
        strcat(ins, ") VALUES(");
        for (size_t i = 1; i < cl.n; i++)
            sprintf(ins + strlen(ins), "%s?%zu", i > 1 ? ", " : "", i);
        strcat(ins, ")");
        rc = exec(L, create, k->key);
        if (rc == 0)
            rc = prepare(L, ins, insert);
    }
    free(cl.names);
    free(cl.types);
    return rc;
}

/* `roles`: per column of k, whether it is a role column (found once per
 * kind, not once per field of each of 10^5 rows).  `desc_key`: the matching
 * key of column `desc_col` when the recogniser already made it
 * (tz_desckey), else NULL. */
static int insert_record(loader *L, sqlite3_stmt *st, const tz_kind *k, const unsigned char *roles,
                         int desc_col, const char *desc_key, const tz_submission *sub, const tz_sheetdata *sd,
                         const tz_record *r)
{
    int p = 1;
    bind_kept(st, p++, r->unit);
    bind_kept(st, p++, r->base);
    bind_kept(st, p++, r->path);
    bind_kept(st, p++, sub->file);
    bind_kept(st, p++, sd->name);
    sqlite3_bind_int64(st, p++, (sqlite3_int64)r->row + 1);
    sqlite3_bind_int(st, p++, r->flagged != 0);
    for (size_t c = 0; c < k->ncolumns; c++) {
        const tz_column *col = &k->columns[c];
        if (col->type == TZ_COL_IGNORE)
            continue;
        const tz_field *f = &r->fields[c];
        const int ok = f->status == TZ_FIELD_OK;
        if (!roles[c]) {
            switch (col->type) {
            case TZ_COL_TEXT:
                bind_kept(st, p++, ok ? f->text : NULL);
                if (col->required && ok && desc_key && (int)c == desc_col)
                    bind_kept(st, p++, desc_key);
                else if (col->required)
                    bind_norm(st, p++, ok ? f->text : NULL);
                break;
            case TZ_COL_INT:
                if (ok)
                    sqlite3_bind_int64(st, p, f->i);
                p++;
                break;
            case TZ_COL_MONEY:
                if (ok) {
                    sqlite3_bind_double(st, p, (double)f->i / 100.0);
                    sqlite3_bind_int64(st, p + 1, f->i);
                }
                p += 2;
                break;
            case TZ_COL_DATE:
                if (ok)
                    bind_day(st, p, (tz_day)f->i);
                p++;
                break;
            case TZ_COL_TIME:
                if (ok) {
                    char hms[16];
                    snprintf(hms, sizeof hms, "%02d:%02d:%02d", (int)(f->i / 3600), (int)(f->i / 60 % 60),
                             (int)(f->i % 60));
                    sqlite3_bind_text(st, p, hms, -1, SQLITE_TRANSIENT);
                }
                p++;
                break;
            case TZ_COL_DEADLINE: {
                const char *kind = NULL;
                if (f->status == TZ_FIELD_BAD)
                    kind = "invalid";
                else if (ok)
                    kind = f->deadline == TZ_DEADLINE_DATE   ? "date"
                           : f->deadline == TZ_DEADLINE_NONE ? "none"
                                                             : "immediate";
                if (ok && f->deadline == TZ_DEADLINE_DATE)
                    bind_day(st, p, (tz_day)f->i);
                bind_kept(st, p + 1, kind);
                p += 2;
                break;
            }
            case TZ_COL_ENUM:
            case TZ_COL_CATEGORY:
                if (ok) {
                    bind_kept(st, p, f->text);
                    sqlite3_bind_int64(st, p + 1, f->i + 1);
                }
                p += 2;
                break;
            case TZ_COL_STATE:
                if (ok) {
                    bind_kept(st, p, f->text);
                    bind_kept(st, p + 1, col->values[f->i].label);
                }
                p += 2;
                break;
            case TZ_COL_IGNORE:
                break;
            }
        }
        char ref[16];
        bind_text(st, p++, sd->colmap[c] >= 0 ? tz_a1(ref, f->row, f->col) : NULL);
        bind_kept(st, p++, f->raw);
    }
    return step_reset(L, st);
}

void tz_db_setup(void)
{
    /* Refused only once SQLite is initialised, which it is not yet. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int tz_loader_open(tz_loader **out, const char *path, const tz_schema *schema)
{
    *out = NULL;
    if (*path && strcmp(path, ":memory:") != 0 && unlink(path) != 0 && access(path, F_OK) == 0)
        return tz_error("无法替换工作数据库 %s", path);
    tz_loader *ld = tz_xcalloc(1, sizeof *ld);
    ld->schema = schema;
    ld->insert = tz_xcalloc(schema->nkinds ? schema->nkinds : 1, sizeof *ld->insert);
    ld->roles = tz_xcalloc(schema->nkinds ? schema->nkinds : 1, sizeof *ld->roles);
    for (size_t k = 0; k < schema->nkinds; k++) {
        const tz_kind *kind = &schema->kinds[k];
        ld->roles[k] = tz_xcalloc(kind->ncolumns ? kind->ncolumns : 1, 1);
        for (size_t c = 0; c < kind->ncolumns; c++)
            ld->roles[k][c] = (unsigned char)is_role_col(kind, c);
    }
    ld->desc_col = tz_xcalloc(schema->nkinds ? schema->nkinds : 1, sizeof *ld->desc_col);
    for (size_t k = 0; k < schema->nkinds; k++)
        ld->desc_col[k] = tz_kind_column_by_role(&schema->kinds[k], TZ_CR_DESC);
    loader *L = &ld->L;
    if (sqlite3_open_v2(path, &L->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        tz_error("无法创建工作数据库 %s：%s", path, tz_sqlite_error(L->db));
        tz_loader_free(ld);
        return -1;
    }
    int rc = exec(L,
                  "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-32768;"
                  "BEGIN",
                  "设置");
    if (rc == 0)
        rc = exec(L, fixed_tables, "建表");
    for (size_t k = 0; k < schema->nkinds && rc == 0; k++)
        rc = create_kind(L, &schema->kinds[k], &ld->insert[k]);
    if (rc != 0) {
        tz_loader_free(ld);
        return -1;
    }
    *out = ld;
    return 0;
}

static void note_row_unit(tz_loader *ld, size_t file, size_t sheet, const char *name)
{
    if (ld->nunits && ld->units[ld->nunits - 1].file == file && ld->units[ld->nunits - 1].sheet == sheet &&
        strcmp(ld->units[ld->nunits - 1].name, name) == 0)
        return;
    if (ld->nunits == ld->capunits) {
        ld->capunits = ld->capunits ? ld->capunits * 2 : 64;
        ld->units = tz_xrealloc(ld->units, ld->capunits * sizeof *ld->units);
    }
    ld->units[ld->nunits++] = (row_unit){ file, sheet, tz_arena_strdup(&ld->L.a, name) };
}

int tz_loader_add(void *ctx, size_t index, const tz_submission *sub)
{
    tz_loader *ld = ctx;
    const tz_schema *sc = ld->schema;
    if (sub->role == TZ_ROLE_REJECTED || sub->role == TZ_ROLE_UNITS)
        return 0;
    int rc = 0;
    for (size_t s = 0; s < sub->nsheets && rc == 0; s++) {
        const tz_sheetdata *sd = &sub->sheets[s];
        if (sd->nrecords == 0)
            continue;
        size_t k = (size_t)(sd->kind - sc->kinds), dk = 0;
        for (size_t r = 0; r < sd->nrecords && rc == 0; r++) {
            /* The desckeys are in record order, one for most problem rows. */
            const char *desc_key = NULL;
            if (dk < sd->ndesckeys && sd->desckeys[dk].record == r)
                desc_key = sd->desckeys[dk++].key;
            rc = insert_record(&ld->L, ld->insert[k], sd->kind, ld->roles[k], ld->desc_col[k], desc_key, sub,
                               sd, &sd->records[r]);
            if (rc == 0 && r == 0) {
                if (ld->nranges == ld->capranges) {
                    ld->capranges = ld->capranges ? ld->capranges * 2 : 256;
                    ld->ranges = tz_xrealloc(ld->ranges, ld->capranges * sizeof *ld->ranges);
                }
                sqlite3_int64 id = sqlite3_last_insert_rowid(ld->L.db);
                ld->ranges[ld->nranges++] = (id_range){ index, s, k, id, id };
            }
            if (rc == 0 && !sd->kind->office && sd->records[r].unit)
                note_row_unit(ld, index, s, sd->records[r].unit);
        }
        if (rc == 0)
            ld->ranges[ld->nranges - 1].last = sqlite3_last_insert_rowid(ld->L.db);
    }
    return rc;
}

/* Takes out the rows of sheets a later workbook superseded, and the rows of
 * accumulating kinds that a later row for their week replaced (known only
 * once every file is read). */
static int drop_superseded(tz_loader *ld, const tz_batch *b)
{
    for (size_t i = 0; i < ld->nranges; i++) {
        const id_range *r = &ld->ranges[i];
        const tz_sheetdata *sd = &b->subs[r->file].sheets[r->sheet];
        if (sd->rows_superseded && !sd->superseded) {
            sqlite3_stmt *st;
            const char *sql =
                tz_arena_printf(&ld->L.a, "DELETE FROM \"%s\" WHERE id = ?1", ld->schema->kinds[r->kind].key);
            if (prepare(&ld->L, sql, &st) < 0)
                return -1;
            int rc = 0;
            for (size_t k = 0; k < sd->nrowkeys && rc == 0; k++) {
                if (!sd->rowkeys[k].by)
                    continue;
                sqlite3_bind_int64(st, 1, r->first + (sqlite3_int64)sd->rowkeys[k].record);
                rc = step_reset(&ld->L, st);
            }
            sqlite3_finalize(st);
            if (rc != 0)
                return -1;
            continue;
        }
        if (!sd->superseded)
            continue;
        const char *sql =
            tz_arena_printf(&ld->L.a, "DELETE FROM \"%s\" WHERE id BETWEEN %lld AND %lld",
                            ld->schema->kinds[r->kind].key, (long long)r->first, (long long)r->last);
        if (exec(&ld->L, sql, "删除被取代的数据") != 0)
            return -1;
    }
    return 0;
}

/* The problems that repeat an earlier one of their unit (the W-DUPLICATE
 * rows of tz_recognise_finish), by kind table and id: a problem's identity
 * in this period is its first row (cur_problem in views.sql).  A sheet's
 * rows have consecutive ids. */
static int note_duplicates(tz_loader *ld, const tz_batch *b)
{
    sqlite3_stmt *st;
    if (prepare(&ld->L, "INSERT INTO later_duplicate(kind, id) VALUES(?1, ?2)", &st) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < ld->nranges && rc == 0; i++) {
        const id_range *r = &ld->ranges[i];
        const tz_sheetdata *sd = &b->subs[r->file].sheets[r->sheet];
        if (sd->superseded)
            continue;
        for (size_t k = 0; k < sd->ndesckeys && rc == 0; k++) {
            if (!sd->desckeys[k].later)
                continue;
            bind_kept(st, 1, ld->schema->kinds[r->kind].key);
            sqlite3_bind_int64(st, 2, r->first + (sqlite3_int64)sd->desckeys[k].record);
            rc = step_reset(&ld->L, st);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

void tz_loader_free(tz_loader *ld)
{
    if (!ld)
        return;
    for (size_t k = 0; k < ld->schema->nkinds; k++)
        sqlite3_finalize(ld->insert[k]);
    free(ld->insert);
    for (size_t k = 0; ld->roles && k < ld->schema->nkinds; k++)
        free(ld->roles[k]);
    free(ld->roles);
    free(ld->desc_col);
    free(ld->ranges);
    free(ld->units);
    sqlite3_close(ld->L.db);
    tz_arena_free(&ld->L.a);
    free(ld);
}

int tz_loader_finish(tz_loader *ld, tz_config *cfg, const tz_batch *batch, sqlite3 **dbp)
{
    *dbp = NULL;
    loader *L = &ld->L;
    /* The views are the campaign's own when its templates have them. */
    const char *views = tz_config_find_template(cfg, "views.sql");
    int rc = views ? 0 : tz_error("找不到视图文件 views.sql（模板文件夹：%s）", cfg->templates_dir);
    if (rc == 0)
        rc = drop_superseded(ld, batch);
    if (rc == 0)
        rc = note_duplicates(ld, batch);
    if (rc == 0)
        rc = load_params(L, cfg);
    if (rc == 0)
        rc = load_campaign(L, cfg, batch->schema);
    if (rc == 0)
        rc = load_units(L, cfg, batch, ld->units, ld->nunits);
    if (rc == 0)
        rc = load_submissions(L, batch);
    if (rc == 0)
        rc = load_issues(L, &batch->issues);
    tz_trace("数据已装入");
    /* The indexes are views.sql's too: after the bulk insert, and only those
     * its metrics use. */
    if (rc == 0)
        rc = tz_sql_run_file(L->db, views);
    if (rc == 0)
        rc = exec(L, "COMMIT", "提交");
    tz_trace("索引和视图已建立");
    if (rc == 0) {
        *dbp = L->db;
        L->db = NULL;
    }
    tz_loader_free(ld);
    return rc;
}

int tz_load(sqlite3 **db, const char *path, tz_config *cfg, tz_batch *batch)
{
    *db = NULL;
    tz_loader *ld;
    if (tz_batch_open(batch, cfg) != 0 || tz_loader_open(&ld, path, batch->schema) != 0)
        return -1;
    if (tz_batch_read(batch, tz_loader_add, ld) != 0) {
        tz_loader_free(ld);
        return -1;
    }
    return tz_loader_finish(ld, cfg, batch, db);
}
