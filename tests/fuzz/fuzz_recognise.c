/* libFuzzer target: the recogniser (unit, date, sheet kind, header row,
 * column mapping, typed values, totals rows, merges) on a sheet read from
 * arbitrary CSV text, against the repository's schemas.  The config is
 * tests/fuzz/recognise/config.ini, found from TZ_FUZZ_CONFIG (set by
 * `make fuzz`) or the current folder. */
#include "fuzz_file.h"
#include "recognise.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tz_config cfg;
static tz_schema *schema;
static tz_recognise_ctx ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("TZ_FUZZ_CONFIG");
    if (!path)
        path = "tests/fuzz/recognise/config.ini";
    const char *schema_path;
    if (tz_config_load(&cfg, path, NULL, NULL, NULL) != 0 ||
        !(schema_path = tz_config_find_template(&cfg, "schemas.ini")) ||
        tz_schema_load(schema_path, cfg.categories, cfg.ncategories, &schema) != 0) {
        fprintf(stderr, "fuzz_recognise: cannot load %s\n", path);
        exit(2);
    }
    tz_recognise_ctx_init(&ctx, &cfg, schema);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 4 && (memcmp(data, "PK", 2) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0))
        return -1;
    tz_limits lim;
    fuzz_limits(&lim);
    tz_issues issues = { 0 };
    tz_book *book = NULL;
    tz_inputfile file = { .path = fuzz_file(data, size), .rel = "土木学院.csv", .size = size, .mtime = 0 };
    if (tz_book_read(file.path, file.rel, &lim, &book, &issues) == 0) {
        tz_submission sub[2];
        memset(sub, 0, sizeof sub);
        tz_recognise_book(&ctx, book, &file, &sub[0], &issues);
        tz_recognise_book(&ctx, book, &file, &sub[1], &issues);
        tz_book_free(book);
        tz_recognise_finish(sub, 2, &issues);
        tz_rowcount rc = tz_submission_rows(&sub[0]);
        if (rc.read != rc.kept + rc.rejected + rc.superseded)
            abort();
        tz_submission_free(&sub[0]);
        tz_submission_free(&sub[1]);
    }
    tz_issues_free(&issues);
    return 0;
}
