#!/bin/sh
# The recogniser (docs/schemas.md, docs/issues.md) on workbooks written by other programs (openpyxl,
# xlwt, LibreOffice Calc): tests/fixtures/recognise/make.py wrote one folder per
# group of rules, each with input/, RULES (file → the rule it covers) and the
# expected outputs checked by hand: expected.tsv (`taizhang check --format tsv`,
# stdout) and expected.rows (its row accounting, stderr).  For every case:
#   * exit status 0, and with --strict 1 exactly when an error is expected;
#   * per file of RULES, its issue lines (code, unit, file, sheet, cell and
#     message) exactly as expected — a failure names the rule;
#   * per file, its line of the row accounting (unit, kinds, rows) as expected;
#   * the whole row accounting exactly as expected, and
#     read = kept + rejected + superseded on every line and in the totals.
# Modification times do not survive git: every input is set to one time, then
# the case's mtimes file (file → time) sets the ones a rule depends on.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/fixtures/recognise" && pwd) || exit 1
tab=$(printf '\t')

for case in unit date_submit supersede sheets rows dates values roles; do
    src=$FIX/$case
    dir=$TMP/$case
    cp -R "$src" "$dir"
    find "$dir/input" -type f -exec touch -d '2017-11-01 00:00:00' {} +
    if [ -f "$src/mtimes" ]; then
        while IFS=$tab read -r f t; do touch -d "$t" "$dir/input/$f"; done < "$src/mtimes"
    fi
    if [ -f "$src/config.ini" ]; then
        set -- -c "$dir/config.ini"
    else
        set -- -c "$FIX/config.ini" --input "$dir/input"
    fi

    "$TAIZHANG" check "$@" --format tsv > "$dir/got.tsv" 2> "$dir/got.rows"
    eq "$case: exit status" "$?" 0
    "$TAIZHANG" check "$@" --format tsv --strict > /dev/null 2>&1
    rc=$?
    if grep -q '^error' "$src/expected.tsv"; then want=1; else want=0; fi
    eq "$case: exit status with --strict" "$rc" "$want"

    # One assertion per rule: the lines of its file.
    while IFS=$tab read -r f rule; do
        awk -F'\t' -v f="$f" '$4 == f' "$dir/got.tsv" > "$dir/got.one"
        awk -F'\t' -v f="$f" '$4 == f' "$src/expected.tsv" > "$dir/want.one"
        same "$case/$f: $rule" "$dir/got.one" "$dir/want.one"
        grep -F "  $f  " "$dir/got.rows" > "$dir/got.one"
        grep -F "  $f  " "$src/expected.rows" > "$dir/want.one"
        same "$case/$f: its unit, kinds and rows ($rule)" "$dir/got.one" "$dir/want.one"
    done < "$src/RULES"
    same "$case: all issues, in order" "$dir/got.tsv" "$src/expected.tsv"
    same "$case: rows read, kept, rejected, superseded" "$dir/got.rows" "$src/expected.rows"

    # Nothing is lost: read = kept + rejected + superseded, per file and in total.
    bad=$(sed -n 's/.*读取 \([0-9]*\) = 计入 \([0-9]*\) + 退回 \([0-9]*\) + 被取代 \([0-9]*\).*/\1 \2 \3 \4/p' "$dir/got.rows" |
          awk '$1 != $2 + $3 + $4 { print "读取 " $1 " ≠ " $2 " + " $3 " + " $4 }')
    eq "$case: read = kept + rejected + superseded on every line" "$bad" ""
    sum=$(grep '  读取 ' "$dir/got.rows" | sed 's/.*读取 \([0-9]*\) = 计入 \([0-9]*\) + 退回 \([0-9]*\) + 被取代 \([0-9]*\)$/\1 \2 \3 \4/' |
          awk '{ r += $1; k += $2; j += $3; s += $4 } END { printf "读取 %d = 计入 %d + 退回 %d + 被取代 %d", r, k, j, s }')
    has "$case: the files' rows add up to the totals" "$dir/got.rows" "数据行$sum"
done

done_
