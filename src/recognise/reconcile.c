/*
 * reconcile.c — what needs every workbook at once (tz_recognise_finish):
 * which sheets and weekly rows a later workbook supersedes, the findings
 * retired with them, and duplicate problems among what is kept
 * (docs/cycle.md, docs/rollup.md "The same school name in two counties").
 */
#include "recognise_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether workbook a counts as filed after b: by 填报日期, then modification
 * time, then file name. */
static int later(const tz_submission *a, const tz_submission *b)
{
    if (a->has_date != b->has_date)
        return a->has_date > b->has_date;
    if (a->has_date && a->date != b->date)
        return a->date > b->date;
    if (a->mtime != b->mtime)
        return a->mtime > b->mtime;
    return strcmp(a->file, b->file) > 0;
}

/* A sheet that has rows of its kind, in the workbook of a known unit. */
typedef struct {
    tz_submission *sub;
    tz_sheetdata *sd;
} sheet_ref;

/* Orders sheets by unit, then kind, then workbook. */
static int by_unit_kind(const void *pa, const void *pb)
{
    const sheet_ref *a = pa, *b = pb;
    if (a->sub->unit != b->sub->unit)
        return a->sub->unit < b->sub->unit ? -1 : 1;
    if (a->sd->kind != b->sd->kind)
        return (uintptr_t)a->sd->kind < (uintptr_t)b->sd->kind ? -1 : 1;
    return a->sub < b->sub ? -1 : a->sub > b->sub;
}

/* Per unit and kind, the latest workbook with rows of that kind wins; the
 * others' sheets of that kind are superseded.  Grouped by sorting: a
 * province sends thousands of files. */
static void supersede_sheets(tz_submission *subs, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        if (subs[i].role == TZ_ROLE_SUBMISSION && subs[i].unit >= 0)
            len += subs[i].nsheets;
    sheet_ref *v = tz_xcalloc(len ? len : 1, sizeof *v);
    len = 0;
    for (size_t i = 0; i < n; i++) {
        if (subs[i].role != TZ_ROLE_SUBMISSION || subs[i].unit < 0)
            continue;
        for (size_t si = 0; si < subs[i].nsheets; si++) {
            tz_sheetdata *sd = &subs[i].sheets[si];
            if (sd->nrecords > 0 && sd->kind->accumulate_col < 0)
                v[len++] = (sheet_ref){ &subs[i], sd };
        }
    }
    qsort(v, len, sizeof *v, by_unit_kind);
    for (size_t first = 0, i = 1; first < len; i++) {
        if (i < len && v[i].sub->unit == v[first].sub->unit && v[i].sd->kind == v[first].sd->kind)
            continue;
        const tz_submission *win = v[first].sub;
        for (size_t k = first + 1; k < i; k++)
            if (later(v[k].sub, win))
                win = v[k].sub;
        for (size_t k = first; k < i; k++) {
            if (v[k].sub != win) {
                v[k].sd->superseded = 1;
                v[k].sd->superseded_by = win->file;
                v[k].sd->superseded_by_dated = win->has_date;
                v[k].sd->superseded_by_date = win->date;
            }
        }
        first = i;
    }
    free(v);
}

/* A row of an accumulating kind, in its workbook and sheet. */
typedef struct {
    const tz_submission *sub;
    tz_sheetdata *sd;
    tz_rowkey *rk;
} row_ref;

/* Orders rows by unit, base unit, kind and week, then in (workbook, row)
 * order, the later workbook last. */
static int by_unit_week(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(a->rk->unit, b->rk->unit);
    if (!c)
        c = strcmp(a->rk->base, b->rk->base);
    if (c)
        return c;
    if (a->sd->kind != b->sd->kind)
        return (uintptr_t)a->sd->kind < (uintptr_t)b->sd->kind ? -1 : 1;
    if (a->rk->week != b->rk->week)
        return a->rk->week < b->rk->week ? -1 : 1;
    if (a->sub != b->sub)
        return later(a->sub, b->sub) ? 1 : -1;
    return a->rk->row < b->rk->row ? -1 : a->rk->row > b->rk->row;
}

/* Whether two rows are one unit's for one week of one kind. */
static int same_week(const row_ref *a, const row_ref *b)
{
    return strcmp(a->rk->unit, b->rk->unit) == 0 && strcmp(a->rk->base, b->rk->base) == 0 &&
           a->sd->kind == b->sd->kind && a->rk->week == b->rk->week;
}

/* Accumulating kinds: per unit (of the row) and week the last row in
 * (workbook, row) order wins. */
static void supersede_rows(tz_submission *subs, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t si = 0; si < subs[i].nsheets; si++)
            len += subs[i].role == TZ_ROLE_SUBMISSION ? subs[i].sheets[si].nrowkeys : 0;
    if (len < 2)
        return;
    row_ref *v = tz_xcalloc(len, sizeof *v);
    len = 0;
    for (size_t i = 0; i < n; i++) {
        if (subs[i].role != TZ_ROLE_SUBMISSION)
            continue;
        for (size_t si = 0; si < subs[i].nsheets; si++)
            for (size_t k = 0; k < subs[i].sheets[si].nrowkeys; k++)
                v[len++] = (row_ref){ &subs[i], &subs[i].sheets[si], &subs[i].sheets[si].rowkeys[k] };
    }
    qsort(v, len, sizeof *v, by_unit_week);
    for (size_t i = 0; i + 1 < len; i++) {
        const row_ref *a = &v[i], *b = &v[i + 1];
        if (!same_week(a, b))
            continue;
        /* The winner of a run is its last: each earlier row names it. */
        size_t last = i + 1;
        while (last + 1 < len && same_week(a, &v[last + 1]))
            last++;
        for (size_t k = i; k < last; k++) {
            v[k].rk->by = v[last].sub->file;
            v[k].sd->rows_superseded++;
        }
        i = last;
    }
    free(v);
}

/* Where findings retire: a superseded sheet (rows from its header down), or
 * one superseded row. */
typedef struct {
    const char *file, *sheet;
    uint32_t from, to; /* rows, inclusive */
    size_t sub;        /* index in subs */
} retire_key;

/* Orders keys by file, sheet and first row. */
static int retire_cmp(const void *pa, const void *pb)
{
    const retire_key *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (!c)
        c = strcmp(a->sheet, b->sheet);
    if (!c)
        c = a->from < b->from ? -1 : a->from > b->from;
    return c;
}

/* The findings retired in one workbook. */
typedef struct {
    size_t errors, warnings;
} retired_count;

/* Marks the findings of superseded sheets and rows retired; counts them per workbook. */
static void retire_findings(tz_submission *subs, size_t n, tz_issues *issues, retired_count *counts)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t si = 0; si < subs[i].nsheets; si++)
            len += subs[i].sheets[si].superseded ? 1 : subs[i].sheets[si].rows_superseded;
    if (len == 0)
        return;
    retire_key *v = tz_xcalloc(len, sizeof *v);
    len = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t si = 0; si < subs[i].nsheets; si++) {
            const tz_sheetdata *sd = &subs[i].sheets[si];
            if (sd->superseded) {
                v[len++] = (retire_key){ subs[i].file, sd->name, sd->header_row, UINT32_MAX, i };
                continue;
            }
            for (size_t k = 0; k < sd->nrowkeys; k++)
                if (sd->rowkeys[k].by)
                    v[len++] =
                        (retire_key){ subs[i].file, sd->name, sd->rowkeys[k].row, sd->rowkeys[k].row, i };
        }
    }
    qsort(v, len, sizeof *v, retire_cmp);
    for (size_t i = 0; i < issues->len; i++) {
        tz_issue *is = &issues->items[i];
        if (is->row == UINT32_MAX || !*is->sheet)
            continue;
        /* The last key of this sheet starting at or above the issue's row. */
        retire_key probe = { is->file, is->sheet, is->row, 0, 0 };
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (retire_cmp(&v[mid], &probe) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            continue;
        const retire_key *k = &v[lo - 1];
        if (strcmp(k->file, is->file) != 0 || strcmp(k->sheet, is->sheet) != 0 || is->row > k->to)
            continue;
        is->retired = 1;
        counts[k->sub].errors += is->severity == TZ_SEV_ERROR;
        counts[k->sub].warnings += is->severity == TZ_SEV_WARNING;
    }
    free(v);
}

/* "；<whose> N 个错误、M 个警告随之撤销" (what is zero left out), or "". */
static void retired_tail(char *buf, size_t size, const char *whose, const retired_count *rc)
{
    buf[0] = '\0';
    if (rc->errors && rc->warnings)
        snprintf(buf, size, "；%s %zu 个错误、%zu 个警告随之撤销", whose, rc->errors, rc->warnings);
    else if (rc->errors || rc->warnings)
        snprintf(buf, size, "；%s %zu 个%s随之撤销", whose, rc->errors + rc->warnings,
                 rc->errors ? "错误" : "警告");
}

/* One I-SUPERSEDED info per workbook: what replaced which of its rows. */
static void note_superseded(const tz_submission *a, const retired_count *rc, tz_issues *issues)
{
    char what[1536];
    size_t wl = 0, rows = 0;
    what[0] = '\0';
    /* Sheets, grouped by the workbook that replaced them, in sheet order. */
    for (size_t si = 0; si < a->nsheets; si++) {
        const tz_sheetdata *sd = &a->sheets[si];
        if (!sd->superseded)
            continue;
        size_t seen = 0;
        for (size_t sk = 0; sk < si && !seen; sk++)
            seen = a->sheets[sk].superseded && strcmp(a->sheets[sk].superseded_by, sd->superseded_by) == 0;
        if (seen)
            continue;
        char kinds[512];
        size_t kl = 0;
        kinds[0] = '\0';
        for (size_t sk = si; sk < a->nsheets; sk++) {
            const tz_sheetdata *x = &a->sheets[sk];
            if (!x->superseded || strcmp(x->superseded_by, sd->superseded_by) != 0)
                continue;
            int dup = 0; /* a kind named once, however many of its sheets */
            for (size_t sj = si; sj < sk && !dup; sj++)
                dup = a->sheets[sj].superseded && a->sheets[sj].kind == x->kind &&
                      strcmp(a->sheets[sj].superseded_by, sd->superseded_by) == 0;
            if (!dup)
                tz_rec_list_add(kinds, sizeof kinds, &kl, "、", x->kind->name);
            rows += x->nrecords + x->rows_rejected;
        }
        char part[1024];
        snprintf(part, sizeof part, "%s已被%s的“%s”取代", kinds,
                 a->has_date || !sd->superseded_by_dated ? "较晚填报" : "填写了填报日期", sd->superseded_by);
        tz_rec_list_add(what, sizeof what, &wl, "，", part);
    }
    /* Rows of accumulating kinds, by the workbook whose row replaced them. */
    for (size_t si = 0; si < a->nsheets; si++) {
        const tz_sheetdata *sd = &a->sheets[si];
        for (size_t k = 0; k < sd->nrowkeys; k++) {
            const char *by = sd->rowkeys[k].by;
            if (!by)
                continue;
            int seen = 0;
            for (size_t sj = 0; sj <= si && !seen; sj++)
                for (size_t m = 0; m < (sj == si ? k : a->sheets[sj].nrowkeys) && !seen; m++)
                    seen = a->sheets[sj].rowkeys[m].by && strcmp(a->sheets[sj].rowkeys[m].by, by) == 0;
            if (seen)
                continue;
            size_t count = 0;
            for (size_t sj = si; sj < a->nsheets; sj++)
                for (size_t m = sj == si ? k : 0; m < a->sheets[sj].nrowkeys; m++)
                    count += a->sheets[sj].rowkeys[m].by && strcmp(a->sheets[sj].rowkeys[m].by, by) == 0;
            char part[1024];
            if (strcmp(by, a->file) == 0)
                snprintf(part, sizeof part, "%s中 %zu 行所报的周在本文件后面又报了一次，以后面的为准",
                         sd->kind->name, count);
            else
                snprintf(part, sizeof part, "%s中 %zu 行所报的周已由较晚填报的“%s”重报", sd->kind->name,
                         count, by);
            tz_rec_list_add(what, sizeof what, &wl, "，", part);
            rows += count;
        }
    }
    if (!wl)
        return;
    char tail[256];
    retired_tail(tail, sizeof tail, "这些行的", rc);
    tz_issues_add(issues, TZ_SEV_INFO, "I-SUPERSEDED", a->unit_name, a->file, a->unit_sheet, a->unit_cell,
                  "%s的%s，本文件这些表的 %zu 行不重复计入%s", a->unit_name, what, rows, tail);
}

/* The day a workbook was last saved (its modification time, UTC seconds). */
static tz_day saved_day(const tz_submission *s)
{
    return (tz_day)(s->mtime / 86400);
}

/* Whether readable workbook r was filed after unreadable file u, whose only
 * date is its modification time: r's 填报日期 against that day, then the
 * modification times. */
static int filed_after_unreadable(const tz_submission *r, const tz_submission *u)
{
    tz_day uday = saved_day(u);
    if (r->has_date && r->date != uday)
        return r->date > uday;
    return r->mtime > u->mtime;
}

/* An unreadable file and the workbook its unit sent instead. */
typedef struct {
    const char *file; /* first: name_cmp orders by it */
    const tz_submission *sub;
    const char *by;
    retired_count retired;
} resent;

/* Orders resent files by name (their first member). */
static int name_cmp(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* An unreadable file counts for the unit its name shows (so the unit is
 * told); once that unit files a readable workbook with data rows after it,
 * the file has been sent again: its findings retire, with one I-SUPERSEDED
 * info naming the workbook that came instead (the latest such). */
static void supersede_unreadable(tz_submission *subs, size_t n, tz_issues *issues)
{
    resent *v = NULL;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const tz_submission *u = &subs[i];
        if (u->role != TZ_ROLE_REJECTED || u->unit < 0 || u->nsheets)
            continue;
        const tz_submission *win = NULL;
        for (size_t k = 0; k < n; k++) {
            const tz_submission *r = &subs[k];
            if (r->role != TZ_ROLE_SUBMISSION || r->unit != u->unit || !filed_after_unreadable(r, u))
                continue;
            int rows = 0;
            for (size_t si = 0; si < r->nsheets && !rows; si++)
                rows = r->sheets[si].nrecords > 0;
            if (rows && (!win || later(r, win)))
                win = r;
        }
        if (!win)
            continue;
        if (!v)
            v = tz_xcalloc(n, sizeof *v);
        v[len++] = (resent){ u->file, u, win->file, { 0, 0 } };
    }
    if (!len)
        return;
    qsort(v, len, sizeof *v, name_cmp);
    for (size_t i = 0; i < issues->len; i++) {
        tz_issue *is = &issues->items[i];
        resent *hit = is->severity == TZ_SEV_INFO ? NULL : bsearch(&is->file, v, len, sizeof *v, name_cmp);
        if (!hit)
            continue;
        is->retired = 1;
        hit->retired.errors += is->severity == TZ_SEV_ERROR;
        hit->retired.warnings += is->severity == TZ_SEV_WARNING;
    }
    for (size_t g = 0; g < len; g++) {
        char tail[256];
        retired_tail(tail, sizeof tail, "本文件的", &v[g].retired);
        tz_issues_add(issues, TZ_SEV_INFO, "I-SUPERSEDED", v[g].sub->unit_name, v[g].file, "", "",
                      "本文件无法读取，%s在它之后报送的“%s”已取代它，不必再重报%s", v[g].sub->unit_name,
                      v[g].by, tail);
    }
    free(v);
}

/* A workbook without 填报日期 loses to a dated one of its unit, however late
 * it was saved: file times change when files are copied, so they only break
 * ties.  When it was saved after the winner's 填报日期 it may well be the
 * correction: the unit is told to date it (W-NO-SUBMIT-DATE, once, naming
 * the kinds it lost). */
static void warn_undated(const tz_submission *a, tz_issues *issues)
{
    if (a->role != TZ_ROLE_SUBMISSION || a->has_date)
        return;
    char kinds[512];
    size_t kl = 0;
    const char *by = NULL;
    kinds[0] = '\0';
    for (size_t si = 0; si < a->nsheets; si++) {
        const tz_sheetdata *sd = &a->sheets[si];
        if (!sd->superseded || !sd->superseded_by_dated ||
            sd->superseded_by_date >= saved_day(a))
            continue;
        int dup = 0;
        for (size_t sj = 0; sj < si && !dup; sj++)
            dup = a->sheets[sj].kind == sd->kind && a->sheets[sj].superseded;
        if (!dup)
            tz_rec_list_add(kinds, sizeof kinds, &kl, "、", sd->kind->name);
        by = by ? by : sd->superseded_by;
    }
    if (!by)
        return;
    tz_issues_add(
        issues, TZ_SEV_WARNING, "W-NO-SUBMIT-DATE", a->unit_name, a->file, a->unit_sheet, a->unit_cell,
        "本文件没有填写填报日期，%s的%s以填写了填报日期的“%s”为准；如本文件是更正，请填写填报日期后重新报送",
        a->unit_name, kinds, by);
}

/* A problem row's duplicate key, with its place in (workbook, sheet, row) order. */
typedef struct {
    const tz_submission *sub;
    const tz_sheetdata *sd;
    tz_desckey *dk;
    size_t order;
} desc_entry;

/* Orders keys by unit, base unit and description, then in their first order. */
static int desc_cmp(const void *pa, const void *pb)
{
    const desc_entry *a = pa, *b = pb;
    int c = strcmp(a->dk->unit, b->dk->unit);
    if (!c)
        c = strcmp(a->dk->base, b->dk->base);
    if (!c)
        c = strcmp(a->dk->key, b->dk->key);
    if (!c)
        c = a->order < b->order ? -1 : a->order > b->order;
    return c;
}

/* Duplicate problems: same unit and same normalised description (W-DUPLICATE).
 * Sorting keeps this O(n log n) however many rows a province sends. */
static void find_duplicates(tz_submission *subs, size_t n, tz_issues *issues)
{
    size_t len = 0, order = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t si = 0; si < subs[i].nsheets; si++)
            len += subs[i].sheets[si].superseded ? 0 : subs[i].sheets[si].ndesckeys;
    if (len < 2)
        return;
    desc_entry *v = tz_xcalloc(len, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        for (size_t si = 0; si < subs[i].nsheets; si++) {
            const tz_sheetdata *sd = &subs[i].sheets[si];
            if (sd->superseded)
                continue;
            for (size_t k = 0; k < sd->ndesckeys; k++, order++)
                v[order] = (desc_entry){ &subs[i], sd, &sd->desckeys[k], order };
        }
    }
    qsort(v, len, sizeof *v, desc_cmp);
    /* Each later row of a run of equal (unit, key) names the run's first. */
    for (size_t i = 1, first = 0; i < len; i++) {
        const desc_entry *a = &v[first], *b = &v[i];
        if (strcmp(a->dk->unit, b->dk->unit) != 0 || strcmp(a->dk->base, b->dk->base) != 0 ||
            strcmp(a->dk->key, b->dk->key) != 0) {
            first = i;
            continue;
        }
        char ra[16];
        char where[512];
        if (a->sub == b->sub)
            snprintf(where, sizeof where, "「%s」%s", a->sd->name, tz_a1(ra, a->dk->row, a->dk->col));
        else
            snprintf(where, sizeof where, "%s 「%s」%s", a->sub->file, a->sd->name,
                     tz_a1(ra, a->dk->row, a->dk->col));
        b->dk->later = 1;
        tz_issues_add_at(issues, TZ_SEV_WARNING, "W-DUPLICATE", b->dk->unit, b->sub->file, b->sd->name,
                         b->dk->row, b->dk->col, "与本单位%s的问题重复：“%s”", where, b->dk->quoted);
        /* The correction list names the row's problem, as for any finding on a problem row. */
        tz_issues_set_row_desc(issues, b->dk->quoted);
    }
    free(v);
}

void tz_recognise_finish(tz_submission *subs, size_t n, tz_issues *issues)
{
    supersede_sheets(subs, n);
    supersede_rows(subs, n);
    retired_count *counts = tz_xcalloc(n ? n : 1, sizeof *counts);
    retire_findings(subs, n, issues, counts);
    for (size_t i = 0; i < n; i++) {
        note_superseded(&subs[i], &counts[i], issues);
        warn_undated(&subs[i], issues);
    }
    free(counts);
    supersede_unreadable(subs, n, issues);
    find_duplicates(subs, n, issues);
}
