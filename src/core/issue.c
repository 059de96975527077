/* issue.c — see issue.h. */
#include "issue.h"

#include "book.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *keep(tz_issues *list, const char *s)
{
    return tz_arena_strdup(&list->arena, s ? s : "");
}

/* Every issue code, its severity and what it means: the one table (docs/issues.md
 * lists the same; tests/t_docs.sh checks that they agree with the code). */
static const tz_issue_code codes[] = {
    {"E-CHANGED", TZ_SEV_ERROR, "文件在读取过程中被改动"},
    {"E-COLUMN", TZ_SEV_ERROR, "工作表缺少必填列"},
    {"E-CORRUPT", TZ_SEV_ERROR, "文件已损坏，无法读取"},
    {"E-COUNT", TZ_SEV_ERROR, "次数、人次等不是非负整数"},
    {"E-DATE", TZ_SEV_ERROR, "日期无效"},
    {"E-EMPTY", TZ_SEV_ERROR, "空文件"},
    {"E-ENCRYPTED", TZ_SEV_ERROR, "文件加了密码"},
    {"E-ENUM", TZ_SEV_ERROR, "不是允许的取值之一"},
    {"E-FORMAT", TZ_SEV_ERROR, "不是能读取的表格格式"},
    {"E-HEADER", TZ_SEV_ERROR, "按工作表名应是某种报表，却找不到表头"},
    {"E-HTML", TZ_SEV_ERROR, "网页另存的文件，不是真正的 Excel 文件"},
    {"E-LIMIT", TZ_SEV_ERROR, "超出大小限制（行数、列数、单元格数等）"},
    {"E-MONEY", TZ_SEV_ERROR, "金额无效"},
    {"E-OPEN", TZ_SEV_ERROR, "无法打开文件"},
    {"E-REQUIRED", TZ_SEV_ERROR, "缺少必填的值，该行未计入"},
    {"E-ROW", TZ_SEV_ERROR, "该行没有可用的数据"},
    {"E-ROW-UNIT", TZ_SEV_ERROR, "汇总台账中的一行没有单位"},
    {"E-STATE", TZ_SEV_ERROR, "整改状态无法识别"},
    {"E-TIME", TZ_SEV_ERROR, "时间无效"},
    {"E-TOO-BIG", TZ_SEV_ERROR, "文件太大"},
    {"E-UNIT", TZ_SEV_ERROR, "无法确定填报单位，或填报单位不在单位名单中"},
    {"E-XML", TZ_SEV_ERROR, "xlsx 中的 XML 有误或不安全"},
    {"E-ZIPBOMB", TZ_SEV_ERROR, "压缩比或解压后大小异常（疑似压缩炸弹）"},
    {"I-COLUMN", TZ_SEV_INFO, "未识别的列，已忽略"},
    {"I-DERIVED", TZ_SEV_INFO, "汇总台账中程序计算出的工作表已跳过"},
    {"I-LATER", TZ_SEV_INFO, "填报日期晚于本期的重新报送截止日期：属于以后的报告期，本期不计入"},
    {"I-SHEET", TZ_SEV_INFO, "未识别为任何一种报表的工作表，已跳过"},
    {"I-SUPERSEDED", TZ_SEV_INFO, "本文件的行（或无法读取的本文件）已被同一单位较晚填报的文件取代"},
    {"W-CATEGORY", TZ_SEV_WARNING, "问题类别不在本次活动的类别中，按“其他”统计"},
    {"W-CELL-LONG", TZ_SEV_WARNING, "单元格超过 32767 个字符，已截断"},
    {"W-CLOSED-LATE", TZ_SEV_WARNING, "完成日期晚于整改时限"},
    {"W-DEADLINE-EARLY", TZ_SEV_WARNING, "整改时限早于活动开始日期"},
    {"W-DUPLICATE", TZ_SEV_WARNING, "与本单位的另一个问题重复"},
    {"W-NO-DONE-DATE", TZ_SEV_WARNING, "已完成但没有完成日期"},
    {"W-NO-SUBMIT-DATE", TZ_SEV_WARNING, "没有填报日期的工作簿让位于同一单位有填报日期的工作簿，虽然它保存得更晚"},
    {"W-PERSONS", TZ_SEV_WARNING, "人次少于次数"},
    {"W-RATING-OVER", TZ_SEV_WARNING, "满意、基本满意、不满意之和超过参评人数"},
    {"W-READ-MORE", TZ_SEV_WARNING, "同一文件的读取警告太多，其余只计数"},
    {"W-SST-INDEX", TZ_SEV_WARNING, "共享字符串编号超出范围，按空单元格读取"},
    {"W-SUBMIT-DATE", TZ_SEV_WARNING, "填报日期无法识别或不可能（晚于活动结束一个多月），按未填写处理"},
    {"W-TOTAL", TZ_SEV_WARNING, "合计行与各行之和不符"},
    {"W-UNIT", TZ_SEV_WARNING, "办公室登记中的单位不在单位名单中，该行不计入"},
};

const tz_issue_code *tz_issue_codes(size_t *n)
{
    *n = sizeof codes / sizeof *codes;
    return codes;
}

const tz_issue_code *tz_issue_code_find(const char *code)
{
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (strcmp(codes[i].code, code) == 0)
            return &codes[i];
    return NULL;
}

static tz_issue *add(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                     const char *sheet, const char *cell, const char *fmt, va_list ap)
{
    if (list->len == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = tz_xrealloc(list->items, list->cap * sizeof *list->items);
    }
    const tz_issue_code *known = tz_issue_code_find(code);
    if (!known || known->severity != sev) {
        /* A programming error, not a data one: every code is in the table. */
        fprintf(stderr, "taizhang: 内部错误：问题代码 %s 未登记或级别不符\n", code);
        abort();
    }
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    tz_issue *is = &list->items[list->len++];
    is->severity = sev;
    is->code = keep(list, code);
    is->unit = keep(list, unit);
    is->file = keep(list, file);
    is->sheet = keep(list, sheet);
    is->cell = keep(list, cell);
    is->message = keep(list, msg);
    is->row = UINT32_MAX;
    is->retired = 0;
    is->row_desc = "";
    return is;
}

void tz_issues_add(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                   const char *sheet, const char *cell, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(list, sev, code, unit, file, sheet, cell, fmt, ap);
    va_end(ap);
}

void tz_issues_add_at(tz_issues *list, tz_severity sev, const char *code, const char *unit, const char *file,
                      const char *sheet, uint32_t row, uint32_t col, const char *fmt, ...)
{
    char ref[16];
    va_list ap;
    va_start(ap, fmt);
    add(list, sev, code, unit, file, sheet, tz_a1(ref, row, col), fmt, ap)->row = row;
    va_end(ap);
}

int tz_issue_is_live(const tz_issue *is)
{
    return !is->retired;
}

void tz_issues_set_row_desc(tz_issues *list, const char *desc)
{
    if (list->len > 0 && desc)
        list->items[list->len - 1].row_desc = keep(list, desc);
}

int tz_issue_to_correct(const tz_issue *is)
{
    return tz_issue_is_live(is) && (is->severity == TZ_SEV_ERROR || is->severity == TZ_SEV_WARNING);
}

void tz_issues_append(tz_issues *dst, tz_issues *src)
{
    for (size_t i = 0; i < src->len; i++) {
        const tz_issue *s = &src->items[i];
        tz_issues_add(dst, s->severity, s->code, s->unit, s->file, s->sheet, s->cell, "%s", s->message);
        dst->items[dst->len - 1].row = s->row;
        dst->items[dst->len - 1].retired = s->retired;
        tz_issues_set_row_desc(dst, s->row_desc);
    }
    tz_issues_free(src);
}

void tz_issues_free(tz_issues *list)
{
    free(list->items);
    tz_arena_free(&list->arena);
    memset(list, 0, sizeof *list);
}

size_t tz_issues_count(const tz_issues *list, tz_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < list->len; i++)
        n += list->items[i].severity == sev && tz_issue_is_live(&list->items[i]);
    return n;
}

const char *tz_severity_zh(tz_severity sev)
{
    static const char *const names[] = { "错误", "警告", "提示" };
    return sev <= TZ_SEV_INFO ? names[sev] : "?";
}

const char *tz_severity_en(tz_severity sev)
{
    static const char *const names[] = { "error", "warning", "info" };
    return sev <= TZ_SEV_INFO ? names[sev] : "?";
}

void tz_issue_print(const tz_issue *is, void *out)
{
    FILE *f = out;
    fprintf(f, "%s %s %s", tz_severity_zh(is->severity), is->code, is->file);
    if (*is->sheet)
        fprintf(f, " 「%s」%s", is->sheet, is->cell);
    else if (*is->cell)
        fprintf(f, " %s", is->cell);
    fprintf(f, "：%s\n", is->message);
}

/* One line on stderr: "taizhang: <kind>：<message>". */
static void say(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "taizhang: %s：", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int tz_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("错误", fmt, ap);
    va_end(ap);
    return -1;
}

void tz_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("注意", fmt, ap);
    va_end(ap);
}

typedef struct {
    const tz_issue *issue;
    size_t order; /* place in the list */
    size_t group; /* index in `units`; n + first place of another unit; SIZE_MAX: no unit */
} grouped;

static int by_unit_then_order(const void *pa, const void *pb)
{
    const grouped *a = pa, *b = pb;
    int c = strcmp(a->issue->unit, b->issue->unit);
    return c ? c : a->order < b->order ? -1 : a->order > b->order;
}

static int by_group(const void *pa, const void *pb)
{
    const grouped *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

typedef struct {
    const char *name;
    size_t index;
} named;

static int by_name(const void *pa, const void *pb)
{
    return strcmp(((const named *)pa)->name, ((const named *)pb)->name);
}

tz_issue_group *tz_issues_by_unit(const tz_issues *list, const char *const *units, size_t n, size_t *ngroups)
{
    size_t len = 0;
    for (size_t i = 0; i < list->len; i++)
        len += tz_issue_is_live(&list->items[i]);
    named *names = tz_xcalloc(n ? n : 1, sizeof *names);
    for (size_t u = 0; u < n; u++)
        names[u] = (named){ units[u], u };
    qsort(names, n, sizeof *names, by_name);
    grouped *v = tz_xcalloc(len ? len : 1, sizeof *v);
    for (size_t i = 0, k = 0; i < list->len; i++)
        if (tz_issue_is_live(&list->items[i]))
            v[k++] = (grouped){ &list->items[i], i, 0 };
    qsort(v, len, sizeof *v, by_unit_then_order);
    for (size_t first = 0, i = 0; i < len; i++) {
        const char *unit = v[i].issue->unit;
        if (i > 0 && strcmp(unit, v[i - 1].issue->unit) != 0)
            first = i;
        const named key = { unit, 0 };
        const named *hit = n ? bsearch(&key, names, n, sizeof *names, by_name) : NULL;
        v[i].group = !*unit ? SIZE_MAX : hit ? hit->index : n + v[first].order;
    }
    qsort(v, len, sizeof *v, by_group);
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += i == 0 || v[i].group != v[i - 1].group;
    /* The groups, then the item pointers they share, in one block. */
    tz_issue_group *g = tz_xcalloc(1, (count ? count : 1) * sizeof *g + (len ? len : 1) * sizeof(tz_issue *));
    const tz_issue **items = (const tz_issue **)(g + (count ? count : 1));
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || v[i].group != v[i - 1].group)
            g[k++] = (tz_issue_group){ v[i].group == SIZE_MAX ? "" : v[i].issue->unit, items + i, 0, 0, 0 };
        tz_issue_group *cur = &g[k - 1];
        items[i] = v[i].issue;
        cur->len++;
        cur->errors += v[i].issue->severity == TZ_SEV_ERROR;
        cur->warnings += v[i].issue->severity == TZ_SEV_WARNING;
    }
    free(v);
    free(names);
    *ngroups = count;
    return g;
}
