#!/bin/sh
# The monthly cycle of a campaign, played in rounds as an office plays it
# (tests/fixtures/cycle/make_cycle.py writes each round's files; every figure
# below is worked out by hand there, next to the row that causes it):
#   1  first submissions with planted errors                 as_of 2017-06-20
#   2  corrections under new names, a blank-template refill, weekly files one a
#      week, a 填报单位 that only contains a unit's name    --as-of 2017-06-28
#      then the office takes the stray file out: errors converge to zero
#   3  the next month                                        --as-of 2017-07-28
#   4  June re-run after July: July is named as stale, July's file is not
#      taken into June                                     --as-of 2017-06-28
#   5  a 0-byte file named after a unit, then the unit sends again: its error
#      retires without deleting the file                   --as-of 2017-07-28
#   6  weekly reports numbered by 周次 instead of dated      --as-of 2017-07-28
#   7  lists without 填报日期: the one saved after the dated list is flagged
#   8  the register names a deliverable by its full title
# After each round: the exact issue list, row accounting, --strict, weekly and
# deliverable figures, the correction lists and the reminder list.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
PY=/usr/bin/python3
GEN="$ROOT/tests/fixtures/cycle/make_cycle.py"
C=$TMP/campaign
mkdir -p "$C"
$PY "$GEN" "$C" 1 || fail "make_cycle.py round 1"

# check --format tsv and its row accounting; exit status with --strict.
check() {
    "$TAIZHANG" check -c "$C/config.ini" "$@" --format tsv > "$TMP/got.tsv" 2> "$TMP/got.rows"
}
strict() {
    "$TAIZHANG" check -c "$C/config.ini" "$@" --strict > /dev/null 2>&1
    echo $?
}
metric() {
    "$TAIZHANG" metrics -c "$C/config.ini" "$@" --format tsv 2> /dev/null
}
tab=$(printf '\t')
# The correction lists of a period, a line per row (list, level, file, sheet,
# cell, 问题描述), and the reminder list's rows.
lists() {
    $PY - "$C/output/$1" > "$TMP/lists.got" <<'P'
import glob, os, sys, openpyxl
out = sys.argv[1]
for f in sorted(glob.glob(os.path.join(out, "退回修改", "*.xlsx"))):
    ws = openpyxl.load_workbook(f).active
    rows = list(ws.iter_rows(values_only=True))
    head = [r[0] for r in rows].index("序号")
    print(os.path.basename(f), "|", rows[4][0])
    for r in rows[head + 1:]:
        if r[0] is not None:
            print("  ", *(v or "-" for v in r[:6]))
ws = openpyxl.load_workbook(glob.glob(os.path.join(out, "催报名单_*.xlsx"))[0]).active
for r in ws.iter_rows(min_row=3, values_only=True):
    if isinstance(r[0], int):
        print("催报", *(v or "-" for v in r))
P
}

# ---- round 1: first submissions ------------------------------------------------
check
cat > "$TMP/want.tsv" <<'T'
error	E-DATE	滨江县第一中学	一中.xlsx	问题清单	H6	整改时限“2017-13-01”不是有效日期（应为 2017-10-30 或 2017年10月30日，无固定时限的写“长期”或“持续整改”）
warning	W-NO-DONE-DATE	滨江县第一中学	一中.xlsx	问题清单	J7	整改状态为“已完成”，但没有填写完成日期
error	E-REQUIRED	滨江县第二中学	二中.xls	问题清单	B6	第 6 行缺少“问题描述”，该行未计入台账（请补填）
warning	W-RATING-OVER	滨江县第二中学	二中.xls	民主测评	C5	满意、基本满意、不满意合计 55 票，超过参评人数 50
warning	W-CATEGORY	滨江县实验小学	实小.xlsx	问题清单	C6	问题类别“作风问题”不是本次活动的问题类别（应为 不作为、乱作为、慢作为、其他），按“其他”统计
warning	W-UNIT		收文登记.xlsx	收文登记	B5	“县教育局办公室”不在单位名单中，第 5 行未计入（请按单位名单填写单位全称，或在单位名单中补充别名）
T
same "round 1: issues" "$TMP/got.tsv" "$TMP/want.tsv"
has "round 1: rows" "$TMP/got.rows" "合计：4 个文件（0 个无法读取），3/4 个单位报送；数据行读取 17 = 计入 15 + 退回 2 + 被取代 0；错误 2 条，警告 4 条，提示 0 条。"
eq "round 1: --strict fails on the errors" "$(strict)" 1
# The name the office's register got wrong is counted nowhere: not a unit, not a row.
metric units.summary | cut -f1 > "$TMP/got"
printf '%s\n' 单位 滨江县第一中学 滨江县第二中学 滨江县实验小学 滨江县职业中学 > "$TMP/want"
same "round 1: 汇总 lists the four units only" "$TMP/got" "$TMP/want"
metric weekly.by_unit > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	应报周数	已报周数	零报告	缺报周数
滨江县第一中学	2	1	0	1
滨江县第二中学	2	1	0	1
滨江县实验小学	2	0	0	2
滨江县职业中学	2	0	0	2
T
same "round 1: weekly" "$TMP/got" "$TMP/want"
"$TAIZHANG" run -c "$C/config.ini" > "$TMP/run1.txt" 2>&1
eq "round 1: run" "$?" 0
lists 2017-06
cat > "$TMP/want" <<'T'
滨江县实验小学.xlsx | 共 1 条：错误 0 条（必须改正），警告 1 条（请核实，确有误的改正）。
   1 警告 实小.xlsx 问题清单 C6 值班教师脱岗
滨江县第一中学.xlsx | 共 2 条：错误 1 条（必须改正），警告 1 条（请核实，确有误的改正）。
   1 错误 一中.xlsx 问题清单 H6 食堂收费标准不公示
   2 警告 一中.xlsx 问题清单 J7 教师办公室空调长期开启
滨江县第二中学.xlsx | 共 2 条：错误 1 条（必须改正），警告 1 条（请核实，确有误的改正）。
   1 错误 二中.xls 问题清单 B6 -
   2 警告 二中.xls 民主测评 C5 -
催报 1 滨江县职业中学 未报 未报 6月9日、6月16日
催报 2 滨江县实验小学 未报 逾期（6月19日收到） 6月9日、6月16日
催报 3 滨江县第二中学 逾期（6月18日收到） - 6月16日
催报 4 滨江县第一中学 - - 6月16日
T
same "round 1: correction lists (no list for the office's own slip) and reminders" "$TMP/lists.got" "$TMP/want"

# ---- round 2: corrections ------------------------------------------------------
$PY "$GEN" "$C" 2 || fail "make_cycle.py round 2"
"$TAIZHANG" template -c "$C/config.ini" -o "$TMP/blank.xlsx" > /dev/null 2>&1
eq "round 2: blank template" "$?" 0
$PY "$GEN" "$C" TEMPLATE "$TMP/blank.xlsx" "$C/input/二中报送.xlsx" || fail "fill the template"
check --as-of 2017-06-28
cat > "$TMP/want.tsv" <<'T'
warning	W-CLOSED-LATE	滨江县第一中学	一中（更正）.xlsx	问题清单	J5	完成日期 2017年6月19日 晚于整改时限 2017年6月15日（超期 4 天完成）
warning	W-RATING-OVER	滨江县第二中学	二中.xls	民主测评	C5	满意、基本满意、不满意合计 55 票，超过参评人数 50
warning	W-CATEGORY	滨江县实验小学	实小.xlsx	问题清单	C6	问题类别“作风问题”不是本次活动的问题类别（应为 不作为、乱作为、慢作为、其他），按“其他”统计
warning	W-UNIT		收文登记.xlsx	收文登记	B5	“县教育局办公室”不在单位名单中，第 5 行未计入（请按单位名单填写单位全称，或在单位名单中补充别名）
error	E-UNIT		滨江县第一中学初中部.xlsx	问题清单	A2	填报单位“滨江县第一中学初中部”不在单位名单中，本文件 1 行数据未计入（是否为“滨江县第一中学”？请按单位名单填写单位全称，或在单位名单中补充别名）
info	I-SUPERSEDED	滨江县第一中学	一中.xlsx	问题清单	A2	滨江县第一中学的问题清单已被较晚填报的“一中（更正）.xlsx”取代，本文件这些表的 4 行不重复计入；这些行的 1 个错误、1 个警告随之撤销
info	I-SUPERSEDED	滨江县第一中学	一中周报0616.xlsx	周报	A2	滨江县第一中学的周报中 1 行所报的周已由较晚填报的“一中周报0623.xlsx”重报，本文件这些表的 1 行不重复计入
info	I-SUPERSEDED	滨江县第二中学	二中.xls	问题清单	A2	滨江县第二中学的问题清单已被较晚填报的“二中报送.xlsx”取代，本文件这些表的 3 行不重复计入；这些行的 1 个错误随之撤销
T
same "round 2: corrected errors retired, the new file's findings, E-UNIT for a name that contains a unit" \
    "$TMP/got.tsv" "$TMP/want.tsv"
has "round 2: rows" "$TMP/got.rows" "合计：9 个文件（0 个无法读取），3/4 个单位报送；数据行读取 28 = 计入 18 + 退回 2 + 被取代 8；错误 1 条，警告 4 条，提示 3 条。"
# 一中.xlsx: its 问题清单 replaced, its 征求意见 and 周报 kept (the correction has none).
has "round 2: 一中.xlsx keeps the sheets the correction lacks" "$TMP/got.rows" \
    "  一中.xlsx  滨江县第一中学  问题清单、征求意见、周报  读取 7 = 计入 3 + 退回 0 + 被取代 4"
# The refilled template: only 问题清单 has rows; its empty 民主测评 does not replace 二中.xls's.
has "round 2: 二中.xls keeps its 民主测评 and 周报" "$TMP/got.rows" \
    "  二中.xls  滨江县第二中学  问题清单、民主测评、周报  读取 5 = 计入 2 + 退回 0 + 被取代 3"
# … and the refill lists only what it brought, not its blank sheets.
has "round 2: the refilled template brought 问题清单 only" "$TMP/got.rows" \
    "  二中报送.xlsx  滨江县第二中学  问题清单  读取 3 = 计入 3 + 退回 0 + 被取代 0"
has "round 2: the file that only contains 一中's name is not 一中's" "$TMP/got.rows" \
    "  滨江县第一中学初中部.xlsx  未采用  问题清单  读取 1 = 计入 0 + 退回 1 + 被取代 0"
eq "round 2: --strict still fails (the stray file)" "$(strict --as-of 2017-06-28)" 1
metric --as-of 2017-06-28 units.summary > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	报送	问题总数	已完成	整改中	未整改	超期	完成率	征求意见次数	参与人次	满意率	周报已报	周报应报
滨江县第一中学	已报	4	2	1	1	0	0.5	2	140		3	3
滨江县第二中学	已报	3	1	1	1	0	0.3333	0	0	0.9	1	3
滨江县实验小学	已报	2	0	1	1	0	0	0	0		0	3
滨江县职业中学	未报	0	0	0	0	0		0	0		0	3
T
same "round 2: 汇总 (activities and ratings kept, weekly added up)" "$TMP/got" "$TMP/want"
cp "$TMP/want" "$TMP/june.summary"
metric --as-of 2017-06-28 weekly.by_unit > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	应报周数	已报周数	零报告	缺报周数
滨江县第一中学	3	3	1	0
滨江县第二中学	3	1	0	2
滨江县实验小学	3	0	0	3
滨江县职业中学	3	0	0	3
T
same "round 2: weekly files add up, the week sent twice counts once" "$TMP/got" "$TMP/want"
metric --as-of 2017-06-28 deliverable.by_unit > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	材料	截止日期	报送日期	状态
滨江县第一中学	工作方案	2017-06-15	2017-06-10	按时
滨江县第一中学	问题清单	2017-06-16	2017-06-12	按时
滨江县第二中学	工作方案	2017-06-15	2017-06-18	逾期
滨江县第二中学	问题清单	2017-06-16	2017-06-14	按时
滨江县实验小学	工作方案	2017-06-15		未报
滨江县实验小学	问题清单	2017-06-16	2017-06-19	逾期
滨江县职业中学	工作方案	2017-06-15		未报
滨江县职业中学	问题清单	2017-06-16		未报
T
same "round 2: deliverables" "$TMP/got" "$TMP/want"

# The office takes the stray file out: no error is left, --strict passes.
rm "$C/input/滨江县第一中学初中部.xlsx"
eq "round 2: converged: --strict passes" "$(strict --as-of 2017-06-28)" 0
"$TAIZHANG" run -c "$C/config.ini" --as-of 2017-06-28 > "$TMP/run2.txt" 2>&1
eq "round 2: run" "$?" 0
has "round 2: run totals" "$TMP/run2.txt" "错误 0 条，警告 4 条，提示 3 条。"
eq "round 2: same period folder" "$(ls "$C/output")" "2017-06
history.db"
lists 2017-06
cat > "$TMP/want" <<'T'
滨江县实验小学.xlsx | 共 1 条：错误 0 条（必须改正），警告 1 条（请核实，确有误的改正）。
   1 警告 实小.xlsx 问题清单 C6 值班教师脱岗
滨江县第一中学.xlsx | 共 1 条：错误 0 条（必须改正），警告 1 条（请核实，确有误的改正）。
   1 警告 一中（更正）.xlsx 问题清单 J5 校门口接送秩序混乱，无人值守
滨江县第二中学.xlsx | 共 1 条：错误 0 条（必须改正），警告 1 条（请核实，确有误的改正）。
   1 警告 二中.xls 民主测评 C5 -
催报 1 滨江县职业中学 未报 未报 6月9日、6月16日、6月23日
催报 2 滨江县实验小学 未报 逾期（6月19日收到） 6月9日、6月16日、6月23日
催报 3 滨江县第二中学 逾期（6月18日收到） - 6月16日、6月23日
T
same "round 2: corrected errors leave the lists; weekly files clear 一中 from the reminders" "$TMP/lists.got" "$TMP/want"

# ---- round 3: the next month ---------------------------------------------------
$PY "$GEN" "$C" 3 || fail "make_cycle.py round 3"
"$TAIZHANG" run -c "$C/config.ini" --as-of 2017-07-28 > "$TMP/run3.txt" 2>&1
eq "round 3: run" "$?" 0
has "round 3: rows" "$TMP/run3.txt" "合计：9 个文件（0 个无法读取），3/4 个单位报送；数据行读取 35 = 计入 22 + 退回 1 + 被取代 12；错误 0 条，警告 4 条，提示 4 条。"
has "round 3: overdue" "$TMP/run3.txt" "超期未完成的问题：4 个。"
eq "round 3: its own folder" "$(ls "$C/output" | tr '\n' ' ')" "2017-06 2017-07 history.db "
metric --as-of 2017-07-28 changes.list > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	问题描述	变化	上期状态	本期状态
滨江县第一中学	暑期补课收费	新增		整改中
滨江县第一中学	食堂收费标准不公示	销号	整改中	已完成
滨江县第一中学	学生作业量过大	消失	未整改	
T
same "round 3: 本期变化 against June" "$TMP/got" "$TMP/want"
metric --as-of 2017-07-28 weekly.by_unit > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	应报周数	已报周数	零报告	缺报周数
滨江县第一中学	8	7	2	1
滨江县第二中学	8	1	0	7
滨江县实验小学	8	0	0	8
滨江县职业中学	8	0	0	8
T
same "round 3: weekly" "$TMP/got" "$TMP/want"
june=$(sha256sum "$C/output/2017-06/汇总台账_2017-06.xlsx" | cut -c1-64)

# ---- round 4: June re-run after July -------------------------------------------
mv "$C/input/一中7月.xlsx" "$TMP/"
"$TAIZHANG" run -c "$C/config.ini" --as-of 2017-06-28 > "$TMP/run4.txt" 2>&1
eq "round 4: run" "$?" 0
has "round 4: names the later period to re-run" "$TMP/run4.txt" \
    "taizhang: 注意：已有更晚的报告期 2017-07，它的“本期变化”是与 2017-06 比较得出的：请重新运行 2017-07（taizhang run --as-of 2017-07-28）"
has "round 4: manifest" "$C/output/2017-06/manifest.json" '"stale_periods": ["2017-07"],'
eq "round 4: June's ledger as it was" "$(sha256sum "$C/output/2017-06/汇总台账_2017-06.xlsx" | cut -c1-64)" "$june"
mv "$TMP/一中7月.xlsx" "$C/input/"
# July's file left in input/ is filed (07-20) after June's deadline (as_of 06-28
# + 5 resubmission days): June's figures do not take it.
metric --as-of 2017-06-28 units.summary > "$TMP/got"
same "round 4: July's file left in input/ does not change June" "$TMP/got" "$TMP/june.summary"
check --as-of 2017-06-28
grep "I-LATER" "$TMP/got.tsv" > "$TMP/got"
printf 'info\tI-LATER\t滨江县第一中学\t一中7月.xlsx\t问题清单\tA3\t填报日期 2017-07-20 晚于报告期 2017-06 的重新报送截止日期 2017-07-03：本文件属于以后的报告期，本期不计入其 8 行数据\n' > "$TMP/want"
same "round 4: … and says so" "$TMP/got" "$TMP/want"
"$TAIZHANG" run -c "$C/config.ini" --as-of 2017-07-28 > "$TMP/run5.txt" 2>&1
eq "round 4: July re-run" "$?" 0
if grep -q stale_periods "$C/output/2017-07/manifest.json" && ! grep -q '"stale_periods": \[\]' "$C/output/2017-07/manifest.json"; then
    fail "round 4: July is the latest: nothing stale"
else pass; fi

# ---- round 5: an unreadable file, sent again -----------------------------------
# 职中's list (07-20), then a 0-byte 职中.xlsx saved 07-25: it may be the list's
# correction, so the list does not retire its error.
$PY "$GEN" "$C" 4 || fail "make_cycle.py round 4"
check --as-of 2017-07-28
grep "职中" "$TMP/got.tsv" > "$TMP/got"
printf 'error\tE-EMPTY\t滨江县职业中学\t职中.xlsx\t\t\t文件为空（0 字节），请单位重新报送\n' > "$TMP/want"
same "round 5: the 0-byte file after 职中's list is 职中's to fix" "$TMP/got" "$TMP/want"
eq "round 5: --strict fails on it" "$(strict --as-of 2017-07-28)" 1
"$TAIZHANG" run -c "$C/config.ini" --as-of 2017-07-28 > "$TMP/run6.txt" 2>&1
has "round 5: run totals" "$TMP/run6.txt" \
    "合计：11 个文件（1 个无法读取），4/4 个单位报送；数据行读取 36 = 计入 23 + 退回 1 + 被取代 12；错误 1 条，警告 4 条，提示 4 条。"
lists 2017-07
grep -A1 "^滨江县职业中学.xlsx" "$TMP/lists.got" > "$TMP/got"
cat > "$TMP/want" <<'T'
滨江县职业中学.xlsx | 共 1 条：错误 1 条（必须改正），警告 0 条（请核实，确有误的改正）。
   1 错误 职中.xlsx - - -
T
same "round 5: 职中's correction list" "$TMP/got" "$TMP/want"
# 职中 sends again (07-27): the 0-byte file's error retires; the file stays.
$PY "$GEN" "$C" 5 || fail "make_cycle.py round 5"
check --as-of 2017-07-28
grep "职中" "$TMP/got.tsv" > "$TMP/got"
cat > "$TMP/want" <<'T'
info	I-SUPERSEDED	滨江县职业中学	职中问题清单.xlsx	问题清单	A2	滨江县职业中学的问题清单已被较晚填报的“职中（重报）.xlsx”取代，本文件这些表的 1 行不重复计入
info	I-SUPERSEDED	滨江县职业中学	职中.xlsx			本文件无法读取，滨江县职业中学在它之后报送的“职中（重报）.xlsx”已取代它，不必再重报；本文件的 1 个错误随之撤销
T
same "round 5: the unit sent again: the unreadable file's error retires" "$TMP/got" "$TMP/want"
eq "round 5: converged: --strict passes" "$(strict --as-of 2017-07-28)" 0
"$TAIZHANG" run -c "$C/config.ini" --as-of 2017-07-28 > "$TMP/run7.txt" 2>&1
has "round 5: run totals after" "$TMP/run7.txt" \
    "合计：12 个文件（1 个无法读取），4/4 个单位报送；数据行读取 37 = 计入 23 + 退回 1 + 被取代 13；错误 0 条，警告 4 条，提示 6 条。"
[ -e "$C/output/2017-07/退回修改/滨江县职业中学.xlsx" ] && fail "round 5: no list for 职中 any more" || pass

# ---- round 6: weekly reports keyed by 周次 ------------------------------------
$PY "$GEN" "$C" 6 || fail "make_cycle.py round 6"
check --as-of 2017-07-28
grep "实小周报" "$TMP/got.tsv" > "$TMP/got"
printf 'error\tE-DATE\t滨江县实验小学\t实小周报.xlsx\t周报\tB8\t报告日期“第40周”超出本次活动的周数（第 1 至第 30 周；也可填写报告日期）\n' > "$TMP/want"
same "round 6: a week past the campaign" "$TMP/got" "$TMP/want"
metric --as-of 2017-07-28 weekly.by_unit | grep 实验小学 > "$TMP/got"
printf '滨江县实验小学\t8\t3\t1\t5\n' > "$TMP/want"
same "round 6: 第1周, 2 and 第 三 周 are weeks 1 to 3" "$TMP/got" "$TMP/want"

# ---- round 7: lists without 填报日期 -------------------------------------------
$PY "$GEN" "$C" 7 || fail "make_cycle.py round 7"
check --as-of 2017-07-28
grep "实小[问（]" "$TMP/got.tsv" > "$TMP/got"
cat > "$TMP/want" <<'T'
info	I-SUPERSEDED	滨江县实验小学	实小问题清单（初稿）.xlsx	问题清单	A2	滨江县实验小学的问题清单已被填写了填报日期的“实小.xlsx”取代，本文件这些表的 1 行不重复计入
info	I-SUPERSEDED	滨江县实验小学	实小（更正）.xlsx	问题清单	A2	滨江县实验小学的问题清单已被填写了填报日期的“实小.xlsx”取代，本文件这些表的 2 行不重复计入
warning	W-NO-SUBMIT-DATE	滨江县实验小学	实小（更正）.xlsx	问题清单	A2	本文件没有填写填报日期，滨江县实验小学的问题清单以填写了填报日期的“实小.xlsx”为准；如本文件是更正，请填写填报日期后重新报送
T
same "round 7: an undated list saved after the dated one is flagged, the older draft is not" "$TMP/got" "$TMP/want"
grep -c "W-CATEGORY	滨江县实验小学	实小.xlsx" "$TMP/got.tsv" > "$TMP/got"
eq "round 7: 实小.xlsx still counts" "$(cat "$TMP/got")" 1

# ---- round 8: a register line with the deliverable's full title ----------------
metric --as-of 2017-07-28 deliverable.by_unit | grep "职业中学	工作方案" > "$TMP/before"
$PY "$GEN" "$C" 8 || fail "make_cycle.py round 8"
metric --as-of 2017-07-28 deliverable.by_unit | grep "职业中学	工作方案" > "$TMP/after"
cat "$TMP/before" "$TMP/after" > "$TMP/got"
cat > "$TMP/want" <<'T'
滨江县职业中学	工作方案	2017-06-15		未报
滨江县职业中学	工作方案	2017-06-15	2017-07-25	逾期
T
same "round 8: 职中's 工作方案, before and after the register line" "$TMP/got" "$TMP/want"

# ---- round 9: a slip in 填报日期 (2071 for 2017) -------------------------------
$PY "$GEN" "$C" 9 || fail "make_cycle.py round 9"
check --as-of 2017-07-28
grep "二中（更正2）" "$TMP/got.tsv" > "$TMP/got"
cat > "$TMP/want" <<'T'
warning	W-SUBMIT-DATE	滨江县第二中学	二中（更正2）.xlsx	问题清单	A3	填报日期 2071-07-27 晚于活动结束日期 2017-12-31 超过 31 天，应是笔误，按未填写处理
info	I-SUPERSEDED	滨江县第二中学	二中（更正2）.xlsx	问题清单	A2	滨江县第二中学的问题清单已被填写了填报日期的“二中报送.xlsx”取代，本文件这些表的 1 行不重复计入
warning	W-NO-SUBMIT-DATE	滨江县第二中学	二中（更正2）.xlsx	问题清单	A2	本文件没有填写填报日期，滨江县第二中学的问题清单以填写了填报日期的“二中报送.xlsx”为准；如本文件是更正，请填写填报日期后重新报送
T
same "round 9: a 填报日期 no period can have is a slip, read as undated" "$TMP/got" "$TMP/want"
done_
