/*
 * test_ini.c — the ini reader under config.c and schema.c (ini.h): what
 * iniparser 4.1 cannot take (a BOM, comments after [section]), line numbers
 * of sections and keys, repeats, values with ; and # in quotes and across
 * continuation lines, syntax errors with their lines, and the files it
 * refuses with their exact messages (not UTF-8, too big, missing, no
 * room for the memfd copy).
 *
 * Files are written to a temporary folder; stderr is captured through a
 * pipe (a regular file would itself be cut by the RLIMIT_FSIZE test).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check.h"
#include "ini.h"

static char dir[] = "/tmp/test_ini.XXXXXX";
static char path[300];      /* the file under test */
static char captured[4096]; /* stderr of the last open, dir replaced by "T" */

static const tz_ini_spec spec = {
    .noun = "测试文件",
    .max_bytes = 1 << 20,
    .long_line_hint = "，请拆行",
};

static void write_text(const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

/* tz_ini_open(path) with stderr captured. */
static int open_captured(tz_ini **ini)
{
    int fds[2];
    fflush(stderr);
    int saved = dup(2);
    if (saved < 0 || pipe(fds) != 0 || dup2(fds[1], 2) < 0)
        exit(2);
    close(fds[1]);
    int rc = tz_ini_open(ini, path, &spec);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char raw[sizeof captured];
    ssize_t n = read(fds[0], raw, sizeof raw - 1);
    close(fds[0]);
    raw[n > 0 ? n : 0] = 0;
    /* the folder is random: messages show it as "T" */
    char *at = strstr(raw, dir);
    if (at)
        snprintf(captured, sizeof captured, "%.*sT%s", (int)(at - raw), raw, at + strlen(dir));
    else
        snprintf(captured, sizeof captured, "%s", raw);
    return rc;
}

static int open_text(tz_ini **ini, const char *text)
{
    write_text(text, strlen(text));
    return open_captured(ini);
}

/* "line:section:key" of an entry ("-" for a header's key), or "NULL". */
static const char *where(const tz_ini_entry *e)
{
    static char buf[256];
    if (!e)
        return "NULL";
    snprintf(buf, sizeof buf, "%d:%s:%s", e->line, e->section, e->key ? e->key : "-");
    return buf;
}

static void test_clean_file(void)
{
    tz_ini *ini;
    CHECK_INT(open_text(&ini, "\xEF\xBB\xBF; 说明\n"          /* 1: BOM, comment */
                              "[Campaign] ; 活动\n"           /* 2: comment after header */
                              "Name = 专项治理  ; 行内注释\n" /* 3 */
                              "title = \"第#1期;二\"\n"       /* 4: quoted ; and # */
                              "\xE3\x80\x80\xE3\x80\x80\n"    /* 5: full-width spaces only */
                              "  list = 甲, \\\n"             /* 6-7: continuation */
                              "     乙\n"
                              "empty =\n"         /* 8 */
                              "[fonts]\n"         /* 9 */
                              "# 没有键\n"        /* 10 */
                              "[campaign]\n"      /* 11: section again */
                              "name = 第二次\n"), /* 12: key again */
              0);
    CHECK_STR(captured, "");
    size_t n;
    const tz_ini_entry *e = tz_ini_entries(ini, &n);
    CHECK_INT(n, 8);
    if (n == 8) {
        CHECK_STR(where(&e[0]), "2:campaign:-");
        CHECK_STR(e[0].text, "[Campaign] ; 活动");
        CHECK_STR(where(&e[1]), "3:campaign:name");
        CHECK_STR(e[1].text, "Name = 专项治理  ; 行内注释");
        CHECK_STR(where(&e[3]), "6:campaign:list");
        CHECK_STR(e[3].text, "list = 甲,      乙");
        CHECK_STR(where(&e[5]), "9:fonts:-");
        CHECK_STR(where(&e[6]), "11:campaign:-");
        CHECK(e[6].prev == &e[0]);
        CHECK(e[7].prev == &e[1]);
        CHECK(e[1].prev == NULL && e[3].prev == NULL);
    }
    CHECK_STR(where(tz_ini_find(ini, "campaign", NULL)), "2:campaign:-");
    CHECK_STR(where(tz_ini_find(ini, "campaign", "name")), "12:campaign:name");
    CHECK_STR(where(tz_ini_find(ini, "campaign", "title")), "4:campaign:title");
    CHECK_STR(where(tz_ini_find(ini, "fonts", NULL)), "9:fonts:-");
    CHECK_STR(where(tz_ini_find(ini, "fonts", "song")), "NULL");
    CHECK_STR(where(tz_ini_find(ini, "Campaign", NULL)), "NULL"); /* names are lower case */
    CHECK_STR(where(tz_ini_find(ini, "report", NULL)), "NULL");
    CHECK_STR(where(tz_ini_find(ini, "a", NULL)), "NULL");
    CHECK_STR(where(tz_ini_find(ini, "zzz", "k")), "NULL");

    CHECK_STR(tz_ini_get(ini, "campaign", "name"), "第二次"); /* the last one wins */
    CHECK_STR(tz_ini_get(ini, "campaign", "title"), "第#1期;二");
    CHECK_STR(tz_ini_get(ini, "campaign", "list"), "甲,      乙");
    CHECK_STR(tz_ini_get(ini, "campaign", "empty"), "");
    CHECK(tz_ini_get(ini, "campaign", "missing") == NULL);
    CHECK(tz_ini_get(ini, "fonts", NULL) == NULL);
    size_t nbad = 1;
    tz_ini_errors(ini, &nbad);
    CHECK_INT(nbad, 0);
    tz_ini_free(ini);
}

static void test_keys_outside_sections(void)
{
    tz_ini *ini;
    CHECK_INT(open_text(&ini, "top = 1\ntop = 2\n[a]\nk = v"), 0); /* no final newline */
    size_t n;
    const tz_ini_entry *e = tz_ini_entries(ini, &n);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(where(&e[0]), "1::top");
        CHECK(e[1].prev == &e[0]);
        CHECK_STR(where(&e[3]), "4:a:k");
    }
    CHECK_STR(tz_ini_get(ini, "a", "k"), "v");
    tz_ini_free(ini);

    CHECK_INT(open_text(&ini, ""), 0);
    tz_ini_entries(ini, &n);
    CHECK_INT(n, 0);
    CHECK_STR(where(tz_ini_find(ini, "a", NULL)), "NULL");
    CHECK(tz_ini_get(ini, "a", "k") == NULL);
    tz_ini_free(ini);
}

static void test_syntax_errors(void)
{
    char text[1200] = "[report\nas_of 2011-09-28\n[weekly] enabled\n= 5\n[]\n[ok]\nkey = ";
    memset(text + strlen(text), 'x', 1000);
    tz_ini *ini;
    CHECK_INT(open_text(&ini, text), 6);
    CHECK_STR(captured, ""); /* the caller says it its way */
    size_t n;
    const tz_ini_error *bad = tz_ini_errors(ini, &n);
    CHECK_INT(n, 6);
    if (n == 6) {
        CHECK_INT(bad[0].line, 1);
        CHECK_STR(bad[0].msg, "节名缺少右方括号“]”");
        CHECK_STR(bad[0].text, "[report");
        CHECK_INT(bad[1].line, 2);
        CHECK_STR(bad[1].msg, "看不懂这一行：应为“键 = 值”、“[节名]”或以 ; 开头的注释");
        CHECK_INT(bad[2].line, 3);
        CHECK_STR(bad[2].msg, "节名“]”后面只能有注释（以 ; 或 # 开头）");
        CHECK_STR(bad[2].text, "[weekly] enabled");
        CHECK_INT(bad[3].line, 4);
        CHECK_STR(bad[3].msg, "“=”前面缺少键名");
        CHECK_INT(bad[4].line, 5);
        CHECK_STR(bad[4].msg, "节名为空");
        CHECK_INT(bad[5].line, 7);
        CHECK_STR(bad[5].msg, "这一行超过 1000 字节，请拆行");
        CHECK(bad[5].text == NULL);
    }
    /* the other lines are still indexed; values are not there */
    CHECK_STR(where(tz_ini_find(ini, "ok", NULL)), "6:ok:-");
    CHECK(tz_ini_get(ini, "ok", "key") == NULL);
    tz_ini_free(ini);
}

static void test_refused(void)
{
    tz_ini *ini = (tz_ini *)1;
    write_text("[a]\nk = v\nname = \xD6\xCE\n", 18); /* GBK on line 3 */
    CHECK_INT(open_captured(&ini), -1);
    CHECK(ini == NULL);
    CHECK_STR(captured,
              "taizhang: 错误：T/t.ini:3：测试文件应为 UTF-8 编码的文本（可用记事本“另存为”并选择 UTF-8）\n");
    write_text("[a]\nk = v\0\n", 10); /* NUL on line 2 */
    CHECK_INT(open_captured(&ini), -1);
    CHECK_STR(captured,
              "taizhang: 错误：T/t.ini:2：测试文件应为 UTF-8 编码的文本（可用记事本“另存为”并选择 UTF-8）\n");

    size_t big = (1 << 20) + 1;
    char *text = malloc(big);
    memset(text, '\n', big);
    write_text(text, big);
    free(text);
    CHECK_INT(open_captured(&ini), -1);
    CHECK_STR(captured, "taizhang: 错误：测试文件 T/t.ini 超过 1 MB，不像是测试文件\n");

    unlink(path);
    CHECK_INT(open_captured(&ini), -1);
    CHECK_STR(captured, "taizhang: 错误：无法打开测试文件 T/t.ini：文件或文件夹不存在\n");
}

/* The memfd copy cannot be written when files may not grow (RLIMIT_FSIZE
 * applies to memfds too). */
static void test_memfd_full(void)
{
    write_text("[a]\nk = a long enough value\n", 28);
    struct rlimit old, small;
    if (getrlimit(RLIMIT_FSIZE, &old) != 0) {
        CHECK(!"getrlimit");
        return;
    }
    small = old;
    small.rlim_cur = 8;
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &small) != 0) {
        CHECK(!"setrlimit");
        return;
    }
    tz_ini *ini;
    int rc = open_captured(&ini);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_DFL);
    CHECK_INT(rc, -1);
    CHECK(ini == NULL);
    CHECK_STR(captured, "taizhang: 错误：读取测试文件 T/t.ini 时无法写临时文件：文件太大\n");
}

int main(void)
{
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return CHECK_DONE();
    }
    snprintf(path, sizeof path, "%s/t.ini", dir);
    test_clean_file();
    test_keys_outside_sections();
    test_syntax_errors();
    test_refused();
    test_memfd_full();
    unlink(path);
    CHECK(rmdir(dir) == 0);
    return CHECK_DONE();
}
