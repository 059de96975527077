#!/bin/sh
# The .csv reader through `taizhang dump`: every fixture in tests/fixtures/csv
# that has a <name>.dump must dump to exactly that (checked by hand against
# make.py, which wrote the fixtures); the broken ones give one exact issue.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/fixtures/csv" || exit 1

for want in *.dump; do
    name=${want%.dump}
    for f in "$name".*; do
        [ "$f" = "$want" ] && continue
        "$TAIZHANG" dump "$f" > "$TMP/out" 2> "$TMP/err"
        eq "$f: exit" "$?" 0
        same "$f: dump" "$TMP/out" "$want"
        eq "$f: stderr" "$(cat "$TMP/err")" ""
    done
done

# refused: exit 1, the issue on stderr, nothing on stdout
bad() {
    "$TAIZHANG" dump "$1" > "$TMP/out" 2> "$TMP/err"
    eq "$1: exit" "$?" 1
    eq "$1: stderr" "$(cat "$TMP/err")" "$2"
    eq "$1: stdout" "$(cat "$TMP/out")" ""
}
bad badenc.csv '错误 E-CORRUPT badenc.csv：无法识别文件编码：第 3 行既不是 UTF-8 也不是 GBK（应为 UTF-8 或 GBK）'
bad badbom.csv '错误 E-CORRUPT badbom.csv：无法识别文件编码：文件标明为 UTF-8，但第 2 行不是有效的 UTF-8（应为 UTF-8 或 GBK）'
bad nul.csv '错误 E-CORRUPT nul.csv：第 2001 行含有空字符（NUL），不是文本表格'

# several files in one command: dumped in order, the bad one reported, the rest still read
"$TAIZHANG" dump gbk.csv badenc.csv unicode.txt > "$TMP/out" 2> "$TMP/err"
eq "batch: exit" "$?" 1
cat gbk.dump unicode.dump > "$TMP/want"
same "batch: dump" "$TMP/out" "$TMP/want"
eq "batch: stderr" "$(cat "$TMP/err")" '错误 E-CORRUPT badenc.csv：无法识别文件编码：第 3 行既不是 UTF-8 也不是 GBK（应为 UTF-8 或 GBK）'

# the content decides, not the name: a .csv renamed .xlsx reads the same
cp quoted.csv "$TMP/改名.xlsx"
"$TAIZHANG" dump "$TMP/改名.xlsx" | sed 's/^改名\t/quoted\t/' > "$TMP/out"
same "renamed .xlsx" "$TMP/out" quoted.dump

done_
