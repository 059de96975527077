/*
 * render_template.h — the blank workbook units fill in (`taizhang template`,
 * README.md), written with libxlsxwriter.
 */
#ifndef TZ_RENDER_TEMPLATE_H
#define TZ_RENDER_TEMPLATE_H

#include "config.h"
#include "layout.h"
#include "schema.h"

/*
 * Writes to `path` one sheet per kind of `schema` that units keep (office
 * kinds such as 收文登记 are left out): a title row, the 填报单位 line (a
 * drop-down of the configured units) and the 填报日期 line, the header row
 * (computed and roll-up-only columns left out), drop-downs for enum, state
 * and category columns, date and whole-number validation with Chinese input
 * and error messages, fitted column widths and a frozen header; then a
 * 填表说明 sheet worded by lay's [blank_template], with each kind's required
 * columns; the drop-down lists live on a hidden 选项 sheet.  The file
 * is dated cfg->as_of, so it is byte-identical for the same config.
 * Returns 0, or -1 after tz_error().
 */
int tz_template_write(const tz_config *cfg, const tz_schema *schema, const tz_layout *lay, const char *path);

#endif
