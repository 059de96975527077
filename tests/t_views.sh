#!/bin/sh
# The views are SQL in templates/views.sql, not C: a campaign whose own
# templates/ rename problem columns (schemas.ini, then views.sql and
# metrics.sql edited as a user would) runs unchanged, with outputs
# byte-identical to the sample's.  Without its own views.sql the same
# campaign stops with the file, the line and the column.  Columns the
# program itself reads are found by their role when a campaign renames them.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
T=$ROOT/templates

for d in plain renamed stale; do
    mkdir -p "$TMP/$d/templates"
    cp "$ROOT/config.ini" "$TMP/$d/config.ini"
    ln -s "$ROOT/input" "$TMP/$d/input"
done
# 问题来源 keyed laiyuan, 责任部门 keyed zeren_bumen.
sed -e 's/^\[problem\.source\]/[problem.laiyuan]/' -e 's/^\[problem\.dept\]/[problem.zeren_bumen]/' \
    "$T/schemas.ini" > "$TMP/renamed/templates/schemas.ini"
sed -e 's/p\.source,/p.laiyuan,/' -e 's/p\.dept,/p.zeren_bumen,/' -e 's/ category, source);/ category, laiyuan);/' \
    "$T/views.sql" > "$TMP/renamed/templates/views.sql"
sed -e 's/COALESCE(source, .未填写.) AS 问题来源/COALESCE(laiyuan, '"'"'未填写'"'"') AS 问题来源/' \
    -e 's/ source AS 问题来源/ laiyuan AS 问题来源/' -e 's/ dept AS 责任部门/ zeren_bumen AS 责任部门/g' \
    "$T/metrics.sql" > "$TMP/renamed/templates/metrics.sql"
cp "$TMP/renamed/templates/schemas.ini" "$TMP/renamed/templates/metrics.sql" "$TMP/stale/templates/"
# The edits took: the default names are gone from the campaign's files.
eq "schemas.ini renamed" "$(grep -c '^\[problem\.\(source\|dept\)\]' "$TMP/renamed/templates/schemas.ini")" 0
eq "views.sql renamed" "$(grep -v '^--' "$TMP/renamed/templates/views.sql" | grep -c 'p\.source\|p\.dept\| source)')" 0
eq "metrics.sql renamed" "$(grep -c '(source, .未填写.) AS 问题来源\| dept AS' "$TMP/renamed/templates/metrics.sql")" 0

"$TAIZHANG" run -c "$TMP/plain/config.ini" --output "$TMP/plain/out" > "$TMP/plain.log" 2>&1
eq "sample: exit status" "$?" 0
"$TAIZHANG" run -c "$TMP/renamed/config.ini" --output "$TMP/renamed/out" > "$TMP/renamed.log" 2>&1
eq "renamed columns: exit status" "$?" 0
has "renamed: its own metrics.sql" "$TMP/renamed.log" "计算：$TMP/renamed/templates/metrics.sql"
(cd "$TMP/plain/out" && find . -type f | sort | xargs sha256sum) > "$TMP/plain.sha"
(cd "$TMP/renamed/out" && find . -type f | sort | xargs sha256sum) > "$TMP/renamed.sha"
eq "outputs written" "$(wc -l < "$TMP/plain.sha")" 16
same "every output byte-identical (ledger, PDF, lists, manifest, history)" "$TMP/renamed.sha" "$TMP/plain.sha"

# The figures themselves, from the renamed column.
"$TAIZHANG" metrics -c "$TMP/renamed/config.ini" problems.by_source > "$TMP/by_source.txt" 2>/dev/null
printf '%s\n' "问题来源  问题数" "自查      25" "群众反映  18" "问卷调查  18" "上级督查  12" > "$TMP/want.txt"
same "problems.by_source from laiyuan" "$TMP/by_source.txt" "$TMP/want.txt"
"$TAIZHANG" metrics -c "$TMP/renamed/config.ini" problems.total > "$TMP/total.txt" 2>/dev/null
eq "problems.total" "$(cat "$TMP/total.txt")" 73

# The program's views.sql names p.source: the renamed schema fails there, saying where.
"$TAIZHANG" run -c "$TMP/stale/config.ini" --output "$TMP/stale/out" > /dev/null 2> "$TMP/stale.err"
eq "stale views: exit status" "$?" 2
line=$(grep -n '^CREATE TABLE problem_view ' "$T/views.sql" | cut -d: -f1)
has "stale views: file, line, column" "$TMP/stale.err" \
    "taizhang: 错误：$T/views.sql:$line：这条语句的 SQL 有误：没有这一列：p.source（列名应与 schemas.ini 中的一致）"
eq "stale views: no outputs" "$(ls "$TMP/stale/out/2011-11" 2>/dev/null | wc -l)" 0

# A statement that fails while running names its own line too.
cp "$T/views.sql" "$TMP/plain/templates/views.sql"
printf '\n-- 用户加的\nINSERT INTO bucket VALUES(1, %s);\n' "'重复'" >> "$TMP/plain/templates/views.sql"
n=$(wc -l < "$TMP/plain/templates/views.sql")
"$TAIZHANG" run -c "$TMP/plain/config.ini" --output "$TMP/plain/out2" > /dev/null 2> "$TMP/dup.err"
eq "failing statement: exit status" "$?" 2
has "failing statement: its line" "$TMP/dup.err" \
    "templates/views.sql:$n：这条语句执行失败：UNIQUE constraint failed: bucket.ord"
# The columns the program reads are found by role: 问题描述 keyed miaoshu and
# 单位 keyed danwei (role = desc, role = unit), views.sql reading miaoshu.
# The problem figures are the sample's.  (The recogniser's duplicate check
# still looks for the key desc, so the issue figures are not compared.)
mkdir -p "$TMP/roles/templates"
cp "$ROOT/config.ini" "$TMP/roles/config.ini"
ln -s "$ROOT/input" "$TMP/roles/input"
sed -e 's/^\[problem\.desc\]/[problem.miaoshu]\nrole = desc/' -e 's/^\[problem\.unit\]/[problem.danwei]\nrole = unit/' \
    "$T/schemas.ini" > "$TMP/roles/templates/schemas.ini"
sed -e 's/p\.desc, p\.desc_norm, p\.desc_cell,/p.miaoshu AS desc, p.miaoshu_norm AS desc_norm, p.miaoshu_cell AS desc_cell,/' \
    "$T/views.sql" > "$TMP/roles/templates/views.sql"
# The unit role's column fills the row's unit column instead of one of its own.
{ cat "$T/metrics.sql"; printf '%s\n' '-- name: test.danwei_columns' \
    "SELECT group_concat(name, ' ') FROM pragma_table_info('problem') WHERE name LIKE 'danwei%';"; } \
    > "$TMP/roles/templates/metrics.sql"
eq "roles: schemas.ini edited" "$(grep -c '^role = \(desc\|unit\)$' "$TMP/roles/templates/schemas.ini")" 2
eq "roles: views.sql edited" "$(grep -c 'p\.miaoshu_norm AS desc_norm' "$TMP/roles/templates/views.sql")" 1
"$TAIZHANG" metrics -c "$ROOT/config.ini" 2>/dev/null | grep '^problems\.' > "$TMP/plain.metrics"
"$TAIZHANG" metrics -c "$TMP/roles/config.ini" 2> "$TMP/roles.err" | grep '^problems\.' > "$TMP/roles.metrics"
eq "roles: problem figures" "$(wc -l < "$TMP/plain.metrics")" 15
same "roles: every problems.* figure is the sample's" "$TMP/roles.metrics" "$TMP/plain.metrics"
"$TAIZHANG" metrics -c "$TMP/roles/config.ini" problems.by_unit > "$TMP/roles.by_unit" 2>/dev/null
"$TAIZHANG" metrics -c "$ROOT/config.ini" problems.by_unit > "$TMP/plain.by_unit" 2>/dev/null
same "roles: problems.by_unit" "$TMP/roles.by_unit" "$TMP/plain.by_unit"
eq "roles: danwei is the unit column" "$("$TAIZHANG" metrics -c "$TMP/roles/config.ini" test.danwei_columns 2>/dev/null)" \
    "danwei_cell danwei_raw"
done_
