/*
 * arena.h — a bump allocator for text that lives as long as its owner
 * (a workbook, an issue list).  Ownership: the arena owns every block it
 * hands out; tz_arena_free() releases all of them at once.  Never free()
 * a pointer that came from an arena.
 */
#ifndef TZ_ARENA_H
#define TZ_ARENA_H

#include <stddef.h>

typedef struct tz_arena_block tz_arena_block;

typedef struct {
    tz_arena_block *head; /* newest block first */
    size_t used;          /* bytes used in head */
    size_t total;         /* bytes handed out, for statistics */
} tz_arena;

/* A zeroed tz_arena is ready to use. */
void tz_arena_free(tz_arena *a);
/* Returns n bytes aligned to 8; aborts the process on out-of-memory. */
void *tz_arena_alloc(tz_arena *a, size_t n);
/* Copies n bytes of s and appends a NUL. */
char *tz_arena_strndup(tz_arena *a, const char *s, size_t n);
char *tz_arena_strdup(tz_arena *a, const char *s);
/* printf into the arena. */
char *tz_arena_printf(tz_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* malloc/realloc/calloc that abort with a message instead of returning NULL:
 * an out-of-memory batch run cannot do anything useful. */
void *tz_xmalloc(size_t n);
void *tz_xcalloc(size_t n, size_t size);
void *tz_xrealloc(void *p, size_t n);
char *tz_xstrdup(const char *s);

#endif
