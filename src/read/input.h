/*
 * input.h — the files of an input folder, in a fixed order.
 *
 * Walks the folder recursively (symbolic links to folders are not followed,
 * so link loops cannot trap it), skips Office lock files (`~$*`), hidden
 * files and folders (`.*`), and anything inside the output folder.  The list
 * is sorted by relative path (byte order), so runs are deterministic.
 *
 * Ownership: a tz_filelist owns its strings; tz_filelist_free() releases them.
 */
#ifndef TZ_INPUT_H
#define TZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"

typedef struct {
    const char *path; /* openable path (dir + "/" + rel) */
    const char *rel;  /* relative to the input folder: what users see */
    uint64_t size;
    int64_t mtime; /* seconds */
} tz_inputfile;

typedef struct {
    tz_inputfile *files;
    size_t len, cap;
    size_t skipped; /* lock files and hidden files passed over */
    tz_arena arena;
} tz_filelist;

/* Lists `dir`; `output_dir` (may be NULL) is left out.  Returns 0, or -1
 * after tz_error() when `dir` itself cannot be read. */
int tz_input_list(const char *dir, const char *output_dir, tz_filelist *out);
void tz_filelist_free(tz_filelist *list);

/*
 * Whether the list holds a workbook to read: any file but the units list
 * (`units_file`, config's [units] file, may be NULL or outside the folder).
 * Returns 0, or -1 after tz_error() naming the folder `dir`: an empty input
 * folder must never replace a period's outputs with empty ones.
 */
int tz_input_require(const tz_filelist *list, const char *dir, const char *units_file);

#endif
