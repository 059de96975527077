/*
 * ini.h — reads an ini file (config.ini, schemas.ini, ledger.ini) for the
 * modules that validate it.
 *
 * iniparser 4.1 does the parsing.  It cannot report line numbers, and it
 * rejects two things offices do write: a UTF-8 byte-order mark (Windows
 * Notepad) and a comment after a section header (`[fonts] ; optional`).  So
 * tz_ini_open() reads the file first: checks it is UTF-8, indexes every
 * `[section]` and `key =` line (for messages and for repeats, which
 * iniparser merges without a word), removes those two things and hands the
 * cleaned copy, with the same lines, to iniparser through a memfd.
 * iniparser cuts a value at the first `;` or `#` (inline comments); a value
 * that needs one must be quoted: title = "第#1期".  A line ending in `\`
 * continues on the next one, as in iniparser.
 *
 *   tz_ini *ini;
 *   int rc = tz_ini_open(&ini, path, &spec);   // -1: tz_error already said why
 *   if (rc > 0) { size_t n; const tz_ini_error *e = tz_ini_errors(ini, &n); … }
 *   const char *v = tz_ini_get(ini, "report", "title");
 *   tz_ini_free(ini);
 *
 * What is an error beyond syntax (unknown keys, repeats, keys before any
 * section) is the caller's: the index gives it everything it needs.
 *
 * Ownership: a tz_ini owns its entries, errors and values; every pointer
 * it hands out is valid until tz_ini_free().
 */
#ifndef TZ_INI_H
#define TZ_INI_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tz_ini tz_ini;

/* How a module's messages name its file, and what it accepts. */
typedef struct {
    const char *noun;           /* "配置文件": "无法打开配置文件 x.ini：…" */
    size_t max_bytes;           /* a larger file is refused (the wrong file was named) */
    const char *long_line_hint; /* follows "这一行超过 1000 字节" */
} tz_ini_spec;

/* A `[section]` or `key = value` line, in file order. */
typedef struct tz_ini_entry {
    int line;                        /* 1-based line where it starts */
    const char *text;                /* the line as written, trimmed, continuations joined */
    const char *section;             /* trimmed, ASCII lower case (as iniparser keys it);
                                   "" for keys before any [section] */
    const char *key;                 /* likewise; NULL for a [section] line */
    const struct tz_ini_entry *prev; /* the same [section] or section key met
                                        last before this one, or NULL */
} tz_ini_entry;

/* A line iniparser cannot take (or would misread). */
typedef struct {
    int line;
    const char *text; /* the line, as in tz_ini_entry; NULL when too long to show */
    const char *msg;  /* Chinese, without file and line: "节名缺少右方括号“]”" */
} tz_ini_error;

/*
 * Reads, checks and indexes `path`, then parses it with iniparser.
 * Returns 0 (*out ready), the number of syntax errors (*out holds them and
 * the index of the other lines, but no values), or -1 after tz_error() said
 * why the file cannot be read at all: cannot open or read it, larger than
 * spec->max_bytes, not UTF-8 (naming path:LINE), no memfd, iniparser
 * failed.  On -1 *out is NULL; otherwise free it with tz_ini_free().
 * iniparser's own error printing is silenced for good (ours has lines).
 */
int tz_ini_open(tz_ini **out, const char *path, const tz_ini_spec *spec);
void tz_ini_free(tz_ini *ini);

/* Every entry, in file order (*n of them). */
const tz_ini_entry *tz_ini_entries(const tz_ini *ini, size_t *n);

/* The syntax errors, in line order (*n of them; at most one a line). */
const tz_ini_error *tz_ini_errors(const tz_ini *ini, size_t *n);

/*
 * The last `key =` line of a section, or with key NULL the first
 * `[section]` line; NULL when the file has none.  Names are as in
 * tz_ini_entry (lower case).
 */
const tz_ini_entry *tz_ini_find(const tz_ini *ini, const char *section, const char *key);

/*
 * The value iniparser read for section.key (quotes removed, inline
 * comment cut): "" when the line has none, NULL when the file has no such
 * line or tz_ini_open() found syntax errors.
 */
const char *tz_ini_get(const tz_ini *ini, const char *section, const char *key);

/*
 * The mistakes found in one file, gathered while it is loaded so that one
 * run shows them all, then printed together in line order the redis way:
 * `path:LINE：message`, and under it the line as written (>>> '…').
 *
 *   tz_ini_problems P = { 0 };
 *   tz_ini_problem(&P, e->line, e->text, "[%s] 缺少 name", sec);   // and go on
 *   return tz_ini_problems_report(&P, path);                       // 0, or -1 when any
 *
 * A problem at line 0 is the file's (`path：message`), at line -1 not the
 * file's at all (the command line: `message`).  The problems own their
 * messages; tz_ini_problems_report() frees them, and must be called once.
 */
typedef struct tz_ini_problem_item tz_ini_problem_item;
typedef struct {
    tz_ini_problem_item *items;
    size_t n, cap;
} tz_ini_problems;

void tz_ini_problem(tz_ini_problems *p, int line, const char *text, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tz_ini_problemv(tz_ini_problems *p, int line, const char *text, const char *fmt, va_list ap);

/* Prints every problem (line order; one line's in the order found), frees
 * them, and returns -1 if there was any, else 0. */
int tz_ini_problems_report(tz_ini_problems *p, const char *path);

/*
 * The mistakes of a file whose every key must be said once (schemas.ini,
 * ledger.ini; config.ini lets the last of a repeated key win): recorded in
 * `p` are the syntax errors, a key before any [section], a [section] given
 * again and a key given again (the keys of a repeated section are not said
 * once more).  Returns -1 when it recorded any, else 0.
 */
int tz_ini_check_lines(const tz_ini *ini, tz_ini_problems *p);

/*
 * Records in `p` every key of `section` that is not one of `known` (a
 * NULL-terminated list): "[sheet1] 中没有 titel 这一项（是不是 title？）",
 * or with no key within two edits the list of keys there are.  Returns -1
 * when it recorded any, else 0.
 */
int tz_ini_check_keys(const tz_ini *ini, tz_ini_problems *p, const char *section, const char *const *known);

#endif
