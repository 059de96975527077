/* PLACEHOLDER being replaced by its owner. */
#include "numfmt.h"
tz_numfmt_kind tz_numfmt_builtin(int id) { (void)id; return TZ_NUMFMT_NUMBER; }
tz_numfmt_kind tz_numfmt_classify(const char *code) { (void)code; return TZ_NUMFMT_NUMBER; }
