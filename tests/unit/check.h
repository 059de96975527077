/*
 * check.h — the unit tests' few macros.  Each test binary ends with
 * CHECK_DONE(), which prints "NAME: N passed, N failed" and returns non-zero
 * on failure; tests/run.sh adds the counts up.
 */
#ifndef TZ_CHECK_H
#define TZ_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                                          \
    do {                                                                                                     \
        if (cond)                                                                                            \
            check_passed++;                                                                                  \
        else {                                                                                               \
            check_failed++;                                                                                  \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);                               \
        }                                                                                                    \
    } while (0)

#define CHECK_STR(got, want)                                                                                 \
    do {                                                                                                     \
        const char *g_ = (got), *w_ = (want);                                                                \
        if (g_ && w_ && strcmp(g_, w_) == 0)                                                                 \
            check_passed++;                                                                                  \
        else {                                                                                               \
            check_failed++;                                                                                  \
            fprintf(stderr, "%s:%d: FAILED: %s\n  got:  \"%s\"\n  want: \"%s\"\n", __FILE__, __LINE__, #got, \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                                 \
        }                                                                                                    \
    } while (0)

#define CHECK_INT(got, want)                                                                                 \
    do {                                                                                                     \
        long long g_ = (long long)(got), w_ = (long long)(want);                                             \
        if (g_ == w_)                                                                                        \
            check_passed++;                                                                                  \
        else {                                                                                               \
            check_failed++;                                                                                  \
            fprintf(stderr, "%s:%d: FAILED: %s\n  got:  %lld\n  want: %lld\n", __FILE__, __LINE__, #got, g_, \
                    w_);                                                                                     \
        }                                                                                                    \
    } while (0)

#define CHECK_DONE()                                                                                         \
    (printf("%s: %d passed, %d failed\n", __FILE__, check_passed, check_failed), check_failed != 0)

#endif
