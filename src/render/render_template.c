/* render_template.c — see render_template.h.  libxlsxwriter lives here only. */
#include "render_template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "issue.h"
#include "render_xlsx.h"
#include "xldate.h"

/* Rows a unit can fill with validation in place; more can be added by copying. */
enum { DATA_ROWS = 300, FIRST_DATA = 4 };

static const char OPTIONS[] = "选项";

typedef struct {
    lxw_workbook *wb;
    const char *path;
    lxw_worksheet *options;
    lxw_col_t next_list; /* next free column of the 选项 sheet */
    lxw_format *title, *label, *header, *cell, *date, *note;
    /* Example dates in the prompts, from the campaign: a report date (as_of)
     * and a deadline 30 days later (also in Chinese). */
    char day_iso[16], due_iso[16], due_zh[32];
    double width; /* the columns of the sheet being written, in all */
} tmpl;

static int lxw_ok(const tmpl *t, const char *sheet, lxw_error e)
{
    return tz_lxw_check(t->path, sheet, e);
}

/* Whether column i of k has role r (declared, or by its key). */
static int has_role(const tz_kind *k, size_t i, tz_col_role r)
{
    return tz_kind_column_by_role(k, r) == (int)i;
}

/* Whether units fill column i of k in: not computed columns, nor the
 * roll-up's (单位, 上报单位, 上报路径), which only a ledger has. */
static int include_column(const tz_kind *k, size_t i)
{
    return k->columns[i].type != TZ_COL_IGNORE && !has_role(k, i, TZ_CR_UNIT) && !has_role(k, i, TZ_CR_VIA) &&
           !has_role(k, i, TZ_CR_PATH);
}

static const char *item_label(const tz_column *c, size_t i)
{
    return c->type == TZ_COL_STATE && c->values[i].label ? c->values[i].label : c->values[i].value;
}

/* Puts a list on the hidden 选项 sheet; *formula gets its range reference. */
static int add_list(tmpl *t, const char *head, const char *const *items, size_t n, char *formula, size_t size)
{
    lxw_col_t col = t->next_list++;
    if (lxw_ok(t, OPTIONS, worksheet_write_string(t->options, 0, col, head, NULL)) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (lxw_ok(t, OPTIONS, worksheet_write_string(t->options, (lxw_row_t)(i + 1), col, items[i], NULL)) !=
            0)
            return -1;
    char ref[16], a[16];
    tz_a1(ref, 1, col);
    tz_a1(a, (uint32_t)(n > 0 ? n : 1), col);
    /* "$B$2:$B$6": absolute, so every row of the column points at the same list. */
    char c1[40] = "", c2[40] = "";
    size_t k = 0;
    while (ref[k] >= 'A' && ref[k] <= 'Z')
        k++;
    snprintf(c1, sizeof c1, "$%.*s$%s", (int)k, ref, ref + k);
    k = 0;
    while (a[k] >= 'A' && a[k] <= 'Z')
        k++;
    snprintf(c2, sizeof c2, "$%.*s$%s", (int)k, a, a + k);
    snprintf(formula, size, "='%s'!%s:%s", OPTIONS, c1, c2);
    return 0;
}

/*
 * A drop-down of `items`: written into the rule itself when it fits Excel's
 * 255-character limit, else pointing at the 选项 sheet.  The inline form is
 * preferred because libxlsxwriter 1.1.4 leaks the formula of a list rule.
 * `items` must be NULL-terminated and outlive the validation call.
 */
static void set_list(lxw_data_validation *v, const char **items, size_t n, char *formula)
{
    /* libxlsxwriter 1.1.4 checks the 255 characters but joins the list in a
     * buffer of 255 bytes (+2): 15 school names of 12 Chinese characters
     * passed the one and overflowed the other (abort).  Both are kept. */
    size_t chars = n ? n - 1 : 0, bytes = chars;
    int inline_ok = n > 0;
    for (size_t i = 0; i < n && inline_ok; i++) {
        inline_ok = strchr(items[i], ',') == NULL && strchr(items[i], '"') == NULL;
        bytes += strlen(items[i]);
        for (const unsigned char *p = (const unsigned char *)items[i]; *p; p++)
            chars += (*p & 0xC0) != 0x80;
    }
    if (inline_ok && chars <= 255 && bytes <= 255) {
        v->validate = LXW_VALIDATION_TYPE_LIST;
        v->value_list = (char **)items;
    } else {
        v->validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        v->value_formula = formula;
    }
}

static int validate(tmpl *t, lxw_worksheet *ws, const char *sheet, lxw_col_t c, lxw_data_validation *v)
{
    return lxw_ok(t, sheet,
                  worksheet_data_validation_range(ws, FIRST_DATA, c, FIRST_DATA + DATA_ROWS - 1, c, v));
}

static int column(tmpl *t, lxw_worksheet *ws, const tz_kind *k, const tz_column *col, lxw_col_t c)
{
    const int seq = tz_kind_column_by_role(k, TZ_CR_SEQ) == (int)(col - k->columns);
    double w = tz_text_width(col->header) + 4;
    lxw_format *fmt = t->cell;
    lxw_data_validation v = { .show_input = LXW_VALIDATION_ON,
                              .show_error = LXW_VALIDATION_ON,
                              .ignore_blank = LXW_VALIDATION_ON,
                              .error_type = LXW_VALIDATION_ERROR_TYPE_STOP };
    char formula[128], title[64], msg[256] = "", etitle[64] = "", emsg[256] = "";
    snprintf(title, sizeof title, "%s", col->header);
    v.input_title = title;
    v.input_message = msg;
    v.error_title = etitle;
    v.error_message = emsg;
    snprintf(etitle, sizeof etitle, "%s填写有误", col->header);
    lxw_datetime lo = { 1990, 1, 1, 0, 0, 0 }, hi = { 2100, 12, 31, 0, 0, 0 };
    switch (col->type) {
    case TZ_COL_ENUM:
    case TZ_COL_STATE:
    case TZ_COL_CATEGORY: {
        const char **items = tz_xcalloc(col->nvalues + 1, sizeof *items);
        size_t len = 0;
        for (size_t i = 0; i < col->nvalues; i++) {
            items[i] = item_label(col, i);
            len += strlen(items[i]) + 3;
            double iw = tz_text_width(items[i]) + 4;
            w = iw > w ? iw : w;
        }
        char head[128];
        snprintf(head, sizeof head, "%s·%s", k->name, col->header);
        int rc = add_list(t, head, items, col->nvalues, formula, sizeof formula);
        char *list = tz_xmalloc(len + 1);
        list[0] = 0;
        for (size_t i = 0; i < col->nvalues; i++) {
            if (i)
                strcat(list, "、");
            strcat(list, items[i]);
        }
        if (rc == 0) {
            set_list(&v, items, col->nvalues, formula);
            snprintf(msg, sizeof msg, "请从下拉列表中选择：%s", list);
            snprintf(emsg, sizeof emsg, "只能填写：%s", list);
            rc = validate(t, ws, k->name, c, &v);
        }
        free(items);
        free(list);
        if (rc != 0)
            return -1;
        break;
    }
    case TZ_COL_DATE:
    case TZ_COL_DEADLINE:
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_datetime = lo;
        v.maximum_datetime = hi;
        if (col->type == TZ_COL_DEADLINE) {
            /* 长期 and 立行立改 are valid deadlines: a warning lets them through. */
            v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
            snprintf(msg, sizeof msg, "请填写日期，如 %s；没有固定时限的填“长期”，立即整改的填“立行立改”",
                     t->due_iso);
            snprintf(emsg, sizeof emsg,
                     "这不是日期。只有“长期”“持续整改”“立行立改”可以不写日期，确定要这样填吗？");
        } else {
            snprintf(msg, sizeof msg, "请填写日期，如 %s", t->due_iso);
            snprintf(emsg, sizeof emsg, "请填写有效日期，如 %s 或 %s", t->due_iso, t->due_zh);
        }
        fmt = t->date;
        w = w < 14 ? 14 : w;
        if (validate(t, ws, k->name, c, &v) != 0)
            return -1;
        break;
    case TZ_COL_INT:
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        snprintf(msg, sizeof msg, "请填写不小于 0 的整数");
        snprintf(emsg, sizeof emsg, "%s应为不小于 0 的整数", col->header);
        if (validate(t, ws, k->name, c, &v) != 0)
            return -1;
        break;
    case TZ_COL_MONEY:
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        snprintf(msg, sizeof msg, "请填写金额（元），最多两位小数");
        snprintf(emsg, sizeof emsg, "%s应为不小于 0 的金额（元）", col->header);
        if (validate(t, ws, k->name, c, &v) != 0)
            return -1;
        break;
    case TZ_COL_TEXT:
        if (col->required) {
            v.validate = LXW_VALIDATION_TYPE_ANY;
            v.show_error = LXW_VALIDATION_OFF;
            v.error_title = v.error_message = NULL;
            snprintf(msg, sizeof msg, "必填：没有%s的行不会计入台账", col->header);
            if (validate(t, ws, k->name, c, &v) != 0)
                return -1;
        }
        /* Wide enough to type in; longer text wraps. */
        w = w < 20 && !seq ? 20 : w;
        break;
    case TZ_COL_TIME:
        v.validate = LXW_VALIDATION_TYPE_ANY;
        v.show_error = LXW_VALIDATION_OFF;
        v.error_title = v.error_message = NULL;
        snprintf(msg, sizeof msg, "请填写时间，如 14:30 或 14时30分");
        if (validate(t, ws, k->name, c, &v) != 0)
            return -1;
        w = w < 12 ? 12 : w;
        break;
    case TZ_COL_IGNORE:
        break;
    }
    if (seq)
        w = 6;
    if (lxw_ok(t, k->name, worksheet_set_column(ws, c, c, w, fmt)) != 0)
        return -1;
    t->width += w;
    char head[256];
    snprintf(head, sizeof head, "%s%s", col->required ? "*" : "", col->header);
    return lxw_ok(t, k->name, worksheet_write_string(ws, FIRST_DATA - 1, c, head, t->header));
}

static int kind_sheet(tmpl *t, const tz_config *cfg, const tz_kind *k, lxw_worksheet *ws, const char **units,
                      char *units_formula)
{
    lxw_col_t n = 0;
    t->width = 0;
    for (size_t i = 0; i < k->ncolumns; i++)
        if (include_column(k, i) && column(t, ws, k, &k->columns[i], n++) != 0)
            return -1;
    char text[512];
    snprintf(text, sizeof text, "%s %s", cfg->name ? cfg->name : "", k->name);
    worksheet_set_row(ws, 0, 30, NULL);
    if (lxw_ok(t, k->name,
               n > 1 ? worksheet_merge_range(ws, 0, 0, 0, n - 1, text, t->title)
                     : worksheet_write_string(ws, 0, 0, text, t->title)) != 0)
        return -1;
    if (lxw_ok(t, k->name, worksheet_write_string(ws, 1, 0, "填报单位", t->label)) != 0 ||
        lxw_ok(t, k->name, worksheet_write_string(ws, 2, 0, "填报日期", t->label)) != 0)
        return -1;
    /* The value cells sit right of the label; B and C merged so long names show. */
    if (lxw_ok(t, k->name, worksheet_merge_range(ws, 1, 1, 1, 2, "", t->cell)) != 0 ||
        lxw_ok(t, k->name, worksheet_merge_range(ws, 2, 1, 2, 2, "", t->date)) != 0)
        return -1;
    lxw_data_validation u = { .show_input = LXW_VALIDATION_ON,
                              .show_error = LXW_VALIDATION_ON,
                              .input_title = (char *)"填报单位",
                              .input_message = (char *)"请从下拉列表中选择本单位名称",
                              .error_title = (char *)"填报单位有误",
                              .error_message = (char *)"请从下拉列表中选择本单位名称（与单位名单一致）" };
    set_list(&u, units, cfg->nunits, units_formula);
    if (lxw_ok(t, k->name, worksheet_data_validation_cell(ws, 1, 1, &u)) != 0)
        return -1;
    char in_msg[96], err_msg[96];
    snprintf(in_msg, sizeof in_msg, "请填写报送日期，如 %s", t->day_iso);
    snprintf(err_msg, sizeof err_msg, "请填写有效日期，如 %s", t->day_iso);
    lxw_data_validation d = { .validate = LXW_VALIDATION_TYPE_DATE,
                              .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                              .minimum_datetime = { 1990, 1, 1, 0, 0, 0 },
                              .maximum_datetime = { 2100, 12, 31, 0, 0, 0 },
                              .show_input = LXW_VALIDATION_ON,
                              .show_error = LXW_VALIDATION_ON,
                              .input_title = (char *)"填报日期",
                              .input_message = in_msg,
                              .error_title = (char *)"填报日期有误",
                              .error_message = err_msg };
    if (lxw_ok(t, k->name, worksheet_data_validation_cell(ws, 2, 1, &d)) != 0)
        return -1;
    worksheet_freeze_panes(ws, FIRST_DATA, 0);
    /* Readable on paper: fitted to the width only at 8 points or more;
     * else the first two columns (序号 and what the row is) repeated. */
    tz_print_setup(
        ws, &(tz_print){ .width = t->width, .ncols = n, .nkeys = n > 1 ? 2 : 1, .head = FIRST_DATA - 1 });
    return 0;
}

/* The kinds a unit fills in: not the office's own, and 周报 only when
 * weekly reports are enabled. */
static int in_template(const tz_config *cfg, const tz_kind *k)
{
    return !k->office && (cfg->weekly_enabled || strcmp(k->key, "weekly") != 0);
}

/* The instructions' one column, and a line of it as tall as its wrapped
 * text: no program fits row heights when it opens a file. */
enum { HELP_WIDTH = 88 };

static int help_line(tmpl *t, lxw_worksheet *ws, lxw_row_t r, const char *text, lxw_format *f)
{
    double height = tz_row_height(tz_text_lines(text, HELP_WIDTH));
    if (lxw_ok(t, "填表说明", worksheet_set_row(ws, r, height, NULL)) != 0)
        return -1;
    return lxw_ok(t, "填表说明", worksheet_write_string(ws, r, 0, text, f));
}

static int instructions(tmpl *t, const tz_config *cfg, const tz_schema *sc, const tz_layout *lay,
                        lxw_worksheet *ws)
{
    static const char sheet[] = "填表说明";
    char line[1024];
    int rc = lxw_ok(t, sheet, worksheet_set_column(ws, 0, 0, HELP_WIDTH, t->note));
    size_t r = 0;
    const tz_layout_help *h = &lay->help;
    const char *values[] = { cfg->name, t->day_iso, t->due_iso, t->due_zh };
    tz_layout_fill(line, sizeof line, h->title, tz_help_names, values);
    /* The title's row fits its 16-point text: it printed cut in half. */
    if (rc == 0)
        rc = lxw_ok(t, sheet, worksheet_set_row(ws, (lxw_row_t)r, 30, NULL));
    if (rc == 0)
        rc = lxw_ok(t, sheet, worksheet_write_string(ws, (lxw_row_t)r++, 0, line, t->title));
    /* A line whose names have no value is left out, as on the lists. */
    for (size_t i = 0; i < h->nlines && rc == 0; i++)
        if (tz_layout_fill(line, sizeof line, h->lines[i], tz_help_names, values))
            rc = help_line(t, ws, (lxw_row_t)r++, line, t->note);
    r++;
    tz_layout_fill(line, sizeof line, h->required, tz_help_names, values);
    if (rc == 0)
        rc = lxw_ok(t, sheet, worksheet_write_string(ws, (lxw_row_t)r++, 0, line, t->label));
    for (size_t i = 0; i < sc->nkinds && rc == 0; i++) {
        const tz_kind *k = &sc->kinds[i];
        if (!in_template(cfg, k))
            continue;
        size_t n = (size_t)snprintf(line, sizeof line, "「%s」：", k->name);
        int any = 0;
        for (size_t c = 0; c < k->ncolumns && n < sizeof line; c++)
            if (k->columns[c].required && include_column(k, c)) {
                n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", any ? "、" : "",
                                      k->columns[c].header);
                any = 1;
            }
        if (!any && n < sizeof line)
            snprintf(line + n, sizeof line - n, "无");
        rc = help_line(t, ws, (lxw_row_t)r++, line, t->note);
    }
    if (rc == 0) {
        tz_print_setup(ws, &(tz_print){ .width = HELP_WIDTH, .ncols = 1, .portrait = 1, .head = -1 });
    }
    return rc;
}

int tz_template_write(const tz_config *cfg, const tz_schema *sc, const tz_layout *lay, const char *path)
{
    tmpl t = { .path = path };
    tz_day_iso(t.day_iso, cfg->as_of);
    tz_day_iso(t.due_iso, cfg->as_of + 30);
    tz_day_zh(t.due_zh, sizeof t.due_zh, cfg->as_of + 30);
    t.wb = workbook_new(path);
    if (!t.wb)
        return tz_error("无法创建 %s", path);
    char title[256];
    snprintf(title, sizeof title, "%s报送模板", cfg->name ? cfg->name : "");
    lxw_doc_properties props = { .title = title,
                                 .author = (char *)(cfg->organisation ? cfg->organisation : ""),
                                 .created = (time_t)cfg->as_of * 86400 };
    int rc = lxw_ok(&t, "", workbook_set_properties(t.wb, &props));
    t.title = workbook_add_format(t.wb);
    format_set_bold(t.title);
    format_set_font_size(t.title, 16);
    format_set_align(t.title, LXW_ALIGN_CENTER);
    format_set_align(t.title, LXW_ALIGN_VERTICAL_CENTER);
    t.label = workbook_add_format(t.wb);
    format_set_bold(t.label);
    t.header = workbook_add_format(t.wb);
    format_set_bold(t.header);
    format_set_border(t.header, LXW_BORDER_THIN);
    format_set_text_wrap(t.header);
    format_set_align(t.header, LXW_ALIGN_CENTER);
    format_set_align(t.header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(t.header, 0xD9E1F2);
    t.cell = workbook_add_format(t.wb);
    format_set_text_wrap(t.cell);
    format_set_border(t.cell, LXW_BORDER_THIN);
    t.date = workbook_add_format(t.wb);
    format_set_num_format(t.date, "yyyy-mm-dd");
    format_set_border(t.date, LXW_BORDER_THIN);
    t.note = workbook_add_format(t.wb);
    format_set_text_wrap(t.note);

    /* Sheets in tab order: the instructions (read first), the kinds, the
     * hidden lists. */
    lxw_worksheet *help = rc == 0 ? workbook_add_worksheet(t.wb, "填表说明") : NULL;
    lxw_worksheet **sheets = tz_xcalloc(sc->nkinds ? sc->nkinds : 1, sizeof *sheets);
    for (size_t i = 0; i < sc->nkinds && rc == 0; i++)
        if (in_template(cfg, &sc->kinds[i]) && !(sheets[i] = workbook_add_worksheet(t.wb, sc->kinds[i].name)))
            rc = tz_error("%s：无法添加工作表“%s”", path, sc->kinds[i].name);
    t.options = rc == 0 ? workbook_add_worksheet(t.wb, OPTIONS) : NULL;
    if (rc == 0 && (!help || !t.options))
        rc = tz_error("%s：无法添加工作表", path);
    char units_formula[128];
    const char **names = tz_xcalloc(cfg->nunits + 1, sizeof *names);
    for (size_t u = 0; u < cfg->nunits; u++)
        names[u] = cfg->units[u].name;
    if (rc == 0) {
        worksheet_hide(t.options);
        rc = add_list(&t, "单位", names, cfg->nunits, units_formula, sizeof units_formula);
    }
    for (size_t i = 0; i < sc->nkinds && rc == 0; i++)
        if (sheets[i])
            rc = kind_sheet(&t, cfg, &sc->kinds[i], sheets[i], names, units_formula);
    free(names);
    if (rc == 0)
        rc = instructions(&t, cfg, sc, lay, help);
    free(sheets);
    if (rc != 0) {
        lxw_workbook_free(t.wb);
        return rc;
    }
    return tz_lxw_close(t.wb, path);
}
