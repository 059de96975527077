/* libFuzzer target: the date and time parsers (value.h) on arbitrary bytes
 * as text, and the same bytes read as a number in number, date, date-time
 * and time cells.  Every day they return must convert back to a calendar
 * date in range, every time lie within one day. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"
#include "xldate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Text dates must lie in 1900–2100 (value.h); a date cell may hold any
 * serial Excel allows, up to 9999-12-31. */
static void check_day(tz_date_status st, tz_day day, int max_year)
{
    if (st != TZ_DATE_OK)
        return;
    int y, m, d;
    tz_day_to_ymd(day, &y, &m, &d);
    if (y < 1899 || y > max_year || m < 1 || m > 12 || d < 1 || d > 31)
        abort();
}

static void check_time(tz_time_status st, int secs)
{
    if (st == TZ_TIME_OK && (secs < 0 || secs >= 86400))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tz_day day = 0;
    int secs = -1;
    check_time(tz_time_parse((const char *)data, size, &secs), secs);
    check_day(tz_date_parse((const char *)data, size, 2017, &day), day, 2100);
    if (tz_date_status_zh(tz_date_parse((const char *)data, size, 1900, &day)) == NULL)
        abort();

    tz_cell c = { .type = TZ_CELL_TEXT, .text = NULL };
    if (size >= sizeof(double)) {
        memcpy(&c.num, data, sizeof(double));
        static const tz_cell_type types[] = { TZ_CELL_NUMBER, TZ_CELL_DATE,  TZ_CELL_DATETIME,
                                              TZ_CELL_BOOL,   TZ_CELL_ERROR, TZ_CELL_TIME };
        for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
            c.type = types[i];
            check_day(tz_date_cell(&c, 2017, &day), day, 9999);
            check_time(tz_time_cell(&c, &secs), secs);
        }
    }
    return 0;
}
