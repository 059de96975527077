/*
 * schema.h — the sheet kinds of templates/schemas.ini (docs/schemas.md): which
 * sheets a kind is, its columns, their header aliases, types and enum values.
 *
 *   tz_schema *sc;
 *   if (tz_schema_load(path, cfg->categories, cfg->ncategories, &sc) < 0) exit(2);
 *   const tz_kind *k = tz_schema_kind_by_sheet(sc, sheet->name, len);
 *   tz_header h;  tz_header_prepare(&h, &scratch, cell->text, cell->len);
 *   int col = tz_kind_column(k, &h, &rank);
 *   int v = tz_column_value(&k->columns[col], text, len);
 *   tz_schema_free(sc);
 *
 * The file format (a user edits it without recompiling; iniparser lower-cases
 * section and key names, so every name the program relies on is lower-case
 * ASCII and every Chinese word is a value):
 *
 *   [problem]                     ; a kind; the section name is its table name
 *   name    = 问题清单             ; shown to users
 *   sheets  = 问题清单,整改台账     ; sheet names that are this kind
 *   office  = no                  ; yes: kept by the office itself, no 填报单位
 *   accumulate = date             ; rows add up across a unit's workbooks (周报): one
 *                                 ;   row per reporting week of this date column, the
 *                                 ;   latest workbook's row for a week wins
 *
 *   [problem.desc]                ; a column of kind "problem", in file order;
 *   header   = 问题描述            ;   "desc" is its SQL column name
 *   aliases  = 问题,存在问题        ; other header texts
 *   type     = text               ; text int money date deadline time enum state category ignore
 *   required = yes                ; the sheet must have the column and each row a value
 *   values   = 来信|信件,来电|电话  ; enum/state: value|alias|alias, …
 *   empty    = open               ; value an empty cell stands for (enum/state)
 *   role     = desc               ; what the program reads it as (tz_col_role);
 *                                 ;   by default a column keyed like a role has it
 *
 *   [skip]
 *   sheets  = 填表说明,说明        ; sheets never read (instructions)
 *   derived = 汇总,超期问题        ; a ledger's computed sheets: skipped with one info
 *
 * Lists are separated by "," "，" or "、"; aliases of one value by "|".
 * Matching is on tz_norm keys (value.h): NFKC, no white space, ASCII lower case.
 * A column keyed `unit` names each row's own unit: that is how a 汇总台账's
 * 问题台账 is read back (docs/ledger.md); its computed 剩余天数/是否超期 columns are
 * type ignore.  Kind names unit, stage, deliverable, submission, issue, param
 * and skip are taken by the program's own tables.
 *
 * Ownership: a tz_schema owns every struct and string in it (one arena);
 * pointers into it are valid until tz_schema_free().  A loaded schema is
 * read-only, so reader threads may share it.
 */
#ifndef TZ_SCHEMA_H
#define TZ_SCHEMA_H

#include <stddef.h>
#include "arena.h"
#include "value.h"

/* Limits, checked when schemas.ini loads (with its line): the recogniser
 * keeps a kind's column map on the stack, the loader one table a kind. */
enum { TZ_KIND_MAX_COLUMNS = 128, TZ_SCHEMA_MAX_KINDS = 64 };

typedef enum {
    TZ_COL_TEXT = 0, /* tz_text_clean */
    TZ_COL_INT,      /* a count: tz_count_cell */
    TZ_COL_MONEY,    /* tz_money_cell, in cents */
    TZ_COL_DATE,     /* tz_date_cell; TZ_DATE_NONE / IMMEDIATE are errors here */
    TZ_COL_DEADLINE, /* tz_date_cell; NONE and IMMEDIATE are valid */
    TZ_COL_ENUM,     /* one of values[] */
    TZ_COL_STATE,    /* values[] are exactly the three tz_state, in that order */
    TZ_COL_CATEGORY, /* values[] from the campaign's categories; other_value = 其他 */
    TZ_COL_IGNORE,   /* a known header whose values are not kept (computed columns) */
    TZ_COL_TIME      /* a time of day: tz_time_cell, seconds since midnight, stored HH:MM:SS */
} tz_col_type;

/* The problem states of docs/schemas.md: values[] index of a TZ_COL_STATE column. */
typedef enum { TZ_STATE_OPEN = 0, TZ_STATE_IN_PROGRESS, TZ_STATE_CLOSED } tz_state;

/* The columns the program itself reads (the checks of the recogniser, the
 * loader's unit and matching key), whatever a campaign keys them: `role =`
 * in schemas.ini, written as the names of tz_col_role_name.  A column keyed
 * like a role (desc, unit …) has it unless another column of its kind
 * declares it. */
typedef enum {
    TZ_CR_NONE = 0,
    TZ_CR_UNIT,        /* unit: the row's base unit (基层单位, a roll-up's 单位 column) */
    TZ_CR_VIA,         /* via: a ledger's 上报单位, the reporting unit one level down */
    TZ_CR_PATH,        /* path: a ledger's 上报路径, the reporting units below that */
    TZ_CR_DESC,        /* desc: a problem's identity across rows and periods */
    TZ_CR_SEQ,         /* seq */
    TZ_CR_STATUS,      /* status */
    TZ_CR_DEADLINE,    /* deadline */
    TZ_CR_DONE_DATE,   /* done_date */
    TZ_CR_VOTERS,      /* voters */
    TZ_CR_TIMES,       /* times */
    TZ_CR_PERSONS,     /* persons */
    TZ_CR_SATISFIED,   /* satisfied: 满意 of a rating */
    TZ_CR_BASIC,       /* basic: 基本满意 */
    TZ_CR_UNSATISFIED, /* unsatisfied: 不满意 */
    TZ_CR_COUNT
} tz_col_role;

typedef struct {
    const char *key;      /* SQL column name: [a-z][a-z0-9_]*, unique in its kind */
    tz_col_role role;     /* as declared with `role =`; TZ_CR_NONE when not */
    const char *header;   /* header as written in the schema (template, ledger) */
    const char **aliases; /* further header texts, as written */
    size_t naliases;
    const char **keys; /* tz_norm of header and aliases (matching) */
    size_t nkeys;
    tz_col_type type;
    int required;
    tz_enum_item *values; /* ENUM, STATE, CATEGORY; for STATE value is
                                 open/in_progress/closed and label the first alias */
    size_t nvalues;
    int empty_value; /* values[] index an empty cell stands for, or -1 */
    int other_value; /* CATEGORY: index of 其他 (unknown categories count
                                 there, with a warning); -1 otherwise */
} tz_column;

typedef struct {
    const char *key;     /* table name, the ini section */
    const char *name;    /* 问题清单 */
    const char **sheets; /* sheet names as written (name included) */
    size_t nsheets;
    const char **sheet_keys; /* their tz_norm keys */
    int office;              /* kept by the office: no 填报单位 expected */
    const char *accumulate;  /* NULL, or the key of a date column: rows add up across a
                                 unit's workbooks, one per reporting week of that date */
    int accumulate_col;      /* that column's index, or -1 */
    tz_column *columns;      /* file order */
    size_t ncolumns;
} tz_kind;

typedef struct {
    const char *path;
    tz_kind *kinds; /* file order */
    size_t nkinds;
    const char **skip_keys; /* tz_norm keys of [skip] sheets, then of [skip] derived */
    size_t nskip, nskip_plain;
    tz_arena arena;
} tz_schema;

/*
 * Loads and validates `path`.  `categories` (the campaign's, e.g. 庸 懒 散 软;
 * each may be "name|alias|alias") become the values of every category column,
 * with 其他 added when missing.  Returns 0 and *out (free with
 * tz_schema_free), or -1 after tz_error() named the file, the line and the
 * section: unreadable or malformed file, a section given twice, an unknown
 * key or type, a bad column key, a kind without columns, an enum without
 * values, a state column without exactly open/in_progress/closed, an alias
 * that two columns of one kind share, a sheet name two kinds share, an
 * unknown role or one that two columns of one kind declare.
 */
int tz_schema_load(const char *path, const char *const *categories, size_t ncat, tz_schema **out);
void tz_schema_free(tz_schema *s);

/* The kind whose table name is `key`, or NULL. */
const tz_kind *tz_schema_kind(const tz_schema *s, const char *key);

/*
 * The kind a sheet is by its name, or NULL (then look at its header row).
 * The name's key must equal one of the kind's sheet names; failing that, the
 * key with tz_norm_strip applied (so "问题清单（2017）" is 问题清单).
 */
const tz_kind *tz_schema_kind_by_sheet(const tz_schema *s, const char *name, size_t len);

/* Whether a sheet is listed in [skip] and must not be read at all: `sheets`
 * (instructions) or `derived` (what taizhang computes into a ledger: 汇总,
 * 超期问题 …, never read back as data).  "名称（2）" is 名称. */
typedef enum { TZ_SKIP_NONE = 0, TZ_SKIP_PLAIN, TZ_SKIP_DERIVED } tz_skip;
tz_skip tz_schema_skip_sheet(const tz_schema *s, const char *name, size_t len);

/*
 * A header cell's text prepared once for matching against every kind:
 * `full` is its tz_norm key — line breaks and spaces gone, so
 * "问题描述\n（具体表现）" is "问题描述(具体表现)" — and `bare` the same with
 * tz_norm_strip applied ("问题描述").  Both live in the arena.
 */
typedef struct {
    const char *full;
    const char *bare;
} tz_header;

void tz_header_prepare(tz_header *h, tz_arena *a, const char *text, size_t len);

/*
 * The column of kind k that a header names, or -1.  An exact match of `full`
 * against a header or alias wins (*rank = 0: "金额(元)" is an alias of its
 * own); else `bare` is tried (*rank = 1).  When two cells of one header row
 * name the same column, the recogniser keeps the lower rank, then the left
 * one, and treats the other as an unknown column (a roll-up 问题台账 that has
 * both 整改状态 and 状态 reads 整改状态).  rank may be NULL.
 */
int tz_kind_column(const tz_kind *k, const tz_header *h, int *rank);

/* The column with SQL name `key`, or -1. */
int tz_kind_column_by_key(const tz_kind *k, const char *key);

/* The column of kind k that has role r (tz_col_role: declared, else by its
 * key), or -1. */
int tz_kind_column_by_role(const tz_kind *k, tz_col_role r);

/* "desc", "unit", … as written after `role =`; NULL for TZ_CR_NONE. */
const char *tz_col_role_name(tz_col_role r);

/*
 * The values[] index a text names in an ENUM, STATE or CATEGORY column
 * (tz_enum_match), or -1 when it names none (for a category: the caller
 * warns and counts it under other_value).  Text that is empty after
 * normalisation gives c->empty_value (for the problem state: open).
 */
int tz_column_value(const tz_column *c, const char *text, size_t len);

/* "text", "int", … as written in the ini file. */
const char *tz_col_type_name(tz_col_type t);

#endif
