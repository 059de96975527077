/* batch.c — see batch.h. */
#include "batch.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "trace.h"

enum { MAX_THREADS = 8 };

/* Files read ahead of the one being handed to the sink: bounds how many
 * workbooks' records are held at once however many files there are. */
enum { WINDOW_PER_THREAD = 4 };

typedef struct {
    tz_batch *b;
    tz_recognise_ctx ctx;
    tz_issues *file_issues; /* one list per file, merged in file order */
    unsigned char *ready;   /* per file: recognised, waiting for the sink */
    size_t next;            /* the next file to read */
    size_t consumed;        /* files handed to the sink so far */
    size_t window;
    size_t done;
    int stop; /* the sink failed: read no more */
    pthread_mutex_t lock;
    pthread_cond_t room, recognised;
    int tty;
} work;

/* Called with the lock held. */
static void show_progress(work *w, size_t i)
{
    size_t n = w->b->files.len;
    w->done++;
    if (!w->tty)
        return;
    fprintf(stderr, "\r\033[K[%3zu/%zu] 读取 %s", w->done, n, w->b->files.files[i].rel);
    if (w->done == n)
        fputc('\n', stderr);
}

/* The reader's warnings about a file it read (a cell cut at the limit …)
 * come before the file's unit is known: once it is, they are that unit's,
 * so that its correction list has them.  n: how many came from the reader. */
static void own_reader_issues(tz_issues *list, size_t n, const char *unit)
{
    if (!unit)
        return;
    for (size_t k = 0; k < n && k < list->len; k++)
        if (!list->items[k].unit[0])
            list->items[k].unit = tz_arena_strdup(&list->arena, unit);
}

static void *worker(void *arg)
{
    work *w = arg;
    tz_batch *b = w->b;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->stop && w->next < b->files.len && w->next >= w->consumed + w->window)
            pthread_cond_wait(&w->room, &w->lock);
        size_t i = w->next;
        if (w->stop || i >= b->files.len) {
            pthread_mutex_unlock(&w->lock);
            break;
        }
        w->next++;
        pthread_mutex_unlock(&w->lock);

        const tz_inputfile *f = &b->files.files[i];
        tz_book *book = NULL;
        tz_book_read(f->path, f->rel, &b->cfg->limits, &book, &w->file_issues[i]);
        size_t nread = w->file_issues[i].len;
        tz_recognise_book(&w->ctx, book, f, &b->subs[i], &w->file_issues[i]);
        own_reader_issues(&w->file_issues[i], nread, b->subs[i].unit_name);
        tz_book_free(book);
        if (!book && b->subs[i].unit_name) {
            /* An unreadable file is the unit's to fix: its name told whose. */
            tz_issues *fi = &w->file_issues[i];
            for (size_t k = 0; k < fi->len; k++)
                if (!*fi->items[k].unit)
                    fi->items[k].unit = b->subs[i].unit_name;
        }

        pthread_mutex_lock(&w->lock);
        w->ready[i] = 1;
        show_progress(w, i);
        pthread_cond_signal(&w->recognised);
        pthread_mutex_unlock(&w->lock);
    }
    return NULL;
}

int tz_batch_open(tz_batch *b, tz_config *cfg)
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
    b->subs = tz_xcalloc(b->files.len ? b->files.len : 1, sizeof *b->subs);
    return 0;
}

/* Hands the files to the sink in file order as the readers finish them. */
static int consume(work *w, tz_batch_sink sink, void *sink_ctx)
{
    tz_batch *b = w->b;
    int rc = 0;
    for (size_t i = 0; i < b->files.len; i++) {
        pthread_mutex_lock(&w->lock);
        while (!w->ready[i])
            pthread_cond_wait(&w->recognised, &w->lock);
        pthread_mutex_unlock(&w->lock);
        if (sink && rc == 0)
            rc = sink(sink_ctx, i, &b->subs[i]);
        tz_submission_drop_records(&b->subs[i]);
        pthread_mutex_lock(&w->lock);
        w->consumed = i + 1;
        if (rc != 0)
            w->stop = 1;
        pthread_cond_broadcast(&w->room);
        pthread_mutex_unlock(&w->lock);
        if (rc != 0)
            break;
    }
    return rc;
}

int tz_batch_read(tz_batch *b, tz_batch_sink sink, void *sink_ctx)
{
    size_t n = b->files.len;
    work w = { .b = b, .tty = isatty(STDERR_FILENO) };
    tz_recognise_ctx_init(&w.ctx, b->cfg, b->schema);
    w.file_issues = tz_xcalloc(n ? n : 1, sizeof *w.file_issues);
    w.ready = tz_xcalloc(n ? n : 1, 1);
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.room, NULL);
    pthread_cond_init(&w.recognised, NULL);
    if (!w.tty)
        fprintf(stderr, "读取：%zu 个文件\n", n);
    tz_trace("开始读取");

    /* One reader per core; this thread feeds the sink meanwhile (loading the
     * database costs about as much as reading). */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (size_t)cores;
    w.window = nthreads * WINDOW_PER_THREAD;
    pthread_t threads[MAX_THREADS];
    size_t started = 0;
    for (size_t t = 0; t < nthreads && t < n; t++)
        if (pthread_create(&threads[started], NULL, worker, &w) == 0)
            started++;
    if (started == 0) {
        w.window = SIZE_MAX; /* no thread: read everything here first */
        worker(&w);
    }
    int rc = consume(&w, sink, sink_ctx);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_cond_destroy(&w.room);
    pthread_cond_destroy(&w.recognised);
    pthread_mutex_destroy(&w.lock);

    for (size_t i = 0; i < n; i++) {
        if (b->subs[i].role == TZ_ROLE_REJECTED && b->subs[i].nsheets == 0)
            b->unreadable += w.file_issues[i].len > 0 && w.file_issues[i].items[0].code[0] == 'E' &&
                             strncmp(w.file_issues[i].items[0].code, "E-UNIT", 6) != 0;
        tz_issues_append(&b->issues, &w.file_issues[i]);
    }
    free(w.file_issues);
    free(w.ready);
    tz_recognise_ctx_free(&w.ctx);
    if (rc != 0)
        return -1;
    tz_recognise_finish(b->subs, n, &b->issues);
    tz_trace("读取完成");
    return 0;
}

int tz_batch_load(tz_batch *b, tz_config *cfg)
{
    if (tz_batch_open(b, cfg) != 0)
        return -1;
    return tz_batch_read(b, NULL, NULL);
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

void tz_batch_print_issues(const tz_batch *b, FILE *out)
{
    const char **names = tz_xcalloc(b->cfg->nunits ? b->cfg->nunits : 1, sizeof *names);
    for (size_t u = 0; u < b->cfg->nunits; u++)
        names[u] = b->cfg->units[u].name;
    size_t ngroups;
    tz_issue_group *g = tz_issues_by_unit(&b->issues, names, b->cfg->nunits, &ngroups);
    for (size_t i = 0; i < ngroups; i++) {
        fprintf(out, "%s（错误 %zu 条，警告 %zu 条，提示 %zu 条）\n",
                *g[i].unit ? g[i].unit : "未确定单位的文件", g[i].errors, g[i].warnings,
                g[i].len - g[i].errors - g[i].warnings);
        for (size_t k = 0; k < g[i].len; k++) {
            fputs("  ", out);
            tz_issue_print(g[i].items[k], out);
        }
        fputc('\n', out);
    }
    free(g);
    free(names);
}

void tz_batch_print_tsv(const tz_batch *b, FILE *out)
{
    for (size_t i = 0; i < b->issues.len; i++) {
        const tz_issue *is = &b->issues.items[i];
        if (!tz_issue_is_live(is))
            continue;
        const char *fields[] = {
            tz_severity_en(is->severity), is->code, is->unit, is->file, is->sheet, is->cell, is->message
        };
        for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
            if (k)
                fputc('\t', out);
            tz_put_escaped(fields[k], out);
        }
        fputc('\n', out);
    }
}

size_t tz_batch_units_submitted(const tz_batch *b)
{
    size_t n = 0;
    unsigned char *seen = tz_xcalloc(b->cfg->nunits ? b->cfg->nunits : 1, 1);
    for (size_t i = 0; i < b->files.len; i++) {
        int u = b->subs[i].unit;
        if (b->subs[i].role == TZ_ROLE_SUBMISSION && u >= 0 && (size_t)u < b->cfg->nunits && !seen[u]) {
            seen[u] = 1;
            n++;
        }
    }
    free(seen);
    return n;
}

void tz_batch_print_rows(const tz_batch *b, FILE *out)
{
    static const char *const roles[] = { "", "单位名单", "办公室登记", "未采用" };
    tz_rowcount total = { 0 };
    fprintf(out, "数据行（读取 = 计入 + 退回 + 被取代）：\n");
    for (size_t i = 0; i < b->files.len; i++) {
        const tz_submission *s = &b->subs[i];
        tz_rowcount rc = tz_submission_rows(s);
        tz_rowcount_add(&total, rc);
        fprintf(out, "  %s  %s", s->file, s->unit_name ? s->unit_name : roles[s->role]);
        if (s->role == TZ_ROLE_UNITS || (s->role == TZ_ROLE_REJECTED && !s->nsheets)) {
            fputc('\n', out);
            continue;
        }
        const tz_kind *kinds[TZ_SCHEMA_MAX_KINDS];
        size_t nk = tz_submission_kinds(s, kinds, TZ_SCHEMA_MAX_KINDS);
        fputs(nk ? "  " : "  无数据行", out);
        for (size_t k = 0; k < nk; k++)
            fprintf(out, "%s%s", k ? "、" : "", kinds[k]->name);
        fprintf(out, "  读取 %zu = 计入 %zu + 退回 %zu + 被取代 %zu\n", rc.read, rc.kept, rc.rejected,
                rc.superseded);
    }
    size_t units_seen = tz_batch_units_submitted(b);
    fprintf(
        out,
        "合计：%zu 个文件（%zu 个无法读取），%zu/%zu 个单位报送；数据行读取 %zu = 计入 %zu + 退回 %zu + 被取代 %zu；"
        "错误 %zu 条，警告 %zu 条，提示 %zu 条。\n",
        b->files.len, b->unreadable, units_seen, b->cfg->nunits, total.read, total.kept, total.rejected,
        total.superseded, tz_issues_count(&b->issues, TZ_SEV_ERROR),
        tz_issues_count(&b->issues, TZ_SEV_WARNING), tz_issues_count(&b->issues, TZ_SEV_INFO));
}
