/* batch.c — see batch.h. */
#include "batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"

enum { MAX_THREADS = 8 };

typedef struct {
    tz_batch *b;
    tz_recognise_ctx ctx;
    tz_issues *file_issues;       /* one list per file, merged in file order */
    atomic_size_t next;
    atomic_size_t done;
    pthread_mutex_t progress_lock;
    int tty;
} work;

static void show_progress(work *w, size_t i)
{
    size_t done = atomic_fetch_add(&w->done, 1) + 1;
    size_t n = w->b->files.len;
    if (!w->tty)
        return;
    pthread_mutex_lock(&w->progress_lock);
    fprintf(stderr, "\r\033[K[%3zu/%zu] 读取 %s", done, n, w->b->files.files[i].rel);
    if (done == n)
        fputc('\n', stderr);
    pthread_mutex_unlock(&w->progress_lock);
}

static void *worker(void *arg)
{
    work *w = arg;
    tz_batch *b = w->b;
    for (;;) {
        size_t i = atomic_fetch_add(&w->next, 1);
        if (i >= b->files.len)
            break;
        const tz_inputfile *f = &b->files.files[i];
        tz_book *book = NULL;
        tz_book_read(f->path, f->rel, &b->cfg->limits, &book, &w->file_issues[i]);
        tz_recognise_book(&w->ctx, book, f, &b->subs[i], &w->file_issues[i]);
        tz_book_free(book);
        show_progress(w, i);
    }
    return NULL;
}

int tz_batch_load(tz_batch *b, tz_config *cfg)
{
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    const char *schema_path = tz_config_find_template(cfg, "schemas.ini");
    if (!schema_path)
        return tz_error("找不到表种定义 schemas.ini（已查找：%s 等 %zu 个模板文件夹）",
                        cfg->ntemplate_path ? cfg->template_path[0] : cfg->templates_dir,
                        cfg->ntemplate_path);
    if (tz_schema_load(schema_path, cfg->categories, cfg->ncategories, &b->schema) != 0)
        return -1;
    if (tz_input_list(cfg->input_dir, cfg->output_dir, &b->files) != 0)
        return -1;

    size_t n = b->files.len;
    b->subs = tz_xcalloc(n ? n : 1, sizeof *b->subs);
    work w = {.b = b, .tty = isatty(STDERR_FILENO)};
    tz_recognise_ctx_init(&w.ctx, cfg, b->schema);
    w.file_issues = tz_xcalloc(n ? n : 1, sizeof *w.file_issues);
    atomic_init(&w.next, 0);
    atomic_init(&w.done, 0);
    pthread_mutex_init(&w.progress_lock, NULL);
    if (!w.tty)
        fprintf(stderr, "读取：%zu 个文件\n", n);

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (size_t)cores;
    if (nthreads > n)
        nthreads = n ? n : 1;
    pthread_t threads[MAX_THREADS];
    size_t started = 0;
    for (size_t t = 1; t < nthreads; t++)
        if (pthread_create(&threads[started], NULL, worker, &w) == 0)
            started++;
    worker(&w);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&w.progress_lock);

    for (size_t i = 0; i < n; i++) {
        if (b->subs[i].role == TZ_ROLE_REJECTED && b->subs[i].nsheets == 0)
            b->unreadable += w.file_issues[i].len > 0 && w.file_issues[i].items[0].code[0] == 'E'
                             && strncmp(w.file_issues[i].items[0].code, "E-UNIT", 6) != 0;
        tz_issues_append(&b->issues, &w.file_issues[i]);
    }
    free(w.file_issues);
    tz_recognise_ctx_free(&w.ctx);
    tz_recognise_finish(b->subs, n, &b->issues);
    return 0;
}

void tz_batch_drop_records(tz_batch *b)
{
    for (size_t i = 0; i < b->files.len; i++)
        tz_submission_drop_records(&b->subs[i]);
}

void tz_batch_free(tz_batch *b)
{
    for (size_t i = 0; i < b->files.len; i++)
        tz_submission_free(&b->subs[i]);
    free(b->subs);
    tz_filelist_free(&b->files);
    tz_issues_free(&b->issues);
    if (b->schema)
        tz_schema_free(b->schema);
    memset(b, 0, sizeof *b);
}

static void print_group(const tz_batch *b, FILE *out, const char *unit, const char *title)
{
    size_t n = 0, e = 0, w = 0;
    for (size_t i = 0; i < b->issues.len; i++) {
        const tz_issue *is = &b->issues.items[i];
        if (strcmp(is->unit, unit) == 0) {
            n++;
            e += is->severity == TZ_SEV_ERROR;
            w += is->severity == TZ_SEV_WARNING;
        }
    }
    if (!n)
        return;
    fprintf(out, "%s（错误 %zu 条，警告 %zu 条，提示 %zu 条）\n", title, e, w, n - e - w);
    for (size_t i = 0; i < b->issues.len; i++) {
        if (strcmp(b->issues.items[i].unit, unit) != 0)
            continue;
        fputs("  ", out);
        tz_issue_print(&b->issues.items[i], out);
    }
    fputc('\n', out);
}

void tz_batch_print_issues(const tz_batch *b, FILE *out)
{
    for (size_t u = 0; u < b->cfg->nunits; u++)
        print_group(b, out, b->cfg->units[u].name, b->cfg->units[u].name);
    /* Issues of rows that name a unit outside the list (roll-ups), then of no unit. */
    for (size_t i = 0; i < b->issues.len; i++) {
        const char *unit = b->issues.items[i].unit;
        int known = !*unit;
        for (size_t u = 0; u < b->cfg->nunits && !known; u++)
            known = strcmp(b->cfg->units[u].name, unit) == 0;
        for (size_t k = 0; k < i && !known; k++)
            known = strcmp(b->issues.items[k].unit, unit) == 0;
        if (!known)
            print_group(b, out, unit, unit);
    }
    print_group(b, out, "", "未确定单位的文件");
}

void tz_batch_print_tsv(const tz_batch *b, FILE *out)
{
    for (size_t i = 0; i < b->issues.len; i++) {
        const tz_issue *is = &b->issues.items[i];
        const char *fields[] = {tz_severity_en(is->severity), is->code, is->unit, is->file,
                                is->sheet, is->cell, is->message};
        for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
            if (k)
                fputc('\t', out);
            tz_put_escaped(fields[k], out);
        }
        fputc('\n', out);
    }
}

void tz_batch_print_rows(const tz_batch *b, FILE *out)
{
    static const char *const roles[] = {"", "单位名单", "办公室登记", "未采用"};
    tz_rowcount total = {0};
    size_t units_seen = 0;
    fprintf(out, "数据行（读取 = 计入 + 退回 + 被取代）：\n");
    for (size_t i = 0; i < b->files.len; i++) {
        const tz_submission *s = &b->subs[i];
        tz_rowcount rc = tz_submission_rows(s);
        total.read += rc.read;
        total.kept += rc.kept;
        total.rejected += rc.rejected;
        total.superseded += rc.superseded;
        fprintf(out, "  %s  %s", s->file, s->unit_name ? s->unit_name : roles[s->role]);
        if (s->role == TZ_ROLE_UNITS || (s->role == TZ_ROLE_REJECTED && !s->nsheets)) {
            fputc('\n', out);
            continue;
        }
        fputs("  ", out);
        for (size_t k = 0; k < s->nsheets; k++)
            fprintf(out, "%s%s", k ? "、" : "", s->sheets[k].kind->name);
        fprintf(out, "  读取 %zu = 计入 %zu + 退回 %zu + 被取代 %zu\n", rc.read, rc.kept, rc.rejected,
                rc.superseded);
    }
    for (size_t u = 0; u < b->cfg->nunits; u++) {
        int seen = 0;
        for (size_t i = 0; i < b->files.len && !seen; i++)
            seen = b->subs[i].unit == (int)u && b->subs[i].role == TZ_ROLE_SUBMISSION;
        units_seen += seen;
    }
    fprintf(out, "合计：%zu 个文件（%zu 个无法读取），%zu/%zu 个单位报送；数据行读取 %zu = 计入 %zu + 退回 %zu + 被取代 %zu；"
                 "错误 %zu 条，警告 %zu 条，提示 %zu 条。\n",
            b->files.len, b->unreadable, units_seen, b->cfg->nunits, total.read, total.kept,
            total.rejected, total.superseded, tz_issues_count(&b->issues, TZ_SEV_ERROR),
            tz_issues_count(&b->issues, TZ_SEV_WARNING), tz_issues_count(&b->issues, TZ_SEV_INFO));
}
