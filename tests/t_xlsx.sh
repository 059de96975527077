#!/bin/sh
# The .xlsx/.ods reader through `taizhang dump`: every fixture in tests/fixtures/xlsx
# with a .dump must dump exactly that (exit 0) and print exactly its .warn (or
# nothing) on stderr; every one with a .err must fail
# with exit 1 and exactly that on stderr.  The .dump/.err files were checked by
# hand against make_openpyxl.py and make_edge.py, which wrote the fixtures.
# lo_calc.xlsx and lo_calc.ods, one workbook LibreOffice saved in both formats
# (make_lo.sh), share one .dump: the two readers must agree cell for cell.
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

# LibreOffice's .xlsx and openpyxl's ISO dates and times (t="d"): openpyxl, an
# independent reader, must see exactly what we dump.
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
    for f in lo_calc openpyxl_iso; do
        /usr/bin/python3 openpyxl_dump.py $f.xlsx > "$TMP/openpyxl" 2>&1
        same "$f.xlsx: the same cells as openpyxl" "$TMP/openpyxl" $f.dump
    done
else
    echo "$0: openpyxl cross-check skipped (apt-get install python3-openpyxl)"
fi

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

TAB=$(printf "\t")
# A schema column of type time (no default column is one): a campaign's own
# schemas.ini adds 发现时间 to 问题清单; openpyxl writes a time cell (h:mm),
# a date-time, typed times and two that are not times, a date-time under h:mm
# (Excel shows its time: a time) and 36 hours under [h]:mm (not a time of day).
mkdir -p "$TMP/camp/input" "$TMP/camp/templates"
cp ../../../templates/schemas.ini "$TMP/camp/templates/"
printf '\n[problem.found_at]\nheader = 发现时间\ntype   = time\n' >> "$TMP/camp/templates/schemas.ini"
printf '[campaign]\nname = 测试\nstart = 2017-06-01\nend = 2017-12-31\ncategories = 庸,懒\n[report]\nas_of = 2017-11-20\n[units]\nunit1 = 土木学院\n' \
    > "$TMP/camp/config.ini"
/usr/bin/python3 - "$TMP/camp/input/土木学院.xlsx" <<'PY'
import datetime, sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '问题清单'
ws.append(['填报单位：土木学院'])
ws.append(['问题描述', '整改状态', '发现时间'])
ws.append(['甲', '已完成', datetime.time(14, 30)])
ws['C3'].number_format = 'h:mm'
ws.append(['乙', '已完成', datetime.datetime(2017, 10, 30, 9, 5)])
ws['C4'].number_format = 'yyyy-mm-dd hh:mm'
ws.append(['丙', '已完成', '下午2点半'])
ws.append(['丁', '已完成', '25:00'])
ws.append(['戊', '已完成', '明天'])
ws.append(['己', '已完成', datetime.datetime(2017, 10, 30, 18, 0)])
ws['C8'].number_format = 'h:mm'
ws.append(['庚', '已完成', 1.5])
ws['C9'].number_format = '[h]:mm'
ws['E3'] = '长' * 32767                  # openpyxl's limit: made longer below
wb.save(sys.argv[1])
import zipfile
src = zipfile.ZipFile(sys.argv[1])
parts = [(i, src.read(i)) for i in src.infolist()]
src.close()
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as out:
    for info, data in parts:
        if info.filename.endswith('.xml'):      # openpyxl writes it inline, as &#38271;
            data = data.replace(b'&#38271;' * 32767, b'&#38271;' * 33000)
        out.writestr(info, data)
PY
"$TAIZHANG" dump "$TMP/camp/input/土木学院.xlsx" > "$TMP/out"
has "time column: the h:mm cell is a time cell" "$TMP/out" "问题清单${TAB}C3${TAB}time${TAB}14:30:00"
has "time column: a date-time under h:mm" "$TMP/out" "问题清单${TAB}C8${TAB}datetime${TAB}2017-10-30 18:00:00"
has "time column: 36 hours under [h]:mm" "$TMP/out" "问题清单${TAB}C9${TAB}time${TAB}36:00:00"
"$TAIZHANG" check -c "$TMP/camp/config.ini" --format tsv > "$TMP/out" 2> "$TMP/err"
eq "time column: exit status" "$?" 0
grep '^error' "$TMP/out" > "$TMP/errors"
printf '%s\n' \
    "error${TAB}E-TIME${TAB}土木学院${TAB}土木学院.xlsx${TAB}问题清单${TAB}C6${TAB}发现时间“25:00”不是有效时间（应为 14:30 或 14时30分）" \
    "error${TAB}E-TIME${TAB}土木学院${TAB}土木学院.xlsx${TAB}问题清单${TAB}C7${TAB}发现时间“明天”无法识别的时间（应为 14:30 或 14时30分）" \
    "error${TAB}E-TIME${TAB}土木学院${TAB}土木学院.xlsx${TAB}问题清单${TAB}C9${TAB}发现时间“36:00:00”不是有效时间（应为 14:30 或 14时30分）" \
    > "$TMP/want"
same "time column: E-TIME for the three that are not times of day, none for the others" "$TMP/errors" "$TMP/want"
# The reader's warning about the cell it cut is the file's unit's (its correction list).
has "reader warning: the unit's" "$TMP/out" \
    "warning${TAB}W-CELL-LONG${TAB}土木学院${TAB}土木学院.xlsx${TAB}问题清单${TAB}E3${TAB}单元格文字超过 32767 个字符的上限，只读取了前 32767 个字符，其余部分被舍弃"

done_
