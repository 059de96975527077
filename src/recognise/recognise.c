/* recognise.c — from grids to checked records (see recognise.h, docs/schemas.md, docs/issues.md). */
#include "recognise.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistr.h>

#include "value.h"

enum {
    LABEL_ROWS = 6,       /* 填报单位 / 填报日期 lines are among the first rows */
    MIN_HEADER_MATCH = 2, /* a row naming fewer known columns is not a header */
    HEADER_COLS = 256     /* header cells are looked for in the first columns */
};

/* The columns the checks read, by their schema role (templates/schemas.ini
 * `role =`), indexed once per sheet: every row's checks use them. */
enum {
    IX_STATUS,
    IX_DEADLINE,
    IX_DONE,
    IX_SEQ,
    IX_UNIT,
    IX_VIA,
    IX_PATH,
    IX_VOTERS,
    IX_TIMES,
    IX_PERSONS,
    IX_SATISFIED,
    IX_BASIC,
    IX_UNSATISFIED,
    IX_COUNT
};
static const tz_col_role ix_roles[IX_COUNT] = {
    TZ_CR_STATUS, TZ_CR_DEADLINE, TZ_CR_DONE_DATE, TZ_CR_SEQ,       TZ_CR_UNIT,  TZ_CR_VIA,        TZ_CR_PATH,
    TZ_CR_VOTERS, TZ_CR_TIMES,    TZ_CR_PERSONS,   TZ_CR_SATISFIED, TZ_CR_BASIC, TZ_CR_UNSATISFIED
};

/* ---- cells as text ----------------------------------------------------- */

static int cell_blank(const tz_cell *c)
{
    if (!c)
        return 1;
    if (c->type != TZ_CELL_TEXT)
        return 0;
    /* Every row's every cell comes through here: decide on the first
     * character that is plainly visible before normalising anything. */
    const unsigned char *p = (const unsigned char *)c->text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p > ' ' && *p < 0x80)
        return 0;
    if (*p >= 0xE4 && *p <= 0xE9) /* U+4000–U+9FFF: an ideograph */
        return 0;
    char key[64];
    return tz_norm_buf(key, sizeof key, c->text, c->len) == 0;
}

/* The normalised key of a cell's text ("" for non-text or too long). */
static const char *cell_key(const tz_cell *c, char *buf, size_t size)
{
    char tmp[64];
    const char *s = tz_cell_display(c, tmp, sizeof tmp);
    if (tz_norm_buf(buf, size, s, strlen(s)) < 0)
        buf[0] = '\0';
    return buf;
}

/* ---- issues ----------------------------------------------------------- */

typedef struct {
    const tz_recognise_ctx *ctx;
    tz_submission *sub;
    tz_issues *issues;
    const tz_sheet *sheet;
    const int32_t *colmap; /* of the sheet being read */
    int ix[IX_COUNT];      /* of its kind: column index per ix_roles, or -1 */
    const char *row_desc;  /* the 问题描述 of the row being read (correction lists), or NULL */
} rec_state;

static void index_columns(rec_state *st, const tz_kind *k)
{
    for (int i = 0; i < IX_COUNT; i++)
        st->ix[i] = tz_kind_column_by_role(k, ix_roles[i]);
}

static void issue_at(rec_state *st, tz_severity sev, const char *code, uint32_t row, uint32_t col,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void issue_at(rec_state *st, tz_severity sev, const char *code, uint32_t row, uint32_t col,
                     const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *sheet = st->sheet ? st->sheet->name : "";
    if (row == UINT32_MAX)
        tz_issues_add(st->issues, sev, code, st->sub->unit_name, st->sub->file, sheet, "", "%s", msg);
    else
        tz_issues_add_at(st->issues, sev, code, st->sub->unit_name, st->sub->file, sheet, row, col, "%s",
                         msg);
    tz_issues_set_row_desc(st->issues, st->row_desc);
}

/* Quotes at most 60 characters of a value for a message. */
static const char *quote(const char *s, char *buf, size_t size)
{
    size_t n = 0, chars = 0;
    while (s[n] && chars < 60) {
        n++;
        while ((s[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    snprintf(buf, size, "%.*s%s", (int)n, s, s[n] ? "…" : "");
    return buf;
}

/* Appends `sep` and `s` (or `s` alone at the start) to buf, as long as it fits. */
static void list_add(char *buf, size_t size, size_t *len, const char *sep, const char *s)
{
    if (*len + strlen(s) + 8 >= size)
        return;
    *len += (size_t)snprintf(buf + *len, size - *len, "%s%s", *len ? sep : "", s);
}

/* ---- unit and submission date (§4.1) ------------------------------------ */

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const unit_labels[] = { "填报单位", "报送单位", "填表单位" };
static const char *const date_labels[] = { "填报日期", "报送日期", "填表日期", "填报时间" };
/* What else ends a label's value on the same line. */
static const char *const other_labels[] = { "填表人", "联系电话" };

/* Ends p where the first of the words starts. */
static void cut_at(char *p, const char *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char *q = strstr(p, words[k]);
        if (q)
            *q = '\0';
    }
}

/* If `key` holds one of the labels, returns what follows it (after brackets
 * such as （盖章） and a colon), cut before any other label; else NULL. */
static const char *label_value(char *key, const char *const *labels, size_t nlabels)
{
    for (size_t i = 0; i < nlabels; i++) {
        char *p = strstr(key, labels[i]);
        if (!p)
            continue;
        p += strlen(labels[i]);
        while (*p == '(') {
            char *close = strchr(p, ')');
            if (!close)
                break;
            p = close + 1;
        }
        if (*p == ':')
            p++;
        cut_at(p, unit_labels, COUNT(unit_labels));
        cut_at(p, date_labels, COUNT(date_labels));
        cut_at(p, other_labels, COUNT(other_labels));
        return p;
    }
    return NULL;
}

static int unit_key_cmp(const void *pa, const void *pb)
{
    const tz_unit_key *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : a->unit - b->unit;
}

void tz_recognise_ctx_init(tz_recognise_ctx *ctx, const tz_config *cfg, const tz_schema *schema)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->cfg = cfg;
    ctx->schema = schema;
    int m, d;
    tz_day_to_ymd(cfg->start, &ctx->default_year, &m, &d);
    size_t n = 0;
    for (size_t u = 0; u < cfg->nunits; u++)
        n += 1 + cfg->units[u].naliases;
    ctx->unit_keys = tz_xcalloc(n ? n : 1, sizeof *ctx->unit_keys);
    for (size_t u = 0; u < cfg->nunits; u++) {
        for (size_t a = 0; a <= cfg->units[u].naliases; a++) {
            const char *name = a == 0 ? cfg->units[u].name : cfg->units[u].aliases[a - 1];
            const char *key = tz_norm(&ctx->arena, name, strlen(name));
            if (*key)
                ctx->unit_keys[ctx->nunit_keys++] = (tz_unit_key){ key, (int)u };
        }
    }
    qsort(ctx->unit_keys, ctx->nunit_keys, sizeof *ctx->unit_keys, unit_key_cmp);
}

void tz_recognise_ctx_free(tz_recognise_ctx *ctx)
{
    free(ctx->unit_keys);
    tz_arena_free(&ctx->arena);
    memset(ctx, 0, sizeof *ctx);
}

/* The unit whose name or alias equals `key` (the first unit in config order
 * when two share it), else -1.  A 填报单位 value or a row's 单位 names a unit
 * only this way: "滨江市第一中学初中部" is not 滨江市第一中学. */
static int unit_find(const tz_recognise_ctx *ctx, const char *key)
{
    size_t lo = 0, hi = ctx->nunit_keys;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ctx->unit_keys[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ctx->nunit_keys && strcmp(ctx->unit_keys[lo].key, key) == 0)
        return ctx->unit_keys[lo].unit;
    return -1;
}

/* The unit whose longest name or alias is contained in `key`, else -1: how a
 * file name ("土木学院问题清单（修订）") tells its unit. */
static int unit_find_in(const tz_recognise_ctx *ctx, const char *key)
{
    int best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < ctx->nunit_keys; i++) {
        const tz_unit_key *k = &ctx->unit_keys[i];
        size_t n = strlen(k->key);
        if (strstr(key, k->key) && (n > best_len || (n == best_len && k->unit < best))) {
            best = k->unit;
            best_len = n;
        }
    }
    return best;
}

/* The unit a mistyped or over-long name most probably means, for the
 * message: the longest name contained in it (滨江市第一中学初中部 →
 * 滨江市第一中学), else the nearest by edit distance, one slip in three
 * characters at most (土木学阮 → 土木学院, not 化工学院 → 土木学院); -1 when
 * none is that close. */
static int unit_closest(const tz_recognise_ctx *ctx, const char *key)
{
    int u = unit_find_in(ctx, key);
    if (u >= 0)
        return u;
    size_t best = SIZE_MAX, len = u8_mbsnlen((const uint8_t *)key, strlen(key));
    for (size_t i = 0; i < ctx->nunit_keys; i++) {
        size_t d = tz_edit_distance(key, ctx->unit_keys[i].key);
        if (d < best || (d == best && ctx->unit_keys[i].unit < u)) {
            best = d;
            u = ctx->unit_keys[i].unit;
        }
    }
    return best * 3 <= len ? u : -1;
}

/* The next non-empty cell right of (row, col). */
static const tz_cell *next_right(const tz_sheet *s, uint32_t row, uint32_t col)
{
    for (uint32_t c = col + 1; c < s->cols && c < col + 16; c++) {
        const tz_cell *cell = tz_sheet_cell(s, row, c);
        if (!cell_blank(cell))
            return cell;
    }
    return NULL;
}

typedef struct {
    int found_unit, found_date;
    char unit_text[256];
    const tz_sheet *unit_sheet;
    uint32_t unit_row, unit_col;
    const tz_sheet *date_sheet;
    uint32_t date_row, date_col;
    char date_text[128];
} labels_found;

/* The 填报单位 / 填报日期 labels of a workbook, on the sheets it is read
 * from: a ledger's 报送情况 has a 报送日期 column that is no label. */
static void find_labels(const tz_schema *schema, const tz_book *b, labels_found *lf)
{
    memset(lf, 0, sizeof *lf);
    for (size_t i = 0; i < b->nsheets; i++) {
        const tz_sheet *s = &b->sheets[i];
        if (tz_schema_skip_sheet(schema, s->name, strlen(s->name)) != TZ_SKIP_NONE)
            continue;
        for (size_t k = 0; k < s->ncells && s->cells[k].row < LABEL_ROWS; k++) {
            const tz_cell *c = &s->cells[k];
            if (c->type != TZ_CELL_TEXT)
                continue;
            char key[TZ_NORM_MAX], vbuf[TZ_NORM_MAX];
            if (tz_norm_buf(key, sizeof key, c->text, c->len) <= 0)
                continue;
            for (int pass = 0; pass < 2; pass++) {
                char work[TZ_NORM_MAX];
                memcpy(work, key, sizeof work);
                int want_unit = pass == 0;
                if (want_unit ? lf->found_unit : lf->found_date)
                    continue;
                const char *v = want_unit ? label_value(work, unit_labels, COUNT(unit_labels))
                                          : label_value(work, date_labels, COUNT(date_labels));
                if (!v)
                    continue;
                const tz_cell *at = c;
                if (!*v) {
                    at = next_right(s, c->row, c->col);
                    if (!at)
                        continue;
                    v = cell_key(at, vbuf, sizeof vbuf);
                    if (!*v)
                        continue;
                }
                if (want_unit) {
                    lf->found_unit = 1;
                    snprintf(lf->unit_text, sizeof lf->unit_text, "%s", v);
                    lf->unit_sheet = s;
                    lf->unit_row = at->row;
                    lf->unit_col = at->col;
                } else {
                    lf->found_date = 1;
                    if (at != c && at->type != TZ_CELL_TEXT) {
                        char tmp[64];
                        snprintf(lf->date_text, sizeof lf->date_text, "%s",
                                 tz_cell_display(at, tmp, sizeof tmp));
                    } else {
                        snprintf(lf->date_text, sizeof lf->date_text, "%s", v);
                    }
                    lf->date_sheet = s;
                    lf->date_row = at->row;
                    lf->date_col = at->col;
                }
            }
        }
    }
}

/* The file's base name without folders and extension, as a key. */
static void file_key(const char *rel, char *buf, size_t size)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    if (tz_norm_buf(buf, size, base, n) < 0)
        buf[0] = '\0';
}

/* ---- sheet kind, header and columns (§4.2) ------------------------------- */

typedef struct {
    const tz_kind *kind;
    uint32_t row, rows; /* header row and 1 or 2 */
    int matched;
    int has_required;
} header_guess;

/* The header text of column c for a header starting at row r of `rows` rows:
 * in a two-level header a child under a merged (or empty) parent wins. */
static const tz_cell *header_cell(const tz_sheet *s, uint32_t r, uint32_t rows, uint32_t c)
{
    const tz_cell *top = tz_sheet_cell(s, r, c);
    if (rows == 1)
        return top;
    const tz_cell *child = tz_sheet_cell(s, r + 1, c);
    if (cell_blank(child))
        return top;
    const tz_range *m = tz_sheet_merge_at(s, r, c);
    if (cell_blank(top) || (m && m->c2 > m->c1 && m->r1 == r && m->r2 == r))
        return child;
    return top;
}

/* Header texts prepared for matching once per sheet: every candidate row is
 * tried against every kind, and NFKC is the costly part of recognising. */
typedef struct {
    tz_arena arena;
    tz_header *h; /* rows × cols */
    uint8_t *ready;
    uint32_t rows, cols;
} header_cache;

static void header_cache_init(header_cache *hc, const tz_sheet *s)
{
    memset(hc, 0, sizeof *hc);
    hc->rows = s->rows < TZ_HEADER_ROWS + 1 ? s->rows : TZ_HEADER_ROWS + 1;
    hc->cols = s->cols < HEADER_COLS ? s->cols : HEADER_COLS;
    size_t n = (size_t)hc->rows * hc->cols;
    hc->h = tz_xcalloc(n ? n : 1, sizeof *hc->h);
    hc->ready = tz_xcalloc(n ? n : 1, 1);
}

static void header_cache_free(header_cache *hc)
{
    free(hc->h);
    free(hc->ready);
    tz_arena_free(&hc->arena);
}

static const tz_header *header_of(header_cache *hc, const tz_cell *cell)
{
    size_t i = (size_t)cell->row * hc->cols + cell->col;
    if (!hc->ready[i]) {
        tz_header_prepare(&hc->h[i], &hc->arena, cell->text, cell->len);
        hc->ready[i] = 1;
    }
    return &hc->h[i];
}

/* Maps the header at (r, rows) to the kind's columns; returns the number of
 * columns matched.  colmap/ranks have k->ncolumns entries. */
static int map_header(const tz_sheet *s, uint32_t r, uint32_t rows, const tz_kind *k, int32_t *colmap,
                      header_cache *hc)
{
    int ranks[TZ_KIND_MAX_COLUMNS];
    int matched = 0;
    size_t ncol = k->ncolumns;
    for (size_t i = 0; i < ncol; i++)
        colmap[i] = -1;
    for (uint32_t c = 0; c < s->cols && c < HEADER_COLS; c++) {
        const tz_cell *cell = header_cell(s, r, rows, c);
        if (cell_blank(cell) || cell->type != TZ_CELL_TEXT)
            continue;
        int rank;
        int col = tz_kind_column(k, header_of(hc, cell), &rank);
        if (col < 0 || (size_t)col >= ncol)
            continue;
        if (colmap[col] < 0) {
            colmap[col] = (int32_t)c;
            ranks[col] = rank;
            matched++;
        } else if (rank < ranks[col]) {
            colmap[col] = (int32_t)c;
            ranks[col] = rank;
        }
    }
    return matched;
}

static int has_required(const tz_kind *k, const int32_t *colmap)
{
    for (size_t i = 0; i < k->ncolumns; i++)
        if (k->columns[i].required && colmap[i] < 0)
            return 0;
    return 1;
}

/* Finds the best header among the first rows, for one kind or (kind NULL) any. */
static header_guess guess_header(const tz_recognise_ctx *ctx, const tz_sheet *s, const tz_kind *only,
                                 header_cache *hc)
{
    header_guess best = { 0 };
    int32_t colmap[TZ_KIND_MAX_COLUMNS];
    for (size_t ki = 0; ki < ctx->schema->nkinds; ki++) {
        const tz_kind *k = &ctx->schema->kinds[ki];
        if (only && k != only)
            continue;
        for (uint32_t r = 0; r < TZ_HEADER_ROWS && r < s->rows; r++) {
            for (uint32_t rows = 1; rows <= 2; rows++) {
                int m = map_header(s, r, rows, k, colmap, hc);
                int req = has_required(k, colmap);
                /* Prefer rows holding every required column, then more matches;
                 * on a tie the earlier kind, row and the one-row header win. */
                if (m >= MIN_HEADER_MATCH &&
                    (req > best.has_required || (req == best.has_required && m > best.matched))) {
                    best.kind = k;
                    best.row = r;
                    best.rows = rows;
                    best.matched = m;
                    best.has_required = req;
                }
            }
        }
    }
    return best;
}

/* ---- data rows (§4.2, §4.3) ---------------------------------------------- */

/* The cell holding the value at (row, col): the cell itself, or the top-left
 * cell of a vertical merge that started inside the data. */
static const tz_cell *data_cell(const tz_sheet *s, uint32_t row, uint32_t col, uint32_t data_start)
{
    const tz_cell *c = tz_sheet_cell(s, row, col);
    if (c)
        return c;
    const tz_range *m = tz_sheet_merge_at(s, row, col);
    if (m && m->c1 == col && m->r1 < row && m->r1 >= data_start)
        return tz_sheet_cell(s, m->r1, m->c1);
    return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

typedef enum { ROW_BLANK, ROW_DATA, ROW_TOTAL, ROW_END } row_kind;

/* `seq_col` is the source column of 序号 (-1 when none): a row holding only
 * a sequence number is blank (templates come pre-numbered). */
static row_kind classify_row(const tz_sheet *s, uint32_t row, int32_t seq_col, const tz_cell **first)
{
    *first = NULL;
    int only_seq = 1;
    /* The row's first cell, by binary search (cells are in row order). */
    size_t lo = 0, hi = s->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->cells[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->ncells && s->cells[i].row == row; i++) {
        const tz_cell *c = &s->cells[i];
        if (cell_blank(c))
            continue;
        if (!*first)
            *first = c;
        if ((int32_t)c->col != seq_col)
            only_seq = 0;
    }
    if (!*first)
        return ROW_BLANK;
    /* The markers come first: a 合计 or 注： line is often typed in the 序号
     * column, and must not pass for a row holding nothing but a number. */
    char key[TZ_NORM_MAX];
    cell_key(*first, key, sizeof key);
    static const char *const totals[] = { "合计", "总计", "小计", "共计" };
    for (size_t t = 0; t < COUNT(totals); t++)
        if (starts_with(key, totals[t]))
            return ROW_TOTAL;
    static const char *const ends[] = { "注:",    "注1",    "说明:",    "填表说明",   "填表人", "制表人",
                                        "审核人", "联系人", "联系电话", "单位负责人", "负责人:" };
    if (strcmp(key, "注") == 0 || strcmp(key, "说明") == 0)
        return ROW_END;
    for (size_t t = 0; t < COUNT(ends); t++)
        if (starts_with(key, ends[t]))
            return ROW_END;
    return only_seq ? ROW_BLANK : ROW_DATA;
}

static tz_sheetdata *add_sheetdata(tz_submission *sub)
{
    sub->sheets = tz_xrealloc(sub->sheets, (sub->nsheets + 1) * sizeof *sub->sheets);
    tz_sheetdata *sd = &sub->sheets[sub->nsheets++];
    memset(sd, 0, sizeof *sd);
    return sd;
}

static tz_record *add_record(tz_submission *sub, tz_sheetdata *sd)
{
    if (sd->nrecords == sd->caprecords) {
        sd->caprecords = sd->caprecords ? sd->caprecords * 2 : 16;
        sd->records = tz_xrealloc(sd->records, sd->caprecords * sizeof *sd->records);
    }
    tz_record *r = &sd->records[sd->nrecords++];
    memset(r, 0, sizeof *r);
    r->fields = tz_arena_alloc(&sub->records_arena, sd->kind->ncolumns * sizeof *r->fields);
    memset(r->fields, 0, sd->kind->ncolumns * sizeof *r->fields);
    return r;
}

/* A list of a column's allowed values for messages: "约谈、诫勉谈话、…". */
static void allowed_values(const tz_column *col, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < col->nvalues && n + 64 < size; i++) {
        const char *v = col->values[i].label ? col->values[i].label : col->values[i].value;
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "、" : "", v);
    }
}

/* Parses one field; raises the issue for a bad value. */
static void parse_field(rec_state *st, const tz_column *col, const tz_cell *c, tz_field *f)
{
    char tmp[64], q[256];
    const char *shown = tz_cell_display(c, tmp, sizeof tmp);
    tz_arena *a = &st->sub->records_arena;
    f->raw = cell_blank(c) ? NULL : tz_arena_strdup(a, shown);
    f->status = TZ_FIELD_EMPTY;
    const int year = st->ctx->default_year;
    switch (col->type) {
    case TZ_COL_TEXT:
        if (f->raw) {
            f->text = tz_text_clean(a, shown, strlen(shown));
            f->status = *f->text ? TZ_FIELD_OK : TZ_FIELD_EMPTY;
        }
        return;
    case TZ_COL_INT:
    case TZ_COL_MONEY: {
        int64_t v;
        tz_num_status ns = col->type == TZ_COL_INT ? tz_count_cell(c, &v) : tz_money_cell(c, &v);
        if (ns == TZ_NUM_OK) {
            f->i = v;
            f->status = TZ_FIELD_OK;
        } else if (ns != TZ_NUM_EMPTY) {
            f->status = TZ_FIELD_BAD;
            issue_at(st, TZ_SEV_ERROR, col->type == TZ_COL_INT ? "E-COUNT" : "E-MONEY", f->row, f->col,
                     "%s“%s”%s（请填写%s）", col->header, quote(shown, q, sizeof q), tz_num_status_zh(ns),
                     col->type == TZ_COL_INT ? " 0 或正整数，如 1200、18次"
                                             : "金额，最多两位小数，如 1234.50");
        }
        return;
    }
    case TZ_COL_DATE:
    case TZ_COL_DEADLINE: {
        tz_day d;
        tz_date_status ds = tz_date_cell(c, year, &d);
        if (ds == TZ_DATE_EMPTY)
            return;
        if (ds == TZ_DATE_OK) {
            f->i = d;
            f->status = TZ_FIELD_OK;
            f->deadline = TZ_DEADLINE_DATE;
            return;
        }
        if (col->type == TZ_COL_DEADLINE && (ds == TZ_DATE_NONE || ds == TZ_DATE_IMMEDIATE)) {
            f->deadline = ds == TZ_DATE_NONE ? TZ_DEADLINE_NONE : TZ_DEADLINE_IMMEDIATE;
            f->text = tz_text_clean(a, shown, strlen(shown));
            f->status = TZ_FIELD_OK;
            return;
        }
        f->status = TZ_FIELD_BAD;
        f->deadline = TZ_DEADLINE_INVALID;
        issue_at(st, TZ_SEV_ERROR, "E-DATE", f->row, f->col, "%s“%s”%s（应为 %d-10-30 或 %d年10月30日%s）",
                 col->header, quote(shown, q, sizeof q), tz_date_status_zh(ds), year, year,
                 col->type == TZ_COL_DEADLINE ? "，无固定时限的写“长期”或“持续整改”" : "");
        return;
    }
    case TZ_COL_TIME: {
        int secs;
        tz_time_status ts = tz_time_cell(c, &secs);
        if (ts == TZ_TIME_OK) {
            f->i = secs;
            f->status = TZ_FIELD_OK;
        } else if (ts != TZ_TIME_EMPTY) {
            f->status = TZ_FIELD_BAD;
            issue_at(st, TZ_SEV_ERROR, "E-TIME", f->row, f->col, "%s“%s”%s（应为 14:30 或 14时30分）",
                     col->header, quote(shown, q, sizeof q), tz_time_status_zh(ts));
        }
        return;
    }
    case TZ_COL_ENUM:
    case TZ_COL_STATE:
    case TZ_COL_CATEGORY: {
        int idx = tz_column_value(col, shown, strlen(shown));
        if (idx < 0 && !f->raw)
            return;
        if (idx >= 0) {
            f->i = idx;
            f->text = col->values[idx].value;
            f->status = TZ_FIELD_OK;
            return;
        }
        char list[512];
        allowed_values(col, list, sizeof list);
        if (col->type == TZ_COL_CATEGORY && col->other_value >= 0) {
            f->i = col->other_value;
            f->text = col->values[col->other_value].value;
            f->status = TZ_FIELD_OK;
            issue_at(st, TZ_SEV_WARNING, "W-CATEGORY", f->row, f->col,
                     "%s“%s”不是本次活动的问题类别（应为 %s），按“%s”统计", col->header,
                     quote(shown, q, sizeof q), list, f->text);
            return;
        }
        f->status = TZ_FIELD_BAD;
        issue_at(st, TZ_SEV_ERROR, col->type == TZ_COL_STATE ? "E-STATE" : "E-ENUM", f->row, f->col,
                 "%s“%s”不是可选的值（应为 %s）", col->header, quote(shown, q, sizeof q), list);
        return;
    }
    case TZ_COL_IGNORE:
        return;
    }
}

static const tz_field *field_at(const rec_state *st, const tz_record *r, int ix)
{
    int i = st->ix[ix];
    return i >= 0 && r->fields[i].status == TZ_FIELD_OK ? &r->fields[i] : NULL;
}

/* The consistency warnings of §4.3 that one row shows by itself. */
static void check_record(rec_state *st, const tz_record *r)
{
    const tz_field *status = field_at(st, r, IX_STATUS);
    const tz_field *deadline = field_at(st, r, IX_DEADLINE);
    const tz_field *done = field_at(st, r, IX_DONE);
    char a[32], b[32];
    int di = st->ix[IX_DONE];
    if (status && status->i == TZ_STATE_CLOSED && !done && di >= 0 && r->fields[di].status != TZ_FIELD_BAD) {
        /* Point at the empty completion-date cell: that is what the unit must fill. */
        const int32_t *colmap = st->colmap;
        uint32_t col = colmap[di] >= 0 ? (uint32_t)colmap[di] : status->col;
        issue_at(st, TZ_SEV_WARNING, "W-NO-DONE-DATE", r->row, col, "整改状态为“%s”，但没有填写完成日期",
                 status->raw ? status->raw : "已完成");
    }
    if (done && deadline && deadline->deadline == TZ_DEADLINE_DATE && done->i > deadline->i) {
        tz_day_zh(a, sizeof a, (tz_day)done->i);
        tz_day_zh(b, sizeof b, (tz_day)deadline->i);
        issue_at(st, TZ_SEV_WARNING, "W-CLOSED-LATE", done->row, done->col,
                 "完成日期 %s 晚于整改时限 %s（超期 %lld 天完成）", a, b, (long long)(done->i - deadline->i));
    }
    if (deadline && deadline->deadline == TZ_DEADLINE_DATE && deadline->i < st->ctx->cfg->start) {
        tz_day_zh(a, sizeof a, (tz_day)deadline->i);
        tz_day_zh(b, sizeof b, st->ctx->cfg->start);
        issue_at(st, TZ_SEV_WARNING, "W-DEADLINE-EARLY", deadline->row, deadline->col,
                 "整改时限 %s 早于活动开始日期 %s，请核实", a, b);
    }
    const tz_field *voters = field_at(st, r, IX_VOTERS);
    if (voters) {
        int64_t sum = 0;
        int parts = 0;
        for (size_t i = 0; i < 3; i++) {
            const tz_field *p = field_at(st, r, IX_SATISFIED + (int)i);
            if (p) {
                sum += p->i;
                parts++;
            }
        }
        if (parts && sum > voters->i)
            issue_at(st, TZ_SEV_WARNING, "W-RATING-OVER", voters->row, voters->col,
                     "满意、基本满意、不满意合计 %lld 票，超过参评人数 %lld", (long long)sum,
                     (long long)voters->i);
    }
    const tz_field *times = field_at(st, r, IX_TIMES);
    const tz_field *persons = field_at(st, r, IX_PERSONS);
    if (times && persons && persons->i < times->i)
        issue_at(st, TZ_SEV_WARNING, "W-PERSONS", persons->row, persons->col,
                 "人次 %lld 少于次数 %lld，请核实", (long long)persons->i, (long long)times->i);
}

/* Checks a totals row's numbers against the sums of the rows above it;
 * `label` is the key of its first cell (合计, 小计 …). */
static void check_totals(rec_state *st, const tz_sheetdata *sd, size_t from, uint32_t row,
                         const tz_cell *first, const char *label, uint32_t data_start)
{
    const tz_kind *k = sd->kind;
    for (size_t ci = 0; ci < k->ncolumns; ci++) {
        const tz_column *col = &k->columns[ci];
        if ((col->type != TZ_COL_INT && col->type != TZ_COL_MONEY) || sd->colmap[ci] < 0 ||
            (uint32_t)sd->colmap[ci] == first->col)
            continue;
        const tz_cell *c = data_cell(st->sheet, row, (uint32_t)sd->colmap[ci], data_start);
        if (cell_blank(c))
            continue;
        int64_t total;
        tz_num_status ns = col->type == TZ_COL_INT ? tz_count_cell(c, &total) : tz_money_cell(c, &total);
        if (ns != TZ_NUM_OK)
            continue;
        int64_t sum = 0;
        for (size_t i = from; i < sd->nrecords; i++)
            if (sd->records[i].fields[ci].status == TZ_FIELD_OK)
                sum += sd->records[i].fields[ci].i;
        if (sum != total) {
            char t[64], s[64];
            if (col->type == TZ_COL_MONEY) {
                snprintf(t, sizeof t, "%lld.%02lld", (long long)(total / 100), (long long)(total % 100));
                snprintf(s, sizeof s, "%lld.%02lld", (long long)(sum / 100), (long long)(sum % 100));
            } else {
                snprintf(t, sizeof t, "%lld", (long long)total);
                snprintf(s, sizeof s, "%lld", (long long)sum);
            }
            issue_at(st, TZ_SEV_WARNING, "W-TOTAL", c->row, c->col, "%s行的%s为 %s，与上方各行之和 %s 不符",
                     label, col->header, t, s);
        }
    }
}

/* The path a roll-up row came up, in the submission's records arena: the
 * row's 上报单位 one level down (when it is not the base unit itself), then
 * the 上报路径 it carried from below.  NULL when there is none. */
static const char *roll_up_path(rec_state *st, const tz_record *r)
{
    const tz_field *via = st->ix[IX_VIA] >= 0 ? &r->fields[st->ix[IX_VIA]] : NULL;
    const tz_field *below = st->ix[IX_PATH] >= 0 ? &r->fields[st->ix[IX_PATH]] : NULL;
    const char *v = via && via->status == TZ_FIELD_OK ? via->text : NULL;
    const char *b = below && below->status == TZ_FIELD_OK ? below->text : NULL;
    if (v && (strcmp(v, r->base) == 0 || strcmp(v, r->unit) == 0))
        v = NULL;
    if (!v)
        return b;
    return b ? tz_arena_printf(&st->sub->records_arena, "%s/%s", v, b) : v;
}

static void read_rows(rec_state *st, tz_sheetdata *sd)
{
    const tz_sheet *s = st->sheet;
    const tz_kind *k = sd->kind;
    const uint32_t start = sd->header_row + sd->header_rows;
    size_t subtotal_from = 0;
    st->colmap = sd->colmap;
    const int seq = st->ix[IX_SEQ];
    const int32_t seq_col = seq >= 0 ? sd->colmap[seq] : -1;
    int unit_col = st->ix[IX_UNIT];
    const int roll_up = unit_col >= 0 && sd->colmap[unit_col] >= 0;
    const int desc_col = tz_kind_column_by_role(k, TZ_CR_DESC);
    for (uint32_t row = start; row < s->rows; row++) {
        st->row_desc = NULL;
        const tz_cell *first;
        row_kind rk = classify_row(s, row, seq_col, &first);
        if (rk == ROW_BLANK)
            continue;
        if (rk == ROW_END)
            break;
        if (rk == ROW_TOTAL) {
            char key[TZ_NORM_MAX];
            cell_key(first, key, sizeof key);
            check_totals(st, sd, starts_with(key, "小计") ? subtotal_from : 0, row, first, key, start);
            subtotal_from = sd->nrecords;
            sd->totals_rows++;
            continue;
        }
        sd->rows_read++;
        tz_record *r = add_record(st->sub, sd);
        r->row = row;
        r->unit = r->base = st->sub->unit_name;
        const tz_cell *dcell = desc_col >= 0 && sd->colmap[desc_col] >= 0
                                   ? data_cell(s, row, (uint32_t)sd->colmap[desc_col], start)
                                   : NULL;
        st->row_desc = dcell ? dcell->text : NULL;
        int usable = 0;
        for (size_t ci = 0; ci < k->ncolumns; ci++) {
            tz_field *f = &r->fields[ci];
            if (sd->colmap[ci] < 0)
                continue;
            const tz_cell *c = data_cell(s, row, (uint32_t)sd->colmap[ci], start);
            f->row = c ? c->row : row;
            f->col = c ? c->col : (uint32_t)sd->colmap[ci];
            parse_field(st, &k->columns[ci], c, f);
            if (f->status == TZ_FIELD_BAD)
                r->flagged = 1;
            if (f->status == TZ_FIELD_OK && k->columns[ci].type != TZ_COL_IGNORE && (int)ci != seq)
                usable = 1;
        }
        if (roll_up && r->fields[unit_col].status == TZ_FIELD_OK) {
            /* A roll-up: the row names its own unit (docs/ledger.md). */
            char key[TZ_NORM_MAX];
            const char *t = r->fields[unit_col].text;
            int u = tz_norm_buf(key, sizeof key, t, strlen(t)) > 0 ? unit_find(st->ctx, key) : -1;
            r->base = u >= 0 ? st->ctx->cfg->units[u].name : t;
            /* A ledger with its 填报单位 is that unit's; an older one that names
             * none makes each row its own unit's. */
            r->unit = st->sub->unit_name && !k->office ? st->sub->unit_name : r->base;
            r->path = roll_up_path(st, r);
            if (u < 0 && k->office) {
                /* The office's own register names only units of the list: any
                 * other name is a slip, counted nowhere. */
                char q[256], hint[512] = "";
                int near = unit_closest(st->ctx, key);
                if (near >= 0)
                    snprintf(hint, sizeof hint, "是否为“%s”？", st->ctx->cfg->units[near].name);
                sd->rows_rejected++;
                sd->nrecords--;
                issue_at(
                    st, TZ_SEV_WARNING, "W-UNIT", r->fields[unit_col].row, r->fields[unit_col].col,
                    "“%s”不在单位名单中，第 %u 行未计入（%s请按单位名单填写单位全称，或在单位名单中补充别名）",
                    quote(t, q, sizeof q), row + 1, hint);
                continue;
            }
        }
        const char *missing = NULL;
        uint32_t missing_col = 0;
        for (size_t ci = 0; ci < k->ncolumns && !missing; ci++) {
            if (k->columns[ci].required && r->fields[ci].status == TZ_FIELD_EMPTY && sd->colmap[ci] >= 0) {
                missing = k->columns[ci].header;
                missing_col = (uint32_t)sd->colmap[ci];
            }
        }
        /* A row of a roll-up must name its unit; rows of a workbook whose
         * unit is unknown are all rejected at once by tz_recognise_book. */
        if (missing || !usable || (roll_up && !r->unit)) {
            sd->rows_rejected++;
            sd->nrecords--;
            if (roll_up && !r->unit)
                issue_at(st, TZ_SEV_ERROR, "E-ROW-UNIT", row, (uint32_t)sd->colmap[unit_col],
                         "第 %u 行没有单位，该行未计入", row + 1);
            else if (missing)
                issue_at(st, TZ_SEV_ERROR, "E-REQUIRED", row, missing_col,
                         "第 %u 行缺少“%s”，该行未计入台账（请补填）", row + 1, missing);
            else
                issue_at(st, TZ_SEV_ERROR, "E-ROW", row, first->col, "第 %u 行没有可用的数据，该行未计入台账",
                         row + 1);
            continue;
        }
        check_record(st, r);
    }
    st->row_desc = NULL;
}

/* Reads one sheet of a known kind with its header found. */
static void read_sheet(rec_state *st, const header_guess *g, header_cache *hc)
{
    const tz_sheet *s = st->sheet;
    const tz_kind *k = g->kind;
    tz_sheetdata *sd = add_sheetdata(st->sub);
    sd->kind = k;
    sd->name = tz_arena_strdup(&st->sub->arena, s->name);
    sd->header_row = g->row;
    sd->header_rows = g->rows;
    sd->colmap = tz_arena_alloc(&st->sub->arena, (k->ncolumns ? k->ncolumns : 1) * sizeof *sd->colmap);
    index_columns(st, k);
    int32_t colmap[TZ_KIND_MAX_COLUMNS];
    map_header(s, g->row, g->rows, k, colmap, hc);
    memcpy(sd->colmap, colmap, k->ncolumns * sizeof *colmap);

    /* Each unknown column is named at its header cell, then ignored. */
    for (uint32_t c = 0; c < s->cols && c < HEADER_COLS; c++) {
        const tz_cell *cell = header_cell(s, g->row, g->rows, c);
        if (cell_blank(cell))
            continue;
        int used = 0;
        for (size_t ci = 0; ci < k->ncolumns; ci++)
            used |= sd->colmap[ci] == (int32_t)c;
        if (!used) {
            char tmp[64], q[256];
            issue_at(st, TZ_SEV_INFO, "I-COLUMN", cell->row, cell->col, "未识别的列“%s”，已忽略",
                     quote(tz_cell_display(cell, tmp, sizeof tmp), q, sizeof q));
        }
    }

    char missing[512];
    size_t mn = 0;
    missing[0] = '\0';
    for (size_t ci = 0; ci < k->ncolumns; ci++)
        if (k->columns[ci].required && sd->colmap[ci] < 0 && mn + 64 < sizeof missing)
            mn += (size_t)snprintf(missing + mn, sizeof missing - mn, "%s“%s”", mn ? "、" : "",
                                   k->columns[ci].header);
    if (mn) {
        /* Its rows are still counted as read and rejected: nothing vanishes. */
        const int32_t seq_col = st->ix[IX_SEQ] >= 0 ? sd->colmap[st->ix[IX_SEQ]] : -1;
        for (uint32_t row = g->row + g->rows; row < s->rows; row++) {
            const tz_cell *first;
            row_kind rk = classify_row(s, row, seq_col, &first);
            if (rk == ROW_END)
                break;
            if (rk == ROW_DATA) {
                sd->rows_read++;
                sd->rows_rejected++;
            }
        }
        issue_at(st, TZ_SEV_ERROR, "E-COLUMN", g->row, 0,
                 "%s缺少必填列 %s，本工作表 %zu 行数据未计入（请按模板补上该列）", k->name, missing,
                 sd->rows_read);
        return;
    }
    read_rows(st, sd);
}

/* ---- a workbook ------------------------------------------------------------ */

/* Whether two paths name one file, however they are spelled (--input vs [units] file). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Who a row is about, below its reporting unit, for the duplicate and weekly
 * keys: the base unit, after the path it came up ("乙县教育局/第一中学"), so
 * that same-named schools of two counties stay apart.  `prev` is the
 * previous row's, reused while it matches: one copy per run of rows. */
static const char *row_identity(tz_submission *sub, const char *unit, const char *prev, const tz_record *r)
{
    char buf[TZ_NORM_MAX * 2];
    const char *want = r->base;
    if (r->path) {
        snprintf(buf, sizeof buf, "%s/%s", r->path, r->base);
        want = buf;
    }
    if (prev && strcmp(prev, want) == 0)
        return prev;
    return strcmp(want, unit) == 0 ? unit : tz_arena_strdup(&sub->arena, want);
}

/* The duplicate check's part of each problem row (tz_desckey), copied out of
 * the records so that they can be dropped once loaded. */
static void keep_desckeys(tz_submission *sub)
{
    for (size_t si = 0; si < sub->nsheets; si++) {
        tz_sheetdata *sd = &sub->sheets[si];
        int dc = tz_kind_column_by_role(sd->kind, TZ_CR_DESC);
        if (dc < 0 || tz_kind_column_by_role(sd->kind, TZ_CR_STATUS) < 0 || sd->nrecords == 0)
            continue;
        sd->desckeys = tz_arena_alloc(&sub->arena, sd->nrecords * sizeof *sd->desckeys);
        const char *unit = NULL, *base = NULL;
        for (size_t ri = 0; ri < sd->nrecords; ri++) {
            const tz_record *r = &sd->records[ri];
            const tz_field *f = &r->fields[dc];
            if (f->status != TZ_FIELD_OK || !r->unit)
                continue;
            /* Roll-up rows name their units in record text: copy each name once a run of rows. */
            if (!unit || strcmp(unit, r->unit) != 0)
                unit = tz_arena_strdup(&sub->arena, r->unit);
            base = row_identity(sub, unit, base, r);
            char q[256];
            const char *key = tz_norm(&sub->arena, f->text, strlen(f->text));
            quote(f->text, q, sizeof q);
            sd->desckeys[sd->ndesckeys++] = (tz_desckey){
                unit,   base,   key,          strcmp(q, key) == 0 ? key : tz_arena_strdup(&sub->arena, q),
                f->row, f->col, (uint32_t)ri, 0
            };
        }
    }
}

/* The reporting week of a date, as the weekly views count it: a report
 * covers the first due date on or after it ([weekly] first + 7k).  Without
 * weekly reports the day itself. */
static int64_t week_of(const tz_config *cfg, tz_day d)
{
    if (!cfg->weekly_enabled)
        return d;
    return d <= cfg->weekly_first ? 0 : ((int64_t)d - cfg->weekly_first + 6) / 7;
}

/* The weekly rule's part of each row of an accumulating kind (tz_rowkey). */
static void keep_rowkeys(const tz_recognise_ctx *ctx, tz_submission *sub)
{
    for (size_t si = 0; si < sub->nsheets; si++) {
        tz_sheetdata *sd = &sub->sheets[si];
        int dc = sd->kind->accumulate_col;
        if (dc < 0 || sd->nrecords == 0)
            continue;
        sd->rowkeys = tz_arena_alloc(&sub->arena, sd->nrecords * sizeof *sd->rowkeys);
        const char *unit = NULL, *base = NULL;
        for (size_t ri = 0; ri < sd->nrecords; ri++) {
            const tz_record *r = &sd->records[ri];
            const tz_field *f = &r->fields[dc];
            if (f->status != TZ_FIELD_OK || !r->unit)
                continue;
            if (!unit || strcmp(unit, r->unit) != 0)
                unit = tz_arena_strdup(&sub->arena, r->unit);
            base = row_identity(sub, unit, base, r);
            sd->rowkeys[sd->nrowkeys++] =
                (tz_rowkey){ unit, base, week_of(ctx->cfg, (tz_day)f->i), r->row, (uint32_t)ri, NULL };
        }
    }
}

void tz_recognise_book(const tz_recognise_ctx *ctx, const tz_book *book, const tz_inputfile *file,
                       tz_submission *out, tz_issues *issues)
{
    memset(out, 0, sizeof *out);
    out->file = tz_arena_strdup(&out->arena, file->rel);
    out->mtime = file->mtime;
    out->unit = -1;
    out->unit_sheet = out->unit_cell = "";
    char key[TZ_NORM_MAX], q[256];
    if (!book) {
        /* Unreadable: still the unit its name shows, so that the unit is told. */
        file_key(file->rel, key, sizeof key);
        out->unit = unit_find_in(ctx, key);
        if (out->unit >= 0)
            out->unit_name = ctx->cfg->units[out->unit].name;
        out->role = TZ_ROLE_REJECTED;
        return;
    }
    const tz_config *cfg = ctx->cfg;
    if (cfg->units_file && same_file(cfg->units_file, file->path)) {
        out->role = TZ_ROLE_UNITS;
        return;
    }
    rec_state st = { .ctx = ctx, .sub = out, .issues = issues };

    labels_found lf;
    find_labels(ctx->schema, book, &lf);
    if (lf.found_unit) {
        /* A 填报单位 that names no unit is never overruled by the file name. */
        out->unit = unit_find(ctx, lf.unit_text);
        char ref[16];
        out->unit_sheet = tz_arena_strdup(&out->arena, lf.unit_sheet->name);
        out->unit_cell = tz_arena_strdup(&out->arena, tz_a1(ref, lf.unit_row, lf.unit_col));
    } else {
        file_key(file->rel, key, sizeof key);
        out->unit = unit_find_in(ctx, key);
    }
    if (out->unit >= 0)
        out->unit_name = cfg->units[out->unit].name;

    if (lf.found_date) {
        tz_day d;
        tz_date_status ds = tz_date_parse(lf.date_text, strlen(lf.date_text), ctx->default_year, &d);
        if (ds == TZ_DATE_OK) {
            out->has_date = 1;
            out->date = d;
        } else if (ds != TZ_DATE_EMPTY) {
            st.sheet = lf.date_sheet;
            issue_at(&st, TZ_SEV_WARNING, "W-SUBMIT-DATE", lf.date_row, lf.date_col,
                     "填报日期“%s”%s，按未填写处理", quote(lf.date_text, q, sizeof q), tz_date_status_zh(ds));
            st.sheet = NULL;
        }
    }

    int office_sheets = 0, unit_sheets = 0;
    char derived[512];
    size_t nderived = 0, dl = 0;
    for (size_t i = 0; i < book->nsheets; i++) {
        const tz_sheet *s = &book->sheets[i];
        st.sheet = s;
        if (s->ncells == 0)
            continue;
        tz_skip skip = tz_schema_skip_sheet(ctx->schema, s->name, strlen(s->name));
        if (skip == TZ_SKIP_DERIVED) {
            list_add(derived, sizeof derived, &dl, "、", s->name);
            nderived++;
        }
        if (skip != TZ_SKIP_NONE)
            continue;
        const tz_kind *by_name = tz_schema_kind_by_sheet(ctx->schema, s->name, strlen(s->name));
        header_cache hc;
        header_cache_init(&hc, s);
        header_guess g = guess_header(ctx, s, by_name, &hc);
        if (!g.kind) {
            header_cache_free(&hc);
            if (by_name)
                issue_at(&st, TZ_SEV_ERROR, "E-HEADER", UINT32_MAX, 0,
                         "工作表名为“%s”，但前 %d 行中找不到表头（应有 %s 等列）", by_name->name, TZ_HEADER_ROWS,
                         by_name->ncolumns ? by_name->columns[0].header : "");
            else if (!s->hidden)
                issue_at(&st, TZ_SEV_INFO, "I-SHEET", UINT32_MAX, 0, "未识别为任何一种报表，已跳过");
            continue;
        }
        if (g.kind->office)
            office_sheets++;
        else
            unit_sheets++;
        read_sheet(&st, &g, &hc);
        header_cache_free(&hc);
    }
    st.sheet = NULL;
    if (nderived)
        issue_at(&st, TZ_SEV_INFO, "I-DERIVED", UINT32_MAX, 0,
                 "这是一份汇总台账：其中由程序计算出的 %zu 张工作表（%s）已跳过，不重复计入", nderived,
                 derived);
    keep_desckeys(out);
    keep_rowkeys(ctx, out);

    if (out->unit < 0 && unit_sheets == 0 && office_sheets > 0) {
        out->role = TZ_ROLE_OFFICE;
        return;
    }
    /* A roll-up ledger names the unit on each row: no 填报单位 needed. */
    int rows_have_units = out->nsheets > 0;
    for (size_t i = 0; i < out->nsheets; i++) {
        int uc = tz_kind_column_by_role(out->sheets[i].kind, TZ_CR_UNIT);
        if (uc < 0 || out->sheets[i].colmap[uc] < 0)
            rows_have_units = 0;
    }
    if (out->unit < 0 && !rows_have_units) {
        tz_rowcount rc = tz_submission_rows(out);
        if (lf.found_unit) {
            st.sheet = lf.unit_sheet;
            int near = unit_closest(ctx, lf.unit_text);
            char hint[512] = "";
            if (near >= 0)
                snprintf(hint, sizeof hint, "是否为“%s”？", cfg->units[near].name);
            issue_at(&st, TZ_SEV_ERROR, "E-UNIT", lf.unit_row, lf.unit_col,
                     "填报单位“%s”不在单位名单中，本文件 %zu 行数据未计入（%s请按单位名单填写单位全称，"
                     "或在单位名单中补充别名）",
                     quote(lf.unit_text, q, sizeof q), rc.read, hint);
            st.sheet = NULL;
        } else {
            issue_at(&st, TZ_SEV_ERROR, "E-UNIT", UINT32_MAX, 0,
                     "无法确定填报单位：表中没有“填报单位”，文件名也不含单位名单中的名称；%zu 行数据未计入"
                     "（请在表头上方填写“填报单位：单位名称”）",
                     rc.read);
        }
        for (size_t i = 0; i < out->nsheets; i++) {
            out->sheets[i].rows_rejected = out->sheets[i].rows_read;
            out->sheets[i].nrecords = 0;
            out->sheets[i].ndesckeys = 0;
            out->sheets[i].nrowkeys = 0;
        }
        out->role = TZ_ROLE_REJECTED;
    }
}

/* ---- across workbooks ---------------------------------------------------- */

static int later(const tz_submission *a, const tz_submission *b)
{
    if (a->has_date != b->has_date)
        return a->has_date > b->has_date;
    if (a->has_date && a->date != b->date)
        return a->date > b->date;
    if (a->mtime != b->mtime)
        return a->mtime > b->mtime;
    return strcmp(a->file, b->file) > 0;
}

/* A sheet that has rows of its kind, in the workbook of a known unit. */
typedef struct {
    tz_submission *sub;
    tz_sheetdata *sd;
} sheet_ref;

static int by_unit_kind(const void *pa, const void *pb)
{
    const sheet_ref *a = pa, *b = pb;
    if (a->sub->unit != b->sub->unit)
        return a->sub->unit < b->sub->unit ? -1 : 1;
    if (a->sd->kind != b->sd->kind)
        return (uintptr_t)a->sd->kind < (uintptr_t)b->sd->kind ? -1 : 1;
    return a->sub < b->sub ? -1 : a->sub > b->sub;
}

/* Per unit and kind, the latest workbook with rows of that kind wins; the
 * others' sheets of that kind are superseded.  Grouped by sorting: a
 * province sends thousands of files. */
static void supersede_sheets(tz_submission *subs, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        if (subs[i].role == TZ_ROLE_SUBMISSION && subs[i].unit >= 0)
            len += subs[i].nsheets;
    sheet_ref *v = tz_xcalloc(len ? len : 1, sizeof *v);
    len = 0;
    for (size_t i = 0; i < n; i++) {
        if (subs[i].role != TZ_ROLE_SUBMISSION || subs[i].unit < 0)
            continue;
        for (size_t si = 0; si < subs[i].nsheets; si++) {
            tz_sheetdata *sd = &subs[i].sheets[si];
            if (sd->nrecords > 0 && sd->kind->accumulate_col < 0)
                v[len++] = (sheet_ref){ &subs[i], sd };
        }
    }
    qsort(v, len, sizeof *v, by_unit_kind);
    for (size_t first = 0, i = 1; first < len; i++) {
        if (i < len && v[i].sub->unit == v[first].sub->unit && v[i].sd->kind == v[first].sd->kind)
            continue;
        const tz_submission *win = v[first].sub;
        for (size_t k = first + 1; k < i; k++)
            if (later(v[k].sub, win))
                win = v[k].sub;
        for (size_t k = first; k < i; k++) {
            if (v[k].sub != win) {
                v[k].sd->superseded = 1;
                v[k].sd->superseded_by = win->file;
            }
        }
        first = i;
    }
    free(v);
}

typedef struct {
    const tz_submission *sub;
    tz_sheetdata *sd;
    tz_rowkey *rk;
} row_ref;

static int by_unit_week(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(a->rk->unit, b->rk->unit);
    if (!c)
        c = strcmp(a->rk->base, b->rk->base);
    if (c)
        return c;
    if (a->sd->kind != b->sd->kind)
        return (uintptr_t)a->sd->kind < (uintptr_t)b->sd->kind ? -1 : 1;
    if (a->rk->week != b->rk->week)
        return a->rk->week < b->rk->week ? -1 : 1;
    if (a->sub != b->sub)
        return later(a->sub, b->sub) ? 1 : -1;
    return a->rk->row < b->rk->row ? -1 : a->rk->row > b->rk->row;
}

static int same_week(const row_ref *a, const row_ref *b)
{
    return strcmp(a->rk->unit, b->rk->unit) == 0 && strcmp(a->rk->base, b->rk->base) == 0 &&
           a->sd->kind == b->sd->kind && a->rk->week == b->rk->week;
}

/* Accumulating kinds: per unit (of the row) and week the last row in
 * (workbook, row) order wins. */
static void supersede_rows(tz_submission *subs, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t si = 0; si < subs[i].nsheets; si++)
            len += subs[i].role == TZ_ROLE_SUBMISSION ? subs[i].sheets[si].nrowkeys : 0;
    if (len < 2)
        return;
    row_ref *v = tz_xcalloc(len, sizeof *v);
    len = 0;
    for (size_t i = 0; i < n; i++) {
        if (subs[i].role != TZ_ROLE_SUBMISSION)
            continue;
        for (size_t si = 0; si < subs[i].nsheets; si++)
            for (size_t k = 0; k < subs[i].sheets[si].nrowkeys; k++)
                v[len++] = (row_ref){ &subs[i], &subs[i].sheets[si], &subs[i].sheets[si].rowkeys[k] };
    }
    qsort(v, len, sizeof *v, by_unit_week);
    for (size_t i = 0; i + 1 < len; i++) {
        const row_ref *a = &v[i], *b = &v[i + 1];
        if (!same_week(a, b))
            continue;
        /* The winner of a run is its last: each earlier row names it. */
        size_t last = i + 1;
        while (last + 1 < len && same_week(a, &v[last + 1]))
            last++;
        for (size_t k = i; k < last; k++) {
            v[k].rk->by = v[last].sub->file;
            v[k].sd->rows_superseded++;
        }
        i = last;
    }
    free(v);
}

/* Where findings retire: a superseded sheet (rows from its header down), or
 * one superseded row. */
typedef struct {
    const char *file, *sheet;
    uint32_t from, to; /* rows, inclusive */
    size_t sub;        /* index in subs */
} retire_key;

static int retire_cmp(const void *pa, const void *pb)
{
    const retire_key *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (!c)
        c = strcmp(a->sheet, b->sheet);
    if (!c)
        c = a->from < b->from ? -1 : a->from > b->from;
    return c;
}

typedef struct {
    size_t errors, warnings;
} retired_count;

/* Marks the findings of superseded sheets and rows retired; counts them per workbook. */
static void retire_findings(tz_submission *subs, size_t n, tz_issues *issues, retired_count *counts)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t si = 0; si < subs[i].nsheets; si++)
            len += subs[i].sheets[si].superseded ? 1 : subs[i].sheets[si].rows_superseded;
    if (len == 0)
        return;
    retire_key *v = tz_xcalloc(len, sizeof *v);
    len = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t si = 0; si < subs[i].nsheets; si++) {
            const tz_sheetdata *sd = &subs[i].sheets[si];
            if (sd->superseded) {
                v[len++] = (retire_key){ subs[i].file, sd->name, sd->header_row, UINT32_MAX, i };
                continue;
            }
            for (size_t k = 0; k < sd->nrowkeys; k++)
                if (sd->rowkeys[k].by)
                    v[len++] =
                        (retire_key){ subs[i].file, sd->name, sd->rowkeys[k].row, sd->rowkeys[k].row, i };
        }
    }
    qsort(v, len, sizeof *v, retire_cmp);
    for (size_t i = 0; i < issues->len; i++) {
        tz_issue *is = &issues->items[i];
        if (is->row == UINT32_MAX || !*is->sheet)
            continue;
        /* The last key of this sheet starting at or above the issue's row. */
        retire_key probe = { is->file, is->sheet, is->row, 0, 0 };
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (retire_cmp(&v[mid], &probe) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            continue;
        const retire_key *k = &v[lo - 1];
        if (strcmp(k->file, is->file) != 0 || strcmp(k->sheet, is->sheet) != 0 || is->row > k->to)
            continue;
        is->retired = 1;
        counts[k->sub].errors += is->severity == TZ_SEV_ERROR;
        counts[k->sub].warnings += is->severity == TZ_SEV_WARNING;
    }
    free(v);
}

/* One I-SUPERSEDED info per workbook: what replaced which of its rows. */
static void note_superseded(const tz_submission *a, const retired_count *rc, tz_issues *issues)
{
    char what[1536];
    size_t wl = 0, rows = 0;
    what[0] = '\0';
    /* Sheets, grouped by the workbook that replaced them, in sheet order. */
    for (size_t si = 0; si < a->nsheets; si++) {
        const tz_sheetdata *sd = &a->sheets[si];
        if (!sd->superseded)
            continue;
        size_t seen = 0;
        for (size_t sk = 0; sk < si && !seen; sk++)
            seen = a->sheets[sk].superseded && strcmp(a->sheets[sk].superseded_by, sd->superseded_by) == 0;
        if (seen)
            continue;
        char kinds[512];
        size_t kl = 0;
        kinds[0] = '\0';
        for (size_t sk = si; sk < a->nsheets; sk++) {
            const tz_sheetdata *x = &a->sheets[sk];
            if (!x->superseded || strcmp(x->superseded_by, sd->superseded_by) != 0)
                continue;
            int dup = 0; /* a kind named once, however many of its sheets */
            for (size_t sj = si; sj < sk && !dup; sj++)
                dup = a->sheets[sj].superseded && a->sheets[sj].kind == x->kind &&
                      strcmp(a->sheets[sj].superseded_by, sd->superseded_by) == 0;
            if (!dup)
                list_add(kinds, sizeof kinds, &kl, "、", x->kind->name);
            rows += x->nrecords + x->rows_rejected;
        }
        char part[1024];
        snprintf(part, sizeof part, "%s已被较晚填报的“%s”取代", kinds, sd->superseded_by);
        list_add(what, sizeof what, &wl, "，", part);
    }
    /* Rows of accumulating kinds, by the workbook whose row replaced them. */
    for (size_t si = 0; si < a->nsheets; si++) {
        const tz_sheetdata *sd = &a->sheets[si];
        for (size_t k = 0; k < sd->nrowkeys; k++) {
            const char *by = sd->rowkeys[k].by;
            if (!by)
                continue;
            int seen = 0;
            for (size_t sj = 0; sj <= si && !seen; sj++)
                for (size_t m = 0; m < (sj == si ? k : a->sheets[sj].nrowkeys) && !seen; m++)
                    seen = a->sheets[sj].rowkeys[m].by && strcmp(a->sheets[sj].rowkeys[m].by, by) == 0;
            if (seen)
                continue;
            size_t count = 0;
            for (size_t sj = si; sj < a->nsheets; sj++)
                for (size_t m = sj == si ? k : 0; m < a->sheets[sj].nrowkeys; m++)
                    count += a->sheets[sj].rowkeys[m].by && strcmp(a->sheets[sj].rowkeys[m].by, by) == 0;
            char part[1024];
            if (strcmp(by, a->file) == 0)
                snprintf(part, sizeof part, "%s中 %zu 行所报的周在本文件后面又报了一次，以后面的为准",
                         sd->kind->name, count);
            else
                snprintf(part, sizeof part, "%s中 %zu 行所报的周已由较晚填报的“%s”重报", sd->kind->name,
                         count, by);
            list_add(what, sizeof what, &wl, "，", part);
            rows += count;
        }
    }
    if (!wl)
        return;
    char tail[256] = "";
    if (rc->errors && rc->warnings)
        snprintf(tail, sizeof tail, "；这些行的 %zu 个错误、%zu 个警告随之撤销", rc->errors, rc->warnings);
    else if (rc->errors || rc->warnings)
        snprintf(tail, sizeof tail, "；这些行的 %zu 个%s随之撤销", rc->errors + rc->warnings,
                 rc->errors ? "错误" : "警告");
    tz_issues_add(issues, TZ_SEV_INFO, "I-SUPERSEDED", a->unit_name, a->file, a->unit_sheet, a->unit_cell,
                  "%s的%s，本文件这些表的 %zu 行不重复计入%s", a->unit_name, what, rows, tail);
}

typedef struct {
    const tz_submission *sub;
    const tz_sheetdata *sd;
    tz_desckey *dk;
    size_t order;
} desc_entry;

static int desc_cmp(const void *pa, const void *pb)
{
    const desc_entry *a = pa, *b = pb;
    int c = strcmp(a->dk->unit, b->dk->unit);
    if (!c)
        c = strcmp(a->dk->base, b->dk->base);
    if (!c)
        c = strcmp(a->dk->key, b->dk->key);
    if (!c)
        c = a->order < b->order ? -1 : a->order > b->order;
    return c;
}

/* Duplicate problems: same unit and same normalised description (§4.3).
 * Sorting keeps this O(n log n) however many rows a province sends. */
static void find_duplicates(tz_submission *subs, size_t n, tz_issues *issues)
{
    size_t len = 0, order = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t si = 0; si < subs[i].nsheets; si++)
            len += subs[i].sheets[si].superseded ? 0 : subs[i].sheets[si].ndesckeys;
    if (len < 2)
        return;
    desc_entry *v = tz_xcalloc(len, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        for (size_t si = 0; si < subs[i].nsheets; si++) {
            const tz_sheetdata *sd = &subs[i].sheets[si];
            if (sd->superseded)
                continue;
            for (size_t k = 0; k < sd->ndesckeys; k++, order++)
                v[order] = (desc_entry){ &subs[i], sd, &sd->desckeys[k], order };
        }
    }
    qsort(v, len, sizeof *v, desc_cmp);
    /* Each later row of a run of equal (unit, key) names the run's first. */
    for (size_t i = 1, first = 0; i < len; i++) {
        const desc_entry *a = &v[first], *b = &v[i];
        if (strcmp(a->dk->unit, b->dk->unit) != 0 || strcmp(a->dk->base, b->dk->base) != 0 ||
            strcmp(a->dk->key, b->dk->key) != 0) {
            first = i;
            continue;
        }
        char ra[16];
        char where[512];
        if (a->sub == b->sub)
            snprintf(where, sizeof where, "「%s」%s", a->sd->name, tz_a1(ra, a->dk->row, a->dk->col));
        else
            snprintf(where, sizeof where, "%s 「%s」%s", a->sub->file, a->sd->name,
                     tz_a1(ra, a->dk->row, a->dk->col));
        b->dk->later = 1;
        tz_issues_add_at(issues, TZ_SEV_WARNING, "W-DUPLICATE", b->dk->unit, b->sub->file, b->sd->name,
                         b->dk->row, b->dk->col, "与本单位%s的问题重复：“%s”", where, b->dk->quoted);
    }
    free(v);
}

void tz_recognise_finish(tz_submission *subs, size_t n, tz_issues *issues)
{
    supersede_sheets(subs, n);
    supersede_rows(subs, n);
    retired_count *counts = tz_xcalloc(n ? n : 1, sizeof *counts);
    retire_findings(subs, n, issues, counts);
    for (size_t i = 0; i < n; i++)
        note_superseded(&subs[i], &counts[i], issues);
    free(counts);
    find_duplicates(subs, n, issues);
}

tz_rowcount tz_sheet_rows(const tz_sheetdata *sd)
{
    tz_rowcount rc = { sd->rows_read, 0, 0, 0 };
    if (sd->superseded) {
        rc.superseded = sd->nrecords + sd->rows_rejected;
    } else {
        rc.rejected = sd->rows_rejected;
        rc.superseded = sd->rows_superseded;
        rc.kept = sd->nrecords - sd->rows_superseded;
    }
    return rc;
}

void tz_rowcount_add(tz_rowcount *a, tz_rowcount b)
{
    a->read += b.read;
    a->kept += b.kept;
    a->rejected += b.rejected;
    a->superseded += b.superseded;
}

tz_rowcount tz_submission_rows(const tz_submission *sub)
{
    tz_rowcount rc = { 0 };
    for (size_t i = 0; i < sub->nsheets; i++) {
        tz_rowcount_add(&rc, tz_sheet_rows(&sub->sheets[i]));
    }
    return rc;
}

const char *tz_role_name(tz_role r)
{
    switch (r) {
    case TZ_ROLE_SUBMISSION:
        return "submission";
    case TZ_ROLE_UNITS:
        return "units";
    case TZ_ROLE_OFFICE:
        return "office";
    case TZ_ROLE_REJECTED:
        break;
    }
    return "rejected";
}

void tz_submission_drop_records(tz_submission *sub)
{
    for (size_t i = 0; i < sub->nsheets; i++) {
        free(sub->sheets[i].records);
        sub->sheets[i].records = NULL;
        sub->sheets[i].caprecords = 0;
    }
    tz_arena_free(&sub->records_arena);
}

void tz_submission_free(tz_submission *sub)
{
    for (size_t i = 0; i < sub->nsheets; i++)
        free(sub->sheets[i].records);
    free(sub->sheets);
    tz_arena_free(&sub->arena);
    tz_arena_free(&sub->records_arena);
    memset(sub, 0, sizeof *sub);
}
