/* libFuzzer target: the count and money parsers (value.h) on arbitrary
 * bytes as text, and the same bytes read as a number cell; plus
 * tz_format_number, whose text must read back as the same double. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t v = -1;
    if (tz_count_parse((const char *)data, size, &v) == TZ_NUM_OK && v < 0)
        abort();
    if (tz_money_parse((const char *)data, size, &v) == TZ_NUM_OK && v < 0)
        abort();
    if (!tz_num_status_zh(tz_count_parse((const char *)data, size, &v)))
        abort();

    if (size >= sizeof(double)) {
        tz_cell c = { .type = TZ_CELL_NUMBER };
        memcpy(&c.num, data, sizeof(double));
        if (tz_count_cell(&c, &v) == TZ_NUM_OK && v < 0)
            abort();
        if (tz_money_cell(&c, &v) == TZ_NUM_OK && v < 0)
            abort();
        char buf[64];
        tz_format_number(buf, sizeof buf, c.num);
        if (isfinite(c.num) && strtod(buf, NULL) != c.num)
            abort();
    }
    return 0;
}
