/*
 * tmpl.c — template placeholders → Markdown (see tmpl.h).
 *
 * Three passes so that no error can appear after output has started: parse
 * the whole file into a tree (syntax errors), check every name in every
 * branch (unknown names, whether taken or not), then expand.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "issue.h"
#include "strbuf.h"
#include "syserr.h"
#include "tmpl.h"
#include "xldate.h"

typedef enum { N_TEXT, N_VAR, N_IF, N_EACH, N_TABLE, N_CHART } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    int line;
    const char *text; /* N_TEXT: the literal (len bytes); N_CHART: the caption */
    size_t len;
    const char *name;   /* metric / column / config name */
    const char *filter; /* N_VAR: NULL, "money" or "percent" */
    int pie;            /* N_CHART */
    node *body, *alt;   /* N_IF, N_EACH: children, {{else}} children */
    node *next;
};


/* ---- formatting ---------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int tz_is_rate_name(const char *name)
{
    return name && (ends_with(name, "rate") || ends_with(name, "率") || ends_with(name, "threshold"));
}

const char *tz_tmpl_format(char *buf, size_t size, const tz_val *v, const char *name, const char *filter)
{
    double x;
    switch (v->type) {
    case TZ_VAL_NULL:
        return "—";
    case TZ_VAL_TEXT: {
        tz_day day;
        if (strlen(v->s) == 10 && tz_day_parse_iso(v->s, &day) == 0)
            return tz_day_zh(buf, size, day);
        return v->s;
    }
    case TZ_VAL_INT:
        x = (double)v->i;
        break;
    default:
        x = v->r;
        break;
    }
    int percent = filter ? strcmp(filter, "percent") == 0 : tz_is_rate_name(name);
    /* As the seed reports write them: 85.3%, 80% (no needless ".0"). */
    if (percent) {
        int n = snprintf(buf, size, "%.1f", x * 100.0 + (x >= 0 ? 1e-9 : -1e-9));
        if (n >= 2 && (size_t)n < size && strcmp(buf + n - 2, ".0") == 0)
            buf[n -= 2] = '\0';
        if (n > 0 && (size_t)n + 1 < size)
            strcpy(buf + n, "%");
        return buf;
    }
    /* Money too: 178716元, no thousands separators in running text. */
    if (v->type == TZ_VAL_INT)
        snprintf(buf, size, "%lld", (long long)v->i);
    else
        tz_format_decimals(buf, size, x, 2);
    return buf;
}

/* ---- parsing ------------------------------------------------------------- */

typedef struct {
    const char *path;
    tz_arena *arena;
    const char *src;
    size_t len;
} parser;

/* An open block while parsing. */
typedef struct {
    node *owner; /* the N_IF / N_EACH node, NULL at top level */
    node **tail; /* where the next node goes */
    int in_else;
} frame;

static int line_of(const parser *p, const char *at)
{
    int line = 1;
    for (const char *s = p->src; s < at; s++)
        if (*s == '\n')
            line++;
    return line;
}

static node *node_new(parser *p, node_kind kind, int line)
{
    node *n = tz_arena_alloc(p->arena, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = line;
    return n;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Splits "word rest" into the word (arena copy) and the rest (trimmed). */
static char *next_word(parser *p, const char **s)
{
    const char *a = *s;
    while (is_space(*a))
        a++;
    const char *b = a;
    while (*b && !is_space(*b))
        b++;
    *s = b;
    while (is_space(**s))
        (*s)++;
    return tz_arena_strndup(p->arena, a, (size_t)(b - a));
}

static const char *const block_names[] = { [N_IF] = "if", [N_EACH] = "each" };

static int parse(parser *p, node **root)
{
    enum { MAXDEPTH = 32 };
    frame stack[MAXDEPTH];
    int depth = 0;
    *root = NULL;
    stack[0] = (frame){ NULL, root, 0 };
    const char *s = p->src, *end = p->src + p->len;

    while (s < end) {
        const char *open = strstr(s, "{{");
        const char *text_end = open ? open : end;
        /* {{!-- … --}} may hold "}}" (a comment that shows placeholders). */
        int long_comment = open && strncmp(open, "{{!--", 5) == 0;
        const char *close = !open ? NULL : long_comment ? strstr(open + 5, "--}}") : strstr(open + 2, "}}");
        if (close && long_comment)
            close += 2;
        if (open && !close)
            return tz_error("模板 %s:%d：“{{”没有对应的“}}”", p->path, line_of(p, open));
        /* The tag's inner text, trimmed. */
        char *tag = NULL;
        int line = open ? line_of(p, open) : 0;
        if (open) {
            const char *a = open + 2, *b = close;
            while (a < b && is_space(*a))
                a++;
            while (b > a && is_space(b[-1]))
                b--;
            tag = tz_arena_strndup(p->arena, a, (size_t)(b - a));
            if (strchr(tag, '\n') && tag[0] != '!')
                return tz_error("模板 %s:%d：占位符“{{%s}}”跨行了", p->path, line, tag);
        }
        int block = tag && (tag[0] == '#' || tag[0] == '/' || tag[0] == '!' || strcmp(tag, "else") == 0);
        /* A block tag alone on its line removes the line (indent and newline). */
        const char *after = close ? close + 2 : end;
        if (block) {
            const char *ls = open;
            while (ls > s && is_space(ls[-1]))
                ls--;
            const char *le = after;
            while (le < end && is_space(*le))
                le++;
            int starts = ls == p->src || ls[-1] == '\n';
            if (starts && (le == end || *le == '\n')) {
                text_end = ls;
                after = le < end ? le + 1 : le;
            }
        }
        if (text_end > s) {
            node *n = node_new(p, N_TEXT, line_of(p, s));
            n->text = s;
            n->len = (size_t)(text_end - s);
            *stack[depth].tail = n;
            stack[depth].tail = &n->next;
        }
        s = after;
        if (!tag || tag[0] == '!')
            continue;

        const char *rest = tag;
        node *n = NULL;
        if (tag[0] == '#') {
            rest = tag + 1;
            const char *kw = next_word(p, &rest);
            node_kind kind = strcmp(kw, "if") == 0 ? N_IF : strcmp(kw, "each") == 0 ? N_EACH : N_TEXT;
            if (kind == N_TEXT || !*rest || strchr(rest, ' '))
                return tz_error("模板 %s:%d：无法识别的块“{{%s}}”（应为 {{#if 名称}} 或 {{#each 表名}}）",
                                p->path, line, tag);
            if (depth + 1 >= MAXDEPTH)
                return tz_error("模板 %s:%d：块嵌套过深", p->path, line);
            n = node_new(p, kind, line);
            n->name = rest;
            *stack[depth].tail = n;
            stack[depth].tail = &n->next;
            stack[++depth] = (frame){ n, &n->body, 0 };
            continue;
        }
        if (tag[0] == '/') {
            const char *kw = tag + 1;
            if (depth == 0)
                return tz_error("模板 %s:%d：“{{%s}}”前面没有对应的开始标记", p->path, line, tag);
            node *owner = stack[depth].owner;
            if (strcmp(kw, block_names[owner->kind]) != 0)
                return tz_error("模板 %s:%d：“{{%s}}”与第 %d 行的“{{#%s %s}}”不对应", p->path, line, tag,
                                owner->line, block_names[owner->kind], owner->name);
            depth--;
            continue;
        }
        if (strcmp(tag, "else") == 0) {
            if (depth == 0 || stack[depth].in_else)
                return tz_error("模板 %s:%d：“{{else}}”不在 {{#if}} 或 {{#each}} 块中", p->path, line);
            stack[depth].in_else = 1;
            stack[depth].tail = &stack[depth].owner->alt;
            continue;
        }
        char *kw = next_word(p, &rest);
        if (strcmp(kw, "table") == 0 && *rest && !strchr(rest, ' ')) {
            n = node_new(p, N_TABLE, line);
            n->name = rest;
        } else if (strcmp(kw, "chart") == 0) {
            const char *type = next_word(p, &rest);
            if ((strcmp(type, "bar") != 0 && strcmp(type, "pie") != 0) || !*rest)
                return tz_error(
                    "模板 %s:%d：无法识别的图表“{{%s}}”（应为 {{chart bar 表名 图题}} 或 {{chart pie 表名 图题}}）",
                    p->path, line, tag);
            n = node_new(p, N_CHART, line);
            n->pie = strcmp(type, "pie") == 0;
            n->name = next_word(p, &rest);
            n->text = rest; /* the caption (图题), may be empty */
        } else if (*rest || !*kw) {
            return tz_error("模板 %s:%d：无法识别的占位符“{{%s}}”", p->path, line, tag);
        } else {
            n = node_new(p, N_VAR, line);
            char *bar = strchr(kw, '|');
            if (bar) {
                *bar = '\0';
                n->filter = bar + 1;
                if (strcmp(n->filter, "money") != 0 && strcmp(n->filter, "percent") != 0)
                    return tz_error("模板 %s:%d：未知的格式“|%s”（可用 |money、|percent）", p->path, line,
                                    n->filter);
            }
            n->name = kw;
        }
        *stack[depth].tail = n;
        stack[depth].tail = &n->next;
    }
    if (depth > 0) {
        node *owner = stack[depth].owner;
        return tz_error("模板 %s:%d：“{{#%s %s}}”没有对应的“{{/%s}}”", p->path, owner->line,
                        block_names[owner->kind], owner->name, block_names[owner->kind]);
    }
    return 0;
}

/* ---- names ---------------------------------------------------------------- */

/* The rows being iterated, innermost last. */
typedef struct scope scope;
struct scope {
    const tz_table *t;
    size_t row;
    scope *up;
};

typedef struct {
    const char *path;
    const tz_config *cfg;
    const tz_tmpl_source *src;
    tz_strbuf out;
    char buf[128];
    int heading, subheading; /* numbers given by heading.no / subheading.no */
} ctx;

/* Chinese numerals 一 … 九十九 for headings. */
static void zh_number(char *buf, size_t size, int n)
{
    static const char *const digit[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    if (n < 1 || n > 99) {
        snprintf(buf, size, "%d", n);
        return;
    }
    snprintf(buf, size, "%s%s%s", n >= 20 ? digit[n / 10] : "", n >= 10 ? "十" : "", digit[n % 10]);
}

static int is_counter_name(const char *name)
{
    return strcmp(name, "heading.no") == 0 || strcmp(name, "subheading.no") == 0;
}

/* The stage that holds as_of, or NULL. */
static const tz_stage *current_stage(const tz_config *cfg)
{
    for (size_t i = 0; i < cfg->nstages; i++)
        if (cfg->stages[i].start <= cfg->as_of && cfg->as_of <= cfg->stages[i].end)
            return &cfg->stages[i];
    return NULL;
}

/* A config value as a tz_val (text or number); 0 when the name is not one. */
static int config_value(ctx *c, const char *name, tz_val *v)
{
    const tz_config *cfg = c->cfg;
    const tz_stage *st = current_stage(cfg);
    const char *text = NULL;
    tz_day day = 0;
    int is_day = 0;
    memset(v, 0, sizeof *v);
    if (strcmp(name, "campaign.name") == 0)
        text = cfg->name;
    else if (strcmp(name, "campaign.organisation") == 0)
        text = cfg->organisation;
    else if (strcmp(name, "campaign.office") == 0)
        text = cfg->office;
    else if (strcmp(name, "campaign.categories") == 0) {
        /* 庸、懒、散、软 */
        size_t o = 0;
        c->buf[0] = '\0';
        for (size_t i = 0; i < cfg->ncategories; i++) {
            int k = snprintf(c->buf + o, sizeof c->buf - o, "%s%s", i ? "、" : "", cfg->categories[i]);
            if (k < 0 || (size_t)k >= sizeof c->buf - o)
                break;
            o += (size_t)k;
        }
        text = c->buf;
    } else if (strcmp(name, "report.recipient") == 0)
        text = cfg->recipient;
    else if (strcmp(name, "campaign.start") == 0) {
        day = cfg->start;
        is_day = 1;
    } else if (strcmp(name, "campaign.end") == 0) {
        day = cfg->end;
        is_day = 1;
    } else if (strcmp(name, "report.title") == 0)
        text = cfg->title;
    else if (strcmp(name, "report.as_of") == 0) {
        day = cfg->as_of;
        is_day = 1;
    } else if (strcmp(name, "report.period") == 0)
        text = cfg->period;
    else if (strcmp(name, "report.due_soon_days") == 0) {
        v->type = TZ_VAL_INT;
        v->i = cfg->due_soon_days;
        return 1;
    } else if (strcmp(name, "report.satisfaction_threshold") == 0) {
        v->type = TZ_VAL_REAL;
        v->r = cfg->satisfaction_threshold;
        return 1;
    } else if (strcmp(name, "stage.current") == 0) {
        if (st)
            text = st->name;
        else
            return 1;
    } else if (strcmp(name, "stage.start") == 0) {
        if (st) {
            day = st->start;
            is_day = 1;
        } else
            return 1;
    } else if (strcmp(name, "stage.end") == 0) {
        if (st) {
            day = st->end;
            is_day = 1;
        } else
            return 1;
    } else if (strcmp(name, "stage.days_left") == 0) {
        if (st) {
            v->type = TZ_VAL_INT;
            v->i = st->end - cfg->as_of;
        }
        return 1;
    } else
        return 0;
    if (is_day) {
        v->type = TZ_VAL_TEXT;
        v->s = tz_day_iso(c->buf, day);
    } else if (text) {
        v->type = TZ_VAL_TEXT;
        v->s = text;
    }
    return 1;
}

static int is_config_name(ctx *c, const char *name)
{
    tz_val v;
    return is_counter_name(name) || config_value(c, name, &v);
}

static int is_at_name(const char *name)
{
    return strcmp(name, "@index") == 0 || strcmp(name, "@first") == 0 || strcmp(name, "@last") == 0;
}

/* The column `name` in the innermost scope that has it. */
static const scope *find_column(const scope *sc, const char *name, int *col)
{
    for (; sc; sc = sc->up) {
        int k = tz_table_col(sc->t, name);
        if (k >= 0) {
            *col = k;
            return sc;
        }
    }
    return NULL;
}

/* The metric's table; an error naming the line when it cannot be had. */
static const tz_table *metric(ctx *c, const char *name, int line)
{
    if (!c->src->has(c->src->ctx, name)) {
        tz_error("模板 %s:%d：未知的名称“%s”（既不是 metrics.sql 中的指标，也不是配置项）", c->path, line,
                 name);
        return NULL;
    }
    const tz_table *t = c->src->get(c->src->ctx, name);
    if (!t)
        tz_error("模板 %s:%d：指标“%s”无法计算", c->path, line, name);
    return t;
}

static int check_nodes(ctx *c, const node *n, scope *sc);

static int check_node(ctx *c, const node *n, scope *sc)
{
    int col;
    const tz_table *t;
    switch (n->kind) {
    case N_TEXT:
        return 0;
    case N_VAR:
    case N_IF:
        if (find_column(sc, n->name, &col) || (sc && is_at_name(n->name)))
            break;
        if (c->src->has(c->src->ctx, n->name)) {
            if (!(t = metric(c, n->name, n->line)))
                return -1;
            if (n->kind == N_VAR && !tz_table_is_scalar(t))
                return tz_error("模板 %s:%d：指标“%s”是一张表（%zu 列），应写 {{table %s}} 或 {{#each %s}}",
                                c->path, n->line, n->name, t->ncols, n->name, n->name);
        } else if (!is_config_name(c, n->name)) {
            return tz_error(
                "模板 %s:%d：未知的名称“%s”（既不是 metrics.sql 中的指标、当前表的列，也不是配置项）",
                c->path, n->line, n->name);
        }
        break;
    case N_EACH: {
        if (!(t = metric(c, n->name, n->line)))
            return -1;
        scope inner = { t, 0, sc };
        if (check_nodes(c, n->body, &inner) < 0)
            return -1;
        return check_nodes(c, n->alt, sc);
    }
    case N_TABLE:
    case N_CHART:
        if (!(t = metric(c, n->name, n->line)))
            return -1;
        if (n->kind == N_CHART && t->ncols < 2)
            return tz_error("模板 %s:%d：图表“%s”需要两列（名称、数值），该指标只有 %zu 列", c->path, n->line,
                            n->name, t->ncols);
        return 0;
    }
    if (n->kind == N_IF) {
        if (check_nodes(c, n->body, sc) < 0)
            return -1;
        return check_nodes(c, n->alt, sc);
    }
    return 0;
}

static int check_nodes(ctx *c, const node *n, scope *sc)
{
    for (; n; n = n->next)
        if (check_node(c, n, sc) < 0)
            return -1;
    return 0;
}

/* ---- expansion ------------------------------------------------------------ */

/* Values go into Markdown: escape what Markdown would read as syntax, and
 * keep each value on one line (table cells cannot hold a newline). */
static void put_value(tz_strbuf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '\n' || ch == '\r' || ch == '\t')
            tz_strbuf_put(b, " ", 1);
        else {
            if (ispunct(ch))
                tz_strbuf_put(b, "\\", 1);
            tz_strbuf_put(b, s, 1);
        }
    }
}

/* The value of a name (column, @-name, metric, config), as printed. */
static int lookup(ctx *c, const char *name, const scope *sc, tz_val *v, const char **shown_name)
{
    int col;
    const scope *hit = find_column(sc, name, &col);
    memset(v, 0, sizeof *v);
    *shown_name = name;
    if (hit) {
        *v = *tz_table_cell(hit->t, hit->row, (size_t)col);
        return 0;
    }
    if (sc && is_at_name(name)) {
        v->type = TZ_VAL_INT;
        if (strcmp(name, "@index") == 0)
            v->i = (int64_t)sc->row + 1;
        else if (strcmp(name, "@first") == 0)
            v->i = sc->row == 0;
        else
            v->i = sc->row + 1 == sc->t->nrows;
        return 0;
    }
    if (c->src->has(c->src->ctx, name)) {
        const tz_table *t = c->src->get(c->src->ctx, name);
        if (!t)
            return -1;
        if (tz_table_is_scalar(t))
            *v = t->cells[0];
        else if (t->nrows > 0) {
            v->type = TZ_VAL_INT;
            v->i = (int64_t)t->nrows;
        }
        return 0;
    }
    config_value(c, name, v);
    return 0;
}

static int truthy(const tz_val *v)
{
    switch (v->type) {
    case TZ_VAL_NULL:
        return 0;
    case TZ_VAL_INT:
        return v->i != 0;
    case TZ_VAL_REAL:
        return v->r != 0.0;
    default:
        return v->s[0] != '\0';
    }
}

static int is_numeric_column(const tz_table *t, size_t col)
{
    int numbers = 0;
    if (tz_is_rate_name(t->cols[col]))
        return 1;
    for (size_t r = 0; r < t->nrows; r++) {
        const tz_val *v = tz_table_cell(t, r, col);
        if (v->type == TZ_VAL_TEXT)
            return 0;
        if (v->type != TZ_VAL_NULL)
            numbers = 1;
    }
    return numbers;
}

static void put_table(ctx *c, const tz_table *t)
{
    tz_strbuf *b = &c->out;
    tz_strbuf_puts(b, "\n|");
    for (size_t k = 0; k < t->ncols; k++) {
        tz_strbuf_puts(b, " ");
        put_value(b, t->cols[k]);
        tz_strbuf_puts(b, " |");
    }
    tz_strbuf_puts(b, "\n|");
    for (size_t k = 0; k < t->ncols; k++)
        tz_strbuf_puts(b, is_numeric_column(t, k) ? " ---: |" : " :--- |");
    for (size_t r = 0; r < t->nrows; r++) {
        tz_strbuf_puts(b, "\n|");
        for (size_t k = 0; k < t->ncols; k++) {
            tz_strbuf_puts(b, " ");
            put_value(b, tz_tmpl_format(c->buf, sizeof c->buf, tz_table_cell(t, r, k), t->cols[k],
                                        t->money && t->money[k] ? "money" : NULL));
            tz_strbuf_puts(b, " |");
        }
    }
    tz_strbuf_puts(b, "\n\n");
}

/* Chart text is inside a fenced block, where nothing is syntax but a tab,
 * a newline or a fence. */
static void put_chart_text(tz_strbuf *b, const char *s)
{
    for (; *s; s++)
        tz_strbuf_put(b, (*s == '\t' || *s == '\n' || *s == '\r' || *s == '`') ? " " : s, 1);
}

static void put_chart(ctx *c, const node *n, const tz_table *t)
{
    tz_strbuf *b = &c->out;
    size_t vc = 1;
    for (size_t k = 1; k < t->ncols; k++)
        if (is_numeric_column(t, k)) {
            vc = k;
            break;
        }
    tz_strbuf_puts(b, "\n```tzchart\n");
    tz_strbuf_puts(b, n->pie ? "pie\t" : "bar\t");
    put_chart_text(b, t->cols[vc]);
    tz_strbuf_puts(b, "\t");
    put_chart_text(b, n->text ? n->text : "");
    for (size_t r = 0; r < t->nrows; r++) {
        const tz_val *v = tz_table_cell(t, r, vc);
        double x = v->type == TZ_VAL_INT ? (double)v->i : v->type == TZ_VAL_REAL ? v->r : 0.0;
        char num[64];
        tz_strbuf_puts(b, "\n");
        put_chart_text(b, tz_tmpl_format(c->buf, sizeof c->buf, tz_table_cell(t, r, 0), t->cols[0], NULL));
        snprintf(num, sizeof num, "\t%.17g\t", x);
        tz_strbuf_puts(b, num);
        put_chart_text(b, tz_tmpl_format(c->buf, sizeof c->buf, v, t->cols[vc], NULL));
    }
    tz_strbuf_puts(b, "\n```\n");
}

static int expand_nodes(ctx *c, const node *n, scope *sc);

static int expand_node(ctx *c, const node *n, scope *sc)
{
    tz_val v;
    const char *shown;
    const tz_table *t;
    switch (n->kind) {
    case N_TEXT:
        tz_strbuf_put(&c->out, n->text, n->len);
        return 0;
    case N_VAR:
        /* The heading numbers count the headings actually written, so a
         * section left out leaves no gap: 一、二、 …, （一）（二） … */
        if (is_counter_name(n->name)) {
            char num[32];
            int sub = n->name[0] == 's';
            if (!sub)
                c->subheading = 0;
            zh_number(num, sizeof num, sub ? ++c->subheading : ++c->heading);
            snprintf(c->buf, sizeof c->buf, sub ? "（%s）" : "%s、", num);
            tz_strbuf_puts(&c->out, c->buf);
            return 0;
        }
        if (lookup(c, n->name, sc, &v, &shown) < 0)
            return -1;
        put_value(&c->out, tz_tmpl_format(c->buf, sizeof c->buf, &v, shown, n->filter));
        return 0;
    case N_IF:
        if (lookup(c, n->name, sc, &v, &shown) < 0)
            return -1;
        return expand_nodes(c, truthy(&v) ? n->body : n->alt, sc);
    case N_EACH:
        if (!(t = c->src->get(c->src->ctx, n->name)))
            return -1;
        if (t->nrows == 0)
            return expand_nodes(c, n->alt, sc);
        for (size_t r = 0; r < t->nrows; r++) {
            scope inner = { t, r, sc };
            if (expand_nodes(c, n->body, &inner) < 0)
                return -1;
        }
        return 0;
    case N_TABLE:
        if (!(t = c->src->get(c->src->ctx, n->name)))
            return -1;
        put_table(c, t);
        return 0;
    case N_CHART:
        if (!(t = c->src->get(c->src->ctx, n->name)))
            return -1;
        put_chart(c, n, t);
        return 0;
    }
    return 0;
}

static int expand_nodes(ctx *c, const node *n, scope *sc)
{
    for (; n; n = n->next)
        if (expand_node(c, n, sc) < 0)
            return -1;
    return 0;
}

/* ---- entry ---------------------------------------------------------------- */

int tz_tmpl_expand(const char *path, const tz_config *cfg, const tz_tmpl_source *src, char **markdown)
{
    tz_strbuf file = { 0 };
    if (tz_strbuf_read_file(&file, path, TZ_TEMPLATE_MAX_BYTES) != 0) {
        int saved = errno;
        tz_strbuf_free(&file);
        return tz_error("无法读取模板 %s：%s", path, tz_strerror(saved));
    }
    char *text = file.s;
    size_t len = file.len;
    if (strlen(text) != len) {
        free(text);
        return tz_error("模板 %s 含有 NUL 字符，不是文本文件", path);
    }
    tz_arena arena = { 0 };
    parser p = { path, &arena, text, len };
    /* A UTF-8 BOM from Windows editors is not text of the template. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        p.src += 3;
        p.len -= 3;
    }
    node *root;
    ctx c = { path, cfg, src, { 0 }, { 0 }, 0, 0 };
    int rc = parse(&p, &root);
    if (rc == 0)
        rc = check_nodes(&c, root, NULL);
    if (rc == 0 && markdown) {
        rc = expand_nodes(&c, root, NULL);
        if (rc == 0) {
            *markdown = c.out.s ? c.out.s : tz_xstrdup("");
            c.out.s = NULL;
        }
    }
    tz_strbuf_free(&c.out);
    tz_arena_free(&arena);
    free(text);
    return rc;
}
