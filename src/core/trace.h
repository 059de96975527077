/*
 * trace.h — where a run spends its time and memory, for `make bench` and
 * for a person chasing a slow run: with TAIZHANG_TRACE set in the
 * environment, each call prints one line on stderr
 *
 *   taizhang: 跟踪 3.412 s 152 MB 装载完成
 *
 * (seconds since the first call, peak resident memory so far, the step).
 * Without it, nothing is printed and a call costs one getenv.  The first
 * call (which starts the clock) must come before any thread is started;
 * later ones may come from any thread.
 */
#ifndef TZ_TRACE_H
#define TZ_TRACE_H

void tz_trace(const char *step);

#endif
