/*
 * value.h — turning cell text into values (docs/schemas.md), and the normalised
 * keys that every name, header, enum value and description is matched by.
 *
 * Pure functions: no I/O, no global state, safe to call from reader threads.
 * Results go into caller buffers, caller variables or a caller's arena; the
 * caller owns them.  Inputs are UTF-8 of a given byte length (need not be
 * NUL-terminated); invalid bytes are read as U+FFFD, never trusted.
 *
 * A parse never fails silently: it returns a status that says why, so that
 * the caller can write "不是有效日期" (a date form with no such day) apart
 * from "无法识别" (not a date at all), and quote the original text.
 */
#ifndef TZ_VALUE_H
#define TZ_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "book.h"
#include "xldate.h"

/* ---- normalised keys ------------------------------------------------------ */

/* Room for a normalised key on the stack; longer texts are never names. */
#define TZ_NORM_MAX 1024

/*
 * The matching key of a text: NFKC (full-width letters, digits and
 * punctuation become ASCII), then every white-space or invisible character
 * removed (ASCII spaces, U+3000, NBSP, zero-width spaces, BOM, soft hyphen),
 * then ASCII letters folded to lower case (so "Email" matches "EMAIL").
 * Two texts are "the same name" when their keys are equal.
 *
 * tz_norm_buf writes the key into buf and returns its length, or -1 when it
 * does not fit in size bytes (buf is then "").
 * tz_norm returns the key in the arena.
 */
int tz_norm_buf(char *buf, size_t size, const char *s, size_t len);
char *tz_norm(tz_arena *a, const char *s, size_t len);

/*
 * Strips, in place, what decorates a header or label without naming it:
 * bracketed parts — (), [], {}, 【】, 〔〕, 〖〗 after NFKC, nested or not —
 * the required-field marks * and ※, and a trailing colon.  So the key of
 * "整改时限（完成时限）" becomes "整改时限" and "*问题描述：" becomes "问题描述".
 * Only for keys from tz_norm.  When nothing would be left the key is kept
 * as it was.  Returns the new length.
 */
size_t tz_norm_strip(char *key);

/* ---- text ------------------------------------------------------------------- */

/*
 * Text as it is stored and shown: white space and invisible characters
 * trimmed at both ends, CR LF and CR turned into LF, other control
 * characters except tab and LF removed (they break XML outputs).  Not NFKC:
 * the characters the unit typed are kept.  Returns an arena copy, "" for
 * nothing.
 */
char *tz_text_clean(tz_arena *a, const char *s, size_t len);

/*
 * Splits the NUL-terminated s at every character of seps (UTF-8, e.g.
 * ",，、") into items cleaned by tz_text_clean, empty ones dropped: the
 * lists of config.ini and schemas.ini.  Returns an arena array of *n arena
 * strings.
 */
const char **tz_text_split(tz_arena *a, const char *s, const char *seps, size_t *n);

/* What separates the items of a list in every file a user edits (config.ini,
 * schemas.ini, ledger.ini): , ，、 and ; ；. */
#define TZ_LIST_SEPARATORS ",，、;；"

/* ---- dates -------------------------------------------------------------------- */

typedef enum {
    TZ_DATE_OK = 0,    /* *day is set */
    TZ_DATE_EMPTY,     /* nothing but white space (or an empty cell) */
    TZ_DATE_NONE,      /* "no fixed deadline": 长期, 长期坚持, 持续, 持续整改, 常态化 … */
    TZ_DATE_IMMEDIATE, /* 立行立改, 立即, 即知即改 … */
    TZ_DATE_INVALID,   /* a date form, but no such day: 2017-13-01, 2月30日, 20171301 */
    TZ_DATE_UNKNOWN    /* not a date form at all */
} tz_date_status;

/*
 * Parses a date typed as text, after NFKC (so full-width digits and
 * separators work) and trimming:
 *   2017-10-30  2017/10/30  2017.10.30  20171030
 *   2017年10月30日 (or 号, or no 日)  二〇一七年十月三十日 (〇 零 ○ O for zero)
 *   10月30日  10-30  10/30  — in default_year (the campaign's year)
 *   2017年10月底 / 10月末 (last day of that month), 2017年底 (12-31)
 * optionally followed by 前/之前/以前 ("by …"), then optionally a time
 * (14:05, 14:05:30, 14时30分, 9点) which is accepted and dropped.
 * Years must lie in 1900–2100.  The no-deadline and immediate words give
 * TZ_DATE_NONE / TZ_DATE_IMMEDIATE: a 整改时限 (deadline) column accepts
 * them, a plain date column must treat them as errors.
 */
tz_date_status tz_date_parse(const char *s, size_t len, int default_year, tz_day *day);

/*
 * The date in a cell of a date column:
 *   date / date-time cell → its day (the time is dropped); serials below 1
 *                           are TZ_DATE_INVALID;
 *   number cell           → 8 digits yyyymmdd (20171030), or a serial that
 *                           falls in 1990-01-01..2100-12-31 (a date typed in
 *                           a cell formatted as a number); else UNKNOWN;
 *   text cell             → tz_date_parse;
 *   empty cell or NULL    → TZ_DATE_EMPTY; bool and error cells → UNKNOWN.
 */
tz_date_status tz_date_cell(const tz_cell *c, int default_year, tz_day *day);

/*
 * A week number in a cell (a 周报's 周次): a whole number cell (3), or text
 * 3, 第3周, 第三周, 第十二周 (NFKC, spaces ignored).  Returns it (≥ 1), or 0
 * when the cell holds no week number.
 */
long tz_week_number_cell(const tz_cell *c);

/* "不是有效日期", "无法识别的日期", "为空", … for messages (never NULL). */
const char *tz_date_status_zh(tz_date_status st);

/* ---- times of day ------------------------------------------------------------ */

typedef enum {
    TZ_TIME_OK = 0,  /* *secs is set: seconds since midnight, 0–86399 */
    TZ_TIME_EMPTY,   /* nothing but white space (or an empty cell) */
    TZ_TIME_INVALID, /* a time form, but no such time: 25:00, 14:75, 上午13点 */
    TZ_TIME_UNKNOWN  /* not a time form at all */
} tz_time_status;

/*
 * Parses a time of day typed as text, after NFKC (full-width digits and
 * colons work) and trimming: 14:30  14:30:15  9:05  14时30分[15秒]  9点
 * 9点半, optionally after 上午/早上/凌晨 or 下午/晚上/中午 (下午2点 is 14:00) or
 * before AM/PM.  Fractions of a second are dropped.
 */
tz_time_status tz_time_parse(const char *s, size_t len, int *secs);
/*
 * The time in a cell of a time column: a time cell, or the time part of a
 * date-time cell; a number cell in [0, 1) (a time whose format was lost);
 * an elapsed time of a day or more → TZ_TIME_INVALID;
 * a text cell through tz_time_parse; empty → TZ_TIME_EMPTY; a date-only,
 * bool or error cell → TZ_TIME_UNKNOWN.
 */
tz_time_status tz_time_cell(const tz_cell *c, int *secs);
/* "不是有效时间", "无法识别的时间", "为空", … for messages (never NULL). */
const char *tz_time_status_zh(tz_time_status st);

/* ---- counts and money ------------------------------------------------------------- */

typedef enum {
    TZ_NUM_OK = 0,
    TZ_NUM_EMPTY,    /* nothing */
    TZ_NUM_NEGATIVE, /* below zero */
    TZ_NUM_FRACTION, /* a count that is not a whole number (1.5) */
    TZ_NUM_DECIMALS, /* money with a non-zero third decimal (12.345) */
    TZ_NUM_RANGE,    /* 10^15 or more (count, or money in cents) */
    TZ_NUM_INVALID   /* not a number */
} tz_num_status;

/*
 * A count (persons, times, letters …): an integer ≥ 0, written with or
 * without thousands separators (1,200 — groups of three), full-width digits
 * (NFKC), white space anywhere, and at most one unit word from the table in
 * value.c after it (1200人次, 18次, 3人, 5件, 2条, 12封, 4场, 2个, 3名, 50份 …).
 * A whole number with zero decimals counts ("1.0" and the number 1.0 are 1);
 * "1.5" is TZ_NUM_FRACTION, "-3" TZ_NUM_NEGATIVE.
 */
tz_num_status tz_count_parse(const char *s, size_t len, int64_t *out);
/* A count from a number cell or a text cell (other cells: INVALID, empty: EMPTY). */
tz_num_status tz_count_cell(const tz_cell *c, int64_t *out);

/*
 * Money in yuan, returned in cents: 1,234.50  178716元  ￥12.5  ¥ 3  人民币100元.
 * Up to two decimals; further decimals must be zeros (12.500 is 1250 cents,
 * 12.345 is TZ_NUM_DECIMALS — never rounded).  A number cell is read from
 * the shortest text that gives back the same double, so 178716.1 is
 * 17871610 cents and 1.005 is TZ_NUM_DECIMALS.
 */
tz_num_status tz_money_parse(const char *s, size_t len, int64_t *cents);
tz_num_status tz_money_cell(const tz_cell *c, int64_t *cents);

/* "不能为负数", "应为整数", "最多两位小数", … for messages (never NULL). */
const char *tz_num_status_zh(tz_num_status st);

/* ---- enumerations --------------------------------------------------------------- */

/*
 * One allowed value of an enumerated column.  Ownership: whoever builds the
 * list (the schema) owns the strings.
 */
typedef struct {
    const char *value;       /* stored value, as the schema writes it */
    const char *label;       /* shown to users (for states, the Chinese word) */
    const char *const *keys; /* tz_norm() of the value and of every alias */
    size_t nkeys;
} tz_enum_item;

/* Index of the item having `key` (already a tz_norm key) among its keys, or -1. */
int tz_enum_find(const tz_enum_item *items, size_t n, const char *key);
/*
 * Index of the item that the text names, or -1: its key is looked up, then
 * the key with tz_norm_strip applied ("部分完成（80%）" is 部分完成).
 */
int tz_enum_match(const tz_enum_item *items, size_t n, const char *s, size_t len);

/* Levenshtein distance of two UTF-8 strings, by code point (typo and
 * unit-name suggestions); SIZE_MAX when either is over 64 characters. */
size_t tz_edit_distance(const char *a, const char *b);

#endif
