/* render_xlsx.c — see render_xlsx.h.  libxlsxwriter lives here only. */
#include "render_xlsx.h"

#include <iniparser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "tmpl.h"
#include "xldate.h"

/* ---- layout (ledger.ini) ---------------------------------------------------- */

typedef struct {
    const char *name, *num, *den;
} ratio_def;

typedef struct {
    const char *name;
    double width;
} width_def;

typedef struct {
    const char *section;
    const char *name, *title, *metric, *empty, *totals, *overdue, *due_soon;
    const char **percent; size_t npercent;
    ratio_def *ratios; size_t nratios;
    width_def *widths; size_t nwidths;
    size_t split;         /* data rows per worksheet; more go on to 名称（2）… */
} sheet_def;

/* Excel's last row is 1,048,576: a sheet holds that many rows less its
 * title and header rows and a totals row. */
enum { EXCEL_ROWS = 1048576, SHEET_ROOM = EXCEL_ROWS - 3 };

typedef struct {
    const char *section, *title, *metric, *value;
    lxw_chart_type type;
} chart_def;

struct tz_layout {
    const char *path;
    sheet_def *sheets; size_t nsheets;
    sheet_def *reminders; size_t nreminders;
    const char *charts_name;
    chart_def *charts; size_t ncharts;
    tz_arena arena;
};

static int quiet(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

/* Splits a list on "," "，" "、" into trimmed, non-empty arena strings. */
static const char **split_list(tz_arena *a, const char *s, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',' || (unsigned char)*p == 0xEF || (unsigned char)*p == 0xE3;
    const char **v = tz_arena_alloc(a, cap * sizeof *v);
    *n = 0;
    while (*s) {
        const char *end = s;
        size_t sep = 0;
        while (*end) {
            if (*end == ',') { sep = 1; break; }
            if (strncmp(end, "，", 3) == 0 || strncmp(end, "、", 3) == 0) { sep = 3; break; }
            end++;
        }
        const char *b = s, *e = end;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > b && *n < cap)
            v[(*n)++] = tz_arena_strndup(a, b, (size_t)(e - b));
        s = *end ? end + sep : end;
    }
    return v;
}

static char *trim_dup(tz_arena *a, const char *b, const char *e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return tz_arena_strndup(a, b, (size_t)(e - b));
}

typedef struct {
    dictionary *d;
    const char *path, *sec;
    tz_arena *a;
} ini_ctx;

static const char *get(const ini_ctx *c, const char *key)
{
    char full[256];
    snprintf(full, sizeof full, "%s:%s", c->sec, key);
    const char *v = iniparser_getstring(c->d, full, NULL);
    return v && *v ? tz_arena_strdup(c->a, v) : NULL;
}

static int check_keys(const ini_ctx *c, const char *const *allowed)
{
    int n = iniparser_getsecnkeys(c->d, c->sec);
    if (n <= 0)
        return 0;
    const char **keys = tz_xcalloc((size_t)n, sizeof *keys);
    int rc = 0;
    if (iniparser_getseckeys(c->d, c->sec, keys) == NULL) {
        free(keys);
        return tz_error("%s [%s]：无法读取设置", c->path, c->sec);
    }
    for (int i = 0; i < n && rc == 0; i++) {
        const char *k = strchr(keys[i], ':');
        k = k ? k + 1 : keys[i];
        int ok = 0;
        for (size_t j = 0; allowed[j] && !ok; j++)
            ok = strcmp(allowed[j], k) == 0;
        if (!ok)
            rc = tz_error("%s [%s]：未知的设置“%s”", c->path, c->sec, k);
    }
    free(keys);
    return rc;
}

static int load_sheet(const ini_ctx *c, sheet_def *s)
{
    static const char *const keys[] = {"name", "title", "metric", "empty", "totals", "ratio", "percent",
                                       "overdue", "due_soon", "widths", "split", NULL};
    if (check_keys(c, keys) != 0)
        return -1;
    memset(s, 0, sizeof *s);
    s->section = tz_arena_strdup(c->a, c->sec);
    s->name = get(c, "name");
    s->metric = get(c, "metric");
    if (!s->name || !s->metric)
        return tz_error("%s [%s]：必须有 name（工作表名）和 metric（指标名）", c->path, c->sec);
    s->title = get(c, "title");
    if (!s->title)
        s->title = s->name;
    s->empty = get(c, "empty");
    if (!s->empty)
        s->empty = "本期没有数据";
    s->totals = get(c, "totals");
    s->overdue = get(c, "overdue");
    s->due_soon = get(c, "due_soon");
    const char *v;
    if ((v = get(c, "percent")))
        s->percent = split_list(c->a, v, &s->npercent);
    if ((v = get(c, "ratio"))) {
        size_t n;
        const char **items = split_list(c->a, v, &n);
        s->ratios = tz_arena_alloc(c->a, (n ? n : 1) * sizeof *s->ratios);
        for (size_t i = 0; i < n; i++) {
            const char *eq = strchr(items[i], '='), *sl = eq ? strchr(eq, '/') : NULL;
            if (!eq || !sl)
                return tz_error("%s [%s]：ratio“%s”应写成“率 = 分子列 / 分母列”", c->path, c->sec, items[i]);
            ratio_def *r = &s->ratios[s->nratios++];
            r->name = trim_dup(c->a, items[i], eq);
            r->num = trim_dup(c->a, eq + 1, sl);
            r->den = trim_dup(c->a, sl + 1, sl + strlen(sl));
        }
    }
    s->split = SHEET_ROOM;
    if ((v = get(c, "split"))) {
        char *end = NULL;
        long long rows = strtoll(v, &end, 10);
        if (end == v || *end || rows < 1 || rows > SHEET_ROOM)
            return tz_error("%s [%s]：split“%s”应为每张工作表的数据行数（1–%d）", c->path, c->sec, v, SHEET_ROOM);
        s->split = (size_t)rows;
    }
    if ((v = get(c, "widths"))) {
        size_t n;
        const char **items = split_list(c->a, v, &n);
        s->widths = tz_arena_alloc(c->a, (n ? n : 1) * sizeof *s->widths);
        for (size_t i = 0; i < n; i++) {
            const char *colon = strrchr(items[i], ':');
            char *end = NULL;
            double w = colon ? strtod(colon + 1, &end) : 0;
            if (!colon || end == colon + 1 || *end || w < 1 || w > 255)
                return tz_error("%s [%s]：widths 中的“%s”应写成“列名:宽度”（宽度 1–255）", c->path, c->sec,
                                items[i]);
            s->widths[s->nwidths++] = (width_def){trim_dup(c->a, items[i], colon), w};
        }
    }
    return 0;
}

static int load_chart(const ini_ctx *c, chart_def *ch)
{
    static const char *const keys[] = {"title", "type", "metric", "value", NULL};
    if (check_keys(c, keys) != 0)
        return -1;
    ch->section = tz_arena_strdup(c->a, c->sec);
    ch->title = get(c, "title");
    ch->metric = get(c, "metric");
    ch->value = get(c, "value");
    const char *type = get(c, "type");
    if (!ch->title || !ch->metric)
        return tz_error("%s [%s]：必须有 title（图表标题）和 metric（指标名）", c->path, c->sec);
    if (!type || strcmp(type, "column") == 0)
        ch->type = LXW_CHART_COLUMN;
    else if (strcmp(type, "bar") == 0)
        ch->type = LXW_CHART_BAR;
    else if (strcmp(type, "pie") == 0)
        ch->type = LXW_CHART_PIE;
    else
        return tz_error("%s [%s]：type“%s”应为 column、bar 或 pie", c->path, c->sec, type);
    return 0;
}

static int prefixed(const char *sec, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(sec, prefix, n) != 0 || !sec[n])
        return 0;
    for (const char *p = sec + n; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

int tz_layout_load(tz_layout **out, const char *path)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return tz_error("无法打开台账版式文件 %s", path);
    fclose(f);
    iniparser_set_error_callback(quiet);
    dictionary *d = iniparser_load(path);
    if (!d)
        return tz_error("台账版式文件 %s 格式有误", path);
    tz_layout *l = tz_xcalloc(1, sizeof *l);
    l->path = tz_arena_strdup(&l->arena, path);
    int nsec = iniparser_getnsec(d);
    size_t cap = nsec > 0 ? (size_t)nsec : 1;
    l->sheets = tz_arena_alloc(&l->arena, cap * sizeof *l->sheets);
    l->reminders = tz_arena_alloc(&l->arena, cap * sizeof *l->reminders);
    l->charts = tz_arena_alloc(&l->arena, cap * sizeof *l->charts);
    l->charts_name = "图表";
    int rc = 0;
    for (int i = 0; i < nsec && rc == 0; i++) {
        ini_ctx c = {d, path, iniparser_getsecname(d, i), &l->arena};
        if (prefixed(c.sec, "sheet"))
            rc = load_sheet(&c, &l->sheets[l->nsheets++]);
        else if (prefixed(c.sec, "reminder"))
            rc = load_sheet(&c, &l->reminders[l->nreminders++]);
        else if (prefixed(c.sec, "chart"))
            rc = load_chart(&c, &l->charts[l->ncharts++]);
        else if (strcmp(c.sec, "charts") == 0) {
            static const char *const keys[] = {"name", NULL};
            rc = check_keys(&c, keys);
            const char *n = get(&c, "name");
            if (n)
                l->charts_name = n;
        } else
            rc = tz_error("%s：未知的节 [%s]（应为 sheetN、reminderN、charts 或 chartN）", path, c.sec);
    }
    for (size_t i = 0; i < l->nsheets && rc == 0; i++)
        for (size_t j = 0; j < i && rc == 0; j++)
            if (strcmp(l->sheets[i].name, l->sheets[j].name) == 0)
                rc = tz_error("%s [%s]：工作表名“%s”与 [%s] 重复", path, l->sheets[i].section, l->sheets[i].name,
                              l->sheets[j].section);
    if (rc == 0 && l->nsheets == 0)
        rc = tz_error("%s：没有定义任何工作表（[sheet1] …）", path);
    iniparser_freedict(d);
    if (rc != 0) {
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

static int check_sheet(const tz_layout *l, const sheet_def *s, const tz_metric_source *src, void *ctx)
{
    const tz_table *t = src->head(ctx, s->metric);
    if (!t)
        return tz_error("%s [%s]：没有名为“%s”的指标（见 metrics.sql）", l->path, s->section, s->metric);
    const char *names[4] = {s->overdue, s->due_soon, NULL, NULL};
    for (size_t i = 0; i < 2; i++)
        if (names[i] && tz_table_col(t, names[i]) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, names[i]);
    for (size_t i = 0; i < s->npercent; i++)
        if (tz_table_col(t, s->percent[i]) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, s->percent[i]);
    for (size_t i = 0; i < s->nwidths; i++)
        if (tz_table_col(t, s->widths[i].name) < 0)
            return tz_error("%s [%s]：指标“%s”没有“%s”列", l->path, s->section, s->metric, s->widths[i].name);
    for (size_t i = 0; i < s->nratios; i++) {
        const char *cols[] = {s->ratios[i].name, s->ratios[i].num, s->ratios[i].den};
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

/* ---- writing ------------------------------------------------------------------ */

typedef struct {
    lxw_workbook *wb;
    const tz_config *cfg;
    lxw_format *title, *header, *text, *number, *real, *pct, *date, *note;
    lxw_format *total_text, *total_number, *total_real, *total_pct;
    lxw_format *red, *amber;
    char as_of_zh[64];
    const char *path;
} book;

static lxw_format *new_format(lxw_workbook *wb, int border, int bold, const char *num)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (num)
        format_set_num_format(f, num);
    return f;
}

/* Opens a workbook dated from as_of: libxlsxwriter would otherwise stamp
 * the wall clock and no two runs would be byte-identical. */
static int book_open(book *b, const tz_config *cfg, const char *path, const char *doc_title, int big)
{
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    b->path = path;
    lxw_workbook_options opt = {.constant_memory = (uint8_t)(big ? LXW_TRUE : LXW_FALSE)};
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb)
        return tz_error("无法创建 %s", path);
    lxw_doc_properties props = {
        .title = (char *)doc_title,
        .author = (char *)(cfg->organisation ? cfg->organisation : ""),
        .company = (char *)(cfg->organisation ? cfg->organisation : ""),
        .created = (time_t)cfg->as_of * 86400,
    };
    lxw_error e = workbook_set_properties(b->wb, &props);
    if (e != LXW_NO_ERROR) {
        workbook_close(b->wb);
        return tz_error("无法设置 %s 的文档属性：%s", path, lxw_strerror(e));
    }
    b->title = new_format(b->wb, 0, 1, NULL);
    format_set_font_size(b->title, 16);
    format_set_align(b->title, LXW_ALIGN_CENTER);
    format_set_text_wrap(b->title);
    b->header = new_format(b->wb, 1, 1, NULL);
    format_set_align(b->header, LXW_ALIGN_CENTER);
    format_set_bg_color(b->header, 0xD9E1F2);
    b->text = new_format(b->wb, 1, 0, NULL);
    b->number = new_format(b->wb, 1, 0, "0");
    b->real = new_format(b->wb, 1, 0, "0.00");
    b->pct = new_format(b->wb, 1, 0, "0.0%");
    b->date = new_format(b->wb, 1, 0, "yyyy-mm-dd");
    b->note = new_format(b->wb, 0, 0, NULL);
    b->total_text = new_format(b->wb, 1, 1, NULL);
    b->total_number = new_format(b->wb, 1, 1, "0");
    b->total_real = new_format(b->wb, 1, 1, "0.00");
    b->total_pct = new_format(b->wb, 1, 1, "0.0%");
    b->red = workbook_add_format(b->wb);
    format_set_bg_color(b->red, 0xFFC7CE);
    format_set_font_color(b->red, 0x9C0006);
    b->amber = workbook_add_format(b->wb);
    format_set_bg_color(b->amber, 0xFFEB9C);
    format_set_font_color(b->amber, 0x9C5700);
    tz_day_zh(b->as_of_zh, sizeof b->as_of_zh, cfg->as_of);
    return 0;
}

static int book_close(book *b)
{
    lxw_error e = workbook_close(b->wb);
    b->wb = NULL;
    if (e != LXW_NO_ERROR)
        return tz_error("无法写出 %s：%s", b->path, lxw_strerror(e));
    return 0;
}

/* Display width in Excel column units: ~2.1 per CJK (wide) character,
 * ~1.1 per other character; the longest line of a multi-line text. */
static double text_width(const char *s)
{
    double best = 0, w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == '\n') {
            best = w > best ? w : best;
            w = 0;
            p++;
            continue;
        }
        /* ASCII and whole three-byte characters (all of Chinese) without
         * decoding: U+2E80 is E2 BA 80.  The ledger measures 10^6 texts. */
        if (*p < 0x80) {
            w += 1.1;
            p++;
            continue;
        }
        if (*p >= 0xE0 && *p < 0xF0 && p[1] && p[2]) {
            unsigned hi = *p & 15u;
            w += hi > 2 || (hi == 2 && (p[1] & 63u) >= 0x3A) ? 2.1 : 1.1;
            p += 3;
            continue;
        }
        unsigned cp = *p;
        size_t n = 1;
        if (*p >= 0xF0) { n = 4; cp = *p & 7; }
        else if (*p >= 0xE0) { n = 3; cp = *p & 15; }
        else if (*p >= 0xC0) { n = 2; cp = *p & 31; }
        for (size_t i = 1; i < n && p[i]; i++)
            cp = (cp << 6) | (p[i] & 63);
        for (size_t i = 0; i < n && *p; i++)
            p++;
        w += cp >= 0x2E80 ? 2.1 : 1.1;
    }
    return w > best ? w : best;
}

static int is_iso_date(const char *s, tz_day *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    return tz_day_parse_iso(s, day) == 0;
}

static int is_percent(const sheet_def *s, const char *col)
{
    for (size_t i = 0; i < s->npercent; i++)
        if (strcmp(s->percent[i], col) == 0)
            return 1;
    size_t n = strlen(col);
    return n >= 3 && strcmp(col + n - 3, "率") == 0;
}

static int check_lxw(const book *b, const char *sheet, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return 0;
    return tz_error("写入 %s「%s」失败：%s", b->path, sheet, lxw_strerror(e));
}

/* Writes a value; text is always a string (never a formula). */
static lxw_error put_val(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const tz_val *v, int pct,
                         int total)
{
    tz_day day;
    switch (v->type) {
    case TZ_VAL_INT:
        return worksheet_write_number(ws, r, c, (double)v->i,
                                      pct ? (total ? b->total_pct : b->pct) : total ? b->total_number : b->number);
    case TZ_VAL_REAL:
        return worksheet_write_number(ws, r, c, v->r,
                                      pct ? (total ? b->total_pct : b->pct) : total ? b->total_real : b->real);
    case TZ_VAL_TEXT:
        if (!v->s[0])
            break;
        if (is_iso_date(v->s, &day)) {
            int y, m, d;
            tz_day_to_ymd(day, &y, &m, &d);
            lxw_datetime dt = {y, m, d, 0, 0, 0};
            return worksheet_write_datetime(ws, r, c, &dt, b->date);
        }
        return worksheet_write_string(ws, r, c, v->s, total ? b->total_text : b->text);
    case TZ_VAL_NULL:
        break;
    }
    return worksheet_write_blank(ws, r, c, total ? b->total_text : b->text);
}

static char *col_letters(char *buf, lxw_col_t c)
{
    char ref[16];
    tz_a1(ref, 0, c);
    size_t n = strlen(ref) - 1;   /* drop the row number "1" */
    memcpy(buf, ref, n);
    buf[n] = 0;
    return buf;
}

static int highlight(book *b, lxw_worksheet *ws, const sheet_def *s, const tz_table *t, const char *col,
                     lxw_format *fmt, lxw_row_t first, lxw_row_t last)
{
    if (!col)
        return 0;
    int c = tz_table_col(t, col);
    if (c < 0)
        return 0;
    char letters[8], formula[256];
    snprintf(formula, sizeof formula, "=$%s%u=\"是\"", col_letters(letters, (lxw_col_t)c), (unsigned)first + 1);
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = formula, .format = fmt};
    return check_lxw(b, s->name, worksheet_conditional_format_range(ws, first, 0, last, (lxw_col_t)(t->ncols - 1), &cf));
}

/* A sheet's column while its rows stream past: what its width and the
 * totals row need, so that no row is kept. */
typedef struct {
    double fixed;       /* width from ledger.ini, or 0: fitted to the text */
    double widest;      /* fitted: the widest text so far, header included */
    int pct;
    double sum;         /* the totals row: the column's sum so far */
    int numeric, real;  /* … no text seen; a real seen */
} column;

/* Totals row: numeric columns summed; ratio columns recomputed from sums. */
static int write_totals(book *b, lxw_worksheet *ws, const sheet_def *s, const tz_table *t, const column *cols,
                        lxw_row_t r)
{
    int rc = 0;
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        int pct = cols[c].pct;
        tz_val v = {.type = TZ_VAL_NULL};
        if (c == 0)
            v = (tz_val){.type = TZ_VAL_TEXT, .s = s->totals};
        else if (cols[c].numeric && !pct)
            v = cols[c].real ? (tz_val){.type = TZ_VAL_REAL, .r = cols[c].sum}
                             : (tz_val){.type = TZ_VAL_INT, .i = (int64_t)cols[c].sum};
        for (size_t k = 0; k < s->nratios && c > 0; k++) {
            if (strcmp(s->ratios[k].name, t->cols[c]) != 0)
                continue;
            double den = cols[tz_table_col(t, s->ratios[k].den)].sum;
            v = den > 0 ? (tz_val){.type = TZ_VAL_REAL, .r = cols[tz_table_col(t, s->ratios[k].num)].sum / den}
                        : (tz_val){.type = TZ_VAL_NULL};
        }
        rc = check_lxw(b, s->name, put_val(b, ws, r, (lxw_col_t)c, &v, pct, 1));
    }
    return rc;
}

/* Page setup every sheet shares: printable as it is (SPEC §7). */
static void print_setup(lxw_worksheet *ws, lxw_row_t header_last)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_repeat_rows(ws, 0, header_last);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
    worksheet_center_horizontally(ws);
}

static int title_row(book *b, lxw_worksheet *ws, const char *sheet, const char *title, size_t ncols)
{
    char text[512];
    snprintf(text, sizeof text, "%s %s（截至%s）", b->cfg->name ? b->cfg->name : "", title, b->as_of_zh);
    worksheet_set_row(ws, 0, 30, NULL);
    if (ncols > 1)
        return check_lxw(b, sheet, worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(ncols - 1), text, b->title));
    return check_lxw(b, sheet, worksheet_write_string(ws, 0, 0, text, b->title));
}

/* Fitted widths: the widest text + 2, within 6 … 50. */
enum { FIT_MAX = 50 };

static int capped(const column *k)
{
    return k->widest + 2 > FIT_MAX;
}

/* Whether `s` may be wider than `limit`: no character is wider than 1.1 a
 * byte (1.1 for 1 or 2 bytes, 2.1 for 3 or 4), so most texts need not be
 * measured at all. */
static int may_exceed(const char *s, double limit)
{
    return (double)strlen(s) * 1.1 + 1e-6 > limit;
}

/*
 * Takes a text cell into its column's width and returns the lines it needs
 * at the column's final width (1 when it surely fits).  Each text is
 * measured at most once, and only when it matters: a fitted column stops
 * being measured for width at the cap, and below the cap no text wraps
 * (the column ends wider than its widest text); a capped or fixed column
 * measures only texts that may be wider than it.  The widths and lines are
 * those of measuring every text.
 */
static double take_text(column *k, const char *s)
{
    if (!*s)
        return 1;
    if (k->fixed) {
        if (!may_exceed(s, k->fixed - 1))
            return 1;
        return ceil(text_width(s) / (k->fixed - 1));
    }
    if (capped(k) ? !may_exceed(s, FIT_MAX - 1) : !may_exceed(s, k->widest))
        return 1;
    double w = text_width(s);
    k->widest = w > k->widest ? w : k->widest;
    return w > FIT_MAX - 1 ? ceil(w / (FIT_MAX - 1)) : 1;
}

/*
 * Starts worksheet `part` of a sheet (1: the sheet itself; then 名称（2）…,
 * whose title says 续): title row, header row, frozen panes, print setup.
 * The columns' fitted widths start again from the headers.
 */
static int part_open(book *b, const sheet_def *s, const tz_table *t, column *cols, size_t part,
                     lxw_worksheet **out)
{
    char name[128], title[512];
    snprintf(name, sizeof name, part == 1 ? "%s" : "%s（%zu）", s->name, part);
    snprintf(title, sizeof title, part == 1 ? "%s" : "%s（续%zu）", s->title, part);
    lxw_worksheet *ws = *out = workbook_add_worksheet(b->wb, name);
    if (!ws)
        return tz_error("%s：无法添加工作表“%s”（名称无效或重复）", b->path, name);
    size_t nc = t->ncols ? t->ncols : 1;
    for (size_t c = 0; c < t->ncols; c++)
        cols[c].widest = cols[c].fixed ? 0 : text_width(t->cols[c]);
    int rc = title_row(b, ws, name, title, nc);
    for (size_t c = 0; c < t->ncols && rc == 0; c++)
        rc = check_lxw(b, name, worksheet_write_string(ws, 1, (lxw_col_t)c, t->cols[c], b->header));
    if (rc == 0) {
        worksheet_freeze_panes(ws, 2, 0);
        print_setup(ws, 1);
    }
    return rc;
}

/* Ends a worksheet of n data rows: filter, highlights and widths.  Set
 * after the rows: libxlsxwriter keeps them apart from the cells and writes
 * them at close, in constant-memory mode too; but a filter must not end
 * above the last row written, so this comes before any totals row. */
static int part_close(book *b, lxw_worksheet *ws, const sheet_def *s, const tz_table *t, const column *cols,
                      size_t n)
{
    int rc = 0;
    if (n > 0) {
        lxw_row_t last = (lxw_row_t)(n + 1);
        rc = check_lxw(b, s->name, worksheet_autofilter(ws, 1, 0, last, (lxw_col_t)(t->ncols - 1)));
        if (rc == 0)
            rc = highlight(b, ws, s, t, s->overdue, b->red, 2, last);
        if (rc == 0)
            rc = highlight(b, ws, s, t, s->due_soon, b->amber, 2, last);
    }
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        const column *k = &cols[c];
        double w = k->fixed ? k->fixed : k->widest + 2 < 6 ? 6 : capped(k) ? FIT_MAX : k->widest + 2;
        rc = check_lxw(b, s->name, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
    }
    return rc;
}

static int write_sheet(book *b, const sheet_def *s, const tz_table *t, tz_cursor *cur)
{
    size_t nc = t->ncols ? t->ncols : 1;
    column *cols = tz_xcalloc(nc, sizeof *cols);
    for (size_t c = 0; c < t->ncols; c++) {
        column *k = &cols[c];
        for (size_t i = 0; i < s->nwidths; i++)
            if (strcmp(s->widths[i].name, t->cols[c]) == 0)
                k->fixed = s->widths[i].width;
        k->pct = is_percent(s, t->cols[c]);
        k->numeric = 1;
    }
    lxw_worksheet *ws;
    size_t part = 1, n = 0, total = 0;
    int rc = part_open(b, s, t, cols, part, &ws);
    /* Rows as they come; nothing is dropped when there are more than a
     * worksheet holds: they go on to the next part. */
    const tz_val *row;
    while (rc == 0 && (rc = tz_cursor_step(cur, &row)) == 1) {
        rc = 0;
        if (n == s->split) {
            rc = part_close(b, ws, s, t, cols, n);
            if (rc == 0)
                rc = part_open(b, s, t, cols, ++part, &ws);
            n = 0;
            if (rc != 0)
                break;
        }
        lxw_row_t r = (lxw_row_t)(n + 2);
        /* No viewer fits wrapped rows by itself when the file says nothing:
         * give each row the lines its longest text needs, so nothing is cut
         * off on screen or on paper. */
        double lines = 1;
        for (size_t c = 0; c < t->ncols; c++) {
            const tz_val *v = &row[c];
            column *k = &cols[c];
            if (v->type == TZ_VAL_TEXT) {
                double need = take_text(k, v->s);
                lines = need > lines ? need : lines;
            } else if (!k->fixed && k->widest < 10) {
                k->widest = 10;
            }
            if (v->type == TZ_VAL_INT)
                k->sum += (double)v->i;
            else if (v->type == TZ_VAL_REAL) {
                k->sum += v->r;
                k->real = 1;
            } else if (v->type != TZ_VAL_NULL)
                k->numeric = 0;
        }
        if (lines > 1)
            rc = check_lxw(b, s->name, worksheet_set_row(ws, r, 14.5 * (lines < 15 ? lines : 15), NULL));
        for (size_t c = 0; c < t->ncols && rc == 0; c++)
            rc = check_lxw(b, s->name, put_val(b, ws, r, (lxw_col_t)c, &row[c], cols[c].pct, 0));
        n++;
        total++;
    }
    if (rc == 0 && total == 0) {
        /* "注：" ends the data when the ledger is read back (roll-up). */
        char text[512];
        snprintf(text, sizeof text, "注：%s", s->empty);
        if (nc > 1)
            rc = check_lxw(b, s->name, worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)(nc - 1), text, b->text));
        else
            rc = check_lxw(b, s->name, worksheet_write_string(ws, 2, 0, text, b->text));
    }
    if (rc == 0)
        rc = part_close(b, ws, s, t, cols, n);
    if (rc == 0 && total > 0 && s->totals)
        rc = write_totals(b, ws, s, t, cols, (lxw_row_t)(n + 2));
    free(cols);
    return rc == 0 ? 0 : -1;
}

static int write_sheets(book *b, const tz_layout *l, const sheet_def *defs, size_t n, const tz_metric_source *src,
                        void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        const tz_table *t = src->head(ctx, defs[i].metric);
        if (!t)
            return tz_error("%s [%s]：指标“%s”无法计算", l->path, defs[i].section, defs[i].metric);
        tz_cursor *cur = src->rows(ctx, defs[i].metric);
        if (!cur)
            return -1;
        int rc = write_sheet(b, &defs[i], t, cur);
        tz_cursor_free(cur);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Above this many rows the workbook is written in constant-memory mode
 * (rows streamed to disk; charts then carry no cached values). */
enum { BIG_ROWS = 50000 };

/* A chart's data from row `first` down: its labels, then column vc.
 * Returns the number of rows, or -1 after tz_error(). */
static long chart_data(book *b, lxw_worksheet *ws, const char *sheet, tz_cursor *cur, lxw_row_t first, int vc,
                       int pct)
{
    const tz_val *v;
    long n = 0;
    int rc;
    while ((rc = tz_cursor_step(cur, &v)) == 1) {
        lxw_row_t r = (lxw_row_t)(first + (lxw_row_t)n++);
        if (check_lxw(b, sheet, put_val(b, ws, r, 0, &v[0], 0, 0)) != 0
            || check_lxw(b, sheet, put_val(b, ws, r, 1, &v[vc], pct, 0)) != 0)
            return -1;
    }
    return rc == 0 ? n : -1;
}

static int write_charts(book *b, const tz_layout *l, const tz_metric_source *src, void *ctx)
{
    if (l->ncharts == 0)
        return 0;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, l->charts_name);
    if (!ws)
        return tz_error("%s：无法添加工作表“%s”", b->path, l->charts_name);
    const char *sheet = l->charts_name;
    if (check_lxw(b, sheet, worksheet_set_column(ws, 0, 0, 24, NULL)) != 0
        || check_lxw(b, sheet, worksheet_set_column(ws, 1, 1, 12, NULL)) != 0
        || title_row(b, ws, sheet, sheet, 10) != 0)
        return -1;
    print_setup(ws, 0);
    lxw_row_t row = 2;
    for (size_t i = 0; i < l->ncharts; i++) {
        const chart_def *cd = &l->charts[i];
        const tz_table *t = src->head(ctx, cd->metric);
        if (!t)
            return tz_error("%s [%s]：指标“%s”无法计算", l->path, cd->section, cd->metric);
        int vc = cd->value ? tz_table_col(t, cd->value) : 1;
        if (vc < 1)
            return tz_error("%s [%s]：指标“%s”没有数值列", l->path, cd->section, cd->metric);
        int pct = is_percent(&(sheet_def){0}, t->cols[vc]);
        if (check_lxw(b, sheet, worksheet_write_string(ws, row, 0, cd->title, b->total_text)) != 0
            || check_lxw(b, sheet, worksheet_write_string(ws, row + 1, 0, t->cols[0], b->header)) != 0
            || check_lxw(b, sheet, worksheet_write_string(ws, row + 1, 1, t->cols[vc], b->header)) != 0)
            return -1;
        tz_cursor *cur = src->rows(ctx, cd->metric);
        if (!cur)
            return -1;
        long got = chart_data(b, ws, sheet, cur, row + 2, vc, pct);
        tz_cursor_free(cur);
        if (got < 0)
            return -1;
        lxw_row_t n = (lxw_row_t)got;
        lxw_row_t block = n + 3 > 18 ? n + 3 : 18;
        if (n == 0) {
            if (check_lxw(b, sheet, worksheet_write_string(ws, row + 2, 0, "注：本期没有数据", b->note)) != 0)
                return -1;
            row += 5;
            continue;
        }
        lxw_chart *ch = workbook_add_chart(b->wb, (uint8_t)cd->type);
        if (!ch)
            return tz_error("%s：无法创建图表“%s”", b->path, cd->title);
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        if (!se)
            return tz_error("%s：无法创建图表“%s”", b->path, cd->title);
        chart_series_set_categories(se, sheet, row + 2, 0, row + 1 + n, 0);
        chart_series_set_values(se, sheet, row + 2, 1, row + 1 + n, 1);
        chart_series_set_name(se, t->cols[vc]);
        chart_title_set_name(ch, cd->title);
        chart_series_set_labels(se);
        if (cd->type == LXW_CHART_PIE) {
            chart_series_set_labels_percentage(se);
            chart_legend_set_position(ch, LXW_CHART_LEGEND_RIGHT);
        } else {
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
            if (pct) {
                chart_axis_set_num_format(ch->y_axis, "0%");
                chart_series_set_labels_num_format(se, "0.0%");
            }
        }
        lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.2};
        if (check_lxw(b, sheet, worksheet_insert_chart_opt(ws, row, 3, ch, &opt)) != 0)
            return -1;
        row += block + 2;
    }
    return 0;
}

int tz_ledger_write(const tz_layout *l, const tz_config *cfg, const tz_metric_source *src, void *ctx,
                    const char *path)
{
    /* Counted only as far as BIG_ROWS: past it the mode is decided. */
    size_t rows = 0;
    for (size_t i = 0; i < l->nsheets && rows <= BIG_ROWS; i++) {
        size_t n;
        if (src->count(ctx, l->sheets[i].metric, &n) != 0)
            return -1;
        rows += n;
    }
    book b;
    char title[256];
    snprintf(title, sizeof title, "%s汇总台账 %s", cfg->name ? cfg->name : "", cfg->period ? cfg->period : "");
    if (book_open(&b, cfg, path, title, rows > BIG_ROWS) != 0)
        return -1;
    int rc = write_sheets(&b, l, l->sheets, l->nsheets, src, ctx);
    if (rc == 0)
        rc = write_charts(&b, l, src, ctx);
    if (rc != 0) {
        workbook_close(b.wb);
        return -1;
    }
    return book_close(&b);
}

int tz_reminders_write(const tz_layout *l, const tz_config *cfg, const tz_metric_source *src, void *ctx,
                       const char *path)
{
    book b;
    char title[256];
    snprintf(title, sizeof title, "%s催报名单 %s", cfg->name ? cfg->name : "", cfg->period ? cfg->period : "");
    if (book_open(&b, cfg, path, title, 0) != 0)
        return -1;
    int rc = write_sheets(&b, l, l->reminders, l->nreminders, src, ctx);
    if (rc == 0 && l->nreminders == 0)
        rc = tz_error("%s：没有定义催报名单的工作表（[reminder1] …）", l->path);
    if (rc != 0) {
        workbook_close(b.wb);
        return -1;
    }
    return book_close(&b);
}

/* ---- correction lists ------------------------------------------------------------ */

char *tz_filename_safe(char *buf, size_t size, const char *name)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)name;
    while (*p == ' ' || *p == '.')
        p++;
    size_t limit = size - 1 < 120 ? size - 1 : 120;
    while (*p) {
        size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        if (n + len > limit)
            break;
        if (len == 1) {
            char c = (char)*p;
            buf[n++] = *p < 0x20 || *p == 0x7F || strchr("/\\:*?\"<>|", c) ? '_' : c;
            p++;
        } else {
            for (size_t i = 0; i < len && *p; i++)
                buf[n++] = (char)*p++;
        }
    }
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '.'))
        n--;
    buf[n] = 0;
    if (n == 0)
        snprintf(buf, size, "%s", "未命名单位");
    return buf;
}

static int write_correction(const tz_config *cfg, const tz_issue_group *g, const char *display, const char *path)
{
    book b;
    char title[512];
    snprintf(title, sizeof title, "%s退回修改清单", display);
    if (book_open(&b, cfg, path, title, 0) != 0)
        return -1;
    const char *sheet = "退回修改";
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, sheet);
    static const char *const heads[] = {"序号", "级别", "文件", "工作表", "单元格", "问题及修改要求"};
    static const double widths[] = {6, 8, 30, 16, 8, 70};
    int rc = ws ? 0 : tz_error("%s：无法添加工作表", path);
    for (lxw_col_t c = 0; c < 6 && rc == 0; c++)
        rc = check_lxw(&b, sheet, worksheet_set_column(ws, c, c, widths[c], NULL));
    if (rc == 0) {
        char text[600];
        snprintf(text, sizeof text, "%s 退回修改清单：%s", cfg->name ? cfg->name : "", display);
        worksheet_set_row(ws, 0, 30, NULL);
        rc = check_lxw(&b, sheet, worksheet_merge_range(ws, 0, 0, 0, 5, text, b.title));
    }
    if (rc == 0) {
        char text[600];
        snprintf(text, sizeof text, "截至%s。请按“问题及修改要求”改正原工作簿中对应的单元格后重新报送。", b.as_of_zh);
        rc = check_lxw(&b, sheet, worksheet_merge_range(ws, 1, 0, 1, 5, text, b.note));
    }
    for (lxw_col_t c = 0; c < 6 && rc == 0; c++)
        rc = check_lxw(&b, sheet, worksheet_write_string(ws, 2, c, heads[c], b.header));
    lxw_row_t r = 3;
    for (size_t i = 0; i < g->len && rc == 0; i++) {
        const tz_issue *is = g->items[i];
        const char *vals[] = {NULL, tz_severity_zh(is->severity), is->file, is->sheet, is->cell, is->message};
        rc = check_lxw(&b, sheet, worksheet_write_number(ws, r, 0, (double)(r - 2), b.number));
        for (lxw_col_t c = 1; c < 6 && rc == 0; c++)
            rc = check_lxw(&b, sheet, worksheet_write_string(ws, r, c, vals[c], b.text));
        r++;
    }
    if (rc == 0) {
        worksheet_freeze_panes(ws, 3, 0);
        print_setup(ws, 2);
        worksheet_repeat_rows(ws, 2, 2);
        rc = check_lxw(&b, sheet, worksheet_autofilter(ws, 2, 0, r - 1, 5));
    }
    if (rc == 0) {
        char formula[] = "=$B4=\"错误\"";
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = formula, .format = b.red};
        rc = check_lxw(&b, sheet, worksheet_conditional_format_range(ws, 3, 0, r - 1, 5, &cf));
    }
    if (rc != 0) {
        workbook_close(b.wb);
        return -1;
    }
    return book_close(&b);
}

int tz_corrections_write(const tz_config *cfg, const tz_issues *issues, const char *dir, size_t *nfiles)
{
    *nfiles = 0;
    const char **names = tz_xcalloc(cfg->nunits ? cfg->nunits : 1, sizeof *names);
    for (size_t u = 0; u < cfg->nunits; u++)
        names[u] = cfg->units[u].name;
    size_t n;
    tz_issue_group *g = tz_issues_by_unit(issues, names, cfg->nunits, &n);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (g[i].errors + g[i].warnings == 0)     /* information only: nothing to correct */
            continue;
        char safe[128], path[4096];
        const char *display = *g[i].unit ? g[i].unit : "未确定单位";
        tz_filename_safe(safe, sizeof safe, display);
        snprintf(path, sizeof path, "%s/%s.xlsx", dir, safe);
        rc = write_correction(cfg, &g[i], display, path);
        if (rc == 0)
            (*nfiles)++;
    }
    free(g);
    free(names);
    return rc;
}
