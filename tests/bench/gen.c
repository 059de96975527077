/*
 * gen.c — the synthetic campaign of `make bench` (docs/design.md).
 *
 *   gen UNITS DIR
 *
 * writes DIR/config.ini (a 2017 campaign naming UNITS units) and one
 * workbook per unit: 80% as DIR/input/<unit>.xlsx (libxlsxwriter), 20% as
 * .xls — those are written as a cell list, DIR/xls-cells.tsv, that
 * tests/bench/xls_from_cells.py turns into BIFF8 with xlwt in one process.
 * Each workbook is what a school office sends: a 问题清单 sheet of 180–220
 * problems under a merged title, 填报单位 and 填报日期 lines, and a
 * 征求意见 sheet of 8–12 activities; about 1% of the values are wrong the
 * way units get them wrong (a month 13, a category not in the campaign, a
 * negative count), so the issue path is measured too.
 *
 * Deterministic: the text comes from fixed phrase tables through a
 * splitmix64 generator seeded by the unit's number, and the workbooks'
 * creation time is fixed, so the same UNITS gives byte-identical files.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#define N(a) (sizeof(a) / sizeof *(a))

static const char *const districts[] = {
    "江岸区",   "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区",
    "东西湖区", "蔡甸区", "江夏区", "黄陂区", "新洲区", "汉南区",
};
static const char *const subjects[] = {
    "部分教师",     "个别班主任", "学校食堂",   "教务处工作人员", "后勤维修人员", "少数干部",
    "门卫值班人员", "财务室",     "年级组",     "校医室",         "图书室管理员", "部分行政人员",
    "招生办公室",   "信息中心",   "宿舍管理员", "体育组",         "团委",         "学生会指导老师",
};
static const char *const behaviours[] = {
    "上课迟到早退、随意调课",
    "作业批改不及时、不认真",
    "对家长来电推诿扯皮",
    "办事拖拉、效率低下",
    "服务态度生硬、门难进脸难看",
    "工作日上班时间上网炒股",
    "值班脱岗、记录不全",
    "违规收取资料费",
    "有偿补课屡禁不止",
    "报销手续繁琐、久拖不办",
    "食堂饭菜价格偏高、质量不稳定",
    "维修申报后长期无人处理",
    "学生反映的问题无人回复",
    "会议多、文件多、落实少",
    "安全隐患排查流于形式",
    "师德考核走过场",
    "公务接待超标准",
    "校园网站信息长期不更新",
    "对学生评价简单粗暴",
    "开会迟到、请假制度执行不严",
};
static const char *const places[] = {
    "",           "（高一年级）", "（初二年级）", "（新校区）", "（老校区）",     "（住宿部）",
    "（实验楼）", "（行政楼）",   "（二食堂）",   "（毕业班）", "（寒暑假期间）", "（开学初）",
};
static const char *const tails[] = {
    "",           "，群众反映强烈", "，家长意见较大", "，影响学校形象", "，学生多次投诉", "，督查中发现",
    "，屡教不改", "，造成不良影响",
};
static const char *const sources[] = {
    "自查自纠", "群众反映", "征求意见", "上级督查", "明查暗访", "信访举报"
};
static const char *const depts[] = {
    "办公室",       "教务处", "德育处", "总务处", "财务室", "教研室",
    "后勤服务中心", "保卫科", "团委",   "工会",   "招生办", "信息中心",
};
static const char *const surnames[] = {
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴",
    "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
};
static const char *const givens[] = {
    "建国", "晓明", "丽华", "志强", "海燕", "国庆", "红梅", "伟",   "静",
    "磊",   "敏",   "军",   "芳",   "文斌", "春生", "秀英", "德华", "玉兰",
};
static const char *const measures[] = {
    "召开专题会议，明确责任，限期整改", "建立考勤通报制度，每周公示",       "开展师德师风专题教育",
    "完善服务承诺制度，设立投诉电话",   "清退违规收费，建立收费公示制度",   "制定维修响应时限，实行台账管理",
    "领导班子带头整改，纳入年度考核",   "约谈相关责任人，责令作出书面检查", "简化报销流程，实行一次性告知",
    "加强日常督查，发现一起查处一起",
};
static const char *const categories[] = { "庸", "懒", "散", "软" };
static const char *const kinds[] = { "立行立改", "限时整改", "持续整改" };
static const char *const forms[] = {
    "问卷调查", "座谈会", "个别访谈", "上门访谈", "意见箱", "电子邮箱", "网上评议", "来信",
};

/* ---- deterministic choices ------------------------------------------------ */

typedef struct {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned below(rng *r, unsigned n)
{
    return (unsigned)(next(r) % n);
}
static const char *pick(rng *r, const char *const *t, size_t n)
{
    return t[below(r, (unsigned)n)];
}
#define PICK(r, t) pick(r, t, N(t))

/* Excel serial of a date in 2017 given as day of the year (1-based). */
static double serial_2017(unsigned yday)
{
    return 42735.0 + yday;
}

/* ---- one writer API over libxlsxwriter and the .xls cell list ------------- */

typedef struct {
    lxw_workbook *wb; /* .xlsx, or NULL */
    lxw_worksheet *ws;
    lxw_format *date_fmt, *title_fmt;
    FILE *cells; /* .xls: the cell list */
} sink;

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "gen: %s: %s\n", what, detail);
    exit(1);
}

static void check(lxw_error e, const char *what)
{
    if (e != LXW_NO_ERROR)
        die(what, lxw_strerror(e));
}

static void sheet(sink *k, const char *name)
{
    if (k->wb) {
        k->ws = workbook_add_worksheet(k->wb, name);
        if (!k->ws)
            die("workbook_add_worksheet", name);
        check(worksheet_set_column(k->ws, 1, 1, 40, NULL), "worksheet_set_column");
    } else {
        fprintf(k->cells, "S\t%s\n", name);
    }
}

static void text(sink *k, unsigned r, unsigned c, const char *s)
{
    if (!*s)
        return;
    if (k->wb)
        check(worksheet_write_string(k->ws, r, (lxw_col_t)c, s, NULL), "worksheet_write_string");
    else
        fprintf(k->cells, "T\t%u\t%u\t%s\n", r, c, s);
}

static void number(sink *k, unsigned r, unsigned c, double v)
{
    if (k->wb)
        check(worksheet_write_number(k->ws, r, (lxw_col_t)c, v, NULL), "worksheet_write_number");
    else
        fprintf(k->cells, "N\t%u\t%u\t%.17g\n", r, c, v);
}

static void date(sink *k, unsigned r, unsigned c, double serial)
{
    if (k->wb)
        check(worksheet_write_number(k->ws, r, (lxw_col_t)c, serial, k->date_fmt), "worksheet_write_number");
    else
        fprintf(k->cells, "D\t%u\t%u\t%.0f\n", r, c, serial);
}

static void title(sink *k, unsigned cols, const char *s)
{
    if (k->wb)
        check(worksheet_merge_range(k->ws, 0, 0, 0, (lxw_col_t)(cols - 1), s, k->title_fmt),
              "worksheet_merge_range");
    else
        fprintf(k->cells, "M\t0\t0\t0\t%u\t%s\n", cols - 1, s);
}

/* ---- one unit's workbook ---------------------------------------------------- */

static size_t rows_problem, rows_activity;

static void problems(sink *k, rng *r, const char *unit, unsigned submitted)
{
    static const char *const head[] = {
        "序号",     "问题描述", "问题类别", "问题来源", "责任部门", "责任人",
        "整改措施", "整改类型", "整改时限", "整改状态", "完成日期", "备注",
    };
    char buf[512];
    sheet(k, "问题清单");
    snprintf(buf, sizeof buf, "%s“庸懒散软”问题整改台账", unit);
    title(k, N(head), buf);
    snprintf(buf, sizeof buf, "填报单位：%s", unit);
    text(k, 1, 0, buf);
    snprintf(buf, sizeof buf, "填报日期：2017年%u月%u日", submitted < 305 ? 10u : 11u,
             submitted < 305 ? submitted - 273 : submitted - 304);
    text(k, 1, 8, buf);
    for (unsigned c = 0; c < N(head); c++)
        text(k, 2, c, head[c]);
    unsigned n = 180 + below(r, 41);
    for (unsigned i = 0; i < n; i++) {
        unsigned row = 3 + i;
        number(k, row, 0, i + 1);
        snprintf(buf, sizeof buf, "%s%s%s%s", PICK(r, subjects), PICK(r, places), PICK(r, behaviours),
                 PICK(r, tails));
        text(k, row, 1, buf);
        text(k, row, 2, below(r, 100) == 0 ? "拖" : PICK(r, categories));
        text(k, row, 3, PICK(r, sources));
        text(k, row, 4, PICK(r, depts));
        snprintf(buf, sizeof buf, "%s%s", PICK(r, surnames), PICK(r, givens));
        text(k, row, 5, buf);
        text(k, row, 6, PICK(r, measures));
        unsigned kind = below(r, N(kinds));
        text(k, row, 7, kinds[kind]);
        unsigned due = 152 + below(r, 210); /* June to December */
        if (kind == 2)
            text(k, row, 8, "长期");
        else if (below(r, 200) == 0)
            text(k, row, 8, "2017-13-01");
        else
            date(k, row, 8, serial_2017(due));
        unsigned st = below(r, 10);
        text(k, row, 9, st < 5 ? "已完成" : st < 8 ? "整改中" : "未整改");
        if (st < 5) /* mostly before the deadline; one in twenty late */
            date(k, row, 10,
                 serial_2017(kind == 2 || below(r, 20) == 0
                                 ? 152 + below(r, 160)
                                 : due - below(r, due - 150 < 30 ? due - 150 : 30)));
        if (below(r, 20) == 0)
            text(k, row, 11, "已纳入年度考核");
    }
    rows_problem += n;
}

static void activities(sink *k, rng *r, const char *unit)
{
    static const char *const head[] = { "日期", "形式", "次数", "人次", "意见数", "备注" };
    char buf[256];
    sheet(k, "征求意见");
    snprintf(buf, sizeof buf, "%s征求意见情况统计表", unit);
    title(k, N(head), buf);
    snprintf(buf, sizeof buf, "填报单位：%s", unit);
    text(k, 1, 0, buf);
    for (unsigned c = 0; c < N(head); c++)
        text(k, 2, c, head[c]);
    unsigned n = 8 + below(r, 5);
    for (unsigned i = 0; i < n; i++) {
        unsigned row = 3 + i;
        date(k, row, 0, serial_2017(160 + below(r, 120)));
        text(k, row, 1, PICK(r, forms));
        unsigned times = 1 + below(r, 6);
        number(k, row, 2, times);
        if (below(r, 150) == 0)
            text(k, row, 3, "-20");
        else
            number(k, row, 3, times * (10 + below(r, 90)));
        number(k, row, 4, below(r, 40));
    }
    rows_activity += n;
}

static void unit_name(char *buf, size_t size, unsigned i)
{
    unsigned nd = (unsigned)N(districts);
    snprintf(buf, size, "%s第%u%s", districts[i % nd], i / (2 * nd) + 1, (i / nd) % 2 ? "小学" : "中学");
}

static void write_unit(const char *dir, FILE *cells, unsigned i)
{
    char name[128], path[1024];
    unit_name(name, sizeof name, i);
    rng r = { 0x5EED0000ull + i };
    unsigned submitted = 280 + below(&r, 40); /* 2017-10-07 .. 2017-11-15 */
    sink k = { 0 };
    if (i % 5 == 4) {
        k.cells = cells;
        snprintf(path, sizeof path, "%s/input/%s.xls", dir, name);
        fprintf(cells, "F\t%s\n", path);
    } else {
        snprintf(path, sizeof path, "%s/input/%s.xlsx", dir, name);
        lxw_workbook_options opt = { .constant_memory = LXW_FALSE };
        k.wb = workbook_new_opt(path, &opt);
        if (!k.wb)
            die("workbook_new", path);
        lxw_doc_properties props = { .title = name, .created = 1509235200 };
        check(workbook_set_properties(k.wb, &props), "workbook_set_properties");
        k.date_fmt = workbook_add_format(k.wb);
        k.title_fmt = workbook_add_format(k.wb);
        if (!k.date_fmt || !k.title_fmt)
            die("workbook_add_format", path);
        format_set_num_format(k.date_fmt, "yyyy-mm-dd");
        format_set_bold(k.title_fmt);
        format_set_align(k.title_fmt, LXW_ALIGN_CENTER);
    }
    problems(&k, &r, name, submitted);
    activities(&k, &r, name);
    if (k.wb)
        check(workbook_close(k.wb), "workbook_close");
}

static void write_config(const char *dir, unsigned units)
{
    char path[1024], name[128];
    snprintf(path, sizeof path, "%s/config.ini", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        die(path, strerror(errno));
    fprintf(f,
            "; make bench: a synthetic campaign of %u units (tests/bench/gen.c).\n"
            "[campaign]\nname = 庸懒散软问题专项治理\norganisation = 武汉市教育局\n"
            "office = 武汉市教育局专项治理工作领导小组\nstart = 2017-06-01\nend = 2017-12-31\n"
            "categories = 庸,懒,散,软\n\n"
            "[report]\nas_of = 2017-11-15\nperiod = 2017-11\ntemplate = stage_summary.md\n\n"
            "[paths]\ninput = input\noutput = output\ntemplates = templates\n\n"
            "[stage1]\nname = 动员部署\nstart = 2017-06-01\nend = 2017-06-30\n\n"
            "[stage2]\nname = 查摆问题\nstart = 2017-07-01\nend = 2017-09-30\n\n"
            "[stage3]\nname = 整改落实\nstart = 2017-10-01\nend = 2017-12-31\n\n"
            "[deliverable1]\nname = 问题清单\ndue = 2017-10-31\nevidence = workbook\n\n"
            "[units]\n",
            units);
    for (unsigned i = 0; i < units; i++) {
        unit_name(name, sizeof name, i);
        fprintf(f, "unit%u = %s\n", i + 1, name);
    }
    if (fclose(f) != 0)
        die(path, strerror(errno));
}

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[1]) <= 0) {
        fprintf(stderr, "usage: gen UNITS DIR\n");
        return 2;
    }
    unsigned units = (unsigned)atoi(argv[1]);
    const char *dir = argv[2];
    char path[1024];
    snprintf(path, sizeof path, "%s/input", dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die(dir, strerror(errno));
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die(path, strerror(errno));
    write_config(dir, units);
    snprintf(path, sizeof path, "%s/xls-cells.tsv", dir);
    FILE *cells = fopen(path, "w");
    if (!cells)
        die(path, strerror(errno));
    for (unsigned i = 0; i < units; i++)
        write_unit(dir, cells, i);
    if (ferror(cells) || fclose(cells) != 0) /* fprintf errors are sticky */
        die(path, strerror(errno));
    printf("gen: %u units, %zu problem rows, %zu activity rows\n", units, rows_problem, rows_activity);
    return 0;
}
