/*
 * layout.c — reads templates/ledger.ini (see layout.h, docs/ledger.md).
 *
 * Like schemas.ini, every mistake of the file is recorded (tz_ini_problems)
 * and loading goes on, so that one run shows them all, each at its line: a
 * wrong value at the line of its key, a missing key at its [section].
 */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "issue.h"
#include "value.h"

const char *const tz_correction_names[] = { "单位",   "活动", "发文单位", "日期", "截止日期",
                                            "联系人", "条数", "错误",     "警告", NULL };
const char *const tz_reminder_names[] = { "活动", "发文单位", "日期", "期次", NULL };
const char *const tz_help_names[] = { "活动", "日期", "时限", "时限中文", NULL };

/* One section of ledger.ini being read. */
typedef struct {
    const tz_ini *ini;
    tz_ini_problems *probs;
    const tz_ini_entry *at; /* its [section] line */
    const char *sec;
    tz_arena *a;
} section;

/* Records a mistake at the line of `key` (at the [section] line when key
 * is NULL or not written).  Returns -1. */
static int layout_error(const section *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int layout_error(const section *c, const char *key, const char *fmt, ...)
{
    const tz_ini_entry *e = key ? tz_ini_find(c->ini, c->sec, key) : NULL;
    if (!e)
        e = c->at;
    va_list ap;
    va_start(ap, fmt);
    tz_ini_problemv(c->probs, e->line, e->text, fmt, ap);
    va_end(ap);
    return -1;
}

/* The value of `key` in the arena, NULL when it is absent or empty. */
static const char *get(const section *c, const char *key)
{
    const char *v = tz_ini_get(c->ini, c->sec, key);
    return v && *v ? tz_arena_strdup(c->a, v) : NULL;
}

/* b[0..e) trimmed, in the arena. */
static const char *part(const section *c, const char *b, const char *e)
{
    return tz_text_clean(c->a, b, (size_t)(e - b));
}

/* overdue = 是否超期 (rows where it is 是) or 状态=未报. */
static int load_rule(const section *c, const char *key, tz_layout_rule *r)
{
    const char *v = get(c, key);
    r->col = r->value = NULL;
    if (!v)
        return 0;
    const char *eq = strchr(v, '=');
    r->col = eq ? part(c, v, eq) : v;
    r->value = eq ? part(c, eq + 1, eq + strlen(eq)) : "是";
    if (!*r->col || !*r->value)
        return layout_error(c, key, "[%s] %s“%s”应写成“列名”或“列名=取值”", c->sec, key, v);
    return 0;
}

/* `列名:宽度, …` (the value of `key`) as an array in the arena and its
 * length in *n; NULL after recording each bad item. */
static tz_layout_width *load_widths(const section *c, const char *key, const char *v, size_t *n)
{
    size_t len;
    const char **items = tz_text_split(c->a, v, TZ_LIST_SEPARATORS, &len);
    tz_layout_width *w = tz_arena_alloc(c->a, (len ? len : 1) * sizeof *w);
    int rc = 0;
    for (size_t i = 0; i < len; i++) {
        const char *colon = strrchr(items[i], ':');
        char *end = NULL;
        double width = colon ? strtod(colon + 1, &end) : 0;
        if (!colon || colon == items[i] || end == colon + 1 || *end || width < 1 || width > 255)
            rc = layout_error(c, key, "[%s] %s 中的“%s”应写成“列名:宽度”（宽度 1–255）", c->sec, key,
                              items[i]);
        else
            w[i] = (tz_layout_width){ part(c, items[i], colon), width };
    }
    *n = len;
    return rc == 0 ? w : NULL;
}

/* `key` = one of `words`: its index into *out, -1 when the key is not
 * written; -1 after recording what it should be. */
static int load_choice(const section *c, const char *key, const char *const *words, const char *should,
                       int *out)
{
    const char *v = get(c, key);
    *out = -1;
    if (!v)
        return 0;
    for (int i = 0; words[i]; i++)
        if (strcmp(v, words[i]) == 0)
            return *out = i, 0;
    return layout_error(c, key, "[%s] %s“%s”%s", c->sec, key, v, should);
}

static void load_sheet(const section *c, tz_layout_sheet *s)
{
    static const char *const keys[] = { "name",        "title",   "metric",   "empty",  "totals", "ratio",
                                        "percent",     "overdue", "due_soon", "widths", "split",  "paper",
                                        "orientation", "office",  "key",      "needs",  "pivot",  "columns",
                                        "late",        "rollup",  "weekly",   NULL };
    static const char *const papers[] = { "A4", "A3", NULL };
    static const char *const orientations[] = { "landscape", "portrait", NULL };
    static const char *const needs[] = { "weekly", "rollup", NULL };
    tz_ini_check_keys(c->ini, c->probs, c->sec, keys);
    memset(s, 0, sizeof *s);
    s->section = tz_arena_strdup(c->a, c->sec);
    s->name = get(c, "name");
    s->metric = get(c, "metric");
    if (!s->name || !s->metric)
        layout_error(c, NULL, "[%s] 必须有 name（工作表名）和 metric（指标名）", c->sec);
    s->rollup = get(c, "rollup");
    s->title = get(c, "title");
    if (!s->title)
        s->title = s->name;
    s->empty = get(c, "empty");
    if (!s->empty)
        s->empty = "本期没有数据";
    s->totals = get(c, "totals");
    load_rule(c, "overdue", &s->overdue);
    load_rule(c, "due_soon", &s->due_soon);
    int paper, orientation, need;
    load_choice(c, "paper", papers, "应为 A4 或 A3", &paper);
    load_choice(c, "orientation", orientations, "应为 landscape（横向）或 portrait（纵向）", &orientation);
    load_choice(c, "needs", needs, "只能是 weekly（启用周报时才有这张表）或 rollup（层层汇总时才有这张表）",
                &need);
    s->paper = paper == 1 ? 8 : 9;
    s->portrait = orientation == 1;
    s->weekly = need == 0;
    s->needs_rollup = need == 1;
    const char *v;
    if ((v = get(c, "office")))
        s->office = tz_text_split(c->a, v, TZ_LIST_SEPARATORS, &s->noffice);
    if ((v = get(c, "key")))
        s->keys = tz_text_split(c->a, v, TZ_LIST_SEPARATORS, &s->nkeys);
    if ((v = get(c, "weekly")))
        s->weekly_cols = tz_text_split(c->a, v, TZ_LIST_SEPARATORS, &s->nweekly_cols);
    s->columns = get(c, "columns");
    s->late = get(c, "late");
    if ((v = get(c, "pivot"))) {
        const char *colon = strchr(v, ':');
        if (!colon || colon == v || !colon[1] || !s->columns)
            layout_error(c, "pivot", "[%s] pivot“%s”应写成“事项列:情况列”，并用 columns 指明各列的指标",
                         c->sec, v);
        else {
            s->pivot_item = part(c, v, colon);
            s->pivot_value = part(c, colon + 1, colon + strlen(colon));
        }
    }
    if ((v = get(c, "percent")))
        s->percent = tz_text_split(c->a, v, TZ_LIST_SEPARATORS, &s->npercent);
    if ((v = get(c, "ratio"))) {
        size_t n;
        const char **items = tz_text_split(c->a, v, TZ_LIST_SEPARATORS, &n);
        s->ratios = tz_arena_alloc(c->a, (n ? n : 1) * sizeof *s->ratios);
        for (size_t i = 0; i < n; i++) {
            const char *eq = strchr(items[i], '='), *sl = eq ? strchr(eq, '/') : NULL;
            if (!eq || !sl) {
                layout_error(c, "ratio", "[%s] ratio“%s”应写成“率 = 分子列 / 分母列”", c->sec, items[i]);
                continue;
            }
            tz_layout_ratio *r = &s->ratios[s->nratios++];
            r->name = part(c, items[i], eq);
            r->num = part(c, eq + 1, sl);
            r->den = part(c, sl + 1, sl + strlen(sl));
        }
    }
    s->split = TZ_SHEET_ROOM;
    if ((v = get(c, "split"))) {
        char *end = NULL;
        long long rows = strtoll(v, &end, 10);
        if (end == v || *end || rows < 1 || rows > TZ_SHEET_ROOM)
            layout_error(c, "split", "[%s] split“%s”应为每张工作表的数据行数（1–%d）", c->sec, v,
                         TZ_SHEET_ROOM);
        else
            s->split = (size_t)rows;
    }
    if ((v = get(c, "widths")))
        s->widths = load_widths(c, "widths", v, &s->nwidths);
}

static void load_chart(const section *c, tz_layout_chart *ch)
{
    static const char *const keys[] = { "title", "type", "metric", "value", "red", NULL };
    static const char *const types[] = { "column", "bar", "pie", NULL };
    tz_ini_check_keys(c->ini, c->probs, c->sec, keys);
    ch->section = tz_arena_strdup(c->a, c->sec);
    ch->title = get(c, "title");
    ch->metric = get(c, "metric");
    ch->value = get(c, "value");
    ch->red = get(c, "red");
    if (!ch->title || !ch->metric)
        layout_error(c, NULL, "[%s] 必须有 title（图表标题）和 metric（指标名）", c->sec);
    int type;
    load_choice(c, "type", types, "应为 column、bar 或 pie", &type);
    ch->type = type < 0 ? TZ_CHART_COLUMN : (tz_chart_type)type;
}

static int name_index(const char *const *names, const char *s, size_t len)
{
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return (int)i;
    return -1;
}

/* Checks that every {{名称}} in the value of `key` is one of `names`: a
 * typo is recorded at its line, with the names there are. */
static int check_text(const section *c, const char *key, const char *v, const char *const *names)
{
    for (const char *p = strstr(v, "{{"); p; p = strstr(p, "{{")) {
        const char *e = strstr(p + 2, "}}");
        if (e && name_index(names, p + 2, (size_t)(e - p - 2)) >= 0) {
            p = e + 2;
            continue;
        }
        char known[256] = "";
        size_t kl = 0;
        for (size_t i = 0; names[i]; i++)
            kl += (size_t)snprintf(known + kl, kl < sizeof known ? sizeof known - kl : 0, "%s{{%s}}",
                                   i ? "、" : "", names[i]);
        return layout_error(c, key, "[%s] %s 中的“%.*s”%s（可用的名称：%s）", c->sec, key,
                            e ? (int)(e + 2 - p) : (int)strlen(p), p, e ? "不是可用的名称" : "缺少 }}",
                            known);
    }
    return 0;
}

int tz_layout_fill(char *buf, size_t size, const char *pattern, const char *const *names,
                   const char *const *values)
{
    size_t n = 0;
    int full = 1;
    buf[0] = 0;
    for (const char *p = pattern; *p && n + 1 < size;) {
        const char *e = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
        int k = e ? name_index(names, p + 2, (size_t)(e - p - 2)) : -1;
        if (k < 0) {
            buf[n++] = *p++;
            continue;
        }
        const char *v = values[k] ? values[k] : "";
        full = full && *v;
        n += (size_t)snprintf(buf + n, size - n, "%s", v);
        n = n < size ? n : size - 1;
        p = e + 2;
    }
    buf[n] = 0;
    return full;
}

/* A required text key of the section, checked against `names`; NULL after
 * recording why. */
static const char *get_text(const section *c, const char *key, const char *const *names)
{
    const char *v = get(c, key);
    if (!v)
        return layout_error(c, NULL, "[%s] 缺少 %s", c->sec, key), NULL;
    return check_text(c, key, v, names) == 0 ? v : NULL;
}

/* [correction_list]: title, sheet, line1 … line9 and the seven columns. */
static void load_correction(const section *c, tz_layout_correction *d)
{
    static const char *const keys[] = { "title", "sheet", "line1", "line2", "line3",   "line4", "line5",
                                        "line6", "line7", "line8", "line9", "columns", NULL };
    tz_ini_check_keys(c->ini, c->probs, c->sec, keys);
    memset(d, 0, sizeof *d);
    d->title = get_text(c, "title", tz_correction_names);
    d->sheet = get_text(c, "sheet", tz_correction_names);
    for (int i = 0; i < TZ_TEXT_LINES; i++) {
        char key[8];
        snprintf(key, sizeof key, "line%d", i + 1);
        const char *v = get(c, key);
        if (v && check_text(c, key, v, tz_correction_names) == 0)
            d->lines[d->nlines++] = v;
    }
    const char *v = get(c, "columns");
    size_t n = 0;
    tz_layout_width *w = v ? load_widths(c, "columns", v, &n) : NULL;
    if (v && !w)
        return;
    if (n != TZ_CORR_COLS) {
        layout_error(c, "columns",
                     "[%s] columns 应依次写出 %d 列的表头和宽度（序号、级别、文件、工作表、单元格、问题描述、"
                     "问题及修改要求），如 序号:6, 级别:7, …",
                     c->sec, TZ_CORR_COLS);
        return;
    }
    memcpy(d->columns, w, sizeof d->columns);
}

/* [reminder_list]: notice and sign. */
static void load_reminder(const section *c, tz_layout_reminder *r)
{
    static const char *const keys[] = { "notice", "sign", NULL };
    tz_ini_check_keys(c->ini, c->probs, c->sec, keys);
    r->notice = get_text(c, "notice", tz_reminder_names);
    r->sign = get_text(c, "sign", tz_reminder_names);
}

/* [blank_template]: title, line1 … line9 and required. */
static void load_help(const section *c, tz_layout_help *h)
{
    static const char *const keys[] = { "title", "line1", "line2", "line3", "line4",    "line5",
                                        "line6", "line7", "line8", "line9", "required", NULL };
    static const char *const labels[] = { "填报单位", "填报日期" };
    tz_ini_check_keys(c->ini, c->probs, c->sec, keys);
    memset(h, 0, sizeof *h);
    h->title = get_text(c, "title", tz_help_names);
    h->required = get_text(c, "required", tz_help_names);
    for (int i = 0; i < TZ_TEXT_LINES; i++) {
        char key[8];
        snprintf(key, sizeof key, "line%d", i + 1);
        const char *v = get(c, key);
        if (v && check_text(c, key, v, tz_help_names) == 0)
            h->lines[h->nlines++] = v;
    }
    for (size_t k = 0; keys[k]; k++) {
        const char *v = get(c, keys[k]);
        for (size_t j = 0; v && j < 2; j++)
            if (strstr(v, labels[j]))
                layout_error(
                    c, keys[k],
                    "[%s] %s 中不能出现“%s”：单位交回的工作簿靠这几个字找填报单位和日期，会把说明误认作填写的内容",
                    c->sec, keys[k], labels[j]);
    }
}

/* Whether sec is prefix followed by a number: sheet1, chart12. */
static int numbered(const char *sec, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(sec, prefix, n) != 0 || !sec[n])
        return 0;
    for (const char *p = sec + n; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

/* Every section of the file, in file order, into l; mistakes into probs. */
static void load_sections(tz_layout *l, const tz_ini *ini, tz_ini_problems *probs)
{
    size_t nent;
    const tz_ini_entry *ents = tz_ini_entries(ini, &nent);
    size_t cap = 1;
    for (size_t i = 0; i < nent; i++)
        cap += ents[i].key == NULL;
    l->sheets = tz_arena_alloc(&l->arena, cap * sizeof *l->sheets);
    l->reminders = tz_arena_alloc(&l->arena, cap * sizeof *l->reminders);
    l->charts = tz_arena_alloc(&l->arena, cap * sizeof *l->charts);
    l->charts_name = "图表";
    for (size_t i = 0; i < nent; i++) {
        const tz_ini_entry *e = &ents[i];
        if (e->key || e->prev || !*e->section) /* a key line, or a repeat (tz_ini_check_lines said so) */
            continue;
        section c = { ini, probs, e, e->section, &l->arena };
        if (numbered(c.sec, "sheet"))
            load_sheet(&c, &l->sheets[l->nsheets++]);
        else if (numbered(c.sec, "reminder"))
            load_sheet(&c, &l->reminders[l->nreminders++]);
        else if (numbered(c.sec, "chart"))
            load_chart(&c, &l->charts[l->ncharts++]);
        else if (strcmp(c.sec, "correction_list") == 0)
            load_correction(&c, &l->correction);
        else if (strcmp(c.sec, "reminder_list") == 0)
            load_reminder(&c, &l->reminder);
        else if (strcmp(c.sec, "blank_template") == 0)
            load_help(&c, &l->help);
        else if (strcmp(c.sec, "charts") == 0) {
            static const char *const keys[] = { "name", NULL };
            tz_ini_check_keys(ini, probs, c.sec, keys);
            const char *n = get(&c, "name");
            if (n)
                l->charts_name = n;
        } else
            layout_error(&c, NULL,
                         "未知的节 [%s]（应为 sheetN、reminderN、charts、chartN、correction_list、"
                         "reminder_list 或 blank_template）",
                         c.sec);
    }
}

/* What only the whole file shows: sheet names said twice, the sections it must have. */
static void check_whole(const tz_layout *l, const tz_ini *ini, tz_ini_problems *probs)
{
    for (size_t i = 0; i < l->nsheets; i++)
        for (size_t j = 0; j < i; j++)
            if (l->sheets[i].name && l->sheets[j].name && strcmp(l->sheets[i].name, l->sheets[j].name) == 0) {
                const tz_ini_entry *at = tz_ini_find(ini, l->sheets[i].section, "name");
                tz_ini_problem(probs, at->line, at->text, "[%s] 工作表名“%s”与 [%s] 重复",
                               l->sheets[i].section, l->sheets[i].name, l->sheets[j].section);
                break;
            }
    if (l->nsheets == 0)
        tz_ini_problem(probs, 0, NULL, "没有定义任何工作表（[sheet1] …）");
    /* The lists' wording has no default in the program: it is the file's. */
    if (!tz_ini_find(ini, "correction_list", NULL))
        tz_ini_problem(
            probs, 0, NULL,
            "缺少 [correction_list]（退回修改清单的标题、文字和列；可从程序自带的 templates/ledger.ini "
            "复制）");
    if (!tz_ini_find(ini, "reminder_list", NULL))
        tz_ini_problem(
            probs, 0, NULL,
            "缺少 [reminder_list]（催报名单的说明和落款；可从程序自带的 templates/ledger.ini 复制）");
    if (!tz_ini_find(ini, "blank_template", NULL))
        tz_ini_problem(
            probs, 0, NULL,
            "缺少 [blank_template]（报送模板中填表说明的文字；可从程序自带的 templates/ledger.ini 复制）");
}

/* How tz_ini_open() names ledger.ini in its messages. */
static const tz_ini_spec ledger_ini = { "台账版式文件", 1 << 20, "（请检查是否选错了文件）" };

int tz_layout_load(tz_layout **out, const char *path)
{
    *out = NULL;
    tz_ini *ini;
    if (tz_ini_open(&ini, path, &ledger_ini) < 0)
        return -1;
    tz_ini_problems probs = { 0 };
    tz_layout *l = tz_xcalloc(1, sizeof *l);
    l->path = tz_arena_strdup(&l->arena, path);
    size_t nbad;
    tz_ini_errors(ini, &nbad);
    tz_ini_check_lines(ini, &probs);
    if (nbad == 0) { /* with syntax errors there are no values to check */
        load_sections(l, ini, &probs);
        check_whole(l, ini, &probs);
    }
    tz_ini_free(ini);
    if (tz_ini_problems_report(&probs, path) != 0) {
        tz_layout_free(l);
        return -1;
    }
    *out = l;
    return 0;
}

void tz_layout_free(tz_layout *l)
{
    if (!l)
        return;
    tz_arena_free(&l->arena);
    free(l);
}

static int check_sheet(const tz_layout *l, const tz_layout_sheet *s, const tz_metric_source *src, void *ctx)
{
    if (s->rollup) {
        tz_layout_sheet alt = *s;
        alt.metric = s->rollup;
        alt.rollup = NULL;
        if (check_sheet(l, &alt, src, ctx) != 0)
            return -1;
    }
    if ((s->rollup || s->needs_rollup) && !src->head(ctx, TZ_ROLLUP_METRIC))
        return tz_error("%s [%s]：层层汇总的设置要用到指标“%s”，metrics.sql 中没有", l->path, s->section,
                        TZ_ROLLUP_METRIC);
    const tz_table *t = src->head(ctx, s->metric);
    if (!t)
        return tz_error("%s [%s]：没有名为“%s”的指标（见 metrics.sql）", l->path, s->section, s->metric);
    const char *names[] = { s->overdue.col, s->due_soon.col, s->pivot_item, s->pivot_value };
    for (size_t i = 0; i < 4; i++)
        if (names[i] && tz_table_col(t, names[i]) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, names[i]);
    if (s->columns && !src->head(ctx, s->columns))
        return tz_error("%s [%s]：没有名为“%s”的指标（见 metrics.sql）", l->path, s->section, s->columns);
    /* The print area is one rectangle and repeated columns one run: office
     * columns must end the table, key columns start it. */
    for (size_t i = 0; i < s->noffice; i++)
        if (tz_table_col(t, s->office[i]) != (int)(t->ncols - s->noffice + i))
            return tz_error("%s [%s]：office 中的“%s”应是指标“%s”的最后几列之一（按顺序）", l->path,
                            s->section, s->office[i], s->metric);
    for (size_t i = 0; i < s->nkeys && !s->pivot_item; i++)
        if (tz_table_col(t, s->keys[i]) != (int)i)
            return tz_error("%s [%s]：key 中的“%s”应是指标“%s”的最前几列之一（按顺序）", l->path, s->section,
                            s->keys[i], s->metric);
    /* A weekly column may be left out: not one the print area or the
     * repeated columns are reckoned from. */
    for (size_t i = 0; i < s->nweekly_cols; i++) {
        int c = tz_table_col(t, s->weekly_cols[i]);
        if (c < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, s->weekly_cols[i]);
        if (c < (int)s->nkeys || c >= (int)(t->ncols - s->noffice) || s->pivot_item)
            return tz_error("%s [%s]：weekly 中的“%s”不能是 key 或 office 中的列，也不能用于 pivot 表", l->path,
                            s->section, s->weekly_cols[i]);
    }
    for (size_t i = 0; i < s->npercent; i++)
        if (tz_table_col(t, s->percent[i]) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, s->percent[i]);
    /* A pivot sheet's columns are 序号, its first column and the items:
     * known only when it is written. */
    for (size_t i = 0; i < s->nwidths && !s->pivot_item; i++)
        if (tz_table_col(t, s->widths[i].name) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, s->widths[i].name);
    for (size_t i = 0; i < s->nratios; i++) {
        const char *cols[] = { s->ratios[i].name, s->ratios[i].num, s->ratios[i].den };
        for (size_t k = 0; k < 3; k++)
            if (tz_table_col(t, cols[k]) < 0)
                return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, cols[k]);
    }
    return 0;
}

int tz_layout_check(const tz_layout *l, const tz_metric_source *src, void *ctx)
{
    for (size_t i = 0; i < l->nsheets; i++)
        if (check_sheet(l, &l->sheets[i], src, ctx) != 0)
            return -1;
    for (size_t i = 0; i < l->nreminders; i++)
        if (check_sheet(l, &l->reminders[i], src, ctx) != 0)
            return -1;
    for (size_t i = 0; i < l->ncharts; i++) {
        const tz_table *t = src->head(ctx, l->charts[i].metric);
        if (!t)
            return tz_error("%s [%s]：没有名为“%s”的指标（见 metrics.sql）", l->path, l->charts[i].section,
                            l->charts[i].metric);
        if (t->ncols < 2)
            return tz_error("%s [%s]：图表指标“%s”应有两列（名称、数值）", l->path, l->charts[i].section,
                            l->charts[i].metric);
        if (l->charts[i].value && tz_table_col(t, l->charts[i].value) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, l->charts[i].section, l->charts[i].metric,
                            l->charts[i].value);
    }
    return 0;
}
