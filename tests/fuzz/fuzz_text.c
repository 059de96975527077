/* libFuzzer target: the normalised keys and text cleaning of value.h
 * (NFKC through libunistring, invisible characters, bracket stripping) on
 * arbitrary bytes, which need not be valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[TZ_NORM_MAX];
    int n = tz_norm_buf(buf, sizeof buf, (const char *)data, size);
    if (n >= (int)sizeof buf)
        abort();
    tz_arena a = { 0 };
    char *key = tz_norm(&a, (const char *)data, size);
    size_t klen = strlen(key);
    if (tz_norm_strip(key) > klen)
        abort();
    char *clean = tz_text_clean(&a, (const char *)data, size);
    if (strlen(clean) > size * 3 + 1)
        abort();
    tz_arena_free(&a);
    return 0;
}
