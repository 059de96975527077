/*
 * fuzz_file.h — what the file-reading fuzz targets share: the readers take
 * paths, so each input is written into one anonymous in-memory file (memfd)
 * that the reader then opens as /proc/self/fd/N — no disk, no clean-up.
 * Included by one fuzz target each; everything here is static inline.
 */
#ifndef TZ_FUZZ_FILE_H
#define TZ_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "book.h"

/* Writes data into the process's memfd and returns the path that opens it.
 * Aborts on a system failure: that is the harness, not a finding. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("tz-fuzz", 0);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0) {
        perror("ftruncate");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
        if (n <= 0) {
            perror("pwrite");
            abort();
        }
        done += (size_t)n;
    }
    return path;
}

/* Limits small enough that one input stays fast and light, yet every limit
 * check is still reachable by a small input. */
static inline void fuzz_limits(tz_limits *lim)
{
    tz_limits_default(lim);
    lim->max_entry_bytes = 8u << 20;
    lim->max_rows = 100000;
    lim->max_cols = 1000;
    lim->max_cell_chars = 4096;
    lim->max_cells = 200000;
}

/* Reads the file through the real entry point and touches every cell, so
 * that a reader leaving a bad pointer or length in a cell is caught here. */
static inline void fuzz_read(const uint8_t *data, size_t size)
{
    tz_limits lim;
    fuzz_limits(&lim);
    tz_issues issues = { 0 };
    tz_book *book = NULL;
    if (tz_book_read(fuzz_file(data, size), "fuzz", &lim, &book, &issues) == 0) {
        size_t sum = 0;
        for (size_t i = 0; i < book->nsheets; i++) {
            const tz_sheet *s = &book->sheets[i];
            sum += strlen(s->name);
            for (size_t k = 0; k < s->ncells; k++)
                if (s->cells[k].text)
                    sum += strlen(s->cells[k].text) == s->cells[k].len;
            for (size_t k = 0; k < s->nmerges; k++)
                sum += tz_sheet_merge_at(s, s->merges[k].r1, s->merges[k].c1) != NULL;
        }
        if (sum == (size_t)-1)
            abort();
        tz_book_free(book);
    }
    tz_issues_free(&issues);
}

#endif
