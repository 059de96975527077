/* numfmt.c — is an Excel number format a date?  See numfmt.h. */
#include "numfmt.h"

#include <stddef.h>

tz_numfmt_kind tz_numfmt_builtin(int id)
{
    switch (id) {
    /* Excel's locale-independent built-ins: 14 m/d/yyyy, 15 d-mmm-yy,
     * 16 d-mmm, 17 mmm-yy, 22 m/d/yyyy h:mm; 18–21, 45–47 are h:mm… / mm:ss. */
    case 14:
    case 15:
    case 16:
    case 17:
        return TZ_NUMFMT_DATE;
    case 22:
        return TZ_NUMFMT_DATETIME;
    case 18:
    case 19:
    case 20:
    case 21:
    case 45:
    case 47:
        return TZ_NUMFMT_TIME;
    case 46: /* [h]:mm:ss */
        return TZ_NUMFMT_ELAPSED;
    /* zh-CN built-ins (ECMA-376 Part 1, 18.8.30): 27/36/50/52/57 yyyy"年"m"月",
     * 28/29/51/53/54/58 m"月"d"日", 30 m-d-yy, 31 yyyy"年"m"月"d"日" are dates;
     * 32/33 h"时"mm"分"[ss"秒"] and 34/35/55/56 上午/下午h"时"mm"分"[ss"秒"] are times. */
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
        return TZ_NUMFMT_DATE;
    case 32:
    case 33:
    case 34:
    case 35:
    case 55:
    case 56:
        return TZ_NUMFMT_TIME;
    default:
        return TZ_NUMFMT_NUMBER;
    }
}

/* Date/time tokens of a format section.  'M' is a run of m that turned out
 * to be minutes; 'm' stays a month. */
enum { MAX_TOKENS = 64 };

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int starts_nocase(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if (lower((unsigned char)*s) != *word)
            return 0;
    return 1;
}

/* "[h]", "[mm]", "[ss]": elapsed time.  Returns the letter, or 0. */
static int elapsed_letter(const char *open, const char *close)
{
    const char *p = open + 1;
    if (p == close)
        return 0;
    int c = lower((unsigned char)*p);
    if (c != 'h' && c != 'm' && c != 's')
        return 0;
    for (; p < close; p++)
        if (lower((unsigned char)*p) != c)
            return 0;
    return c == 'm' ? 'M' : c;
}

tz_numfmt_kind tz_numfmt_classify(const char *code)
{
    char tok[MAX_TOKENS];
    int n = 0, elapsed = 0;
    const char *p = code;
    if (!code)
        return TZ_NUMFMT_NUMBER;
    while (*p && *p != ';' && n < MAX_TOKENS) {
        int c = lower((unsigned char)*p);
        if (*p == '"') { /* literal text */
            p++;
            while (*p && *p != '"')
                p++;
            if (*p)
                p++;
        } else if (*p == '\\' || *p == '_' || *p == '*') { /* escaped / padding / fill char */
            p += p[1] ? 2 : 1;
        } else if (*p == '[') { /* [Red], [$-804], [DBNum1], [>100], [h] */
            const char *close = p + 1;
            while (*close && *close != ']')
                close++;
            int e = elapsed_letter(p, close);
            if (e) {
                tok[n++] = (char)e;
                elapsed = 1;
            }
            p = *close ? close + 1 : close;
        } else if (starts_nocase(p, "am/pm")) {
            tok[n++] = 'a';
            p += 5;
        } else if (starts_nocase(p, "a/p")) {
            tok[n++] = 'a';
            p += 3;
        } else if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's') {
            while (lower((unsigned char)*p) == c)
                p++;
            tok[n++] = (char)c;
        } else {
            p++;
        }
    }

    int date = 0, time = 0;
    for (int i = 0; i < n; i++) {
        switch (tok[i]) {
        case 'y':
        case 'd':
            date = 1;
            break;
        case 'h':
        case 's':
        case 'a':
        case 'M':
            time = 1;
            break;
        case 'm': {
            /* Minutes when right after an hour or right before a second. */
            int after_h = i > 0 && tok[i - 1] == 'h';
            int before_s = i + 1 < n && tok[i + 1] == 's';
            if (after_h || before_s)
                time = 1;
            else
                date = 1;
            break;
        }
        default:
            break;
        }
    }
    if (date && time)
        return TZ_NUMFMT_DATETIME;
    if (date)
        return TZ_NUMFMT_DATE;
    if (time)
        return elapsed ? TZ_NUMFMT_ELAPSED : TZ_NUMFMT_TIME;
    return TZ_NUMFMT_NUMBER;
}
