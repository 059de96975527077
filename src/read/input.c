/* input.c — see input.h. */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <limits.h>

#include "issue.h"
#include "syserr.h"

enum { MAX_DEPTH = 16 };

static int skip_name(const char *name)
{
    return name[0] == '.' || strncmp(name, "~$", 2) == 0;
}

static int same_dir(const char *path, const char *resolved_output)
{
    char buf[PATH_MAX];
    return resolved_output && realpath(path, buf) && strcmp(buf, resolved_output) == 0;
}

/* path and rel already live in out->arena. */
static void add_file(tz_filelist *out, const char *path, const char *rel, const struct stat *st)
{
    if (out->len == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 32;
        out->files = tz_xrealloc(out->files, out->cap * sizeof *out->files);
    }
    tz_inputfile *f = &out->files[out->len++];
    f->path = path;
    f->rel = rel;
    f->size = st ? (uint64_t)st->st_size : 0;
    f->mtime = st ? (int64_t)st->st_mtime : 0;
}

static int walk(tz_filelist *out, const char *dir, const char *rel, const char *resolved_output, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (skip_name(e->d_name)) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                out->skipped++;
            continue;
        }
        char *path = tz_arena_printf(&out->arena, "%s/%s", dir, e->d_name);
        char *sub = *rel ? tz_arena_printf(&out->arena, "%s/%s", rel, e->d_name)
                         : tz_arena_strdup(&out->arena, e->d_name);
        struct stat lst, st;
        if (lstat(path, &lst) != 0)
            continue;
        if (S_ISDIR(lst.st_mode)) {
            /* A folder named like a workbook is still reported: the office
             * should see that "x.xlsx" is not a file. */
            const char *dot = strrchr(e->d_name, '.');
            if (dot && (strcasecmp(dot, ".xls") == 0 || strcasecmp(dot, ".xlsx") == 0 ||
                        strcasecmp(dot, ".csv") == 0))
                add_file(out, path, sub, NULL);
            else if (depth < MAX_DEPTH && !same_dir(path, resolved_output))
                if (walk(out, path, sub, resolved_output, depth + 1) != 0)
                    /* Its files would otherwise vanish from the batch unseen. */
                    tz_warn("无法读取输入子文件夹 %s：%s，其中的文件未读取", sub, tz_strerror(errno));
            continue;
        }
        /* Links to files are read (the reader reports loops); links to folders are not followed. */
        if (S_ISLNK(lst.st_mode) && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            continue;
        add_file(out, path, sub, S_ISREG(lst.st_mode) ? &lst : (stat(path, &st) == 0 ? &st : NULL));
    }
    closedir(d);
    return 0;
}

static int by_rel(const void *a, const void *b)
{
    return strcmp(((const tz_inputfile *)a)->rel, ((const tz_inputfile *)b)->rel);
}

int tz_input_list(const char *dir, const char *output_dir, tz_filelist *out)
{
    memset(out, 0, sizeof *out);
    char resolved[PATH_MAX];
    const char *ro = output_dir && realpath(output_dir, resolved) ? resolved : NULL;
    if (walk(out, dir, "", ro, 0) != 0)
        return tz_error("无法读取输入文件夹 %s：%s", dir, tz_strerror(errno));
    if (out->len > 1)
        qsort(out->files, out->len, sizeof *out->files, by_rel);
    return 0;
}

int tz_input_require(const tz_filelist *list, const char *dir, const char *units_file)
{
    char units[PATH_MAX], real[PATH_MAX];
    int have_units = units_file && realpath(units_file, units);
    for (size_t i = 0; i < list->len; i++)
        if (!have_units || !realpath(list->files[i].path, real) || strcmp(real, units) != 0)
            return 0;
    return tz_error("输入文件夹 %s 中没有单位报送的工作簿（不算 ~$ 开头的临时文件、隐藏文件、输出文件夹%s）："
                    "请把各单位的工作簿放进这个文件夹；没有写任何文件",
                    dir, have_units ? "和单位名单" : "");
}

void tz_filelist_free(tz_filelist *list)
{
    free(list->files);
    tz_arena_free(&list->arena);
    memset(list, 0, sizeof *list);
}
