#!/bin/sh
# The stage summary PDF of the sample campaign (docs/summary.md): its text states the
# 2011 figures and the sample's progress (tests/fixtures/sample/TRUTH.md),
# every font is embedded, the page is A4, body text stays in the GB/T 9704
# text area, no line starts with a closing punctuation mark, re-runs give the
# same bytes, and a template error names its line before anything is written.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

run_sample() {  # run_sample OUTDIR
    "$TAIZHANG" run -c config.ini --output "$1" > "$TMP/run.out" 2> "$TMP/run.err"
}
# body_text PDF: the summary's text joined into one line, page numbers left out.
body_text() { pdftotext "$1" - 2>/dev/null | grep -v '^— [0-9]* —$' | tr -d '\n\f'; }

if run_sample "$TMP/a"; then pass; else fail "taizhang run"; cat "$TMP/run.err"; fi
PDF="$TMP/a/2011-11/阶段总结_2011-11.pdf"
[ -f "$PDF" ] && pass || fail "no $PDF"
has "fangsong notice" "$TMP/run.err" "未配置仿宋字体（config.ini [fonts] fangsong），阶段总结正文使用宋体"

# The text, joined across line ends (a sentence may wrap anywhere).
pdftotext "$PDF" "$TMP/a.txt" 2>/dev/null
grep -v '— [0-9]* —$' "$TMP/a.txt" | tr -d '\n\f' > "$TMP/flat.txt"
for s in "武汉职业技术学院关于治庸问责工作开展情况的阶段总结" \
         "学院党委：" \
         "开展了18次、1200人次的问卷调查。通过电子邮箱、意见箱等渠道共收到92封来信。" \
         "座谈会与上门访谈共计24次、235人" \
         "目前工作已进入“整改落实”阶段，距本阶段结束还有20天" \
         "15个单位中，已有14个单位按要求报送了问题清单和整改台账，图书馆尚未报送" \
         "共查摆出问题73个" \
         "“庸”的问题22个，“懒”的问题23个，“散”的问题14个，“软”的问题13个，“其他”的问题1个。" \
         "73个问题中已完成整改30个，正在整改28个，尚未启动整改15个，整改完成率为41.1%" \
         "其中有1个问题超过整改时限后才完成整改" \
         "目前仍有12个问题超过整改时限未完成整改" \
         "另有6个问题将在7天内到期" \
         "机电学院“学院网站信息更新滞后”（2011年11月24日）" \
         "总体满意率为" \
         "后勤集团饮食服务中心（满意率73.3%）、机电学院教学办公室（满意率76.5%）的满意率低于80%" \
         "武汉职业技术学院治庸问责领导小组2011年11月20日"; do
    has "text" "$TMP/flat.txt" "$s"
done
# The title breaks where words stay whole (GB/T 9704 标题回行词意完整):
# after 关于, not inside 治庸问责.
eq "title lines" "$(sed -n '1,2p' "$TMP/a.txt")" "武汉职业技术学院关于
治庸问责工作开展情况的阶段总结"
# Table rows: per-unit progress (单位 问题总数 已完成 整改中 未整改 超期 完成率).
has "by_unit row" "$TMP/a.txt" "后勤集团"
pdftotext -layout "$PDF" "$TMP/layout.txt" 2>/dev/null
if grep -Eq '后勤集团 +7 +2 +4 +1 +3 +28\.6%' "$TMP/layout.txt"; then pass; else fail "后勤集团 row"; fi
if grep -Eq '问卷调查 +18 +1200 +282' "$TMP/layout.txt"; then pass; else fail "问卷调查 row"; fi
if grep -Eq '图书馆 +0 +0 +0 +0 +0 +—' "$TMP/layout.txt"; then pass; else fail "图书馆 row"; fi
# Page numbers: — 1 — …
if grep -q '— 1 —' "$TMP/a.txt" && grep -q '— 2 —' "$TMP/a.txt"; then pass; else fail "page numbers"; fi

# Fonts embedded, A4, document info from the config and as_of.
pdffonts "$PDF" 2>/dev/null | tail -n +3 > "$TMP/fonts"
eq "fonts listed" "$(wc -l < "$TMP/fonts" | tr -d ' ')" 3
eq "all embedded" "$(awk '$(NF-4) != "yes"' "$TMP/fonts" | wc -l | tr -d ' ')" 0
pdfinfo "$PDF" 2>/dev/null > "$TMP/info"
has "A4" "$TMP/info" "595.276 x 841.89 pts (A4)"
has "title" "$TMP/info" "治庸问责工作阶段总结"
has "author" "$TMP/info" "武汉职业技术学院治庸问责领导小组"
has "date" "$TMP/info" "Sun Nov 20 00:00:00 2011 UTC"

# Word boxes: every word inside the text area (x 28–184 mm, y 37–262 mm
# from the top; 0.5 pt slack), except the page numbers 7 mm below it.
pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null
awk -v mm=2.834645669 '
    /<word / {
        match($0, /xMin="[^"]*"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /yMin="[^"]*"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /xMax="[^"]*"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /yMax="[^"]*"/); y1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
        n++
        if (y0 > 262 * mm + 0.5) { if (w !~ /^(—|[0-9]+)$/) bad++; folio++; next }
        if (x0 < 28 * mm - 0.5 || x1 > 184 * mm + 0.5 || y0 < 37 * mm - 0.5 || y1 > 262 * mm + 0.5) {
            bad++; print "outside: " w, x0, y0, x1, y1
        }
    }
    END { print n " words, " folio " in page numbers, " bad + 0 " outside" }' "$TMP/bbox.html" > "$TMP/boxes"
has "inside margins" "$TMP/boxes" " 0 outside"
if grep -Eq '^[0-9]{3,} words' "$TMP/boxes"; then pass; else fail "few words"; cat "$TMP/boxes"; fi

# 避头尾: no text line starts with a closing mark or ends with an opening one.
if grep -nE '^(，|。|、|；|：|？|！|）|」|》|”)' "$TMP/a.txt"; then fail "line starts with punctuation"; else pass; fi
if grep -nE '(（|「|《|“)$' "$TMP/a.txt"; then fail "line ends with opening mark"; else pass; fi

# Body lines hold 28 characters: on page 1 (only body text), the lines
# without Latin letters or digits are 28 characters long at most, and the
# lines inside a paragraph exactly that (公室…负责人, 为第一…的原, 问题清单…已督促).
sed -n '1,/— 1 —/p' "$TMP/a.txt" | grep -vE '[ -~]' > "$TMP/page1.txt"
eq "lines over 28" "$(grep -cE '^.{29,}$' "$TMP/page1.txt")" 0
eq "full lines of 28" "$(grep -cE '^.{28}$' "$TMP/page1.txt")" 3

# Same inputs, same bytes.
run_sample "$TMP/b"
if cmp -s "$PDF" "$TMP/b/2011-11/阶段总结_2011-11.pdf"; then pass; else fail "two runs differ"; fi

# A template error stops the run before any output, naming file and line.
mkdir -p "$TMP/camp/templates"
sed 's/^output *=.*/output = out/' config.ini > "$TMP/camp/config.ini"
ln -s "$(pwd)/input" "$TMP/camp/input"
cp tests/fixtures/pdf/unknown.md "$TMP/camp/templates/stage_summary.md"
"$TAIZHANG" run -c "$TMP/camp/config.ini" > /dev/null 2> "$TMP/err"
eq "exit status" $? 2
has "error line" "$TMP/err" "stage_summary.md:5：未知的名称“problems.totl”"
[ -e "$TMP/camp/out/2011-11" ] && fail "output written despite the error" || pass
# A title without a whole-word break that fits is balanced anywhere (14 + 13).
mkdir -p "$TMP/title/templates"
sed 's/^output *=.*/output = out/' config.ini > "$TMP/title/config.ini"
ln -s "$(pwd)/input" "$TMP/title/input"
printf '# 武汉职业技术学院治庸问责工作开展情况阶段总结报告材料汇编\n\n正文。\n' > "$TMP/title/templates/stage_summary.md"
"$TAIZHANG" run -c "$TMP/title/config.ini" > /dev/null 2>&1
eq "balanced title" "$(pdftotext "$TMP/title/out/2011-11/阶段总结_2011-11.pdf" - 2>/dev/null | sed -n '1,2p')" \
   "武汉职业技术学院治庸问责工作
开展情况阶段总结报告材料汇编"
# The bureau's special clean-up template on the same campaign: complaints,
# actions and inspections from 纪委办公室's workbook (TRUTH.md).
mkdir -p "$TMP/sp"
sed 's/^template *=.*/template = special_cleanup_summary.md/; s/^output *=.*/output = out/' config.ini > "$TMP/sp/config.ini"
ln -s "$(pwd)/input" "$TMP/sp/input"
if "$TAIZHANG" run -c "$TMP/sp/config.ini" > /dev/null 2>&1; then pass; else fail "special clean-up run"; fi
pdftotext "$TMP/sp/out/2011-11/阶段总结_2011-11.pdf" - 2>/dev/null | tr -d '\n\f' > "$TMP/sp.txt"
for s in "共接到群众信访举报5件、8人次，其中省转办1件、市转办1件、自办2件、领导转办1件。" \
         "按反映方式分，来信1件、来电1件、来访1件、网络1件、电子邮件1件。" \
         "已办结4件，经调查核实3件，督促相关单位共计退费4800元。" \
         "共问责4人，其中约谈1人，诫勉谈话1人，通报批评1人，警告处分1人。" \
         "开展督查4次，明查1次、暗访1次、专项检查1次、集中检查1次；共抽查107人，发现问题10个，通报3次，推动了专项清理工作落实。" \
         "全系统累计缺报65期"; do
    has "special text" "$TMP/sp.txt" "$s"
done

# A campaign too big to list in full (tests/fixtures/pdf/many.py: 50 units,
# 48 overdue and 24 due-soon problems, 26 units not submitted, 24 rated
# objects below the threshold): the summary names the worst cases and says
# how many more the ledger lists, and stays a few pages.
python3 tests/fixtures/pdf/many.py "$TMP/many" "$(pwd)/templates"
if "$TAIZHANG" run -c "$TMP/many/config.ini" > /dev/null 2>&1; then pass; else fail "many: run"; fi
MANY="$TMP/many/output/2024-06/阶段总结_2024-06.pdf"
eq "many: pages" "$(pdfinfo "$MANY" 2>/dev/null | sed -n 's/^Pages: *//p')" 8
# The campaign's name is a word of the title: the lines break after it
# (15 + 9) rather than only after 关于 (7 + 17).
eq "many: title lines" "$(pdftotext "$MANY" - 2>/dev/null | sed -n '1,2p')" "某市教育局关于作风建设专项整治
开展情况的阶段总结"
body_text "$MANY" > "$TMP/many.txt"
pdftotext -layout "$MANY" "$TMP/many-layout.txt" 2>/dev/null
names=""
for k in $(seq 25 44); do names="$names、第${k}中学"; done
names=${names#、}
soon=""
for k in 8 16 24 1 9 17 2 10 18 3; do
    soon="$soon；第${k}中学“第${k}中学临期问题”（2024年$(( k % 8 < 1 ? 6 : 7 ))月$(( k % 8 < 1 ? 30 : k % 8 ))日）"
done
for s in "50个单位中，已有24个单位按要求报送了问题清单和整改台账，${names}等26个单位尚未报送，领导小组办公室已督促其尽快报送。" \
         "超期问题最多的20个单位整改情况如下，其余30个单位的情况详见汇总台账“汇总”表：" \
         "目前仍有48个问题超过整改时限未完成整改，领导小组办公室已逐一督办，要求责任单位说明原因、限期完成。其中超期时间最长的20个问题如下：" \
         "另有28个超期问题未在此列出，详见汇总台账“超期问题”表。" \
         "另有24个问题将在7天内到期，请责任单位抓紧推进，确保按期完成。其中最先到期的10个是：${soon#；}。其余14个临期问题详见汇总台账“临期问题”表。" \
         "第19中学领导班子（满意率69%）、第20中学领导班子（满意率70%）等24个测评对象的满意率低于80%，需开展“回头看”" \
         "满意率最低的20个测评对象的测评情况如下，其余4个测评对象的情况详见汇总台账“民主测评”表："; do
    has "many: text" "$TMP/many.txt" "$s"
done
# The unit table: 20 rows, every unit has 2 overdue problems, so the lowest
# completion first (第5中学 1 of 4) … 第4中学 (5 of 8); 第9中学 (5 of 8, later
# in the list of units) is left for the ledger.
unit_row='^ *第[0-9]+中学 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+%'
eq "many: unit rows" "$(grep -cE "$unit_row" "$TMP/many-layout.txt")" 20
eq "many: first and last unit rows" "$(grep -E "$unit_row" "$TMP/many-layout.txt" | sed -n '1p;$p' | tr -s ' ')" \
   "第5中学 4 1 2 1 2 25%
第4中学 8 5 2 1 2 62.5%"
eq "many: 第9中学 not in the unit table" "$(grep -cE '^ *第9中学 +8 ' "$TMP/many-layout.txt")" 0
# The overdue table: the 20 problems overdue longest (乙, 54 … 35 days).
eq "many: overdue rows" "$(grep -o '超期问题乙' "$TMP/many.txt" | wc -l | tr -d ' ')" 20
eq "many: no shorter overdue listed" "$(grep -c '超期问题甲' "$TMP/many.txt")" 0
eq "many: overdue last row" "$(grep -E '第5中学超期问题乙' "$TMP/many-layout.txt" | tr -s ' ' | sed 's/^ //')" \
   "第5中学 第5中学超期问题乙 2024年5月26日 35"
# The rating table: the 20 lowest (51.0% … 70.0%).
eq "many: rating rows" "$(grep -cE '领导班子 +100 ' "$TMP/many-layout.txt")" 20
eq "many: 第21中学 not rated in the summary" "$(grep -c '第21中学领导班子' "$TMP/many.txt")" 0
# What the summary leaves out is in the ledger's sheets (full metrics).
M="$TAIZHANG metrics -c $TMP/many/config.ini --format tsv"
eq "many: ledger overdue list" "$($M problems.overdue_list 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')" 48
eq "many: ledger due-soon list" "$($M problems.due_soon_list 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')" 24
# The special clean-up template cuts its unit table the same way.
sed 's/^period .*/&\ntemplate = special_cleanup_summary.md/' "$TMP/many/config.ini" > "$TMP/many/special.ini"
if "$TAIZHANG" run -c "$TMP/many/special.ini" --output "$TMP/many/sp" > /dev/null 2>&1; then pass; else fail "many: special run"; fi
pdftotext "$TMP/many/sp/2024-06/阶段总结_2024-06.pdf" - 2>/dev/null | tr -d '\n\f' > "$TMP/many-sp.txt"
has "many: special text" "$TMP/many-sp.txt" "仍有48个问题超过整改时限，已列入督办。另有24个问题将在7天内到期。超期问题最多的20个单位整改情况如下，其余30个单位的情况详见汇总台账“汇总”表："
eq "many: special pages" "$(pdfinfo "$TMP/many/sp/2024-06/阶段总结_2024-06.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" 3
# ---- layout rules, on every summary above and the city's below ---------------
# layout_check PDF NAME: no heading, and no paragraph leading in a table or
# chart (…情况如下：), is the last line of a page; no number is
# split from its unit or a date across lines; a justified line of Chinese
# text is stretched or squeezed by at most one character (16 pt body, 28
# characters of 15.79 pt in 156 mm), and no line inside a paragraph is left
# short instead (a body line more than a character short of the margin with
# the paragraph going on in the next line at the left margin), measured with
# pdftotext -bbox-layout.  LOOSE (default 0): the short lines no setting
# avoids — a list of dated items, each date a run of 8–10 characters, where
# every line is already full to within a character.
layout_check() {
    pdftotext "$1" - 2>/dev/null > "$TMP/lc.txt"
    pdftotext -bbox-layout "$1" "$TMP/lc.html" 2>/dev/null
    /usr/bin/python3 - "$TMP/lc.txt" "$TMP/lc.html" > "$TMP/lc.out" <<'PYEOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
bad = []
for k, page in enumerate(text.split("\f")[:-1], 1):
    lines = [l for l in page.split("\n") if l.strip() and not re.fullmatch(r"— \d+ —", l.strip())]
    if lines and re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", lines[-1]):
        bad.append("page %d ends with heading %s" % (k, lines[-1]))
    if lines and lines[-1].endswith("："):
        bad.append("page %d ends with a lead-in %s" % (k, lines[-1]))
    # Body lines only (table cells and chart labels are short lines).
    for a, b in zip(lines, lines[1:]):
        if len(a) < 10:
            continue
        if re.search(r"\d$", a) and re.match(r"^[个次人件元日月年%期项名条封天]", b):
            bad.append("number split: %s / %s" % (a, b))
        if re.search(r"\d[年月]$", a) and re.match(r"^\d", b):
            bad.append("date split: %s / %s" % (a, b))
worst = 0.0
loose = []
for page in open(sys.argv[2], encoding="utf-8").read().split("<page ")[1:]:
    body = [(float(a), float(b), float(c), float(d), "".join(re.findall(r">([^<]*)</word>", w)))
            for a, b, c, d, w in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S)
            if abs(float(d) - float(b) - 16) <= 0.5]
    body.sort(key=lambda l: l[1])
    for l, n in zip(body, body[1:]):
        if l[2] < 521.57 - 16 and abs(n[1] - l[1] - 29) < 1 and abs(n[0] - 79.37) < 0.5 and abs(l[0] - 79.37) < 0.5:
            loose.append("loose line: %s / %s" % (l[4], n[4]))
for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                     open(sys.argv[2], encoding="utf-8").read(), re.S):
    x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
    words = re.findall(r">([^<]*)</word>", m.group(5))
    t = "".join(words)
    if abs((y1 - y0) - 16) > 0.5 or not t or re.search(r"[ -~]", t) or len(words) != 1:
        continue
    # Full-width lines only: a paragraph's last line is set unjustified.
    if x1 < 521.57 - 16:
        continue
    worst = max(worst, abs((x1 - x0) - len(t) * 15.794))
print(len(bad), "bad", len(loose), "loose", "worst stretch %.1f pt" % worst, "ok" if worst <= 16.01 else "TOO LOOSE")
for b in (bad + loose)[:10]: print(b)
PYEOF
    if grep -q "^0 bad ${3:-0} loose .* ok\$" "$TMP/lc.out"; then pass; else fail "$2: layout"; cat "$TMP/lc.out"; fi
}
# （2011年11月22日）；机电学院“学院网站信息更新滞后” / （2011年11月24日）；…
layout_check "$PDF" "sample" 1
# Three lines of the ten 第N中学“第N中学临期问题”（2024年7月N日） listed.
layout_check "$MANY" "many" 3
layout_check "$TMP/sp/out/2011-11/阶段总结_2011-11.pdf" "special"

# The sample's summary is a few hundred KB with the prepared fonts.
size=$(wc -c < "$PDF")
if [ "$size" -lt 500000 ]; then pass; else fail "sample PDF $size bytes, not under 500 KB"; fi
pdffonts "$PDF" 2>/dev/null | grep -c 'CJK' > "$TMP/noto"
eq "Noto CJK embedded" "$(cat "$TMP/noto")" 2

# A 2017-style city bureau's special clean-up (tests/fixtures/city/make.py),
# with no template line: the clean-up report, worded from its config, with
# its figures as the 2017 report states them, and no school wording.
/usr/bin/python3 tests/fixtures/city/make.py "$TMP/city" "$(pwd)/templates"
if "$TAIZHANG" run -c "$TMP/city/config.ini" > /dev/null 2> "$TMP/city.err"; then pass; else fail "city run"; cat "$TMP/city.err"; fi
CITY="$TMP/city/output/2017-07/阶段总结_2017-07.pdf"
body_text "$CITY" > "$TMP/city.txt"
for s in "某市住房和城乡建设局关于“不作为、乱作为、慢作为”专项清理工作开展情况的报告市纪委：" \
         "按照上级关于开展“不作为、乱作为、慢作为”专项清理工作的部署要求，某市住房和城乡建设局自2017年6月1日起在全系统开展" \
         "目前已进入“自查自纠”阶段。现将截至2017年7月21日的工作情况报告如下。一、问题清理情况" \
         "共清理出问题12个。按问题类别分，“不作为”5个，“乱作为”4个，“慢作为”3个。截至目前，已整改到位6个，正在整改4个，尚未整改2个，整改完成率50%。仍有2个问题超过整改时限，已列入督办。" \
         "二、信访举报办理情况专项清理开展以来，共接到群众信访举报6件、9人次，其中省转办1件、市转办1件、自办3件、领导转办1件。" \
         "已办结5件，经调查核实4件，督促相关单位共计退费178716元。三、问责处理情况" \
         "共问责3人，其中约谈1人，诫勉谈话1人，通报批评1人。四、督查检查情况" \
         "开展督查4次，明查2次、暗访2次；共抽查120人，发现问题9个，通报2次，推动了专项清理工作落实。五、下一步工作"; do
    has "city text" "$TMP/city.txt" "$s"
done
for s in 学院 全院 党委 "庸、懒" 其他 报送和周报; do
    if grep -qF -- "$s" "$TMP/city.txt"; then fail "city: '$s' in the summary"; else pass; fi
done
# No sentence states a zero (开展了0次、收到0封 …).
if grep -qE '(^|[^0-9.])0(个|次|件|人|封|条|元)' "$TMP/city.txt"; then fail "city: a zero stated"; else pass; fi
# A unit on the list that sent nothing is named in the clean-up summary too.
sed -i 's/^unit4 = 局办公室$/unit4 = 局办公室\nunit5 = 城建档案馆/' "$TMP/city/config.ini"
"$TAIZHANG" run -c "$TMP/city/config.ini" > /dev/null 2>&1
body_text "$CITY" > "$TMP/city2.txt"
has "city: the unit that sent nothing" "$TMP/city2.txt" \
    "五、报送情况5个单位中，4个单位报送了专项清理工作材料，城建档案馆尚未报送，已督促其尽快报送。六、下一步工作"
layout_check "$CITY" "city"
# The title breaks around the quotation, not inside 乱作为 (词意完整), in three lines.
eq "city: title lines" "$(pdftotext "$CITY" - 2>/dev/null | sed -n '1,3p')" "某市住房和城乡建设局关于
“不作为、乱作为、慢作为”
专项清理工作开展情况的报告"
# The signature never stands alone on a page: the last two lines of the
# text go over with it.
pdftotext "$CITY" - 2>/dev/null | awk 'BEGIN { RS = "\f" } /2017年7月21日/ { print }' > "$TMP/city.last"
has "city: text on the signature page" "$TMP/city.last" "定期报告制度，及时掌握工作进展，确保专项清理取得实效。"
# Sealed signature (7.3.5.1): the date right-indented four characters (its
# right edge 4 × 15.79 pt inside the margin at 521.6 pt); the office, too
# long to centre over the date on one line, on lines centred over it that
# keep its words whole: the organisation, the campaign's name, the rest.
pdftotext -bbox-layout -f 2 -l 3 "$CITY" - 2>/dev/null > "$TMP/city.html"
/usr/bin/python3 - "$TMP/city.html" > "$TMP/city.sig" <<'PYEOF'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
lines = [(float(a), float(c), "".join(re.findall(r">([^<]*)</word>", w)))
         for a, c, w in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', h, re.S)]
i = [k for k, l in enumerate(lines) if l[2] == "2017年7月21日"][-1]
date = lines[i]
print("date right %.0f" % date[1])
centre = (date[0] + date[1]) / 2
for x0, x1, t in lines[i - 3:i]:
    print(t, "centred" if abs((x0 + x1) / 2 - centre) < 1.5 else "off %.1f" % ((x0 + x1) / 2 - centre))
PYEOF
printf '%s\n' "date right 458" "某市住房和城乡建设局 centred" "“不作为、乱作为、慢作为” centred" "专项清理工作领导小组办公室 centred" > "$TMP/city.sig.want"
same "city: sealed signature" "$TMP/city.sig" "$TMP/city.sig.want"
# seal = no (7.3.5.2): the office right-indented two characters (right edge
# 521.6 − 31.6), the date under it starting two characters right of the
# office's first character; the office on two lines broken at 、.
/usr/bin/python3 tests/fixtures/city/make.py "$TMP/city2" "$(pwd)/templates" no
"$TAIZHANG" run -c "$TMP/city2/config.ini" > /dev/null 2>&1 && pass || fail "city seal = no run"
pdftotext -bbox-layout "$TMP/city2/output/2017-07/阶段总结_2017-07.pdf" - 2>/dev/null > "$TMP/city2.html"
/usr/bin/python3 - "$TMP/city2.html" > "$TMP/city2.sig" <<'PYEOF'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
lines = [(float(a), float(c), "".join(re.findall(r">([^<]*)</word>", w)))
         for a, c, w in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', h, re.S)]
i = [k for k, l in enumerate(lines) if l[2] == "2017年7月21日"][-1]
k = i - 1
while k > 0 and abs(lines[k - 1][1] - lines[i - 1][1]) < 1:
    k -= 1
print(" / ".join(l[2] for l in lines[k:i]), "right %.0f" % lines[i - 1][1], "date offset %.0f" % (lines[i][0] - lines[k][0]))
PYEOF
eq "city: unsealed signature" "$(cat "$TMP/city2.sig")" \
    "某市住房和城乡建设局“不作为、乱作为、 / 慢作为”专项清理工作领导小组办公室 right 490 date offset 32"
# A small school (tests/fixtures/school/make.py): only problems and one
# activity, the report dated the last day of its stage, no recipient,
# seal = no and a 40-character office.  No zero is stated (no “还有0天”, no
# “其他” 0 in the chart), the sections without data are left out, and the
# paragraph on the categories — “庸”的问题1个，“懒”… — is set without a
# loose line (a quotation mark among Chinese text may start or end a line).
/usr/bin/python3 tests/fixtures/school/make.py "$TMP/school" "$(pwd)/templates"
if "$TAIZHANG" run -c "$TMP/school/config.ini" > /dev/null 2> "$TMP/school.err"; then pass; else fail "school run"; cat "$TMP/school.err"; fi
SCHOOL="$TMP/school/output/2019-04/阶段总结_2019-04.pdf"
body_text "$SCHOOL" > "$TMP/school.txt"
for s in "青石镇中心小学关于作风纪律整顿活动开展情况的阶段总结按照上级关于开展作风纪律整顿活动的统一部署" \
         "目前工作已进入“查摆整改”阶段。现将截至2019年4月30日的工作情况总结如下。一、健全工作机制" \
         "6个单位中，已有3个单位按要求报送了问题清单和整改台账，校长办公室、一年级组、二年级组尚未报送" \
         "二、广泛征求意见，接受群众监督召开座谈会与上门访谈共计2次、30人。征求意见活动合计2次、30人次，收到意见建议6条。" \
         "共查摆出问题4个。按问题类别分，“庸”的问题1个，“懒”的问题1个，“散”的问题1个，“软”的问题1个。问题数1111庸懒散软图1" \
         "4个问题中已完成整改2个，正在整改1个，尚未启动整改1个，整改完成率为50%。" \
         "四、下一步工作"; do
    has "school text" "$TMP/school.txt" "$s"
done
for s in 其他 民主测评 还有 开展了 来信 主送; do
    if grep -qF -- "$s" "$TMP/school.txt"; then fail "school: '$s' in the summary"; else pass; fi
done
if grep -qE '(^|[^0-9.])0(个|次|件|人|封|条|元|天)' "$TMP/school.txt"; then fail "school: a zero stated"; else pass; fi
layout_check "$SCHOOL" "school"
# 7.3.5.2 with an office too long for one line: broken before its
# parenthesis (22 + 16 characters), each line right-indented two characters
# (right edge 490), the date starting two characters right of the first.
pdftotext -bbox-layout "$SCHOOL" - 2>/dev/null > "$TMP/school.html"
/usr/bin/python3 - "$TMP/school.html" > "$TMP/school.sig" <<'PYEOF'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
lines = [(float(a), float(c), "".join(re.findall(r">([^<]*)</word>", w)))
         for a, c, w in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', h, re.S)]
i = [k for k, l in enumerate(lines) if l[2] == "2019年4月30日"][-1]
for x0, x1, t in lines[i - 2:i]:
    print(t, "right %.0f" % x1)
print("date offset %.0f" % (lines[i][0] - lines[i - 2][0]))
PYEOF
printf '%s\n' "青石镇中心小学作风纪律整顿活动领导小组办公室 right 490" "（校长办公室、党支部办公室合署） right 490" \
    "date offset 32" > "$TMP/school.sig.want"
same "school: unsealed signature" "$TMP/school.sig" "$TMP/school.sig.want"

# A district whose categories are not 庸懒散软 (tests/fixtures/district/make.py):
# no template line and no clean-up data, so the stage summary, worded with
# its categories and 其他 when it has some; the paragraphs leading in the
# overdue table and the pie chart stay with them.
/usr/bin/python3 tests/fixtures/district/make.py "$TMP/district" "$(pwd)/templates"
if "$TAIZHANG" run -c "$TMP/district/config.ini" > /dev/null 2> "$TMP/district.err"; then pass; else fail "district run"; cat "$TMP/district.err"; fi
DISTRICT="$TMP/district/output/2020-06/阶段总结_2020-06.pdf"
body_text "$DISTRICT" > "$TMP/district.txt"
# Its title breaks after the campaign's name, not inside 官僚主义.
eq "district: title lines" "$(pdftotext "$DISTRICT" - 2>/dev/null | sed -n '1,2p')" "云溪区委关于整治形式主义官僚主义专项行动
开展情况的阶段总结"
for s in "开展情况的阶段总结市委专项行动办公室：" \
         "目前工作已进入“查摆问题”阶段。现将截至2020年6月30日的工作情况总结如下。" \
         "各单位对照“形式主义、官僚主义、不担当不作为”等方面的具体表现逐条梳理，共查摆出问题25个。按问题类别分，“形式主义”的问题7个，“官僚主义”的问题6个，“不担当不作为”的问题7个，“其他”的问题5个。" \
         "25个问题中已完成整改8个，正在整改9个，尚未启动整改8个，整改完成率为32%。" \
         "目前仍有17个问题超过整改时限未完成整改" \
         "总体满意率为92%。其中区发改委办公室（满意率80%）的满意率低于85%"; do
    has "district text" "$TMP/district.txt" "$s"
done
for s in 学院 全院 "庸、懒" 还有; do
    if grep -qF -- "$s" "$TMP/district.txt"; then fail "district: '$s' in the summary"; else pass; fi
done
layout_check "$DISTRICT" "district"

# The Word version of the city's summary states the same figures.
/usr/bin/python3 -c "
import docx, sys
d = docx.Document(sys.argv[1])
print(''.join(p.text for p in d.paragraphs))" "$TMP/city/output/2017-07/阶段总结_2017-07.docx" > "$TMP/city.docx.txt"
has "city docx" "$TMP/city.docx.txt" "督促相关单位共计退费178716元。"
has "city docx recipient" "$TMP/city.docx.txt" "市纪委："
# … and breaks the signature where the PDF does (tz_doc_office_lines).
eq "city docx signature" "$(/usr/bin/python3 -c "
import docx, sys
d = docx.Document(sys.argv[1])
print(' / '.join(p.text for p in d.paragraphs if p.style.style_id == 'Signature' and p.text))" \
    "$TMP/city/output/2017-07/阶段总结_2017-07.docx")" \
    "某市住房和城乡建设局 / “不作为、乱作为、慢作为” / 专项清理工作领导小组办公室 / 2017年7月21日"
done_
