/*
 * xldate.h — calendar arithmetic and Excel serial dates.
 *
 * A tz_day counts days since 1970-01-01 (may be negative).  Excel serials are
 * always the 1900 system here: serial 1 = 1900-01-01, serial 60 = the phantom
 * 1900-02-29 that Excel shows, serial 61 = 1900-03-01, serial 0 = "1900-01-00".
 * 1904-system serials are converted on reading by adding 1462.
 */
#ifndef TZ_XLDATE_H
#define TZ_XLDATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t tz_day;

#define TZ_XL1904_OFFSET 1462
/* The last serial Excel can show: 9999-12-31. */
#define TZ_SERIAL_MAX 2958465

int tz_ymd_valid(int y, int m, int d);
tz_day tz_day_from_ymd(int y, int m, int d);
void tz_day_to_ymd(tz_day day, int *y, int *m, int *d);
/* 0 = Monday … 6 = Sunday */
int tz_day_weekday(tz_day day);

/*
 * Splits a 1900-system serial into the date Excel displays (with the phantom
 * 1900-02-29 and 1900-01-00) and seconds since midnight (rounded to the
 * nearest second).  Returns -1 for serials Excel cannot show (< 0 or past
 * 9999-12-31).
 */
int tz_serial_split(double serial, int *y, int *m, int *d, int *secs);
/* The serial of a real calendar date (1900-03-01 onwards, or 1900-01-01..02-28). */
double tz_serial_from_ymd(int y, int m, int d);
/* Serial → tz_day (the phantom day maps to 1900-02-28); fraction dropped. */
tz_day tz_serial_to_day(double serial);
double tz_day_to_serial(tz_day day);

/* "2017-10-30" into buf (≥ 11 bytes) / "2017-10-30 14:05:00" (≥ 20 bytes). */
char *tz_day_iso(char *buf, tz_day day);
/* Formats a serial as dump does: date → "YYYY-MM-DD", datetime adds " HH:MM:SS". */
void tz_serial_iso(char *buf, size_t size, double serial, int with_time);
/* "2011年9月28日" (no zero padding, as official documents write dates). */
char *tz_day_zh(char *buf, size_t size, tz_day day);
/* Parses exactly "YYYY-MM-DD" (config files, freexl output).  Returns 0/-1. */
int tz_day_parse_iso(const char *s, tz_day *out);

#endif
