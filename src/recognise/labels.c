/*
 * labels.c — who a workbook is from and when: the 填报单位 / 填报日期
 * labels, the unit a name or a file name means (docs/schemas.md "How a
 * workbook is recognised", docs/cycle.md "Who a workbook is from").
 */
#include "recognise_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "value.h"

enum { LABEL_ROWS = 6 }; /* 填报单位 / 填报日期 lines are among the first rows */

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const unit_labels[] = { "填报单位", "报送单位", "填表单位" };
static const char *const date_labels[] = { "填报日期", "报送日期", "填表日期", "填报时间" };
/* What else ends a label's value on the same line. */
static const char *const other_labels[] = { "填表人", "联系电话" };

/* Seal notes a unit writes after its name ("滨江县职业中学（盖章）"), as
 * tz_norm leaves them: not part of the name. */
static const char *const seal_notes[] = { "(盖章)", "(公章)", "(签章)", "(印章)", "(章)" };

/* Drops one seal note from the end of a normalised unit name. */
static void drop_seal_note(char *name)
{
    size_t n = strlen(name);
    for (size_t k = 0; k < COUNT(seal_notes); k++) {
        size_t m = strlen(seal_notes[k]);
        if (n > m && strcmp(name + n - m, seal_notes[k]) == 0) {
            name[n - m] = '\0';
            return;
        }
    }
}

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

/* Orders unit keys by key, then by unit: tz_rec_unit_find takes the first. */
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

int tz_rec_unit_find(const tz_recognise_ctx *ctx, const char *key)
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

int tz_rec_unit_closest(const tz_recognise_ctx *ctx, const char *key)
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
        if (!tz_rec_cell_blank(cell))
            return cell;
    }
    return NULL;
}

void tz_rec_find_labels(const tz_schema *schema, const tz_book *b, tz_rec_labels *lf)
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
                    v = tz_rec_cell_key(at, vbuf, sizeof vbuf);
                    if (!*v)
                        continue;
                }
                if (want_unit) {
                    lf->found_unit = 1;
                    snprintf(lf->unit_text, sizeof lf->unit_text, "%s", v);
                    drop_seal_note(lf->unit_text);
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

int tz_rec_unit_of_file(const tz_recognise_ctx *ctx, const char *rel)
{
    char key[TZ_NORM_MAX];
    file_key(rel, key, sizeof key);
    return unit_find_in(ctx, key);
}
