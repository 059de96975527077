#!/bin/sh
# 层层汇总 over three levels (tests/fixtures/rollup/make_rollup.py; its figures
# are worked out by hand there): two counties whose schools share names run
# taizhang; the city runs on their ledgers, kept in one folder per county under
# the same file name; the province runs on the city's.  At every level: totals
# equal the sums below, every row keeps its school and its county, no finding
# on a derived sheet, 汇总 per reporting unit.  Then one county's school sends
# a correction, county and city run again, and the change arrives.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
PY=/usr/bin/python3
R=$TMP/r
mkdir -p "$R"
$PY "$ROOT/tests/fixtures/rollup/make_rollup.py" "$R" || fail "make_rollup.py"
metric() {   # metric LEVEL NAME…
    lvl=$1; shift
    "$TAIZHANG" metrics -c "$R/$lvl/config.ini" --format tsv "$@" 2> /dev/null
}
runs() {     # runs LEVEL: exit status 0 and its row totals line
    "$TAIZHANG" run -c "$R/$1/config.ini" > "$TMP/$1.txt" 2>&1
    eq "$1: run" "$?" 0
}
up() {       # up: county ledgers into the city's input/, one folder each, same name
    for c in 甲县 乙县; do
        mkdir -p "$R/city/input/$c"
        cp "$R/$c/output/2017-07/汇总台账_2017-07.xlsx" "$R/city/input/$c/"
    done
}

runs 甲县
runs 乙县
has "甲县: rows" "$TMP/甲县.txt" "合计：3 个文件（0 个无法读取），3/3 个单位报送；数据行读取 7 = 计入 7 + 退回 0 + 被取代 0；错误 0 条，警告 0 条，提示 0 条。"
eq "甲县: problems closed overdue" "$(metric 甲县 problems.total problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "6 2 1 "
eq "乙县: problems closed overdue" "$(metric 乙县 problems.total problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "5 2 1 "

# ---- the city -------------------------------------------------------------------
up
runs city
# Both ledgers are named 汇总台账_2017-07.xlsx: each is known by its 填报单位 block.
has "city: rows and findings" "$TMP/city.txt" "合计：2 个文件（0 个无法读取），2/2 个单位报送；数据行读取 13 = 计入 13 + 退回 0 + 被取代 0；错误 0 条，警告 0 条，提示 2 条。"
"$TAIZHANG" check -c "$R/city/config.ini" --format tsv > "$TMP/city.tsv" 2> /dev/null
cat > "$TMP/want" <<'T'
info	I-DERIVED	乙县教育局	乙县/汇总台账_2017-07.xlsx			这是一份汇总台账：其中由程序计算出的 7 张工作表（汇总、超期问题、临期问题、报送情况、本期变化、数据校验、图表）已跳过，不重复计入
info	I-DERIVED	甲县教育局	甲县/汇总台账_2017-07.xlsx			这是一份汇总台账：其中由程序计算出的 7 张工作表（汇总、超期问题、临期问题、报送情况、本期变化、数据校验、图表）已跳过，不重复计入
T
same "city: only the derived sheets' infos (no duplicate for the two 第一中学)" "$TMP/city.tsv" "$TMP/want"
metric city units.summary | cut -f1-7 > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	报送	问题总数	已完成	整改中	未整改	超期
甲县教育局	已报	6	2	2	2	1
乙县教育局	已报	5	2	2	1	1
T
same "city: 汇总 per county" "$TMP/got" "$TMP/want"
metric city units.base_summary | cut -f1-8 > "$TMP/got"
cat > "$TMP/want" <<'T'
上报单位	上报路径	基层单位	问题总数	已完成	整改中	未整改	超期
甲县教育局		第一中学	3	1	1	1	1
甲县教育局		第二中学	2	1	1	0	0
甲县教育局		甲县实验小学	1	0	0	1	0
乙县教育局		第一中学	2	0	1	1	1
乙县教育局		第二中学	1	1	0	0	0
乙县教育局		乙县职业中学	2	1	1	0	0
T
same "city: each county's schools" "$TMP/got" "$TMP/want"
# The city's 问题台账 as written: each row's school and county.
$PY - "$R/city/output/2017-07/汇总台账_2017-07.xlsx" > "$TMP/got" <<'P'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb["问题台账"]["A2"].value, "|", "基层单位" in wb.sheetnames)
ws = wb["问题台账"]
h = [c.value for c in ws[3]]
for r in ws.iter_rows(min_row=4, values_only=True):
    if r[0] is None:
        continue
    print(r[h.index("单位")], r[h.index("上报单位")], r[h.index("上报路径")] or "-", r[h.index("问题描述")])
P
cat > "$TMP/want" <<'T'
填报单位：滨江市教育局 | True
第一中学 甲县教育局 - 食堂卫生检查不到位
第一中学 甲县教育局 - 教师考勤走过场
第一中学 甲县教育局 - 择校费清退不彻底
第二中学 甲县教育局 - 晨检制度未落实
第二中学 甲县教育局 - 图书室长期不开放
甲县实验小学 甲县教育局 - 校车管理不规范
第一中学 乙县教育局 - 食堂卫生检查不到位
第一中学 乙县教育局 - 作业批改不及时
第二中学 乙县教育局 - 家访制度流于形式
乙县职业中学 乙县教育局 - 实训设备闲置
乙县职业中学 乙县教育局 - 顶岗实习收费
T
same "city: 问题台账 keeps school and county" "$TMP/got" "$TMP/want"
# 超期问题 and 民主测评 as written: under each school, its county.
sheet() {    # sheet BOOK NAME COLUMN…: those columns of the sheet's rows, "|"-separated
    $PY - "$@" <<'P'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
h = [c.value for c in ws[3]]
for r in ws.iter_rows(min_row=4, values_only=True):
    print("|".join("" if r[h.index(c)] is None else str(r[h.index(c)]) for c in sys.argv[3:]))
P
}
sheet "$R/city/output/2017-07/汇总台账_2017-07.xlsx" 超期问题 单位 问题描述 超期天数 上报单位 > "$TMP/got"
cat > "$TMP/want" <<'T'
第一中学|食堂卫生检查不到位|10|甲县教育局
第一中学|食堂卫生检查不到位|5|乙县教育局
T
same "city: 超期问题 under school and county" "$TMP/got" "$TMP/want"
sheet "$R/city/output/2017-07/汇总台账_2017-07.xlsx" 民主测评 单位 测评对象 满意率 上报单位 > "$TMP/got"
cat > "$TMP/want" <<'T'
第一中学|校领导班子|0.9|甲县教育局
第一中学|校领导班子|0.75|乙县教育局
T
same "city: 民主测评 under school and county" "$TMP/got" "$TMP/want"
# The stage summary names the school under its county, not the county bureau.
metric city summary.rating_below problems.overdue_top > "$TMP/got"
cat > "$TMP/want" <<'T'
-- name: summary.rating_below
测评对象	满意率
乙县教育局／第一中学校领导班子	0.75

-- name: problems.overdue_top
单位	问题描述	整改时限	超期天数
甲县教育局／第一中学	食堂卫生检查不到位	2017-07-10	10
乙县教育局／第一中学	食堂卫生检查不到位	2017-07-15	5
T
same "city: the summary names school and county" "$TMP/got" "$TMP/want"

# ---- the province -----------------------------------------------------------------
cp "$R/city/output/2017-07/汇总台账_2017-07.xlsx" "$R/province/input/"
runs province
has "province: rows and findings" "$TMP/province.txt" "合计：1 个文件（0 个无法读取），1/1 个单位报送；数据行读取 13 = 计入 13 + 退回 0 + 被取代 0；错误 0 条，警告 0 条，提示 1 条。"
# Overdue as of the province's own as_of (07-31): 甲县 第二中学's 07-30 deadline too.
eq "province: totals as the city's, overdue at its as_of" "$(metric province problems.total problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "11 4 3 "
# The two 第一中学 came up through the same city: kept apart by their county.
metric province units.base_summary | cut -f1-8 > "$TMP/got"
cat > "$TMP/want" <<'T'
上报单位	上报路径	基层单位	问题总数	已完成	整改中	未整改	超期
滨江市教育局	甲县教育局	第一中学	3	1	1	1	1
滨江市教育局	甲县教育局	第二中学	2	1	1	0	1
滨江市教育局	甲县教育局	甲县实验小学	1	0	0	1	0
滨江市教育局	乙县教育局	第一中学	2	0	1	1	1
滨江市教育局	乙县教育局	第二中学	1	1	0	0	0
滨江市教育局	乙县教育局	乙县职业中学	2	1	1	0	0
T
same "province: 基层单位 per county and school" "$TMP/got" "$TMP/want"
sheet "$R/province/output/2017-07/汇总台账_2017-07.xlsx" 民主测评 单位 测评对象 上报单位 上报路径 > "$TMP/got"
cat > "$TMP/want" <<'T'
第一中学|校领导班子|滨江市教育局|甲县教育局
第一中学|校领导班子|滨江市教育局|乙县教育局
T
same "province: 民主测评 under school, city and county" "$TMP/got" "$TMP/want"
eq "province: the summary names city, county and school" "$(metric province summary.rating_below | tail -n +2)" \
    "滨江市教育局／乙县教育局／第一中学校领导班子	0.75"
metric province problems.list_rollup | cut -f2,17,18 | sort | uniq -c | sed 's/^ *//' | sort > "$TMP/got"
cat > "$TMP/want" <<'T'
1 单位	上报单位	上报路径
1 甲县实验小学	滨江市教育局	甲县教育局
1 第二中学	滨江市教育局	乙县教育局
2 乙县职业中学	滨江市教育局	乙县教育局
2 第二中学	滨江市教育局	甲县教育局
2 第一中学	滨江市教育局	乙县教育局
3 第一中学	滨江市教育局	甲县教育局
T
sort "$TMP/want" -o "$TMP/want"
same "province: every row under its school, its city and its county" "$TMP/got" "$TMP/want"

# ---- a correction travels up -------------------------------------------------------
$PY "$ROOT/tests/fixtures/rollup/make_rollup.py" "$R" FIX
runs 甲县
eq "甲县 after the fix: problems closed overdue" "$(metric 甲县 problems.total problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "6 3 0 "
up
runs city
metric city units.summary | cut -f1-7 > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	报送	问题总数	已完成	整改中	未整改	超期
甲县教育局	已报	6	3	1	2	0
乙县教育局	已报	5	2	2	1	1
T
same "city after the fix: the correction arrived" "$TMP/got" "$TMP/want"
eq "city after the fix: closed overdue" "$(metric city problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "5 1 "

# ---- a ledger from a county that is not on the city's list --------------------------
# Its 填报单位 names no unit: refused with E-UNIT at that cell, never counted
# under its schools (which would list them in 汇总 as units that did not report).
runs 丙县
mkdir -p "$R/city/input/丙县"
cp "$R/丙县/output/2017-07/汇总台账_2017-07.xlsx" "$R/city/input/丙县/"
runs city
has "city with 丙县: its rows refused" "$TMP/city.txt" "合计：3 个文件（0 个无法读取），2/2 个单位报送；数据行读取 15 = 计入 13 + 退回 2 + 被取代 0；错误 1 条，警告 0 条，提示 3 条。"
"$TAIZHANG" check -c "$R/city/config.ini" --format tsv 2> /dev/null | grep -v '^info' > "$TMP/got"
printf 'error\tE-UNIT\t\t丙县/汇总台账_2017-07.xlsx\t问题台账\tA2\t%s\n' \
    "填报单位“丙县教育局”不在单位名单中，本文件 2 行数据未计入（是否为“甲县教育局”？请按单位名单填写单位全称，或在单位名单中补充别名）" > "$TMP/want"
same "city with 丙县: E-UNIT at its 填报单位" "$TMP/got" "$TMP/want"
metric city units.summary | cut -f1-7 > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	报送	问题总数	已完成	整改中	未整改	超期
甲县教育局	已报	6	3	1	2	0
乙县教育局	已报	5	2	2	1	1
T
same "city with 丙县: 汇总 lists only the city's counties" "$TMP/got" "$TMP/want"

# ---- the next month at every level --------------------------------------------------
# The August ledgers go beside July's, under the same folder per county: the later
# 填报日期 wins.  本期变化 follows each school under its county, one level up and two.
rm -r "$R/city/input/丙县"
$PY "$ROOT/tests/fixtures/rollup/make_rollup.py" "$R" NEXT
runs 甲县
runs 乙县
for c in 甲县 乙县; do cp "$R/$c/output/2017-08/汇总台账_2017-08.xlsx" "$R/city/input/$c/"; done
runs city
has "city in August: July's ledgers superseded" "$TMP/city.txt" "合计：4 个文件（0 个无法读取），2/2 个单位报送；数据行读取 27 = 计入 14 + 退回 0 + 被取代 13；错误 0 条，警告 0 条，提示 6 条。"
eq "city in August: problems closed overdue" "$(metric city problems.total problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "12 5 2 "
sheet "$R/city/output/2017-08/汇总台账_2017-08.xlsx" 本期变化 单位 问题描述 变化 > "$TMP/got"
cat > "$TMP/want" <<'T'
甲县教育局／第一中学|课后服务乱收费|新增
甲县教育局／第一中学|教师考勤走过场|销号
乙县教育局／乙县职业中学|实习安全教育缺失|新增
乙县教育局／乙县职业中学|顶岗实习收费|消失
T
same "city in August: 本期变化 per county and school" "$TMP/got" "$TMP/want"
cp "$R/city/output/2017-08/汇总台账_2017-08.xlsx" "$R/province/input/"
runs province
eq "province in August: problems closed overdue" "$(metric province problems.total problems.closed problems.overdue | cut -f2 | tr '\n' ' ')" "12 5 3 "
# The province's July ledger was the city's before 甲县's correction: 食堂卫生检查不到位
# is closed since then.  Under one reporting unit, by county and school (by name).
sheet "$R/province/output/2017-08/汇总台账_2017-08.xlsx" 本期变化 单位 问题描述 变化 > "$TMP/got"
cat > "$TMP/want" <<'T'
滨江市教育局／乙县教育局／乙县职业中学|实习安全教育缺失|新增
滨江市教育局／乙县教育局／乙县职业中学|顶岗实习收费|消失
滨江市教育局／甲县教育局／第一中学|课后服务乱收费|新增
滨江市教育局／甲县教育局／第一中学|教师考勤走过场|销号
滨江市教育局／甲县教育局／第一中学|食堂卫生检查不到位|销号
T
same "province in August: 本期变化 per city, county and school" "$TMP/got" "$TMP/want"
done_
