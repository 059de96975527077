/* issue.c — see issue.h. */
#include "issue.h"

#include "book.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *keep(tz_issues *list, const char *s)
{
    return tz_arena_strdup(&list->arena, s ? s : "");
}

static tz_issue *add(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                     const char *sheet, const char *cell, const char *fmt, va_list ap)
{
    if (list->len == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = tz_xrealloc(list->items, list->cap * sizeof *list->items);
    }
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    tz_issue *is = &list->items[list->len++];
    is->severity = sev;
    is->code = keep(list, code);
    is->unit = keep(list, unit);
    is->file = keep(list, file);
    is->sheet = keep(list, sheet);
    is->cell = keep(list, cell);
    is->message = keep(list, msg);
    is->row = UINT32_MAX;
    is->retired = 0;
    is->row_desc = "";
    return is;
}

void tz_issues_add(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                   const char *sheet, const char *cell, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(list, sev, code, unit, file, sheet, cell, fmt, ap);
    va_end(ap);
}

void tz_issues_add_at(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                      const char *sheet, uint32_t row, uint32_t col, const char *fmt, ...)
{
    char ref[16];
    va_list ap;
    va_start(ap, fmt);
    add(list, sev, code, unit, file, sheet, tz_a1(ref, row, col), fmt, ap)->row = row;
    va_end(ap);
}

int tz_issue_is_live(const tz_issue *is)
{
    return !is->retired;
}

void tz_issues_set_row_desc(tz_issues *list, const char *desc)
{
    if (list->len > 0 && desc)
        list->items[list->len - 1].row_desc = keep(list, desc);
}

int tz_issue_to_correct(const tz_issue *is)
{
    return tz_issue_is_live(is) && (is->severity == TZ_SEV_ERROR || is->severity == TZ_SEV_WARNING);
}

void tz_issues_append(tz_issues *dst, tz_issues *src)
{
    for (size_t i = 0; i < src->len; i++) {
        const tz_issue *s = &src->items[i];
        tz_issues_add(dst, s->severity, s->code, s->unit, s->file, s->sheet, s->cell, "%s", s->message);
        dst->items[dst->len - 1].row = s->row;
        dst->items[dst->len - 1].retired = s->retired;
        tz_issues_set_row_desc(dst, s->row_desc);
    }
    tz_issues_free(src);
}

void tz_issues_free(tz_issues *list)
{
    free(list->items);
    tz_arena_free(&list->arena);
    memset(list, 0, sizeof *list);
}

size_t tz_issues_count(const tz_issues *list, tz_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < list->len; i++)
        n += list->items[i].severity == sev && tz_issue_is_live(&list->items[i]);
    return n;
}

const char *tz_severity_zh(tz_severity sev)
{
    static const char *const names[] = { "错误", "警告", "提示" };
    return sev <= TZ_SEV_INFO ? names[sev] : "?";
}

const char *tz_severity_en(tz_severity sev)
{
    static const char *const names[] = { "error", "warning", "info" };
    return sev <= TZ_SEV_INFO ? names[sev] : "?";
}

void tz_issue_print(const tz_issue *is, void *out)
{
    FILE *f = out;
    fprintf(f, "%s %s %s", tz_severity_zh(is->severity), is->code, is->file);
    if (*is->sheet)
        fprintf(f, " 「%s」%s", is->sheet, is->cell);
    else if (*is->cell)
        fprintf(f, " %s", is->cell);
    fprintf(f, "：%s\n", is->message);
}

/* One line on stderr: "taizhang: <kind>：<message>". */
static void say(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "taizhang: %s：", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int tz_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("错误", fmt, ap);
    va_end(ap);
    return -1;
}

void tz_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("注意", fmt, ap);
    va_end(ap);
}

typedef struct {
    const tz_issue *issue;
    size_t order; /* place in the list */
    size_t group; /* index in `units`; n + first place of another unit; SIZE_MAX: no unit */
} grouped;

static int by_unit_then_order(const void *pa, const void *pb)
{
    const grouped *a = pa, *b = pb;
    int c = strcmp(a->issue->unit, b->issue->unit);
    return c ? c : a->order < b->order ? -1 : a->order > b->order;
}

static int by_group(const void *pa, const void *pb)
{
    const grouped *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

typedef struct {
    const char *name;
    size_t index;
} named;

static int by_name(const void *pa, const void *pb)
{
    return strcmp(((const named *)pa)->name, ((const named *)pb)->name);
}

tz_issue_group *tz_issues_by_unit(const tz_issues *list, const char *const *units, size_t n, size_t *ngroups)
{
    size_t len = 0;
    for (size_t i = 0; i < list->len; i++)
        len += tz_issue_is_live(&list->items[i]);
    named *names = tz_xcalloc(n ? n : 1, sizeof *names);
    for (size_t u = 0; u < n; u++)
        names[u] = (named){ units[u], u };
    qsort(names, n, sizeof *names, by_name);
    grouped *v = tz_xcalloc(len ? len : 1, sizeof *v);
    for (size_t i = 0, k = 0; i < list->len; i++)
        if (tz_issue_is_live(&list->items[i]))
            v[k++] = (grouped){ &list->items[i], i, 0 };
    qsort(v, len, sizeof *v, by_unit_then_order);
    for (size_t first = 0, i = 0; i < len; i++) {
        const char *unit = v[i].issue->unit;
        if (i > 0 && strcmp(unit, v[i - 1].issue->unit) != 0)
            first = i;
        const named key = { unit, 0 };
        const named *hit = n ? bsearch(&key, names, n, sizeof *names, by_name) : NULL;
        v[i].group = !*unit ? SIZE_MAX : hit ? hit->index : n + v[first].order;
    }
    qsort(v, len, sizeof *v, by_group);
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += i == 0 || v[i].group != v[i - 1].group;
    /* The groups, then the item pointers they share, in one block. */
    tz_issue_group *g = tz_xcalloc(1, (count ? count : 1) * sizeof *g + (len ? len : 1) * sizeof(tz_issue *));
    const tz_issue **items = (const tz_issue **)(g + (count ? count : 1));
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || v[i].group != v[i - 1].group)
            g[k++] = (tz_issue_group){ v[i].group == SIZE_MAX ? "" : v[i].issue->unit, items + i, 0, 0, 0 };
        tz_issue_group *cur = &g[k - 1];
        items[i] = v[i].issue;
        cur->len++;
        cur->errors += v[i].issue->severity == TZ_SEV_ERROR;
        cur->warnings += v[i].issue->severity == TZ_SEV_WARNING;
    }
    free(v);
    free(names);
    *ngroups = count;
    return g;
}
