/* run.c — see run.h. */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "compute.h"
#include "history.h"
#include "load.h"
#include "render_pdf.h"
#include "render_xlsx.h"
#include "syserr.h"
#include "trace.h"

static const char CORRECTIONS[] = "退回修改";

/* ---- files and folders ------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes a folder and everything in it; a missing folder is fine. */
static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int make_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) == 0)
        return 0;
    struct stat st;
    if (errno != EEXIST || stat(buf, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR; /* a file where the folder should be */
        return -1;
    }
    return 0;
}

/* ---- the lock ----------------------------------------------------------------- */

typedef struct {
    int fd;
    char path[4096];
} run_lock;

/*
 * An flock on <output>/.<period>.lock: the kernel drops it when the process
 * dies, so a lock file whose flock is free was left by a dead run.  The pid
 * inside is only for messages.  `quiet`: no message (another period's lock,
 * taken in passing); returns 0 when taken, else -1.
 */
static int lock_take(run_lock *l, const char *output_dir, const char *period, int quiet)
{
    snprintf(l->path, sizeof l->path, "%s/.%s.lock", output_dir, period);
    for (int attempt = 0; attempt < 3; attempt++) {
        l->fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (l->fd < 0)
            return quiet ? -1 : tz_error("无法创建锁文件 %s：%s", l->path, tz_strerror(errno));
        char pid[32] = "";
        ssize_t n = read(l->fd, pid, sizeof pid - 1);
        pid[n > 0 ? n : 0] = 0;
        pid[strcspn(pid, "\n")] = 0;
        if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
            close(l->fd);
            return quiet ? -1
                         : tz_error("另一个 taizhang（进程 %s）正在写 %s/%s，请等它结束后再运行",
                                    *pid ? pid : "?", output_dir, period);
        }
        /* The file may have been removed by the run that just finished. */
        struct stat a, b;
        if (fstat(l->fd, &a) != 0 || stat(l->path, &b) != 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
            close(l->fd);
            continue;
        }
        if (*pid && !quiet)
            tz_warn("上次运行（进程 %s）没有正常结束，已接管它留下的锁 %s", pid, l->path);
        char mine[32];
        int len = snprintf(mine, sizeof mine, "%ld\n", (long)getpid());
        if (ftruncate(l->fd, 0) != 0 || pwrite(l->fd, mine, (size_t)len, 0) != len) {
            int saved = errno;
            close(l->fd);
            return quiet ? -1 : tz_error("无法写锁文件 %s：%s", l->path, tz_strerror(saved));
        }
        return 0;
    }
    return quiet ? -1 : tz_error("无法取得锁 %s", l->path);
}

static void lock_release(run_lock *l)
{
    /* Unlink while still holding the flock, so no one else locks the old file. */
    unlink(l->path);
    close(l->fd);
}

/* ---- manifest.json ------------------------------------------------------------ */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Relative paths of every file under `dir` (one level of folders), in byte order. */
static char **list_outputs(const char *dir, size_t *n)
{
    size_t cap = 16;
    char **v = tz_xmalloc(cap * sizeof *v);
    *n = 0;
    const char *subs[] = { "", CORRECTIONS };
    for (size_t s = 0; s < 2; s++) {
        char path[8192];
        snprintf(path, sizeof path, "%s%s%s", dir, *subs[s] ? "/" : "", subs[s]);
        DIR *d = opendir(path);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            char full[16384];
            struct stat st;
            snprintf(full, sizeof full, "%s/%s", path, e->d_name);
            if (e->d_name[0] == '.' || stat(full, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            if (*n == cap)
                v = tz_xrealloc(v, (cap *= 2) * sizeof *v);
            char rel[4096];
            snprintf(rel, sizeof rel, "%s%s%s", subs[s], *subs[s] ? "/" : "", e->d_name);
            v[(*n)++] = tz_xstrdup(rel);
        }
        closedir(d);
    }
    qsort(v, *n, sizeof *v, by_name);
    return v;
}

/* What manifest.json says beyond the batch: the history snapshot and the
 * later period this re-run makes out of date (NULL: none). */
typedef struct {
    const tz_history_txn *history;
    const char *stale;
    const tz_val *overdue;
} manifest_extra;

static int write_manifest(const tz_config *cfg, const tz_batch *b, const char *dir, const manifest_extra *x)
{
    const tz_val *overdue = x->overdue;
    char path[8192];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return tz_error("无法创建 %s：%s", path, tz_strerror(errno));
    char day[16];
    fputs("{\n  \"campaign\": ", f);
    json_str(f, cfg->name);
    fputs(",\n  \"period\": ", f);
    json_str(f, cfg->period);
    fprintf(f, ",\n  \"as_of\": \"%s\",\n  \"stale_periods\": [", tz_day_iso(day, cfg->as_of));
    if (x->stale)
        json_str(f, x->stale);
    fprintf(f, "],\n  \"history\": {\"problems\": %d, \"sha256\": \"%s\"},\n  \"inputs\": [",
            tz_history_problems(x->history), tz_history_sha256(x->history));
    tz_rowcount total = { 0 };
    int rc = 0;
    for (size_t i = 0; i < b->files.len; i++) {
        const tz_inputfile *in = &b->files.files[i];
        const tz_submission *s = &b->subs[i];
        char hex[65];
        uint64_t size;
        if (tz_file_sha256(in->path, hex, &size) != 0) {
            rc = tz_error("无法读取 %s 以计算校验和", in->path);
            break;
        }
        tz_rowcount r = tz_submission_rows(s);
        tz_rowcount_add(&total, r);
        fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
        json_str(f, in->rel);
        fprintf(f, ", \"size\": %llu, \"sha256\": \"%s\", \"role\": \"%s\", \"unit\": ",
                (unsigned long long)size, hex, tz_role_name(s->role));
        if (s->unit_name)
            json_str(f, s->unit_name);
        else
            fputs("null", f);
        fputs(", \"kinds\": [", f);
        const tz_kind *kinds[TZ_SCHEMA_MAX_KINDS];
        size_t nk = tz_submission_kinds(s, kinds, TZ_SCHEMA_MAX_KINDS);
        for (size_t k = 0; k < nk; k++) {
            fputs(k ? ", " : "", f);
            json_str(f, kinds[k]->name);
        }
        fprintf(f, "], \"rows\": {\"read\": %zu, \"kept\": %zu, \"rejected\": %zu, \"superseded\": %zu}}",
                r.read, r.kept, r.rejected, r.superseded);
    }
    fputs("\n  ],\n  \"outputs\": [", f);
    size_t n = 0;
    char **outs = list_outputs(dir, &n);
    size_t written = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (strcmp(outs[i], "manifest.json") == 0)
            continue;
        char full[8192], hex[65];
        uint64_t size;
        snprintf(full, sizeof full, "%s/%s", dir, outs[i]);
        if (tz_file_sha256(full, hex, &size) != 0) {
            rc = tz_error("无法读取 %s 以计算校验和", full);
            break;
        }
        fprintf(f, "%s\n    {\"path\": ", written++ ? "," : "");
        json_str(f, outs[i]);
        fprintf(f, ", \"size\": %llu, \"sha256\": \"%s\"}", (unsigned long long)size, hex);
    }
    for (size_t i = 0; i < n; i++)
        free(outs[i]);
    free(outs);
    size_t units = tz_batch_units_submitted(b);
    fprintf(
        f,
        "\n  ],\n  \"totals\": {\"files\": %zu, \"unreadable\": %zu, \"units\": %zu, \"units_submitted\": %zu, "
        "\"rows_read\": %zu, \"rows_kept\": %zu, \"rows_rejected\": %zu, \"rows_superseded\": %zu, "
        "\"errors\": %zu, \"warnings\": %zu, \"infos\": %zu, \"overdue\": ",
        b->files.len, b->unreadable, cfg->nunits, units, total.read, total.kept, total.rejected,
        total.superseded, tz_issues_count(&b->issues, TZ_SEV_ERROR),
        tz_issues_count(&b->issues, TZ_SEV_WARNING), tz_issues_count(&b->issues, TZ_SEV_INFO));
    if (overdue && overdue->type == TZ_VAL_INT)
        fprintf(f, "%lld", (long long)overdue->i);
    else
        fputs("null", f);
    fputs("}\n}\n", f);
    if (fclose(f) != 0 && rc == 0)
        rc = tz_error("无法写出 %s：%s", path, tz_strerror(errno));
    return rc;
}

/* ---- the pipeline ------------------------------------------------------------- */

/* The workbooks' data straight from the metrics: the lists are streamed,
 * never held as tables. */
static const tz_table *metric_head(void *ctx, const char *name)
{
    return tz_metrics_head(ctx, name);
}

static int metric_count(void *ctx, const char *name, size_t *n)
{
    return tz_metrics_nrows(ctx, name, n);
}

static tz_cursor *metric_rows(void *ctx, const char *name)
{
    return tz_metrics_rows(ctx, name);
}

static const tz_metric_source metrics_source = { metric_head, metric_count, metric_rows };

typedef struct {
    char tmp[4096], final[4096];
    char ledger[256], pdf[256], docx[256], reminders[256];
    size_t corrections;
} outputs;

/*
 * Work beside the main thread, on the second core: the correction lists
 * (from the issues alone) while the database's views are built, then the
 * ledger (the longest output) while the summary, the reminders and the
 * history are written.  Without a thread the work runs inline.
 */
typedef struct side_job {
    int (*work)(struct side_job *);
    const tz_config *cfg;
    const tz_layout *lay;
    tz_metrics *m;
    const tz_issues *issues;
    char path[8192];
    size_t nfiles;
    pthread_t thread;
    int threaded, rc;
} side_job;

static void *side_main(void *arg)
{
    side_job *j = arg;
    j->rc = j->work(j);
    return NULL;
}

static void side_start(side_job *j)
{
    j->threaded = pthread_create(&j->thread, NULL, side_main, j) == 0;
    if (!j->threaded)
        side_main(j);
}

/* Waits for the job (once started; a job never started is 0).  Returns its result. */
static int side_join(side_job *j)
{
    if (j->threaded)
        pthread_join(j->thread, NULL);
    j->threaded = 0;
    return j->rc;
}

static int write_ledger(side_job *j)
{
    int rc = tz_ledger_write(j->lay, j->cfg, &metrics_source, j->m, j->path);
    tz_trace("汇总台账已写出");
    return rc;
}

static int write_corrections(side_job *j)
{
    if (mkdir(j->path, 0777) != 0)
        return tz_error("无法创建 %s：%s", j->path, tz_strerror(errno));
    if (tz_corrections_write(j->lay, j->cfg, j->issues, j->path, &j->nfiles) != 0)
        return -1;
    if (j->nfiles == 0 && rmdir(j->path) != 0)
        return tz_error("无法删除空文件夹 %s：%s", j->path, tz_strerror(errno));
    tz_trace("退回修改清单已写出");
    return 0;
}

/*
 * A step boundary: traced (TAIZHANG_TRACE), and the test hooks that the
 * crash and lock tests use (tests/t_run.sh): TAIZHANG_KILL_AT=<id> makes
 * the run kill itself with SIGKILL there, TAIZHANG_STOP_AT=<id> stops it
 * (SIGSTOP) until it is continued.  Ids, in order: locked, read, checked,
 * written, staged, swapped, settled, cleaned.
 */
static void boundary(const char *id, const char *step)
{
    if (step) /* NULL: the step just traced its own end */
        tz_trace(step);
    const char *kill_at = getenv("TAIZHANG_KILL_AT"), *stop_at = getenv("TAIZHANG_STOP_AT");
    if (kill_at && !strcmp(kill_at, id))
        raise(SIGKILL);
    if (stop_at && !strcmp(stop_at, id))
        raise(SIGSTOP);
}

/* Puts tmp in place of final in one step: the folder is either the old
 * outputs or the new ones, never half of each.  The old ones are left in
 * tmp (removed once the history is settled). */
static int swap_in(outputs *o)
{
    struct stat st;
    if (stat(o->final, &st) != 0) {
        if (rename(o->tmp, o->final) != 0)
            return tz_error("无法把 %s 改名为 %s：%s", o->tmp, o->final, tz_strerror(errno));
        return 0;
    }
    if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) != 0)
        return tz_error("无法用 %s 替换 %s：%s", o->tmp, o->final, tz_strerror(errno));
    return 0;
}

static void print_summary(const tz_batch *b, const outputs *o, const tz_val *overdue)
{
    fputc('\n', stdout);
    tz_batch_print_rows(b, stdout);
    if (overdue && overdue->type == TZ_VAL_INT)
        printf("超期未完成的问题：%lld 个。\n", (long long)overdue->i);
    printf("输出文件（%s）：\n  %s\n  %s\n  %s\n  %s\n", o->final, o->ledger, o->pdf, o->docx, o->reminders);
    if (o->corrections)
        printf("  %s/（%zu 个单位的退回修改清单）\n", CORRECTIONS, o->corrections);
    printf("  manifest.json\n");
}

/* Everything a run holds; tz_run frees it on every path. */
typedef struct {
    tz_batch b;
    tz_loader *loader;
    char db_path[4096]; /* the working database: a file, so the ledger can have its own connection */
    sqlite3 *db, *ledger_db;
    tz_metrics *m, *ledger_m;
    tz_layout *lay;
    run_lock lock;
    int locked;
    outputs o;
    side_job corrections, ledger;
    tz_history_txn *history;
    char *stale;          /* the later period this re-run makes out of date */
    char stale_as_of[16]; /* and the as_of it was run with */
    int writing;          /* outputs are being written: a failure leaves the old ones */
} run_state;

/* Reads every file into the database while the correction lists are
 * written beside it.  Returns 0, or an exit code. */
static int read_inputs(run_state *r, tz_config *cfg)
{
    if (tz_loader_open(&r->loader, r->db_path, r->b.schema) != 0)
        return TZ_EXIT_USAGE;
    if (tz_batch_read(&r->b, tz_loader_add, r->loader) != 0)
        return TZ_EXIT_USAGE;
    r->corrections =
        (side_job){ .work = write_corrections, .cfg = cfg, .lay = r->lay, .issues = &r->b.issues };
    snprintf(r->corrections.path, sizeof r->corrections.path, "%s/%s", r->o.tmp, CORRECTIONS);
    side_start(&r->corrections);
    tz_loader *ld = r->loader;
    r->loader = NULL;
    return tz_loader_finish(ld, cfg, &r->b, &r->db) == 0 ? 0 : TZ_EXIT_USAGE;
}

/* Writes every output into o.tmp, manifest.json last, and stages the
 * history snapshot, committed (still waiting for the swap) with the
 * manifest's SHA-256.  Returns 0 or an exit code: TZ_EXIT_USAGE when the
 * summary template is wrong (found while the ledger is already being
 * written; the outputs in place are untouched either way). */
static int write_outputs(run_state *r, tz_config *cfg, const char *pdf_template, const tz_val *overdue)
{
    outputs *o = &r->o;
    fprintf(stderr, "写出：%s\n", o->final);
    r->ledger = (side_job){ .work = write_ledger, .cfg = cfg, .lay = r->lay, .m = r->ledger_m };
    snprintf(r->ledger.path, sizeof r->ledger.path, "%s/%s", o->tmp, o->ledger);
    side_start(&r->ledger);

    char path[8192];
    int usage = tz_pdf_check(cfg, r->m, pdf_template) != 0;
    int rc = usage ? -1 : 0;
    snprintf(path, sizeof path, "%s/%s", o->tmp, o->pdf);
    if (rc == 0)
        rc = tz_pdf_render(cfg, r->m, pdf_template, path);
    snprintf(path, sizeof path, "%s/%s", o->tmp, o->docx);
    if (rc == 0)
        rc = tz_docx_render(cfg, r->m, pdf_template, path);
    tz_trace("阶段总结已写出");
    snprintf(path, sizeof path, "%s/%s", o->tmp, o->reminders);
    if (rc == 0)
        rc = tz_reminders_write(r->lay, cfg, &metrics_source, r->m, path);
    if (rc == 0)
        rc = tz_history_stage(r->db, cfg, &r->history);
    tz_trace("历史记录已暂存");
    int ledger_rc = side_join(&r->ledger), corrections_rc = side_join(&r->corrections);
    o->corrections = r->corrections.nfiles;
    if (rc != 0 || ledger_rc != 0 || corrections_rc != 0)
        return usage ? TZ_EXIT_USAGE : TZ_EXIT_OUTPUT;
    manifest_extra x = { r->history, r->stale, overdue };
    char hex[65];
    snprintf(path, sizeof path, "%s/manifest.json", o->tmp);
    if (write_manifest(cfg, &r->b, o->tmp, &x) != 0)
        return TZ_EXIT_OUTPUT;
    if (tz_file_sha256(path, hex, NULL) != 0)
        return tz_error("无法读取 %s：%s", path, tz_strerror(errno)), TZ_EXIT_OUTPUT;
    boundary("written", "输出已写出");
    tz_history_txn *history = r->history;
    r->history = NULL;
    return tz_history_commit(history, hex) == 0 ? 0 : TZ_EXIT_OUTPUT;
}

/*
 * Finishes what stopped runs left in history.db (tz_history_settle): this
 * period's, under the lock this run holds, and any other period's whose
 * lock is free (a period being run now is left to its run).  Returns 0, or
 * -1 after tz_error().
 */
static int settle_all(const tz_config *cfg)
{
    char **periods;
    size_t n;
    if (tz_history_staged(cfg, &periods, &n) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int own = !strcmp(periods[i], cfg->period);
        run_lock other;
        if (!own && lock_take(&other, cfg->output_dir, periods[i], 1) != 0)
            continue;
        int settled = tz_history_settle(cfg, periods[i]);
        if (!own)
            lock_release(&other);
        if (settled > 0)
            tz_warn(
                "上次运行已换入 %s/%s 的输出，但在保存历史记录前中断；已按其中的 manifest.json 补存历史记录",
                cfg->output_dir, periods[i]);
        rc = settled < 0 ? -1 : 0;
    }
    for (size_t i = 0; i < n; i++)
        free(periods[i]);
    free(periods);
    return rc;
}

/* Takes the lock (before anything is created or removed: a refused run
 * leaves everything as it was), finishes what a stopped run of this period
 * left, and makes a clean temporary output folder.  Returns 0 or an exit code. */
static int prepare_outputs(run_state *r, const tz_config *cfg)
{
    outputs *o = &r->o;
    if (make_dirs(cfg->output_dir) != 0)
        return tz_error("无法创建输出文件夹 %s：%s", cfg->output_dir, tz_strerror(errno)), TZ_EXIT_OUTPUT;
    if (lock_take(&r->lock, cfg->output_dir, cfg->period, 0) != 0)
        return TZ_EXIT_OUTPUT;
    r->locked = 1;
    boundary("locked", "已加锁");
    if (settle_all(cfg) != 0)
        return TZ_EXIT_OUTPUT;
    if (remove_tree(o->tmp) != 0)
        return tz_error("无法清除上次中断留下的 %s：%s", o->tmp, tz_strerror(errno)), TZ_EXIT_OUTPUT;
    if (mkdir(o->tmp, 0777) != 0)
        return tz_error("无法创建 %s：%s", o->tmp, tz_strerror(errno)), TZ_EXIT_OUTPUT;
    return 0;
}

static void name_outputs(run_state *r, const tz_config *cfg)
{
    outputs *o = &r->o;
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", cfg->output_dir, cfg->period);
    snprintf(o->final, sizeof o->final, "%s/%s", cfg->output_dir, cfg->period);
    snprintf(o->ledger, sizeof o->ledger, "汇总台账_%s.xlsx", cfg->period);
    snprintf(o->pdf, sizeof o->pdf, "阶段总结_%s.pdf", cfg->period);
    snprintf(o->docx, sizeof o->docx, "阶段总结_%s.docx", cfg->period);
    snprintf(o->reminders, sizeof o->reminders, "催报名单_%s.xlsx", cfg->period);
    snprintf(r->db_path, sizeof r->db_path, "%s/.%s.db", cfg->output_dir, cfg->period);
}

static int run_steps(run_state *r, tz_config *cfg)
{
    const char *sql = tz_config_find_template(cfg, "metrics.sql");
    const char *ledger = tz_config_find_template(cfg, "ledger.ini");
    const char *pdf = tz_config_find_template(cfg, cfg->template_name);
    if (!sql || !ledger || !pdf)
        return tz_error("找不到模板文件 %s", !sql      ? "metrics.sql"
                                             : !ledger ? "ledger.ini"
                                                       : cfg->template_name),
               TZ_EXIT_USAGE;
    if (tz_layout_load(&r->lay, ledger) != 0 || tz_batch_open(&r->b, cfg) != 0)
        return TZ_EXIT_USAGE;
    /* An empty input folder never replaces a period's outputs: nothing is touched. */
    if (tz_input_require(&r->b.files, cfg->input_dir, cfg->units_file) != 0)
        return TZ_EXIT_USAGE;
    name_outputs(r, cfg);
    int rc = prepare_outputs(r, cfg);
    if (rc == 0)
        rc = read_inputs(r, cfg);
    if (rc != 0)
        return rc;
    boundary("read", NULL);
    fprintf(stderr, "计算：%s\n", sql);
    if (tz_history_read(r->db, cfg) != 0 || tz_history_next(cfg, &r->stale, r->stale_as_of) != 0)
        return TZ_EXIT_OUTPUT;
    if (tz_metrics_open(&r->m, r->db, sql) != 0 || tz_layout_check(r->lay, &metrics_source, r->m) != 0)
        return TZ_EXIT_USAGE;
    /* The ledger reads through a connection of its own: sharing one, the two
     * threads queue on its lock at every row (about 1 s of a province's run). */
    if (sqlite3_open_v2(r->db_path, &r->ledger_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_exec(r->ledger_db, "PRAGMA cache_size=-16384", NULL, NULL, NULL) != SQLITE_OK)
        return tz_error("无法再次打开工作数据库 %s：%s", r->db_path, tz_sqlite_error(r->ledger_db)),
               TZ_EXIT_OUTPUT;
    if (tz_metrics_open(&r->ledger_m, r->ledger_db, sql) != 0)
        return TZ_EXIT_USAGE;
    /* The ledger's thread is the run's longest: SQLite's part of it (the
     * rows of 问题台账) runs beside it, on a thread of its own. */
    tz_metrics_read_ahead(r->ledger_m);
    boundary("checked", "模板已检查");
    const tz_table *od = tz_metrics_get(r->m, "problems.overdue");
    const tz_val *overdue = od && tz_table_is_scalar(od) ? tz_table_cell(od, 0, 0) : NULL;
    r->writing = 1;
    if ((rc = write_outputs(r, cfg, pdf, overdue)) != 0)
        return rc;
    boundary("staged", "历史记录已提交");
    if (swap_in(&r->o) != 0)
        return TZ_EXIT_OUTPUT;
    r->writing = 0;
    boundary("swapped", "输出已换入");
    /* From the swap on the run has happened: the snapshot counts already
     * (history.h); settling only moves it, and a failure here is finished
     * by the next run. */
    if (tz_history_settle(cfg, cfg->period) < 0)
        tz_warn("历史记录将在下次运行时补存");
    boundary("settled", "历史记录已保存");
    if (remove_tree(r->o.tmp) != 0)
        tz_warn("无法删除旧的输出 %s：%s", r->o.tmp, tz_strerror(errno));
    boundary("cleaned", "旧输出已删除");
    if (r->stale)
        tz_warn(
            "已有更晚的报告期 %s，它的“本期变化”是与 %s 比较得出的：请重新运行 %s（taizhang run --as-of %s）",
            r->stale, cfg->period, r->stale, r->stale_as_of);
    print_summary(&r->b, &r->o, overdue);
    return TZ_EXIT_DONE;
}

int tz_run(tz_config *cfg, int strict)
{
    tz_trace("开始");
    tz_config_print(cfg, stdout);
    run_state r;
    memset(&r, 0, sizeof r);
    int rc = run_steps(&r, cfg);
    /* Whatever failed, the side jobs end before what they use is freed. */
    side_join(&r.ledger);
    side_join(&r.corrections);
    tz_history_abort(r.history);
    /* Only a run holding the lock touches the working files: a refused one
     * must not remove the running one's. */
    if (rc != 0 && r.locked)
        remove_tree(r.o.tmp);
    if (rc == TZ_EXIT_OUTPUT && r.writing)
        tz_error("输出未能写完，%s 保持上次的内容", r.o.final);
    if (rc == 0 && strict && tz_issues_count(&r.b.issues, TZ_SEV_ERROR))
        rc = TZ_EXIT_STRICT;
    tz_loader_free(r.loader);
    tz_layout_free(r.lay);
    if (r.m)
        tz_metrics_free(r.m);
    if (r.ledger_m)
        tz_metrics_free(r.ledger_m);
    sqlite3_close(r.ledger_db);
    sqlite3_close(r.db);
    if (r.locked) {
        unlink(r.db_path);
        lock_release(&r.lock);
    }
    free(r.stale);
    tz_batch_free(&r.b);
    return rc;
}
