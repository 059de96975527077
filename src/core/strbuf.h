/*
 * strbuf.h — a growing NUL-terminated string, for text built piece by piece:
 * the copy of an ini file iniparser reads, the XML of a Word part, a summary
 * template's expansion.
 *
 * Ownership: the buffer owns `s`; tz_strbuf_free() releases it and leaves
 * the buffer empty.  A caller that keeps the text takes `s` and sets the
 * buffer to zero instead.  A zeroed tz_strbuf is empty and ready to use
 * (`s` stays NULL until the first put).  Out-of-memory aborts the process
 * (tz_xrealloc), so no call here fails.
 */
#ifndef TZ_STRBUF_H
#define TZ_STRBUF_H

#include <stddef.h>

typedef struct {
    char *s;    /* the text, NUL-terminated once anything was put */
    size_t len; /* bytes in s, not counting the NUL */
    size_t cap; /* bytes allocated */
} tz_strbuf;

/* Appends n bytes of s (which may hold NULs); n = 0 still makes s a string. */
void tz_strbuf_put(tz_strbuf *b, const char *s, size_t n);
/* Appends the string s. */
void tz_strbuf_puts(tz_strbuf *b, const char *s);
/* Appends printf's output, whatever its length. */
void tz_strbuf_printf(tz_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the whole of the file at path.  Returns 0; -1 when it cannot be
 * opened, -2 when reading it fails, each with errno set (EFBIG when the
 * file is over max_bytes; b then holds its first part). */
int tz_strbuf_read_file(tz_strbuf *b, const char *path, size_t max_bytes);
/* Releases the text; the buffer is empty and ready again. */
void tz_strbuf_free(tz_strbuf *b);

#endif
