/*
 * config.h — the campaign described by config.ini (SPEC §3).
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
    char *path;              /* the config file as given */
    char *dir;               /* its folder: relative paths are relative to it */

    /* [campaign] */
    const char *name, *organisation, *office;
    tz_day start, end;
    const char **categories; size_t ncategories;

    /* [report] */
    tz_day as_of;            /* default: today (UTC) */
    const char *period;      /* default: YYYY-MM of as_of */
    const char *title;       /* default: <campaign.name>阶段总结 */
    const char *template_name; /* default: stage_summary.md */
    int template_chosen;     /* 1: `template =` was written; 0: the program picks by the data */
    const char *recipient;   /* 主送机关, e.g. 学院党委 (default: none) */
    int seal;                /* 1 (default): signed for a seal, GB/T 9704 7.3.5.1; 0: 7.3.5.2 */
    int due_soon_days;       /* default 7 */
    double satisfaction_threshold; /* default 0.80 */

    /* [paths], resolved against dir */
    const char *input_dir, *output_dir, *templates_dir;
    /* Where templates are looked for, in order: templates_dir, then the
     * program's own (next to the executable, or PREFIX/share/taizhang/templates). */
    const char **template_path; size_t ntemplate_path;

    /* [stageN], [deliverableN], in N order */
    tz_stage *stages; size_t nstages;
    tz_deliverable *deliverables; size_t ndeliverables;

    /* [weekly] */
    int weekly_enabled;
    tz_day weekly_first;

    /* [units]: inline unitN = 名称|别名,别名 or file = … (read with tz_book_read) */
    const char *units_file;  /* resolved path, NULL when inline */
    tz_unit *units; size_t nunits;

    /* [fonts]: resolved paths, "" when not set (render_pdf picks defaults) */
    const char *font_song, *font_hei, *font_kai, *font_fangsong;

    /* [limits] */
    tz_limits limits;

    tz_arena arena;
} tz_config;

/*
 * Loads `path`.  `as_of_override` (YYYY-MM-DD from --as-of, or NULL),
 * `input_override` and `output_override` (from --input/--output, or NULL)
 * replace the file's values.  Returns 0, or -1 after printing the error
 * (file:LINE, the line itself) with tz_error().  On -1 nothing needs freeing.
 */
int tz_config_load(tz_config *cfg, const char *path, const char *as_of_override,
                   const char *input_override, const char *output_override);
void tz_config_free(tz_config *cfg);

/* Writes a short Chinese description of the loaded campaign (for `run`). */
void tz_config_print(const tz_config *cfg, FILE *out);

/*
 * Finds a template file by name along cfg->template_path; a name with a '/'
 * is taken relative to cfg->dir.  Returns a path in the config's arena, or
 * NULL when no folder has it.
 */
const char *tz_config_find_template(tz_config *cfg, const char *name);

#endif
