/* PLACEHOLDER being replaced by its owner. */
#include "config.h"
#include <string.h>
int tz_config_load(tz_config *cfg, const char *path, const char *a, const char *i, const char *o)
{ (void)a; (void)i; (void)o; memset(cfg, 0, sizeof *cfg); tz_limits_default(&cfg->limits); cfg->input_dir = "input"; cfg->path = (char *)path; return 0; }
void tz_config_free(tz_config *cfg) { (void)cfg; }
void tz_config_print(const tz_config *cfg, FILE *out) { (void)cfg; (void)out; }
const char *tz_config_find_template(tz_config *cfg, const char *name) { (void)cfg; (void)name; return NULL; }
