/*
 * config.h — the campaign described by config.ini.
 *
 * tz_config_load() reads and validates the whole file before anything else
 * runs; every error names `config.ini:LINE` and shows the line.
 *
 * Ownership: a tz_config owns every string and array in it (one arena);
 * tz_config_free() releases them.
 */
#ifndef TZ_CONFIG_H
#define TZ_CONFIG_H

#include <stddef.h>
#include <stdio.h>
#include "arena.h"
#include "book.h"
#include "xldate.h"

/* A date key that is not set (report.resubmit_by). */
#define TZ_DAY_UNSET INT32_MIN

typedef struct {
    const char *name;
    tz_day start, end;
} tz_stage;

typedef enum { TZ_EVIDENCE_RECEIPT = 0, TZ_EVIDENCE_WORKBOOK } tz_evidence;

typedef struct {
    const char *name;
    tz_day due;
    tz_evidence evidence;
} tz_deliverable;

typedef struct {
    const char *name;
    const char **aliases;
    size_t naliases;
} tz_unit;

typedef struct {
    char *path; /* the config file as given */
    char *dir;  /* its folder: relative paths are relative to it */

    /* [campaign] */
    const char *name, *organisation, *office;
    tz_day start, end;
    const char **categories;
    size_t ncategories;

    /* [report] */
    tz_day as_of;                  /* default: today (UTC) */
    const char *period;            /* YYYY-MM; default: the month of as_of (also with --as-of) */
    const char *title;             /* default: <campaign.name>阶段总结 */
    const char *template_name;     /* default: stage_summary.md */
    int template_chosen;           /* 1: `template =` was written; 0: the program picks by the data */
    const char *recipient;         /* 主送机关, e.g. 学院党委 (default: none) */
    int seal;                      /* 1 (default): signed for a seal, GB/T 9704 7.3.5.1; 0: 7.3.5.2 */
    int due_soon_days;             /* default 7 */
    double satisfaction_threshold; /* default 0.80 */
    int resubmit_days;             /* days a unit has to resubmit; default 5 */
    tz_day resubmit_by;            /* resubmission deadline; default TZ_DAY_UNSET */
    const char *contact;           /* contact person and phone; default "" */

    /* [paths], resolved against dir */
    const char *input_dir, *output_dir, *templates_dir;
    /* Where templates are looked for, in order: templates_dir, then the
     * program's own (next to the executable, or PREFIX/share/taizhang/templates). */
    const char **template_path;
    size_t ntemplate_path;

    /* [stageN], [deliverableN], in N order */
    tz_stage *stages;
    size_t nstages;
    tz_deliverable *deliverables;
    size_t ndeliverables;

    /* [weekly] */
    int weekly_enabled;
    tz_day weekly_first;

    /* [units]: inline unitN = 名称|别名,别名 or file = … (read with tz_book_read) */
    const char *units_file; /* resolved path, NULL when inline */
    tz_unit *units;
    size_t nunits;

    /* [fonts]: resolved paths, "" when not set (render_pdf picks defaults) */
    const char *font_song, *font_hei, *font_kai, *font_fangsong;

    /* [limits] */
    tz_limits limits;

    tz_arena arena;
} tz_config;

/* What the command line sets over the file (NULL: not given). */
typedef struct {
    const char *as_of;          /* --as-of YYYY-MM-DD: also sets the period, unless --period */
    const char *period;         /* --period YYYY-MM */
    const char *input, *output; /* --input / --output, relative to the cwd */
} tz_config_args;

/*
 * Loads `path` with the command line's values over the file's.  Every
 * problem is collected (config.ini:LINE, the line itself, and for a typo'd
 * key the one it probably meant) and printed with tz_error() in line order;
 * then returns -1.  Unknown sections and keys are errors, and so is an
 * as_of before the campaign start, more than 31 days after its end, or
 * outside a period that is set.  Returns 0; on -1 nothing needs freeing.
 */
int tz_config_load_args(tz_config *cfg, const char *path, const tz_config_args *args);

/* tz_config_load_args with as_of, input and output only (tests, fuzzers). */
int tz_config_load(tz_config *cfg, const char *path, const char *as_of_override, const char *input_override,
                   const char *output_override);
void tz_config_free(tz_config *cfg);

/* A campaign's last month is reported after it ends: as_of may be up to
 * this many days after [campaign] end, and no later. */
#define TZ_AS_OF_GRACE_DAYS 31

/* The day units must resubmit by, as the correction lists say: [report]
 * resubmit_by, else as_of + resubmit_days. */
tz_day tz_config_resubmit_by(const tz_config *cfg);

/* Writes a short Chinese description of the loaded campaign (for `run`). */
void tz_config_print(const tz_config *cfg, FILE *out);

/*
 * Finds a template file by name along cfg->template_path; a name with a '/'
 * is taken relative to cfg->dir.  Returns a path in the config's arena, or
 * NULL when no folder has it.
 */
const char *tz_config_find_template(tz_config *cfg, const char *name);
/* A template file (views.sql, metrics.sql, a summary template) larger than
 * this is refused: none is near it, and it is read whole. */
#define TZ_TEMPLATE_MAX_BYTES (16u << 20)

#endif
