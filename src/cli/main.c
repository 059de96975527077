/*
 * main.c — command line: options, sub-commands and exit codes only.
 *
 * Exit codes: 0 done; 1 done but --strict and errors exist (and `dump` when
 * a file could not be read); 2 bad config or usage, or no workbook in the
 * input folder; 3 outputs could not be written (or another run holds the
 * period's lock).  A usage mistake prints one line and points to --help.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "book.h"
#include "compute.h"
#include "config.h"
#include "history.h"
#include "input.h"
#include "issue.h"
#include "load.h"
#include "render_template.h"
#include "run.h"
#include "schema.h"
#include "xldate.h"

#define TZ_VERSION "0.1.0"

static const char usage_text[] =
    "用法：\n"
    "  taizhang [run]   [-c config.ini] [--as-of 日期] [--period 年-月] [--input 目录] [--output 目录]\n"
    "                   [--strict]\n"
    "                   读取 input/ 中各单位报送的工作簿，生成汇总台账等输出\n"
    "  taizhang check   [-c config.ini] [--format text|tsv] [--strict] …\n"
    "                   只检查各单位报送的工作簿并列出问题，不写任何文件\n"
    "  taizhang template [-c config.ini] [-o 文件]\n"
    "                   生成发给各单位填写的空白工作簿（默认 报送模板.xlsx）：每类报表一张表，\n"
    "                   填报单位下拉列表、取值下拉列表、日期和整数校验、填表说明\n"
    "  taizhang metrics [-c config.ini] [指标名…] [--format text|tsv]\n"
    "                   不写文件，计算 templates/metrics.sql 中的指标：不给指标名时列出全部\n"
    "                   单值指标（指标名<TAB>值），给出指标名时显示该指标（表格带表头）\n"
    "  taizhang dump    文件…\n"
    "                   逐个单元格显示程序读到的内容（工作表、单元格、类型、值），\n"
    "                   用于查看某个工作簿为什么没有被正确识别\n"
    "  taizhang --help | --version\n"
    "\n"
    "选项：\n"
    "  -c, --config 文件   活动配置文件（默认 config.ini）\n"
    "      --as-of 日期    按该日期检查时限（YYYY-MM-DD，默认取配置中的 as_of 或今天）；\n"
    "                      报告期随之改为该日期所在的月份（除非另给 --period）\n"
    "      --period 年-月  报告期，即输出文件夹名（如 2011-11，须含截止日期）\n"
    "      --input 目录    输入文件夹（默认取配置中的 paths.input）\n"
    "      --output 目录   输出文件夹（默认取配置中的 paths.output）\n"
    "      --strict        存在“错误”级问题时以退出码 1 结束\n"
    "\n"
    "退出码：0 完成；1 完成但 --strict 且有错误；2 配置或用法错误，或输入文件夹中没有工作簿；\n"
    "        3 无法写出输出文件（或另一个 taizhang 正在写同一报告期）。\n";

/* A usage mistake: what is wrong in one line, then where the help is. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tz_error("%s", msg);
    fputs("运行 taizhang --help 查看用法。\n", stderr);
    return TZ_EXIT_USAGE;
}

typedef struct {
    const char *config;
    tz_config_args args;
    int strict;
    int tsv;         /* check --format tsv */
    const char *out; /* template -o */
} options;

static void dump_cell(const tz_sheet *s, const tz_cell *c, FILE *out)
{
    static const char *const type_names[] = {
        [TZ_CELL_TEXT] = "text",         [TZ_CELL_NUMBER] = "number", [TZ_CELL_DATE] = "date",
        [TZ_CELL_DATETIME] = "datetime", [TZ_CELL_BOOL] = "bool",     [TZ_CELL_ERROR] = "error",
        [TZ_CELL_TIME] = "time",
    };
    char ref[16], buf[64];
    tz_put_escaped(s->name, out);
    fprintf(out, "\t%s\t%s\t", tz_a1(ref, c->row, c->col), type_names[c->type]);
    tz_put_escaped(tz_cell_display(c, buf, sizeof buf), out);
    fputc('\n', out);
}

static void dump_book(const tz_book *b, FILE *out)
{
    for (size_t i = 0; i < b->nsheets; i++) {
        const tz_sheet *s = &b->sheets[i];
        for (size_t k = 0; k < s->ncells; k++)
            dump_cell(s, &s->cells[k], out);
        for (size_t k = 0; k < s->nmerges; k++) {
            char a[16], z[16];
            tz_put_escaped(s->name, out);
            fprintf(out, "\t%s:%s\tmerge\t\n", tz_a1(a, s->merges[k].r1, s->merges[k].c1),
                    tz_a1(z, s->merges[k].r2, s->merges[k].c2));
        }
    }
}

static int cmd_dump(int argc, char **argv)
{
    if (argc < 1)
        return usage_error("dump 需要至少一个文件名：taizhang dump 文件…");
    tz_limits lim;
    tz_limits_default(&lim);
    int failed = 0;
    for (int i = 0; i < argc; i++) {
        tz_issues issues = { 0 };
        tz_book *b;
        if (tz_book_read(argv[i], argv[i], &lim, &b, &issues) == 0) {
            dump_book(b, stdout);
            tz_book_free(b);
        } else {
            failed = 1;
        }
        fflush(stdout);
        for (size_t k = 0; k < issues.len; k++)
            tz_issue_print(&issues.items[k], stderr);
        tz_issues_free(&issues);
    }
    return failed ? TZ_EXIT_STRICT : TZ_EXIT_DONE;
}

static int cmd_check(const options *opt)
{
    tz_config cfg;
    if (tz_config_load_args(&cfg, opt->config, &opt->args) != 0)
        return TZ_EXIT_USAGE;
    tz_batch batch;
    if (tz_batch_load(&batch, &cfg) != 0 ||
        tz_input_require(&batch.files, cfg.input_dir, cfg.units_file) != 0) {
        tz_batch_free(&batch);
        tz_config_free(&cfg);
        return TZ_EXIT_USAGE;
    }
    if (opt->tsv) {
        tz_batch_print_tsv(&batch, stdout);
        tz_batch_print_rows(&batch, stderr);
    } else {
        tz_batch_print_issues(&batch, stdout);
        tz_batch_print_rows(&batch, stdout);
    }
    int rc = opt->strict && tz_issues_count(&batch.issues, TZ_SEV_ERROR) ? TZ_EXIT_STRICT : TZ_EXIT_DONE;
    tz_batch_free(&batch);
    tz_config_free(&cfg);
    return rc;
}

static int cmd_run(const options *opt)
{
    tz_config cfg;
    if (tz_config_load_args(&cfg, opt->config, &opt->args) != 0)
        return TZ_EXIT_USAGE;
    int rc = tz_run(&cfg, opt->strict);
    tz_config_free(&cfg);
    return rc;
}

static int cmd_template(const options *opt)
{
    tz_config cfg;
    if (tz_config_load_args(&cfg, opt->config, &opt->args) != 0)
        return TZ_EXIT_USAGE;
    const char *path = tz_config_find_template(&cfg, "schemas.ini");
    const char *ledger = tz_config_find_template(&cfg, "ledger.ini");
    tz_schema *sc = NULL;
    tz_layout *lay = NULL;
    int rc = TZ_EXIT_USAGE;
    if (!path)
        tz_error("找不到表种定义 schemas.ini");
    else if (!ledger)
        tz_error("找不到台账版式文件 ledger.ini（其中的 [blank_template] 是填表说明的文字）");
    else if (tz_schema_load(path, cfg.categories, cfg.ncategories, &sc) == 0 &&
             tz_layout_load(&lay, ledger) == 0) {
        const char *out = opt->out ? opt->out : "报送模板.xlsx";
        rc = tz_template_write(&cfg, sc, lay, out) == 0 ? TZ_EXIT_DONE : TZ_EXIT_OUTPUT;
        if (rc == TZ_EXIT_DONE)
            printf("已生成报送模板：%s\n", out);
    }
    tz_layout_free(lay);
    tz_schema_free(sc);
    tz_config_free(&cfg);
    return rc;
}

/* Prints one metric; with `named`, a scalar is "name<TAB>value" (several names given). */
static void print_metric(const tz_table *t, const options *opt, int named)
{
    char buf[64];
    if (tz_table_is_scalar(t)) {
        if (named)
            printf("%s\t", t->name);
        puts(tz_table_format(t, 0, 0, buf, sizeof buf));
        return;
    }
    if (named)
        printf("-- name: %s\n", t->name);
    tz_table_print(t, stdout, opt->tsv);
}

static int cmd_metrics(const options *opt, int argc, char **argv)
{
    tz_config cfg;
    if (tz_config_load_args(&cfg, opt->config, &opt->args) != 0)
        return TZ_EXIT_USAGE;
    tz_batch batch;
    sqlite3 *db = NULL;
    tz_metrics *m = NULL;
    int rc = TZ_EXIT_USAGE;
    const char *sql_path = tz_config_find_template(&cfg, "metrics.sql");
    if (!sql_path)
        tz_error("找不到指标文件 metrics.sql（模板文件夹：%s）", cfg.templates_dir);
    else if (tz_load(&db, "", &cfg, &batch) != 0 || tz_history_read(db, &cfg) != 0 ||
             tz_metrics_open(&m, db, sql_path) != 0)
        tz_batch_free(&batch);
    else {
        rc = TZ_EXIT_DONE;
        for (int i = 0; i < argc && rc == TZ_EXIT_DONE; i++) {
            if (tz_metrics_get(m, argv[i]))
                continue;
            int known = 0;
            for (size_t k = 0; k < tz_metrics_count(m); k++)
                known |= strcmp(tz_metrics_name(m, k), argv[i]) == 0;
            if (!known)
                tz_error("未知的指标“%s”（%s 中没有；不带指标名运行可列出全部单值指标）", argv[i], sql_path);
            rc = TZ_EXIT_USAGE;
        }
        for (int i = 0; i < argc && rc == TZ_EXIT_DONE; i++) {
            const tz_table *t = tz_metrics_get(m, argv[i]);
            if (i > 0 && !tz_table_is_scalar(t))
                putchar('\n');
            print_metric(t, opt, argc > 1);
        }
        for (size_t i = 0; argc == 0 && i < tz_metrics_count(m) && rc == TZ_EXIT_DONE; i++) {
            const tz_table *t = tz_metrics_get(m, tz_metrics_name(m, i));
            if (!t)
                rc = TZ_EXIT_USAGE;
            else if (tz_table_is_scalar(t))
                print_metric(t, opt, 1);
        }
        tz_batch_free(&batch);
    }
    tz_metrics_free(m);
    sqlite3_close(db);
    tz_config_free(&cfg);
    return rc;
}

int main(int argc, char **argv)
{
    tz_db_setup();
    options opt = { .config = "config.ini" };
    const char *cmd = "run";
    if (argc > 1 && argv[1][0] != '-') {
        cmd = argv[1];
        argv++;
        argc--;
    }
    if (strcmp(cmd, "dump") == 0)
        return cmd_dump(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0) { /* as people type it */
        fputs(usage_text, stdout);
        return TZ_EXIT_DONE;
    }

    enum { OPT_AS_OF = 256, OPT_PERIOD, OPT_INPUT, OPT_OUTPUT, OPT_STRICT, OPT_FORMAT };
    static const struct option longopts[] = {
        { "config", required_argument, NULL, 'c' },
        { "as-of", required_argument, NULL, OPT_AS_OF },
        { "period", required_argument, NULL, OPT_PERIOD },
        { "input", required_argument, NULL, OPT_INPUT },
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0; /* getopt's messages are English: ours follow */
    int c;
    while ((c = getopt_long(argc, argv, ":c:o:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            opt.config = optarg;
            break;
        case 'o':
            opt.out = optarg;
            break;
        case OPT_AS_OF:
            opt.args.as_of = optarg;
            break;
        case OPT_PERIOD:
            opt.args.period = optarg;
            break;
        case OPT_INPUT:
            opt.args.input = optarg;
            break;
        case OPT_OUTPUT:
            opt.args.output = optarg;
            break;
        case OPT_STRICT:
            opt.strict = 1;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") != 0 && strcmp(optarg, "tsv") != 0)
                return usage_error("--format 只能是 text 或 tsv，而不是“%s”", optarg);
            opt.tsv = strcmp(optarg, "tsv") == 0;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return TZ_EXIT_DONE;
        case 'V':
            printf("taizhang %s\n", TZ_VERSION);
            return TZ_EXIT_DONE;
        case ':':
            /* optind is past the option; a short one is named by optopt */
            if (optopt && optopt < 256)
                return usage_error("选项 -%c 缺少参数", optopt);
            return usage_error("选项 %s 缺少参数", argv[optind - 1]);
        default:
            if (optopt && optopt < 256)
                return usage_error("未知的选项 -%c", optopt);
            if (optopt) /* a known long option given a value it does not take */
                return usage_error("选项 %.*s 不带参数", (int)strcspn(argv[optind - 1], "="),
                                   argv[optind - 1]);
            return usage_error("未知的选项 %s", argv[optind - 1]);
        }
    }
    if (strcmp(cmd, "metrics") == 0)
        return cmd_metrics(&opt, argc - optind, argv + optind);
    if (optind < argc)
        return usage_error("多余的参数：%s", argv[optind]);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(&opt);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(&opt);
    if (strcmp(cmd, "template") == 0)
        return cmd_template(&opt);
    return usage_error("未知的命令：%s（可用的命令：run、check、template、metrics、dump）", cmd);
}
