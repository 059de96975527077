#!/bin/sh
# The stage summary as a Word document (阶段总结_<period>.docx, docs/summary.md):
# read back with python3-docx — A4 and the GB/T 9704 margins, the 22-line
# grid, styles named after the standard's fonts and sizes, odd (right) and
# even (left) footers with a PAGE field between 一字线, table header rows
# repeated, every number of the PDF also in the Word text, the sealed and the
# unsealed signature blocks, paragraphs leading in a table or chart kept with
# it, and the same bytes on a re-run.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
PY=/usr/bin/python3

"$TAIZHANG" run -c config.ini --output "$TMP/a" > /dev/null 2> "$TMP/err" && pass || { fail "run"; cat "$TMP/err"; }
DOCX="$TMP/a/2011-11/阶段总结_2011-11.docx"
PDF="$TMP/a/2011-11/阶段总结_2011-11.pdf"
[ -f "$DOCX" ] && pass || fail "no $DOCX"

# One report line per property, compared with what the standard asks.
$PY - "$DOCX" > "$TMP/props" 2>&1 <<'PYEOF'
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
s = d.sections[0]
mm = lambda v: round(v / 36000, 1)
print("page", mm(s.page_width), mm(s.page_height))
print("margins", mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin))
grid = s._sectPr.find(qn("w:docGrid"))
print("grid", grid.get(qn("w:type")), grid.get(qn("w:linePitch")))
by_id = {st.style_id: st for st in d.styles}
for sid in ("Title", "Normal", "Heading1", "Heading2", "Footer"):
    st = by_id[sid]
    rf = st.element.find(qn("w:rPr")).find(qn("w:rFonts"))
    print("style", sid, rf.get(qn("w:eastAsia")), st.font.size.pt)
print("even/odd", d.settings.odd_and_even_pages_header_footer)
for name, f in (("odd", s.footer), ("even", s.even_page_footer)):
    p = f.paragraphs[0]
    instr = "".join(e.text for e in p._p.iter(qn("w:instrText")))
    print("footer", name, p.alignment, repr(p.text), instr.strip())
heads = [t.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for t in d.tables]
print("tables", len(d.tables), "all with header rows" if all(heads) else "missing header rows")
print("title", d.paragraphs[0].text, d.paragraphs[0].style.style_id)
# A paragraph leading in a table or a chart (…情况如下：) is kept with it.
kids = list(d.element.body.iterchildren())
def style(el):
    ps = el.find(qn("w:pPr"))
    st = ps.find(qn("w:pStyle")) if ps is not None else None
    return st.get(qn("w:val")) if st is not None else None
leads = [el for el, nxt in zip(kids, kids[1:]) if el.tag == qn("w:p") and style(el) == "Normal"
         and (nxt.tag == qn("w:tbl") or style(nxt) == "Caption")]
kept = [el for el in leads if el.find(qn("w:pPr")).find(qn("w:keepNext")) is not None]
print("lead-ins", len(leads), "kept", len(kept))
# The signature's lines are placed by their width (digits half a
# character): no automatic space between Chinese and digits.
sp = by_id["Signature"].element.find(qn("w:pPr"))
print("signature autospace", [sp.find(qn(t)).get(qn("w:val")) for t in ("w:autoSpaceDE", "w:autoSpaceDN")])
PYEOF
printf '%s\n' "page 210.0 297.0" "margins 37.0 35.0 28.0 26.0" "grid lines 580" \
    "style Title 方正小标宋简体 22.0" "style Normal 仿宋_GB2312 16.0" "style Heading1 黑体 16.0" \
    "style Heading2 楷体_GB2312 16.0" "style Footer 宋体 14.0" "even/odd True" \
    "footer odd RIGHT (2) '— 1 —' PAGE" "footer even LEFT (0) '— 1 —' PAGE" \
    "tables 6 all with header rows" "title 武汉职业技术学院关于治庸问责工作开展情况的阶段总结 Title" \
    "lead-ins 6 kept 6" "signature autospace ['0', '0']" > "$TMP/props.want"
same "docx properties" "$TMP/props" "$TMP/props.want"

# The text of the Word document, paragraphs and table cells in order.
doc_text() {
    $PY - "$1" <<'PYEOF'
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
for el in d.element.body.iter():
    if el.tag == qn("w:p"):
        print("".join(t.text or "" for t in el.iter(qn("w:t"))))
PYEOF
}
doc_text "$DOCX" > "$TMP/docx.txt"
tr -d '\n' < "$TMP/docx.txt" > "$TMP/docx.flat"
for s in "学院党委：" "开展了18次、1200人次的问卷调查。" "整改完成率为41.1%" \
         "机电学院教学办公室（满意率76.5%）的满意率低于80%" "图1　各类问题数量" \
         "图2　尚未完成整改的问题按整改时限分布" "已超期1227.9%" \
         "武汉职业技术学院治庸问责领导小组2011年11月20日"; do
    has "docx text" "$TMP/docx.flat" "$s"
done
# Every number the PDF states is in the Word document too (page numbers aside).
pdftotext "$PDF" - 2>/dev/null | grep -v '^— [0-9]* —$' | grep -oE '[0-9]+(\.[0-9]+)?%?' | sort -u > "$TMP/pdf.nums"
grep -oE '[0-9]+(\.[0-9]+)?%?' "$TMP/docx.txt" | sort -u > "$TMP/docx.nums"
eq "numbers of the PDF missing in the docx" "$(comm -23 "$TMP/pdf.nums" "$TMP/docx.nums" | tr '\n' ' ')" ""
if [ "$(wc -l < "$TMP/pdf.nums")" -gt 50 ]; then pass; else fail "few numbers in the PDF"; fi

# Signature block, sealed (7.3.5.1): two blank lines, the date right-indented
# four characters (4 × 156 mm / 28 = 1264 twips), the office centred over it.
sig() {
    $PY - "$1" <<'PYEOF'
import sys, docx
d = docx.Document(sys.argv[1])
ps = d.paragraphs
for p in ps[-5:]:
    r, l = p.paragraph_format.right_indent, p.paragraph_format.left_indent
    print(repr(p.text), r.twips if r is not None else None, l.twips if l is not None else None)
PYEOF
}
sig "$DOCX" > "$TMP/sig"
# The 16-character office is wider than the 15 characters centred over the
# date: two lines of 8, as in the PDF.
printf '%s\n' "'' None None" "'' None None" "'武汉职业技术学院' 1106 None" "'治庸问责领导小组' 1106 None" \
    "'2011年11月20日' 1263 None" > "$TMP/sig.want"
same "sealed signature" "$TMP/sig" "$TMP/sig.want"

# Unsealed (7.3.5.2): one blank line, office right-indented two characters,
# the date starting two characters right of the office's first character —
# placed from the left (28 − 2 − 16 + 2 = 12 characters), so that wider
# digits in a substitute font do not move its start.
sed 's/^seal .*/seal = no/' config.ini > "$TMP/noseal.ini"
sed -i "s#^input *=.*#input = $(pwd)/input#; s#^file = input/#file = $(pwd)/input/#" "$TMP/noseal.ini"
"$TAIZHANG" run -c "$TMP/noseal.ini" --output "$TMP/ns" > /dev/null 2>&1 && pass || fail "seal = no run"
sig "$TMP/ns/2011-11/阶段总结_2011-11.docx" | tail -3 > "$TMP/sig2"
printf '%s\n' "'' None None" "'武汉职业技术学院治庸问责领导小组' 632 None" "'2011年11月20日' 0 3790" > "$TMP/sig2.want"
same "unsealed signature" "$TMP/sig2" "$TMP/sig2.want"

# A bad seal value stops the run with the line.
sed 's/^seal .*/seal = 也许/' config.ini > "$TMP/badseal.ini"
"$TAIZHANG" run -c "$TMP/badseal.ini" --output "$TMP/bs" > /dev/null 2> "$TMP/bs.err"
eq "bad seal exit" $? 2
has "bad seal message" "$TMP/bs.err" "[report] 的 seal“也许”无效：应为 yes 或 no"

# Same inputs, same bytes (zip entries dated as_of).
"$TAIZHANG" run -c config.ini --output "$TMP/b" > /dev/null 2>&1
if cmp -s "$DOCX" "$TMP/b/2011-11/阶段总结_2011-11.docx"; then pass; else fail "two runs differ"; fi
unzip -l "$DOCX" | grep -c '2011-11-20 00:00' > "$TMP/dates"
eq "entries dated as_of" "$(cat "$TMP/dates")" 9
done_
