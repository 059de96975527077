#!/bin/sh
# The bundled sample campaign (config.ini + input/, written by
# tests/fixtures/sample/make_sample.py): `taizhang check --format tsv` must print
# exactly tests/fixtures/sample/expected.tsv and, on stderr, expected.rows.
# Those two files are checked here against the generator's independent truth,
# tests/fixtures/sample/TRUTH.md, read as it is:
#   * its "Files in input/" table: every file's unit, sheet kinds and rows
#     read / kept / rejected / superseded, and the total line;
#   * its "Expected issues" table: the same issues (severity, file, sheet,
#     cell), each quoting the value TRUTH quotes, and the same counts.
# So a change of expected.* that TRUTH does not back fails here.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
S=$ROOT/tests/fixtures/sample
TRUTH=$S/TRUTH.md

# The campaign as shipped, in a folder of its own; `check` renders nothing, so
# the report template (written by the PDF part) is not needed.
grep -v '^template ' "$ROOT/config.ini" > "$TMP/config.ini"
ln -s "$ROOT/input" "$TMP/input"

"$TAIZHANG" check -c "$TMP/config.ini" --format tsv > "$TMP/got.tsv" 2> "$TMP/got.rows"
eq "exit status" "$?" 0
"$TAIZHANG" check -c "$TMP/config.ini" --format tsv --strict > /dev/null 2>&1
eq "exit status with --strict (errors exist)" "$?" 1
same "issues (tsv)" "$TMP/got.tsv" "$S/expected.tsv"
same "row accounting" "$TMP/got.rows" "$S/expected.rows"

# ---- expected.rows against TRUTH's table of files ------------------------------------
# One line per file: file, unit, kinds (sorted), read, kept, rejected, superseded.
sort_kinds='function kinds(s,   n, a, i, j, t, out) {
    n = split(s, a, "、")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    out = a[1]; for (i = 2; i <= n; i++) out = out "、" a[i]
    return out
}'
awk -F' *\\| *' "$sort_kinds"'
    /^## Files in/ { on = 1; next }
    /^#/ { on = 0 }
    on && /^\| / && $2 != "file" && $2 !~ /^-/ {
        unit = $4 == "—" ? "办公室登记" : $4
        print $2, unit, kinds($7), $8, $9, $10, $11
    }' "$TRUTH" | sort > "$TMP/truth.files"
awk "$sort_kinds"'
    /^  .*  读取 [0-9]+ = 计入/ {
        split($0, p, "  ")
        match($0, /读取 [0-9]+ = 计入 [0-9]+ \+ 退回 [0-9]+ \+ 被取代 [0-9]+/)
        split(substr($0, RSTART, RLENGTH), n, " ")
        print p[2], p[3], kinds(p[4]), n[2], n[5], n[8], n[11]
    }' "$S/expected.rows" | sort > "$TMP/our.files"
same "expected.rows: each file's unit, kinds and rows as in TRUTH.md" "$TMP/our.files" "$TMP/truth.files"
if [ -s "$TMP/truth.files" ]; then pass; else fail "no files table in TRUTH.md"; fi

total=$(sed -n 's/^Total data rows: read \([0-9]*\), kept \([0-9]*\), rejected \([0-9]*\), superseded \([0-9]*\)\.$/读取 \1 = 计入 \2 + 退回 \3 + 被取代 \4/p' "$TRUTH")
if [ -n "$total" ]; then has "expected.rows: totals as in TRUTH.md" "$S/expected.rows" "数据行$total；"
else fail "no 'Total data rows' line in TRUTH.md"; fi
bad=$(sed -n 's/.*读取 \([0-9]*\) = 计入 \([0-9]*\) + 退回 \([0-9]*\) + 被取代 \([0-9]*\).*/\1 \2 \3 \4/p' "$S/expected.rows" |
      awk '$1 != $2 + $3 + $4')
eq "read = kept + rejected + superseded on every line" "$bad" ""

# ---- expected.tsv against TRUTH's table of issues --------------------------------------
awk -F' *\\| *' '
    /^## Expected issues/ { on = 1; next }
    /^#/ { on = 0 }
    on && /^\| / && $2 != "severity" && $2 !~ /^-/ {
        sev = $2 == "错误" ? "error" : $2 == "警告" ? "warning" : $2 == "提示" ? "info" : "?"
        print sev "\t" $4 "\t" $5 "\t" $6
    }' "$TRUTH" | sort > "$TMP/truth.issues"
cut -f1,4,5,6 "$S/expected.tsv" | sort > "$TMP/our.issues"
same "expected.tsv: the issues of TRUTH.md (severity, file, sheet, cell)" "$TMP/our.issues" "$TMP/truth.issues"

# Every value TRUTH quotes (“…”) is quoted in our message for that cell
# (white space aside: the cell may hold "报修后 维修", TRUTH writes it without).
awk -F' *\\| *' '
    /^## Expected issues/ { on = 1; next }
    /^#/ { on = 0 }
    on && /^\| / && $2 != "severity" && $2 !~ /^-/ && (i = index($7, "“")) {
        rest = substr($7, i)            # byte-wise awk: find the closing quote by index
        print $4 "\t" $5 "\t" $6 "\t" substr(rest, 1, index(rest, "”") + length("”") - 1)
    }' "$TRUTH" > "$TMP/truth.quotes"
missing=""
while IFS=$(printf '\t') read -r file sheet cell q; do
    want=$(printf '%s' "$q" | tr -d ' ')
    line=$(awk -F'\t' -v f="$file" -v s="$sheet" -v c="$cell" '$4 == f && $5 == s && $6 == c { print $7 }' \
           "$S/expected.tsv" | tr -d ' ')
    case $line in *"$want"*) ;; *) missing="$missing $file「$sheet」$cell$q" ;; esac
done < "$TMP/truth.quotes"
eq "expected.tsv quotes every value TRUTH.md quotes" "$missing" ""
if [ -s "$TMP/truth.quotes" ]; then pass; else fail "no quoted values in TRUTH.md"; fi

counts=$(sed -n 's/^Counts: 错误 \([0-9]*\), 警告 \([0-9]*\), 提示 \([0-9]*\)\..*/错误 \1 条，警告 \2 条，提示 \3 条。/p' "$TRUTH")
if [ -n "$counts" ]; then has "expected.rows: issue counts as in TRUTH.md" "$S/expected.rows" "$counts"
else fail "no 'Counts' line in TRUTH.md"; fi

done_
