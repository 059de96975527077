/* issue.c — see issue.h. */
#include "issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *keep(tz_issues *list, const char *s)
{
    return tz_arena_strdup(&list->arena, s ? s : "");
}

void tz_issues_add(tz_issues *list, tz_severity sev, const char *code,
                   const char *unit, const char *file, const char *sheet,
                   const char *cell, const char *fmt, ...)
{
    if (list->len == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = tz_xrealloc(list->items, list->cap * sizeof *list->items);
    }
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tz_issue *is = &list->items[list->len++];
    is->severity = sev;
    is->code = keep(list, code);
    is->unit = keep(list, unit);
    is->file = keep(list, file);
    is->sheet = keep(list, sheet);
    is->cell = keep(list, cell);
    is->message = keep(list, msg);
}

void tz_issues_append(tz_issues *dst, tz_issues *src)
{
    for (size_t i = 0; i < src->len; i++) {
        const tz_issue *s = &src->items[i];
        tz_issues_add(dst, s->severity, s->code, s->unit, s->file, s->sheet,
                      s->cell, "%s", s->message);
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
        n += list->items[i].severity == sev;
    return n;
}

const char *tz_severity_zh(tz_severity sev)
{
    static const char *const names[] = {"错误", "警告", "提示"};
    return sev <= TZ_SEV_INFO ? names[sev] : "?";
}

const char *tz_severity_en(tz_severity sev)
{
    static const char *const names[] = {"error", "warning", "info"};
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
