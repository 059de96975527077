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
    TZ_NUMFMT_TIME        /* time only (h:mm, [h]:mm): a time cell (tz_sheet_put_number) */
} tz_numfmt_kind;

/*
 * Built-in format ids: 14–17, 22 (and 45–47 time) of Excel, and the Chinese
 * locale ids 27–36 and 50–58 that Chinese Excel and WPS write without
 * defining them.  Returns TZ_NUMFMT_NUMBER for any other id.
 */
tz_numfmt_kind tz_numfmt_builtin(int id);
/*
 * Classifies a format code: looks only at the first section, skips text in
 * quotes, escaped characters (\x, _x, *x) and brackets (except [h] [m] [s]
 * elapsed-time brackets).  Date when it has y or d, or m that is not minutes;
 * time when it has h or s.
 */
tz_numfmt_kind tz_numfmt_classify(const char *code);

#endif
