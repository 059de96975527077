#!/bin/sh
# The stage summary PDF of the sample campaign (SPEC §8): its text states the
# 2011 figures and the sample's progress (tests/fixtures/sample/TRUTH.md),
# every font is embedded, the page is A4, body text stays in the GB/T 9704
# text area, no line starts with a closing punctuation mark, re-runs give the
# same bytes, and a template error names its line before anything is written.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

run_sample() {  # run_sample OUTDIR
    "$TAIZHANG" run -c config.ini --output "$1" > "$TMP/run.out" 2> "$TMP/run.err"
}

if run_sample "$TMP/a"; then pass; else fail "taizhang run"; cat "$TMP/run.err"; fi
PDF="$TMP/a/2011-11/阶段总结_2011-11.pdf"
[ -f "$PDF" ] && pass || fail "no $PDF"
has "fangsong notice" "$TMP/run.err" "未配置仿宋字体（config.ini [fonts] fangsong），阶段总结正文使用宋体"

# The text, joined across line ends (a sentence may wrap anywhere).
pdftotext "$PDF" "$TMP/a.txt" 2>/dev/null
tr -d '\n\f' < "$TMP/a.txt" > "$TMP/flat.txt"
for s in "武汉职业技术学院关于治庸问责工作开展情况的阶段总结" \
         "学院党委：" \
         "面向教师和学生开展了18次、1200人次的问卷调查，电子邮箱和意见箱共收到92封来信" \
         "座谈会与上门访谈共计24次、235人" \
         "目前工作已进入“整改落实”阶段，距本阶段结束还有20天" \
         "全院15个单位中，已有14个单位按要求报送了问题清单和整改台账，图书馆尚未报送" \
         "共查摆出问题73个" \
         "“庸”的问题22个，“懒”的问题23个，“散”的问题14个，“软”的问题13个，“其他”的问题1个。" \
         "73个问题中已完成整改30个，正在整改28个，尚未启动整改15个，整改完成率为41.1%" \
         "其中有1个问题超过整改时限后才完成整改" \
         "目前仍有12个问题超过整改时限未完成整改" \
         "另有6个问题将在7天内到期" \
         "机电学院“学院网站信息更新滞后”（2011年11月24日）" \
         "总体满意率为" \
         "后勤集团饮食服务中心（满意率73.3%）、机电学院机电学院教学办公室（满意率76.5%）的满意率低于80.0%" \
         "武汉职业技术学院治庸问责领导小组2011年11月20日"; do
    has "text" "$TMP/flat.txt" "$s"
done
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
# lines inside a paragraph exactly that.
sed -n '1,/— 1 —/p' "$TMP/a.txt" | grep -vE '[ -~]' > "$TMP/page1.txt"
eq "lines over 28" "$(grep -cE '^.{29,}$' "$TMP/page1.txt")" 0
eq "full lines of 28" "$(grep -cE '^.{28}$' "$TMP/page1.txt")" 5

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
# The bureau's special clean-up template on the same campaign: complaints,
# actions and inspections from 纪委办公室's workbook (TRUTH.md).
mkdir -p "$TMP/sp"
sed 's/^template *=.*/template = special_cleanup_summary.md/; s/^output *=.*/output = out/' config.ini > "$TMP/sp/config.ini"
ln -s "$(pwd)/input" "$TMP/sp/input"
if "$TAIZHANG" run -c "$TMP/sp/config.ini" > /dev/null 2>&1; then pass; else fail "special clean-up run"; fi
pdftotext "$TMP/sp/out/2011-11/阶段总结_2011-11.pdf" - 2>/dev/null | tr -d '\n\f' > "$TMP/sp.txt"
for s in "共接到群众信访举报5件、8人次，其中省转办1件、市转办1件、自办2件、领导转办1件。" \
         "按反映方式分，来信1件、来电1件、来访1件、网络1件、电子邮件1件。" \
         "已办结4件，经调查核实3件，督促相关单位共计退费4,800元。" \
         "共问责4人，其中约谈1人，诫勉谈话1人，通报批评1人，警告处分1人。" \
         "开展督查4次，明查1次、暗访1次、专项检查1次、集中检查1次；共抽查107人，发现问题10个，通报3次。" \
         "全系统累计缺报65期"; do
    has "special text" "$TMP/sp.txt" "$s"
done
done_
