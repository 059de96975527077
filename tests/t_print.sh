#!/bin/sh
# The printed workbooks of a city campaign of 72 units (the sample has 15):
# tests/fixtures/print/make_campaign.py writes it.  Charts grow with the
# units (bar charts of at most 40 labels, a page each), 问题台账 fits one page
# width without the office's columns, 催报名单 has one row per unit (most
# missing first, no unit twice), correction lists list errors before warnings
# and never information, with rows as tall as their wrapped text.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
$PY "$ROOT/tests/fixtures/print/make_campaign.py" 72 "$TMP/city"
# One unit writes a problem of 600 characters and measures on lines of
# their own (Alt+Enter): rows as tall as all their lines, up to Excel's
# tallest row.
$PY - "$TMP/city/input/002_滨江市江汉区实验小学.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
s = wb["问题清单"]
s["B5"] = "年级组" + "值班脱岗、记录不全，" * 59
s["B6"] = "门卫值班人员值班脱岗"
s["G6"] = "1. 约谈\n2. 通报\n3. 建章立制\n4. 回头看"
wb.save(sys.argv[1])
PYEOF
"$TAIZHANG" run -c "$TMP/city/config.ini" > "$TMP/run.txt" 2>&1
eq "city: exit status" "$?" 0
OUT=$TMP/city/output/2017-07

$PY - "$OUT" > "$TMP/got" 2>&1 <<'PYEOF'
import os, re, sys, zipfile, openpyxl
out = sys.argv[1]
led = os.path.join(out, "汇总台账_2017-07.xlsx")
z = zipfile.ZipFile(led)
# Charts in order: their titles and how many labels each shows.
charts = sorted((n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)),
                key=lambda n: int(re.findall(r"\d+", n)[0]))
for n in charts:
    x = z.read(n).decode()
    title = "".join(re.findall(r"<a:t>([^<]*)</a:t>", x.split("</c:title>")[0]))
    cat = re.search(r"<c:cat>.*?<c:f>[^!]*!\$K\$(\d+):\$K\$(\d+)</c:f>", x, re.S)
    print("chart", title, int(cat.group(2)) - int(cat.group(1)) + 1)
s14 = z.read("xl/worksheets/sheet14.xml").decode()
print("breaks", len(re.findall(r"<brk ", s14)))
wb = openpyxl.load_workbook(led)
p = wb["问题台账"]
heads = [c.value for c in p[3]]
rows = list(p.iter_rows(min_row=4, values_only=True))
print("问题台账", p.print_area, p.sheet_properties.pageSetUpPr.fitToPage, heads[16:],
      [r[0] for r in rows] == list(range(1, len(rows) + 1)))
for i, r in enumerate(rows):
    if r[3].startswith(("年级组值班脱岗", "门卫值班人员值班脱岗")) and r[1] == "滨江市江汉区实验小学":
        print("row", len(r[3]), r[8].count("\n") + 1, p.row_dimensions[i + 4].height)
# Reminders: one row per unit, most missing first.
r = openpyxl.load_workbook(os.path.join(out, "催报名单_2017-07.xlsx"))["催报名单"]
heads = [c.value for c in r[3]]
units, missing = [], []
for row in r.iter_rows(min_row=4, values_only=True):
    if not isinstance(row[0], int):
        break
    units.append(row[1])
    weeks = row[heads.index("缺报周报")]
    missing.append(sum(v == "未报" for v in row[2:]) + (len(weeks.split("、")) if weeks else 0))
print("催报名单", heads, len(units) == len(set(units)), missing == sorted(missing, reverse=True), r.print_area)
# The missing weeks broken into lines between dates, never inside one; the
# row as tall as its lines.
cut = 0
for i in range(4, 4 + len(units)):
    weeks = r.cell(i, heads.index("缺报周报") + 1).value or ""
    cut += weeks != "" and not all(re.fullmatch(r"(\d+月\d+日、)*\d+月\d+日、?", line)
                                   for line in weeks.split("\n"))
    lines = weeks.count("\n") + 1
    cut += lines > 1 and (r.row_dimensions[i].height or 0) < 16 * lines
print("缺报周报", repr(r["F4"].value), r.row_dimensions[4].height, "cut", cut)
# Correction lists: errors first, never 提示, every row's height set.
bad = dups = 0
lists = sorted(os.listdir(os.path.join(out, "退回修改")))
for f in lists:
    s = openpyxl.load_workbook(os.path.join(out, "退回修改", f)).active
    head = [i for i in range(1, s.max_row + 1) if s.cell(i, 1).value == "序号"][0]
    levels = [s.cell(i, 2).value for i in range(head + 1, s.max_row + 1)]
    bad += levels != sorted(levels, key=lambda v: ["错误", "警告"].index(v))
    bad += any(s.row_dimensions[i].height is None for i in range(head + 1, s.max_row + 1))
    # A duplicate problem names the row's problem like any finding on a problem row.
    for i in range(head + 1, s.max_row + 1):
        if (s.cell(i, 7).value or "").startswith("与本单位"):
            dups += 1
            bad += not s.cell(i, 6).value
print("退回修改", len(lists), "bad", bad, "duplicates", dups)
PYEOF
cat > "$TMP/want" <<'WANT'
chart 问题类别分布 5
chart 各单位整改完成率（1/2） 36
chart 各单位整改完成率（2/2） 36
chart 整改状态占比 3
chart 未完成问题按整改时限分布 5
breaks 4
问题台账 ['$A$1:$P$368'] True ['文件', '工作表', '行'] True
row 593 1 409.0
row 10 4 67.0
WANT
head -9 "$TMP/got" > "$TMP/got7"
same "city: charts, page breaks, 问题台账" "$TMP/got7" "$TMP/want"
has "city: reminders one row per unit, most missing first" "$TMP/got" "催报名单 ['序号', '单位', '工作方案', '自查报告', '问题清单', '缺报周报'] True True ['\$A\$1:\$F\$"
has "city: missing weeks a line per 4 dates, row heights" "$TMP/got" "缺报周报 '6月2日、6月9日、6月16日、6月23日、\\n6月30日、7月7日' 35.0 cut 0"
has "city: correction lists" "$TMP/got" "退回修改 50 bad 0 duplicates 4"
done_
