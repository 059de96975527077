/* trace.c — see trace.h. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void tz_trace(const char *step)
{
    static double start = -1;
    const char *on = getenv("TAIZHANG_TRACE");
    if (!on || !*on)
        return;
    double t = now();
    if (start < 0)
        start = t;
    struct rusage ru;
    long peak_mb = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss / 1024 : -1;
    fprintf(stderr, "taizhang: 跟踪 %.3f s %ld MB %s\n", t - start, peak_mb, step);
}
