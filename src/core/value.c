/* value.c — see value.h. */
#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* ---- UTF-8 and NFKC ------------------------------------------------------------ */

/* A copy of s in which every invalid byte is U+FFFD (malloc'd). */
static uint8_t *sanitise(const uint8_t *s, size_t len, size_t *outlen)
{
    uint8_t *out = tz_xmalloc(3 * len + 1), *o = out;
    while (len > 0) {
        ucs4_t uc;
        int n = u8_mbtoucr(&uc, s, len);
        if (n < 0) { /* invalid or truncated sequence: one byte at a time */
            uc = 0xFFFD;
            n = 1;
        }
        o += u8_uctomb(o, uc, 4);
        s += n;
        len -= (size_t)n;
    }
    *outlen = (size_t)(o - out);
    return out;
}

/* Whether NFKC leaves the character as it is: the CJK Unified Ideographs
 * and the common Chinese punctuation (、。《》「」『』【】“”‘’—). */
static int nfkc_stable_char(ucs4_t uc)
{
    return (uc >= 0x4E00 && uc <= 0x9FFF) || uc == 0x3001 || uc == 0x3002 || (uc >= 0x300A && uc <= 0x3011) ||
           (uc >= 0x2018 && uc <= 0x201D) || uc == 0x2014;
}

/* The fullwidth forms of ASCII (，；：（）１２ …, U+FF01–FF5E) and the
 * ideographic space: NFKC maps each to one ASCII character. */
static int nfkc_to_ascii(ucs4_t uc)
{
    return uc == 0x3000 ? ' ' : uc >= 0xFF01 && uc <= 0xFF5E ? (int)(uc - 0xFEE0) : -1;
}

/*
 * NFKC without u8_normalize for nearly all the text units type: ASCII, the
 * characters above that NFKC keeps, and the fullwidth ones it maps to
 * ASCII.  u8_normalize is the costliest step of recognising a workbook.
 * Returns 0 and the result (s itself when nothing changes, else `buf`),
 * or -1 when the text needs u8_normalize or does not fit in buf (which
 * holds at least len bytes: a mapped character is shorter than before).
 */
static int nfkc_simple(const uint8_t *s, size_t len, uint8_t *buf, size_t bufsize, const uint8_t **out,
                       size_t *outlen)
{
    const uint8_t *end = s + len;
    const uint8_t *p = s;
    size_t o = 0;
    int changed = 0;
    while (p < end) {
        if (*p < 0x80) {
            if (changed)
                buf[o++] = *p;
            p++;
            continue;
        }
        ucs4_t uc;
        int n = u8_mbtouc(&uc, p, (size_t)(end - p));
        if (uc == 0xFFFD)
            return -1;
        int ascii = nfkc_to_ascii(uc);
        if (ascii < 0 && !nfkc_stable_char(uc))
            return -1;
        if (ascii >= 0 && !changed) {
            if (len > bufsize)
                return -1;
            changed = 1;
            o = (size_t)(p - s);
            memcpy(buf, s, o);
        }
        if (ascii >= 0)
            buf[o++] = (uint8_t)ascii;
        else if (changed) {
            memcpy(buf + o, p, (size_t)n);
            o += (size_t)n;
        }
        p += n;
    }
    *out = changed ? buf : s;
    *outlen = changed ? o : len;
    return 0;
}

/*
 * NFKC of s.  The result is `buf` when it fits in bufsize bytes, s itself
 * when NFKC would not change it, else heap memory returned in *tofree (the
 * caller frees it; NULL when nothing to free).
 */
static const uint8_t *nfkc(const char *s, size_t len, uint8_t *buf, size_t bufsize, size_t *outlen,
                           uint8_t **tofree)
{
    const uint8_t *in = (const uint8_t *)s;
    uint8_t *fixed = NULL;
    *tofree = NULL;
    const uint8_t *simple;
    if (nfkc_simple(in, len, buf, bufsize, &simple, outlen) == 0)
        return simple;
    if (u8_check(in, len)) {
        fixed = sanitise(in, len, &len);
        in = fixed;
    }
    size_t n = bufsize;
    uint8_t *r = u8_normalize(UNINORM_NFKC, in, len, buf, &n);
    if (!r) {
        /* Only out of memory gets here (the input is valid UTF-8): match on
         * the text as it is rather than give up. */
        *tofree = fixed;
        *outlen = len;
        return in;
    }
    free(fixed);
    if (r != buf)
        *tofree = r;
    *outlen = n;
    return r;
}

/* White space, and characters that are there but show nothing (U+200B …).
 * ASCII and the ideographs, most of any text, are answered without a table. */
static int is_blank(ucs4_t uc)
{
    if (uc < 0x80)
        return uc == ' ' || (uc >= '\t' && uc <= '\r');
    if (uc >= 0x4E00 && uc <= 0x9FFF)
        return 0;
    return uc_is_property_white_space(uc) || uc_is_property_default_ignorable_code_point(uc);
}

/* Copies s (valid UTF-8) into out without blanks, ASCII folded; returns the length. */
static size_t squeeze(uint8_t *out, const uint8_t *s, size_t len)
{
    uint8_t *o = out;
    const uint8_t *end = s + len;
    while (s < end) {
        ucs4_t uc;
        int n = u8_mbtouc(&uc, s, (size_t)(end - s));
        if (!is_blank(uc)) {
            if (uc >= 'A' && uc <= 'Z')
                *o++ = (uint8_t)(uc - 'A' + 'a');
            else {
                memcpy(o, s, (size_t)n);
                o += n;
            }
        }
        s += n;
    }
    return (size_t)(o - out);
}

int tz_norm_buf(char *buf, size_t size, const char *s, size_t len)
{
    uint8_t tmp[TZ_NORM_MAX], *tofree;
    size_t n;
    const uint8_t *k = nfkc(s, len, tmp, sizeof tmp, &n, &tofree);
    int ret = -1;
    if (size > 0)
        buf[0] = '\0';
    /* Squeezing never makes the text longer, so n < size is enough room. */
    if (n < size) {
        size_t m = squeeze((uint8_t *)buf, k, n);
        buf[m] = '\0';
        ret = (int)m;
    } else if (size > 0) {
        uint8_t *big = tz_xmalloc(n + 1);
        size_t m = squeeze(big, k, n);
        if (m < size) {
            memcpy(buf, big, m);
            buf[m] = '\0';
            ret = (int)m;
        }
        free(big);
    }
    free(tofree);
    return ret;
}

char *tz_norm(tz_arena *a, const char *s, size_t len)
{
    uint8_t tmp[TZ_NORM_MAX], *tofree;
    size_t n;
    const uint8_t *k = nfkc(s, len, tmp, sizeof tmp, &n, &tofree);
    char *out = tz_arena_alloc(a, n + 1);
    out[squeeze((uint8_t *)out, k, n)] = '\0';
    free(tofree);
    return out;
}

static int bracket_open(ucs4_t uc)
{
    return uc == '(' || uc == '[' || uc == '{' || uc == 0x3010 || uc == 0x3014 || uc == 0x3016;
}

static int bracket_close(ucs4_t uc)
{
    return uc == ')' || uc == ']' || uc == '}' || uc == 0x3011 || uc == 0x3015 || uc == 0x3017;
}

/* Where the bracket opened at s ends (just past its closer), or NULL when it is never closed. */
static const uint8_t *bracket_end(const uint8_t *s, const uint8_t *end)
{
    int depth = 0;
    while (s < end) {
        ucs4_t uc;
        s += u8_mbtouc(&uc, s, (size_t)(end - s));
        if (bracket_open(uc))
            depth++;
        else if (bracket_close(uc) && --depth == 0)
            return s;
    }
    return NULL;
}

size_t tz_norm_strip(char *key)
{
    size_t len = strlen(key);
    uint8_t stack[TZ_NORM_MAX];
    uint8_t *copy = len < sizeof stack ? stack : tz_xmalloc(len + 1);
    memcpy(copy, key, len + 1);
    const uint8_t *s = copy, *end = copy + len;
    uint8_t *o = (uint8_t *)key;
    while (s < end) {
        ucs4_t uc;
        int n = u8_mbtouc(&uc, s, (size_t)(end - s));
        const uint8_t *skip;
        if (bracket_open(uc) && (skip = bracket_end(s, end)) != NULL) {
            s = skip;
            continue;
        }
        if (uc != '*' && uc != 0x203B) {
            memcpy(o, s, (size_t)n);
            o += n;
        }
        s += n;
    }
    while (o > (uint8_t *)key && o[-1] == ':')
        o--;
    size_t out = (size_t)(o - (uint8_t *)key);
    if (out == 0) { /* "（元）" alone: better the whole than nothing */
        memcpy(key, copy, len + 1);
        out = len;
    }
    key[out] = '\0';
    if (copy != stack)
        free(copy);
    return out;
}

/* ---- text ------------------------------------------------------------------------ */

char *tz_text_clean(tz_arena *a, const char *s, size_t len)
{
    const uint8_t *in = (const uint8_t *)s;
    uint8_t *fixed = NULL;
    if (u8_check(in, len)) {
        fixed = sanitise(in, len, &len);
        in = fixed;
    }
    char *out = tz_arena_alloc(a, len + 1);
    uint8_t *o = (uint8_t *)out, *last = o; /* last: just past the last non-blank */
    const uint8_t *end = in + len;
    int started = 0;
    while (in < end) {
        ucs4_t uc;
        int n = u8_mbtouc(&uc, in, (size_t)(end - in));
        in += n;
        if (uc == '\r') {
            uc = '\n';
            if (in < end && *in == '\n')
                in++;
        }
        if ((uc < 0x20 && uc != '\t' && uc != '\n') || (uc >= 0x7F && uc < 0xA0))
            continue;
        int blank = is_blank(uc);
        if (!started && blank)
            continue;
        started = 1;
        o += u8_uctomb(o, uc, 4);
        if (!blank)
            last = o;
    }
    *last = '\0';
    free(fixed);
    return out;
}

/* Length of the character of seps that s starts with (0 when none). */
static size_t separator(const char *s, const char *seps)
{
    while (*seps) {
        int n = u8_mblen((const uint8_t *)seps, strlen(seps));
        size_t len = n > 0 ? (size_t)n : 1;
        if (strncmp(s, seps, len) == 0)
            return len;
        seps += len;
    }
    return 0;
}

const char **tz_text_split(tz_arena *a, const char *s, const char *seps, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += separator(p, seps) != 0;
    const char **items = tz_arena_alloc(a, cap * sizeof *items);
    *n = 0;
    const char *start = s;
    for (const char *p = s;;) {
        size_t sep = *p ? separator(p, seps) : 1;
        if (!sep) {
            p++;
            continue;
        }
        const char *item = tz_text_clean(a, start, (size_t)(p - start));
        if (*item)
            items[(*n)++] = item;
        if (!*p)
            break;
        p += sep;
        start = p;
    }
    return items;
}

/* ---- dates ---------------------------------------------------------------------- */

enum { MIN_YEAR = 1900, MAX_YEAR = 2100, END_OF_MONTH = -1 };

/* Words in a deadline column instead of a date (compared as tz_norm keys). */
static const char *const no_deadline_words[] = {
    "长期", "长期坚持", "长期整改", "持续", "持续整改", "持续推进", "常态化", "常态化整改",
};
static const char *const immediate_words[] = {
    "立行立改", "立即", "立即整改", "即知即改", "立知立改", "立查立改",
};

static int in_words(const char *key, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(key, words[i]) == 0)
            return 1;
    return 0;
}

static int date_word(const char *key)
{
    if (in_words(key, no_deadline_words, sizeof no_deadline_words / sizeof *no_deadline_words))
        return TZ_DATE_NONE;
    if (in_words(key, immediate_words, sizeof immediate_words / sizeof *immediate_words))
        return TZ_DATE_IMMEDIATE;
    return -1;
}

enum tok_kind { K_END = 0, K_NUM, K_WS, K_CH };

typedef struct {
    enum tok_kind kind;
    ucs4_t ch; /* K_CH */
    long val;  /* K_NUM */
    int ndig;  /* K_NUM: digits written (二〇一七 has 4, 十 has 1) */
    int ascii; /* K_NUM: written in ASCII digits */
} tok;

enum { MAX_TOKS = 40 };

/* 0–9 for a Chinese digit (〇 零 ○ O o too), 10 for 十, -1 otherwise. */
static int cn_digit(ucs4_t uc)
{
    static const ucs4_t digits[] = { 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                     0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D };
    for (int i = 0; i < 10; i++)
        if (uc == digits[i])
            return i;
    if (uc == 0x96F6 || uc == 0x25CB || uc == 'O' || uc == 'o')
        return 0;
    return uc == 0x5341 ? 10 : -1;
}

/*
 * Value of a run of Chinese numerals: digit strings (二〇一七 = 2017) or
 * tens (十 = 10, 十五 = 15, 二十 = 20, 三十一 = 31).  -1 when malformed.
 */
static long cn_value(const int *d, int n)
{
    int ten = -1;
    for (int i = 0; i < n; i++)
        if (d[i] == 10) {
            if (ten >= 0)
                return -1;
            ten = i;
        }
    if (ten < 0) {
        long v = 0;
        for (int i = 0; i < n; i++)
            v = v * 10 + d[i];
        return v;
    }
    if (ten > 1 || n - ten > 2 || (ten == 1 && d[0] == 0) || (n - ten == 2 && d[n - 1] == 0))
        return -1;
    return (ten == 1 ? d[0] : 1) * 10 + (n - ten == 2 ? d[n - 1] : 0);
}

/* Splits s (NFKC, valid UTF-8) into tokens; returns the count or -1. */
static int tokenise(const uint8_t *s, size_t len, tok *t)
{
    const uint8_t *end = s + len;
    int n = 0;
    while (s < end) {
        if (n == MAX_TOKS - 1)
            return -1;
        ucs4_t uc;
        int step = u8_mbtouc(&uc, s, (size_t)(end - s));
        tok *k = &t[n];
        memset(k, 0, sizeof *k);
        if (uc >= '0' && uc <= '9') {
            k->kind = K_NUM;
            k->ascii = 1;
            while (s < end && *s >= '0' && *s <= '9') {
                if (k->ndig < 9)
                    k->val = k->val * 10 + (*s - '0');
                k->ndig++;
                s++;
            }
            n++;
            continue;
        }
        if (cn_digit(uc) >= 0) {
            int d[8], nd = 0, letters = 0;
            const uint8_t *p = s;
            while (p < end) {
                ucs4_t c;
                int m = u8_mbtouc(&c, p, (size_t)(end - p));
                int v = cn_digit(c);
                if (v < 0)
                    break;
                if (nd == 8)
                    return -1;
                letters += c == 'O' || c == 'o';
                d[nd++] = v;
                p += m;
            }
            if (letters < nd) { /* "O" alone is a letter, not a zero */
                k->kind = K_NUM;
                k->val = cn_value(d, nd);
                /* 三十一 is two digits' worth, like 31 */
                k->ndig = k->val >= 10 && k->val < 100 ? 2 : nd;
                if (k->val < 0)
                    return -1;
                s = p;
                n++;
                continue;
            }
        }
        if (is_blank(uc)) {
            if (n == 0 || t[n - 1].kind != K_WS) {
                k->kind = K_WS;
                n++;
            }
            s += step;
            continue;
        }
        k->kind = K_CH;
        k->ch = uc;
        s += step;
        n++;
    }
    memset(&t[n], 0, sizeof t[n]); /* K_END */
    return n;
}

/* Keeps white space only where it separates two numbers (a date from its time). */
static void drop_spaces(tok *t, int n)
{
    int o = 0;
    for (int i = 0; i < n; i++) {
        if (t[i].kind == K_WS && !(o > 0 && t[o - 1].kind == K_NUM && t[i + 1].kind == K_NUM))
            continue;
        t[o++] = t[i];
    }
    memset(&t[o], 0, sizeof t[o]);
}

static int is_ch(const tok *t, ucs4_t c)
{
    return t->kind == K_CH && t->ch == c;
}
static int is_num(const tok *t, int maxdig)
{
    return t->kind == K_NUM && t->ndig <= maxdig;
}
/* 日 or 号 after a day */
static int is_day_mark(const tok *t)
{
    return is_ch(t, 0x65E5) || is_ch(t, 0x53F7);
}
/* 底 or 末: end of the month / year */
static int is_end_mark(const tok *t)
{
    return is_ch(t, 0x5E95) || is_ch(t, 0x672B);
}

/* Skips "前 / 之前 / 以前" and "完成" after a date. */
static int skip_by(const tok *t, int p)
{
    if (is_ch(&t[p], 0x524D))
        p++;
    else if ((is_ch(&t[p], 0x4E4B) || is_ch(&t[p], 0x4EE5)) && is_ch(&t[p + 1], 0x524D))
        p += 2;
    if (is_ch(&t[p], 0x5B8C) && is_ch(&t[p + 1], 0x6210))
        p += 2;
    return p;
}

/*
 * Reads a time at p: "14:05[:30[.5]]", "14时[30分[5秒]]", "9点[30分]", "9点半"
 * (the fraction of a second dropped).  Sets the parts as written, not
 * range-checked beyond two digits; returns the position after the time, or
 * -1 when there is none.
 */
static int read_time(const tok *t, int p, long *h, long *m, long *s)
{
    if (!is_num(&t[p], 2))
        return -1;
    *h = t[p].val;
    *m = *s = 0;
    p++;
    if (is_ch(&t[p], ':')) {
        long *part[2] = { m, s };
        for (int i = 0; i < 2 && is_ch(&t[p], ':'); i++) {
            if (!is_num(&t[p + 1], 2) || t[p + 1].ndig != 2)
                return -1;
            *part[i] = t[p + 1].val;
            p += 2;
        }
        if (is_ch(&t[p], '.') && t[p + 1].kind == K_NUM)
            p += 2;
        return p;
    }
    if (!is_ch(&t[p], 0x65F6) && !is_ch(&t[p], 0x70B9)) /* 时 点 */
        return -1;
    p++;
    if (is_num(&t[p], 2) && is_ch(&t[p + 1], 0x5206)) { /* 分 */
        *m = t[p].val;
        p += 2;
        if (is_num(&t[p], 2) && is_ch(&t[p + 1], 0x79D2)) { /* 秒 */
            *s = t[p].val;
            p += 2;
        }
    } else if (is_ch(&t[p], 0x534A)) { /* 半 */
        *m = 30;
        p++;
    }
    return p;
}

/* Skips the time after a date; returns -1 when malformed. */
static int skip_time(const tok *t, int p)
{
    if (t[p].kind == K_END)
        return p;
    if (t[p].kind == K_WS || is_ch(&t[p], 'T'))
        p++;
    long h, m, s;
    p = read_time(t, p, &h, &m, &s);
    return p < 0 || h > 24 || m > 59 || s > 59 ? -1 : p;
}

static int days_in(int y, int m)
{
    int d = 31;
    while (d > 28 && !tz_ymd_valid(y, m, d))
        d--;
    return d;
}

/* Checks y-m-d (d may be END_OF_MONTH) and sets *day. */
static tz_date_status make_day(int y, int m, int d, tz_day *day)
{
    if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12)
        return TZ_DATE_INVALID;
    if (d == END_OF_MONTH)
        d = days_in(y, m);
    if (!tz_ymd_valid(y, m, d))
        return TZ_DATE_INVALID;
    *day = tz_day_from_ymd(y, m, d);
    return TZ_DATE_OK;
}

/* After "…月": a day (30, 30日, 三十号), or 底/末 for the month's last day (END_OF_MONTH). */
static tz_date_status parse_day(const tok *t, int *p, int *d)
{
    if (is_end_mark(&t[*p])) {
        (*p)++;
        *d = END_OF_MONTH;
        return TZ_DATE_OK;
    }
    if (!is_num(&t[*p], 2))
        return TZ_DATE_UNKNOWN; /* 2017年10月: a month is not a day */
    *d = (int)t[*p].val;
    (*p)++;
    if (is_day_mark(&t[*p]))
        (*p)++;
    return TZ_DATE_OK;
}

static int is_sep(const tok *t)
{
    return is_ch(t, '-') || is_ch(t, '/') || is_ch(t, '.');
}

static tz_date_status parse_tokens(const tok *t, int default_year, tz_day *day)
{
    const tok *a = &t[0], *b = &t[1];
    int y, m, d = 1, p;
    tz_date_status st = TZ_DATE_OK;
    if (a->kind != K_NUM)
        return TZ_DATE_UNKNOWN;
    if (a->ascii && a->ndig == 8) { /* 20171030 */
        y = (int)(a->val / 10000);
        if (y < MIN_YEAR || y > MAX_YEAR)
            return TZ_DATE_UNKNOWN; /* any other 8-digit number */
        m = (int)(a->val / 100 % 100);
        d = (int)(a->val % 100);
        p = 1;
    } else if (is_sep(b) && is_num(&t[2], 2) && is_ch(&t[3], b->ch) && is_num(&t[4], 2)) {
        if (!a->ascii || a->ndig != 4 || !t[2].ascii || !t[4].ascii)
            return TZ_DATE_UNKNOWN; /* 2017-10-30, 2017/10/30, 2017.10.30 */
        y = (int)a->val;
        m = (int)t[2].val;
        d = (int)t[4].val;
        p = 5;
    } else if (is_ch(b, 0x5E74)) { /* 年 */
        if (a->ndig != 4)
            return TZ_DATE_UNKNOWN;
        y = (int)a->val;
        p = 2;
        if (is_end_mark(&t[p])) { /* 2017年底 */
            m = 12;
            d = 31;
            p++;
        } else if (is_num(&t[p], 2) && is_ch(&t[p + 1], 0x6708)) { /* 10月 */
            m = (int)t[p].val;
            p += 2;
            st = parse_day(t, &p, &d);
        } else
            return TZ_DATE_UNKNOWN;
    } else if (is_ch(b, 0x6708)) { /* 10月30日 */
        if (a->ndig > 2)
            return TZ_DATE_UNKNOWN;
        y = 0;
        m = (int)a->val;
        p = 2;
        st = parse_day(t, &p, &d);
    } else if ((is_ch(b, '-') || is_ch(b, '/')) && is_num(&t[2], 2) && !is_sep(&t[3])) {
        if (a->ndig > 2 || !a->ascii || !t[2].ascii)
            return TZ_DATE_UNKNOWN; /* 10-30, 10/30 */
        y = 0;
        m = (int)a->val;
        d = (int)t[2].val;
        p = 3;
    } else
        return TZ_DATE_UNKNOWN;
    if (st != TZ_DATE_OK)
        return st;
    p = skip_time(t, skip_by(t, p));
    if (p < 0 || t[p].kind != K_END)
        return TZ_DATE_UNKNOWN;
    if (y == 0) { /* no year written: the campaign's */
        if (default_year < MIN_YEAR || default_year > MAX_YEAR)
            return TZ_DATE_UNKNOWN;
        y = default_year;
    }
    return make_day(y, m, d, day);
}

tz_date_status tz_date_parse(const char *s, size_t len, int default_year, tz_day *day)
{
    char key[TZ_NORM_MAX];
    if (tz_norm_buf(key, sizeof key, s, len) < 0)
        return TZ_DATE_UNKNOWN;
    if (key[0] == '\0')
        return TZ_DATE_EMPTY;
    int w = date_word(key);
    if (w < 0) {
        tz_norm_strip(key); /* 长期（常态化） */
        w = date_word(key);
    }
    if (w >= 0)
        return (tz_date_status)w;

    uint8_t tmp[TZ_NORM_MAX], *tofree;
    size_t n;
    const uint8_t *t = nfkc(s, len, tmp, sizeof tmp, &n, &tofree);
    tok toks[MAX_TOKS];
    int ntok = tokenise(t, n, toks);
    free(tofree);
    if (ntok < 0)
        return TZ_DATE_UNKNOWN;
    drop_spaces(toks, ntok);
    return parse_tokens(toks, default_year, day);
}

long tz_week_number_cell(const tz_cell *c)
{
    if (!c)
        return 0;
    if (c->type == TZ_CELL_NUMBER)
        return c->num == floor(c->num) && c->num >= 1 && c->num <= 9999 ? (long)c->num : 0;
    if (c->type != TZ_CELL_TEXT)
        return 0;
    uint8_t tmp[TZ_NORM_MAX], *tofree;
    size_t n;
    const uint8_t *t = nfkc(c->text, c->len, tmp, sizeof tmp, &n, &tofree);
    tok toks[MAX_TOKS];
    int ntok = tokenise(t, n, toks);
    free(tofree);
    if (ntok < 0)
        return 0;
    drop_spaces(toks, ntok);
    const tok *k = toks;
    k += is_ch(k, 0x7B2C); /* 第 */
    if (k->kind != K_NUM || k->val < 1 || k->ndig > 4)
        return 0;
    long week = k->val;
    k++;
    k += is_ch(k, 0x5468); /* 周 */
    return k->kind == K_END ? week : 0;
}

tz_date_status tz_date_cell(const tz_cell *c, int default_year, tz_day *day)
{
    if (!c)
        return TZ_DATE_EMPTY;
    switch ((tz_cell_type)c->type) {
    case TZ_CELL_EMPTY:
        return TZ_DATE_EMPTY;
    case TZ_CELL_TEXT:
        return tz_date_parse(c->text, c->len, default_year, day);
    case TZ_CELL_DATE:
    case TZ_CELL_DATETIME: {
        int y, m, d, secs;
        if (!(c->num >= 1) || tz_serial_split(c->num, &y, &m, &d, &secs) < 0)
            return TZ_DATE_INVALID;
        *day = tz_serial_to_day(c->num);
        return TZ_DATE_OK;
    }
    case TZ_CELL_NUMBER: {
        double v = c->num;
        if (v == floor(v) && v >= 19000101.0 && v <= 21001231.0) {
            long n = (long)v;
            return make_day((int)(n / 10000), (int)(n / 100 % 100), (int)(n % 100), day);
        }
        if (v >= tz_serial_from_ymd(MIN_YEAR + 90, 1, 1) && v < tz_serial_from_ymd(MAX_YEAR, 12, 31) + 1) {
            *day = tz_serial_to_day(v);
            return TZ_DATE_OK;
        }
        return TZ_DATE_UNKNOWN;
    }
    case TZ_CELL_BOOL:
    case TZ_CELL_ERROR:
    case TZ_CELL_TIME: /* a time of day names no day */
        break;
    }
    return TZ_DATE_UNKNOWN;
}

const char *tz_date_status_zh(tz_date_status st)
{
    switch (st) {
    case TZ_DATE_OK:
        return "有效日期";
    case TZ_DATE_EMPTY:
        return "为空";
    case TZ_DATE_NONE:
        return "无固定时限";
    case TZ_DATE_IMMEDIATE:
        return "立行立改";
    case TZ_DATE_INVALID:
        return "不是有效日期";
    case TZ_DATE_UNKNOWN:
        return "无法识别的日期";
    }
    return "无法识别的日期";
}

/* ---- times of day ------------------------------------------------------------ */

/* An ASCII letter in either case. */
static int is_letter(const tok *t, char c)
{
    return t->kind == K_CH && (t->ch | 0x20) == (ucs4_t)c;
}

/* 上午 / 下午 … before a time: -1 morning, +1 afternoon, 0 neither; *p moves past it. */
static int half_day(const tok *t, int *p)
{
    static const ucs4_t words[][2] = {
        { 0x4E0A, 0x5348 }, { 0x65E9, 0x4E0A }, { 0x51CC, 0x6668 }, /* 上午 早上 凌晨 */
        { 0x4E0B, 0x5348 }, { 0x665A, 0x4E0A }, { 0x4E2D, 0x5348 }, /* 下午 晚上 中午 */
    };
    for (int i = 0; i < 6; i++)
        if (is_ch(&t[*p], words[i][0]) && is_ch(&t[*p + 1], words[i][1])) {
            *p += 2;
            return i < 3 ? -1 : 1;
        }
    return 0;
}

tz_time_status tz_time_parse(const char *s, size_t len, int *secs)
{
    char key[TZ_NORM_MAX];
    if (tz_norm_buf(key, sizeof key, s, len) < 0)
        return TZ_TIME_UNKNOWN;
    if (key[0] == '\0')
        return TZ_TIME_EMPTY;
    uint8_t tmp[TZ_NORM_MAX], *tofree;
    size_t n;
    const uint8_t *u = nfkc(s, len, tmp, sizeof tmp, &n, &tofree);
    tok t[MAX_TOKS];
    int ntok = tokenise(u, n, t);
    free(tofree);
    if (ntok < 0)
        return TZ_TIME_UNKNOWN;
    drop_spaces(t, ntok);
    int p = 0;
    int half = half_day(t, &p);
    long h, m, sec;
    p = read_time(t, p, &h, &m, &sec);
    if (p < 0)
        return TZ_TIME_UNKNOWN;
    if (!half && (is_letter(&t[p], 'a') || is_letter(&t[p], 'p')) && is_letter(&t[p + 1], 'm')) {
        half = is_letter(&t[p], 'a') ? -1 : 1;
        p += 2;
    }
    if (t[p].kind != K_END)
        return TZ_TIME_UNKNOWN;
    if ((half < 0 && h > 12) || (half > 0 && h == 0))
        return TZ_TIME_INVALID; /* 上午13点, 下午0点 */
    if (half > 0 && h < 12)
        h += 12;
    else if (half < 0 && h == 12)
        h = 0;
    if (h > 23 || m > 59 || sec > 59)
        return TZ_TIME_INVALID;
    *secs = (int)(h * 3600 + m * 60 + sec);
    return TZ_TIME_OK;
}

tz_time_status tz_time_cell(const tz_cell *c, int *secs)
{
    if (!c)
        return TZ_TIME_EMPTY;
    switch ((tz_cell_type)c->type) {
    case TZ_CELL_EMPTY:
        return TZ_TIME_EMPTY;
    case TZ_CELL_TEXT:
        return tz_time_parse(c->text, c->len, secs);
    case TZ_CELL_TIME:
        if (c->num >= 1) /* an elapsed time of a day or more ([h]:mm 36:00) is no time of day */
            return TZ_TIME_INVALID;
        /* fall through */
    case TZ_CELL_DATETIME:
    case TZ_CELL_NUMBER: {
        if (!(c->num >= 0) || !isfinite(c->num) || ((tz_cell_type)c->type == TZ_CELL_NUMBER && c->num >= 1))
            return TZ_TIME_UNKNOWN;
        *secs = (int)(lround((c->num - floor(c->num)) * 86400.0) % 86400);
        return TZ_TIME_OK;
    }
    case TZ_CELL_DATE:
    case TZ_CELL_BOOL:
    case TZ_CELL_ERROR:
        break;
    }
    return TZ_TIME_UNKNOWN;
}

const char *tz_time_status_zh(tz_time_status st)
{
    switch (st) {
    case TZ_TIME_OK:
        return "有效时间";
    case TZ_TIME_EMPTY:
        return "为空";
    case TZ_TIME_INVALID:
        return "不是有效时间";
    case TZ_TIME_UNKNOWN:
        break;
    }
    return "无法识别的时间";
}

/* ---- counts and money ----------------------------------------------------------- */

/* Unit words after a count, longest first where one is the start of another. */
static const char *const count_units[] = {
    "人次", "场次", "次", "人", "名", "件", "条", "封", "场", "个", "份", "起", "项", "篇", "票",
};

/* 10^15: beyond this a count or an amount in cents is surely a typing slip. */
#define NUM_LIMIT 1000000000000000LL

static tz_num_status parse_number(const char *s, size_t len, int money, int64_t *out)
{
    char key[128];
    if (tz_norm_buf(key, sizeof key, s, len) < 0)
        return TZ_NUM_INVALID;
    if (key[0] == '\0')
        return TZ_NUM_EMPTY;
    const char *p = key;
    int negative = 0;
    if (money) {
        if (strncmp(p, "\xC2\xA5", 2) == 0) /* ¥ (￥ after NFKC) */
            p += 2;
        else if (strncmp(p, "人民币", strlen("人民币")) == 0)
            p += strlen("人民币");
    }
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    } else if (strncmp(p, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus sign */
        negative = 1;
        p += 3;
    }
    if (*p < '0' || *p > '9')
        return TZ_NUM_INVALID;
    int64_t whole = 0;
    int big = 0, group = 0, grouped = 0;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            whole = whole * 10 + (*p - '0');
            if (whole >= NUM_LIMIT) { /* capped: never overflows */
                big = 1;
                whole = NUM_LIMIT;
            }
            group++;
        } else if (*p == ',' && p[1] >= '0' && p[1] <= '9') {
            /* 1,200: the first group has 1–3 digits, every later one 3 */
            if (grouped ? group != 3 : group > 3)
                return TZ_NUM_INVALID;
            grouped = 1;
            group = 0;
        } else
            break;
    }
    if (grouped && group != 3)
        return TZ_NUM_INVALID;
    int64_t cents = 0;
    int frac_digits = 0, excess = 0;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return TZ_NUM_INVALID;
        for (; *p >= '0' && *p <= '9'; p++, frac_digits++) {
            if (frac_digits < 2)
                cents += (*p - '0') * (frac_digits == 0 ? 10 : 1);
            else if (*p != '0')
                excess = 1;
            if (!money && *p != '0')
                excess = 1;
        }
    }
    if (money) {
        if (strcmp(p, "元") == 0)
            p += strlen("元");
    } else {
        for (size_t i = 0; i < sizeof count_units / sizeof *count_units; i++)
            if (strcmp(p, count_units[i]) == 0) {
                p += strlen(count_units[i]);
                break;
            }
    }
    if (*p != '\0')
        return TZ_NUM_INVALID;
    if (negative && (whole != 0 || cents != 0 || excess))
        return TZ_NUM_NEGATIVE;
    if (excess)
        return money ? TZ_NUM_DECIMALS : TZ_NUM_FRACTION;
    if (money) {
        if (big || whole >= NUM_LIMIT / 100)
            return TZ_NUM_RANGE;
        *out = whole * 100 + cents;
    } else {
        if (big)
            return TZ_NUM_RANGE;
        *out = whole;
    }
    return TZ_NUM_OK;
}

tz_num_status tz_count_parse(const char *s, size_t len, int64_t *out)
{
    return parse_number(s, len, 0, out);
}

tz_num_status tz_money_parse(const char *s, size_t len, int64_t *cents)
{
    return parse_number(s, len, 1, cents);
}

/* A number cell through the text parser, so that both agree on every rule. */
static tz_num_status number_cell(const tz_cell *c, int money, int64_t *out)
{
    if (!c || c->type == TZ_CELL_EMPTY)
        return TZ_NUM_EMPTY;
    if (c->type == TZ_CELL_TEXT)
        return parse_number(c->text, c->len, money, out);
    if (c->type != TZ_CELL_NUMBER || !isfinite(c->num))
        return TZ_NUM_INVALID;
    if (c->num < 0)
        return TZ_NUM_NEGATIVE;
    if (c->num >= (double)NUM_LIMIT)
        return TZ_NUM_RANGE;
    char buf[64];
    tz_format_number(buf, sizeof buf, c->num);
    if (strchr(buf, 'e')) /* below 1e-6: more decimals than anyone means */
        return money ? TZ_NUM_DECIMALS : TZ_NUM_FRACTION;
    return parse_number(buf, strlen(buf), money, out);
}

tz_num_status tz_count_cell(const tz_cell *c, int64_t *out)
{
    return number_cell(c, 0, out);
}

tz_num_status tz_money_cell(const tz_cell *c, int64_t *cents)
{
    return number_cell(c, 1, cents);
}

const char *tz_num_status_zh(tz_num_status st)
{
    switch (st) {
    case TZ_NUM_OK:
        return "有效数值";
    case TZ_NUM_EMPTY:
        return "为空";
    case TZ_NUM_NEGATIVE:
        return "不能为负数";
    case TZ_NUM_FRACTION:
        return "应为整数";
    case TZ_NUM_DECIMALS:
        return "最多两位小数";
    case TZ_NUM_RANGE:
        return "数值过大";
    case TZ_NUM_INVALID:
        return "不是数字";
    }
    return "不是数字";
}

/* ---- enumerations -------------------------------------------------------------- */

int tz_enum_find(const tz_enum_item *items, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < items[i].nkeys; k++)
            if (strcmp(items[i].keys[k], key) == 0)
                return (int)i;
    return -1;
}

int tz_enum_match(const tz_enum_item *items, size_t n, const char *s, size_t len)
{
    char key[TZ_NORM_MAX];
    if (tz_norm_buf(key, sizeof key, s, len) < 0)
        return -1;
    int i = tz_enum_find(items, n, key);
    if (i < 0) {
        tz_norm_strip(key);
        i = tz_enum_find(items, n, key);
    }
    return i;
}

size_t tz_edit_distance(const char *a, const char *b)
{
    enum { MAX = 64 };
    ucs4_t ua[MAX], ub[MAX];
    size_t na = 0, nb = 0, la = strlen(a), lb = strlen(b);
    for (size_t off = 0; off < la; na++) {
        if (na == MAX)
            return SIZE_MAX;
        int k = u8_mbtouc(&ua[na], (const uint8_t *)a + off, la - off);
        off += (size_t)(k > 0 ? k : 1);
    }
    for (size_t off = 0; off < lb; nb++) {
        if (nb == MAX)
            return SIZE_MAX;
        int k = u8_mbtouc(&ub[nb], (const uint8_t *)b + off, lb - off);
        off += (size_t)(k > 0 ? k : 1);
    }
    size_t row[MAX + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ua[i - 1] != ub[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}
