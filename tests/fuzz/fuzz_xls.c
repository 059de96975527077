/* libFuzzer target: the .xls reader (libgsf compound file + BIFF records)
 * through tz_book_read.  Inputs without the compound-file signature are
 * passed over. */
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t cfb[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    if (size < 8 || memcmp(data, cfb, 8) != 0)
        return -1;
    fuzz_read(data, size);
    return 0;
}
