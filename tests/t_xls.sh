#!/bin/sh
# The .xls reader through `taizhang dump`: every tests/fixtures/xls/*.xls with
# a .dump next to it must dump exactly that, warning exactly its .warn (or
# nothing); with a .err, exit 1 with exactly
# that on stderr.  An .xls renamed .xlsx must read the same (content decides).
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/fixtures/xls" || exit 1
for f in *.xls; do
    b=${f%.xls}
    if [ -f "$b.dump" ]; then
        "$TAIZHANG" dump "$f" > "$TMP/$b.out" 2> "$TMP/$b.stderr"
        eq "$f: exit status" "$?" 0
        same "$f: dump" "$TMP/$b.out" "$b.dump"
        if [ -f "$b.warn" ]; then
            same "$f: warnings" "$TMP/$b.stderr" "$b.warn"
        else
            same "$f: no messages" "$TMP/$b.stderr" /dev/null
        fi
    elif [ -f "$b.err" ]; then
        "$TAIZHANG" dump "$f" > "$TMP/$b.out" 2> "$TMP/$b.stderr"
        eq "$f: exit status" "$?" 1
        same "$f: stderr" "$TMP/$b.stderr" "$b.err"
        eq "$f: no output" "$(cat "$TMP/$b.out")" ""
    fi
done

# Excel 5.0/95 (BIFF5, made by make_biff5.sh and by Gnumeric, make_gnumeric.sh):
# xlrd, which reads BIFF5 on its own, must see exactly what we dump.
if /usr/bin/python3 -c 'import xlrd' 2>/dev/null; then
    for f in biff5_gbk biff5_1904 gnumeric_95_1904; do
        /usr/bin/python3 xlrd_dump.py "$f.xls" > "$TMP/$f.xlrd"
        eq "$f.xls: xlrd reads it" "$?" 0
        "$TAIZHANG" dump "$f.xls" > "$TMP/$f.ours"
        same "$f.xls: the same cells as xlrd" "$TMP/$f.ours" "$TMP/$f.xlrd"
    done
    has "biff5_gbk.xls: GBK text compared" "$TMP/biff5_gbk.xlrd" "填报单位：土木工程学院"
else
    echo "$0: xlrd cross-check skipped (apt-get install python3-xlrd)"
fi

# Code page 936 is GB18030 but for its euro sign, the byte 0x80 (xlrd, which
# decodes it as GBK, refuses the file; LibreOffice reads "€").
TAB=$(printf '\t')
has "gnumeric_95_gbk.xls: the euro byte" gnumeric_95_gbk.dump "问题清单${TAB}G3${TAB}text${TAB}龘€"

cp xlwt_basic.xls "$TMP/renamed.xlsx"
"$TAIZHANG" dump "$TMP/renamed.xlsx" > "$TMP/renamed.out"
eq "renamed .xlsx: exit status" "$?" 0
same "renamed .xlsx: dump" "$TMP/renamed.out" xlwt_basic.dump

# One unreadable file does not stop the others.
"$TAIZHANG" dump hostile_garbage.xls xlwt_1904.xls > "$TMP/two.out" 2> "$TMP/two.err"
eq "bad then good: exit status" "$?" 1
same "bad then good: good file dumped" "$TMP/two.out" xlwt_1904.dump
has "bad then good: bad file reported" "$TMP/two.err" "E-CORRUPT hostile_garbage.xls"
done_
