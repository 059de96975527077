/*
 * strbuf.c — a growing NUL-terminated string (strbuf.h).
 */
#include "strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Makes room for n more bytes and the NUL; doubles so appends are amortised O(1). */
static void reserve(tz_strbuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    b->s = tz_xrealloc(b->s, cap);
    b->cap = cap;
}

void tz_strbuf_put(tz_strbuf *b, const char *s, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void tz_strbuf_puts(tz_strbuf *b, const char *s)
{
    tz_strbuf_put(b, s, strlen(s));
}

void tz_strbuf_printf(tz_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        tz_strbuf_put(b, "", 0);
        return;
    }
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int tz_strbuf_read_file(tz_strbuf *b, const char *path, size_t max_bytes)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t start = b->len;
    tz_strbuf_put(b, "", 0);
    for (;;) {
        reserve(b, 65536);
        size_t got = fread(b->s + b->len, 1, b->cap - b->len - 1, f);
        b->len += got;
        b->s[b->len] = '\0';
        if (got == 0 || b->len - start > max_bytes)
            break;
    }
    int bad = ferror(f), saved = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad && b->len - start > max_bytes) {
        bad = 1;
        saved = EFBIG;
    }
    errno = saved;
    return bad ? -2 : 0;
}

void tz_strbuf_free(tz_strbuf *b)
{
    free(b->s);
    *b = (tz_strbuf){ 0 };
}
