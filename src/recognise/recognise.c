/*
 * recognise.c — one workbook into one submission (tz_recognise_book), the
 * submissions' row counts and lifetime, and the helpers the recogniser's
 * files share (recognise_int.h).  See recognise.h, docs/schemas.md,
 * docs/issues.md.
 */
#include "recognise_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "value.h"

/* ---- cells as text ----------------------------------------------------- */

int tz_rec_cell_blank(const tz_cell *c)
{
    if (!c)
        return 1;
    if (c->type != TZ_CELL_TEXT)
        return 0;
    /* Every row's every cell comes through here: decide on the first
     * character that is plainly visible before normalising anything. */
    const unsigned char *p = (const unsigned char *)c->text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p > ' ' && *p < 0x80)
        return 0;
    if (*p >= 0xE4 && *p <= 0xE9) /* U+4000–U+9FFF: an ideograph */
        return 0;
    char key[64];
    return tz_norm_buf(key, sizeof key, c->text, c->len) == 0;
}

const char *tz_rec_cell_key(const tz_cell *c, char *buf, size_t size)
{
    char tmp[64];
    const char *s = tz_cell_display(c, tmp, sizeof tmp);
    if (tz_norm_buf(buf, size, s, strlen(s)) < 0)
        buf[0] = '\0';
    return buf;
}

/* ---- issues and messages ---------------------------------------------- */

void tz_rec_issue_at(tz_rec_state *st, tz_severity sev, const char *code, uint32_t row, uint32_t col,
                     const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *sheet = st->sheet ? st->sheet->name : "";
    if (row == UINT32_MAX)
        tz_issues_add(st->issues, sev, code, st->sub->unit_name, st->sub->file, sheet, "", "%s", msg);
    else
        tz_issues_add_at(st->issues, sev, code, st->sub->unit_name, st->sub->file, sheet, row, col, "%s",
                         msg);
    tz_issues_set_row_desc(st->issues, st->row_desc);
}

const char *tz_rec_quote(const char *s, char *buf, size_t size)
{
    size_t n = 0, chars = 0;
    while (s[n] && chars < 60) {
        n++;
        while ((s[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    snprintf(buf, size, "%.*s%s", (int)n, s, s[n] ? "…" : "");
    return buf;
}

void tz_rec_list_add(char *buf, size_t size, size_t *len, const char *sep, const char *s)
{
    if (*len + strlen(s) + 8 >= size)
        return;
    *len += (size_t)snprintf(buf + *len, size - *len, "%s%s", *len ? sep : "", s);
}

/* ---- a workbook ------------------------------------------------------------ */

/* Whether two paths name one file, however they are spelled (--input vs [units] file). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Who a row is about, below its reporting unit, for the duplicate and weekly
 * keys: the base unit, after the path it came up ("乙县教育局/第一中学"), so
 * that same-named schools of two counties stay apart.  `prev` is the
 * previous row's, reused while it matches: one copy per run of rows. */
static const char *row_identity(tz_submission *sub, const char *unit, const char *prev, const tz_record *r)
{
    char buf[TZ_NORM_MAX * 2];
    const char *want = r->base;
    if (r->path) {
        snprintf(buf, sizeof buf, "%s/%s", r->path, r->base);
        want = buf;
    }
    if (prev && strcmp(prev, want) == 0)
        return prev;
    return strcmp(want, unit) == 0 ? unit : tz_arena_strdup(&sub->arena, want);
}

/* The duplicate check's part of each problem row (tz_desckey), copied out of
 * the records so that they can be dropped once loaded. */
static void keep_desckeys(tz_submission *sub)
{
    for (size_t si = 0; si < sub->nsheets; si++) {
        tz_sheetdata *sd = &sub->sheets[si];
        int dc = tz_kind_column_by_role(sd->kind, TZ_CR_DESC);
        if (dc < 0 || tz_kind_column_by_role(sd->kind, TZ_CR_STATUS) < 0 || sd->nrecords == 0)
            continue;
        sd->desckeys = tz_arena_alloc(&sub->arena, sd->nrecords * sizeof *sd->desckeys);
        const char *unit = NULL, *base = NULL;
        for (size_t ri = 0; ri < sd->nrecords; ri++) {
            const tz_record *r = &sd->records[ri];
            const tz_field *f = &r->fields[dc];
            if (f->status != TZ_FIELD_OK || !r->unit)
                continue;
            /* Roll-up rows name their units in record text: copy each name once a run of rows. */
            if (!unit || strcmp(unit, r->unit) != 0)
                unit = tz_arena_strdup(&sub->arena, r->unit);
            base = row_identity(sub, unit, base, r);
            char q[256];
            const char *key = tz_norm(&sub->arena, f->text, strlen(f->text));
            tz_rec_quote(f->text, q, sizeof q);
            sd->desckeys[sd->ndesckeys++] = (tz_desckey){
                unit,   base,   key,          strcmp(q, key) == 0 ? key : tz_arena_strdup(&sub->arena, q),
                f->row, f->col, (uint32_t)ri, 0
            };
        }
    }
}

/* The reporting week of a date, as the weekly views count it: a report
 * covers the first due date on or after it ([weekly] first + 7k).  Without
 * weekly reports the day itself. */
static int64_t week_of(const tz_config *cfg, tz_day d)
{
    if (!cfg->weekly_enabled)
        return d;
    return d <= cfg->weekly_first ? 0 : ((int64_t)d - cfg->weekly_first + 6) / 7;
}

/* The weekly rule's part of each row of an accumulating kind (tz_rowkey). */
static void keep_rowkeys(const tz_recognise_ctx *ctx, tz_submission *sub)
{
    for (size_t si = 0; si < sub->nsheets; si++) {
        tz_sheetdata *sd = &sub->sheets[si];
        int dc = sd->kind->accumulate_col;
        if (dc < 0 || sd->nrecords == 0)
            continue;
        sd->rowkeys = tz_arena_alloc(&sub->arena, sd->nrecords * sizeof *sd->rowkeys);
        const char *unit = NULL, *base = NULL;
        for (size_t ri = 0; ri < sd->nrecords; ri++) {
            const tz_record *r = &sd->records[ri];
            const tz_field *f = &r->fields[dc];
            if (f->status != TZ_FIELD_OK || !r->unit)
                continue;
            if (!unit || strcmp(unit, r->unit) != 0)
                unit = tz_arena_strdup(&sub->arena, r->unit);
            base = row_identity(sub, unit, base, r);
            sd->rowkeys[sd->nrowkeys++] =
                (tz_rowkey){ unit, base, week_of(ctx->cfg, (tz_day)f->i), r->row, (uint32_t)ri, NULL };
        }
    }
}

/* Nothing of the workbook is taken: every row read counts as rejected. */
static void reject_rows(tz_submission *out)
{
    for (size_t i = 0; i < out->nsheets; i++) {
        out->sheets[i].rows_rejected = out->sheets[i].rows_read;
        out->sheets[i].nrecords = 0;
        out->sheets[i].ndesckeys = 0;
        out->sheets[i].nrowkeys = 0;
    }
    out->role = TZ_ROLE_REJECTED;
}

void tz_recognise_book(const tz_recognise_ctx *ctx, const tz_book *book, const tz_inputfile *file,
                       tz_submission *out, tz_issues *issues)
{
    size_t first_issue = issues->len;
    memset(out, 0, sizeof *out);
    out->file = tz_arena_strdup(&out->arena, file->rel);
    out->mtime = file->mtime;
    out->unit = -1;
    out->unit_sheet = out->unit_cell = "";
    char q[256];
    if (!book) {
        /* Unreadable: still the unit its name shows, so that the unit is told. */
        out->unit = tz_rec_unit_of_file(ctx, file->rel);
        if (out->unit >= 0)
            out->unit_name = ctx->cfg->units[out->unit].name;
        out->role = TZ_ROLE_REJECTED;
        return;
    }
    const tz_config *cfg = ctx->cfg;
    if (cfg->units_file && same_file(cfg->units_file, file->path)) {
        out->role = TZ_ROLE_UNITS;
        return;
    }
    tz_rec_state st = { .ctx = ctx, .sub = out, .issues = issues };

    tz_rec_labels lf;
    tz_rec_find_labels(ctx->schema, book, &lf);
    if (lf.found_unit) {
        /* A 填报单位 that names no unit is never overruled by the file name. */
        out->unit = tz_rec_unit_find(ctx, lf.unit_text);
        char ref[16];
        out->unit_sheet = tz_arena_strdup(&out->arena, lf.unit_sheet->name);
        out->unit_cell = tz_arena_strdup(&out->arena, tz_a1(ref, lf.unit_row, lf.unit_col));
    } else {
        out->unit = tz_rec_unit_of_file(ctx, file->rel);
    }
    if (out->unit >= 0)
        out->unit_name = cfg->units[out->unit].name;

    if (lf.found_date) {
        tz_day d;
        tz_date_status ds = tz_date_parse(lf.date_text, strlen(lf.date_text), ctx->default_year, &d);
        if (ds == TZ_DATE_OK && d > cfg->end + TZ_AS_OF_GRACE_DAYS) {
            /* No period's as_of can be that late (config.h): a slip such as
             * 2071 for 2017, which would otherwise set the file aside as a
             * later period's (I-LATER) or make it win over every correction. */
            char filed[16], end[16];
            st.sheet = lf.date_sheet;
            tz_rec_issue_at(&st, TZ_SEV_WARNING, "W-SUBMIT-DATE", lf.date_row, lf.date_col,
                            "填报日期 %s 晚于活动结束日期 %s 超过 %d 天，应是笔误，按未填写处理",
                            tz_day_iso(filed, d), tz_day_iso(end, cfg->end), TZ_AS_OF_GRACE_DAYS);
            st.sheet = NULL;
        } else if (ds == TZ_DATE_OK) {
            out->has_date = 1;
            out->date = d;
        } else if (ds != TZ_DATE_EMPTY) {
            st.sheet = lf.date_sheet;
            tz_rec_issue_at(&st, TZ_SEV_WARNING, "W-SUBMIT-DATE", lf.date_row, lf.date_col,
                            "填报日期“%s”%s，按未填写处理", tz_rec_quote(lf.date_text, q, sizeof q),
                            tz_date_status_zh(ds));
            st.sheet = NULL;
        }
    }

    int office_sheets = 0, unit_sheets = 0;
    char derived[512];
    size_t nderived = 0, dl = 0;
    for (size_t i = 0; i < book->nsheets; i++) {
        const tz_sheet *s = &book->sheets[i];
        st.sheet = s;
        if (s->ncells == 0)
            continue;
        tz_skip skip = tz_schema_skip_sheet(ctx->schema, s->name, strlen(s->name));
        if (skip == TZ_SKIP_DERIVED) {
            tz_rec_list_add(derived, sizeof derived, &dl, "、", s->name);
            nderived++;
        }
        if (skip != TZ_SKIP_NONE)
            continue;
        const tz_kind *by_name = tz_schema_kind_by_sheet(ctx->schema, s->name, strlen(s->name));
        tz_rec_header_cache hc;
        tz_rec_header_cache_init(&hc, s);
        tz_rec_header_guess g = tz_rec_guess_header(ctx, s, by_name, &hc);
        if (!g.kind) {
            tz_rec_header_cache_free(&hc);
            if (by_name)
                tz_rec_issue_at(&st, TZ_SEV_ERROR, "E-HEADER", UINT32_MAX, 0,
                                "工作表名为“%s”，但前 %d 行中找不到表头（应有 %s 等列）", by_name->name,
                                TZ_HEADER_ROWS, by_name->ncolumns ? by_name->columns[0].header : "");
            else if (!s->hidden)
                tz_rec_issue_at(&st, TZ_SEV_INFO, "I-SHEET", UINT32_MAX, 0, "未识别为任何一种报表，已跳过");
            continue;
        }
        if (g.kind->office)
            office_sheets++;
        else
            unit_sheets++;
        tz_rec_read_sheet(&st, &g, &hc);
        tz_rec_header_cache_free(&hc);
    }
    st.sheet = NULL;
    if (nderived)
        tz_rec_issue_at(&st, TZ_SEV_INFO, "I-DERIVED", UINT32_MAX, 0,
                        "这是一份汇总台账：其中由程序计算出的 %zu 张工作表（%s）已跳过，不重复计入", nderived,
                        derived);
    keep_desckeys(out);
    keep_rowkeys(ctx, out);

    if (out->unit < 0 && unit_sheets == 0 && office_sheets > 0) {
        out->role = TZ_ROLE_OFFICE;
        return;
    }
    /* An older roll-up ledger without 填报单位 names the unit on each row; a
     * 填报单位 that names no unit is never overruled by the rows (a ledger
     * from a unit not on the list is not merged, docs/rollup.md). */
    int rows_have_units = out->nsheets > 0 && !lf.found_unit;
    for (size_t i = 0; i < out->nsheets; i++) {
        int uc = tz_kind_column_by_role(out->sheets[i].kind, TZ_CR_UNIT);
        if (uc < 0 || out->sheets[i].colmap[uc] < 0)
            rows_have_units = 0;
    }
    if (out->unit < 0 && !rows_have_units) {
        tz_rowcount rc = tz_submission_rows(out);
        if (lf.found_unit) {
            st.sheet = lf.unit_sheet;
            int near = tz_rec_unit_closest(ctx, lf.unit_text);
            char hint[512] = "";
            if (near >= 0)
                snprintf(hint, sizeof hint, "是否为“%s”？", cfg->units[near].name);
            tz_rec_issue_at(
                &st, TZ_SEV_ERROR, "E-UNIT", lf.unit_row, lf.unit_col,
                "填报单位“%s”不在单位名单中，本文件 %zu 行数据未计入（%s请按单位名单填写单位全称，"
                "或在单位名单中补充别名）",
                tz_rec_quote(lf.unit_text, q, sizeof q), rc.read, hint);
            st.sheet = NULL;
        } else {
            tz_rec_issue_at(
                &st, TZ_SEV_ERROR, "E-UNIT", UINT32_MAX, 0,
                "无法确定填报单位：表中没有“填报单位”，文件名也不含单位名单中的名称；%zu 行数据未计入"
                "（请在表头上方填写“填报单位：单位名称”）",
                rc.read);
        }
        reject_rows(out);
        return;
    }
    /* Filed after this period's resubmission deadline (never before as_of:
     * a resubmit_by left from last month): the workbook belongs to a later
     * period.  Re-running a month after the next one's files came in must
     * not take them (nor their findings) into the earlier month. */
    tz_day cutoff = tz_config_resubmit_by(cfg);
    cutoff = cutoff < cfg->as_of ? cfg->as_of : cutoff;
    if (out->has_date && out->date > cutoff) {
        for (size_t i = first_issue; i < issues->len; i++)
            issues->items[i].retired |= issues->items[i].severity != TZ_SEV_INFO;
        char filed[16], until[16];
        tz_day_iso(filed, out->date);
        tz_day_iso(until, cutoff);
        st.sheet = lf.date_sheet;
        tz_rec_issue_at(&st, TZ_SEV_INFO, "I-LATER", lf.date_row, lf.date_col,
                        "填报日期 %s 晚于报告期 %s 的重新报送截止日期 %s：本文件属于以后的报告期，"
                        "本期不计入其 %zu 行数据",
                        filed, cfg->period ? cfg->period : "", until, tz_submission_rows(out).read);
        st.sheet = NULL;
        reject_rows(out);
    }
}

/* ---- submissions --------------------------------------------------------- */

tz_rowcount tz_sheet_rows(const tz_sheetdata *sd)
{
    tz_rowcount rc = { sd->rows_read, 0, 0, 0 };
    if (sd->superseded) {
        rc.superseded = sd->nrecords + sd->rows_rejected;
    } else {
        rc.rejected = sd->rows_rejected;
        rc.superseded = sd->rows_superseded;
        rc.kept = sd->nrecords - sd->rows_superseded;
    }
    return rc;
}

void tz_rowcount_add(tz_rowcount *a, tz_rowcount b)
{
    a->read += b.read;
    a->kept += b.kept;
    a->rejected += b.rejected;
    a->superseded += b.superseded;
}

tz_rowcount tz_submission_rows(const tz_submission *sub)
{
    tz_rowcount rc = { 0 };
    for (size_t i = 0; i < sub->nsheets; i++) {
        tz_rowcount_add(&rc, tz_sheet_rows(&sub->sheets[i]));
    }
    return rc;
}

size_t tz_submission_kinds(const tz_submission *sub, const tz_kind **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sub->nsheets; i++) {
        const tz_kind *k = sub->sheets[i].kind;
        size_t j = 0;
        while (j < n && out[j] != k)
            j++;
        if (j == n && n < max && tz_sheet_rows(&sub->sheets[i]).read > 0)
            out[n++] = k;
    }
    return n;
}

const char *tz_role_name(tz_role r)
{
    switch (r) {
    case TZ_ROLE_SUBMISSION:
        return "submission";
    case TZ_ROLE_UNITS:
        return "units";
    case TZ_ROLE_OFFICE:
        return "office";
    case TZ_ROLE_REJECTED:
        break;
    }
    return "rejected";
}

void tz_submission_drop_records(tz_submission *sub)
{
    for (size_t i = 0; i < sub->nsheets; i++) {
        free(sub->sheets[i].records);
        sub->sheets[i].records = NULL;
        sub->sheets[i].caprecords = 0;
    }
    tz_arena_free(&sub->records_arena);
}

void tz_submission_free(tz_submission *sub)
{
    for (size_t i = 0; i < sub->nsheets; i++)
        free(sub->sheets[i].records);
    free(sub->sheets);
    tz_arena_free(&sub->arena);
    tz_arena_free(&sub->records_arena);
    memset(sub, 0, sizeof *sub);
}
