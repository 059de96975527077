/* arena.c — see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tz_arena_block {
    tz_arena_block *next;
    size_t size;
    _Alignas(8) unsigned char data[];
};

enum { ARENA_FIRST_BLOCK = 512, ARENA_BLOCK = 64 * 1024 };

static void out_of_memory(size_t n)
{
    fprintf(stderr, "taizhang: 错误：内存不足（申请 %zu 字节失败）\n", n);
    abort();
}

void *tz_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *tz_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *tz_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *tz_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(tz_xmalloc(n), s, n);
}

void tz_arena_free(tz_arena *a)
{
    tz_arena_block *b = a->head;
    while (b) {
        tz_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
    a->total = 0;
}

void *tz_arena_alloc(tz_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->head || a->used + n > a->head->size) {
        /* Blocks grow with the arena: a run keeps thousands of small ones
         * (a workbook's names, a file's issues) that a fixed 64 KiB block
         * would mostly waste.  Big requests get a block of their own so the
         * current one is not wasted. */
        size_t block = a->total < ARENA_FIRST_BLOCK ? ARENA_FIRST_BLOCK
                       : a->total > ARENA_BLOCK     ? ARENA_BLOCK
                                                    : a->total;
        size_t size = n > block / 4 ? n : block;
        tz_arena_block *b = tz_xmalloc(sizeof *b + size);
        b->size = size;
        if (size == n && a->head) {
            b->next = a->head->next;
            a->head->next = b;
            a->total += n;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
        a->used = 0;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    a->total += n;
    return p;
}

char *tz_arena_strndup(tz_arena *a, const char *s, size_t n)
{
    char *p = tz_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tz_arena_strdup(tz_arena *a, const char *s)
{
    return tz_arena_strndup(a, s, strlen(s));
}

char *tz_arena_printf(tz_arena *a, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = tz_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return p;
}
