/*
 * ini.c — reads, checks and indexes an ini file, then parses it with
 * iniparser 4.1 (see ini.h for why both).
 *
 * The scan follows iniparser's own reading so that the index and the
 * dictionary agree: physical lines ending in `\` are joined, names are
 * trimmed of ASCII blanks and lower-cased.  The copy iniparser gets has the
 * same number of lines: a section header becomes "[name]" (its comment
 * dropped), a line of blanks (full-width spaces included, which iniparser
 * would take for a key) becomes an empty line.
 */
#include "ini.h"

#include <errno.h>
#include <iniparser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <unistr.h>

#include "arena.h"
#include "issue.h"
#include "strbuf.h"
#include "syserr.h"
#include "value.h"

enum {
    /* iniparser 4.1 reads lines into 1024 bytes (ASCIILINESZ) and fails on
     * longer ones; stop a little earlier with a message that says so. */
    MAX_LINE_BYTES = 1000
};

struct tz_ini {
    tz_arena arena; /* names, texts, messages */
    tz_ini_entry *ents;
    size_t nents, capents;
    const tz_ini_entry **sorted; /* by section, key (header first), file order */
    tz_ini_error *errs;
    size_t nerrs, caperrs;
    dictionary *dict; /* NULL when there are syntax errors */
};

/* ---- text helpers ---------------------------------------------------------- */

/* The C locale's isspace, whatever the locale: names are ASCII. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* s[0..n) without surrounding ASCII blanks, in the arena. */
static char *trim_dup(tz_arena *a, const char *s, size_t n)
{
    while (n > 0 && is_blank(*s))
        s++, n--;
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    return tz_arena_strndup(a, s, n);
}

/* A name as iniparser keys it: trimmed, ASCII lower case. */
static char *name_dup(tz_arena *a, const char *s, size_t n)
{
    char *r = trim_dup(a, s, n);
    for (char *p = r; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return r;
}

/* Whether s[0..n) holds only ASCII blanks and U+3000 (Chinese indentation). */
static int only_blanks(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (is_blank(s[i]))
            i++;
        else if (n - i >= 3 && !memcmp(s + i, "\xE3\x80\x80", 3))
            i += 3;
        else
            return 0;
    }
    return 1;
}

/* ---- the index --------------------------------------------------------------- */

static void add_error(tz_ini *ini, int line, const char *text, const char *msg)
{
    if (ini->nerrs == ini->caperrs) {
        ini->caperrs = ini->caperrs ? 2 * ini->caperrs : 8;
        ini->errs = tz_xrealloc(ini->errs, ini->caperrs * sizeof *ini->errs);
    }
    ini->errs[ini->nerrs++] = (tz_ini_error){ line, text, msg };
}

static void add_entry(tz_ini *ini, int line, const char *text, const char *section, const char *key)
{
    if (ini->nents == ini->capents) {
        ini->capents = ini->capents ? 2 * ini->capents : 64;
        ini->ents = tz_xrealloc(ini->ents, ini->capents * sizeof *ini->ents);
    }
    ini->ents[ini->nents++] = (tz_ini_entry){ line, text, section, key, NULL };
}

/* Orders by section, then key with the header (NULL) first. */
static int name_cmp(const char *section, const char *key, const tz_ini_entry *e)
{
    int c = strcmp(section, e->section);
    if (c || key == e->key)
        return c;
    if (!key || !e->key)
        return key ? 1 : -1;
    return strcmp(key, e->key);
}

static int sorted_cmp(const void *pa, const void *pb)
{
    const tz_ini_entry *a = *(const tz_ini_entry *const *)pa, *b = *(const tz_ini_entry *const *)pb;
    int c = name_cmp(a->section, a->key, b);
    return c ? c : (a > b) - (a < b);
}

/* Sorts the entries by name (a config may list thousands of units) and
 * links each to the one of the same name before it. */
static void build_index(tz_ini *ini)
{
    ini->sorted = tz_xmalloc((ini->nents ? ini->nents : 1) * sizeof *ini->sorted);
    for (size_t i = 0; i < ini->nents; i++)
        ini->sorted[i] = &ini->ents[i];
    qsort(ini->sorted, ini->nents, sizeof *ini->sorted, sorted_cmp);
    for (size_t i = 1; i < ini->nents; i++) {
        const tz_ini_entry *a = ini->sorted[i - 1], *b = ini->sorted[i];
        if (!name_cmp(a->section, a->key, b))
            ini->ents[b - ini->ents].prev = a;
    }
}

/* ---- reading ------------------------------------------------------------------ */

static int read_all(const char *path, const tz_ini_spec *spec, char **out, size_t *len)
{
    tz_strbuf b = { 0 };
    int rc = tz_strbuf_read_file(&b, path, spec->max_bytes);
    if (rc != 0) {
        int saved = errno;
        tz_strbuf_free(&b);
        if (saved == EFBIG)
            return tz_error("%s %s 超过 %zu MB，不像是%s", spec->noun, path, spec->max_bytes >> 20, spec->noun);
        return tz_error("无法%s%s %s：%s", rc == -1 ? "打开" : "读取", spec->noun, path, tz_strerror(saved));
    }
    *out = b.s;
    *len = b.len;
    return 0;
}

/* Indexes a `[name] ; comment` line and writes "[name]" (without the
 * newline) for iniparser.  Returns the section that follows. */
static const char *section_line(tz_ini *ini, int lineno, const char *line, const char *section,
                                tz_strbuf *clean)
{
    const char *close = strchr(line, ']');
    if (!close) {
        add_error(ini, lineno, line, "节名缺少右方括号“]”");
        return section;
    }
    const char *rest = close + 1;
    while (is_blank(*rest))
        rest++;
    if (*rest && *rest != ';' && *rest != '#') {
        add_error(ini, lineno, line, "节名“]”后面只能有注释（以 ; 或 # 开头）");
        return section;
    }
    char *name = name_dup(&ini->arena, line + 1, (size_t)(close - line - 1));
    if (!*name)
        add_error(ini, lineno, line, "节名为空");
    add_entry(ini, lineno, line, name, NULL);
    tz_strbuf_put(clean, "[", 1);
    tz_strbuf_puts(clean, name);
    tz_strbuf_put(clean, "]", 1);
    return name;
}

/* Indexes the text and writes the copy iniparser reads into *clean. */
static void scan(tz_ini *ini, const tz_ini_spec *spec, const char *text, size_t len, tz_strbuf *clean)
{
    const char *section = "";
    tz_strbuf logical = { 0 };
    size_t pos = 0;
    int lineno = 0;
    tz_strbuf_put(clean, "", 0);
    while (pos < len) {
        int first = lineno + 1;
        size_t start = pos;
        logical.len = 0;
        tz_strbuf_put(&logical, "", 0);
        for (;;) { /* one logical line: physical lines joined on '\' */
            const char *nl = memchr(text + pos, '\n', len - pos);
            size_t end = nl ? (size_t)(nl - text) : len, e = end;
            while (e > pos && is_blank(text[e - 1]))
                e--;
            lineno++;
            int more = nl && e > pos && text[e - 1] == '\\';
            tz_strbuf_put(&logical, text + pos, e - pos - (size_t)more);
            pos = nl ? end + 1 : len;
            if (!more)
                break;
        }
        const char *line = trim_dup(&ini->arena, logical.s, logical.len);
        int blank = only_blanks(logical.s, logical.len);
        if (logical.len > MAX_LINE_BYTES) {
            add_error(
                ini, first, NULL,
                tz_arena_printf(&ini->arena, "这一行超过 %d 字节%s", MAX_LINE_BYTES, spec->long_line_hint));
        } else if (blank || line[0] == '[') {
            /* iniparser gets a blank line for one that only looks blank
             * and "[name]" for a section header (same number of lines). */
            if (!blank)
                section = section_line(ini, first, line, section, clean);
            for (int i = first; i <= lineno; i++)
                tz_strbuf_put(clean, "\n", 1);
            continue;
        } else if (line[0] != ';' && line[0] != '#') {
            const char *eq = strchr(line, '=');
            if (!eq)
                add_error(ini, first, line, "看不懂这一行：应为“键 = 值”、“[节名]”或以 ; 开头的注释");
            else if (eq == line)
                add_error(ini, first, line, "“=”前面缺少键名");
            else
                add_entry(ini, first, line, section, name_dup(&ini->arena, line, (size_t)(eq - line)));
        }
        tz_strbuf_put(clean, text + start, pos - start);
        if (text[pos - 1] != '\n')
            tz_strbuf_put(clean, "\n", 1);
    }
    tz_strbuf_free(&logical);
}

/* iniparser prints its own syntax messages; ours carry the line instead. */
static int quiet(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

static int load_dict(tz_ini *ini, const char *path, const tz_ini_spec *spec, const char *text, size_t len)
{
    int fd = memfd_create("taizhang-ini", MFD_CLOEXEC);
    if (fd < 0)
        return tz_error("读取%s %s 时无法创建临时文件：%s", spec->noun, path, tz_strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int saved = errno;
            close(fd);
            return tz_error("读取%s %s 时无法写临时文件：%s", spec->noun, path, tz_strerror(saved));
        }
        off += (size_t)w;
    }
    char name[64];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    iniparser_set_error_callback(quiet);
    ini->dict = iniparser_load(name);
    close(fd);
    if (!ini->dict)
        return tz_error("%s：iniparser 无法解析这个文件（请检查以 \\ 结尾的行和引号）", path);
    return 0;
}

static int open_ini(tz_ini *ini, const char *path, const tz_ini_spec *spec)
{
    char *text = NULL;
    size_t len = 0;
    if (read_all(path, spec, &text, &len) != 0)
        return -1;
    const char *body = text;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        body += 3; /* Notepad's byte-order mark */
        len -= 3;
    }
    const char *bad = (const char *)u8_check((const uint8_t *)body, len);
    const char *nul = memchr(body, 0, len);
    if (bad || nul) {
        const char *at = bad && (!nul || bad < nul) ? bad : nul;
        int line = 1;
        for (const char *p = body; p < at; p++)
            line += *p == '\n';
        free(text);
        return tz_error("%s:%d：%s应为 UTF-8 编码的文本（可用记事本“另存为”并选择 UTF-8）", path, line,
                        spec->noun);
    }
    tz_strbuf clean = { 0 };
    scan(ini, spec, body, len, &clean);
    free(text);
    build_index(ini);
    int rc = ini->nerrs ? (int)ini->nerrs : load_dict(ini, path, spec, clean.s, clean.len);
    tz_strbuf_free(&clean);
    return rc;
}

int tz_ini_open(tz_ini **out, const char *path, const tz_ini_spec *spec)
{
    tz_ini *ini = tz_xcalloc(1, sizeof *ini);
    int rc = open_ini(ini, path, spec);
    if (rc < 0) {
        tz_ini_free(ini);
        ini = NULL;
    }
    *out = ini;
    return rc;
}

void tz_ini_free(tz_ini *ini)
{
    if (!ini)
        return;
    if (ini->dict)
        iniparser_freedict(ini->dict);
    free(ini->ents);
    free(ini->sorted);
    free(ini->errs);
    tz_arena_free(&ini->arena);
    free(ini);
}

/* ---- lookups ------------------------------------------------------------------- */

const tz_ini_entry *tz_ini_entries(const tz_ini *ini, size_t *n)
{
    *n = ini->nents;
    return ini->ents;
}

const tz_ini_error *tz_ini_errors(const tz_ini *ini, size_t *n)
{
    *n = ini->nerrs;
    return ini->errs;
}

const tz_ini_entry *tz_ini_find(const tz_ini *ini, const char *section, const char *key)
{
    /* the first sorted entry not before the name (header) or after it (key) */
    size_t lo = 0, hi = ini->nents;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(section, key, ini->sorted[mid]);
        if (key ? c >= 0 : c > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t i = key ? lo - (lo > 0) : lo;
    if (i >= ini->nents || name_cmp(section, key, ini->sorted[i]))
        return NULL;
    return ini->sorted[i];
}

const char *tz_ini_get(const tz_ini *ini, const char *section, const char *key)
{
    const tz_ini_entry *e = tz_ini_find(ini, section, key);
    if (!e || !key || !ini->dict)
        return NULL;
    /* a name found in the file is at most a line long */
    char full[2 * MAX_LINE_BYTES + 2];
    snprintf(full, sizeof full, "%s:%s", e->section, e->key);
    return iniparser_getstring(ini->dict, full, "");
}

/* ---- problems ---------------------------------------------------------------- */

struct tz_ini_problem_item {
    int line;   /* 0: the file's; -1: not the file's */
    size_t seq; /* order found: keeps one line's problems in order */
    char *msg;
    char *text; /* the line shown under the message, or NULL */
};

void tz_ini_problemv(tz_ini_problems *p, int line, const char *text, const char *fmt, va_list ap)
{
    char msg[1536];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 8;
        p->items = tz_xrealloc(p->items, p->cap * sizeof *p->items);
    }
    p->items[p->n] = (tz_ini_problem_item){ line, p->n, tz_xstrdup(msg), text ? tz_xstrdup(text) : NULL };
    p->n++;
}

void tz_ini_problem(tz_ini_problems *p, int line, const char *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tz_ini_problemv(p, line, text, fmt, ap);
    va_end(ap);
}

static int problem_cmp(const void *pa, const void *pb)
{
    const tz_ini_problem_item *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int tz_ini_problems_report(tz_ini_problems *p, const char *path)
{
    int rc = p->n ? -1 : 0;
    if (p->n)
        qsort(p->items, p->n, sizeof *p->items, problem_cmp);
    for (size_t i = 0; i < p->n; i++) {
        const tz_ini_problem_item *q = &p->items[i];
        if (q->line < 0)
            tz_error("%s", q->msg);
        else if (q->line)
            tz_error("%s:%d：%s", path, q->line, q->msg);
        else
            tz_error("%s：%s", path, q->msg);
        if (q->text)
            fprintf(stderr, ">>> '%s'\n", q->text);
        free(q->msg);
        free(q->text);
    }
    free(p->items);
    *p = (tz_ini_problems){ 0 };
    return rc;
}

int tz_ini_check_lines(const tz_ini *ini, tz_ini_problems *p)
{
    size_t n, nbad;
    const tz_ini_entry *e = tz_ini_entries(ini, &n);
    const tz_ini_error *bad = tz_ini_errors(ini, &nbad);
    int rc = nbad ? -1 : 0, section_line = 0; /* section_line: the [section] met last, when a repeat */
    for (size_t i = 0; i < n; i++) {
        if (!*e[i].section) {
            tz_ini_problem(p, e[i].line, e[i].text, "键写在了任何 [节] 之前");
            rc = -1;
        } else if (!e[i].key) {
            section_line = e[i].prev ? e[i].line : 0;
            if (e[i].prev) {
                tz_ini_problem(p, e[i].line, e[i].text, "节 [%s] 重复（第 %d 行已有）", e[i].section,
                               e[i].prev->line);
                rc = -1;
            }
        } else if (e[i].prev && e[i].prev->line > section_line) {
            /* a key of a repeated section repeats the first one's: the section's message says it */
            tz_ini_problem(p, e[i].line, e[i].text, "[%s] 中的 %s 重复（第 %d 行已有）", e[i].section,
                           e[i].key, e[i].prev->line);
            rc = -1;
        }
    }
    for (size_t i = 0; i < nbad; i++)
        tz_ini_problem(p, bad[i].line, bad[i].text, "%s", bad[i].msg);
    return rc;
}

int tz_ini_check_keys(const tz_ini *ini, tz_ini_problems *p, const char *section, const char *const *known)
{
    size_t n;
    const tz_ini_entry *e = tz_ini_entries(ini, &n);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!e[i].key || strcmp(e[i].section, section) != 0)
            continue;
        const char *best = NULL;
        size_t bestd = 3, k = 0;
        for (; known[k] && strcmp(known[k], e[i].key) != 0; k++) {
            size_t d = tz_edit_distance(e[i].key, known[k]);
            if (d < bestd) {
                bestd = d;
                best = known[k];
            }
        }
        if (known[k])
            continue;
        rc = -1;
        if (best) {
            tz_ini_problem(p, e[i].line, e[i].text, "[%s] 中没有 %s 这一项（是不是 %s？）", section, e[i].key,
                           best);
            continue;
        }
        char list[512] = "";
        size_t len = 0;
        for (k = 0; known[k] && len < sizeof list; k++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? "、" : "", known[k]);
        tz_ini_problem(p, e[i].line, e[i].text, "[%s] 中没有 %s 这一项（可用的键：%s）", section, e[i].key,
                       list);
    }
    return rc;
}
