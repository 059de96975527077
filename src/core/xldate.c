/* xldate.c — see xldate.h.  Civil-date arithmetic after H. Hinnant's
 * days_from_civil / civil_from_days (proleptic Gregorian). */
#include "xldate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Serial of 1970-01-01 in the 1900 system (it counts the phantom 1900-02-29). */
enum { SERIAL_UNIX_EPOCH = 25569 };

static int days_in_month(int y, int m)
{
    static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

int tz_ymd_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

tz_day tz_day_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

void tz_day_to_ymd(tz_day day, int *y, int *m, int *d)
{
    int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)yoe + era * 400 + (*m <= 2);
}

int tz_day_weekday(tz_day day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (day + 3) % 7;
    return w < 0 ? w + 7 : w;
}

int tz_serial_split(double serial, int *y, int *m, int *d, int *secs)
{
    if (!(serial >= 0) || serial >= TZ_SERIAL_MAX + 1.0)
        return -1;
    double whole = floor(serial);
    long s = lround((serial - whole) * 86400.0);
    long days = (long)whole;
    if (s >= 86400) { /* 23:59:59.6 rounds into the next day */
        s -= 86400;
        days++;
    }
    if (days > TZ_SERIAL_MAX) /* … which past 9999-12-31 Excel cannot show */
        return -1;
    *secs = (int)s;
    if (days == 0) { /* Excel shows serial 0 as 1900-01-00 */
        *y = 1900;
        *m = 1;
        *d = 0;
        return 0;
    }
    if (days == 60) { /* Lotus's phantom leap day, kept by Excel */
        *y = 1900;
        *m = 2;
        *d = 29;
        return 0;
    }
    if (days < 60)
        days += 1; /* before the phantom day the serials run one ahead */
    tz_day_to_ymd((tz_day)(days - SERIAL_UNIX_EPOCH), y, m, d);
    return 0;
}

double tz_serial_from_ymd(int y, int m, int d)
{
    if (y == 1900 && m == 2 && d == 29)
        return 60;
    return tz_day_to_serial(tz_day_from_ymd(y, m, d));
}

tz_day tz_serial_to_day(double serial)
{
    long days = (long)floor(serial);
    if (days < 60)
        days += 1; /* serials before the phantom day run one ahead; 60 itself lands on 02-28 */
    return (tz_day)(days - SERIAL_UNIX_EPOCH);
}

double tz_day_to_serial(tz_day day)
{
    long serial = (long)day + SERIAL_UNIX_EPOCH;
    if (serial <= 60)
        serial -= 1;
    return (double)serial;
}

char *tz_day_iso(char *buf, tz_day day)
{
    int y, m, d;
    tz_day_to_ymd(day, &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
    return buf;
}

void tz_serial_iso(char *buf, size_t size, double serial, int with_time)
{
    int y, m, d, s;
    if (tz_serial_split(serial, &y, &m, &d, &s) < 0) {
        snprintf(buf, size, "%.17g", serial);
        return;
    }
    if (with_time)
        snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

char *tz_day_zh(char *buf, size_t size, tz_day day)
{
    int y, m, d;
    tz_day_to_ymd(day, &y, &m, &d);
    snprintf(buf, size, "%d年%d月%d日", y, m, d);
    return buf;
}

int tz_day_parse_iso(const char *s, tz_day *out)
{
    int y, m, d, n = 0;
    for (int i = 0; s[i] && i < 10; i++) /* %d alone would take "2017- 1-+3" */
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' ||
        s[7] != '-' || !tz_ymd_valid(y, m, d))
        return -1;
    *out = tz_day_from_ymd(y, m, d);
    return 0;
}
