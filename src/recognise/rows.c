/*
 * rows.c — a sheet's data rows: which rows are data, totals or the end, each
 * field parsed by its column's type, the checks one row shows by itself,
 * totals rows against the rows above, and the units of a roll-up's rows
 * (docs/schemas.md "How a workbook is recognised", docs/rollup.md).
 */
#include "recognise_int.h"

#include <stdio.h>
#include <string.h>

#include "value.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* The columns the checks read, by their schema role (templates/schemas.ini
 * `role =`), indexed once per sheet: every row's checks use them. */
enum {
    IX_STATUS,
    IX_DEADLINE,
    IX_DONE,
    IX_SEQ,
    IX_UNIT,
    IX_VIA,
    IX_PATH,
    IX_VOTERS,
    IX_TIMES,
    IX_PERSONS,
    IX_SATISFIED,
    IX_BASIC,
    IX_UNSATISFIED,
    IX_COUNT
};
static const tz_col_role ix_roles[IX_COUNT] = {
    TZ_CR_STATUS, TZ_CR_DEADLINE, TZ_CR_DONE_DATE, TZ_CR_SEQ,       TZ_CR_UNIT,  TZ_CR_VIA,        TZ_CR_PATH,
    TZ_CR_VOTERS, TZ_CR_TIMES,    TZ_CR_PERSONS,   TZ_CR_SATISFIED, TZ_CR_BASIC, TZ_CR_UNSATISFIED
};

/* A sheet being read: the workbook's state, the sheet's data so far, and
 * where its kind keeps the columns the checks read. */
typedef struct {
    tz_rec_state *st;
    tz_sheetdata *sd;
    int ix[IX_COUNT]; /* column index per ix_roles, or -1 */
} sheet_reader;

/* Looks up the columns of ix_roles in the sheet's kind. */
static void index_columns(sheet_reader *sr, const tz_kind *k)
{
    for (int i = 0; i < IX_COUNT; i++)
        sr->ix[i] = tz_kind_column_by_role(k, ix_roles[i]);
}

/* The cell holding the value at (row, col): the cell itself, or the top-left
 * cell of a vertical merge that started inside the data. */
static const tz_cell *data_cell(const tz_sheet *s, uint32_t row, uint32_t col, uint32_t data_start)
{
    const tz_cell *c = tz_sheet_cell(s, row, col);
    if (c)
        return c;
    const tz_range *m = tz_sheet_merge_at(s, row, col);
    if (m && m->c1 == col && m->r1 < row && m->r1 >= data_start)
        return tz_sheet_cell(s, m->r1, m->c1);
    return NULL;
}

/* Whether s starts with prefix. */
static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

typedef enum { ROW_BLANK, ROW_DATA, ROW_TOTAL, ROW_END } row_kind;

/* What a row is, by its first non-blank cell (*first, NULL when none).
 * `seq_col` is the source column of 序号 (-1 when none): a row holding only
 * a sequence number is blank (templates come pre-numbered). */
static row_kind classify_row(const tz_sheet *s, uint32_t row, int32_t seq_col, const tz_cell **first)
{
    *first = NULL;
    int only_seq = 1;
    /* The row's first cell, by binary search (cells are in row order). */
    size_t lo = 0, hi = s->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->cells[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->ncells && s->cells[i].row == row; i++) {
        const tz_cell *c = &s->cells[i];
        if (tz_rec_cell_blank(c))
            continue;
        if (!*first)
            *first = c;
        if ((int32_t)c->col != seq_col)
            only_seq = 0;
    }
    if (!*first)
        return ROW_BLANK;
    /* The markers come first: a 合计 or 注： line is often typed in the 序号
     * column, and must not pass for a row holding nothing but a number. */
    char key[TZ_NORM_MAX];
    tz_rec_cell_key(*first, key, sizeof key);
    static const char *const totals[] = { "合计", "总计", "小计", "共计" };
    for (size_t t = 0; t < COUNT(totals); t++)
        if (starts_with(key, totals[t]))
            return ROW_TOTAL;
    static const char *const ends[] = { "注:",    "注1",    "说明:",    "填表说明",   "填表人", "制表人",
                                        "审核人", "联系人", "联系电话", "单位负责人", "负责人:" };
    if (strcmp(key, "注") == 0 || strcmp(key, "说明") == 0)
        return ROW_END;
    for (size_t t = 0; t < COUNT(ends); t++)
        if (starts_with(key, ends[t]))
            return ROW_END;
    return only_seq ? ROW_BLANK : ROW_DATA;
}

/* Appends an empty sheet to the submission. */
static tz_sheetdata *add_sheetdata(tz_submission *sub)
{
    sub->sheets = tz_xrealloc(sub->sheets, (sub->nsheets + 1) * sizeof *sub->sheets);
    tz_sheetdata *sd = &sub->sheets[sub->nsheets++];
    memset(sd, 0, sizeof *sd);
    return sd;
}

/* Appends an empty record, its fields (one per column) in the records arena. */
static tz_record *add_record(tz_submission *sub, tz_sheetdata *sd)
{
    if (sd->nrecords == sd->caprecords) {
        sd->caprecords = sd->caprecords ? sd->caprecords * 2 : 16;
        sd->records = tz_xrealloc(sd->records, sd->caprecords * sizeof *sd->records);
    }
    tz_record *r = &sd->records[sd->nrecords++];
    memset(r, 0, sizeof *r);
    r->fields = tz_arena_alloc(&sub->records_arena, sd->kind->ncolumns * sizeof *r->fields);
    memset(r->fields, 0, sd->kind->ncolumns * sizeof *r->fields);
    return r;
}

/* A list of a column's allowed values for messages: "约谈、诫勉谈话、…". */
static void allowed_values(const tz_column *col, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < col->nvalues && n + 64 < size; i++) {
        const char *v = col->values[i].label ? col->values[i].label : col->values[i].value;
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "、" : "", v);
    }
}

/* A 周次 in the date column that weekly rows add up by (第3周: the 3rd
 * report, due [weekly] first + 14 days) becomes that week's due date.
 * Returns 1 when the cell was a week number (a week past the campaign is
 * an E-DATE), 0 to go on as a date. */
static int week_number(tz_rec_state *st, const tz_column *col, const tz_cell *c, const char *shown,
                       tz_field *f)
{
    const tz_config *cfg = st->ctx->cfg;
    long week = cfg->weekly_enabled ? tz_week_number_cell(c) : 0;
    if (week < 1)
        return 0;
    long weeks = cfg->end < cfg->weekly_first ? 1 : ((long)cfg->end - cfg->weekly_first) / 7 + 1;
    if (week > weeks) {
        char q[256];
        f->status = TZ_FIELD_BAD;
        f->deadline = TZ_DEADLINE_INVALID;
        tz_rec_issue_at(st, TZ_SEV_ERROR, "E-DATE", f->row, f->col,
                        "%s“%s”超出本次活动的周数（第 1 至第 %ld 周；也可填写报告日期）", col->header,
                        tz_rec_quote(shown, q, sizeof q), weeks);
        return 1;
    }
    f->i = cfg->weekly_first + (tz_day)(7 * (week - 1));
    f->status = TZ_FIELD_OK;
    f->deadline = TZ_DEADLINE_DATE;
    return 1;
}

/* Parses one field; raises the issue for a bad value.  week_col: the field
 * is in the date column an accumulating kind adds up by. */
static void parse_field(tz_rec_state *st, const tz_column *col, const tz_cell *c, tz_field *f, int week_col)
{
    char tmp[64], q[256];
    const char *shown = tz_cell_display(c, tmp, sizeof tmp);
    tz_arena *a = &st->sub->records_arena;
    f->raw = tz_rec_cell_blank(c) ? NULL : tz_arena_strdup(a, shown);
    f->status = TZ_FIELD_EMPTY;
    const int year = st->ctx->default_year;
    switch (col->type) {
    case TZ_COL_TEXT:
        if (f->raw) {
            f->text = tz_text_clean(a, shown, strlen(shown));
            f->status = *f->text ? TZ_FIELD_OK : TZ_FIELD_EMPTY;
        }
        return;
    case TZ_COL_INT:
    case TZ_COL_MONEY: {
        int64_t v;
        tz_num_status ns = col->type == TZ_COL_INT ? tz_count_cell(c, &v) : tz_money_cell(c, &v);
        if (ns == TZ_NUM_OK) {
            f->i = v;
            f->status = TZ_FIELD_OK;
        } else if (ns != TZ_NUM_EMPTY) {
            f->status = TZ_FIELD_BAD;
            tz_rec_issue_at(
                st, TZ_SEV_ERROR, col->type == TZ_COL_INT ? "E-COUNT" : "E-MONEY", f->row, f->col,
                "%s“%s”%s（请填写%s）", col->header, tz_rec_quote(shown, q, sizeof q), tz_num_status_zh(ns),
                col->type == TZ_COL_INT ? " 0 或正整数，如 1200、18次" : "金额，最多两位小数，如 1234.50");
        }
        return;
    }
    case TZ_COL_DATE:
    case TZ_COL_DEADLINE: {
        tz_day d;
        tz_date_status ds = tz_date_cell(c, year, &d);
        if (ds == TZ_DATE_EMPTY)
            return;
        if (ds == TZ_DATE_OK) {
            f->i = d;
            f->status = TZ_FIELD_OK;
            f->deadline = TZ_DEADLINE_DATE;
            return;
        }
        if (week_col && ds != TZ_DATE_INVALID && week_number(st, col, c, shown, f))
            return;
        if (col->type == TZ_COL_DEADLINE && (ds == TZ_DATE_NONE || ds == TZ_DATE_IMMEDIATE)) {
            f->deadline = ds == TZ_DATE_NONE ? TZ_DEADLINE_NONE : TZ_DEADLINE_IMMEDIATE;
            f->text = tz_text_clean(a, shown, strlen(shown));
            f->status = TZ_FIELD_OK;
            return;
        }
        f->status = TZ_FIELD_BAD;
        f->deadline = TZ_DEADLINE_INVALID;
        tz_rec_issue_at(st, TZ_SEV_ERROR, "E-DATE", f->row, f->col,
                        "%s“%s”%s（应为 %d-10-30 或 %d年10月30日%s）", col->header,
                        tz_rec_quote(shown, q, sizeof q), tz_date_status_zh(ds), year, year,
                        col->type == TZ_COL_DEADLINE ? "，无固定时限的写“长期”或“持续整改”" : "");
        return;
    }
    case TZ_COL_TIME: {
        int secs;
        tz_time_status ts = tz_time_cell(c, &secs);
        if (ts == TZ_TIME_OK) {
            f->i = secs;
            f->status = TZ_FIELD_OK;
        } else if (ts != TZ_TIME_EMPTY) {
            f->status = TZ_FIELD_BAD;
            tz_rec_issue_at(st, TZ_SEV_ERROR, "E-TIME", f->row, f->col, "%s“%s”%s（应为 14:30 或 14时30分）",
                            col->header, tz_rec_quote(shown, q, sizeof q), tz_time_status_zh(ts));
        }
        return;
    }
    case TZ_COL_ENUM:
    case TZ_COL_STATE:
    case TZ_COL_CATEGORY: {
        int idx = tz_column_value(col, shown, strlen(shown));
        if (idx < 0 && !f->raw)
            return;
        if (idx >= 0) {
            f->i = idx;
            f->text = col->values[idx].value;
            f->status = TZ_FIELD_OK;
            return;
        }
        char list[512];
        allowed_values(col, list, sizeof list);
        if (col->type == TZ_COL_CATEGORY && col->other_value >= 0) {
            f->i = col->other_value;
            f->text = col->values[col->other_value].value;
            f->status = TZ_FIELD_OK;
            tz_rec_issue_at(st, TZ_SEV_WARNING, "W-CATEGORY", f->row, f->col,
                            "%s“%s”不是本次活动的问题类别（应为 %s），按“%s”统计", col->header,
                            tz_rec_quote(shown, q, sizeof q), list, f->text);
            return;
        }
        f->status = TZ_FIELD_BAD;
        tz_rec_issue_at(st, TZ_SEV_ERROR, col->type == TZ_COL_STATE ? "E-STATE" : "E-ENUM", f->row, f->col,
                        "%s“%s”不是可选的值（应为 %s）", col->header, tz_rec_quote(shown, q, sizeof q), list);
        return;
    }
    case TZ_COL_IGNORE:
        return;
    }
}

/* The record's field of role ix_roles[ix] when it holds a value, else NULL. */
static const tz_field *field_at(const sheet_reader *sr, const tz_record *r, int ix)
{
    int i = sr->ix[ix];
    return i >= 0 && r->fields[i].status == TZ_FIELD_OK ? &r->fields[i] : NULL;
}

/* The consistency warnings that one row shows by itself (the roles' checks
 * of docs/schemas.md "Roles"). */
static void check_record(sheet_reader *sr, const tz_record *r)
{
    tz_rec_state *st = sr->st;
    const tz_field *status = field_at(sr, r, IX_STATUS);
    const tz_field *deadline = field_at(sr, r, IX_DEADLINE);
    const tz_field *done = field_at(sr, r, IX_DONE);
    char a[32], b[32];
    int di = sr->ix[IX_DONE];
    if (status && status->i == TZ_STATE_CLOSED && !done && di >= 0 && r->fields[di].status != TZ_FIELD_BAD) {
        /* Point at the empty completion-date cell: that is what the unit must fill. */
        const int32_t *colmap = sr->sd->colmap;
        uint32_t col = colmap[di] >= 0 ? (uint32_t)colmap[di] : status->col;
        tz_rec_issue_at(st, TZ_SEV_WARNING, "W-NO-DONE-DATE", r->row, col,
                        "整改状态为“%s”，但没有填写完成日期", status->raw ? status->raw : "已完成");
    }
    if (done && deadline && deadline->deadline == TZ_DEADLINE_DATE && done->i > deadline->i) {
        tz_day_zh(a, sizeof a, (tz_day)done->i);
        tz_day_zh(b, sizeof b, (tz_day)deadline->i);
        tz_rec_issue_at(st, TZ_SEV_WARNING, "W-CLOSED-LATE", done->row, done->col,
                        "完成日期 %s 晚于整改时限 %s（超期 %lld 天完成）", a, b,
                        (long long)(done->i - deadline->i));
    }
    if (deadline && deadline->deadline == TZ_DEADLINE_DATE && deadline->i < st->ctx->cfg->start) {
        tz_day_zh(a, sizeof a, (tz_day)deadline->i);
        tz_day_zh(b, sizeof b, st->ctx->cfg->start);
        tz_rec_issue_at(st, TZ_SEV_WARNING, "W-DEADLINE-EARLY", deadline->row, deadline->col,
                        "整改时限 %s 早于活动开始日期 %s，请核实", a, b);
    }
    const tz_field *voters = field_at(sr, r, IX_VOTERS);
    if (voters) {
        int64_t sum = 0;
        int parts = 0;
        for (size_t i = 0; i < 3; i++) {
            const tz_field *p = field_at(sr, r, IX_SATISFIED + (int)i);
            if (p) {
                sum += p->i;
                parts++;
            }
        }
        if (parts && sum > voters->i)
            tz_rec_issue_at(st, TZ_SEV_WARNING, "W-RATING-OVER", voters->row, voters->col,
                            "满意、基本满意、不满意合计 %lld 票，超过参评人数 %lld", (long long)sum,
                            (long long)voters->i);
    }
    const tz_field *times = field_at(sr, r, IX_TIMES);
    const tz_field *persons = field_at(sr, r, IX_PERSONS);
    if (times && persons && persons->i < times->i)
        tz_rec_issue_at(st, TZ_SEV_WARNING, "W-PERSONS", persons->row, persons->col,
                        "人次 %lld 少于次数 %lld，请核实", (long long)persons->i, (long long)times->i);
}

/* Checks a totals row's numbers against the sums of the rows above it;
 * `label` is the key of its first cell (合计, 小计 …). */
static void check_totals(tz_rec_state *st, const tz_sheetdata *sd, size_t from, uint32_t row,
                         const tz_cell *first, const char *label, uint32_t data_start)
{
    const tz_kind *k = sd->kind;
    for (size_t ci = 0; ci < k->ncolumns; ci++) {
        const tz_column *col = &k->columns[ci];
        if ((col->type != TZ_COL_INT && col->type != TZ_COL_MONEY) || sd->colmap[ci] < 0 ||
            (uint32_t)sd->colmap[ci] == first->col)
            continue;
        const tz_cell *c = data_cell(st->sheet, row, (uint32_t)sd->colmap[ci], data_start);
        if (tz_rec_cell_blank(c))
            continue;
        int64_t total;
        tz_num_status ns = col->type == TZ_COL_INT ? tz_count_cell(c, &total) : tz_money_cell(c, &total);
        if (ns != TZ_NUM_OK)
            continue;
        int64_t sum = 0;
        for (size_t i = from; i < sd->nrecords; i++)
            if (sd->records[i].fields[ci].status == TZ_FIELD_OK)
                sum += sd->records[i].fields[ci].i;
        if (sum != total) {
            char t[64], s[64];
            if (col->type == TZ_COL_MONEY) {
                snprintf(t, sizeof t, "%lld.%02lld", (long long)(total / 100), (long long)(total % 100));
                snprintf(s, sizeof s, "%lld.%02lld", (long long)(sum / 100), (long long)(sum % 100));
            } else {
                snprintf(t, sizeof t, "%lld", (long long)total);
                snprintf(s, sizeof s, "%lld", (long long)sum);
            }
            tz_rec_issue_at(st, TZ_SEV_WARNING, "W-TOTAL", c->row, c->col,
                            "%s行的%s为 %s，与上方各行之和 %s 不符", label, col->header, t, s);
        }
    }
}

/* The path a roll-up row came up, in the submission's records arena: the
 * row's 上报单位 one level down (when it is not the base unit itself), then
 * the 上报路径 it carried from below.  NULL when there is none. */
static const char *roll_up_path(sheet_reader *sr, const tz_record *r)
{
    const tz_field *via = sr->ix[IX_VIA] >= 0 ? &r->fields[sr->ix[IX_VIA]] : NULL;
    const tz_field *below = sr->ix[IX_PATH] >= 0 ? &r->fields[sr->ix[IX_PATH]] : NULL;
    const char *v = via && via->status == TZ_FIELD_OK ? via->text : NULL;
    const char *b = below && below->status == TZ_FIELD_OK ? below->text : NULL;
    if (v && (strcmp(v, r->base) == 0 || strcmp(v, r->unit) == 0))
        v = NULL;
    if (!v)
        return b;
    return b ? tz_arena_printf(&sr->st->sub->records_arena, "%s/%s", v, b) : v;
}

/* Reads the rows below the header into records, down to an end marker:
 * checks totals rows, rejects (with their issue) rows that cannot count. */
static void read_rows(sheet_reader *sr)
{
    tz_rec_state *st = sr->st;
    tz_sheetdata *sd = sr->sd;
    const tz_sheet *s = st->sheet;
    const tz_kind *k = sd->kind;
    const uint32_t start = sd->header_row + sd->header_rows;
    size_t subtotal_from = 0;
    const int seq = sr->ix[IX_SEQ];
    const int32_t seq_col = seq >= 0 ? sd->colmap[seq] : -1;
    int unit_col = sr->ix[IX_UNIT];
    const int roll_up = unit_col >= 0 && sd->colmap[unit_col] >= 0;
    const int desc_col = tz_kind_column_by_role(k, TZ_CR_DESC);
    for (uint32_t row = start; row < s->rows; row++) {
        st->row_desc = NULL;
        const tz_cell *first;
        row_kind rk = classify_row(s, row, seq_col, &first);
        if (rk == ROW_BLANK)
            continue;
        if (rk == ROW_END)
            break;
        if (rk == ROW_TOTAL) {
            char key[TZ_NORM_MAX];
            tz_rec_cell_key(first, key, sizeof key);
            check_totals(st, sd, starts_with(key, "小计") ? subtotal_from : 0, row, first, key, start);
            subtotal_from = sd->nrecords;
            sd->totals_rows++;
            continue;
        }
        sd->rows_read++;
        tz_record *r = add_record(st->sub, sd);
        r->row = row;
        r->unit = r->base = st->sub->unit_name;
        const tz_cell *dcell = desc_col >= 0 && sd->colmap[desc_col] >= 0
                                   ? data_cell(s, row, (uint32_t)sd->colmap[desc_col], start)
                                   : NULL;
        st->row_desc = dcell ? dcell->text : NULL;
        int usable = 0;
        for (size_t ci = 0; ci < k->ncolumns; ci++) {
            tz_field *f = &r->fields[ci];
            if (sd->colmap[ci] < 0)
                continue;
            const tz_cell *c = data_cell(s, row, (uint32_t)sd->colmap[ci], start);
            f->row = c ? c->row : row;
            f->col = c ? c->col : (uint32_t)sd->colmap[ci];
            parse_field(st, &k->columns[ci], c, f, (int)ci == k->accumulate_col);
            if (f->status == TZ_FIELD_BAD)
                r->flagged = 1;
            if (f->status == TZ_FIELD_OK && k->columns[ci].type != TZ_COL_IGNORE && (int)ci != seq)
                usable = 1;
        }
        if (roll_up && r->fields[unit_col].status == TZ_FIELD_OK) {
            /* A roll-up: the row names its own unit (docs/ledger.md). */
            char key[TZ_NORM_MAX];
            const char *t = r->fields[unit_col].text;
            int u = tz_norm_buf(key, sizeof key, t, strlen(t)) > 0 ? tz_rec_unit_find(st->ctx, key) : -1;
            r->base = u >= 0 ? st->ctx->cfg->units[u].name : t;
            /* A ledger with its 填报单位 is that unit's; an older one that names
             * none makes each row its own unit's. */
            r->unit = st->sub->unit_name && !k->office ? st->sub->unit_name : r->base;
            r->path = roll_up_path(sr, r);
            if (u < 0 && k->office) {
                /* The office's own register names only units of the list: any
                 * other name is a slip, counted nowhere. */
                char q[256], hint[512] = "";
                int near = tz_rec_unit_closest(st->ctx, key);
                if (near >= 0)
                    snprintf(hint, sizeof hint, "是否为“%s”？", st->ctx->cfg->units[near].name);
                sd->rows_rejected++;
                sd->nrecords--;
                tz_rec_issue_at(
                    st, TZ_SEV_WARNING, "W-UNIT", r->fields[unit_col].row, r->fields[unit_col].col,
                    "“%s”不在单位名单中，第 %u 行未计入（%s请按单位名单填写单位全称，或在单位名单中补充别名）",
                    tz_rec_quote(t, q, sizeof q), row + 1, hint);
                continue;
            }
        }
        const char *missing = NULL;
        uint32_t missing_col = 0;
        for (size_t ci = 0; ci < k->ncolumns && !missing; ci++) {
            if (k->columns[ci].required && r->fields[ci].status == TZ_FIELD_EMPTY && sd->colmap[ci] >= 0) {
                missing = k->columns[ci].header;
                missing_col = (uint32_t)sd->colmap[ci];
            }
        }
        /* A row of a roll-up must name its unit; rows of a workbook whose
         * unit is unknown are all rejected at once by tz_recognise_book. */
        if (missing || !usable || (roll_up && !r->unit)) {
            sd->rows_rejected++;
            sd->nrecords--;
            if (roll_up && !r->unit)
                tz_rec_issue_at(st, TZ_SEV_ERROR, "E-ROW-UNIT", row, (uint32_t)sd->colmap[unit_col],
                                "第 %u 行没有单位，该行未计入", row + 1);
            else if (missing)
                tz_rec_issue_at(st, TZ_SEV_ERROR, "E-REQUIRED", row, missing_col,
                                "第 %u 行缺少“%s”，该行未计入台账（请补填）", row + 1, missing);
            else
                tz_rec_issue_at(st, TZ_SEV_ERROR, "E-ROW", row, first->col,
                                "第 %u 行没有可用的数据，该行未计入台账", row + 1);
            continue;
        }
        check_record(sr, r);
    }
    st->row_desc = NULL;
}

void tz_rec_read_sheet(tz_rec_state *st, const tz_rec_header_guess *g, tz_rec_header_cache *hc)
{
    const tz_sheet *s = st->sheet;
    const tz_kind *k = g->kind;
    tz_sheetdata *sd = add_sheetdata(st->sub);
    sd->kind = k;
    sd->name = tz_arena_strdup(&st->sub->arena, s->name);
    sd->header_row = g->row;
    sd->header_rows = g->rows;
    sd->colmap = tz_arena_alloc(&st->sub->arena, (k->ncolumns ? k->ncolumns : 1) * sizeof *sd->colmap);
    sheet_reader sr = { .st = st, .sd = sd };
    index_columns(&sr, k);
    tz_rec_map_columns(st, g, hc, sd->colmap);

    char missing[512];
    size_t mn = 0;
    missing[0] = '\0';
    for (size_t ci = 0; ci < k->ncolumns; ci++)
        if (k->columns[ci].required && sd->colmap[ci] < 0 && mn + 64 < sizeof missing)
            mn += (size_t)snprintf(missing + mn, sizeof missing - mn, "%s“%s”", mn ? "、" : "",
                                   k->columns[ci].header);
    if (mn) {
        /* Its rows are still counted as read and rejected: nothing vanishes. */
        const int32_t seq_col = sr.ix[IX_SEQ] >= 0 ? sd->colmap[sr.ix[IX_SEQ]] : -1;
        for (uint32_t row = g->row + g->rows; row < s->rows; row++) {
            const tz_cell *first;
            row_kind rk = classify_row(s, row, seq_col, &first);
            if (rk == ROW_END)
                break;
            if (rk == ROW_DATA) {
                sd->rows_read++;
                sd->rows_rejected++;
            }
        }
        tz_rec_issue_at(st, TZ_SEV_ERROR, "E-COLUMN", g->row, 0,
                        "%s缺少必填列 %s，本工作表 %zu 行数据未计入（请按模板补上该列）", k->name, missing,
                        sd->rows_read);
        return;
    }
    read_rows(&sr);
}
