#!/bin/sh
# Files that are not workbooks: `taizhang dump BAD GOOD` must print BAD's one
# issue line on stderr, still dump GOOD (the batch goes on) and exit 1.
# Committed cases come from tests/fixtures/hostile/make.py; the rest
# (0 bytes, a directory, a symlink loop, unreadable files) are made here.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/fixtures" && pwd)
GOOD=$FIX/csv/semicolon.csv

# case NAME FILE EXPECTED-STDERR [RUNNER…]: runs RUNNER $TAIZHANG dump FILE $GOOD
case_() {
    name=$1 file=$2 want=$3
    shift 3
    "$@" "$TAIZHANG" dump "$file" "$GOOD" > "$TMP/out" 2> "$TMP/err"
    eq "$name: exit" "$?" 1
    eq "$name: stderr" "$(cat "$TMP/err")" "$want"
    same "$name: good file still dumped" "$TMP/out" "$FIX/csv/semicolon.dump"
}

cd "$FIX/hostile" || exit 1
case_ html 网页导出.xls \
    '错误 E-HTML 网页导出.xls：这是网页（HTML）文件，只是扩展名像 Excel；请在 Excel 或 WPS 中打开后另存为 Excel 工作簿（.xlsx）'
case_ pdf 阶段总结.xlsx \
    '错误 E-FORMAT 阶段总结.xlsx：这是 PDF 文件，不是电子表格；请单位报送 Excel 工作簿（.xlsx 或 .xls）'
case_ binary 乱码.xls \
    '错误 E-FORMAT 乱码.xls：不是电子表格文件（无法识别的二进制格式）；请报送 Excel 工作簿（.xlsx 或 .xls）'

cd "$TMP" || exit 1
: > empty.xlsx
case_ empty empty.xlsx '错误 E-EMPTY empty.xlsx：文件为空（0 字节），请单位重新报送'
mkdir x.xlsx
case_ directory x.xlsx '错误 E-OPEN x.xlsx：这是一个文件夹，不是文件'
ln -s a b && ln -s b a
case_ 'symlink loop' a '错误 E-OPEN a：无法打开：符号链接循环'
case_ missing 不存在.xlsx '错误 E-OPEN 不存在.xlsx：无法打开：文件不存在'
mkfifo pipe.xls
case_ fifo pipe.xls '错误 E-OPEN pipe.xls：不是普通文件'

# Unreadable: root reads anything, so run the binary as nobody, on a file in a
# 0700 folder and on a 0000 file in a folder nobody may enter.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
    mkdir locked open pub
    # The good file must be readable by nobody too, wherever the checkout is.
    cp "$GOOD" pub/semicolon.csv
    chmod 755 pub
    chmod 644 pub/semicolon.csv
    GOOD=$TMP/pub/semicolon.csv
    cp "$GOOD" locked/甲.csv
    cp "$GOOD" open/乙.csv
    chmod 700 locked
    chmod 000 open/乙.csv
    chmod 711 "$TMP"
    case_ 'file in a 0700 folder' "$TMP/locked/甲.csv" \
        "错误 E-OPEN $TMP/locked/甲.csv：无法打开：没有读取权限" asnobody
    case_ '0000 file' "$TMP/open/乙.csv" "错误 E-OPEN $TMP/open/乙.csv：无法打开：没有读取权限" asnobody
    chmod 700 "$TMP"
else
    echo "$0: unreadable-file cases skipped (need root and setpriv)"
fi

# Several bad files and good ones mixed: each bad one reported in order,
# every good one dumped.
"$TAIZHANG" dump empty.xlsx "$GOOD" x.xlsx "$GOOD" > "$TMP/out" 2> "$TMP/err"
eq "mixed: exit" "$?" 1
printf '%s\n' '错误 E-EMPTY empty.xlsx：文件为空（0 字节），请单位重新报送' \
    '错误 E-OPEN x.xlsx：这是一个文件夹，不是文件' > "$TMP/want"
same "mixed: stderr" "$TMP/err" "$TMP/want"
cat "$FIX/csv/semicolon.dump" "$FIX/csv/semicolon.dump" > "$TMP/want"
same "mixed: stdout" "$TMP/out" "$TMP/want"

# A file over the size limit: `taizhang dump` has no way to lower the limit
# (100 MiB); tests/unit/test_read_csv.c covers E-TOO-BIG through tz_book_read.
done_
