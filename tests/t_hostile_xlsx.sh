#!/bin/sh
# Hostile and extreme inputs that tests/t_hostile.sh, t_xlsx.sh and t_xls.sh
# do not cover (docs/design.md), made at test time by tests/fixtures/hostile2/make.py:
# characters outside the BMP, a sheet claiming the largest dimensions, a cell
# of exactly 32,767 characters and one of 100,000, a 1,000,000-row sheet, a
# file that changes while it is read, the inputs the fuzzers once failed on;
# then a campaign folder mixing all kinds of hostile files with good ones,
# through `taizhang check`: each bad file gets its one issue, and every good
# file is still read, recognised and counted.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/fixtures" && pwd)
FUZZ=$(cd "$(dirname "$0")/fuzz" && pwd)
cd "$TMP" || exit 1
/usr/bin/python3 "$FIX/hostile2/make.py" "$TMP" million || { fail "make.py"; done_; exit 1; }

# dump_ok NAME FILE WANT: `taizhang dump FILE` prints exactly WANT, exit 0, nothing on stderr.
dump_ok() {
    "$TAIZHANG" dump "$2" > out 2> err
    eq "$1: exit" "$?" 0
    eq "$1: dump" "$(cat out)" "$3"
    eq "$1: stderr" "$(cat err)" ""
}
# dump_err NAME FILE WANT: exit 1, exactly WANT on stderr, nothing dumped.
dump_err() {
    "$TAIZHANG" dump "$2" > out 2> err
    eq "$1: exit" "$?" 1
    eq "$1: stderr" "$(cat err)" "$3"
    eq "$1: stdout" "$(cat out)" ""
}

# ---- characters outside the BMP, in every format -----------------------------
T='	'
for f in nonbmp.xlsx nonbmp.xls nonbmp.csv; do
    case $f in nonbmp.xlsx) s='数据𠀀';; nonbmp.xls) s='数据';; *) s='nonbmp';; esac
    dump_ok "$f" $f "$s${T}A1${T}text${T}填报单位：𠮷野家学院
$s${T}A2${T}text${T}问题描述
$s${T}B2${T}text${T}整改状态
$s${T}A3${T}text${T}食堂“𪚥”字招牌😀破损
$s${T}B3${T}text${T}已完成🎉"
done

# ---- a sheet claiming 1,048,576 × 16,384 cells holds two: read at once -------
start=$(date +%s%N)
dump_ok 'dimension A1:XFD1048576' dims.xlsx "数据${T}A1${T}text${T}甲
数据${T}B2${T}number${T}2"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$ms" -lt 1000 ]; then pass; else fail "dims.xlsx took $ms ms"; fi

# ---- cell length: 32,767 characters is the limit, 100,000 are cut there ------
"$TAIZHANG" dump cell_32767.xlsx > out 2> err
eq 'cell of 32767 characters: exit' "$?" 0
eq 'cell of 32767 characters: read whole' "$(cut -f4 out | tr -d '\n' | wc -m)" 32767
"$TAIZHANG" dump cell_100k.xlsx > out 2> err
eq 'cell of 100000 characters: exit' "$?" 0
eq 'cell of 100000 characters: cut at the limit' "$(grep "${T}B2${T}" out | cut -f4 | tr -d '\n' | wc -m)" 32767
eq 'cell of 100000 characters: warning' "$(cat err)" \
    '警告 W-CELL-LONG cell_100k.xlsx 「数据」B2：单元格文字超过 32767 个字符的上限，只读取了前 32767 个字符，其余部分被舍弃'

# ---- 1,000,000 rows: under the row limit (1,048,576), so read, in bounded memory
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o rss "$TAIZHANG" dump rows_1m.xlsx > out 2> err
else
    "$TAIZHANG" dump rows_1m.xlsx > out 2> err
fi
eq '1,000,000 rows: exit' "$?" 0
eq '1,000,000 rows: cells' "$(wc -l < out)" 2000000
eq '1,000,000 rows: last row' "$(tail -2 out)" "数据${T}A1000000${T}number${T}1000000
数据${T}B1000000${T}text${T}乙"
if [ -f rss ]; then
    # 2,000,000 cells: 80 MB measured; a grid as big as the sheet claims would be GBs.
    kb=$(tail -1 rss)
    if [ "$kb" -lt 400000 ]; then pass; else fail "1,000,000 rows: peak RSS $kb KB"; fi
fi
rm -f out

# ---- a file that changes while it is read -----------------------------------
# Deterministic: rows_1m.xlsx is appended to every 0.1 s while it is read.
cp rows_1m.xlsx live.xlsx
"$TAIZHANG" dump live.xlsx > /dev/null 2> err &
pid=$!
while kill -0 $pid 2> /dev/null; do sleep 0.1; printf x >> live.xlsx; done
wait $pid
eq 'changed while read: exit' "$?" 1
eq 'changed while read: issue' "$(cat err)" \
    '错误 E-CHANGED live.xlsx：读取过程中文件被修改（可能正在复制或保存），读到的内容不完整；请等文件保存完毕后重新运行'
rm -f live.xlsx rows_1m.xlsx

# Racy: a writer truncates and rewrites the file in place while it is read
# again and again.  Whatever each read meets, it must end cleanly: the whole
# file, or one issue line of a known kind — never a crash or a partial sheet
# read as if complete from a file that was being written.
/usr/bin/python3 -c "
import xlwt
wb = xlwt.Workbook(encoding='utf-8'); ws = wb.add_sheet('数据')
for i in range(20000):
    ws.write(i, 0, i); ws.write(i, 1, '甲乙丙'[i % 3])
wb.save('rows_20k.xls')"
seq 1 100000 | awk '{print $1 ",甲"}' > rows.csv
for src in rows_100k.xlsx rows_20k.xls rows.csv; do
    live=live.${src##*.}
    cp $src $live
    "$TAIZHANG" dump $live > whole
    size=$(wc -c < $src)
    touch writing
    (i=1; while [ -f writing ]; do
        head -c $((i * 7919 % size)) $src > $live; sleep 0.01; cat $src > $live; sleep 0.03; i=$((i + 1))
    done) &
    writer=$!
    bad=0
    for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        "$TAIZHANG" dump $live > out 2> err
        rc=$?
        if [ $rc = 0 ] && [ ! -s err ]; then
            # A complete read; for the csv also a shorter file caught between
            # writes, whose last row may be cut anywhere (its two cells aside,
            # it must be the start of the whole file).
            keep=$(($(wc -l < out) - 2))
            cmp -s out whole || { [ $src = rows.csv ] && [ $keep -ge 0 ] \
                && [ "$(head -n $keep out | cksum)" = "$(head -n $keep whole | cksum)" ]; } \
                || { bad=1; echo "  $live: read $(wc -l < out) lines that are not a prefix"; }
        elif [ $rc = 1 ] && [ "$(wc -l < err)" = 1 ] \
             && grep -qE "^错误 E-(CHANGED|EMPTY|CORRUPT) $live：" err; then
            :
        else
            bad=1; echo "  $live: exit $rc"; sed 's/^/    /' err | head -3
        fi
    done
    rm -f writing
    wait $writer
    eq "$src rewritten while read: every read clean" $bad 0
    rm -f $live
done

# ---- inputs the fuzzers once failed on (tests/fuzz/regress) -------------------
cp "$FUZZ/regress/xls/empty_record_body.xls" "$FUZZ/regress/xls/gsf_dirent_leak.xls" .
dump_err 'fuzz: BIFF record with an empty body' empty_record_body.xls \
    '错误 E-CORRUPT empty_record_body.xls：文件已损坏：工作簿数据不以 BOF 记录开头；请在 Excel 或 WPS 中重新保存后报送'
# A zip whose central directory lists no entry (found by fuzz_xlsx; the
# lookup of a part in the empty list was undefined behaviour).
cp "$FUZZ/regress/xlsx/zip_no_entries.xlsx" .
dump_err 'fuzz: zip without entries' zip_no_entries.xlsx \
    '错误 E-FORMAT zip_no_entries.xlsx：不是 Excel 工作簿（压缩包里没有 Excel 工作簿的内容）；请报送 Excel 工作簿（.xlsx 或 .xls）'
# libgsf itself leaks on this one (tests/fuzz/lsan.supp says where): under
# `make test SANITIZE=1` LeakSanitizer is told so, with the full stacks it needs.
ASAN_OPTIONS=fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions=$FUZZ/lsan.supp:print_suppressions=0 \
dump_err 'fuzz: compound file with a bad directory tree' gsf_dirent_leak.xls \
    '错误 E-FORMAT gsf_dirent_leak.xls：这是 Word 或其他 Office 文档，不是 Excel 工作簿；请报送 Excel 工作簿（.xlsx 或 .xls）'

# ---- a campaign folder mixing hostile and good files: `taizhang check` ----------
mkdir -p camp/input
cat > camp/config.ini <<'EOF'
[campaign]
name = 治庸问责工作
organisation = 武汉职业技术学院
office = 武汉职业技术学院治庸问责领导小组
start = 2017-06-01
end = 2017-12-31
categories = 庸,懒,散,软
[report]
as_of = 2017-11-15
template = schemas.ini
[paths]
input = input
output = output
[units]
unit1 = 土木学院
unit2 = 教务处
unit3 = 𠮷野家学院
EOF
cat > camp/input/土木学院.csv <<'EOF'
填报单位：土木学院,,,填报日期：2017年10月30日
序号,问题描述,问题类别,整改时限,整改状态,完成日期
1,办事拖拉，群众反映强烈,懒,2017-10-30,已完成,2017-10-20
2,服务态度生硬,庸,长期,整改中,
3,值班脱岗,散,2017年11月15日,未整改,
EOF
cat > camp/input/教务处.csv <<'EOF'
征求意见
填报单位,教务处
日期,形式,次数,人次,意见数
2017-09-01,问卷调查,18,1200人次,92
2017-09-10,座谈会,6,235,14
EOF
cp nonbmp.xlsx camp/input/
cd camp/input || exit 1
for f in bomb_ratio bomb_size xml_doctype xml_deep bad_utf8 row_2m truncated; do
    cp "$FIX/xlsx/$f.xlsx" .
done
cp "$FIX/xls/hostile_encrypted_xlsx.xls" 加密.xls
cp ../../empty_record_body.xls .
: > 空.xlsx
cp ../../nonbmp.xlsx '~$土木学院.xlsx'
mkdir x.xlsx
ln -s loop2.xlsx loop1.xlsx && ln -s loop1.xlsx loop2.xlsx
ln -s . 自己
cd ../.. || exit 1
unreadable=
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    cp "$FIX/csv/semicolon.csv" camp/input/锁定.csv
    # nobody must reach the program and its templates wherever the checkout
    # is (a fresh clone may sit under a 0700 folder): run a copy from $TMP.
    mkdir prog && cp "$TAIZHANG" prog/taizhang && cp -R "$FIX/../../templates" prog/templates
    chmod -R a+rX camp prog && chmod a+rx "$TMP" && chmod 000 camp/input/锁定.csv
    run() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$TMP/prog/taizhang" "$@"; }
    unreadable="error${T}E-OPEN${T}${T}锁定.csv${T}${T}${T}无法打开：没有读取权限
"
else
    echo "$0: unreadable-file case skipped (needs root and setpriv)"
    run() { "$TAIZHANG" "$@"; }
fi
run check -c camp/config.ini --format tsv > out 2> err
eq 'mixed folder: exit' "$?" 0
printf "%s" "error${T}E-CORRUPT${T}${T}bad_utf8.xlsx${T}${T}${T}文件已损坏：「xl/sharedStrings.xml」第 2 行含有无效字符（不是合法的 UTF-8 文本）
error${T}E-ZIPBOMB${T}${T}bomb_ratio.xlsx${T}${T}${T}压缩包中的「xl/worksheets/sheet1.xml」的压缩比超过 200:1（疑似压缩炸弹），拒绝读取
error${T}E-ZIPBOMB${T}${T}bomb_size.xlsx${T}${T}${T}压缩包中的「xl/worksheets/sheet1.xml」解压后有 600 MB，超过 512 MB 的上限（疑似压缩炸弹），拒绝读取
error${T}E-CORRUPT${T}${T}empty_record_body.xls${T}${T}${T}文件已损坏：工作簿数据不以 BOF 记录开头；请在 Excel 或 WPS 中重新保存后报送
error${T}E-OPEN${T}${T}loop1.xlsx${T}${T}${T}无法打开：符号链接循环
error${T}E-OPEN${T}${T}loop2.xlsx${T}${T}${T}无法打开：符号链接循环
error${T}E-STATE${T}𠮷野家学院${T}nonbmp.xlsx${T}数据𠀀${T}B3${T}整改状态“已完成🎉”不是可选的值（应为 未整改、整改中、已完成）
error${T}E-LIMIT${T}${T}row_2m.xlsx${T}${T}${T}工作表「数据」超过 1048576 行的上限
error${T}E-CORRUPT${T}${T}truncated.xlsx${T}${T}${T}文件不完整或已损坏（压缩包结构无效），请单位重新报送
error${T}E-OPEN${T}${T}x.xlsx${T}${T}${T}这是一个文件夹，不是文件
error${T}E-XML${T}${T}xml_deep.xlsx${T}${T}${T}「xl/worksheets/sheet1.xml」的 XML 嵌套超过 256 层，拒绝读取
error${T}E-XML${T}${T}xml_doctype.xlsx${T}${T}${T}「xl/sharedStrings.xml」含有 DTD（DOCTYPE）声明，出于安全原因拒绝读取
error${T}E-ENCRYPTED${T}${T}加密.xls${T}${T}${T}文件设有打开密码，无法读取；请取消密码后重新报送
error${T}E-EMPTY${T}${T}空.xlsx${T}${T}${T}文件为空（0 字节），请单位重新报送
$unreadable" > want
same 'mixed folder: one issue per hostile file, none for the good ones' out want
run check -c camp/config.ini > out 2> err
# Each hostile file is unreadable and one error; E-STATE is one more error;
# the three good files make up the rest; the lock file and 自己 (a link to
# its own folder, not followed) are not files of the batch.
nerr=$(wc -l < want)
nbad=$((nerr - 1)) nfiles=$((nerr + 2))
has 'mixed folder: 土木学院 read' out '土木学院.csv  土木学院  问题清单  读取 3 = 计入 3 + 退回 0 + 被取代 0'
has 'mixed folder: 教务处 read' out '教务处.csv  教务处  征求意见  读取 2 = 计入 2 + 退回 0 + 被取代 0'
has 'mixed folder: non-BMP unit read' out 'nonbmp.xlsx  𠮷野家学院  问题清单  读取 1 = 计入 1 + 退回 0 + 被取代 0'
has 'mixed folder: totals' out "合计：$nfiles 个文件（$nbad 个无法读取），3/3 个单位报送；数据行读取 6 = 计入 6 + 退回 0 + 被取代 0；错误 $nerr 条，警告 0 条，提示 0 条。"
done_
