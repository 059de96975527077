/* libFuzzer target: the .xlsx/.ods reader (minizip + expat) through tz_book_read.
 * Inputs that are not zip archives are passed over so that the time goes to
 * the zip and XML paths. */
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 || memcmp(data, "PK\3\4", 4) != 0)
        return -1;
    fuzz_read(data, size);
    return 0;
}
