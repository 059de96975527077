/*
 * schema.c — loads templates/schemas.ini (see schema.h for the format).
 *
 * The file is read with tz_ini_open() (ini.h), which indexes the line of
 * every [section] and key: iniparser merges a section written twice and
 * keeps the last of a repeated key without a word, so here repeats are
 * errors, and every message names its line and shows it.  Every mistake
 * of the file is gathered (tz_ini_problems) and printed in line order, so
 * one edit fixes them all; a kind with a mistake is left out of the later
 * checks, so that one mistake is not reported again as others.
 */
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "issue.h"

enum { MAX_KEY_CHARS = 63 };

/* How tz_ini_open() names schemas.ini in its messages. */
static const tz_ini_spec schema_ini = {
    .noun = "表格定义文件",
    .max_bytes = 1 << 20,
    .long_line_hint = "，请拆成几行（行尾加 \\ 续行）",
};

/* Tables the loader creates besides the kinds (docs/design.md): a kind must not take their names. */
static const char *const reserved_tables[] = {
    "unit", "stage", "deliverable", "submission", "issue", "param", "skip",
};

static const char *const type_names[] = {
    [TZ_COL_TEXT] = "text",   [TZ_COL_INT] = "int",           [TZ_COL_MONEY] = "money",
    [TZ_COL_DATE] = "date",   [TZ_COL_DEADLINE] = "deadline", [TZ_COL_ENUM] = "enum",
    [TZ_COL_STATE] = "state", [TZ_COL_CATEGORY] = "category", [TZ_COL_IGNORE] = "ignore",
    [TZ_COL_TIME] = "time",
};

static const char *const state_names[] = {
    [TZ_STATE_OPEN] = "open",
    [TZ_STATE_IN_PROGRESS] = "in_progress",
    [TZ_STATE_CLOSED] = "closed",
};

static const char *const role_names[TZ_CR_COUNT] = {
    [TZ_CR_UNIT] = "unit",         [TZ_CR_VIA] = "via",
    [TZ_CR_PATH] = "path",         [TZ_CR_DESC] = "desc",
    [TZ_CR_SEQ] = "seq",           [TZ_CR_STATUS] = "status",
    [TZ_CR_DEADLINE] = "deadline", [TZ_CR_DONE_DATE] = "done_date",
    [TZ_CR_VOTERS] = "voters",     [TZ_CR_TIMES] = "times",
    [TZ_CR_PERSONS] = "persons",   [TZ_CR_SATISFIED] = "satisfied",
    [TZ_CR_BASIC] = "basic",       [TZ_CR_UNSATISFIED] = "unsatisfied",
};

static const char *const kind_keys[] = { "name", "sheets", "office", "accumulate", NULL };
static const char *const column_keys[] = { "header", "aliases", "type", "required",
                                           "values", "empty",   "role", NULL };
static const char *const skip_keys[] = { "sheets", "derived", NULL };

#define COUNT(a) (sizeof(a) / sizeof *(a))

typedef struct {
    const char *path;
    tz_schema *s;
    tz_ini *ini;
    const tz_ini_entry *ents; /* every [section] and key line, in file order */
    size_t nents;
    tz_arena tmp;          /* the loader's scratch: freed at the end */
    tz_ini_problems probs; /* the file's mistakes, printed once at the end */
} loader;

/* Records a mistake at `line` (0: the file's) with that line's text; returns -1. */
static int schema_error(loader *L, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int schema_error(loader *L, int line, const char *fmt, ...)
{
    const char *text = NULL;
    for (size_t i = 0; i < L->nents && !text; i++)
        if (L->ents[i].line == line)
            text = L->ents[i].text;
    va_list ap;
    va_start(ap, fmt);
    tz_ini_problemv(&L->probs, line, text, fmt, ap);
    va_end(ap);
    return -1;
}

const char *tz_col_type_name(tz_col_type t)
{
    return (size_t)t < COUNT(type_names) ? type_names[t] : "?";
}

/* ---- reading the file ------------------------------------------------------------ */

/* Opens the file and records its mistakes of form: a syntax error, a key
 * before any [section], a section or key given twice.  -1 when any. */
static int read_file(loader *L)
{
    if (tz_ini_open(&L->ini, L->path, &schema_ini) < 0)
        return -1;
    L->ents = tz_ini_entries(L->ini, &L->nents);
    return tz_ini_check_lines(L->ini, &L->probs);
}

/* ---- values of the file ------------------------------------------------------ */

static int line_of(const loader *L, const char *section, const char *key)
{
    const tz_ini_entry *e = key ? tz_ini_find(L->ini, section, key) : NULL;
    if (!e)
        e = tz_ini_find(L->ini, section, NULL);
    return e ? e->line : 0;
}

/* What separates the items of a list, and (bar) the alternatives of a header. */
#define BAR_SEPARATORS "|｜"

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = { "yes", "true", "1", "是", "y" };
    static const char *const no[] = { "no", "false", "0", "否", "n", "" };
    char key[64];
    if (tz_norm_buf(key, sizeof key, v, strlen(v)) < 0)
        return -1;
    for (size_t i = 0; i < COUNT(yes); i++)
        if (strcmp(key, yes[i]) == 0)
            return *out = 1, 0;
    for (size_t i = 0; i < COUNT(no); i++)
        if (strcmp(key, no[i]) == 0)
            return *out = 0, 0;
    return -1;
}

static int valid_key(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > MAX_KEY_CHARS || k[0] < 'a' || k[0] > 'z')
        return 0;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
            return 0;
    return 1;
}

/* Adds key to keys[*n] unless already there. */
static void add_key(const char **keys, size_t *n, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(keys[i], key) == 0)
            return;
    keys[(*n)++] = key;
}

/*
 * Builds enum items from "value|alias|alias" strings.  Returns -1 (after
 * tz_error) when a value is empty or two items share a key.
 */
static int build_items(loader *L, const char *section, const char *key, const char *const *texts, size_t n,
                       tz_column *c)
{
    tz_arena *a = &L->s->arena;
    c->values = tz_arena_alloc(a, (n + 1) * sizeof *c->values);
    c->nvalues = 0;
    for (size_t i = 0; i < n; i++) {
        size_t np;
        const char **parts = tz_text_split(a, texts[i], BAR_SEPARATORS, &np);
        if (np == 0)
            return schema_error(L, line_of(L, section, key), "[%s] %s 中有空的取值", section, key);
        const char **keys = tz_arena_alloc(a, np * sizeof *keys);
        size_t nk = 0;
        for (size_t p = 0; p < np; p++) {
            const char *k = tz_norm(a, parts[p], strlen(parts[p]));
            int other = tz_enum_find(c->values, c->nvalues, k);
            if (other >= 0)
                return schema_error(L, line_of(L, section, key), "[%s] %s 中“%s”同时属于“%s”和“%s”", section,
                                    key, parts[p], c->values[other].value, parts[0]);
            add_key(keys, &nk, k);
        }
        /* a state shows users its first alias (已完成), not its name (closed) */
        const char *label = c->type == TZ_COL_STATE && np > 1 ? parts[1] : parts[0];
        c->values[c->nvalues++] = (tz_enum_item){ parts[0], label, keys, nk };
    }
    return 0;
}

/* State values are exactly open / in_progress / closed: put them in tz_state order. */
static int order_states(loader *L, const char *section, tz_column *c)
{
    tz_enum_item ordered[COUNT(state_names)];
    int seen[COUNT(state_names)] = { 0 };
    for (size_t i = 0; i < c->nvalues; i++) {
        size_t s = 0;
        while (s < COUNT(state_names) && strcmp(c->values[i].value, state_names[s]) != 0)
            s++;
        if (s == COUNT(state_names) || seen[s])
            break;
        seen[s] = 1;
        ordered[s] = c->values[i];
    }
    if (c->nvalues != COUNT(state_names) || !seen[0] || !seen[1] || !seen[2])
        return schema_error(L, line_of(L, section, "values"),
                            "[%s] 是 state 类型，values 应恰好是 open、in_progress、closed 三项（各带别名）",
                            section);
    memcpy(c->values, ordered, sizeof ordered);
    return 0;
}

/* The category column's values: the campaign's categories and 其他. */
static int category_items(loader *L, const char *section, const char *const *cats, size_t ncat, tz_column *c)
{
    if (build_items(L, section, "values", cats, ncat, c) < 0)
        return -1;
    c->other_value = tz_enum_find(c->values, c->nvalues, "其他");
    if (c->other_value < 0)
        c->other_value = tz_enum_find(c->values, c->nvalues, "其它");
    if (c->other_value < 0) {
        static const char *const other[] = { "其他|其它" };
        tz_column extra = { 0 };
        if (build_items(L, section, "values", other, 1, &extra) < 0)
            return -1;
        c->values[c->nvalues] = extra.values[0];
        c->other_value = (int)c->nvalues++;
    }
    return 0;
}

/* ---- building kinds and columns ------------------------------------------------ */

static int build_column(loader *L, const char *section, tz_kind *k, const char *colkey,
                        const char *const *cats, size_t ncat)
{
    tz_arena *a = &L->s->arena;
    int line = line_of(L, section, NULL);
    if (!valid_key(colkey))
        return schema_error(
            L, line, "[%s] 的列名“%s”应由小写英文字母、数字和下划线组成，以字母开头（它将成为数据库的列名）",
            section, colkey);
    /* an unknown key is a typo of a known one: the column's other checks still run */
    int rc = tz_ini_check_keys(L->ini, &L->probs, section, column_keys);
    tz_column *c = &k->columns[k->ncolumns];
    memset(c, 0, sizeof *c);
    c->key = tz_arena_strdup(a, colkey);
    c->empty_value = c->other_value = -1;

    const char *header = tz_ini_get(L->ini, section, "header");
    c->header = header ? tz_text_clean(a, header, strlen(header)) : "";
    if (!*c->header)
        return schema_error(L, line, "[%s] 缺少 header（表头文字）", section);
    const char *aliases = tz_ini_get(L->ini, section, "aliases");
    c->aliases = tz_text_split(a, aliases ? aliases : "", TZ_LIST_SEPARATORS, &c->naliases);
    c->keys = tz_arena_alloc(a, (c->naliases + 1) * sizeof *c->keys);
    add_key(c->keys, &c->nkeys, tz_norm(a, c->header, strlen(c->header)));
    for (size_t i = 0; i < c->naliases; i++)
        add_key(c->keys, &c->nkeys, tz_norm(a, c->aliases[i], strlen(c->aliases[i])));

    const char *type = tz_ini_get(L->ini, section, "type");
    if (!type || !*type)
        return schema_error(
            L, line,
            "[%s] 缺少 type（text、int、money、date、deadline、time、enum、state、category、ignore）",
            section);
    char tkey[32];
    size_t t = 0;
    if (tz_norm_buf(tkey, sizeof tkey, type, strlen(type)) < 0)
        t = COUNT(type_names);
    while (t < COUNT(type_names) && strcmp(tkey, type_names[t]) != 0)
        t++;
    if (t == COUNT(type_names))
        return schema_error(
            L, line_of(L, section, "type"),
            "[%s] 的 type “%s”未知（可用：text、int、money、date、deadline、time、enum、state、category、ignore）",
            section, type);
    c->type = (tz_col_type)t;

    const char *req = tz_ini_get(L->ini, section, "required");
    if (req && parse_bool(req, &c->required) < 0)
        return schema_error(L, line_of(L, section, "required"), "[%s] 的 required 应为 yes 或 no，而不是“%s”",
                            section, req);
    if (c->required && c->type == TZ_COL_IGNORE)
        return schema_error(L, line, "[%s] 是 ignore 类型，不能是 required", section);

    const char *values = tz_ini_get(L->ini, section, "values");
    int has_values = c->type == TZ_COL_ENUM || c->type == TZ_COL_STATE;
    if (values && !has_values)
        return schema_error(L, line_of(L, section, "values"), "[%s] 是 %s 类型，不能有 values（%s）", section,
                            type,
                            c->type == TZ_COL_CATEGORY ? "问题类别来自 config.ini 的 categories"
                                                       : "只有 enum 和 state 有取值");
    if (has_values) {
        size_t n;
        const char **items = tz_text_split(&L->tmp, values ? values : "", TZ_LIST_SEPARATORS, &n);
        if (n == 0)
            return schema_error(L, line, "[%s] 是 %s 类型，缺少 values（如 values = 来信|信件,来电|电话）",
                                section, type);
        if (build_items(L, section, "values", items, n, c) < 0)
            return -1;
        if (c->type == TZ_COL_STATE && order_states(L, section, c) < 0)
            return -1;
    }
    if (c->type == TZ_COL_CATEGORY && category_items(L, section, cats, ncat, c) < 0)
        return -1;

    const char *empty = tz_ini_get(L->ini, section, "empty");
    if (empty && *empty) {
        char key[TZ_NORM_MAX];
        if (!has_values || tz_norm_buf(key, sizeof key, empty, strlen(empty)) < 0 ||
            (c->empty_value = tz_enum_find(c->values, c->nvalues, key)) < 0)
            return schema_error(L, line_of(L, section, "empty"), "[%s] 的 empty “%s”不是这一列的取值",
                                section, empty);
    }

    const char *role = tz_ini_get(L->ini, section, "role");
    if (role && *role) {
        size_t r = 1;
        while (r < TZ_CR_COUNT && strcmp(role, role_names[r]) != 0)
            r++;
        if (r == TZ_CR_COUNT)
            return schema_error(L, line_of(L, section, "role"),
                                "[%s] 的 role “%s”未知（可用：unit、via、path、desc、seq、status、deadline、"
                                "done_date、voters、times、persons、satisfied、basic、unsatisfied）",
                                section, role);
        for (size_t i = 0; i < k->ncolumns; i++)
            if (k->columns[i].role == (tz_col_role)r)
                return schema_error(L, line_of(L, section, "role"),
                                    "role = %s 已由 [%s.%s] 声明，一种报表中只能有一列", role, k->key,
                                    k->columns[i].key);
        c->role = (tz_col_role)r;
    }

    /* a header text must lead to one column only */
    for (size_t i = 0; i < k->ncolumns; i++)
        for (size_t j = 0; j < c->nkeys; j++)
            for (size_t m = 0; m < k->columns[i].nkeys; m++)
                if (strcmp(c->keys[j], k->columns[i].keys[m]) == 0)
                    return schema_error(L, line, "表头“%s”同时属于 [%s.%s] 和 [%s]", c->keys[j], k->key,
                                        k->columns[i].key, section);
    k->ncolumns++;
    return rc;
}

static int build_kind(loader *L, const char *section, tz_kind *k)
{
    tz_arena *a = &L->s->arena;
    int line = line_of(L, section, NULL);
    int rc = 0;
    memset(k, 0, sizeof *k);
    k->key = tz_arena_strdup(a, section);
    k->accumulate_col = -1;
    if (!valid_key(section))
        rc = schema_error(L, line,
                          "节名 [%s] 应由小写英文字母、数字和下划线组成，以字母开头（它将成为数据库的表名）",
                          section);
    for (size_t i = 0; i < COUNT(reserved_tables); i++)
        if (strcmp(section, reserved_tables[i]) == 0)
            rc = schema_error(L, line, "[%s] 这个名字留作程序自己的表，请换一个", section);
    if (tz_ini_check_keys(L->ini, &L->probs, section, kind_keys) < 0)
        rc = -1;
    const char *name = tz_ini_get(L->ini, section, "name");
    k->name = name ? tz_text_clean(a, name, strlen(name)) : "";
    if (!*k->name)
        rc = schema_error(L, line, "[%s] 缺少 name（表格的中文名称，如 问题清单）", section);
    const char *office = tz_ini_get(L->ini, section, "office");
    if (office && parse_bool(office, &k->office) < 0)
        rc = schema_error(L, line_of(L, section, "office"), "[%s] 的 office 应为 yes 或 no，而不是“%s”",
                          section, office);
    const char *acc = tz_ini_get(L->ini, section, "accumulate");
    k->accumulate = acc && *acc ? tz_text_clean(a, acc, strlen(acc)) : NULL;
    size_t n;
    const char *sheets = tz_ini_get(L->ini, section, "sheets");
    const char **list = tz_text_split(a, sheets ? sheets : "", TZ_LIST_SEPARATORS, &n);
    k->sheets = tz_arena_alloc(a, (n + 1) * sizeof *k->sheets);
    k->sheet_keys = tz_arena_alloc(a, (n + 1) * sizeof *k->sheet_keys);
    k->sheets[0] = k->name;
    k->sheet_keys[0] = tz_norm(a, k->name, strlen(k->name));
    k->nsheets = 1;
    for (size_t i = 0; i < n; i++) {
        const char *key = tz_norm(a, list[i], strlen(list[i]));
        size_t before = k->nsheets;
        add_key(k->sheet_keys, &k->nsheets, key);
        if (k->nsheets > before)
            k->sheets[before] = list[i];
    }
    return rc;
}

/* Index of the kind named key, or s->nkinds. */
static size_t kind_index(const tz_schema *s, const char *key)
{
    size_t i = 0;
    while (i < s->nkinds && strcmp(s->kinds[i].key, key) != 0)
        i++;
    return i;
}

/* Whether the section is a column ("kind.col"); sets *dot. */
static int is_column(const char *section, const char **dot)
{
    *dot = strchr(section, '.');
    return *dot != NULL;
}

/* The checks of a kind that need all its columns and the kinds before it. */
static int check_kind(loader *L, size_t i)
{
    tz_schema *s = L->s;
    tz_kind *k = &s->kinds[i];
    if (k->ncolumns == 0)
        return schema_error(L, line_of(L, k->key, NULL), "[%s] 没有任何列（应有 [%s.列名] 节）", k->key,
                            k->key);
    int rc = 0;
    if (k->accumulate) {
        int c = tz_kind_column_by_key(k, k->accumulate);
        if (c < 0 || k->columns[c].type != TZ_COL_DATE)
            rc = schema_error(L, line_of(L, k->key, "accumulate"),
                              "[%s] 的 accumulate 应为本表一个日期列的列名，而不是“%s”", k->key,
                              k->accumulate);
        k->accumulate_col = c;
    }
    for (size_t j = 0; j < k->nsheets; j++) {
        for (size_t m = 0; m < i; m++)
            for (size_t q = 0; q < s->kinds[m].nsheets; q++)
                if (strcmp(k->sheet_keys[j], s->kinds[m].sheet_keys[q]) == 0)
                    rc = schema_error(L, line_of(L, k->key, "sheets"), "工作表名“%s”同时属于 [%s] 和 [%s]",
                                      k->sheets[j], s->kinds[m].key, k->key);
        for (size_t q = 0; q < s->nskip; q++)
            if (strcmp(k->sheet_keys[j], s->skip_keys[q]) == 0)
                rc = schema_error(L, line_of(L, "skip", "sheets"), "工作表名“%s”既属于 [%s] 又列在 [skip] 中",
                                  k->sheets[j], k->key);
    }
    return rc;
}

static void build_skip(loader *L)
{
    tz_schema *s = L->s;
    tz_arena *a = &s->arena;
    const char *v = tz_ini_get(L->ini, "skip", "sheets");
    const char *dv = tz_ini_get(L->ini, "skip", "derived");
    size_t nplain, nderived;
    const char **plain = tz_text_split(a, v ? v : "", TZ_LIST_SEPARATORS, &nplain);
    const char **derived = tz_text_split(a, dv ? dv : "", TZ_LIST_SEPARATORS, &nderived);
    s->nskip = nplain + nderived;
    s->nskip_plain = nplain;
    s->skip_keys = tz_arena_alloc(a, (s->nskip + 1) * sizeof *s->skip_keys);
    for (size_t j = 0; j < s->nskip; j++) {
        const char *name = j < nplain ? plain[j] : derived[j - nplain];
        s->skip_keys[j] = tz_norm(a, name, strlen(name));
    }
}

/* How many [kind.column] sections the file has for kind. */
static size_t count_columns(const loader *L, const char *kind)
{
    size_t n = 0, len = strlen(kind);
    for (size_t i = 0; i < L->nents; i++)
        n += !L->ents[i].key && !L->ents[i].prev && strncmp(L->ents[i].section, kind, len) == 0 &&
             L->ents[i].section[len] == '.';
    return n;
}

/* Builds every kind and column, recording each mistake; -1 when any. */
static int build(loader *L, const char *const *cats, size_t ncat)
{
    tz_schema *s = L->s;
    tz_arena *a = &s->arena;
    size_t nsections = 0;
    for (size_t i = 0; i < L->nents; i++)
        nsections += L->ents[i].key == NULL;
    s->kinds = tz_arena_alloc(a, (nsections + 1) * sizeof *s->kinds);
    /* a kind with a mistake (its own or a column's) skips check_kind() */
    enum { GOOD, BAD, OVER }; /* OVER: too many columns, said already */
    char *bad = tz_arena_alloc(&L->tmp, nsections + 1);
    memset(bad, GOOD, nsections + 1);
    int rc = 0, too_many = 0;

    /* kinds first, so that a column may come before its kind in the file */
    for (size_t i = 0; i < L->nents; i++) {
        const tz_ini_entry *e = &L->ents[i];
        const char *dot;
        /* a repeated section was said by read_file(); iniparser merged it into the first */
        if (e->key || e->prev || is_column(e->section, &dot))
            continue;
        if (strcmp(e->section, "skip") == 0) {
            if (tz_ini_check_keys(L->ini, &L->probs, e->section, skip_keys) < 0)
                rc = -1;
            build_skip(L);
            continue;
        }
        if (s->nkinds >= TZ_SCHEMA_MAX_KINDS) {
            /* said once, at the first kind too many */
            if (!too_many)
                rc = schema_error(L, e->line, "[%s] 是第 %zu 种报表，最多 %d 种", e->section, s->nkinds + 1,
                                  TZ_SCHEMA_MAX_KINDS);
            too_many = 1;
            continue;
        }
        /* kept even with a mistake, so that its columns are checked and not called orphans */
        if (build_kind(L, e->section, &s->kinds[s->nkinds]) < 0)
            bad[s->nkinds] = BAD, rc = -1;
        s->kinds[s->nkinds].columns = tz_arena_alloc(a, nsections * sizeof(tz_column));
        s->nkinds++;
    }
    if (s->nkinds == 0 && rc == 0 && L->probs.n == 0)
        return schema_error(L, 0, "没有定义任何表格种类（如 [problem]）");

    for (size_t i = 0; i < L->nents; i++) {
        const tz_ini_entry *e = &L->ents[i];
        const char *dot;
        if (e->key || e->prev || !is_column(e->section, &dot))
            continue;
        char *kind = tz_arena_strndup(&L->tmp, e->section, (size_t)(dot - e->section));
        size_t ki = kind_index(s, kind);
        if (ki == s->nkinds) {
            /* a kind refused for its number was reported already */
            if (!too_many || tz_ini_find(L->ini, kind, NULL) == NULL)
                rc = schema_error(L, e->line, "[%s] 所属的表格种类 [%s] 没有定义", e->section, kind);
            continue;
        }
        tz_kind *k = &s->kinds[ki];
        if (k->ncolumns >= TZ_KIND_MAX_COLUMNS) {
            /* said once, at the first column too many */
            if (bad[ki] != OVER)
                rc = schema_error(L, e->line, "[%s] 有 %zu 列，一种报表最多 %d 列（从 [%s] 起多出）", k->key,
                                  count_columns(L, kind), TZ_KIND_MAX_COLUMNS, e->section);
            bad[ki] = OVER;
            continue;
        }
        if (build_column(L, e->section, k, dot + 1, cats, ncat) < 0 && bad[ki] != OVER)
            bad[ki] = BAD, rc = -1;
    }

    for (size_t i = 0; i < s->nkinds; i++)
        if (bad[i] == GOOD && check_kind(L, i) < 0)
            rc = -1;
    return rc;
}

int tz_schema_load(const char *path, const char *const *categories, size_t ncat, tz_schema **out)
{
    *out = NULL;
    loader L = { 0 };
    L.path = path;
    L.s = tz_xcalloc(1, sizeof *L.s);
    L.s->path = tz_arena_strdup(&L.s->arena, path);
    int rc = read_file(&L);
    size_t nsyntax = 0;
    /* a repeat or a stray key leaves the values readable, a syntax error does not */
    if (L.ini && (tz_ini_errors(L.ini, &nsyntax), nsyntax == 0) && build(&L, categories, ncat) < 0)
        rc = -1;
    if (L.ini && tz_ini_problems_report(&L.probs, path) < 0)
        rc = -1;
    tz_ini_free(L.ini);
    tz_arena_free(&L.tmp);
    if (rc < 0) {
        tz_schema_free(L.s);
        return -1;
    }
    *out = L.s;
    return 0;
}

void tz_schema_free(tz_schema *s)
{
    if (!s)
        return;
    tz_arena_free(&s->arena);
    free(s);
}

/* ---- lookups ------------------------------------------------------------------- */

const tz_kind *tz_schema_kind(const tz_schema *s, const char *key)
{
    size_t i = kind_index(s, key);
    return i < s->nkinds ? &s->kinds[i] : NULL;
}

static int in_keys(const char *const *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return 1;
    return 0;
}

const tz_kind *tz_schema_kind_by_sheet(const tz_schema *s, const char *name, size_t len)
{
    char key[TZ_NORM_MAX];
    if (tz_norm_buf(key, sizeof key, name, len) <= 0)
        return NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < s->nkinds; i++)
            if (in_keys(s->kinds[i].sheet_keys, s->kinds[i].nsheets, key))
                return &s->kinds[i];
        tz_norm_strip(key);
    }
    return NULL;
}

tz_skip tz_schema_skip_sheet(const tz_schema *s, const char *name, size_t len)
{
    char key[TZ_NORM_MAX];
    if (tz_norm_buf(key, sizeof key, name, len) <= 0)
        return TZ_SKIP_NONE;
    /* A ledger's continuation sheets are "超期问题（2）": the name without its bracket counts too. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < s->nskip; i++)
            if (strcmp(s->skip_keys[i], key) == 0)
                return i < s->nskip_plain ? TZ_SKIP_PLAIN : TZ_SKIP_DERIVED;
        tz_norm_strip(key);
    }
    return TZ_SKIP_NONE;
}

void tz_header_prepare(tz_header *h, tz_arena *a, const char *text, size_t len)
{
    h->full = tz_norm(a, text, len);
    char *bare = tz_arena_strdup(a, h->full);
    tz_norm_strip(bare);
    h->bare = bare;
}

int tz_kind_column(const tz_kind *k, const tz_header *h, int *rank)
{
    if (!*h->full)
        return -1;
    const char *tries[2] = { h->full, h->bare };
    for (int r = 0; r < 2; r++)
        for (size_t i = 0; i < k->ncolumns; i++)
            if (in_keys(k->columns[i].keys, k->columns[i].nkeys, tries[r])) {
                if (rank)
                    *rank = r;
                return (int)i;
            }
    return -1;
}

const char *tz_col_role_name(tz_col_role r)
{
    return r > TZ_CR_NONE && r < TZ_CR_COUNT ? role_names[r] : NULL;
}

int tz_kind_column_by_role(const tz_kind *k, tz_col_role r)
{
    const char *name = tz_col_role_name(r);
    if (!name)
        return -1;
    for (size_t i = 0; i < k->ncolumns; i++)
        if (k->columns[i].role == r)
            return (int)i;
    int c = tz_kind_column_by_key(k, name);
    return c >= 0 && k->columns[c].role == TZ_CR_NONE ? c : -1;
}

int tz_kind_column_by_key(const tz_kind *k, const char *key)
{
    for (size_t i = 0; i < k->ncolumns; i++)
        if (strcmp(k->columns[i].key, key) == 0)
            return (int)i;
    return -1;
}

int tz_column_value(const tz_column *c, const char *text, size_t len)
{
    if (c->nvalues == 0)
        return -1;
    char key[TZ_NORM_MAX];
    if (tz_norm_buf(key, sizeof key, text, len) < 0)
        return -1;
    if (!*key)
        return c->empty_value;
    int i = tz_enum_find(c->values, c->nvalues, key);
    if (i < 0) {
        tz_norm_strip(key);
        i = tz_enum_find(c->values, c->nvalues, key);
    }
    return i;
}
