/* test_numfmt.c — built-in format ids and the custom format classifier. */
#include "check.h"
#include "numfmt.h"

#define N  TZ_NUMFMT_NUMBER
#define D  TZ_NUMFMT_DATE
#define DT TZ_NUMFMT_DATETIME
#define T  TZ_NUMFMT_TIME
#define E  TZ_NUMFMT_ELAPSED

int main(void)
{
    /* Every built-in id from 0 to 200 against Excel's table (en and zh-CN). */
    for (int id = 0; id <= 200; id++) {
        tz_numfmt_kind want = N;
        if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
            id == 57 || id == 58)
            want = D;
        else if (id == 22)
            want = DT;
        else if (id == 46)
            want = E;
        else if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 ||
                 id == 56)
            want = T;
        if (tz_numfmt_builtin(id) != want)
            fprintf(stderr, "built-in id %d\n", id);
        CHECK_INT(tz_numfmt_builtin(id), want);
    }
    CHECK_INT(tz_numfmt_builtin(-1), N);
    CHECK_INT(tz_numfmt_builtin(164), N);

    static const struct {
        const char *code;
        tz_numfmt_kind kind;
    } cases[] = {
        { "General", N },
        { "general", N },
        { "0", N },
        { "0.00", N },
        { "#,##0.00", N },
        { "0%", N },
        { "0.00E+00", N },
        { "@", N },
        { "0.00\" days\"", N },
        { "[Red]0", N },
        { "[Red]#,##0.00;[Blue]-#,##0.00", N },
        { "\\d0", N },
        { "\"Date:\"0", N },
        { "_-* #,##0.00_-;\\-* #,##0.00_-;_-* \"-\"??_-;_-@_-", N },
        { "#,##0 \"元\"", N },
        { "[$¥-804]#,##0.00", N },
        { "[>100]0;0.0", N },
        { "0;[Red]yyyy-mm-dd", N }, /* only the first section counts */
        { "*d0", N },
        { "yyyy-mm-dd", D },
        { "yyyy/m/d", D },
        { "yyyy/m/d;@", D },
        { "m/d/yy", D },
        { "d-mmm-yy", D },
        { "mmm-yy", D },
        { "mmmm", D },
        { "dddd", D },
        { "yyyy\"年\"m\"月\"d\"日\"", D },
        { "yyyy\"年\"m\"月\"", D },
        { "m\"月\"d\"日\"", D },
        { "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"", D },
        { "[$-804]yyyy\"年\"m\"月\"d\"日\" dddd", D },
        { "[$-F800]dddd, mmmm dd, yyyy", D },
        { "YYYY-MM-DD", D },
        { "yyyy-mm-dd hh:mm:ss", DT },
        { "yyyy/m/d h:mm", DT },
        { "m/d/yy h:mm AM/PM", DT },
        { "yyyy\"年\"m\"月\"d\"日\" h\"时\"mm\"分\"", DT },
        { "h:mm", T },
        { "hh:mm:ss", T },
        { "h:mm AM/PM", T },
        { "h:mm A/P", T },
        { "mm:ss", T },
        { "mm:ss.0", T },
        { "[h]:mm:ss", E },
        { "[h]:mm", E },
        { "[mm]:ss", E },
        { "[ss]", E },
        { "[Red][h]:mm", E },
        { "yyyy-mm-dd [h]:mm", DT },
        { "h\"时\"mm\"分\"", T },
        { "上午/下午h\"时\"mm\"分\"ss\"秒\"", T },
        { "[$-F400]h:mm:ss AM/PM", T },
        { "\"unterminated", N },
        { "[unterminated", N },
        { "\\", N },
        { "", N },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (tz_numfmt_classify(cases[i].code) != cases[i].kind)
            fprintf(stderr, "code %s\n", cases[i].code);
        CHECK_INT(tz_numfmt_classify(cases[i].code), cases[i].kind);
    }
    CHECK_INT(tz_numfmt_classify(NULL), N);

    /* A hostile, very long code is bounded (no overflow of the token array). */
    char longcode[4096];
    for (size_t i = 0; i < sizeof longcode - 1; i++)
        longcode[i] = "ymdhs"[i % 5];
    longcode[sizeof longcode - 1] = '\0';
    CHECK_INT(tz_numfmt_classify(longcode), DT);
    return CHECK_DONE();
}
