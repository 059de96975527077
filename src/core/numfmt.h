/*
 * numfmt.h — is an Excel number format a date?
 *
 * Used by the .xlsx reader (styles.xml) and anything else that sees number
 * format ids or codes.
 */
#ifndef TZ_NUMFMT_H
#define TZ_NUMFMT_H

typedef enum {
    TZ_NUMFMT_NUMBER = 0, /* not a date */
    TZ_NUMFMT_DATE,       /* date only: y, m, d parts */
    TZ_NUMFMT_DATETIME,   /* date and time */
    TZ_NUMFMT_TIME,       /* time of day only (h:mm, 上午/下午h"时"mm"分"): a time cell (tz_sheet_put_number) */
    TZ_NUMFMT_ELAPSED     /* elapsed time ([h]:mm, [mm]:ss): a time cell of any length */
} tz_numfmt_kind;

/*
 * Built-in format ids: 14–17, 22 (and 18–21, 45–47 time, 46 elapsed) of Excel, and the Chinese
 * locale ids 27–36 and 50–58 that Chinese Excel and WPS write without
 * defining them.  Returns TZ_NUMFMT_NUMBER for any other id.
 */
tz_numfmt_kind tz_numfmt_builtin(int id);
/*
 * Classifies a format code: looks only at the first section, skips text in
 * quotes, escaped characters (\x, _x, *x) and brackets (except [h] [m] [s]
 * elapsed-time brackets).  Date when it has y or d, or m that is not minutes;
 * time when it has h or s; elapsed when that time has a [h] [m] [s] bracket
 * and no date.
 */
tz_numfmt_kind tz_numfmt_classify(const char *code);

#endif
