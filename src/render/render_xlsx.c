/* render_xlsx.c — see render_xlsx.h.  libxlsxwriter lives here only. */
#include "render_xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "syserr.h"
#include "tmpl.h"
#include "trace.h"
#include "value.h"
#include "xldate.h"

/* Every sheet's top rows: the title, the 填报单位/填报日期 block (the level
 * above recognises the ledger by it), the header; then the data. */
enum { TITLE_ROW = 0, BLOCK_ROW = 1, HEAD_ROW = 2, DATA_ROW = 3 };

/* The office that sends the lists: campaign.office, else the organisation. */
static const char *sender(const tz_config *cfg)
{
    return cfg->office ? cfg->office : cfg->organisation ? cfg->organisation : "";
}

/* ---- writing ------------------------------------------------------------------ */

typedef struct {
    lxw_workbook *wb;
    const tz_config *cfg;
    lxw_format *title, *header, *text, *number, *real, *pct, *date, *note;
    lxw_format *total_text, *total_number, *total_real, *total_pct;
    lxw_format *red, *amber, *sign;
    char as_of_zh[64];
    const char *path;
    const char *charts_sheet;
} book;

static lxw_format *new_format(lxw_workbook *wb, int border, int bold, const char *num)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (num)
        format_set_num_format(f, num);
    return f;
}

/* Opens a workbook dated from as_of: libxlsxwriter would otherwise stamp
 * the wall clock and no two runs would be byte-identical. */
static int book_open(book *b, const tz_config *cfg, const char *path, const char *doc_title, int big)
{
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    b->path = path;
    lxw_workbook_options opt = { .constant_memory = (uint8_t)(big ? LXW_TRUE : LXW_FALSE) };
    /* libxlsxwriter makes a few temporary files per workbook: for the small
     * ones (a province's thousands of correction lists) memory is cheaper
     * than the file system's inode churn (measured: a fifth of the CPU at
     * 5,000 units).  The big ledger's files stay on disk. */
    if (!big && access("/dev/shm", W_OK | X_OK) == 0)
        opt.tmpdir = (char *)"/dev/shm";
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb)
        return tz_error("无法创建 %s", path);
    lxw_doc_properties props = {
        .title = (char *)doc_title,
        .author = (char *)(cfg->organisation ? cfg->organisation : ""),
        .company = (char *)(cfg->organisation ? cfg->organisation : ""),
        .created = (time_t)cfg->as_of * 86400,
    };
    lxw_error e = workbook_set_properties(b->wb, &props);
    if (e != LXW_NO_ERROR) {
        workbook_close(b->wb);
        return tz_error("无法设置 %s 的文档属性：%s", path, tz_lxw_strerror(e));
    }
    b->title = new_format(b->wb, 0, 1, NULL);
    format_set_font_size(b->title, 16);
    format_set_align(b->title, LXW_ALIGN_CENTER);
    format_set_text_wrap(b->title);
    b->header = new_format(b->wb, 1, 1, NULL);
    format_set_align(b->header, LXW_ALIGN_CENTER);
    format_set_bg_color(b->header, 0xD9E1F2);
    b->text = new_format(b->wb, 1, 0, NULL);
    b->number = new_format(b->wb, 1, 0, "0");
    b->real = new_format(b->wb, 1, 0, "0.00");
    b->pct = new_format(b->wb, 1, 0, "0.0%");
    b->date = new_format(b->wb, 1, 0, "yyyy-mm-dd");
    b->note = new_format(b->wb, 0, 0, NULL);
    b->total_text = new_format(b->wb, 1, 1, NULL);
    b->total_number = new_format(b->wb, 1, 1, "0");
    b->total_real = new_format(b->wb, 1, 1, "0.00");
    b->total_pct = new_format(b->wb, 1, 1, "0.0%");
    b->red = workbook_add_format(b->wb);
    format_set_bg_color(b->red, 0xFFC7CE);
    format_set_font_color(b->red, 0x9C0006);
    b->amber = workbook_add_format(b->wb);
    format_set_bg_color(b->amber, 0xFFEB9C);
    format_set_font_color(b->amber, 0x9C5700);
    b->sign = new_format(b->wb, 0, 0, NULL);
    format_set_align(b->sign, LXW_ALIGN_RIGHT);
    tz_day_zh(b->as_of_zh, sizeof b->as_of_zh, cfg->as_of);
    return 0;
}

static int book_close(book *b)
{
    int rc = tz_lxw_close(b->wb, b->path);
    b->wb = NULL;
    return rc;
}

const char *tz_lxw_strerror(lxw_error e)
{
    switch (e) {
    case LXW_NO_ERROR:
        return "没有错误";
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return "内存不足";
    case LXW_ERROR_CREATING_XLSX_FILE:
        return "无法创建文件（请检查文件夹是否存在、是否有写入权限）";
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
        return "无法使用临时文件（请检查临时文件夹是否可写、磁盘空间是否足够）";
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return "写入文件失败（磁盘空间不足或文件不可写）";
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
        return "工作表名称超过 31 个字符";
    case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
        return "工作表名称含有不允许的字符（[ ] : * ? / \\）";
    case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
        return "工作表名称不能以单引号开头或结尾";
    case LXW_ERROR_SHEETNAME_ALREADY_USED:
        return "工作表名称重复";
    case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED:
        return "文字超过 Excel 允许的长度";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
        return "超出 Excel 允许的行数或列数";
    case LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED:
        return "超链接超过 Excel 允许的个数";
    default:
        return "写表程序库内部错误";
    }
}

int tz_lxw_close(lxw_workbook *wb, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        int err = errno;
        lxw_workbook_free(wb);
        return tz_error("无法写出 %s：%s", path, tz_strerror(err));
    }
    close(fd);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return tz_error("无法写出 %s：%s", path, tz_lxw_strerror(e));
    return 0;
}

/* The width of the n bytes at s, one line (tz_text_width's units). */
static double span_width(const char *s, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) /* a character's first byte: 3 or 4 bytes long is wide */
            w += c >= 0xE0 ? 2.1 : 1.1;
    }
    return w;
}

double tz_text_width(const char *s)
{
    double best = 0;
    for (;; s++) {
        size_t n = strcspn(s, "\n");
        double w = span_width(s, n);
        best = w > best ? w : best;
        if (!s[n])
            return best;
        s += n;
    }
}

double tz_text_lines(const char *s, double width)
{
    double lines = 0, room = width - 1;
    for (;; s++) {
        size_t n = strcspn(s, "\n");
        double w = span_width(s, n);
        lines += w > room ? ceil(w / room) : 1;
        if (!s[n])
            return lines;
        s += n;
    }
}

static int is_iso_date(const char *s, tz_day *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    return tz_day_parse_iso(s, day) == 0;
}

static int is_percent(const tz_layout_sheet *s, const char *col)
{
    for (size_t i = 0; i < s->npercent; i++)
        if (strcmp(s->percent[i], col) == 0)
            return 1;
    return tz_is_rate_name(col);
}

int tz_lxw_check(const char *path, const char *sheet, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return 0;
    return tz_error("写入 %s「%s」失败：%s", path, sheet, tz_lxw_strerror(e));
}

static int check_lxw(const book *b, const char *sheet, lxw_error e)
{
    return tz_lxw_check(b->path, sheet, e);
}

/* Writes a value; text is always a string (never a formula). */
static lxw_error put_val(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const tz_val *v, int pct,
                         int total)
{
    tz_day day;
    switch (v->type) {
    case TZ_VAL_INT:
        return worksheet_write_number(ws, r, c, (double)v->i,
                                      pct     ? (total ? b->total_pct : b->pct)
                                      : total ? b->total_number
                                              : b->number);
    case TZ_VAL_REAL:
        return worksheet_write_number(ws, r, c, v->r,
                                      pct     ? (total ? b->total_pct : b->pct)
                                      : total ? b->total_real
                                              : b->real);
    case TZ_VAL_TEXT:
        if (!v->s[0])
            break;
        if (is_iso_date(v->s, &day)) {
            int y, m, d;
            tz_day_to_ymd(day, &y, &m, &d);
            lxw_datetime dt = { y, m, d, 0, 0, 0 };
            return worksheet_write_datetime(ws, r, c, &dt, b->date);
        }
        return worksheet_write_string(ws, r, c, v->s, total ? b->total_text : b->text);
    case TZ_VAL_NULL:
        break;
    }
    return worksheet_write_blank(ws, r, c, total ? b->total_text : b->text);
}

static char *col_letters(char *buf, lxw_col_t c)
{
    char ref[16];
    tz_a1(ref, 0, c);
    size_t n = strlen(ref) - 1; /* drop the row number "1" */
    memcpy(buf, ref, n);
    buf[n] = 0;
    return buf;
}

/* Highlights the rows [first, last] whose column `rule.col` holds
 * `rule.value`, across columns 0 … ncols-1. */
static int highlight(book *b, lxw_worksheet *ws, const char *sheet, const tz_table *t, tz_layout_rule rule,
                     lxw_format *fmt, lxw_row_t first, lxw_row_t last)
{
    if (!rule.col)
        return 0;
    int c = tz_table_col(t, rule.col);
    if (c < 0)
        return 0;
    char letters[8], formula[256];
    snprintf(formula, sizeof formula, "=$%s%u=\"%s\"", col_letters(letters, (lxw_col_t)c),
             (unsigned)first + 1, rule.value);
    lxw_conditional_format cf = { .type = LXW_CONDITIONAL_TYPE_FORMULA,
                                  .value_string = formula,
                                  .format = fmt };
    return check_lxw(b, sheet,
                     worksheet_conditional_format_range(ws, first, 0, last, (lxw_col_t)(t->ncols - 1), &cf));
}

/* A sheet's column while its rows stream past: what its width and the
 * totals row need, so that no row is kept. */
typedef struct {
    double fixed;  /* width from ledger.ini, or 0: fitted to the text */
    double widest; /* fitted: the widest text so far, header included */
    int pct;
    double sum;        /* the totals row: the column's sum so far */
    int numeric, real; /* … no text seen; a real seen */
} column;

/* Totals row: numeric columns summed; ratio columns recomputed from sums. */
static int write_totals(book *b, lxw_worksheet *ws, const tz_layout_sheet *s, const tz_table *t,
                        const column *cols, lxw_row_t r)
{
    int rc = 0;
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        int pct = cols[c].pct;
        tz_val v = { .type = TZ_VAL_NULL };
        if (c == 0)
            v = (tz_val){ .type = TZ_VAL_TEXT, .s = s->totals };
        else if (cols[c].numeric && !pct)
            v = cols[c].real ? (tz_val){ .type = TZ_VAL_REAL, .r = cols[c].sum }
                             : (tz_val){ .type = TZ_VAL_INT, .i = (int64_t)cols[c].sum };
        for (size_t k = 0; k < s->nratios && c > 0; k++) {
            if (strcmp(s->ratios[k].name, t->cols[c]) != 0)
                continue;
            double den = cols[tz_table_col(t, s->ratios[k].den)].sum;
            v = den > 0
                    ? (tz_val){ .type = TZ_VAL_REAL, .r = cols[tz_table_col(t, s->ratios[k].num)].sum / den }
                    : (tz_val){ .type = TZ_VAL_NULL };
        }
        rc = check_lxw(b, s->name, put_val(b, ws, r, (lxw_col_t)c, &v, pct, 1));
    }
    return rc;
}

/* Paper and margins.  Widths in millimetres: Excel's column unit is 7
 * pixels of the default font plus 5 pixels of padding, at 96 pixels an
 * inch. */
enum { PAPER_A4 = 9, PAPER_A3 = 8 };
static const double MARGIN_SIDE = 0.4, MARGIN_TOP = 0.6; /* inches */

/* The smallest print scale at which 11-point text is still read at 8
 * points or more: 11 × 0.75 = 8.25.  Fitting allows 4% more than the
 * estimate of the widths: LibreOffice measured the sample's 问题台账 that
 * much wider, and fitted it at 74.5%. */
enum { PRINT_SCALE = 75 };
static const double FIT_SLACK = 1.04;

/* Whether the printed columns fit one page width at a readable scale. */
static int fits_page(const tz_print *p)
{
    double shorter = p->a3 ? 297 : 210, longer = p->a3 ? 420 : 297;
    double paper = (p->portrait ? shorter : longer) - 2 * MARGIN_SIDE * 25.4;
    double mm = (p->width * 7 + 5 * (double)p->ncols) * 25.4 / 96;
    return mm * FIT_SLACK * PRINT_SCALE / 100.0 <= paper;
}

void tz_print_setup(lxw_worksheet *ws, const tz_print *p)
{
    worksheet_set_paper(ws, p->a3 ? PAPER_A3 : PAPER_A4);
    if (p->portrait)
        worksheet_set_portrait(ws);
    else
        worksheet_set_landscape(ws);
    worksheet_set_margins(ws, MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_TOP);
    if (p->head >= 0)
        worksheet_repeat_rows(ws, (lxw_row_t)p->head, (lxw_row_t)p->head);
    if (fits_page(p)) {
        worksheet_fit_to_pages(ws, 1, 0);
    } else {
        worksheet_set_print_scale(ws, PRINT_SCALE);
        if (p->nkeys > 0)
            worksheet_repeat_columns(ws, 0, (lxw_col_t)(p->nkeys - 1));
    }
    worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
    if (p->center)
        worksheet_center_horizontally(ws);
}

/*
 * A ledger sheet's page setup, once the widths are known: paper and
 * orientation from ledger.ini; the printed columns (all but the office's)
 * fitted to the page width when that keeps the text readable, else printed
 * at the smallest readable scale on pages across, the key columns repeated
 * on each; the header row repeated on every page.  Rows are never cut: no
 * row is taller than a page.
 */
static void print_setup(lxw_worksheet *ws, const tz_layout_sheet *s, const double *widths, size_t nprint,
                        lxw_row_t head, lxw_row_t last)
{
    tz_print p = { .a3 = s->paper == PAPER_A3,
                   .portrait = s->portrait,
                   .ncols = nprint,
                   .nkeys = s->nkeys,
                   .head = (int)head,
                   .center = 1 };
    for (size_t c = 0; c < nprint; c++)
        p.width += widths[c];
    worksheet_print_area(ws, 0, 0, last, (lxw_col_t)(nprint - 1));
    tz_print_setup(ws, &p);
}

/* Row heights in points for text of the cell font: a line (11-point text
 * takes 14.3 points in 宋体, 15.9 in Noto Sans CJK, what LibreOffice draws
 * it with where 宋体 is not installed: at 15 a list of six lines printed
 * over the cell's border), and the tallest row, Excel's limit (409 pt, 25
 * lines): a long 问题描述 is shown whole up to there.  Such a row still
 * fits a printed page with the header repeated over it (A4 landscape holds
 * about 500 pt at 100%, more at the scales a sheet is printed at), so a
 * page break never cuts it. */
static const double LINE_PT = 16, ROW_MAX_PT = 409;

double tz_row_height(double lines)
{
    double pt = LINE_PT * lines + 3;
    return pt < ROW_MAX_PT ? pt : ROW_MAX_PT;
}

/* The title row (organisation, campaign, title, 截至 date) over the
 * printed columns, and the line under it: `block` when given, else
 * 填报单位：<organisation> and 填报日期：<as_of>, the cells the level above
 * recognises the workbook by (whatever its file is called). */
static int title_rows(book *b, lxw_worksheet *ws, const char *sheet, const char *title, size_t ncols,
                      const char *block)
{
    const tz_config *cfg = b->cfg;
    char text[768];
    snprintf(text, sizeof text, "%s%s %s（截至%s）", cfg->organisation ? cfg->organisation : "",
             cfg->name ? cfg->name : "", title, b->as_of_zh);
    int rc = check_lxw(b, sheet, worksheet_set_row(ws, TITLE_ROW, 30, NULL));
    if (rc == 0)
        rc = check_lxw(b, sheet,
                       ncols > 1 ? worksheet_merge_range(ws, TITLE_ROW, 0, TITLE_ROW, (lxw_col_t)(ncols - 1),
                                                         text, b->title)
                                 : worksheet_write_string(ws, TITLE_ROW, 0, text, b->title));
    if (rc != 0)
        return -1;
    if (block) {
        return check_lxw(b, sheet,
                         ncols > 1 ? worksheet_merge_range(ws, BLOCK_ROW, 0, BLOCK_ROW,
                                                           (lxw_col_t)(ncols - 1), block, b->note)
                                   : worksheet_write_string(ws, BLOCK_ROW, 0, block, b->note));
    }
    if (!cfg->organisation)
        return 0;
    char unit[512], date[128];
    snprintf(unit, sizeof unit, "填报单位：%s", cfg->organisation);
    snprintf(date, sizeof date, "填报日期：%s", b->as_of_zh);
    /* Two cells, the unit over the left half: each its own 填报… cell. */
    lxw_col_t half = (lxw_col_t)(ncols > 1 ? ncols / 2 : 1);
    if (half > 1)
        rc = check_lxw(b, sheet, worksheet_merge_range(ws, BLOCK_ROW, 0, BLOCK_ROW, half - 1, unit, b->note));
    else
        rc = check_lxw(b, sheet, worksheet_write_string(ws, BLOCK_ROW, 0, unit, b->note));
    if (rc == 0 && ncols - half > 1)
        rc = check_lxw(
            b, sheet,
            worksheet_merge_range(ws, BLOCK_ROW, half, BLOCK_ROW, (lxw_col_t)(ncols - 1), date, b->note));
    else if (rc == 0)
        rc = check_lxw(b, sheet, worksheet_write_string(ws, BLOCK_ROW, half, date, b->note));
    return rc;
}

/* Fitted widths: the widest text + 2, within 6 … FIT_MAX; longer text
 * wraps. */
enum { FIT_MAX = 30 };

static int capped(const column *k)
{
    return k->widest + 2 > FIT_MAX;
}

/* Whether `s` may be wider than `limit` or take more than one line: no
 * character is wider than 1.1 a byte (1.1 for 1 or 2 bytes, 2.1 for 3 or
 * 4), so most texts need not be measured at all. */
static int may_exceed(const char *s, double limit)
{
    return (double)strlen(s) * 1.1 + 1e-6 > limit || strchr(s, '\n');
}

/* The lines a text takes in a column `width` wide. */
static double text_lines(const char *s, double width)
{
    return may_exceed(s, width - 1) ? tz_text_lines(s, width) : 1;
}

/*
 * Takes a text cell into its column's width and returns the lines it needs
 * at the column's final width (1 when it surely fits).  Each text is
 * measured at most once (a text of several lines twice), and only when it
 * matters: a fitted column stops being measured for width at the cap, and
 * below the cap no line wraps (the column ends wider than its widest line);
 * a capped or fixed column measures only texts that may be wider than it
 * or have line breaks.  The widths and lines are those of measuring every
 * text.
 */
static double take_text(column *k, const char *s)
{
    if (!*s)
        return 1;
    if (k->fixed)
        return text_lines(s, k->fixed);
    if (capped(k) ? !may_exceed(s, FIT_MAX - 1) : !may_exceed(s, k->widest))
        return 1;
    double w = tz_text_width(s);
    k->widest = w > k->widest ? w : k->widest;
    /* Below the cap every line fits the final width; at it, FIT_MAX. */
    return w > FIT_MAX - 1 || strchr(s, '\n') ? tz_text_lines(s, FIT_MAX) : 1;
}

static double col_width(const column *k)
{
    return k->fixed ? k->fixed : k->widest + 2 < 6 ? 6 : capped(k) ? FIT_MAX : k->widest + 2;
}

/* The columns that are printed: all but the office's. */
static size_t printed(const tz_layout_sheet *s, const tz_table *t)
{
    return t->ncols > s->noffice ? t->ncols - s->noffice : 1;
}

/*
 * Starts worksheet `part` of a sheet (1: the sheet itself; then 名称（2）…,
 * whose title says 续): title rows, header row, frozen panes.  The
 * columns' fitted widths start again from the headers; a fixed column
 * narrower than its header wraps it.
 */
static int part_open(book *b, const tz_layout_sheet *s, const tz_table *t, column *cols, size_t part,
                     const char *block, lxw_worksheet **out)
{
    char name[128], title[512];
    snprintf(name, sizeof name, part == 1 ? "%s" : "%s（%zu）", s->name, part);
    snprintf(title, sizeof title, part == 1 ? "%s" : "%s（续%zu）", s->title, part);
    lxw_worksheet *ws = *out = workbook_add_worksheet(b->wb, name);
    if (!ws)
        return tz_error("%s：无法添加工作表“%s”（名称无效或重复）", b->path, name);
    double lines = 1;
    for (size_t c = 0; c < t->ncols; c++) {
        cols[c].widest = cols[c].fixed ? 0 : tz_text_width(t->cols[c]);
        double n = cols[c].fixed ? text_lines(t->cols[c], cols[c].fixed) : 1;
        lines = n > lines ? n : lines;
    }
    int rc = title_rows(b, ws, name, title, printed(s, t), block);
    if (rc == 0 && lines > 1)
        rc = check_lxw(b, name, worksheet_set_row(ws, HEAD_ROW, tz_row_height(lines), NULL));
    for (size_t c = 0; c < t->ncols && rc == 0; c++)
        rc = check_lxw(b, name, worksheet_write_string(ws, HEAD_ROW, (lxw_col_t)c, t->cols[c], b->header));
    if (rc == 0)
        worksheet_freeze_panes(ws, DATA_ROW, 0);
    return rc;
}

/* Ends a worksheet of n data rows: filter, highlights, widths and page
 * setup.  Set after the rows: libxlsxwriter keeps them apart from the
 * cells and writes them at close, in constant-memory mode too; but a
 * filter must not end above the last row written, so this comes before
 * any totals row (`extra`: the rows still to come below the data). */
static int part_close(book *b, lxw_worksheet *ws, const tz_layout_sheet *s, const tz_table *t,
                      const column *cols, size_t n, lxw_row_t extra)
{
    int rc = 0;
    lxw_row_t last = (lxw_row_t)(n + HEAD_ROW);
    if (n > 0) {
        rc = check_lxw(b, s->name, worksheet_autofilter(ws, HEAD_ROW, 0, last, (lxw_col_t)(t->ncols - 1)));
        if (rc == 0)
            rc = highlight(b, ws, s->name, t, s->overdue, b->red, DATA_ROW, last);
        if (rc == 0)
            rc = highlight(b, ws, s->name, t, s->due_soon, b->amber, DATA_ROW, last);
    }
    double *w = tz_xcalloc(t->ncols ? t->ncols : 1, sizeof *w);
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        w[c] = col_width(&cols[c]);
        rc = check_lxw(b, s->name, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w[c], NULL));
    }
    if (rc == 0)
        print_setup(ws, s, w, printed(s, t), HEAD_ROW, (lxw_row_t)(n > 0 ? last : DATA_ROW) + extra);
    free(w);
    return rc;
}

/* Writes one data row at r: each column takes the row's text into its
 * width and sums; the row gets the lines its longest text needs (no
 * viewer fits wrapped rows by itself when the file says nothing). */
static int put_row(book *b, lxw_worksheet *ws, const tz_layout_sheet *s, const tz_table *t, column *cols,
                   lxw_row_t r, const tz_val *row)
{
    double lines = 1;
    for (size_t c = 0; c < t->ncols; c++) {
        const tz_val *v = &row[c];
        column *k = &cols[c];
        if (v->type == TZ_VAL_TEXT) {
            double need = take_text(k, v->s);
            lines = need > lines ? need : lines;
        } else if (!k->fixed && k->widest < 10) {
            k->widest = 10;
        }
        if (v->type == TZ_VAL_INT)
            k->sum += (double)v->i;
        else if (v->type == TZ_VAL_REAL) {
            k->sum += v->r;
            k->real = 1;
        } else if (v->type != TZ_VAL_NULL)
            k->numeric = 0;
    }
    int rc = 0;
    if (lines > 1)
        rc = check_lxw(b, s->name, worksheet_set_row(ws, r, tz_row_height(lines), NULL));
    for (size_t c = 0; c < t->ncols && rc == 0; c++)
        rc = check_lxw(b, s->name, put_val(b, ws, r, (lxw_col_t)c, &row[c], cols[c].pct, 0));
    return rc;
}

static column *columns_of(const tz_layout_sheet *s, const tz_table *t)
{
    column *cols = tz_xcalloc(t->ncols ? t->ncols : 1, sizeof *cols);
    for (size_t c = 0; c < t->ncols; c++) {
        column *k = &cols[c];
        for (size_t i = 0; i < s->nwidths; i++)
            if (strcmp(s->widths[i].name, t->cols[c]) == 0)
                k->fixed = s->widths[i].width;
        k->pct = is_percent(s, t->cols[c]);
        k->numeric = 1;
    }
    return cols;
}

/* The one row a sheet without data shows; "注：" ends the data when the
 * ledger is read back (roll-up). */
static int empty_row(book *b, lxw_worksheet *ws, const tz_layout_sheet *s, size_t nc)
{
    char text[512];
    snprintf(text, sizeof text, "注：%s", s->empty);
    if (nc > 1)
        return check_lxw(
            b, s->name, worksheet_merge_range(ws, DATA_ROW, 0, DATA_ROW, (lxw_col_t)(nc - 1), text, b->text));
    return check_lxw(b, s->name, worksheet_write_string(ws, DATA_ROW, 0, text, b->text));
}

/* Whether column `name` of sheet `s` is shown: its weekly columns only
 * when weekly reports are enabled (without them they would read 0 of 0). */
static int shown(const book *b, const tz_layout_sheet *s, const char *name)
{
    for (size_t i = 0; i < s->nweekly_cols && !b->cfg->weekly_enabled; i++)
        if (strcmp(s->weekly_cols[i], name) == 0)
            return 0;
    return 1;
}

static int write_sheet(book *b, const tz_layout_sheet *s, const tz_table *all, tz_cursor *cur)
{
    /* The metric's columns shown, and where each comes from. */
    tz_table view = *all;
    view.cols = tz_xcalloc(all->ncols ? all->ncols : 1, sizeof *view.cols);
    size_t *from = tz_xcalloc(all->ncols ? all->ncols : 1, sizeof *from);
    tz_val *vals = tz_xcalloc(all->ncols ? all->ncols : 1, sizeof *vals);
    view.ncols = 0;
    for (size_t c = 0; c < all->ncols; c++)
        if (shown(b, s, all->cols[c])) {
            from[view.ncols] = c;
            view.cols[view.ncols++] = all->cols[c];
        }
    const tz_table *t = &view;
    column *cols = columns_of(s, t);
    lxw_worksheet *ws;
    size_t part = 1, n = 0, total = 0;
    int rc = part_open(b, s, t, cols, part, NULL, &ws);
    /* Rows as they come; nothing is dropped when there are more than a
     * worksheet holds: they go on to the next part. */
    const tz_val *row;
    while (rc == 0 && (rc = tz_cursor_step(cur, &row)) == 1) {
        rc = 0;
        if (n == s->split) {
            rc = part_close(b, ws, s, t, cols, n, 0);
            if (rc == 0)
                rc = part_open(b, s, t, cols, ++part, NULL, &ws);
            n = 0;
            if (rc != 0)
                break;
        }
        for (size_t c = 0; c < t->ncols; c++)
            vals[c] = row[from[c]];
        rc = put_row(b, ws, s, t, cols, (lxw_row_t)(n + DATA_ROW), vals);
        n++;
        total++;
    }
    if (rc == 0 && total == 0)
        rc = empty_row(b, ws, s, printed(s, t));
    int totals = rc == 0 && total > 0 && s->totals;
    if (rc == 0)
        rc = part_close(b, ws, s, t, cols, n, (lxw_row_t)totals);
    if (totals && rc == 0)
        rc = write_totals(b, ws, s, t, cols, (lxw_row_t)(n + DATA_ROW));
    free(cols);
    free(vals);
    free(from);
    free(view.cols);
    return rc == 0 ? 0 : -1;
}

/* The number of characters of a UTF-8 text. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Red for every filled cell of the item columns, amber for those starting
 * with s->late (late but received). */
static int pivot_highlight(book *b, lxw_worksheet *ws, const tz_layout_sheet *s, lxw_col_t first,
                           lxw_col_t lastc, lxw_row_t last)
{
    char letters[8], red[256], amber[256];
    col_letters(letters, first);
    const char *late = s->late ? s->late : "";
    size_t n = chars(late);
    snprintf(amber, sizeof amber, "=AND(%s%u<>\"\",LEFT(%s%u,%zu)=\"%s\")", letters, DATA_ROW + 1, letters,
             DATA_ROW + 1, n, late);
    snprintf(red, sizeof red, "=AND(%s%u<>\"\",LEFT(%s%u,%zu)<>\"%s\")", letters, DATA_ROW + 1, letters,
             DATA_ROW + 1, n, late);
    lxw_conditional_format ca = { .type = LXW_CONDITIONAL_TYPE_FORMULA,
                                  .value_string = amber,
                                  .format = b->amber };
    lxw_conditional_format cr = { .type = LXW_CONDITIONAL_TYPE_FORMULA,
                                  .value_string = red,
                                  .format = b->red };
    if (s->late &&
        check_lxw(b, s->name, worksheet_conditional_format_range(ws, DATA_ROW, first, last, lastc, &ca)))
        return -1;
    return check_lxw(b, s->name, worksheet_conditional_format_range(ws, DATA_ROW, first, last, lastc, &cr));
}

/* The row of a pivot sheet being gathered: its cells' text is its own. */
typedef struct {
    tz_val *vals;
    char **owned;
    size_t ncols, n; /* n: rows written so far */
} pivot_row;

/*
 * A list joined by 、 (the weeks a unit missed) broken into lines between
 * its items for a column `width` wide: left to the program's wrapping,
 * 6月15日 was cut over two lines and read as 6 and 月15日.  A line ends
 * after the 、 where the next item would overflow; an item wider than the
 * column still wraps inside.  Returns a new string.
 */
static char *list_lines(const char *s, double width)
{
    static const char sep[] = "、";
    char *out = tz_xmalloc(2 * strlen(s) + 1), *o = out;
    double w = 0;
    while (*s) {
        const char *end = strstr(s, sep);
        size_t n = end ? (size_t)(end - s) + strlen(sep) : strlen(s);
        double item = span_width(s, n);
        if (w > 0 && w + item > width - 1) {
            *o++ = '\n';
            w = 0;
        }
        memcpy(o, s, n);
        o += n;
        w += item;
        s += n;
    }
    *o = 0;
    return out;
}

/* Sets a cell of the row: as it is when width is 0, else as a list broken
 * into lines for a column that wide. */
static void pivot_set(pivot_row *p, size_t k, const char *text, double width)
{
    free(p->owned[k]);
    p->owned[k] = width > 0 ? list_lines(text, width) : tz_xstrdup(text);
    p->vals[k] = (tz_val){ .type = TZ_VAL_TEXT, .s = p->owned[k] };
}

static void pivot_clear(pivot_row *p)
{
    for (size_t k = 0; k < p->ncols; k++) {
        free(p->owned[k]);
        p->owned[k] = NULL;
        p->vals[k] = (tz_val){ .type = TZ_VAL_NULL };
    }
}

/* Writes the row gathered (if any) numbered n + 1, then clears it. */
static int pivot_flush(book *b, lxw_worksheet *ws, const tz_layout_sheet *s, const tz_table *wide,
                       column *cols, pivot_row *p)
{
    int rc = 0;
    if (p->vals[1].type == TZ_VAL_TEXT) {
        p->vals[0] = (tz_val){ .type = TZ_VAL_INT, .i = (int64_t)p->n + 1 };
        rc = put_row(b, ws, s, wide, cols, (lxw_row_t)(p->n + DATA_ROW), p->vals);
        p->n++;
    }
    pivot_clear(p);
    return rc;
}

/*
 * A pivot sheet (pivot = 事项:情况, columns = metric): one row per value of
 * the metric's first column (its rows come grouped by it), numbered; one
 * column per item the `columns` metric lists, in its order, each cell the
 * value of that item.  The lists are short (one row per unit): the items
 * are held, the rows are not.  `block` is the line under the title,
 * `footer` the line under the table.
 */
static int write_pivot(book *b, const tz_layout_sheet *s, const tz_table *t, tz_cursor *cur, tz_cursor *items,
                       const char *block, const char *footer)
{
    tz_arena a = { 0 };
    size_t cap = 8, nitems = 2;
    const char **heads = tz_xcalloc(cap, sizeof *heads);
    heads[0] = "序号";
    heads[1] = t->cols[0];
    const tz_val *row;
    int rc;
    while ((rc = tz_cursor_step(items, &row)) == 1) {
        if (nitems == cap)
            heads = tz_xrealloc(heads, (cap *= 2) * sizeof *heads);
        heads[nitems++] = tz_arena_strdup(&a, row[0].type == TZ_VAL_TEXT ? row[0].s : "");
    }
    tz_table wide = { .name = s->metric, .ncols = nitems, .cols = heads };
    column *cols = columns_of(s, &wide);
    pivot_row p = { tz_xcalloc(nitems, sizeof *p.vals), tz_xcalloc(nitems, sizeof *p.owned), nitems, 0 };
    int ic = tz_table_col(t, s->pivot_item), vc = tz_table_col(t, s->pivot_value);
    lxw_worksheet *ws = NULL;
    if (rc == 0)
        rc = part_open(b, s, &wide, cols, 1, block, &ws);
    while (rc == 0 && (rc = tz_cursor_step(cur, &row)) == 1) {
        rc = 0;
        const char *unit = row[0].type == TZ_VAL_TEXT ? row[0].s : "";
        if (p.vals[1].type != TZ_VAL_TEXT || strcmp(p.vals[1].s, unit) != 0) {
            rc = pivot_flush(b, ws, s, &wide, cols, &p);
            pivot_set(&p, 1, unit, 0);
        }
        const char *item = row[ic].type == TZ_VAL_TEXT ? row[ic].s : "";
        for (size_t k = 2; k < nitems; k++)
            if (strcmp(heads[k], item) == 0 && row[vc].type == TZ_VAL_TEXT)
                pivot_set(&p, k, row[vc].s, cols[k].fixed ? cols[k].fixed : FIT_MAX);
    }
    if (rc == 0)
        rc = pivot_flush(b, ws, s, &wide, cols, &p);
    size_t n = p.n;
    if (rc == 0 && n == 0)
        rc = empty_row(b, ws, s, nitems);
    if (rc == 0 && n > 0 && nitems > 2)
        rc = pivot_highlight(b, ws, s, 2, (lxw_col_t)(nitems - 1), (lxw_row_t)(n + HEAD_ROW));
    lxw_row_t foot = (lxw_row_t)(n ? n + DATA_ROW + 1 : DATA_ROW + 2);
    if (rc == 0 && footer)
        rc = check_lxw(
            b, s->name,
            nitems > 1 ? worksheet_merge_range(ws, foot, 0, foot, (lxw_col_t)(nitems - 1), footer, b->sign)
                       : worksheet_write_string(ws, foot, 0, footer, b->sign));
    if (rc == 0)
        rc = part_close(b, ws, s, &wide, cols, n, (lxw_row_t)(footer ? 2 : 0));
    pivot_clear(&p);
    free(p.owned);
    free(p.vals);
    free(cols);
    free(heads);
    tz_arena_free(&a);
    return rc == 0 ? 0 : -1;
}

/* Writes the sheets `defs`; pivot sheets get `block` under their title and
 * `footer` under their table. */
static int write_sheets(book *b, const tz_layout *l, const tz_layout_sheet *defs, size_t n,
                        const tz_metric_source *src, void *ctx, const char *block, const char *footer)
{
    for (size_t i = 0; i < n; i++) {
        const tz_layout_sheet *s = &defs[i];
        if ((s->weekly && !b->cfg->weekly_enabled) || s->off)
            continue;
        const tz_table *t = src->head(ctx, s->metric);
        if (!t)
            return tz_error("%s [%s]：指标“%s”无法计算", l->path, s->section, s->metric);
        tz_cursor *cur = src->rows(ctx, s->metric);
        if (!cur)
            return -1;
        int rc;
        if (s->pivot_item) {
            tz_cursor *items = src->rows(ctx, s->columns);
            rc = items ? write_pivot(b, s, t, cur, items, block, footer) : -1;
            tz_cursor_free(items);
        } else {
            rc = write_sheet(b, s, t, cur);
        }
        tz_cursor_free(cur);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Above this many rows the workbook is written in constant-memory mode
 * (rows streamed to disk; charts then carry no cached values). */
enum { BIG_ROWS = 50000 };

/* The charts sheet, portrait A4: each chart on a page of its own, as wide
 * as the page, over columns A … I; the charts' data in columns K and L,
 * outside the print area.  Bars and columns are cut into charts of at
 * most CHART_BARS / CHART_COLUMNS labels, so every label shows at 9
 * points whatever the number of units. */
enum { CHART_COLS = 9, DATA_COL = 10, CHART_BARS = 40, CHART_COLUMNS = 12, ROW_PX = 20 };
static const double CHART_COL_WIDTH = 10, CHART_W_PX = 660, BAR_PX = 22;

/* A chart's data from row `first` down: its labels, then column vc;
 * *reds gets a bit for each of the first 64 rows whose label is `red`.
 * Returns the number of rows, or -1 after tz_error(). */
static long chart_data(book *b, lxw_worksheet *ws, const char *sheet, tz_cursor *cur, lxw_row_t first, int vc,
                       int pct, const char *red, uint64_t *reds)
{
    const tz_val *v;
    long n = 0;
    int rc;
    *reds = 0;
    while ((rc = tz_cursor_step(cur, &v)) == 1) {
        lxw_row_t r = (lxw_row_t)(first + (lxw_row_t)n);
        if (red && n < 64 && v[0].type == TZ_VAL_TEXT && strcmp(v[0].s, red) == 0)
            *reds |= (uint64_t)1 << n;
        n++;
        if (check_lxw(b, sheet, put_val(b, ws, r, DATA_COL, &v[0], 0, 0)) != 0 ||
            check_lxw(b, sheet, put_val(b, ws, r, DATA_COL + 1, &v[vc], pct, 0)) != 0)
            return -1;
    }
    return rc == 0 ? n : -1;
}

/* One chart of rows [from, from + n) of the data starting at `data`; its
 * top-left at `at`.  Returns its height in rows, or -1 after tz_error(). */
static long add_chart(book *b, lxw_worksheet *ws, const tz_layout_chart *cd, const char *title,
                      const char *series, int pct, lxw_row_t data, lxw_row_t from, lxw_row_t n, uint64_t reds,
                      lxw_row_t at)
{
    const char *sheet = b->charts_sheet;
    static const uint8_t lxw_type[] = {
        [TZ_CHART_COLUMN] = LXW_CHART_COLUMN, [TZ_CHART_BAR] = LXW_CHART_BAR, [TZ_CHART_PIE] = LXW_CHART_PIE
    };
    lxw_chart *ch = workbook_add_chart(b->wb, lxw_type[cd->type]);
    lxw_chart_series *se = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    if (!se)
        return tz_error("%s：无法创建图表“%s”", b->path, title);
    lxw_row_t r0 = data + from, r1 = data + from + n - 1;
    chart_series_set_categories(se, sheet, r0, DATA_COL, r1, DATA_COL);
    chart_series_set_values(se, sheet, r0, DATA_COL + 1, r1, DATA_COL + 1);
    chart_series_set_name(se, series);
    chart_title_set_name(ch, title);
    static char song[] = "宋体";
    lxw_chart_font title_font = { .size = 14, .bold = LXW_TRUE, .name = song };
    lxw_chart_font label_font = { .size = 9, .name = song };
    chart_title_set_name_font(ch, &title_font);
    chart_series_set_labels(se);
    chart_series_set_labels_font(se, &label_font);
    /* Red for the label cd->red (已超期): a point per row up to it. */
    lxw_chart_fill red_fill = { .color = 0xC00000 };
    lxw_chart_point plain = { 0 }, red = { .fill = &red_fill };
    lxw_chart_point *points[65] = { 0 };
    if (from < 64 && reds >> from) {
        for (lxw_row_t i = 0; i < n && i + from < 64 && (reds >> (i + from)); i++)
            points[i] = (reds >> (i + from)) & 1 ? &red : &plain;
        if (check_lxw(b, sheet, chart_series_set_points(se, points)) != 0)
            return -1;
    }
    double h = 300;
    if (cd->type == TZ_CHART_PIE) {
        chart_series_set_labels_percentage(se);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_RIGHT);
        chart_legend_set_font(ch, &label_font);
        h = 420;
    } else {
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        chart_axis_set_num_font(ch->x_axis, &label_font);
        chart_axis_set_num_font(ch->y_axis, &label_font);
        /* libxlsxwriter's x axis of a bar chart is its value axis. */
        lxw_chart_axis *labels = ch->x_axis, *values = ch->y_axis;
        if (cd->type == TZ_CHART_BAR) {
            labels = ch->y_axis;
            values = ch->x_axis;
            /* The first unit at the top, as in the tables. */
            chart_axis_set_reverse(labels);
            h = 90 + BAR_PX * n;
            h = h < 300 ? 300 : h;
        }
        if (pct) {
            chart_axis_set_num_format(values, "0%");
            chart_axis_set_max(values, 1);
            chart_series_set_labels_num_format(se, "0.0%");
        }
    }
    lxw_chart_options opt = { .x_scale = CHART_W_PX / 480.0, .y_scale = h / 288.0 };
    if (check_lxw(b, sheet, worksheet_insert_chart_opt(ws, at, 0, ch, &opt)) != 0)
        return -1;
    return (long)ceil(h / ROW_PX) + 1;
}

static int write_charts(book *b, const tz_layout *l, const tz_metric_source *src, void *ctx)
{
    if (l->ncharts == 0)
        return 0;
    const char *sheet = b->charts_sheet = l->charts_name;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet);
    if (!ws)
        return tz_error("%s：无法添加工作表“%s”", b->path, sheet);
    if (check_lxw(b, sheet, worksheet_set_column(ws, 0, CHART_COLS - 1, CHART_COL_WIDTH, NULL)) != 0 ||
        check_lxw(b, sheet, worksheet_set_column(ws, DATA_COL, DATA_COL, 24, NULL)) != 0 ||
        check_lxw(b, sheet, worksheet_set_column(ws, DATA_COL + 1, DATA_COL + 1, 12, NULL)) != 0 ||
        title_rows(b, ws, sheet, sheet, CHART_COLS, NULL) != 0)
        return -1;
    lxw_row_t row = HEAD_ROW, data = HEAD_ROW;
    size_t nbreaks = 0, capbreaks = 8;
    lxw_row_t *breaks = tz_xcalloc(capbreaks, sizeof *breaks);
    int rc = 0;
    for (size_t i = 0; i < l->ncharts && rc == 0; i++) {
        const tz_layout_chart *cd = &l->charts[i];
        const tz_table *t = src->head(ctx, cd->metric);
        int vc = t && cd->value ? tz_table_col(t, cd->value) : 1;
        if (!t || vc < 1) {
            rc = tz_error("%s [%s]：指标“%s”无法计算或没有数值列", l->path, cd->section, cd->metric);
            break;
        }
        int pct = is_percent(&(tz_layout_sheet){ 0 }, t->cols[vc]);
        if (check_lxw(b, sheet, worksheet_write_string(ws, data, DATA_COL, cd->title, b->total_text)) != 0 ||
            check_lxw(b, sheet, worksheet_write_string(ws, data + 1, DATA_COL, t->cols[0], b->header)) != 0 ||
            check_lxw(b, sheet, worksheet_write_string(ws, data + 1, DATA_COL + 1, t->cols[vc], b->header)) !=
                0) {
            rc = -1;
            break;
        }
        tz_cursor *cur = src->rows(ctx, cd->metric);
        uint64_t reds = 0;
        long got = cur ? chart_data(b, ws, sheet, cur, data + 2, vc, pct, cd->red, &reds) : -1;
        tz_cursor_free(cur);
        if (got < 0) {
            rc = -1;
            break;
        }
        lxw_row_t n = (lxw_row_t)got;
        if (n == 0) {
            char text[512];
            snprintf(text, sizeof text, "%s：本期没有数据", cd->title);
            rc = check_lxw(b, sheet, worksheet_write_string(ws, row, 0, text, b->note));
            row += 2;
        }
        /* Cut into equal parts of at most `most` labels. */
        lxw_row_t most = cd->type == TZ_CHART_BAR      ? CHART_BARS
                         : cd->type == TZ_CHART_COLUMN ? CHART_COLUMNS
                                                       : n;
        lxw_row_t parts = n ? (n + most - 1) / most : 0;
        for (lxw_row_t p = 0; p < parts && rc == 0; p++) {
            lxw_row_t from = n * p / parts, to = n * (p + 1) / parts;
            char title[512];
            if (parts > 1)
                snprintf(title, sizeof title, "%s（%u/%u）", cd->title, (unsigned)p + 1, (unsigned)parts);
            else
                snprintf(title, sizeof title, "%s", cd->title);
            if (row > HEAD_ROW) {
                if (nbreaks + 1 == capbreaks)
                    breaks = tz_xrealloc(breaks, (capbreaks *= 2) * sizeof *breaks);
                breaks[nbreaks++] = row;
            }
            long h = add_chart(b, ws, cd, title, t->cols[vc], pct, data + 2, from, to - from, reds, row);
            if (h < 0)
                rc = -1;
            else
                row += (lxw_row_t)h;
        }
        data += n + 3;
    }
    if (rc == 0) {
        breaks[nbreaks] = 0;
        if (nbreaks > 0)
            rc = check_lxw(b, sheet, worksheet_set_h_pagebreaks(ws, breaks));
        worksheet_print_area(ws, 0, 0, row > data ? row : data, CHART_COLS - 1);
        tz_print_setup(ws, &(tz_print){ .portrait = 1, .head = -1, .center = 1 });
    }
    free(breaks);
    return rc;
}

/* The sheets as this run writes them: where a sheet names a `rollup` metric
 * and the data came up from a lower level (TZ_ROLLUP_METRIC has rows), that
 * metric with its 上报单位 columns, so an ordinary campaign does not print
 * them empty; a `needs = rollup` sheet only then.  Returns a copy of
 * l->sheets to free(), or NULL after tz_error(). */
static tz_layout_sheet *sheets_for_run(const tz_layout *l, const tz_metric_source *src, void *ctx)
{
    tz_layout_sheet *v = tz_xcalloc(l->nsheets ? l->nsheets : 1, sizeof *v);
    memcpy(v, l->sheets, l->nsheets * sizeof *v);
    int rollup = -1;
    for (size_t i = 0; i < l->nsheets; i++) {
        if (!v[i].rollup && !v[i].needs_rollup)
            continue;
        size_t n = 0;
        if (rollup < 0 && src->count(ctx, TZ_ROLLUP_METRIC, &n) != 0) {
            free(v);
            return NULL;
        }
        if (rollup < 0)
            rollup = n > 0;
        if (rollup && v[i].rollup)
            v[i].metric = v[i].rollup;
        v[i].off = v[i].needs_rollup && !rollup;
    }
    return v;
}

int tz_ledger_write(const tz_layout *l, const tz_config *cfg, const tz_metric_source *src, void *ctx,
                    const char *path)
{
    tz_layout_sheet *sheets = sheets_for_run(l, src, ctx);
    if (!sheets)
        return -1;
    /* Counted only as far as BIG_ROWS: past it the mode is decided. */
    size_t rows = 0;
    for (size_t i = 0; i < l->nsheets && rows <= BIG_ROWS; i++) {
        size_t n;
        if (src->count(ctx, sheets[i].metric, &n) != 0) {
            free(sheets);
            return -1;
        }
        rows += n;
    }
    book b;
    char title[256];
    snprintf(title, sizeof title, "%s汇总台账 %s", cfg->name ? cfg->name : "",
             cfg->period ? cfg->period : "");
    if (book_open(&b, cfg, path, title, rows > BIG_ROWS) != 0) {
        free(sheets);
        return -1;
    }
    int rc = write_sheets(&b, l, sheets, l->nsheets, src, ctx, NULL, NULL);
    free(sheets);
    if (rc == 0)
        rc = write_charts(&b, l, src, ctx);
    if (rc != 0) {
        workbook_close(b.wb);
        return -1;
    }
    /* The sheets are written; libxlsxwriter now assembles and compresses the file. */
    tz_trace("汇总台账各表已写入");
    return book_close(&b);
}

int tz_reminders_write(const tz_layout *l, const tz_config *cfg, const tz_metric_source *src, void *ctx,
                       const char *path)
{
    book b;
    char title[256], block[512], footer[512];
    snprintf(title, sizeof title, "%s催报名单 %s", cfg->name ? cfg->name : "",
             cfg->period ? cfg->period : "");
    if (book_open(&b, cfg, path, title, 0) != 0)
        return -1;
    /* The values of tz_reminder_names, in its order. */
    const char *values[] = { cfg->name, sender(cfg), b.as_of_zh, cfg->period };
    int notice = tz_layout_fill(block, sizeof block, l->reminder.notice, tz_reminder_names, values);
    int sign = tz_layout_fill(footer, sizeof footer, l->reminder.sign, tz_reminder_names, values);
    int rc = write_sheets(&b, l, l->reminders, l->nreminders, src, ctx, notice ? block : NULL,
                          sign ? footer : NULL);
    if (rc == 0 && l->nreminders == 0)
        rc = tz_error("%s：没有定义催报名单的工作表（[reminder1] …）", l->path);
    if (rc != 0) {
        workbook_close(b.wb);
        return -1;
    }
    return book_close(&b);
}

/* ---- correction lists ------------------------------------------------------------ */

char *tz_filename_safe(char *buf, size_t size, const char *name)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)name;
    while (*p == ' ' || *p == '.')
        p++;
    size_t limit = size - 1 < 120 ? size - 1 : 120;
    while (*p) {
        size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        if (n + len > limit)
            break;
        if (len == 1) {
            char c = (char)*p;
            buf[n++] = *p < 0x20 || *p == 0x7F || strchr("/\\:*?\"<>|", c) ? '_' : c;
            p++;
        } else {
            for (size_t i = 0; i < len && *p; i++)
                buf[n++] = (char)*p++;
        }
    }
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '.'))
        n--;
    buf[n] = 0;
    if (n == 0)
        snprintf(buf, size, "%s", "未命名单位");
    return buf;
}

/* Errors first, then warnings; list order within each. */
static int by_severity(const void *a, const void *b)
{
    const tz_issue *x = *(const tz_issue *const *)a, *y = *(const tz_issue *const *)b;
    if (x->severity != y->severity)
        return x->severity < y->severity ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The title and the lines over the table ([correction_list]): to whom,
 * from whom, the date, the deadline, the contact, the counts.  Returns the
 * header row, or -1. */
static long correction_head(book *b, lxw_worksheet *ws, const tz_layout_correction *d,
                            const char *const *values)
{
    long row = 0;
    char text[1024];
    for (size_t i = 0; i <= d->nlines; i++) {
        const char *pattern = i == 0 ? d->title : d->lines[i - 1];
        if (!tz_layout_fill(text, sizeof text, pattern, tz_correction_names, values) && i > 0)
            continue;
        lxw_format *f = i == 0 ? b->title : b->note;
        if (check_lxw(b, d->sheet,
                      worksheet_set_row(ws, (lxw_row_t)row, i == 0 ? 30 : tz_row_height(1), NULL)) != 0 ||
            check_lxw(
                b, d->sheet,
                worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, TZ_CORR_COLS - 1, text, f)) != 0)
            return -1;
        row++;
    }
    return row;
}

static int write_correction(const tz_layout *l, const tz_config *cfg, const tz_issue_group *g,
                            const char *display, const char *path)
{
    const tz_layout_correction *d = &l->correction;
    /* Only what the unit must correct, errors first. */
    const tz_issue **v = tz_xcalloc(g->len ? g->len : 1, sizeof *v);
    size_t n = 0, errors = 0;
    for (size_t i = 0; i < g->len; i++)
        if (tz_issue_to_correct(g->items[i])) {
            v[n++] = g->items[i];
            errors += g->items[i]->severity == TZ_SEV_ERROR;
        }
    qsort(v, n, sizeof *v, by_severity);
    /* The values of tz_correction_names, in its order. */
    char as_of[64], by[64], total[24], nerr[24], nwarn[24];
    tz_day_zh(as_of, sizeof as_of, cfg->as_of);
    tz_day_zh(by, sizeof by, tz_config_resubmit_by(cfg));
    snprintf(total, sizeof total, "%zu", n);
    snprintf(nerr, sizeof nerr, "%zu", errors);
    snprintf(nwarn, sizeof nwarn, "%zu", n - errors);
    const char *values[] = { display, cfg->name, sender(cfg), as_of, by, cfg->contact, total, nerr, nwarn };
    char title[512], sheet[128], doc_title[768];
    tz_layout_fill(title, sizeof title, d->title, tz_correction_names, values);
    tz_layout_fill(sheet, sizeof sheet, d->sheet, tz_correction_names, values);
    /* The document's title names the unit; the first line may not. */
    snprintf(doc_title, sizeof doc_title, "%s %s", display, title);
    book b;
    if (book_open(&b, cfg, path, doc_title, 0) != 0) {
        free(v);
        return -1;
    }
    int rc = 0;
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, sheet);
    if (!ws)
        rc = tz_error("%s：无法添加工作表“%s”（工作表名不超过 31 个字，不能含 []:*?/\\）", path, sheet);
    double widths[TZ_CORR_COLS];
    for (lxw_col_t c = 0; c < TZ_CORR_COLS; c++)
        widths[c] = d->columns[c].width;
    for (lxw_col_t c = 0; c < TZ_CORR_COLS && rc == 0; c++)
        rc = check_lxw(&b, sheet, worksheet_set_column(ws, c, c, widths[c], NULL));
    tz_layout_correction named = *d;
    named.sheet = sheet;
    long head = rc == 0 ? correction_head(&b, ws, &named, values) : -1;
    rc = head < 0 ? -1 : 0;
    lxw_row_t h = (lxw_row_t)(head < 0 ? 0 : head), r = h + 1;
    for (lxw_col_t c = 0; c < TZ_CORR_COLS && rc == 0; c++)
        rc = check_lxw(&b, sheet, worksheet_write_string(ws, h, c, d->columns[c].name, b.header));
    for (size_t i = 0; i < n && rc == 0; i++, r++) {
        const tz_issue *is = v[i];
        const char *vals[] = {
            NULL, tz_severity_zh(is->severity), is->file, is->sheet, is->cell, is->row_desc, is->message
        };
        /* Heights for the wrapped text: no program fits them on opening. */
        double lines = 1;
        for (size_t c = 1; c < TZ_CORR_COLS; c++) {
            double need = text_lines(vals[c], widths[c]);
            lines = need > lines ? need : lines;
        }
        rc = check_lxw(&b, sheet, worksheet_set_row(ws, r, tz_row_height(lines), NULL));
        if (rc == 0)
            rc = check_lxw(&b, sheet, worksheet_write_number(ws, r, 0, (double)(i + 1), b.number));
        for (lxw_col_t c = 1; c < TZ_CORR_COLS && rc == 0; c++)
            rc = check_lxw(&b, sheet, worksheet_write_string(ws, r, c, vals[c], b.text));
    }
    if (rc == 0) {
        worksheet_freeze_panes(ws, h + 1, 0);
        tz_layout_sheet def = { .paper = PAPER_A4 };
        print_setup(ws, &def, widths, TZ_CORR_COLS, h, r - 1);
        rc = check_lxw(&b, sheet, worksheet_autofilter(ws, h, 0, r - 1, TZ_CORR_COLS - 1));
    }
    /* Errors red, warnings amber, as on the ledger. */
    static const char *const levels[] = { "错误", "警告" };
    lxw_format *fills[] = { b.red, b.amber };
    for (size_t k = 0; k < 2 && rc == 0; k++) {
        char formula[64];
        snprintf(formula, sizeof formula, "=$B%u=\"%s\"", (unsigned)h + 2, levels[k]);
        lxw_conditional_format cf = { .type = LXW_CONDITIONAL_TYPE_FORMULA,
                                      .value_string = formula,
                                      .format = fills[k] };
        rc = check_lxw(&b, sheet,
                       worksheet_conditional_format_range(ws, h + 1, 0, r - 1, TZ_CORR_COLS - 1, &cf));
    }
    free(v);
    if (rc != 0) {
        workbook_close(b.wb);
        return -1;
    }
    return book_close(&b);
}

int tz_corrections_write(const tz_layout *l, const tz_config *cfg, const tz_issues *issues, const char *dir,
                         size_t *nfiles)
{
    *nfiles = 0;
    const char **names = tz_xcalloc(cfg->nunits ? cfg->nunits : 1, sizeof *names);
    for (size_t u = 0; u < cfg->nunits; u++)
        names[u] = cfg->units[u].name;
    size_t n;
    tz_issue_group *g = tz_issues_by_unit(issues, names, cfg->nunits, &n);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t k = 0;
        for (size_t j = 0; j < g[i].len; j++)
            k += tz_issue_to_correct(g[i].items[j]);
        /* Information only: nothing to correct.  No unit (a file nobody's, a slip in the office's
         * own register): nobody to send it to; the office sees it in 数据校验. */
        if (k == 0 || !*g[i].unit)
            continue;
        char safe[128], path[4096];
        const char *display = g[i].unit;
        tz_filename_safe(safe, sizeof safe, display);
        snprintf(path, sizeof path, "%s/%s.xlsx", dir, safe);
        rc = write_correction(l, cfg, &g[i], display, path);
        if (rc == 0)
            (*nfiles)++;
    }
    free(g);
    free(names);
    return rc;
}
