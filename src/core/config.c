/*
 * config.c — loads and validates config.ini.  See config.h.
 *
 * Required: [campaign] name, start, end, and at least one unit ([units]
 * unitN = … or file = …).  Every other key is optional; its default is the
 * one in known_keys (and next to the code that applies it).
 * An optional key written with an empty value (`song =`) means "default".
 *
 * Choices made here:
 *   - Dates are YYYY-MM-DD; 2011-9-28, 2011/9/28, 2011.9.28 and 2011年9月28日
 *     are accepted too (same fields, other separators).
 *   - [campaign] organisation defaults to "", office to the organisation;
 *     categories to 庸,懒,散,软 (the example campaign of config.ini).
 *   - [deliverableN] evidence defaults to workbook (the unit's own
 *     workbook is always there; a receipt needs a 收文登记 sheet).
 *   - stageN and deliverableN are numbered 1..N without gaps (a gap is
 *     an error naming the section); stages must not overlap and must be
 *     numbered in date order.  unitN keys may have gaps (deleting a unit
 *     should not force renumbering a hundred lines); their N gives the order.
 *   - [weekly] first must fall inside the campaign.
 *   - An explicit report.template must be found now; the default one is
 *     left to the renderer (it may come with the program's templates).
 *   - Unknown sections and keys and keys outside any section are errors
 *     (a typo must not run on a default); a repeated key is a warning (the
 *     last value wins, as in iniparser).
 *   - period is YYYY-MM: it is compared with as_of's month.
 *
 * The file is read with tz_ini_open() (ini.h), which gives every
 * `[section]` and `key =` its line; errors are collected here and printed
 * in line order, each with its line, so that one run shows every mistake.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ini.h"
#include "issue.h"
#include "value.h"

enum {
    MAX_NUMBER_DIGITS = 6 /* unit1 … unit999999: a province has thousands */
};

/* How tz_ini_open() names config.ini in its messages. */
static const tz_ini_spec config_ini = {
    .noun = "配置文件",
    .max_bytes = 4 << 20,
    .long_line_hint = "；单位很多时请改用单位名单文件（[units] file = …）",
};

/* ---- small string helpers ---------------------------------------------- */

/* Full-width space U+3000: Chinese text is often indented with it. */
static size_t ideographic_space(const char *s)
{
    return (unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80 ? 3 : 0;
}

/* Copies s[0..n) without surrounding ASCII and ideographic spaces
 * (iniparser itself trims ASCII spaces only). */
static char *trim_dup(tz_arena *a, const char *s, size_t n)
{
    const char *e = s + n;
    for (;;) {
        if (s < e && isspace((unsigned char)*s))
            s++;
        else if (e - s >= 3 && ideographic_space(s))
            s += 3;
        else
            break;
    }
    for (;;) {
        if (e > s && isspace((unsigned char)e[-1]))
            e--;
        else if (e - s >= 3 && ideographic_space(e - 3))
            e -= 3;
        else
            break;
    }
    return tz_arena_strndup(a, s, (size_t)(e - s));
}

/* What separates the items of a list: , ， 、 ; ； */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* `rel` relative to `dir` ("." adds nothing); absolute paths stay. */
static const char *join_path(tz_arena *a, const char *dir, const char *rel)
{
    if (rel[0] == '/' || !strcmp(dir, "."))
        return tz_arena_strdup(a, rel);
    size_t n = strlen(dir);
    return tz_arena_printf(a, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", rel);
}

static char *dir_of(tz_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return tz_arena_strdup(a, ".");
    if (slash == path)
        return tz_arena_strdup(a, "/");
    return tz_arena_strndup(a, path, (size_t)(slash - path));
}

/* ---- a string → int map (unit names and aliases) --------------------- */

typedef struct {
    const char **keys;
    int *vals;
    size_t cap, len;
} strmap;

static size_t str_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t strmap_find(const strmap *m, const char *k)
{
    size_t i = str_hash(k) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], k))
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The value stored for k, or -1. */
static int strmap_get(const strmap *m, const char *k)
{
    if (!m->cap)
        return -1;
    size_t i = strmap_find(m, k);
    return m->keys[i] ? m->vals[i] : -1;
}

/* Stores k → v (k must outlive the map); returns the previous value or -1. */
static int strmap_set(strmap *m, const char *k, int v)
{
    if (2 * (m->len + 1) > m->cap) {
        strmap old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = tz_xcalloc(m->cap, sizeof *m->keys);
        m->vals = tz_xcalloc(m->cap, sizeof *m->vals);
        m->len = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i])
                strmap_set(m, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    size_t i = strmap_find(m, k);
    int prev = m->keys[i] ? m->vals[i] : -1;
    if (!m->keys[i])
        m->len++;
    m->keys[i] = k;
    m->vals[i] = v;
    return prev;
}

static void strmap_free(strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- the loader --------------------------------------------------------- */

/* A `[section]` or `key = value` line of the file. */
typedef tz_ini_entry entry;

typedef struct {
    tz_config *cfg;
    tz_arena tmp; /* messages: freed after loading */
    tz_ini *ini;
    const entry *ents; /* every [section] and key line, in file order */
    size_t nents;
    int campaign_ok;       /* campaign start and end are valid dates */
    tz_ini_problems probs; /* every mistake, printed together at the end */
} loader;

/* Records an error at an entry (NULL: none); loading goes on so that one
 * run shows every mistake. */
static void err(loader *L, const entry *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(loader *L, const entry *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tz_ini_problemv(&L->probs, at ? at->line : 0, at ? at->text : NULL, fmt, ap);
    va_end(ap);
}

/* An error on a line that has no entry (syntax errors found while scanning). */
static void err_line(loader *L, int line, const char *text, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err_line(loader *L, int line, const char *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tz_ini_problemv(&L->probs, line, text, fmt, ap);
    va_end(ap);
}

/* Prints every problem in line order, redis style; returns -1 if any. */
static int report_problems(loader *L)
{
    return tz_ini_problems_report(&L->probs, L->cfg->path);
}

/* The value of section.key, NULL when the key is absent or empty. */
static const char *get(const loader *L, const char *section, const char *key, const entry **at)
{
    *at = tz_ini_find(L->ini, section, key);
    const char *v = tz_ini_get(L->ini, section, key);
    return v && *v ? v : NULL;
}

/* ---- known sections and keys ------------------------------------------ */

typedef enum {
    SEC_UNKNOWN,
    SEC_CAMPAIGN,
    SEC_REPORT,
    SEC_PATHS,
    SEC_STAGE,
    SEC_DELIVERABLE,
    SEC_WEEKLY,
    SEC_UNITS,
    SEC_FONTS,
    SEC_LIMITS
} section_kind;

/*
 * Every key the program reads, with what it is and its default: the one
 * table to extend when a module needs a new key (then read it in the
 * section's load_* function).  A key not here stops the run (a typo must
 * never fall back to a default unseen), and the help is shown with the
 * suggestion for a typo.
 */
static const struct {
    section_kind section;
    const char *key, *help;
} known_keys[] = {
    { SEC_CAMPAIGN, "name", "活动名称，必填" },
    { SEC_CAMPAIGN, "organisation", "开展活动的单位，默认空" },
    { SEC_CAMPAIGN, "office", "阶段总结的落款单位，默认同 organisation" },
    { SEC_CAMPAIGN, "start", "活动开始日期，必填" },
    { SEC_CAMPAIGN, "end", "活动结束日期，必填" },
    { SEC_CAMPAIGN, "categories", "问题类别，默认 庸,懒,散,软" },
    { SEC_REPORT, "as_of", "统计截止日期，默认今天" },
    { SEC_REPORT, "period", "报告期（年-月，也是输出文件夹名），默认截止日期所在的月份" },
    { SEC_REPORT, "title", "阶段总结的标题，默认“活动名称阶段总结”" },
    { SEC_REPORT, "template", "阶段总结模板，默认 stage_summary.md" },
    { SEC_REPORT, "due_soon_days", "距整改时限几天内算临期，默认 7" },
    { SEC_REPORT, "satisfaction_threshold", "满意率低于此值需回头看，默认 0.80" },
    { SEC_REPORT, "recipient", "阶段总结的主送机关（如 学院党委），默认不写主送" },
    { SEC_REPORT, "seal", "阶段总结落款处是否留盖章位置（yes 或 no），默认 yes" },
    { SEC_REPORT, "resubmit_days", "退回修改后几天内重新报送，默认 5" },
    { SEC_REPORT, "resubmit_by", "重新报送的截止日期，默认不设（按 resubmit_days 推算）" },
    { SEC_REPORT, "contact", "联系人及电话，默认空" },
    { SEC_PATHS, "input", "各单位报送的工作簿所在文件夹，默认 input" },
    { SEC_PATHS, "output", "输出文件夹，默认 output" },
    { SEC_PATHS, "templates", "模板文件夹，默认 templates" },
    { SEC_STAGE, "name", "阶段名称，必填" },
    { SEC_STAGE, "start", "阶段开始日期，必填" },
    { SEC_STAGE, "end", "阶段结束日期，必填" },
    { SEC_DELIVERABLE, "name", "材料名称，必填" },
    { SEC_DELIVERABLE, "due", "报送截止日期，必填" },
    { SEC_DELIVERABLE, "evidence", "receipt（收文登记）或 workbook（单位工作簿），默认 workbook" },
    { SEC_WEEKLY, "enabled", "是否要求报送周报（yes 或 no），默认 no" },
    { SEC_WEEKLY, "first", "第一周周报的截止日期" },
    { SEC_UNITS, "file", "单位名单文件" },
    /* unitN is any N: unit1 stands for them in suggestions */
    { SEC_UNITS, "unit1", "单位：名称|别名,别名" },
    { SEC_FONTS, "song", "宋体字体文件，默认自动选取" },
    { SEC_FONTS, "hei", "黑体字体文件，默认自动选取" },
    { SEC_FONTS, "kai", "楷体字体文件，默认自动选取" },
    { SEC_FONTS, "fangsong", "仿宋字体文件，默认自动选取" },
    { SEC_LIMITS, "max_file_mb", "单个文件的大小上限（MB）" },
    { SEC_LIMITS, "max_entry_mb", "xlsx 中单个部件解压后的上限（MB）" },
    { SEC_LIMITS, "max_ratio", "xlsx 解压比上限" },
    { SEC_LIMITS, "max_rows", "每张工作表的行数上限" },
    { SEC_LIMITS, "max_cols", "每张工作表的列数上限" },
    { SEC_LIMITS, "max_cell_chars", "单元格的字符数上限" },
    { SEC_LIMITS, "max_cells", "每个文件的单元格数上限" },
};

/* The sections, by name; stage1 and deliverable1 stand for the numbered ones. */
static const struct {
    const char *name;
    section_kind kind;
} known_sections[] = {
    { "campaign", SEC_CAMPAIGN },
    { "report", SEC_REPORT },
    { "paths", SEC_PATHS },
    { "stage1", SEC_STAGE },
    { "deliverable1", SEC_DELIVERABLE },
    { "weekly", SEC_WEEKLY },
    { "units", SEC_UNITS },
    { "fonts", SEC_FONTS },
    { "limits", SEC_LIMITS },
};

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

/* The number after `prefix` ("stage12" → 12): 1..999999 without a
 * leading zero; 0 when s is prefix + something else; -1 when s does not
 * start with prefix. */
static int numbered(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(s, prefix, n))
        return -1;
    s += n;
    if (*s < '1' || *s > '9' || strlen(s) > MAX_NUMBER_DIGITS)
        return 0;
    int v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static section_kind kind_of(const char *s)
{
    if (numbered(s, "stage") > 0)
        return SEC_STAGE;
    if (numbered(s, "deliverable") > 0)
        return SEC_DELIVERABLE;
    for (size_t i = 0; i < COUNT(known_sections); i++)
        if (!strcmp(s, known_sections[i].name))
            return known_sections[i].kind;
    return SEC_UNKNOWN;
}

/* Keeps `name` as the best guess so far when it is within two edits of `word`. */
static void closer(const char *word, const char *name, size_t *bestd, const char **best, size_t i,
                   size_t *besti)
{
    size_t d = tz_edit_distance(word, name);
    if (d < *bestd) {
        *bestd = d;
        *best = name;
        *besti = i;
    }
}

/* An unknown key of a known section: the error, with the key it probably meant. */
static void unknown_key(loader *L, const entry *e, section_kind k)
{
    const char *best = NULL;
    size_t bestd = 3, besti = 0;
    for (size_t i = 0; i < COUNT(known_keys); i++)
        if (known_keys[i].section == k)
            closer(e->key, known_keys[i].key, &bestd, &best, i, &besti);
    if (best)
        err(L, e, "[%s] 中没有 %s 这一项（是不是 %s？%s）", e->section, e->key, best, known_keys[besti].help);
    else
        err(L, e, "[%s] 中没有 %s 这一项", e->section, e->key);
}

/* Stops on what the program does not know: a typo must not go unseen. */
static void check_names(loader *L)
{
    for (size_t i = 0; i < L->nents; i++) {
        const entry *e = &L->ents[i];
        section_kind k = kind_of(e->section);
        if (!e->key) {
            if (k != SEC_UNKNOWN || tz_ini_find(L->ini, e->section, NULL) != e || !*e->section)
                continue;
            if (numbered(e->section, "stage") == 0 || numbered(e->section, "deliverable") == 0) {
                err(L, e, "节名 [%s] 无效：应为 [stage1]、[stage2]……或 [deliverable1]……（从 1 起编号）",
                    e->section);
                continue;
            }
            const char *best = NULL;
            size_t bestd = 3, besti = 0;
            for (size_t j = 0; j < COUNT(known_sections); j++)
                closer(e->section, known_sections[j].name, &bestd, &best, j, &besti);
            if (best)
                err(L, e, "没有 [%s] 这一节（是不是 [%s]？）", e->section, best);
            else
                err(L, e,
                    "没有 [%s] 这一节：可用的节为 [campaign] [report] [paths] [stageN] [deliverableN] "
                    "[weekly] [units] [fonts] [limits]",
                    e->section);
            continue;
        }
        if (!*e->section) {
            err(L, e, "%s 不在任何节（[节名]）之下：请写在它所属的节中", e->key);
            continue;
        }
        if (k == SEC_UNKNOWN)
            continue; /* the section's own line says so */
        if (k == SEC_UNITS && numbered(e->key, "unit") > 0)
            continue;
        int known = 0;
        for (size_t j = 0; j < COUNT(known_keys) && !known; j++)
            known = known_keys[j].section == k && !strcmp(known_keys[j].key, e->key);
        if (!known)
            unknown_key(L, e, k);
    }
}

/* ---- values ------------------------------------------------------------- */

static int digits(const char **p, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (isdigit((unsigned char)**p) && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= min && !isdigit((unsigned char)**p);
}

/* YYYY-MM-DD, also YYYY-M-D, YYYY/M/D, YYYY.M.D and YYYY年M月D日. */
static int parse_date(const char *s, tz_day *out)
{
    int y, m, d;
    const char *p = s;
    if (!digits(&p, 4, 4, &y))
        return -1;
    const char *sep2;
    if (*p == '-' || *p == '/' || *p == '.') {
        sep2 = *p == '-' ? "-" : *p == '/' ? "/" : ".";
        p++;
    } else if (!strncmp(p, "年", 3)) {
        sep2 = "月";
        p += 3;
    } else {
        return -1;
    }
    if (!digits(&p, 1, 2, &m) || strncmp(p, sep2, strlen(sep2)))
        return -1;
    p += strlen(sep2);
    if (!digits(&p, 1, 2, &d))
        return -1;
    if (!strcmp(sep2, "月") && !strncmp(p, "日", 3))
        p += 3;
    if (*p || !tz_ymd_valid(y, m, d))
        return -1;
    *out = tz_day_from_ymd(y, m, d);
    return 0;
}

#define DATE_FORMAT "YYYY-MM-DD（如 2011-09-28）"

/* A required date: 0, or -1 after an error. */
static int need_date(loader *L, const char *section, const char *key, tz_day *out)
{
    const entry *at;
    const char *v = get(L, section, key, &at);
    if (!v) {
        if (at)
            err(L, at, "[%s] 的 %s 不能为空，应为 " DATE_FORMAT, section, key);
        else
            err(L, tz_ini_find(L->ini, section, NULL), "[%s] 缺少 %s（日期，如 2011-09-28）", section, key);
        return -1;
    }
    if (parse_date(v, out) != 0) {
        err(L, at, "[%s] 的 %s 日期“%s”无效，应为 " DATE_FORMAT, section, key, v);
        return -1;
    }
    return 0;
}

/* A required text: the value copied into the config, or NULL after an error. */
static const char *need_text(loader *L, const char *section, const char *key, const char *what)
{
    const entry *at;
    const char *v = get(L, section, key, &at);
    if (v)
        return tz_arena_strdup(&L->cfg->arena, v);
    if (at)
        err(L, at, "[%s] 的 %s（%s）不能为空", section, key, what);
    else
        err(L, tz_ini_find(L->ini, section, NULL), "[%s] 缺少 %s（%s）", section, key, what);
    return NULL;
}

static const char *opt_text(loader *L, const char *section, const char *key, const char *def)
{
    const entry *at;
    const char *v = get(L, section, key, &at);
    return v ? tz_arena_strdup(&L->cfg->arena, v) : def;
}

/* An integer in [lo, hi]; *out keeps its default when the key is absent. */
static void opt_int(loader *L, const char *section, const char *key, long long lo, long long hi,
                    long long *out)
{
    const entry *at;
    const char *v = get(L, section, key, &at);
    if (!v)
        return;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        err(L, at, "[%s] 的 %s“%s”无效：应为 %lld 到 %lld 之间的整数", section, key, v, lo, hi);
    else
        *out = n;
}

/* ---- sections ----------------------------------------------------------- */

static void load_campaign(loader *L)
{
    tz_config *c = L->cfg;
    if (!tz_ini_find(L->ini, "campaign", NULL)) {
        err(L, NULL, "缺少 [campaign] 节（至少要有 name、start、end）");
        return;
    }
    c->name = need_text(L, "campaign", "name", "活动名称");
    c->organisation = opt_text(L, "campaign", "organisation", "");
    c->office = opt_text(L, "campaign", "office", c->organisation);
    int ok = need_date(L, "campaign", "start", &c->start) == 0;
    ok &= need_date(L, "campaign", "end", &c->end) == 0;
    if (ok && c->end < c->start) {
        char a[16], b[16];
        err(L, tz_ini_find(L->ini, "campaign", "end"), "活动结束日期 %s 早于开始日期 %s",
            tz_day_iso(a, c->end), tz_day_iso(b, c->start));
        ok = 0;
    }
    L->campaign_ok = ok;
    const entry *at;
    const char *v = get(L, "campaign", "categories", &at);
    if (!at)
        v = "庸,懒,散,软";
    if (!v) {
        err(L, at, "[campaign] 的 categories（问题类别）不能为空，如：庸,懒,散,软");
        return;
    }
    c->categories = tz_text_split(&c->arena, v, TZ_LIST_SEPARATORS, &c->ncategories);
    if (!c->ncategories)
        err(L, at, "[campaign] 的 categories（问题类别）不能为空，如：庸,懒,散,软");
    for (size_t i = 0; i < c->ncategories; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c->categories[i], c->categories[j]))
                err(L, at, "问题类别“%s”重复", c->categories[i]);
}

static void load_limits(loader *L)
{
    tz_limits *lim = &L->cfg->limits;
    tz_limits_default(lim);
    long long mb = (long long)(lim->max_file_bytes >> 20);
    opt_int(L, "limits", "max_file_mb", 1, 1 << 20, &mb);
    lim->max_file_bytes = (uint64_t)mb << 20;
    mb = (long long)(lim->max_entry_bytes >> 20);
    opt_int(L, "limits", "max_entry_mb", 1, 1 << 20, &mb);
    lim->max_entry_bytes = (uint64_t)mb << 20;
    long long v = lim->max_ratio;
    opt_int(L, "limits", "max_ratio", 1, 1000000, &v);
    lim->max_ratio = (uint32_t)v;
    /* Excel's own limits are the ceilings: no reader can meet more. */
    v = lim->max_rows;
    opt_int(L, "limits", "max_rows", 1, 1048576, &v);
    lim->max_rows = (uint32_t)v;
    v = lim->max_cols;
    opt_int(L, "limits", "max_cols", 1, 16384, &v);
    lim->max_cols = (uint32_t)v;
    v = lim->max_cell_chars;
    opt_int(L, "limits", "max_cell_chars", 1, 32767, &v);
    lim->max_cell_chars = (uint32_t)v;
    v = (long long)lim->max_cells;
    opt_int(L, "limits", "max_cells", 1, 1LL << 40, &v);
    lim->max_cells = (uint64_t)v;
}

/* yes/no (also true/false, on/off, 1/0, 是/否) into *out; absent keeps the default. */
static void opt_bool(loader *L, const char *section, const char *key, int *out)
{
    static const char *const yes[] = { "yes", "true", "on", "1", "是" };
    static const char *const no[] = { "no", "false", "off", "0", "否" };
    const entry *at;
    const char *v = get(L, section, key, &at);
    if (!v)
        return;
    for (size_t i = 0; i < COUNT(yes); i++) {
        if (!strcasecmp(v, yes[i])) {
            *out = 1;
            return;
        }
        if (!strcasecmp(v, no[i])) {
            *out = 0;
            return;
        }
    }
    err(L, at, "[%s] 的 %s“%s”无效：应为 yes 或 no", section, key, v);
}

/* A period: YYYY-MM with a real month (it names the output folder). */
static int parse_period(const char *s, int *y, int *m)
{
    const char *p = s;
    return digits(&p, 4, 4, y) && *p++ == '-' && digits(&p, 2, 2, m) && !*p && *m >= 1 && *m <= 12 ? 0 : -1;
}

/* Where as_of or period came from, for the messages that compare them. */
typedef struct {
    const entry *at;    /* the config line, or NULL */
    const char *option; /* "--as-of" / "--period", or NULL */
} origin;

/* "截止日期 2011-08-01（as_of）", "（--as-of）" or "（[report] 中没有写 as_of，取今天）". */
static const char *as_of_text(loader *L, origin o)
{
    char d[16];
    return tz_arena_printf(&L->tmp, "截止日期 %s（%s）", tz_day_iso(d, L->cfg->as_of),
                           o.option ? o.option
                           : o.at   ? "as_of"
                                    : "[report] 中没有写 as_of，取今天");
}

/* "活动开始日期 2011-08-19（config.ini:4 的 start）". */
static const char *campaign_date(loader *L, const char *what, const char *key, tz_day day)
{
    char d[16];
    const entry *e = tz_ini_find(L->ini, "campaign", key);
    return tz_arena_printf(&L->tmp, "活动%s日期 %s（%s:%d 的 %s）", what, tz_day_iso(d, day), L->cfg->path,
                           e ? e->line : 0, key);
}

/* An error on `at`, or (NULL) on the command line's values. */
static void err_at(loader *L, const entry *at, const char *msg)
{
    if (at)
        err(L, at, "%s", msg);
    else
        err_line(L, -1, NULL, "%s", msg);
}

/*
 * The rules that keep one month's figures out of another month's folder:
 * as_of not before the campaign start, not more than 31 days after its end,
 * and inside a period that is set.  Each error is on the as_of line when the
 * file gave it, else on the period line, else (command line) on none.
 */
static void check_as_of(loader *L, origin as_of, origin period, int period_set)
{
    tz_config *c = L->cfg;
    const entry *at = as_of.at ? as_of.at : period.at;
    if (L->campaign_ok && c->as_of < c->start)
        err_at(L, at,
               tz_arena_printf(&L->tmp, "%s早于%s：截止日期应在活动期间之内", as_of_text(L, as_of),
                               campaign_date(L, "开始", "start", c->start)));
    if (L->campaign_ok && c->as_of > c->end + TZ_AS_OF_GRACE_DAYS)
        err_at(L, at,
               tz_arena_printf(
                   &L->tmp, "%s晚于%s超过 %d 天：截止日期应在活动期间之内，或活动结束后 %d 天之内",
                   as_of_text(L, as_of), campaign_date(L, "结束", "end", c->end), TZ_AS_OF_GRACE_DAYS,
                   TZ_AS_OF_GRACE_DAYS));
    int y, m, d, py, pm;
    tz_day_to_ymd(c->as_of, &y, &m, &d);
    if (!period_set || parse_period(c->period, &py, &pm) != 0 || (py == y && pm == m))
        return;
    const char *p = period.option ? tz_arena_printf(&L->tmp, "报告期 %s（%s）", c->period, period.option)
                                  : tz_arena_printf(&L->tmp, "报告期 %s（%s:%d 的 period）", c->period,
                                                    c->path, period.at->line);
    err_at(L, at,
           tz_arena_printf(
               &L->tmp, "%s不在%s之内：一个月的数字只能写进这个月的输出文件夹%s", as_of_text(L, as_of), p,
               period.option ? "（不写 --period 时报告期即截止日期所在的月份）"
                             : "；请改正 as_of 或 period，或删去 period（报告期即截止日期所在的月份）"));
}

static void load_report(loader *L, const tz_config_args *args)
{
    tz_config *c = L->cfg;
    const entry *at;
    origin as_of = { 0 }, period = { 0 };
    size_t before = L->probs.n;
    const char *v = get(L, "report", "as_of", &at);
    if (args->as_of) {
        as_of.option = "--as-of";
        if (parse_date(args->as_of, &c->as_of) != 0)
            err_line(L, -1, NULL, "--as-of：日期“%s”无效，应为 " DATE_FORMAT, args->as_of);
    } else if (v) {
        as_of.at = at;
        if (parse_date(v, &c->as_of) != 0)
            err(L, at, "[report] 的 as_of 日期“%s”无效，应为 " DATE_FORMAT, v);
    } else {
        /* Default: today's UTC date, the program's only use of the clock. */
        time_t now = time(NULL);
        if (now == (time_t)-1)
            err(L, NULL, "无法读取系统时间，请在 [report] 中写明 as_of");
        else
            c->as_of = (tz_day)(now / 86400 - (now % 86400 < 0));
    }

    /* --as-of moves the period with it: the file's period is for the file's as_of. */
    int py, pm;
    v = get(L, "report", "period", &at);
    if (v && parse_period(v, &py, &pm) != 0)
        err(L, at, "[report] 的 period“%s”无效：应为年-月，如 2011-11（也是输出文件夹名）", v);
    if (args->period && parse_period(args->period, &py, &pm) != 0)
        err_line(L, -1, NULL, "--period：“%s”无效：应为年-月，如 2011-11", args->period);
    if (args->period) {
        period.option = "--period";
        c->period = tz_arena_strdup(&c->arena, args->period);
    } else if (v && !args->as_of) {
        period.at = at;
        c->period = tz_arena_strdup(&c->arena, v);
    } else {
        int y, m, d;
        tz_day_to_ymd(c->as_of, &y, &m, &d);
        c->period = tz_arena_printf(&c->arena, "%04d-%02d", y, m);
    }
    if (L->probs.n == before)
        check_as_of(L, as_of, period, period.at || period.option);

    c->title = opt_text(L, "report", "title", NULL);
    if (!c->title)
        c->title = tz_arena_printf(&c->arena, "%s阶段总结", c->name ? c->name : "");
    c->template_name = opt_text(L, "report", "template", "stage_summary.md");

    long long n = 7;
    opt_int(L, "report", "due_soon_days", 0, 365, &n);
    c->due_soon_days = (int)n;
    n = 5;
    opt_int(L, "report", "resubmit_days", 0, 365, &n);
    c->resubmit_days = (int)n;
    c->resubmit_by = TZ_DAY_UNSET;
    v = get(L, "report", "resubmit_by", &at);
    if (v && parse_date(v, &c->resubmit_by) != 0)
        err(L, at, "[report] 的 resubmit_by 日期“%s”无效，应为 " DATE_FORMAT, v);
    c->template_chosen = get(L, "report", "template", &at) != NULL;
    c->recipient = opt_text(L, "report", "recipient", NULL);
    c->contact = opt_text(L, "report", "contact", "");
    c->seal = 1;
    opt_bool(L, "report", "seal", &c->seal);

    c->satisfaction_threshold = 0.80;
    v = get(L, "report", "satisfaction_threshold", &at);
    if (v) {
        char *end;
        errno = 0;
        double t = strtod(v, &end);
        int percent = *end == '%';
        if (percent) {
            end++;
            t /= 100;
        }
        if (errno || end == v || *end || !(t >= 0 && t <= 1))
            err(L, at,
                "[report] 的 satisfaction_threshold“%s”无效：应为 0 到 1 之间的小数（如 0.80）或百分数（如 80%%）",
                v);
        else
            c->satisfaction_threshold = t;
    }
}

/* A folder from [paths] (resolved against the config's folder) or from
 * the command line (as given: the shell's cwd is what the user means). */
static const char *path_value(loader *L, const char *key, const char *override, const char *def)
{
    if (override)
        return tz_arena_strdup(&L->cfg->arena, override);
    const entry *at;
    const char *v = get(L, "paths", key, &at);
    return join_path(&L->cfg->arena, L->cfg->dir, v ? v : def);
}

static void load_paths(loader *L, const char *input_override, const char *output_override)
{
    tz_config *c = L->cfg;
    c->input_dir = path_value(L, "input", input_override, "input");
    c->output_dir = path_value(L, "output", output_override, "output");
    c->templates_dir = path_value(L, "templates", NULL, "templates");
}

/* Sections `prefix1` … `prefixN` in number order: returns N and (*out)[i],
 * the header of number i + 1 (free *out).  A gap is an error, and then 0. */
static size_t numbered_sections(loader *L, const char *prefix, const entry ***out)
{
    size_t n = 0, cap = 0;
    const entry **v = NULL;
    int maxnum = 0;
    for (size_t i = 0; i < L->nents; i++) {
        const entry *e = &L->ents[i];
        int num = numbered(e->section, prefix);
        if (e->key || num <= 0 || tz_ini_find(L->ini, e->section, NULL) != e)
            continue;
        if ((size_t)num > cap) {
            size_t ncap = cap ? cap : 8;
            while (ncap < (size_t)num)
                ncap *= 2;
            v = tz_xrealloc(v, ncap * sizeof *v);
            memset(v + cap, 0, (ncap - cap) * sizeof *v);
            cap = ncap;
        }
        v[num - 1] = e;
        if (num > maxnum)
            maxnum = num;
    }
    for (int i = 0; i < maxnum; i++) {
        if (v[i]) {
            n++;
            continue;
        }
        int next = i + 1; /* v[maxnum - 1] is set, so this stops */
        while (!v[next])
            next++;
        err(L, v[next], "有 [%s%d] 却没有 [%s%d]：应从 %s1 起连续编号", prefix, next + 1, prefix, i + 1,
            prefix);
        i = next - 1;
    }
    *out = v;
    return n == (size_t)maxnum ? n : 0;
}

static void load_stages(loader *L)
{
    tz_config *c = L->cfg;
    const entry **hdr;
    size_t n = numbered_sections(L, "stage", &hdr);
    c->stages = tz_arena_alloc(&c->arena, (n ? n : 1) * sizeof *c->stages);
    char *valid = tz_xcalloc(n ? n : 1, 1); /* name and dates of stage i are good */
    for (size_t i = 0; i < n; i++) {
        const char *sec = hdr[i]->section;
        tz_stage *s = &c->stages[i];
        s->name = need_text(L, sec, "name", "阶段名称");
        int ok = need_date(L, sec, "start", &s->start) == 0;
        ok &= need_date(L, sec, "end", &s->end) == 0;
        char a[16], b[16], x[16], y[16];
        if (ok && s->end < s->start) {
            err(L, tz_ini_find(L->ini, sec, "end"), "[%s] 的结束日期 %s 早于开始日期 %s", sec,
                tz_day_iso(a, s->end), tz_day_iso(b, s->start));
            ok = 0;
        }
        if (ok && L->campaign_ok && (s->start < c->start || s->end > c->end))
            err(L, hdr[i], "阶段“%s”（%s 至 %s）不在活动期间（%s 至 %s）之内", s->name ? s->name : sec,
                tz_day_iso(a, s->start), tz_day_iso(b, s->end), tz_day_iso(x, c->start),
                tz_day_iso(y, c->end));
        valid[i] = ok && s->name;
        for (size_t j = 0; valid[i] && j < i; j++) {
            const tz_stage *o = &c->stages[j];
            if (!valid[j])
                continue;
            if (s->start <= o->end && o->start <= s->end)
                err(L, hdr[i], "阶段“%s”（%s 至 %s）与 [%s]“%s”（%s 至 %s）重叠", s->name,
                    tz_day_iso(a, s->start), tz_day_iso(b, s->end), hdr[j]->section, o->name,
                    tz_day_iso(x, o->start), tz_day_iso(y, o->end));
            else if (j == i - 1 && s->start < o->start)
                err(L, hdr[i], "阶段应按时间先后编号：[%s] 早于 [%s]", sec, hdr[j]->section);
            else if (!strcmp(s->name, o->name))
                err(L, tz_ini_find(L->ini, sec, "name"), "阶段名称“%s”与 [%s] 重复", s->name,
                    hdr[j]->section);
        }
    }
    c->nstages = n;
    free(valid);
    free(hdr);
}

static void load_deliverables(loader *L)
{
    tz_config *c = L->cfg;
    const entry **hdr;
    size_t n = numbered_sections(L, "deliverable", &hdr);
    c->deliverables = tz_arena_alloc(&c->arena, (n ? n : 1) * sizeof *c->deliverables);
    for (size_t i = 0; i < n; i++) {
        const char *sec = hdr[i]->section;
        tz_deliverable *d = &c->deliverables[i];
        d->name = need_text(L, sec, "name", "报送材料名称");
        need_date(L, sec, "due", &d->due);
        for (size_t j = 0; d->name && j < i; j++)
            if (c->deliverables[j].name && !strcmp(d->name, c->deliverables[j].name))
                err(L, tz_ini_find(L->ini, sec, "name"), "报送材料名称“%s”与 [%s] 重复", d->name,
                    hdr[j]->section);
        const entry *at;
        const char *v = get(L, sec, "evidence", &at);
        if (!v || !strcmp(v, "workbook") || !strcmp(v, "工作簿"))
            d->evidence = TZ_EVIDENCE_WORKBOOK;
        else if (!strcmp(v, "receipt") || !strcmp(v, "收文登记"))
            d->evidence = TZ_EVIDENCE_RECEIPT;
        else
            err(L, at, "[%s] 的 evidence“%s”无效：应为 receipt（收文登记）或 workbook（单位工作簿）", sec, v);
    }
    c->ndeliverables = n;
    free(hdr);
}

static void load_weekly(loader *L)
{
    tz_config *c = L->cfg;
    opt_bool(L, "weekly", "enabled", &c->weekly_enabled);
    const entry *at;
    const char *v = get(L, "weekly", "first", &at);
    if (!c->weekly_enabled && !v)
        return;
    if (!v) {
        err(L, tz_ini_find(L->ini, "weekly", "enabled"),
            "启用了周报（enabled = yes）却没有写 first（第一次周报的截止日期，如 2017-06-02）");
        return;
    }
    if (parse_date(v, &c->weekly_first) != 0) {
        err(L, at, "[weekly] 的 first 日期“%s”无效，应为 " DATE_FORMAT, v);
        return;
    }
    char a[16], b[16], x[16];
    if (L->campaign_ok && (c->weekly_first < c->start || c->weekly_first > c->end))
        err(L, at, "第一次周报截止日期 %s 不在活动期间（%s 至 %s）之内", tz_day_iso(a, c->weekly_first),
            tz_day_iso(b, c->start), tz_day_iso(x, c->end));
}

/* ---- units -------------------------------------------------------------- */

typedef struct {
    tz_unit *v;
    size_t n, cap;
    const char **where; /* per unit: "第 12 行" or "A7", for messages */
    strmap names;       /* name or alias → unit index */
} unit_list;

/*
 * Adds a unit; a name or alias already used by another unit is an error
 * (`at` is the config line; `place` prefixes messages about a units file;
 * `where` names the unit's line or cell in messages about later ones).
 */
static void add_unit(loader *L, unit_list *u, const entry *at, const char *place, const char *where,
                     const char *name, const char **aliases, size_t naliases)
{
    tz_arena *a = &L->cfg->arena;
    if (u->n == u->cap) {
        u->cap = u->cap ? 2 * u->cap : 16;
        u->v = tz_xrealloc(u->v, u->cap * sizeof *u->v);
        u->where = tz_xrealloc(u->where, u->cap * sizeof *u->where);
    }
    int idx = (int)u->n;
    tz_unit *unit = &u->v[u->n++];
    u->where[idx] = where;
    unit->name = name;
    unit->aliases = tz_arena_alloc(a, (naliases ? naliases : 1) * sizeof *unit->aliases);
    unit->naliases = 0;
    for (size_t i = 0; i <= naliases; i++) {
        const char *s = i ? aliases[i - 1] : name;
        int prev = strmap_get(&u->names, s);
        if (prev == idx)
            continue; /* an alias repeating the unit's own name */
        if (prev >= 0) {
            const tz_unit *o = &u->v[prev];
            if (i == 0 && !strcmp(o->name, s))
                err(L, at, "%s单位“%s”重复（%s已有）", place, s, u->where[prev]);
            else
                err(L, at, "%s“%s”重复：%s的单位“%s”已用作名称或别名", place, s, u->where[prev], o->name);
            continue;
        }
        strmap_set(&u->names, s, idx);
        if (i)
            unit->aliases[unit->naliases++] = s;
    }
}

typedef struct {
    int num;
    const entry *e;
} unit_key;

static int unit_key_cmp(const void *pa, const void *pb)
{
    const unit_key *a = pa, *b = pb;
    return (a->num > b->num) - (a->num < b->num);
}

static void inline_units(loader *L, unit_list *u)
{
    tz_arena *a = &L->cfg->arena;
    /* unitN keys, ordered by N. */
    size_t n = 0;
    unit_key *keys = tz_xmalloc((L->nents ? L->nents : 1) * sizeof *keys);
    for (size_t i = 0; i < L->nents; i++) {
        const entry *e = &L->ents[i];
        int num = e->key && !strcmp(e->section, "units") ? numbered(e->key, "unit") : -1;
        if (num > 0 && tz_ini_find(L->ini, "units", e->key) == e)
            keys[n++] = (unit_key){ num, e };
    }
    qsort(keys, n, sizeof *keys, unit_key_cmp);
    for (size_t i = 0; i < n; i++) {
        const entry *e = keys[i].e;
        const char *v = tz_ini_get(L->ini, "units", e->key);
        const char *bar = strstr(v, "|");
        size_t barlen = 1;
        const char *wide = strstr(v, "｜");
        if (wide && (!bar || wide < bar)) {
            bar = wide;
            barlen = 3;
        }
        char *name = trim_dup(a, v, bar ? (size_t)(bar - v) : strlen(v));
        if (!*name) {
            err(L, e, "[units] 的 %s 缺少单位名称：应为“名称|别名,别名”", e->key);
            continue;
        }
        if (bar && (strstr(bar + barlen, "|") || strstr(bar + barlen, "｜"))) {
            err(L, e, "[units] 的 %s 有多个“|”：应为“名称|别名,别名”", e->key);
            continue;
        }
        size_t na = 0;
        const char **al = bar ? tz_text_split(a, bar + barlen, TZ_LIST_SEPARATORS, &na) : NULL;
        add_unit(L, u, e, "", tz_arena_printf(&L->tmp, "第 %d 行", e->line), name, al, na);
    }
    free(keys);
}

/* A cell as text (numbers as Excel shows them), or NULL. */
static const char *cell_text(tz_arena *a, const tz_cell *cell)
{
    if (!cell)
        return NULL;
    if (cell->type == TZ_CELL_TEXT)
        return trim_dup(a, cell->text, cell->len);
    if (cell->type == TZ_CELL_NUMBER) {
        char buf[64];
        tz_format_number(buf, sizeof buf, cell->num);
        return tz_arena_strdup(a, buf);
    }
    return NULL;
}

static int is_name_header(const char *s)
{
    return s && (!strcmp(s, "单位名称") || !strcmp(s, "单位"));
}

static int is_alias_header(const char *s)
{
    return s && (strstr(s, "简称") || strstr(s, "别名"));
}

static void file_units(loader *L, unit_list *u, const entry *at, const char *path)
{
    tz_arena *a = &L->cfg->arena;
    tz_book *book;
    tz_issues issues = { 0 };
    if (tz_book_read(path, path, &L->cfg->limits, &book, &issues) != 0) {
        err(L, at, "无法读取单位名单 %s：%s", path, issues.len ? issues.items[0].message : "未知原因");
        tz_issues_free(&issues);
        return;
    }
    tz_issues_free(&issues);
    /* The header: the first cell 单位名称 or 单位 in the top rows of a sheet. */
    const tz_sheet *sheet = NULL;
    uint32_t hrow = 0, ncol = 0, acol = UINT32_MAX;
    for (size_t i = 0; i < book->nsheets && !sheet; i++) {
        const tz_sheet *s = &book->sheets[i];
        for (size_t k = 0; k < s->ncells && s->cells[k].row < TZ_HEADER_ROWS; k++) {
            if (is_name_header(cell_text(&L->tmp, &s->cells[k]))) {
                sheet = s;
                hrow = s->cells[k].row;
                ncol = s->cells[k].col;
                break;
            }
        }
    }
    if (!sheet) {
        err(L, at, "单位名单 %s 中找不到表头“单位名称”或“单位”（应在某个工作表的前 %d 行）", path,
            TZ_HEADER_ROWS);
        tz_book_free(book);
        return;
    }
    for (size_t k = 0; k < sheet->ncells && sheet->cells[k].row <= hrow; k++)
        if (sheet->cells[k].row == hrow && sheet->cells[k].col != ncol &&
            is_alias_header(cell_text(&L->tmp, &sheet->cells[k]))) {
            acol = sheet->cells[k].col;
            break;
        }
    for (size_t k = 0; k < sheet->ncells; k++) {
        const tz_cell *cell = &sheet->cells[k];
        if (cell->row <= hrow || cell->col != ncol)
            continue;
        char ref[16];
        tz_a1(ref, cell->row, cell->col);
        const char *place = tz_arena_printf(&L->tmp, "单位名单 %s 「%s」%s：", path, sheet->name, ref);
        const char *name = cell_text(a, cell);
        if (!name) {
            err(L, at, "%s单位名称应为文字", place);
            continue;
        }
        if (!*name)
            continue;
        size_t na = 0;
        const char *al =
            acol == UINT32_MAX ? NULL : cell_text(&L->tmp, tz_sheet_cell(sheet, cell->row, acol));
        const char **aliases = al ? tz_text_split(a, al, TZ_LIST_SEPARATORS, &na) : NULL;
        add_unit(L, u, at, place, tz_arena_printf(&L->tmp, "%s 单元格", ref), name, aliases, na);
    }
    tz_book_free(book);
}

static void load_units(loader *L)
{
    tz_config *c = L->cfg;
    unit_list u = { 0 };
    const entry *sec = tz_ini_find(L->ini, "units", NULL);
    const entry *at;
    const char *file = get(L, "units", "file", &at);
    size_t before = L->probs.n;
    int has_inline = 0;
    for (size_t i = 0; i < L->nents; i++)
        has_inline |=
            L->ents[i].key && !strcmp(L->ents[i].section, "units") && numbered(L->ents[i].key, "unit") > 0;
    if (file && has_inline) {
        err(L, at, "[units] 中 file 与 unitN 只能用一种：要么写单位名单文件，要么逐个写 unit1、unit2……");
    } else if (file) {
        c->units_file = join_path(&c->arena, c->dir, file);
        file_units(L, &u, at, c->units_file);
    } else {
        inline_units(L, &u);
    }
    if (!u.n && L->probs.n == before)
        err(L, sec, "没有任何单位：请在 [units] 中写 file = 单位名单文件，或 unit1 = 名称|别名,别名");
    c->units = tz_arena_alloc(&c->arena, (u.n ? u.n : 1) * sizeof *c->units);
    if (u.n)
        memcpy(c->units, u.v, u.n * sizeof *u.v);
    c->nunits = u.n;
    free(u.v);
    free(u.where);
    strmap_free(&u.names);
}

static void load_fonts(loader *L)
{
    tz_config *c = L->cfg;
    static const char *const keys[] = { "song", "hei", "kai", "fangsong" };
    static const char *const names[] = { "宋体", "黑体", "楷体", "仿宋" };
    const char **slots[] = { &c->font_song, &c->font_hei, &c->font_kai, &c->font_fangsong };
    for (size_t i = 0; i < 4; i++) {
        const entry *at;
        const char *v = get(L, "fonts", keys[i], &at);
        *slots[i] = v ? join_path(&c->arena, c->dir, v) : "";
        if (v && !is_file(*slots[i]))
            err(L, at, "%s字体文件 %s 不存在", names[i], *slots[i]);
    }
}

/* ---- template search path --------------------------------------------- */

static void add_template_dir(tz_config *c, const char **real, const char *dir)
{
    char *canon = realpath(dir, NULL);
    if (!canon)
        return; /* keep only folders that exist */
    int dup = 0;
    for (size_t i = 0; i < c->ntemplate_path; i++)
        dup |= !strcmp(real[i], canon);
    if (!dup && is_dir(canon)) {
        real[c->ntemplate_path] = tz_arena_strdup(&c->arena, canon);
        c->template_path[c->ntemplate_path++] = dir;
    }
    free(canon);
}

static void build_template_path(tz_config *c)
{
    enum { MAX_DIRS = 4 };
    const char **real = tz_arena_alloc(&c->arena, MAX_DIRS * sizeof *real);
    c->template_path = tz_arena_alloc(&c->arena, MAX_DIRS * sizeof *c->template_path);
    c->ntemplate_path = 0;
    add_template_dir(c, real, c->templates_dir);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe);
    if (n <= 0 || (size_t)n >= sizeof exe)
        return; /* no program templates: the campaign's must do */
    exe[n] = 0;
    const char *dir = dir_of(&c->arena, exe);
    /* Beside the program, or two folders up (a build folder of the source
     * tree: `make` links build/<variant>/taizhang, which the tests run), or
     * installed under PREFIX/share. */
    const char *up = "%s/templates";
    for (int level = 0; level < 3 && c->ntemplate_path < MAX_DIRS - 1; level++) {
        char *canon = realpath(tz_arena_printf(&c->arena, up, dir), NULL);
        if (canon && is_dir(canon)) {
            add_template_dir(c, real, tz_arena_strdup(&c->arena, canon));
            free(canon);
            break;
        }
        free(canon);
        up = level == 0 ? "%s/../templates" : "%s/../../templates";
    }
    add_template_dir(c, real, tz_arena_printf(&c->arena, "%s/../share/taizhang/templates", dir));
}

const char *tz_config_find_template(tz_config *cfg, const char *name)
{
    if (strchr(name, '/')) {
        const char *p = join_path(&cfg->arena, cfg->dir, name);
        return is_file(p) ? p : NULL;
    }
    for (size_t i = 0; i < cfg->ntemplate_path; i++) {
        const char *p = tz_arena_printf(&cfg->arena, "%s/%s", cfg->template_path[i], name);
        if (is_file(p))
            return p;
    }
    return NULL;
}

/* ---- load / free / print ------------------------------------------------ */

static void loader_free(loader *L)
{
    tz_ini_free(L->ini);
    tz_arena_free(&L->tmp);
}

static int load_file(loader *L, const tz_config_args *args)
{
    tz_config *c = L->cfg;
    int rc = tz_ini_open(&L->ini, c->path, &config_ini);
    if (rc < 0)
        return -1;
    L->ents = tz_ini_entries(L->ini, &L->nents);
    /* The last value of a repeated key wins, as in iniparser. */
    for (size_t i = 0; i < L->nents; i++) {
        const entry *e = &L->ents[i];
        if (e->key && e->prev)
            tz_warn("%s:%d：[%s] 中的 %s 重复出现（第 %d 行已有），以这一行为准", c->path, e->line,
                    e->section, e->key, e->prev->line);
    }
    if (rc > 0) {
        size_t n;
        const tz_ini_error *bad = tz_ini_errors(L->ini, &n);
        for (size_t i = 0; i < n; i++)
            err_line(L, bad[i].line, bad[i].text, "%s", bad[i].msg);
        return report_problems(L);
    }
    check_names(L);
    load_campaign(L);
    load_limits(L);
    load_report(L, args);
    load_paths(L, args->input, args->output);
    load_stages(L);
    load_deliverables(L);
    load_weekly(L);
    load_fonts(L);
    load_units(L);
    build_template_path(c);
    const entry *at;
    if (get(L, "report", "template", &at) && !tz_config_find_template(c, c->template_name)) {
        if (strchr(c->template_name, '/')) {
            err(L, at, "找不到报告模板 %s", join_path(&L->tmp, c->dir, c->template_name));
        } else {
            if (!c->ntemplate_path) {
                err(L, at, "找不到报告模板 %s（模板文件夹 %s 不存在）", c->template_name, c->templates_dir);
            } else {
                const char *where = c->template_path[0];
                for (size_t i = 1; i < c->ntemplate_path; i++)
                    where = tz_arena_printf(&L->tmp, "%s、%s", where, c->template_path[i]);
                err(L, at, "找不到报告模板 %s（查找了 %s）", c->template_name, where);
            }
        }
    }
    return report_problems(L);
}

int tz_config_load_args(tz_config *cfg, const char *path, const tz_config_args *args)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->path = tz_arena_strdup(&cfg->arena, path);
    cfg->dir = dir_of(&cfg->arena, path);
    loader L = { .cfg = cfg };
    int rc = load_file(&L, args);
    loader_free(&L);
    if (rc != 0)
        tz_config_free(cfg);
    return rc;
}

int tz_config_load(tz_config *cfg, const char *path, const char *as_of_override, const char *input_override,
                   const char *output_override)
{
    tz_config_args args = { .as_of = as_of_override, .input = input_override, .output = output_override };
    return tz_config_load_args(cfg, path, &args);
}

void tz_config_free(tz_config *cfg)
{
    tz_arena_free(&cfg->arena);
    memset(cfg, 0, sizeof *cfg);
}

void tz_config_print(const tz_config *cfg, FILE *out)
{
    char a[16], b[16];
    fprintf(out, "活动：%s\n", cfg->name);
    if (*cfg->organisation)
        fprintf(out, "单位：%s\n", cfg->organisation);
    if (*cfg->office)
        fprintf(out, "落款：%s\n", cfg->office);
    fprintf(out, "活动期间：%s 至 %s\n", tz_day_iso(a, cfg->start), tz_day_iso(b, cfg->end));
    fputs("问题类别：", out);
    for (size_t i = 0; i < cfg->ncategories; i++)
        fprintf(out, "%s%s", i ? "、" : "", cfg->categories[i]);
    fprintf(out, "\n检查日期：%s（报告期 %s）\n", tz_day_iso(a, cfg->as_of), cfg->period);
    fprintf(out, "报告：%s（模板 %s）\n", cfg->title, cfg->template_name);
    for (size_t i = 0; i < cfg->nstages; i++)
        fprintf(out, "阶段%zu：%s，%s 至 %s\n", i + 1, cfg->stages[i].name,
                tz_day_iso(a, cfg->stages[i].start), tz_day_iso(b, cfg->stages[i].end));
    for (size_t i = 0; i < cfg->ndeliverables; i++)
        fprintf(out, "报送材料%zu：%s，%s 前报送（%s）\n", i + 1, cfg->deliverables[i].name,
                tz_day_iso(a, cfg->deliverables[i].due),
                cfg->deliverables[i].evidence == TZ_EVIDENCE_RECEIPT ? "以收文登记为准" : "以单位工作簿为准");
    if (cfg->weekly_enabled)
        fprintf(out, "周报：第一次 %s 前报送，此后每 7 天一次\n", tz_day_iso(a, cfg->weekly_first));
    else
        fputs("周报：未启用\n", out);
    /* A province-wide roll-up has thousands of units: name the first few. */
    enum { SHOWN_UNITS = 30 };
    fprintf(out, "报送单位：%zu 个", cfg->nunits);
    if (cfg->units_file)
        fprintf(out, "（名单 %s）", cfg->units_file);
    fputs("：", out);
    for (size_t i = 0; i < cfg->nunits && i < SHOWN_UNITS; i++)
        fprintf(out, "%s%s", i ? "、" : "", cfg->units[i].name);
    fputs(cfg->nunits > SHOWN_UNITS ? "……\n" : "\n", out);
    fprintf(out, "输入文件夹：%s\n输出文件夹：%s\n模板查找路径：", cfg->input_dir, cfg->output_dir);
    for (size_t i = 0; i < cfg->ntemplate_path; i++)
        fprintf(out, "%s%s", i ? "；" : "", cfg->template_path[i]);
    fputs(cfg->ntemplate_path ? "\n" : "（无）\n", out);
}

tz_day tz_config_resubmit_by(const tz_config *cfg)
{
    return cfg->resubmit_by != TZ_DAY_UNSET ? cfg->resubmit_by : cfg->as_of + (tz_day)cfg->resubmit_days;
}
