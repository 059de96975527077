/* libFuzzer target: the .csv reader (UTF-8/GBK/UTF-16 detection, quoting)
 * through tz_book_read.  Zip and compound-file inputs belong to the other
 * targets and are passed over. */
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 4 && (memcmp(data, "PK", 2) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0))
        return -1;
    fuzz_read(data, size);
    return 0;
}
