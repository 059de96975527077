/* test_schema.c — templates/schemas.ini (docs/schemas.md) and the schema loader's errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "schema.h"

static const char *const categories[] = { "庸", "懒", "散", "软" };

/* The column of kind `kind` that header text names ("" when none). */
static const char *col(const tz_schema *s, const char *kind, const char *header)
{
    const tz_kind *k = tz_schema_kind(s, kind);
    if (!k)
        return "NO KIND";
    tz_arena a = { 0 };
    tz_header h;
    tz_header_prepare(&h, &a, header, strlen(header));
    int i = tz_kind_column(k, &h, NULL);
    tz_arena_free(&a);
    return i < 0 ? "" : k->columns[i].key;
}

static int rank_of(const tz_schema *s, const char *kind, const char *header)
{
    tz_arena a = { 0 };
    tz_header h;
    tz_header_prepare(&h, &a, header, strlen(header));
    int rank = -1;
    tz_kind_column(tz_schema_kind(s, kind), &h, &rank);
    tz_arena_free(&a);
    return rank;
}

/* The value an enum column gives a text: its stored value, or "" when none. */
static const char *val(const tz_schema *s, const char *kind, const char *key, const char *text)
{
    const tz_kind *k = tz_schema_kind(s, kind);
    int c = tz_kind_column_by_key(k, key);
    if (c < 0)
        return "NO COLUMN";
    int i = tz_column_value(&k->columns[c], text, strlen(text));
    return i < 0 ? "" : k->columns[c].values[i].value;
}

static int state(const tz_schema *s, const char *text)
{
    const tz_kind *k = tz_schema_kind(s, "problem");
    return tz_column_value(&k->columns[tz_kind_column_by_key(k, "status")], text, strlen(text));
}

static const char *sheet_kind(const tz_schema *s, const char *name)
{
    const tz_kind *k = tz_schema_kind_by_sheet(s, name, strlen(name));
    return k ? k->key : "";
}

/* "key:type[:required]" of every column of a kind, joined with spaces. */
static const char *columns(const tz_schema *s, const char *kind)
{
    static char buf[1024];
    const tz_kind *k = tz_schema_kind(s, kind);
    buf[0] = '\0';
    for (size_t i = 0; k && i < k->ncolumns; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s:%s%s", i ? " " : "", k->columns[i].key,
                 tz_col_type_name(k->columns[i].type), k->columns[i].required ? ":required" : "");
    return buf;
}

static void test_kinds(const tz_schema *s)
{
    CHECK_INT(s->nkinds, 8);
    const char *keys[] = { "problem", "activity", "rating",     "complaint",
                           "action",  "weekly",   "inspection", "receipt" };
    const char *names[] = { "问题清单", "征求意见", "民主测评", "信访举报",
                            "问责处理", "周报",     "督查记录", "收文登记" };
    for (size_t i = 0; i < 8 && i < s->nkinds; i++) {
        CHECK_STR(s->kinds[i].key, keys[i]);
        CHECK_STR(s->kinds[i].name, names[i]);
        CHECK_INT(s->kinds[i].office, i == 7);
    }
    CHECK_STR(
        columns(s, "problem"),
        "seq:text unit:text via:text path:text desc:text:required category:category source:text dept:text "
        "person:text measure:text kind:enum deadline:deadline status:state done_date:date "
        "note:text orig_seq:ignore computed:ignore overdue_mark:ignore due_soon_mark:ignore src_file:ignore src_sheet:ignore "
        "src_row:ignore");
    CHECK_STR(columns(s, "activity"),
              "seq:text date:date form:enum:required times:int persons:int opinions:int note:text"
              " unit:text via:text path:text src_file:ignore src_sheet:ignore src_row:ignore");
    CHECK_STR(columns(s, "rating"),
              "seq:text target:text:required voters:int:required satisfied:int basic:int unsatisfied:int "
              "computed:ignore unit:text via:text path:text src_file:ignore src_sheet:ignore src_row:ignore");
    CHECK_STR(
        columns(s, "complaint"),
        "seq:text date:date source:enum channel:enum persons:int summary:text:required status:enum "
        "verified:enum result:text refund:money unit:text via:text path:text src_file:ignore src_sheet:ignore src_row:ignore");
    CHECK_STR(columns(s, "action"),
              "seq:text name:text:required title:text problem:text kind:enum:required date:date"
              " unit:text via:text path:text src_file:ignore src_sheet:ignore src_row:ignore");
    CHECK_STR(columns(s, "weekly"),
              "seq:text date:date:required found:int fixed:int zero:enum progress:text");
    CHECK_STR(columns(s, "inspection"),
              "seq:text date:date:required method:enum target:text sampled:int found:int notified:enum"
              " unit:text via:text path:text src_file:ignore src_sheet:ignore src_row:ignore");
    CHECK_STR(columns(s, "receipt"), "seq:text unit:text:required material:text:required date:date:required");
    CHECK(tz_schema_kind(s, "nothing") == NULL);

    /* sheet names of docs/schemas.md */
    const char *sheets[][2] = {
        { "问题清单", "problem" },
        { "整改台账", "problem" },
        { "问题台账", "problem" },
        { "征求意见", "activity" },
        { "问卷调查", "activity" },
        { "意见征集", "activity" },
        { "民主测评", "rating" },
        { "民主评议", "rating" },
        { "满意度测评", "rating" },
        { "信访举报", "complaint" },
        { "投诉举报", "complaint" },
        { "来信来访", "complaint" },
        { "问责处理", "action" },
        { "问责情况", "action" },
        { "责任追究", "action" },
        { "周报", "weekly" },
        { "周报告", "weekly" },
        { "工作周报", "weekly" },
        { "督查记录", "inspection" },
        { "明查暗访", "inspection" },
        { "检查记录", "inspection" },
        { "收文登记", "receipt" },
        { "报送登记", "receipt" },
        { " 问题 清单 ", "problem" },
        { "问题清单（2017年）", "problem" },
        { "问题清单(二)", "problem" },
        { "Sheet1", "" },
        { "", "" },
        { "问题", "" },
    };
    for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++)
        CHECK_STR(sheet_kind(s, sheets[i][0]), sheets[i][1]);
    CHECK(tz_schema_skip_sheet(s, "填表说明", strlen("填表说明")));
    CHECK(tz_schema_skip_sheet(s, "超期问题", strlen("超期问题")));
    CHECK(tz_schema_skip_sheet(s, "临期问题", strlen("临期问题")));
    CHECK(!tz_schema_skip_sheet(s, "问题台账", strlen("问题台账")));
    CHECK(!tz_schema_skip_sheet(s, "", 0));
}

static void test_headers(const tz_schema *s)
{
    /* every header and alias of docs/schemas.md table: {kind, header text, column} */
    static const char *const h[][3] = {
        { "problem", "序号", "seq" },
        { "problem", "问题描述", "desc" },
        { "problem", "问题", "desc" },
        { "problem", "存在问题", "desc" },
        { "problem", "具体问题", "desc" },
        { "problem", "问题表现", "desc" },
        { "problem", "具体问题表述", "desc" },
        { "problem", "问题类别", "category" },
        { "problem", "类别", "category" },
        { "problem", "问题类型", "category" },
        { "problem", "问题来源", "source" },
        { "problem", "来源", "source" },
        { "problem", "责任部门", "dept" },
        { "problem", "责任单位", "dept" },
        { "problem", "责任科室", "dept" },
        { "problem", "责任人", "person" },
        { "problem", "整改责任人", "person" },
        { "problem", "第一责任人", "person" },
        { "problem", "整改措施", "measure" },
        { "problem", "措施", "measure" },
        { "problem", "整改类型", "kind" },
        { "problem", "整改时限", "deadline" },
        { "problem", "完成时限", "deadline" },
        { "problem", "整改期限", "deadline" },
        { "problem", "时限", "deadline" },
        { "problem", "整改状态", "status" },
        { "problem", "整改进展", "status" },
        { "problem", "完成情况", "status" },
        { "problem", "是否销号", "status" },
        { "problem", "状态", "status" },
        { "problem", "完成日期", "done_date" },
        { "problem", "销号日期", "done_date" },
        { "problem", "销号时间", "done_date" },
        { "problem", "实际完成时间", "done_date" },
        { "problem", "备注", "note" },
        /* a 汇总台账 问题台账 read back (docs/ledger.md) */
        { "problem", "单位", "unit" },
        { "problem", "剩余天数", "computed" },
        { "problem", "是否超期", "overdue_mark" },
        { "activity", "日期", "date" },
        { "activity", "形式", "form" },
        { "activity", "方式", "form" },
        { "activity", "次数", "times" },
        { "activity", "场次", "times" },
        { "activity", "人次", "persons" },
        { "activity", "参与人次", "persons" },
        { "activity", "参加人数", "persons" },
        { "activity", "意见数", "opinions" },
        { "activity", "收到意见", "opinions" },
        { "activity", "意见建议", "opinions" },
        { "activity", "来信封数", "opinions" },
        { "activity", "条数", "opinions" },
        { "activity", "备注", "note" },
        { "rating", "测评对象", "target" },
        { "rating", "对象", "target" },
        { "rating", "被测评对象", "target" },
        { "rating", "参评人数", "voters" },
        { "rating", "发放票数", "voters" },
        { "rating", "有效票", "voters" },
        { "rating", "满意", "satisfied" },
        { "rating", "基本满意", "basic" },
        { "rating", "比较满意", "basic" },
        { "rating", "不满意", "unsatisfied" },
        { "complaint", "受理日期", "date" },
        { "complaint", "来源", "source" },
        { "complaint", "方式", "channel" },
        { "complaint", "人次", "persons" },
        { "complaint", "内容摘要", "summary" },
        { "complaint", "办理状态", "status" },
        { "complaint", "是否查实", "verified" },
        { "complaint", "处理结果", "result" },
        { "complaint", "退还金额", "refund" },
        { "complaint", "退费金额", "refund" },
        { "complaint", "金额(元)", "refund" },
        { "complaint", "金额（元）", "refund" },
        { "action", "姓名", "name" },
        { "action", "对象", "name" },
        { "action", "被问责人", "name" },
        { "action", "职务", "title" },
        { "action", "问题", "problem" },
        { "action", "处理方式", "kind" },
        { "action", "处理日期", "date" },
        { "weekly", "报告日期", "date" },
        { "weekly", "日期", "date" },
        { "weekly", "周次", "date" },
        { "weekly", "新发现问题数", "found" },
        { "weekly", "整改完成数", "fixed" },
        { "weekly", "零报告", "zero" },
        { "weekly", "工作进展", "progress" },
        { "inspection", "日期", "date" },
        { "inspection", "方式", "method" },
        { "inspection", "检查对象", "target" },
        { "inspection", "抽查人数", "sampled" },
        { "inspection", "发现问题数", "found" },
        { "inspection", "是否通报", "notified" },
        { "receipt", "单位", "unit" },
        { "receipt", "材料名称", "material" },
        { "receipt", "收到日期", "date" },
    };
    for (size_t i = 0; i < sizeof h / sizeof *h; i++) {
        const char *got = col(s, h[i][0], h[i][1]);
        if (strcmp(got, h[i][2]) != 0)
            fprintf(stderr, "header %s「%s」\n", h[i][0], h[i][1]);
        CHECK_STR(got, h[i][2]);
    }
    /* how headers are written in real workbooks */
    CHECK_STR(col(s, "problem", "整改时限（完成时限）"), "deadline");
    CHECK_STR(col(s, "problem", "问题描述\n（具体表现）"), "desc");
    CHECK_STR(col(s, "problem", "问 题 描 述"), "desc");
    CHECK_STR(col(s, "problem", "*问题描述"), "desc");
    CHECK_STR(col(s, "problem", "责任部门："), "dept");
    CHECK_STR(col(s, "problem", "整改时限\r\n(年月日)"), "deadline");
    CHECK_STR(col(s, "complaint", "退还金额（元）"), "refund");
    CHECK_STR(col(s, "rating", "满意\n（票）"), "satisfied");
    CHECK_STR(col(s, "problem", "问题描述及原因"), "");
    CHECK_STR(col(s, "problem", ""), "");
    CHECK_STR(col(s, "problem", "（元）"), "");
    CHECK_INT(rank_of(s, "complaint", "金额(元)"), 0);
    CHECK_INT(rank_of(s, "complaint", "退还金额(元)"), 1);
    CHECK_INT(rank_of(s, "problem", "整改状态"), 0);
    CHECK_INT(rank_of(s, "problem", "状态"), 0);
}

static void test_values(const tz_schema *s)
{
    /* docs/schemas.md: the problem status */
    const char *closed[] = { "已完成", "已整改", "已销号", "完成", "是" };
    const char *progress[] = { "整改中", "推进中", "正在整改", "部分完成" };
    const char *open[] = { "未整改", "未完成", "未启动", "否", "", "  " };
    for (size_t i = 0; i < 5; i++)
        CHECK_INT(state(s, closed[i]), TZ_STATE_CLOSED);
    for (size_t i = 0; i < 4; i++)
        CHECK_INT(state(s, progress[i]), TZ_STATE_IN_PROGRESS);
    for (size_t i = 0; i < 6; i++)
        CHECK_INT(state(s, open[i]), TZ_STATE_OPEN);
    CHECK_INT(state(s, " 已 完成 "), TZ_STATE_CLOSED);
    CHECK_INT(state(s, "部分完成（80%）"), TZ_STATE_IN_PROGRESS);
    CHECK_INT(state(s, "差不多了"), -1);
    const tz_kind *p = tz_schema_kind(s, "problem");
    const tz_column *st = &p->columns[tz_kind_column_by_key(p, "status")];
    CHECK_INT(st->nvalues, 3);
    CHECK_STR(st->values[TZ_STATE_OPEN].value, "open");
    CHECK_STR(st->values[TZ_STATE_OPEN].label, "未整改");
    CHECK_STR(st->values[TZ_STATE_IN_PROGRESS].value, "in_progress");
    CHECK_STR(st->values[TZ_STATE_IN_PROGRESS].label, "整改中");
    CHECK_STR(st->values[TZ_STATE_CLOSED].value, "closed");
    CHECK_STR(st->values[TZ_STATE_CLOSED].label, "已完成");
    CHECK_INT(st->empty_value, TZ_STATE_OPEN);

    /* categories from the campaign, plus 其他 */
    const tz_column *cat = &p->columns[tz_kind_column_by_key(p, "category")];
    CHECK_INT(cat->nvalues, 5);
    CHECK_INT(cat->other_value, 4);
    CHECK_STR(val(s, "problem", "category", "懒"), "懒");
    CHECK_STR(val(s, "problem", "category", " 软 "), "软");
    CHECK_STR(val(s, "problem", "category", "其他"), "其他");
    CHECK_STR(val(s, "problem", "category", "其它"), "其他");
    CHECK_STR(val(s, "problem", "category", "贪"), "");
    CHECK_INT(cat->empty_value, -1);

    /* enum values and their aliases */
    CHECK_STR(val(s, "problem", "kind", "立行立改"), "立行立改");
    CHECK_STR(val(s, "problem", "kind", "限时整改"), "限时整改");
    CHECK_STR(val(s, "problem", "kind", "持续整改"), "持续整改");
    const char *forms[] = { "问卷调查", "座谈会",   "个别访谈", "上门访谈",
                            "意见箱",   "电子邮箱", "网上评议", "来信" };
    for (size_t i = 0; i < 8; i++)
        CHECK_STR(val(s, "activity", "form", forms[i]), forms[i]);
    CHECK_STR(val(s, "activity", "form", "座谈"), "座谈会");
    const char *sources[] = { "省转办", "市转办", "自办", "领导转办" };
    for (size_t i = 0; i < 4; i++)
        CHECK_STR(val(s, "complaint", "source", sources[i]), sources[i]);
    CHECK_STR(val(s, "complaint", "source", "省转办件"), "省转办");
    const char *channels[] = { "来信", "来电", "来访", "短信", "网络", "电子邮件" };
    for (size_t i = 0; i < 6; i++)
        CHECK_STR(val(s, "complaint", "channel", channels[i]), channels[i]);
    CHECK_STR(val(s, "complaint", "channel", "信件"), "来信");
    CHECK_STR(val(s, "complaint", "channel", "电话"), "来电");
    CHECK_STR(val(s, "complaint", "channel", "E-mail"), "");
    CHECK_STR(val(s, "complaint", "channel", "EMAIL"), "电子邮件");
    CHECK_STR(val(s, "complaint", "status", "已办结"), "已办结");
    CHECK_STR(val(s, "complaint", "status", "办理中"), "办理中");
    CHECK_STR(val(s, "complaint", "verified", "是"), "是");
    CHECK_STR(val(s, "complaint", "verified", "否"), "否");
    CHECK_STR(val(s, "complaint", "verified", "属实"), "是");
    const char *actions[] = { "约谈",     "诫勉谈话", "通报批评", "警告处分", "记过", "记大过",
                              "待岗学习", "调离岗位", "免职",     "降职",     "降级" };
    for (size_t i = 0; i < 11; i++)
        CHECK_STR(val(s, "action", "kind", actions[i]), actions[i]);
    CHECK_STR(val(s, "action", "kind", "诫勉"), "诫勉谈话");
    CHECK_STR(val(s, "weekly", "zero", "是"), "是");
    CHECK_STR(val(s, "weekly", "zero", "否"), "否");
    const char *methods[] = { "明查", "暗访", "专项检查", "集中检查" };
    for (size_t i = 0; i < 4; i++)
        CHECK_STR(val(s, "inspection", "method", methods[i]), methods[i]);
    CHECK_STR(val(s, "inspection", "notified", "是"), "是");
    CHECK_STR(val(s, "inspection", "notified", "否"), "否");
    CHECK_STR(val(s, "complaint", "status", ""), ""); /* no empty value */
    CHECK_STR(val(s, "problem", "desc", "问题"), ""); /* not an enum */
}

/* ---- broken files ----------------------------------------------------------------- */

static char dir[] = "/tmp/test_schema.XXXXXX";

/* Loads text as a schema file; returns the loader's rc and its stderr in msg. */
static int load_text(const char *text, char *msg, size_t size)
{
    char path[256], errpath[256];
    snprintf(path, sizeof path, "%s/schemas.ini", dir);
    snprintf(errpath, sizeof errpath, "%s/stderr", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -99;
    fputs(text, f);
    fclose(f);
    fflush(stderr);
    int saved = dup(2);
    FILE *e = fopen(errpath, "w+");
    if (saved < 0 || !e)
        return -99;
    dup2(fileno(e), 2);
    tz_schema *s = NULL;
    int rc = tz_schema_load(path, categories, 4, &s);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(e);
    size_t n = fread(msg, 1, size - 1, e);
    msg[n] = '\0';
    if (n > 0 && msg[n - 1] == '\n')
        msg[n - 1] = '\0';
    fclose(e);
    CHECK(rc == 0 ? s != NULL : s == NULL);
    tz_schema_free(s);
    return rc;
}

#define P "taizhang: 错误：/tmp/test_schema.XXXXXX/schemas.ini"

/* msg with the temp dir replaced by its template, for exact comparison. */
static const char *err(const char *text)
{
    static char msg[8192], raw[8192];
    if (load_text(text, raw, sizeof raw) != -1)
        return "LOADED";
    size_t n = 0;
    for (const char *r = raw, *at; n < sizeof msg; r = at + strlen(dir)) {
        if (!(at = strstr(r, dir))) {
            snprintf(msg + n, sizeof msg - n, "%s", r);
            break;
        }
        n += (size_t)snprintf(msg + n, sizeof msg - n, "%.*s/tmp/test_schema.XXXXXX", (int)(at - r), r);
    }
    return msg;
}

/* A kind of 300 columns: said once, at the first column past the limit, with its line. */
static void test_limits(void)
{
    size_t size = 64 + 300 * 48;
    char *text = malloc(size);
    size_t n = (size_t)snprintf(text, size, "[wide]\nname = 宽表\n");
    for (int i = 1; i <= 300; i++)
        n += (size_t)snprintf(text + n, size - n, "[wide.c%d]\nheader = 列%d\ntype = text\n", i, i);
    char want[256];
    /* [wide.c129] starts at line 3 + 3 × 128 */
    snprintf(want, sizeof want,
             P ":%d：[wide] 有 300 列，一种报表最多 %d 列（从 [wide.c%d] 起多出）\n>>> '[wide.c%d]'",
             3 + 3 * TZ_KIND_MAX_COLUMNS, TZ_KIND_MAX_COLUMNS, TZ_KIND_MAX_COLUMNS + 1,
             TZ_KIND_MAX_COLUMNS + 1);
    CHECK_STR(err(text), want);
    free(text);
}

/* Every mistake of the file at once, in line order, each with its line; a
 * kind with a mistake is not checked further (no "没有任何列" after a bad column). */
static void test_all_mistakes(void)
{
    CHECK_STR(
        err("[problem]\nname = 问题清单\nofice = yes\n"
            "[problem.desc]\nheader = 问题描述\ntype = txt\n"
            "[action]\n"
            "[action.who]\nheader = 姓名\ntype = text\nrequired = 也许\n"
            "[problem]\n"),
        P
        ":3：[problem] 中没有 ofice 这一项（是不是 office？）\n"
        ">>> 'ofice = yes'\n" P
        ":6：[problem.desc] 的 type “txt”未知（可用：text、int、money、date、deadline、time、enum、state、category、ignore）\n"
        ">>> 'type = txt'\n" P ":7：[action] 缺少 name（表格的中文名称，如 问题清单）\n"
        ">>> '[action]'\n" P ":11：[action.who] 的 required 应为 yes 或 no，而不是“也许”\n"
        ">>> 'required = 也许'\n" P ":12：节 [problem] 重复（第 1 行已有）\n"
        ">>> '[problem]'");
}

static void test_errors(void)
{
    const char *ok_col = "[problem.desc]\nheader = 问题描述\ntype = text\n";
    char buf[4096], msg[2048];

    snprintf(buf, sizeof buf, "\xEF\xBB\xBF[problem] ; 问题\nname = 问题清单\n%s", ok_col);
    CHECK_INT(load_text(buf, msg, sizeof msg), 0); /* BOM, comment after [section] */
    CHECK_STR(msg, "");

    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.at]\nheader = 会议时间\ntype = time\n",
             ok_col);
    CHECK_INT(load_text(buf, msg, sizeof msg), 0); /* a time column */
    CHECK_STR(msg, "");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.kind]\nheader = 类型\ntype = number\n",
             ok_col);
    CHECK_STR(
        err(buf), P
        ":8：[problem.kind] 的 type “number”未知（可用：text、int、money、date、deadline、time、enum、state、category、ignore）"
        "\n>>> 'type = number'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.desc]\nheader = x\n", ok_col);
    CHECK_STR(err(buf), P ":6：节 [problem.desc] 重复（第 3 行已有）"
                          "\n>>> '[problem.desc]'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\nname = 问题\n%s", ok_col);
    CHECK_STR(err(buf), P ":3：[problem] 中的 name 重复（第 2 行已有）"
                          "\n>>> 'name = 问题'");
    CHECK_STR(
        err("[problem]\nname = 问题清单\n[action]\nname = 问责\n[action.name]\nheader = 姓名\ntype = text\n"),
        P ":1：[problem] 没有任何列（应有 [problem.列名] 节）"
          "\n>>> '[problem]'");
    CHECK_STR(err("; 空的\n"), P "：没有定义任何表格种类（如 [problem]）");
    snprintf(buf, sizeof buf, "[problem]\n%s", ok_col);
    CHECK_STR(err(buf), P ":1：[problem] 缺少 name（表格的中文名称，如 问题清单）"
                          "\n>>> '[problem]'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.Bad-Key]\nheader = x\ntype = text\n",
             ok_col);
    CHECK_STR(
        err(buf), P
        ":6：[problem.bad-key] 的列名“bad-key”应由小写英文字母、数字和下划线组成，以字母开头（它将成为数据库的列名）"
        "\n>>> '[problem.Bad-Key]'");
    snprintf(buf, sizeof buf, "[unit]\nname = 单位\n[unit.desc]\nheader = x\ntype = text\n");
    CHECK_STR(err(buf), P ":1：[unit] 这个名字留作程序自己的表，请换一个"
                          "\n>>> '[unit]'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[other.x]\nheader = x\ntype = text\n", ok_col);
    CHECK_STR(err(buf), P ":6：[other.x] 所属的表格种类 [other] 没有定义"
                          "\n>>> '[other.x]'");
    snprintf(buf, sizeof buf,
             "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\nalias = Y\ntype = text\n", ok_col);
    CHECK_STR(
        err(buf), P
        ":8：[problem.x] 中没有 alias 这一项（是不是 aliases？）"
        "\n>>> 'alias = Y'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.x]\ntype = text\n", ok_col);
    CHECK_STR(err(buf), P ":6：[problem.x] 缺少 header（表头文字）"
                          "\n>>> '[problem.x]'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\n", ok_col);
    CHECK_STR(
        err(buf),
        P ":6：[problem.x] 缺少 type（text、int、money、date、deadline、time、enum、state、category、ignore）"
          "\n>>> '[problem.x]'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = enum\n", ok_col);
    CHECK_STR(err(buf), P ":6：[problem.x] 是 enum 类型，缺少 values（如 values = 来信|信件,来电|电话）"
                          "\n>>> '[problem.x]'");
    snprintf(buf, sizeof buf,
             "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = text\nvalues = a,b\n", ok_col);
    CHECK_STR(err(buf), P ":9：[problem.x] 是 text 类型，不能有 values（只有 enum 和 state 有取值）"
                          "\n>>> 'values = a,b'");
    snprintf(buf, sizeof buf,
             "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = category\nvalues = a\n", ok_col);
    CHECK_STR(err(buf),
              P ":9：[problem.x] 是 category 类型，不能有 values（问题类别来自 config.ini 的 categories）"
                "\n>>> 'values = a'");
    snprintf(
        buf, sizeof buf,
        "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = enum\nvalues = 来信|信件, 来电|信件\n",
        ok_col);
    CHECK_STR(err(buf), P ":9：[problem.x] values 中“信件”同时属于“来信”和“来电”"
                          "\n>>> 'values = 来信|信件, 来电|信件'");
    snprintf(
        buf, sizeof buf,
        "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = state\nvalues = closed|是, open|否\n",
        ok_col);
    CHECK_STR(err(buf),
              P ":9：[problem.x] 是 state 类型，values 应恰好是 open、in_progress、closed 三项（各带别名）"
                "\n>>> 'values = closed|是, open|否'");
    snprintf(
        buf, sizeof buf,
        "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = enum\nvalues = 是,否\nempty = 无\n",
        ok_col);
    CHECK_STR(err(buf), P ":10：[problem.x] 的 empty “无”不是这一列的取值"
                          "\n>>> 'empty = 无'");
    snprintf(buf, sizeof buf,
             "[problem]\nname = 问题清单\n%s[problem.x]\nheader = X\ntype = text\nrequired = maybe\n",
             ok_col);
    CHECK_STR(err(buf), P ":9：[problem.x] 的 required 应为 yes 或 no，而不是“maybe”"
                          "\n>>> 'required = maybe'");
    snprintf(buf, sizeof buf,
             "[problem]\nname = 问题清单\n%s[problem.x]\nheader = 描述\naliases = 问 题 描 述\ntype = text\n",
             ok_col);
    CHECK_STR(err(buf), P ":6：表头“问题描述”同时属于 [problem.desc] 和 [problem.x]"
                          "\n>>> '[problem.x]'");
    snprintf(
        buf, sizeof buf,
        "[problem]\nname = 问题清单\nsheets = 台账\n%s[action]\nname = 问责\nsheets = 台账\n[action.x]\nheader = x\ntype = text\n",
        ok_col);
    CHECK_STR(err(buf), P ":9：工作表名“台账”同时属于 [problem] 和 [action]"
                          "\n>>> 'sheets = 台账'");
    snprintf(buf, sizeof buf, "[problem]\nname = 问题清单\n%s[skip]\nsheets = 问题清单\n", ok_col);
    CHECK_STR(err(buf), P ":7：工作表名“问题清单”既属于 [problem] 又列在 [skip] 中"
                          "\n>>> 'sheets = 问题清单'");
    CHECK_STR(
        err("[problem\nname = x\n"), P
        ":1：节名缺少右方括号“]”"
        "\n>>> '[problem'\ntaizhang: 错误：/tmp/test_schema.XXXXXX/schemas.ini:2：键写在了任何 [节] 之前\n>>> 'name = x'");
    CHECK_STR(err("[problem] name = x\n"), P ":1：节名“]”后面只能有注释（以 ; 或 # 开头）"
                                             "\n>>> '[problem] name = x'");
    CHECK_STR(err("name = x\n"), P ":1：键写在了任何 [节] 之前"
                                   "\n>>> 'name = x'");
    CHECK_STR(err("[problem]\n问题清单\n"), P ":2：看不懂这一行：应为“键 = 值”、“[节名]”或以 ; 开头的注释"
                                              "\n>>> '问题清单'");
    CHECK_STR(err("[problem]\nname = \xFF\n"),
              P ":2：表格定义文件应为 UTF-8 编码的文本（可用记事本“另存为”并选择 UTF-8）");
    memset(buf, 'x', 1200);
    memcpy(buf, "[problem]\nname = ", 17);
    buf[1200] = '\0';
    CHECK_STR(err(buf), P ":2：这一行超过 1000 字节，请拆成几行（行尾加 \\ 续行）");

    char missing[300];
    snprintf(missing, sizeof missing, "%s/none.ini", dir);
    tz_schema *s = (tz_schema *)1;
    fflush(stderr);
    int saved = dup(2);
    FILE *devnull = fopen("/dev/null", "w");
    dup2(fileno(devnull), 2);
    CHECK_INT(tz_schema_load(missing, NULL, 0, &s), -1);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(devnull);
    CHECK(s == NULL);

    /* continuation lines, quoted values, no categories: only 其他 */
    snprintf(buf, sizeof buf,
             "[problem]\nname = 问题清单\n%s[problem.c]\nheader = 类别\ntype = category\n"
             "[problem.k]\nheader = 类型\ntype = ENUM\nvalues = 甲|一, \\\n   乙|二\nempty = 乙\n"
             "[problem.n]\nheader = \"编号#\"\ntype = text\nrequired = 是\n",
             ok_col);
    snprintf(missing, sizeof missing, "%s/schemas.ini", dir);
    FILE *f = fopen(missing, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(buf, f);
        fclose(f);
    }
    s = NULL;
    CHECK_INT(tz_schema_load(missing, NULL, 0, &s), 0);
    if (s) {
        const tz_kind *k = &s->kinds[0];
        CHECK_INT(k->ncolumns, 4);
        CHECK_INT(k->columns[1].nvalues, 1);
        CHECK_STR(k->columns[1].values[0].value, "其他");
        CHECK_INT(k->columns[1].other_value, 0);
        CHECK_INT(k->columns[2].type, TZ_COL_ENUM);
        CHECK_INT(k->columns[2].nvalues, 2);
        CHECK_STR(k->columns[2].values[1].value, "乙");
        CHECK_INT(tz_column_value(&k->columns[2], "二", strlen("二")), 1);
        CHECK_INT(tz_column_value(&k->columns[2], "", 0), 1);
        CHECK_STR(k->columns[3].header, "编号#");
        CHECK_INT(k->columns[3].required, 1);
        tz_schema_free(s);
    }
}

/* Roles: declared with `role =`, else the column keyed like the role. */
static void test_roles(const tz_schema *s)
{
    const tz_kind *p = tz_schema_kind(s, "problem");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->columns[tz_kind_column_by_role(p, TZ_CR_DESC)].key, "desc");
        CHECK_STR(p->columns[tz_kind_column_by_role(p, TZ_CR_UNIT)].key, "unit");
        CHECK_STR(p->columns[tz_kind_column_by_role(p, TZ_CR_DONE_DATE)].key, "done_date");
        CHECK_INT(tz_kind_column_by_role(p, TZ_CR_VOTERS), -1);
        CHECK_INT(tz_kind_column_by_role(p, TZ_CR_NONE), -1);
    }
    CHECK_STR(tz_col_role_name(TZ_CR_DONE_DATE), "done_date");
    CHECK(tz_col_role_name(TZ_CR_NONE) == NULL);

    char msg[2048];
    /* `desc` keyed miaoshu; the column keyed desc then has no role. */
    const char *renamed = "[problem]\nname = 问题清单\n"
                          "[problem.desc]\nheader = 摘要\ntype = text\n"
                          "[problem.miaoshu]\nheader = 问题描述\ntype = text\nrequired = yes\nrole = desc\n"
                          "[problem.danwei]\nheader = 单位\ntype = text\nrole = unit\n";
    CHECK_INT(load_text(renamed, msg, sizeof msg), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/schemas.ini", dir);
    tz_schema *r = NULL;
    CHECK_INT(tz_schema_load(path, categories, 4, &r), 0);
    if (r) {
        const tz_kind *k = &r->kinds[0];
        CHECK_INT(tz_kind_column_by_role(k, TZ_CR_DESC), 1);
        CHECK_INT(k->columns[1].role, TZ_CR_DESC);
        CHECK_INT(k->columns[0].role, TZ_CR_NONE);
        CHECK_INT(tz_kind_column_by_role(k, TZ_CR_UNIT), 2);
        CHECK_INT(tz_kind_column_by_role(k, TZ_CR_SEQ), -1);
        tz_schema_free(r);
    }
    CHECK_STR(
        err("[problem]\nname = 问题清单\n[problem.miaoshu]\nheader = 问题描述\ntype = text\nrole = 描述\n"),
        P ":6：[problem.miaoshu] 的 role “描述”未知（可用：unit、via、path、desc、seq、status、deadline、"
          "done_date、voters、times、persons、satisfied、basic、unsatisfied）"
          "\n>>> 'role = 描述'");
    CHECK_STR(err("[problem]\nname = 问题清单\n[problem.a]\nheader = A\ntype = text\nrole = desc\n"
                  "[problem.b]\nheader = B\ntype = text\nrole = desc\n"),
              P ":10：role = desc 已由 [problem.a] 声明，一种报表中只能有一列"
                "\n>>> 'role = desc'");
}

int main(void)
{
    tz_schema *s = NULL;
    CHECK_INT(tz_schema_load("templates/schemas.ini", categories, 4, &s), 0);
    if (s) {
        test_kinds(s);
        test_headers(s);
        test_values(s);
    }
    if (mkdtemp(dir)) {
        test_errors();
        test_limits();
        test_all_mistakes();
        if (s)
            test_roles(s);
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        CHECK(system(cmd) == 0);
    } else
        CHECK(!"mkdtemp");
    tz_schema_free(s);
    return CHECK_DONE();
}
