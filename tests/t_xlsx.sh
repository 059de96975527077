#!/bin/sh
# The .xlsx/.ods reader through `taizhang dump`: every fixture in tests/fixtures/xlsx
# with a .dump must dump exactly that (exit 0) and print exactly its .warn (or
# nothing) on stderr; every one with a .err must fail
# with exit 1 and exactly that on stderr.  The .dump/.err files were checked by
# hand against make_openpyxl.py and make_edge.py, which wrote the fixtures.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/fixtures/xlsx" || exit 1

for f in *.xlsx *.ods; do
    b=${f%.*}
    if [ -f "$b.dump" ]; then
        "$TAIZHANG" dump "$f" > "$TMP/out" 2> "$TMP/err"
        eq "$f: exit status" "$?" 0
        same "$f: dump" "$TMP/out" "$b.dump"
        if [ -f "$b.warn" ]; then
            same "$f: warnings" "$TMP/err" "$b.warn"
        else
            same "$f: no messages" "$TMP/err" /dev/null
        fi
    elif [ -f "$b.err" ]; then
        "$TAIZHANG" dump "$f" > "$TMP/out" 2> "$TMP/err"
        eq "$f: exit status" "$?" 1
        same "$f: message" "$TMP/err" "$b.err"
        same "$f: no output" "$TMP/out" /dev/null
    fi
done

# The format comes from the content, not the name: an .xlsx saved as .xls.
cp openpyxl_ledger.xlsx "$TMP/改名.xls"
"$TAIZHANG" dump "$TMP/改名.xls" > "$TMP/out" 2> "$TMP/err"
eq "renamed .xls: exit status" "$?" 0
same "renamed .xls: dump" "$TMP/out" openpyxl_ledger.dump

# One cell at XFD1048576 must not make a dense grid: well under a second.
start=$(date +%s%N)
"$TAIZHANG" dump edge_xfd.xlsx > /dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$ms" -lt 1000 ]; then pass; else fail "edge_xfd.xlsx took $ms ms"; fi

done_
