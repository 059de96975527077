/* libFuzzer target: the summary template engine (tmpl.h) on arbitrary
 * template text, against a few fixed metrics — a number, a rate, money, an
 * empty table and a table of three rows — and the config of
 * tests/fuzz/recognise/config.ini (TZ_FUZZ_CONFIG).  Template errors go to
 * stderr through tz_error(): `make fuzz` runs this target with
 * -close_fd_mask=2, which keeps libFuzzer's and the sanitizers' reports. */
#include "fuzz_file.h"
#include "tmpl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tz_config cfg;

static const char *unit_cols[] = { "单位", "问题数", "完成率", "退费" };
static const unsigned char unit_money[] = { 0, 0, 0, 1 };
static tz_val unit_cells[] = {
    { .type = TZ_VAL_TEXT, .s = "土木学院" },
    { .type = TZ_VAL_INT, .i = 12 },
    { .type = TZ_VAL_REAL, .r = 0.853 },
    { .type = TZ_VAL_INT, .i = 178716 },
    { .type = TZ_VAL_TEXT, .s = "教务处" },
    { .type = TZ_VAL_INT, .i = 0 },
    { .type = TZ_VAL_NULL },
    { .type = TZ_VAL_REAL, .r = 12.5 },
    { .type = TZ_VAL_TEXT, .s = "𠮷野家学院" },
    { .type = TZ_VAL_INT, .i = -3 },
    { .type = TZ_VAL_REAL, .r = 1.0 },
    { .type = TZ_VAL_TEXT, .s = "=1+1" },
};
static const char *one_col[] = { "value" };
static tz_val v_total = { .type = TZ_VAL_INT, .i = 130 };
static tz_val v_rate = { .type = TZ_VAL_REAL, .r = 0.666666 };
static tz_val v_date = { .type = TZ_VAL_TEXT, .s = "2017-11-15" };

static const tz_table tables[] = {
    { .name = "problems.total", .ncols = 1, .nrows = 1, .cols = one_col, .cells = &v_total },
    { .name = "problems.completion_rate", .ncols = 1, .nrows = 1, .cols = one_col, .cells = &v_rate },
    { .name = "stage.last_date", .ncols = 1, .nrows = 1, .cols = one_col, .cells = &v_date },
    { .name = "problems.overdue_list",
      .ncols = 4,
      .nrows = 0,
      .cols = unit_cols,
      .cells = NULL,
      .money = unit_money },
    { .name = "units.summary",
      .ncols = 4,
      .nrows = 3,
      .cols = unit_cols,
      .cells = unit_cells,
      .money = unit_money },
};

static const tz_table *get(void *ctx, const char *name)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

static int has(void *ctx, const char *name)
{
    return get(ctx, name) != NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("TZ_FUZZ_CONFIG");
    if (!path)
        path = "tests/fuzz/recognise/config.ini";
    if (tz_config_load(&cfg, path, NULL, NULL, NULL) != 0) {
        fprintf(stderr, "fuzz_template: cannot load %s\n", path);
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tz_tmpl_source src = { .ctx = NULL, .get = get, .has = has };
    char *md = NULL;
    if (tz_tmpl_expand(fuzz_file(data, size), &cfg, &src, &md) == 0) {
        if (!md)
            abort();
        free(md);
    }
    return 0;
}
