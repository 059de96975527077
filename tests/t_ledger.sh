#!/bin/sh
# `taizhang run` outputs (汇总台账, 催报名单, 退回修改, manifest.json), safe re-runs
# (lock, interrupted run, byte-identical outputs), roll-up of ledgers, and
# `taizhang template` filled in by another program.  Workbooks are opened
# with openpyxl; the figures are those of tests/fixtures/sample/TRUTH.md.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIX=$ROOT/tests/fixtures/ledger
PY=/usr/bin/python3

# The sample campaign, writing into $TMP/out.
sed -e "s#^input *=.*#input = $ROOT/input#" -e "s#^output *=.*#output = $TMP/out#" \
    -e "s#^templates *=.*#templates = $ROOT/templates#" -e "s#^file = input/#file = $ROOT/input/#" \
    "$ROOT/config.ini" > "$TMP/config.ini"
OUT=$TMP/out/2011-11

"$TAIZHANG" run -c "$TMP/config.ini" > "$TMP/run1" 2> "$TMP/err1"
eq "run: exit status" "$?" 0
has "run: summary totals" "$TMP/run1" "数据行读取 193 = 计入 181 + 退回 4 + 被取代 8；错误 5 条，警告 6 条，提示 7 条。"
has "run: overdue" "$TMP/run1" "超期未完成的问题：12 个。"
has "run: corrections" "$TMP/run1" "退回修改/（10 个单位的退回修改清单）"
ls "$OUT" > "$TMP/ls"
printf '%s\n' manifest.json 催报名单_2011-11.xlsx 汇总台账_2011-11.xlsx 退回修改 阶段总结_2011-11.docx 阶段总结_2011-11.pdf > "$TMP/ls.want"
same "run: output files" "$TMP/ls" "$TMP/ls.want"
ls "$OUT/退回修改" | tr '\n' ' ' > "$TMP/corr"
eq "run: correction lists" "$(cat "$TMP/corr")" \
   "信息学院.xlsx 党委办公室.xlsx 后勤集团.xlsx 土木学院.xlsx 学生工作处.xlsx 宣传部.xlsx 教务处.xlsx 机电学院.xlsx 纪委办公室.xlsx 组织部.xlsx "

# The ledger as openpyxl sees it.
cat > "$TMP/ledger.py" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets", " ".join(wb.sheetnames))
s = wb["汇总"]
print("title", s["A1"].value)
print("block", s["A2"].value, s["G2"].value)
print("freeze", s.freeze_panes, "filter", s.auto_filter.ref)
print("print", s.page_setup.orientation, s.page_setup.paperSize, s.print_title_rows, s.oddFooter.center.text)
heads = [c.value for c in s[3]]
tot = [c.value for c in s[s.max_row]]
for h in ("问题总数", "已完成", "整改中", "未整改", "超期"):
    print("合计", h, tot[heads.index(h)])
print("合计 完成率 %.1f%%" % (100 * tot[heads.index("完成率")]), s.cell(4, heads.index("完成率") + 1).number_format)
p = wb["问题台账"]
heads = [c.value for c in p[3]]
rows = list(p.iter_rows(min_row=4, values_only=True))
print("问题台账", len(rows), "超期", sum(r[heads.index("是否超期")] == "是" for r in rows),
      "临期", sum(r[heads.index("是否临期")] == "是" for r in rows))
print("states", *sorted({r[heads.index("整改状态")] for r in rows}))
print("red", len(p.conditional_formatting))
# 序号 1…N as numbers; the unit's own number kept as 原序号.
print("序号", [r[0] for r in rows] == list(range(1, len(rows) + 1)), p["B4"].value, p["C4"].value, p["C4"].data_type)
print("超期问题", wb["超期问题"].max_row - 3, "临期问题", wb["临期问题"].max_row - 3,
      "数据校验", wb["数据校验"].max_row - 3)
print("问责处理", wb["问责处理"].max_row - 3, "本期变化", wb["本期变化"]["A4"].value)
print("charts", len(wb["图表"]._charts))
# Print setup: the printed columns (not 文件/工作表/行), paper, fit or pages
# across with the key columns repeated, the header row on every page.
for n in wb.sheetnames:
    w = wb[n]
    fit = "fit" if w.sheet_properties.pageSetUpPr and w.sheet_properties.pageSetUpPr.fitToPage else "scale %s" % w.page_setup.scale
    print("setup", n, w.print_area, w.page_setup.paperSize, w.page_setup.orientation, fit,
          w.print_title_rows, w.print_title_cols)
# Highlights on 报送情况 too.
print("报送情况", [(str(r.sqref), [x.formula for x in r.rules]) for r in wb["报送情况"].conditional_formatting])
PYEOF
$PY "$TMP/ledger.py" "$OUT/汇总台账_2011-11.xlsx" > "$TMP/ledger.txt" 2>&1
cat > "$TMP/ledger.want" <<'WANT'
sheets 汇总 问题台账 超期问题 临期问题 报送情况 周报情况 征求意见 民主测评 信访举报 问责处理 督查记录 本期变化 数据校验 图表
title 武汉职业技术学院治庸问责工作 各单位汇总（截至2011年11月20日）
block 填报单位：武汉职业技术学院 填报日期：2011年11月20日
freeze A4 filter A3:M18
print landscape 9 $3:$3 第 &P 页 共 &N 页
合计 问题总数 73
合计 已完成 30
合计 整改中 28
合计 未整改 15
合计 超期 12
合计 完成率 41.1% 0.0%
问题台账 73 超期 12 临期 6
states 已完成 整改中 未整改
red 1
序号 True 院办公室 1 n
超期问题 12 临期问题 6 数据校验 18
问责处理 4 本期变化 注：没有上期数据可比较，或与上期相比没有变化
charts 4
setup 汇总 ['$A$1:$M$19'] 9 landscape fit $3:$3 None
setup 问题台账 ['$A$1:$P$76'] 9 landscape fit $3:$3 None
setup 超期问题 ['$A$1:$G$15'] 9 landscape fit $3:$3 None
setup 临期问题 ['$A$1:$G$9'] 9 landscape fit $3:$3 None
setup 报送情况 ['$A$1:$E$63'] 9 portrait fit $3:$3 None
setup 周报情况 ['$A$1:$E$19'] 9 portrait fit $3:$3 None
setup 征求意见 ['$A$1:$G$25'] 9 landscape fit $3:$3 None
setup 民主测评 ['$A$1:$G$11'] 9 landscape fit $3:$3 None
setup 信访举报 ['$A$1:$J$8'] 9 landscape fit $3:$3 None
setup 问责处理 ['$A$1:$F$7'] 9 landscape fit $3:$3 None
setup 督查记录 ['$A$1:$G$7'] 9 landscape fit $3:$3 None
setup 本期变化 ['$A$1:$E$4'] 9 landscape fit $3:$3 None
setup 数据校验 ['$A$1:$G$21'] 9 landscape fit $3:$3 None
setup 图表 ['$A$1:$I$79'] 9 portrait fit None None
报送情况 [('A4:E63', [['$E4="未报"'], ['$E4="逾期"']])]
WANT
same "ledger: sheets and figures" "$TMP/ledger.txt" "$TMP/ledger.want"

# Reminder list: one row per unit TRUTH.md lists as late or missing, a
# deliverable a column (未报, or 逾期 with the day it came), the missing weeks
# in one cell, broken into lines between dates (a line break shown as /),
# never inside one; most missing first; still missing red, late amber.
$PY -c "
import sys, openpyxl
s = openpyxl.load_workbook(sys.argv[1])['催报名单']
for r in s.iter_rows(values_only=True): print(*('' if v is None else str(v).replace(chr(10), '/') for v in r), sep='|')
print([(str(r.sqref), [x.formula for x in r.rules]) for r in s.conditional_formatting])
print(s.print_area, s.page_setup.orientation, s.print_title_rows)" "$OUT/催报名单_2011-11.xlsx" > "$TMP/rem.txt" 2>&1
W='10月14日、10月21日、10月28日、/11月4日、11月11日、11月18日'
cat > "$TMP/rem.want" <<WANT
武汉职业技术学院治庸问责工作 催报名单（截至2011年11月20日）||||||
截至2011年11月20日，以下单位仍有材料未报送（红色）或逾期报送（黄色，括号内为收到日期），请尽快补报。||||||
序号|单位|工作方案|自查报告|问题清单|整改方案|缺报周报
1|图书馆||未报|未报|未报|$W
2|后勤集团|逾期（9月14日收到）|逾期（10月20日收到）|逾期（11月14日收到）|未报|$W
3|宣传部||||未报|$W
4|机电学院||逾期（10月18日收到）|逾期（11月12日收到）|逾期（11月17日收到）|$W
5|组织部||逾期（10月17日收到）|||$W
6|教务处||||逾期（11月16日收到）|$W
7|学生工作处|逾期（9月13日收到）||||$W
8|招生就业处|逾期（9月12日收到）||||$W
9|党委办公室|||||$W
10|纪委办公室|||||$W
11|商学院|||||10月28日、11月4日、11月11日、/11月18日
12|财务处||||未报|10月28日
||||||
武汉职业技术学院治庸问责领导小组　2011年11月20日||||||
[('C4:G15', [['AND(C4<>"",LEFT(C4,2)="逾期")'], ['AND(C4<>"",LEFT(C4,2)<>"逾期")']])]
['\$A\$1:\$G\$17'] landscape \$3:\$3
WANT
same "reminders: one row per unit, deliverables and weeks" "$TMP/rem.txt" "$TMP/rem.want"

# A correction list: the unit's issues with file, sheet, cell and message.
$PY -c "
import sys, openpyxl
s = openpyxl.load_workbook(sys.argv[1]).active
for r in s.iter_rows(values_only=True): print(*r, sep='|')" "$OUT/退回修改/教务处.xlsx" > "$TMP/jw.txt"
has "correction: header" "$TMP/jw.txt" "序号|级别|文件|工作表|单元格|问题描述|问题及修改要求"
has "correction: to whom" "$TMP/jw.txt" "致：教务处|"
has "correction: deadline" "$TMP/jw.txt" "请于2011年11月25日前按“问题及修改要求”改正原工作簿中下列单元格，改正后重新报送整个工作簿。|"
has "correction: contact" "$TMP/jw.txt" "联系人：治庸问责办公室 张老师 027-12345678|"
has "correction: required" "$TMP/jw.txt" "|错误|教务处.xlsx|Sheet1|B11|"

# manifest.json: every input and output with its SHA-256.
$PY - "$OUT" > "$TMP/man.txt" 2>&1 <<'PYEOF'
import sys, json, hashlib, os
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
print(len(m["inputs"]), len(m["outputs"]), m["totals"]["rows_read"], m["totals"]["rows_kept"],
      m["totals"]["rows_rejected"], m["totals"]["overdue"], m["totals"]["errors"])
ok = all(hashlib.sha256(open(os.path.join(d, o["path"]), "rb").read()).hexdigest() == o["sha256"] for o in m["outputs"])
i = [x for x in m["inputs"] if x["path"] == "教务处.xlsx"][0]
print(ok, i["unit"], ",".join(i["kinds"]), i["rows"])
roles = [x["role"] for x in m["inputs"]]
print(" ".join("%s:%d" % (r, roles.count(r)) for r in sorted(set(roles))))
PYEOF
printf '%s\n' "18 14 193 181 4 12 5" "True 教务处 问题清单,征求意见 {'read': 9, 'kept': 8, 'rejected': 1, 'superseded': 0}" \
    "office:1 submission:16 units:1" > "$TMP/man.want"
same "manifest" "$TMP/man.txt" "$TMP/man.want"

# Same inputs, same bytes.
cp "$OUT/manifest.json" "$TMP/manifest1"
"$TAIZHANG" run -c "$TMP/config.ini" > /dev/null 2>&1
eq "re-run: exit status" "$?" 0
same "re-run: identical outputs (manifest SHA-256s)" "$OUT/manifest.json" "$TMP/manifest1"

# A run killed just before its outputs are swapped in leaves the earlier ones.
(cd "$OUT" && find . -type f | sort | xargs sha256sum) > "$TMP/before"
strace -f -qq -o /dev/null -e trace=renameat2 -e inject=renameat2:signal=KILL \
    "$TAIZHANG" run -c "$TMP/config.ini" > /dev/null 2>&1
test "$?" -ne 0 && pass || fail "killed run: exit status"
(cd "$OUT" && find . -type f | sort | xargs sha256sum) > "$TMP/after"
same "killed run: earlier outputs untouched" "$TMP/after" "$TMP/before"
"$TAIZHANG" run -c "$TMP/config.ini" > /dev/null 2> "$TMP/err3"
eq "after a killed run: exit status" "$?" 0
has "after a killed run: stale lock taken over" "$TMP/err3" "没有正常结束，已接管它留下的锁"
same "after a killed run: same outputs" "$OUT/manifest.json" "$TMP/manifest1"

# A second run while one holds the lock is refused (exit 3).
$PY -c "
import fcntl, os, sys, time
f = open(sys.argv[1], 'w'); f.write('4242\n'); f.flush(); fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], 'w').close(); time.sleep(30)" "$TMP/out/.2011-11.lock" "$TMP/locked" &
holder=$!
n=0; while [ ! -f "$TMP/locked" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
"$TAIZHANG" run -c "$TMP/config.ini" > /dev/null 2> "$TMP/err4"
eq "locked: exit status" "$?" 3
has "locked: message" "$TMP/err4" "另一个 taizhang（进程 4242）正在写"
kill "$holder"; wait "$holder" 2>/dev/null
same "locked: outputs untouched" "$OUT/manifest.json" "$TMP/manifest1"

# taizhang template, filled by openpyxl as a unit would: check finds nothing.
"$TAIZHANG" template -c "$TMP/config.ini" -o "$TMP/模板.xlsx" > "$TMP/tpl.out" 2>&1
eq "template: exit status" "$?" 0
$PY -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(*wb.sheetnames, wb['选项'].sheet_state)
s = wb['问题清单']
print(s['A2'].value, s['A3'].value, s.freeze_panes, [c.value for c in s[4]][:3])
dv = {str(v.sqref): (v.type, v.formula1) for v in s.data_validations.dataValidation}
print(dv['B2'], dv['C5:C304'], dv['I5:I304'][0], dv['J5:J304'], dv['K5:K304'][0])" "$TMP/模板.xlsx" > "$TMP/tpl.txt" 2>&1
cat > "$TMP/tpl.want" <<'WANT'
填表说明 问题清单 征求意见 民主测评 信访举报 问责处理 周报 督查记录 选项 hidden
填报单位 填报日期 A5 ['序号', '*问题描述', '问题类别']
('list', '"院办公室,党委办公室,组织部,宣传部,纪委办公室,教务处,学生工作处,财务处,后勤集团,土木学院,机电学院,信息学院,商学院,图书馆,招生就业处"') ('list', '"庸,懒,散,软,其他"') date ('list', '"未整改,整改中,已完成"') date
WANT
same "template: sheets, unit and enum drop-downs, date validation" "$TMP/tpl.txt" "$TMP/tpl.want"
mkdir -p "$TMP/unit_in"
$PY "$FIX/fill_template.py" "$TMP/模板.xlsx" "$TMP/unit_in/报送.xlsx"
sed -e "s#^input *=.*#input = $TMP/unit_in#" -e "s#^output *=.*#output = $TMP/unit_out#" \
    -e "s#^organisation *=.*#organisation = 乙县教育局#" "$TMP/config.ini" > "$TMP/unit.ini"
"$TAIZHANG" check -c "$TMP/unit.ini" > "$TMP/chk" 2>&1
has "filled template: no issue" "$TMP/chk" "合计：1 个文件（0 个无法读取），1/15 个单位报送；数据行读取 5 = 计入 5 + 退回 0 + 被取代 0；错误 0 条，警告 0 条，提示 0 条。"
"$TAIZHANG" run -c "$TMP/unit.ini" > /dev/null 2>&1
eq "filled template: run" "$?" 0

# Roll-up: two ledgers in, a ledger of ledgers out, each row keeping its unit;
# the level above lists the two organisations the ledgers are from.
mkdir -p "$TMP/city_in"
cp "$OUT/汇总台账_2011-11.xlsx" "$TMP/city_in/甲县汇总台账.xlsx"
cp "$TMP/unit_out/2011-11/汇总台账_2011-11.xlsx" "$TMP/city_in/乙县汇总台账.xlsx"
sed -e "s#^input *=.*#input = $TMP/city_in#" -e "s#^output *=.*#output = $TMP/city_out#" \
    -e "s#^file = .*#unit1 = 武汉职业技术学院\nunit2 = 乙县教育局#" \
    -e "s#^organisation *=.*#organisation = 湖北省教育厅#" "$TMP/config.ini" > "$TMP/city.ini"
"$TAIZHANG" run -c "$TMP/city.ini" > "$TMP/city.txt" 2>&1
eq "roll-up: exit status" "$?" 0
has "roll-up: rows" "$TMP/city.txt" "数据行读取 120 = 计入 120 + 退回 0 + 被取代 0；错误 1 条，警告 4 条，提示 2 条。"
$PY -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
s = wb['汇总']; heads = [c.value for c in s[3]]; tot = [c.value for c in s[s.max_row]]
print(*(tot[heads.index(h)] for h in ('问题总数', '已完成', '整改中', '未整改', '超期')))
p = wb['问题台账']; heads = [c.value for c in p[3]]
rows = list(p.iter_rows(min_row=4, values_only=True))
print(len(rows), sum(r[heads.index('单位')] == '教务处' for r in rows))
d = p.cell(row=[i for i, r in enumerate(rows) if r[heads.index('问题描述')].startswith('=SUM')][0] + 4, column=heads.index('问题描述') + 1)
print(d.data_type, d.value)
print(wb['征求意见'].max_row - 3, wb['信访举报'].max_row - 3)" "$TMP/city_out/2011-11/汇总台账_2011-11.xlsx" > "$TMP/city.got" 2>&1
printf '%s\n' "76 31 29 16 12" "76 9" "s =SUM(A1) 开头是等号的描述" "23 5" > "$TMP/city.want"
same "roll-up: counts" "$TMP/city.got" "$TMP/city.want"

# The ledger says who it is from (填报单位/填报日期 in its second row): renamed to
# anything and fed to the level above, whose unit list names the organisation,
# it is that unit's submission.
mkdir -p "$TMP/any_in"
cp "$OUT/汇总台账_2011-11.xlsx" "$TMP/any_in/2011年11月材料.xlsx"
sed -e "s#^input *=.*#input = $TMP/any_in#" -e "s#^file = .*#unit1 = 武汉职业技术学院\nunit2 = 乙县教育局#" \
    -e "s#^organisation *=.*#organisation = 湖北省教育厅#" "$TMP/config.ini" > "$TMP/any.ini"
"$TAIZHANG" check -c "$TMP/any.ini" > "$TMP/any.txt" 2>&1
has "by content: unit" "$TMP/any.txt" "  2011年11月材料.xlsx  武汉职业技术学院  问题清单、征求意见、民主测评、信访举报、问责处理、督查记录  读取 116"
has "by content: submitted" "$TMP/any.txt" "合计：1 个文件（0 个无法读取），1/2 个单位报送；"

# The correction lists' wording is the office's, in its own ledger.ini:
# reworded lines, a new line, narrower columns renamed; a name it mistyped
# and a section it lost are errors that say where, before anything is written.
cp -R "$ROOT/templates" "$TMP/word_tpl"
$PY - "$TMP/word_tpl/ledger.ini" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("line4   = 联系人：{{联系人}}", "line4   = 联系人：{{联系人}}（{{发文单位}}）\nline6   = 逾期不改的，在{{活动}}通报中点名。")
s = s.replace("问题及修改要求:46", "修改意见:40")
s = s.replace("required = 各表的必填列：", "line8    = 8. 有疑问请在{{时限中文}}前联系本办。\nrequired = 必须填写的列：")
open(p, "w", encoding="utf-8").write(s)
PYEOF
sed -e "s#^templates *=.*#templates = $TMP/word_tpl#" -e "s#^output *=.*#output = $TMP/word_out#" \
    "$TMP/config.ini" > "$TMP/word.ini"
"$TAIZHANG" run -c "$TMP/word.ini" > /dev/null 2>&1
eq "wording: exit status" "$?" 0
$PY -c "
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['退回修改']
for r in range(1, 9):
    print(ws.cell(r, 1).value, '|', ws.cell(r, 7).value)
print(ws.column_dimensions['G'].width)" "$TMP/word_out/2011-11/退回修改/教务处.xlsx" > "$TMP/word.got" 2>&1
cat > "$TMP/word.want" <<'WANT'
治庸问责工作退回修改清单 | None
致：教务处 | None
发自：武汉职业技术学院治庸问责领导小组　　日期：2011年11月20日 | None
请于2011年11月25日前按“问题及修改要求”改正原工作簿中下列单元格，改正后重新报送整个工作簿。 | None
联系人：治庸问责办公室 张老师 027-12345678（武汉职业技术学院治庸问责领导小组） | None
共 1 条：错误 1 条（必须改正），警告 0 条（请核实，确有误的改正）。 | None
逾期不改的，在治庸问责工作通报中点名。 | None
序号 | 修改意见
40.7109375
WANT
same "wording: the office's lines and columns" "$TMP/word.got" "$TMP/word.want"
# … and the blank template's 填表说明, from the same file.
"$TAIZHANG" template -c "$TMP/word.ini" -o "$TMP/word_blank.xlsx" > /dev/null 2>&1
eq "wording: template exit status" "$?" 0
$PY -c "
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['填表说明']
for r in (1, 8, 9, 11, 12):
    print(ws.cell(r, 1).value)" "$TMP/word_blank.xlsx" > "$TMP/word.got" 2>&1
cat > "$TMP/word.want" <<'WANT'
治庸问责工作 填表说明
7. 修改后重新报送时，请更新第 3 行的日期：同一单位以日期最晚的工作簿为准。
8. 有疑问请在2011年12月20日前联系本办。
必须填写的列：
「问题清单」：问题描述
WANT
same "wording: the template's instructions" "$TMP/word.got" "$TMP/word.want"
sed -i 's/^line1   = 致：{{单位}}$/line1   = 致：{{单位名称}}/' "$TMP/word_tpl/ledger.ini"
"$TAIZHANG" run -c "$TMP/word.ini" > /dev/null 2> "$TMP/word.err"
eq "wording: a mistyped name stops the run" "$?" 2
has "wording: the mistyped name, its line" "$TMP/word.err" "ledger.ini:203：[correction_list] line1 中的“{{单位名称}}”不是可用的名称（可用的名称：{{单位}}、{{活动}}、{{发文单位}}、{{日期}}、{{截止日期}}、{{联系人}}、{{条数}}、{{错误}}、{{警告}}）"
has "wording: the line shown" "$TMP/word.err" ">>> 'line1   = 致：{{单位名称}}'"
sed -i '/^\[correction_list\]/,$d' "$TMP/word_tpl/ledger.ini"
"$TAIZHANG" run -c "$TMP/word.ini" > /dev/null 2> "$TMP/word.err"
eq "wording: a lost section stops the run" "$?" 2
has "wording: what is missing, where to find it" "$TMP/word.err" "ledger.ini：缺少 [correction_list]（退回修改清单的标题、文字和列；可从程序自带的 templates/ledger.ini 复制）"

# More rows than a worksheet holds go on to continuation sheets, nothing lost
# (Excel stops at 1,048,576 rows: a province's 问题台账 can pass it).  Shown
# with split = 30 on the sample's 73 problems (TRUTH.md); the split ledger, rolled up,
# gives the same rows as the whole one.
cp -R "$ROOT/templates" "$TMP/split_tpl"
sed -i 's/^metric  *= problems.list$/&\nsplit    = 30/' "$TMP/split_tpl/ledger.ini"
sed -e "s#^templates *=.*#templates = $TMP/split_tpl#" -e "s#^output *=.*#output = $TMP/split_out#" \
    "$TMP/config.ini" > "$TMP/split.ini"
"$TAIZHANG" run -c "$TMP/split.ini" > /dev/null 2>&1
eq "split: exit status" "$?" 0
$PY -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(*wb.sheetnames[:5])
for n in ('问题台账', '问题台账（2）', '问题台账（3）'):
    p = wb[n]
    print(n, p.max_row - 3, p['A1'].value, p['D3'].value, p.auto_filter.ref, len(p.conditional_formatting) > 0)
print('超期', sum(r[13] == '是' for n in ('问题台账', '问题台账（2）', '问题台账（3）')
                for r in wb[n].iter_rows(min_row=4, values_only=True)))" "$TMP/split_out/2011-11/汇总台账_2011-11.xlsx" \
    > "$TMP/split.got" 2>&1
cat > "$TMP/split.want" <<'WANT'
汇总 问题台账 问题台账（2） 问题台账（3） 超期问题
问题台账 30 武汉职业技术学院治庸问责工作 问题台账（截至2011年11月20日） 问题描述 A3:S33 True
问题台账（2） 30 武汉职业技术学院治庸问责工作 问题台账（续2）（截至2011年11月20日） 问题描述 A3:S33 True
问题台账（3） 13 武汉职业技术学院治庸问责工作 问题台账（续3）（截至2011年11月20日） 问题描述 A3:S16 True
超期 12
WANT
same "split: parts, titles, filters, highlights" "$TMP/split.got" "$TMP/split.want"
for kind in split whole; do
    mkdir -p "$TMP/up_$kind"
    if [ $kind = split ]; then cp "$TMP/split_out/2011-11/汇总台账_2011-11.xlsx" "$TMP/up_$kind/甲县.xlsx"
    else cp "$OUT/汇总台账_2011-11.xlsx" "$TMP/up_$kind/甲县.xlsx"; fi
    sed -e "s#^input *=.*#input = $TMP/up_$kind#" -e "s#^file = .*#unit1 = 武汉职业技术学院#" \
        -e "s#^organisation *=.*#organisation = 湖北省教育厅#" "$TMP/config.ini" > "$TMP/up_$kind.ini"
    "$TAIZHANG" check -c "$TMP/up_$kind.ini" 2>/dev/null | grep '^合计' > "$TMP/up_$kind.txt"
done
same "split: rolled up like the whole ledger" "$TMP/up_split.txt" "$TMP/up_whole.txt"
has "split: rolled-up rows" "$TMP/up_split.txt" "数据行读取 116 = 计入 116 + 退回 0 + 被取代 0"

# Without weekly reports the ledger says nothing of them: no 周报情况 sheet,
# and 汇总 without its weekly columns (ledger.ini weekly =; they read 0 of 0),
# totals and print area ending at 满意率.  A weekly column that the printed
# columns are reckoned from is refused at its section.
sed -e "/^\[weekly\]/,/^\[/s/^enabled.*/enabled = no/" -e "/^\[weekly\]/,/^\[/s/^first.*//" \
    -e "s#^output *=.*#output = $TMP/noweekly#" "$TMP/config.ini" > "$TMP/noweekly.ini"
"$TAIZHANG" run -c "$TMP/noweekly.ini" > /dev/null 2>&1
eq "no weekly: exit status" "$?" 0
$PY -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
s = wb['汇总']
print('周报情况' in wb.sheetnames, *[c.value for c in s[3]])
print(*[c.value for c in s[s.max_row]][:3], s.max_column, s.print_area)" "$TMP/noweekly/2011-11/汇总台账_2011-11.xlsx" > "$TMP/noweekly.txt" 2>&1
cat > "$TMP/noweekly.want" <<'WANT'
False 单位 报送 问题总数 已完成 整改中 未整改 超期 完成率 征求意见次数 参与人次 满意率
合计 None 73 11 ['$A$1:$K$19']
WANT
same "no weekly: 汇总 without 周报已报, 周报应报" "$TMP/noweekly.txt" "$TMP/noweekly.want"
cp -R "$ROOT/templates" "$TMP/wk_tpl"
sed -i 's/^weekly  = 周报已报, 周报应报$/weekly  = 单位, 周报应报/' "$TMP/wk_tpl/ledger.ini"
sed -e "s#^templates *=.*#templates = $TMP/wk_tpl#" "$TMP/noweekly.ini" > "$TMP/wk.ini"
"$TAIZHANG" run -c "$TMP/wk.ini" > /dev/null 2> "$TMP/wk.err"
eq "weekly column: a key column refused" "$?" 2
has "weekly column: where" "$TMP/wk.err" "[sheet1]：weekly 中的“单位”不能是 key 或 office 中的列，也不能用于 pivot 表"

# Golden: the sample ledger's 汇总 and 问题台账 as libxlsxwriter wrote them
# before rows were streamed (cells, totals, column widths, row heights, page
# setup), and its print areas and repeated rows (workbook.xml).
mkdir -p "$TMP/l" && (cd "$TMP/l" && unzip -q -o "$OUT/汇总台账_2011-11.xlsx")
for part in xl/workbook.xml xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml xl/worksheets/sheet5.xml \
            xl/worksheets/sheet14.xml; do
    same "golden ledger: $part" "$TMP/l/$part" "$ROOT/tests/golden/ledger/sample/$part"
done
# … the reminder list and a correction list the same way (cells, row
# heights of wrapped rows, highlights, print area, paper, fit).
mkdir -p "$TMP/r" "$TMP/c"
(cd "$TMP/r" && unzip -q -o "$OUT/催报名单_2011-11.xlsx") && (cd "$TMP/c" && unzip -q -o "$OUT/退回修改/教务处.xlsx")
for part in xl/workbook.xml xl/worksheets/sheet1.xml xl/sharedStrings.xml; do
    same "golden reminders: $part" "$TMP/r/$part" "$ROOT/tests/golden/ledger/reminders/$part"
    same "golden correction: $part" "$TMP/c/$part" "$ROOT/tests/golden/ledger/correction/$part"
done

# Golden: the XML parts of the template (depends on schemas.ini and the units only).
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q -o "$TMP/模板.xlsx")
for part in xl/workbook.xml xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml docProps/core.xml; do
    same "golden: $part" "$TMP/x/$part" "$ROOT/tests/golden/ledger/template/$part"
done

# The template of a 2017 campaign without weekly reports: no 周报 sheet, and
# the examples are the campaign's dates (as_of, and a deadline 30 days on),
# not the 2011 sample's; 填表说明 first, its title row tall enough to print.
sed -e "s/^as_of .*/as_of = 2017-06-20/" -e "s/^period .*//" -e "s/^start  *= 2011-08-19 .*/start = 2017-05-01/" \
    -e "s/^end  *= 2011-12-31 .*/end = 2017-12-31/" -e "/^\[weekly\]/,/^\[/s/^enabled.*/enabled = no/" \
    -e "/^\[weekly\]/,/^\[/s/^first.*//" -e "/^\[stage/,/^\[units/d" -e "/^file = /d" "$TMP/config.ini" \
    > "$TMP/y2017.ini"
# 15 names of 13–14 characters: 209 characters inline but 569 bytes, past
# libxlsxwriter's buffer for an inline list (it aborted): the list goes to 选项.
printf '[units]\n' >> "$TMP/y2017.ini"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
    printf 'unit%s = 滨江市特殊教育学校第%s分校\n' $i $i >> "$TMP/y2017.ini"
done
# libxlsxwriter leaks the 选项 lists' formulas (tests/fuzz/lsan.supp says where).
ASAN_OPTIONS=fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0 \
"$TAIZHANG" template -c "$TMP/y2017.ini" -o "$TMP/模板2017.xlsx" > "$TMP/tpl2017.out" 2>&1
eq "template 2017: exit status" "$?" 0
$PY -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(*wb.sheetnames)
h = wb['填表说明']
print(h['A2'].value)
print(h['A4'].value)
print(h.row_dimensions[1].height, h.row_dimensions[2].height, h.page_setup.orientation, h.sheet_properties.pageSetUpPr.fitToPage)
s = wb['问题清单']
print([v.prompt for v in s.data_validations.dataValidation if str(v.sqref) == 'B3'][0])
print([v.formula1 for v in s.data_validations.dataValidation if str(v.sqref) == 'B2'][0])" "$TMP/模板2017.xlsx" > "$TMP/tpl2017.txt" 2>&1
cat > "$TMP/tpl2017.want" <<'WANT'
填表说明 问题清单 征求意见 民主测评 信访举报 问责处理 督查记录 选项
1. 每张表第 2 行请从下拉列表中选择本单位名称，第 3 行填写本次报送的日期（如 2017-06-20）。
3. 带下拉箭头的列只能从列表中选择；日期请写成 2017-07-20 或 2017年7月20日。
30.0 35.0 portrait True
请填写报送日期，如 2017-06-20
'选项'!$A$2:$A$16
WANT
same "template 2017: no 周报, the campaign's dates, 填表说明 first" "$TMP/tpl2017.txt" "$TMP/tpl2017.want"

done_
