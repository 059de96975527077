/* test_value.c — value parsing (docs/schemas.md): keys, dates, counts, money, enums, text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "check.h"
#include "value.h"

static const char *date_result(tz_date_status st, tz_day day)
{
    static char buf[32];
    switch (st) {
    case TZ_DATE_OK:
        return tz_day_iso(buf, day);
    case TZ_DATE_EMPTY:
        return "EMPTY";
    case TZ_DATE_NONE:
        return "NONE";
    case TZ_DATE_IMMEDIATE:
        return "IMMEDIATE";
    case TZ_DATE_INVALID:
        return "INVALID";
    case TZ_DATE_UNKNOWN:
        return "UNKNOWN";
    }
    return "?";
}

/* The date a text means, in campaign year `year`. */
static const char *D(const char *s, int year)
{
    tz_day day = 0;
    tz_date_status st = tz_date_parse(s, strlen(s), year, &day);
    return date_result(st, day);
}

static const char *cell_date(tz_cell_type type, double num)
{
    tz_cell c = { 0, 0, type, 0, num, NULL };
    tz_day day = 0;
    tz_date_status st = tz_date_cell(&c, 2017, &day);
    return date_result(st, day);
}

static const char *num_result(tz_num_status st, int64_t v)
{
    static char buf[32];
    switch (st) {
    case TZ_NUM_OK:
        snprintf(buf, sizeof buf, "%lld", (long long)v);
        return buf;
    case TZ_NUM_EMPTY:
        return "EMPTY";
    case TZ_NUM_NEGATIVE:
        return "NEGATIVE";
    case TZ_NUM_FRACTION:
        return "FRACTION";
    case TZ_NUM_DECIMALS:
        return "DECIMALS";
    case TZ_NUM_RANGE:
        return "RANGE";
    case TZ_NUM_INVALID:
        return "INVALID";
    }
    return "?";
}

static const char *C(const char *s)
{
    int64_t v = -1;
    tz_num_status st = tz_count_parse(s, strlen(s), &v);
    return num_result(st, v);
}

static const char *M(const char *s)
{
    int64_t v = -1;
    tz_num_status st = tz_money_parse(s, strlen(s), &v);
    return num_result(st, v);
}

static const char *cell_count(tz_cell_type type, double num)
{
    tz_cell c = { 0, 0, type, 0, num, NULL };
    int64_t v = -1;
    tz_num_status st = tz_count_cell(&c, &v);
    return num_result(st, v);
}

static const char *cell_money(double num)
{
    tz_cell c = { 0, 0, TZ_CELL_NUMBER, 0, num, NULL };
    int64_t v = -1;
    tz_num_status st = tz_money_cell(&c, &v);
    return num_result(st, v);
}

static const char *N(const char *s)
{
    static char buf[TZ_NORM_MAX];
    if (tz_norm_buf(buf, sizeof buf, s, strlen(s)) < 0)
        return "TOO LONG";
    return buf;
}

static const char *S(const char *s)
{
    static char buf[TZ_NORM_MAX];
    tz_norm_buf(buf, sizeof buf, s, strlen(s));
    tz_norm_strip(buf);
    return buf;
}

static void test_norm(void)
{
    CHECK_STR(N("  土木 学院 "), "土木学院");
    CHECK_STR(N("土木\xE3\x80\x80学院"), "土木学院");   /* U+3000 */
    CHECK_STR(N("土木\xC2\xA0学院\t\r\n"), "土木学院"); /* NBSP */
    CHECK_STR(N("\xEF\xBB\xBF土\xE2\x80\x8B木\xE2\x80\x8D学\xE2\x81\xA0院"),
              "土木学院");                            /* BOM, ZWSP, ZWJ, WJ */
    CHECK_STR(N("ＡＢＣ１２３（一）"), "abc123(一)"); /* full-width → ASCII, folded */
    CHECK_STR(N("Email"), "email");
    CHECK_STR(N("㈠"), "(一)"); /* NFKC compatibility form */
    CHECK_STR(N(""), "");
    CHECK_STR(N("a\xFF"
                "b"),
              "a\xEF\xBF\xBD"
              "b");                                       /* invalid byte → U+FFFD */
    CHECK_STR(N("\xE5\x9C"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* truncated sequence */

    char small[4];
    CHECK_INT(tz_norm_buf(small, sizeof small, "abcd", 4), -1);
    CHECK_STR(small, "");
    CHECK_INT(tz_norm_buf(small, sizeof small, "a b c", 5), 3);
    CHECK_STR(small, "abc");

    tz_arena a = { 0 };
    CHECK_STR(tz_norm(&a, "问题 描述\n（具体表现）", strlen("问题 描述\n（具体表现）")),
              "问题描述(具体表现)");
    char longtext[3000];
    memset(longtext, 'X', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    const char *k = tz_norm(&a, longtext, strlen(longtext));
    CHECK_INT(strlen(k), sizeof longtext - 1);
    CHECK(k[0] == 'x');
    CHECK_STR(tz_norm(&a, "abc", 2), "ab"); /* len is honoured */
    tz_arena_free(&a);

    CHECK_STR(S("整改时限（完成时限）"), "整改时限");
    CHECK_STR(S("问题描述\n（具体表现）"), "问题描述");
    CHECK_STR(S("*问题描述："), "问题描述");
    CHECK_STR(S("※责任人"), "责任人");
    CHECK_STR(S("退还金额(元)"), "退还金额");
    CHECK_STR(S("【备注】说明"), "说明");
    CHECK_STR(S("完成情况〔（已完成/未完成）〕"), "完成情况"); /* nested */
    CHECK_STR(S("(元)"), "(元)");                              /* nothing left: kept */
    CHECK_STR(S("金额(元"), "金额(元");                        /* never closed: kept */
    CHECK_STR(S("［类别］问题"), "问题");
}

static void test_dates(void)
{
    /* numeric forms */
    CHECK_STR(D("2017-10-30", 2011), "2017-10-30");
    CHECK_STR(D("2017/10/30", 2011), "2017-10-30");
    CHECK_STR(D("2017.10.30", 2011), "2017-10-30");
    CHECK_STR(D("2017-1-5", 2011), "2017-01-05");
    CHECK_STR(D("20171030", 2011), "2017-10-30");
    CHECK_STR(D("  2017-10-30  ", 2011), "2017-10-30");
    /* Chinese forms */
    CHECK_STR(D("2017年10月30日", 2011), "2017-10-30");
    CHECK_STR(D("2017年10月30号", 2011), "2017-10-30");
    CHECK_STR(D("2017年10月30", 2011), "2017-10-30");
    CHECK_STR(D("2017 年 10 月 30 日", 2011), "2017-10-30");
    CHECK_STR(D("2017年1月5日", 2011), "2017-01-05");
    CHECK_STR(D("二〇一七年十月三十日", 2011), "2017-10-30");
    CHECK_STR(D("二零一七年十月三十日", 2011), "2017-10-30");
    CHECK_STR(D("二○一七年十月三十日", 2011), "2017-10-30");
    CHECK_STR(D("二O一七年十月三十日", 2011), "2017-10-30");
    CHECK_STR(D("二〇一一年九月二十八日", 2017), "2011-09-28");
    CHECK_STR(D("二〇一一年十二月三十一日", 2017), "2011-12-31");
    CHECK_STR(D("二〇一一年十二月十日", 2017), "2011-12-10");
    CHECK_STR(D("二〇一一年二月一日", 2017), "2011-02-01");
    CHECK_STR(D("十月三十日", 2017), "2017-10-30");
    CHECK_STR(D("十一月十五日", 2017), "2017-11-15");
    /* without a year: the campaign's */
    CHECK_STR(D("10月30日", 2017), "2017-10-30");
    CHECK_STR(D("10月30号", 2011), "2011-10-30");
    CHECK_STR(D("10-30", 2017), "2017-10-30");
    CHECK_STR(D("10/30", 2017), "2017-10-30");
    CHECK_STR(D("10-30", 0), "UNKNOWN");
    CHECK_STR(D("10.30", 2017), "UNKNOWN"); /* a decimal number, not a date */
    /* full-width digits and separators */
    CHECK_STR(D("２０１７－１０－３０", 2011), "2017-10-30");
    CHECK_STR(D("２０１７／１０／３０", 2011), "2017-10-30");
    CHECK_STR(D("２０１７．１０．３０", 2011), "2017-10-30");
    CHECK_STR(D("２０１７年１０月３０日", 2011), "2017-10-30");
    CHECK_STR(D("\xE3\x80\x80"
                "２０１７１０３０"
                "\xE3\x80\x80",
                2011),
              "2017-10-30");
    CHECK_STR(D("１０月３０日", 2017), "2017-10-30");
    /* a time after the date is dropped */
    CHECK_STR(D("2017-10-30 14:05", 2011), "2017-10-30");
    CHECK_STR(D("2017-10-30 14:05:09", 2011), "2017-10-30");
    CHECK_STR(D("2017-10-30T14:05:09.5", 2011), "2017-10-30");
    CHECK_STR(D("2017/10/30 9:00", 2011), "2017-10-30");
    CHECK_STR(D("2017年10月30日 14时30分", 2011), "2017-10-30");
    CHECK_STR(D("2017年10月30日14:30", 2011), "2017-10-30");
    CHECK_STR(D("10月30日9点", 2017), "2017-10-30");
    CHECK_STR(D("20171030 1405", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10-30 25:00", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10-30 14:5", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10-30 下午", 2011), "UNKNOWN");
    /* deadlines written as "by …" and ends of months */
    CHECK_STR(D("2017年10月30日前", 2011), "2017-10-30");
    CHECK_STR(D("10月30日之前完成", 2017), "2017-10-30");
    CHECK_STR(D("2017-10-30以前", 2011), "2017-10-30");
    CHECK_STR(D("2017年10月底", 2011), "2017-10-31");
    CHECK_STR(D("11月底前", 2017), "2017-11-30");
    CHECK_STR(D("2月底", 2016), "2016-02-29");
    CHECK_STR(D("2月末", 2017), "2017-02-28");
    CHECK_STR(D("2017年底前", 2011), "2017-12-31");
    /* words instead of a date */
    CHECK_STR(D("长期", 2017), "NONE");
    CHECK_STR(D("长期坚持", 2017), "NONE");
    CHECK_STR(D(" 持续 ", 2017), "NONE");
    CHECK_STR(D("持续整改", 2017), "NONE");
    CHECK_STR(D("常态化", 2017), "NONE");
    CHECK_STR(D("长期（常态化）", 2017), "NONE");
    CHECK_STR(D("立行立改", 2017), "IMMEDIATE");
    CHECK_STR(D("立即", 2017), "IMMEDIATE");
    CHECK_STR(D("即知即改", 2017), "IMMEDIATE");
    CHECK_STR(D("立 即 整 改", 2017), "IMMEDIATE");
    CHECK_STR(D("", 2017), "EMPTY");
    CHECK_STR(D(" \xE3\x80\x80\n", 2017), "EMPTY");
    /* boundaries: no such day */
    CHECK_STR(D("2016-02-29", 2011), "2016-02-29");
    CHECK_STR(D("2017-02-29", 2011), "INVALID");
    CHECK_STR(D("2000-02-29", 2011), "2000-02-29");
    CHECK_STR(D("2100-02-29", 2011), "INVALID");
    CHECK_STR(D("2月29日", 2016), "2016-02-29");
    CHECK_STR(D("2月29日", 2017), "INVALID");
    CHECK_STR(D("2017-13-01", 2011), "INVALID");
    CHECK_STR(D("2017年13月1日", 2011), "INVALID");
    CHECK_STR(D("2017-10-32", 2011), "INVALID");
    CHECK_STR(D("10月32日", 2017), "INVALID");
    CHECK_STR(D("2017-10-00", 2011), "INVALID");
    CHECK_STR(D("2017-00-10", 2011), "INVALID");
    CHECK_STR(D("0月10日", 2017), "INVALID");
    CHECK_STR(D("10月0日", 2017), "INVALID");
    CHECK_STR(D("2017-04-31", 2011), "INVALID");
    CHECK_STR(D("20171301", 2011), "INVALID");
    CHECK_STR(D("20171000", 2011), "INVALID");
    CHECK_STR(D("20170229", 2011), "INVALID");
    CHECK_STR(D("1899-12-31", 2011), "INVALID");
    CHECK_STR(D("2101-01-01", 2011), "INVALID");
    CHECK_STR(D("二〇一七年十三月一日", 2011), "INVALID");
    CHECK_STR(D("13-01", 2017), "INVALID");
    /* not a date form */
    CHECK_STR(D("12345678", 2011), "UNKNOWN");
    CHECK_STR(D("2017年10月", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10", 2011), "UNKNOWN");
    CHECK_STR(D("17-10-30", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10/30", 2011), "UNKNOWN");
    CHECK_STR(D("2017-010-30", 2011), "UNKNOWN");
    CHECK_STR(D("10-30-2017", 2011), "UNKNOWN");
    CHECK_STR(D("一七年十月", 2011), "UNKNOWN");
    CHECK_STR(D("十十月一日", 2011), "UNKNOWN");
    CHECK_STR(D("尽快", 2011), "UNKNOWN");
    CHECK_STR(D("本学期末", 2011), "UNKNOWN");
    CHECK_STR(D("OK", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10-30至2017-11-30", 2011), "UNKNOWN");
    CHECK_STR(D("2017-10-30abc", 2011), "UNKNOWN");
    CHECK_STR(D("一二三四五六七八九〇一二三四五六七八九〇", 2011), "UNKNOWN");
    CHECK_STR(D("1-2-3-4-5-6-7-8-9-1-2-3-4-5-6-7-8-9-1-2-3-4-5-6-7-8-9", 2011), "UNKNOWN");
    CHECK_STR(D("2017\xFF-10-30", 2011), "UNKNOWN");

    /* cells */
    CHECK_STR(cell_date(TZ_CELL_DATE, 43038), "2017-10-30");
    CHECK_STR(cell_date(TZ_CELL_DATETIME, 43038.75), "2017-10-30");
    CHECK_STR(cell_date(TZ_CELL_DATE, 0), "INVALID");
    CHECK_STR(cell_date(TZ_CELL_DATE, -5), "INVALID");
    CHECK_STR(cell_date(TZ_CELL_DATE, 1e9), "INVALID");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 20171030), "2017-10-30");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 20171301), "INVALID");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 20170229), "INVALID");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 20171000), "INVALID");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 43038), "2017-10-30"); /* serial in a number cell */
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 43038.5), "2017-10-30");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 32874), "1990-01-01"); /* plausible range ends */
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 32873), "UNKNOWN");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 73415), "2100-12-31");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 73416), "UNKNOWN");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 5), "UNKNOWN");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, 20171030.5), "UNKNOWN");
    CHECK_STR(cell_date(TZ_CELL_NUMBER, NAN), "UNKNOWN");
    CHECK_STR(cell_date(TZ_CELL_BOOL, 1), "UNKNOWN");
    CHECK_STR(cell_date(TZ_CELL_EMPTY, 0), "EMPTY");
    tz_day day = 0;
    CHECK_INT(tz_date_cell(NULL, 2017, &day), TZ_DATE_EMPTY);
    tz_cell text = { 0, 0, TZ_CELL_TEXT, 10, 0, "10月30日xx" }; /* len is honoured */
    CHECK_INT(tz_date_cell(&text, 2017, &day), TZ_DATE_OK);
    CHECK_STR(date_result(TZ_DATE_OK, day), "2017-10-30");
    tz_cell err = { 0, 0, TZ_CELL_ERROR, 7, 0, "#VALUE!" };
    CHECK_INT(tz_date_cell(&err, 2017, &day), TZ_DATE_UNKNOWN);

    CHECK_STR(tz_date_status_zh(TZ_DATE_INVALID), "不是有效日期");
    CHECK_STR(tz_date_status_zh(TZ_DATE_UNKNOWN), "无法识别的日期");
}

/* A time parse as "HH:MM:SS", or the status name. */
static const char *T(const char *s)
{
    static char buf[32];
    int secs = -1;
    tz_time_status st = tz_time_parse(s, strlen(s), &secs);
    static const char *const names[] = { "OK", "EMPTY", "INVALID", "UNKNOWN" };
    if (st != TZ_TIME_OK)
        return names[st];
    snprintf(buf, sizeof buf, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
    return buf;
}

static const char *cell_time(tz_cell_type type, double num)
{
    static char buf[32];
    tz_cell c = { 0, 0, type, 0, num, NULL };
    int secs = -1;
    tz_time_status st = tz_time_cell(&c, &secs);
    if (st != TZ_TIME_OK)
        return st == TZ_TIME_EMPTY ? "EMPTY" : st == TZ_TIME_INVALID ? "INVALID" : "UNKNOWN";
    snprintf(buf, sizeof buf, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
    return buf;
}

static void test_times(void)
{
    CHECK_STR(T("14:30"), "14:30:00");
    CHECK_STR(T(" 9:05 "), "09:05:00");
    CHECK_STR(T("14:30:15"), "14:30:15");
    CHECK_STR(T("14:30:15.6"), "14:30:15");
    CHECK_STR(T("１４：３０"), "14:30:00"); /* full-width, NFKC */
    CHECK_STR(T("14时30分"), "14:30:00");
    CHECK_STR(T("14时30分15秒"), "14:30:15");
    CHECK_STR(T("9点"), "09:00:00");
    CHECK_STR(T("9点半"), "09:30:00");
    CHECK_STR(T("下午2点"), "14:00:00");
    CHECK_STR(T("下午 2:30"), "14:30:00");
    CHECK_STR(T("下午14:00"), "14:00:00");
    CHECK_STR(T("上午9时30分"), "09:30:00");
    CHECK_STR(T("上午12:10"), "00:10:00");
    CHECK_STR(T("中午12点"), "12:00:00");
    CHECK_STR(T("晚上8点"), "20:00:00");
    CHECK_STR(T("2:30 PM"), "14:30:00");
    CHECK_STR(T("12:05am"), "00:05:00");
    CHECK_STR(T("0:00"), "00:00:00");
    CHECK_STR(T("23:59:59"), "23:59:59");
    CHECK_STR(T(""), "EMPTY");
    CHECK_STR(T("　"), "EMPTY");
    CHECK_STR(T("24:00"), "INVALID");
    CHECK_STR(T("14:75"), "INVALID");
    CHECK_STR(T("14:30:60"), "INVALID");
    CHECK_STR(T("上午13点"), "INVALID");
    CHECK_STR(T("下午0点"), "INVALID");
    CHECK_STR(T("14:5"), "UNKNOWN"); /* minutes take two digits */
    CHECK_STR(T("下午"), "UNKNOWN");
    CHECK_STR(T("14:30 下午"), "UNKNOWN");
    CHECK_STR(T("2017-10-30"), "UNKNOWN");
    CHECK_STR(T("立即"), "UNKNOWN");
    CHECK_STR(T("123:00"), "UNKNOWN");

    CHECK_STR(cell_time(TZ_CELL_TIME, 0.6048611111111111), "14:31:00");
    CHECK_STR(cell_time(TZ_CELL_TIME, 0.99999), "23:59:59");
    CHECK_STR(cell_time(TZ_CELL_TIME, 0.999999), "00:00:00"); /* rounds into the next day */
    CHECK_STR(cell_time(TZ_CELL_DATETIME, 43038.75), "18:00:00");
    CHECK_STR(cell_time(TZ_CELL_NUMBER, 0.375), "09:00:00");
    CHECK_STR(cell_time(TZ_CELL_NUMBER, 1.5), "UNKNOWN");
    CHECK_STR(cell_time(TZ_CELL_NUMBER, -0.25), "UNKNOWN");
    CHECK_STR(cell_time(TZ_CELL_NUMBER, NAN), "UNKNOWN");
    CHECK_STR(cell_time(TZ_CELL_DATETIME, INFINITY), "UNKNOWN");
    CHECK_STR(cell_time(TZ_CELL_DATE, 43038), "UNKNOWN");
    CHECK_STR(cell_time(TZ_CELL_BOOL, 1), "UNKNOWN");
    CHECK_STR(cell_time(TZ_CELL_EMPTY, 0), "EMPTY");
    int secs = -1;
    CHECK_INT(tz_time_cell(NULL, &secs), TZ_TIME_EMPTY);
    tz_cell text = { 0, 0, TZ_CELL_TEXT, 5, 0, "14:30xx" }; /* len is honoured */
    CHECK_INT(tz_time_cell(&text, &secs), TZ_TIME_OK);
    CHECK_INT(secs, 14 * 3600 + 30 * 60);
    /* a time cell is no date */
    tz_cell t = { 0, 0, TZ_CELL_TIME, 0, 0.5, NULL };
    tz_day day;
    CHECK_INT(tz_date_cell(&t, 2017, &day), TZ_DATE_UNKNOWN);
    char buf[32];
    CHECK_STR(tz_cell_display(&t, buf, sizeof buf), "12:00:00");

    CHECK_STR(tz_time_status_zh(TZ_TIME_INVALID), "不是有效时间");
    CHECK_STR(tz_time_status_zh(TZ_TIME_UNKNOWN), "无法识别的时间");
    /* the date parser skips a time after a date, 9点半 included */
    tz_day d;
    CHECK_INT(tz_date_parse("2017年10月30日9点半", strlen("2017年10月30日9点半"), 2017, &d), TZ_DATE_OK);
}

static void test_counts(void)
{
    CHECK_STR(C("0"), "0");
    CHECK_STR(C("18"), "18");
    CHECK_STR(C("1,200"), "1200");
    CHECK_STR(C("1,234,567"), "1234567");
    CHECK_STR(C("１２００"), "1200");
    CHECK_STR(C("１，２００"), "1200");
    CHECK_STR(C(" 1200 "), "1200");
    CHECK_STR(C("1 200"), "1200");
    CHECK_STR(C("+5"), "5");
    /* every unit word */
    CHECK_STR(C("1200人次"), "1200");
    CHECK_STR(C("4场次"), "4");
    CHECK_STR(C("18次"), "18");
    CHECK_STR(C("3人"), "3");
    CHECK_STR(C("3名"), "3");
    CHECK_STR(C("5件"), "5");
    CHECK_STR(C("2条"), "2");
    CHECK_STR(C("12封"), "12");
    CHECK_STR(C("4场"), "4");
    CHECK_STR(C("2个"), "2");
    CHECK_STR(C("50份"), "50");
    CHECK_STR(C("3起"), "3");
    CHECK_STR(C("6项"), "6");
    CHECK_STR(C("2篇"), "2");
    CHECK_STR(C("45票"), "45");
    CHECK_STR(C("1,200 人次"), "1200");
    CHECK_STR(C("１２００人次"), "1200");
    /* whole numbers with zero decimals count; others do not */
    CHECK_STR(C("1.0"), "1");
    CHECK_STR(C("12.00次"), "12");
    CHECK_STR(C("1.5"), "FRACTION");
    CHECK_STR(C("0.01"), "FRACTION");
    CHECK_STR(C("-3"), "NEGATIVE");
    CHECK_STR(C("－3"), "NEGATIVE");
    CHECK_STR(C("\xE2\x88\x92"
                "3"),
              "NEGATIVE");
    CHECK_STR(C("-1.5"), "NEGATIVE");
    CHECK_STR(C("-0"), "0");
    CHECK_STR(C(""), "EMPTY");
    CHECK_STR(C("  "), "EMPTY");
    CHECK_STR(C("无"), "INVALID");
    CHECK_STR(C("若干"), "INVALID");
    CHECK_STR(C("十二"), "INVALID");
    CHECK_STR(C("12人次人"), "INVALID");
    CHECK_STR(C("人次"), "INVALID");
    CHECK_STR(C("12元"), "INVALID");
    CHECK_STR(C("12,00"), "INVALID");
    CHECK_STR(C("1,2000"), "INVALID");
    CHECK_STR(C("1234,567"), "INVALID");
    CHECK_STR(C(",12"), "INVALID");
    CHECK_STR(C("12,"), "INVALID");
    CHECK_STR(C("12."), "INVALID");
    CHECK_STR(C(".5"), "INVALID");
    CHECK_STR(C("1.2.3"), "INVALID");
    CHECK_STR(C("3-5"), "INVALID");
    CHECK_STR(C("1e3"), "INVALID");
    CHECK_STR(C("999999999999999"), "999999999999999");
    CHECK_STR(C("1000000000000000"), "RANGE");
    CHECK_STR(C("99999999999999999999999999"), "RANGE");

    CHECK_STR(cell_count(TZ_CELL_NUMBER, 18), "18");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, 1.0), "1");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, 0), "0");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, -0.0), "0");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, 1.5), "FRACTION");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, 1e-9), "FRACTION");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, -2), "NEGATIVE");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, 1e15), "RANGE");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, INFINITY), "INVALID");
    CHECK_STR(cell_count(TZ_CELL_NUMBER, NAN), "INVALID");
    CHECK_STR(cell_count(TZ_CELL_BOOL, 1), "INVALID");
    CHECK_STR(cell_count(TZ_CELL_DATE, 43038), "INVALID");
    CHECK_STR(cell_count(TZ_CELL_EMPTY, 0), "EMPTY");
    int64_t v = -1;
    CHECK_INT(tz_count_cell(NULL, &v), TZ_NUM_EMPTY);
    tz_cell text = { 0, 0, TZ_CELL_TEXT, 5, 0, "1,200人次" };
    CHECK_INT(tz_count_cell(&text, &v), TZ_NUM_OK);
    CHECK_INT(v, 1200);

    CHECK_STR(tz_num_status_zh(TZ_NUM_NEGATIVE), "不能为负数");
    CHECK_STR(tz_num_status_zh(TZ_NUM_FRACTION), "应为整数");
    CHECK_STR(tz_num_status_zh(TZ_NUM_DECIMALS), "最多两位小数");
    CHECK_STR(tz_num_status_zh(TZ_NUM_INVALID), "不是数字");
}

static void test_money(void)
{
    CHECK_STR(M("1,234.50"), "123450");
    CHECK_STR(M("178716元"), "17871600");
    CHECK_STR(M("178,716 元"), "17871600");
    CHECK_STR(M("￥12.5"), "1250");
    CHECK_STR(M("¥12.5"), "1250");
    CHECK_STR(M("¥ 3"), "300");
    CHECK_STR(M("人民币100元"), "10000");
    CHECK_STR(M("0.05"), "5");
    CHECK_STR(M("12.500"), "1250");     /* zeros past the cents are exact */
    CHECK_STR(M("12.345"), "DECIMALS"); /* never rounded */
    CHECK_STR(M("0.001"), "DECIMALS");
    CHECK_STR(M("-5"), "NEGATIVE");
    CHECK_STR(M("-0.001"), "NEGATIVE");
    CHECK_STR(M("１２．５"), "1250");
    CHECK_STR(M(""), "EMPTY");
    CHECK_STR(M("五元"), "INVALID");
    CHECK_STR(M("12人"), "INVALID");
    CHECK_STR(M("12元5角"), "INVALID");
    CHECK_STR(M("9999999999999.99"), "999999999999999");
    CHECK_STR(M("10000000000000"), "RANGE");

    CHECK_STR(cell_money(178716), "17871600");
    CHECK_STR(cell_money(178716.1), "17871610");  /* 178716.1 * 100 is not exact in binary */
    CHECK_STR(cell_money(0.1 + 0.2), "DECIMALS"); /* 0.30000000000000004 is what the cell holds */
    CHECK_STR(cell_money(1234.5), "123450");
    CHECK_STR(cell_money(1.005), "DECIMALS");
    CHECK_STR(cell_money(19.99), "1999");
    CHECK_STR(cell_money(0.07), "7");
    CHECK_STR(cell_money(1e-7), "DECIMALS");
    CHECK_STR(cell_money(-1), "NEGATIVE");
    CHECK_STR(cell_money(1e14), "RANGE");
}

static void test_enum(void)
{
    static const char *const k0[] = { "来信", "信件" };
    static const char *const k1[] = { "来电", "电话" };
    static const char *const k2[] = { "电子邮件", "email" };
    const tz_enum_item items[] = {
        { "来信", "来信", k0, 2 },
        { "来电", "来电", k1, 2 },
        { "电子邮件", "电子邮件", k2, 2 },
    };
    CHECK_INT(tz_enum_find(items, 3, "来电"), 1);
    CHECK_INT(tz_enum_find(items, 3, "电话"), 1);
    CHECK_INT(tz_enum_find(items, 3, "来访"), -1);
    CHECK_INT(tz_enum_match(items, 3, " 信 件 ", strlen(" 信 件 ")), 0);
    CHECK_INT(tz_enum_match(items, 3, "E-mail", 6), -1);
    CHECK_INT(tz_enum_match(items, 3, "EMAIL", 5), 2);
    CHECK_INT(tz_enum_match(items, 3, "ｅｍａｉｌ", strlen("ｅｍａｉｌ")), 2);
    CHECK_INT(tz_enum_match(items, 3, "来电（转办）", strlen("来电（转办）")), 1);
    CHECK_INT(tz_enum_match(items, 3, "", 0), -1);
    CHECK_INT(tz_enum_match(items, 0, "来电", strlen("来电")), -1);
}

static void test_text(void)
{
    tz_arena a = { 0 };
#define T(s) tz_text_clean(&a, s, strlen(s))
    CHECK_STR(T("  工作方案  "), "工作方案");
    CHECK_STR(T("\xE3\x80\x80工作方案\xC2\xA0\xE2\x80\x8B"), "工作方案");
    CHECK_STR(T("第一行\r\n第二行\r第三行\n"), "第一行\n第二行\n第三行");
    CHECK_STR(T("ＡＢＣ　全角"), "ＡＢＣ　全角"); /* not NFKC: kept as typed */
    CHECK_STR(T("a\x01"
                "b\x1F"
                "c\x7F"
                "d\tE"),
              "abcd\tE");
    CHECK_STR(T("a\xC2\x85"
                "b"),
              "ab"); /* C1 control */
    CHECK_STR(T("x\xFFy"), "x\xEF\xBF\xBDy");
    CHECK_STR(T(" \n\t "), "");
    CHECK_STR(T(""), "");
    CHECK_STR(T("=SUM(A1)"), "=SUM(A1)");
    CHECK_STR(tz_text_clean(&a, "abc  ", 2), "ab");
#undef T
    tz_arena_free(&a);
}

static void test_split(void)
{
    tz_arena a = { 0 };
    size_t n;
    const char **v = tz_text_split(&a, " 庸 ,懒，散、 软;其他；", ",，、;；", &n);
    CHECK_INT(n, 5);
    CHECK_STR(v[0], "庸");
    CHECK_STR(v[1], "懒");
    CHECK_STR(v[2], "散");
    CHECK_STR(v[3], "软");
    CHECK_STR(v[4], "其他");
    v = tz_text_split(&a, "已完成|已整改｜完成 ,x", "|｜", &n); /* only the given separators */
    CHECK_INT(n, 3);
    CHECK_STR(v[0], "已完成");
    CHECK_STR(v[1], "已整改");
    CHECK_STR(v[2], "完成 ,x");
    v = tz_text_split(&a, "\xE3\x80\x80甲\xE2\x80\x8B,, \xC2\xA0 ,乙", ",", &n); /* blanks of every kind */
    CHECK_INT(n, 2);
    CHECK_STR(v[0], "甲");
    CHECK_STR(v[1], "乙");
    v = tz_text_split(&a, "", ",", &n);
    CHECK_INT(n, 0);
    tz_arena_free(&a);
}

/* The key as the definition says, by libunistring alone: NFKC, then white
 * space and default-ignorable characters dropped, ASCII letters lower-cased. */
static void reference_key(const char *s, char *out, size_t size)
{
    size_t n = 0;
    uint8_t *nf = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, strlen(s), NULL, &n);
    size_t o = 0;
    for (size_t i = 0; nf && i < n;) {
        ucs4_t uc;
        int k = u8_mbtouc(&uc, nf + i, n - i);
        if (!uc_is_property_white_space(uc) && !uc_is_property_default_ignorable_code_point(uc) &&
            o + (size_t)k < size) {
            if (uc >= 'A' && uc <= 'Z')
                out[o++] = (char)(uc - 'A' + 'a');
            else
                for (int j = 0; j < k; j++)
                    out[o++] = (char)nf[i + (size_t)j];
        }
        i += (size_t)k;
    }
    out[o] = 0;
    free(nf);
}

/* tz_norm skips u8_normalize for ASCII, ideographs, common punctuation and
 * fullwidth forms: every such character, alone and between others, must give
 * what the definition gives. */
static void test_norm_fast_path(void)
{
    static const ucs4_t ranges[][2] = { { 0x20, 0x7E },     { 0x09, 0x0D },     { 0x3000, 0x3002 },
                                        { 0x300A, 0x3011 }, { 0x2014, 0x2014 }, { 0x2018, 0x201D },
                                        { 0x4E00, 0x9FFF }, { 0xFF01, 0xFF5E }, { 0xFF5F, 0xFF65 },
                                        { 0x3003, 0x3009 } };
    size_t mismatches = 0, tried = 0;
    tz_arena a = { 0 };
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (ucs4_t uc = ranges[r][0]; uc <= ranges[r][1]; uc++) {
            char text[32], want[64];
            int n = u8_uctomb((uint8_t *)text + 2, uc, 6);
            memcpy(text, "A,", 2);
            memcpy(text + 2 + n, "\xe9\x97\xae", 4); /* 问 and the NUL */
            reference_key(text, want, sizeof want);
            const char *got = tz_norm(&a, text, strlen(text));
            tried++;
            if (strcmp(got, want) != 0 && mismatches++ < 5)
                fprintf(stderr, "tz_norm(U+%04X): got %s, want %s\n", (unsigned)uc, got, want);
        }
    }
    CHECK_INT(mismatches, 0);
    CHECK(tried > 21000);
    /* Fullwidth text as units type it, and a mix that needs u8_normalize (ｶ, ①). */
    CHECK_STR(tz_norm(&a, "整改时限：２０１７年（长期）", strlen("整改时限：２０１７年（长期）")),
              "整改时限:2017年(长期)");
    CHECK_STR(tz_norm(&a, "①ｶ，Ｂ", strlen("①ｶ，Ｂ")), "1カ,b");
    tz_arena_free(&a);
}

/* tz_week_number_cell: a 周报's 周次. */
static long week(tz_cell_type type, double num, const char *text)
{
    tz_cell c = { 0, 0, type, text ? (uint32_t)strlen(text) : 0, num, text };
    return tz_week_number_cell(&c);
}

static void test_weeks(void)
{
    CHECK_INT(week(TZ_CELL_NUMBER, 3, NULL), 3);
    CHECK_INT(week(TZ_CELL_NUMBER, 2.5, NULL), 0);
    CHECK_INT(week(TZ_CELL_NUMBER, 0, NULL), 0);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "第3周"), 3);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "第 十二 周"), 12);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "第三周"), 3);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "１２"), 12);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "第0周"), 0);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "3月"), 0);
    CHECK_INT(week(TZ_CELL_TEXT, 0, "2017-06-09"), 0);
    CHECK_INT(week(TZ_CELL_DATE, 3, NULL), 0);
}

int main(void)
{
    test_norm();
    test_norm_fast_path();
    test_dates();
    test_times();
    test_counts();
    test_money();
    test_enum();
    test_text();
    test_split();
    test_weeks();
    return CHECK_DONE();
}
