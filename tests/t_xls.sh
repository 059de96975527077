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
