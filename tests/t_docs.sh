#!/bin/sh
# The repository explains itself: docs/issues.md lists exactly the issue codes
# of the table in src/core/issue.c at their severities, every code the sources
# raise is in that table, every page docs/README.md links to exists, and no
# file cites anything outside the repository; docs/metrics.md lists every
# metric and every file the pages name exists.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$ROOT" || exit 1

sed -n 's/^ *{ *"\([EWI]-[A-Z0-9-]*\)", TZ_SEV_\([A-Z]*\),.*/\1 \2/p' src/core/issue.c | sort > "$TMP/table"
sed -n 's/^| `\([EWI]-[A-Z0-9-]*\)` | [^ ]* \([a-z]*\) |.*/\1 \2/p' docs/issues.md |
    tr 'a-z' 'A-Z' | sort > "$TMP/doc"
if [ -s "$TMP/table" ]; then pass; else fail "no code table in src/core/issue.c"; fi
same "docs/issues.md lists the code table" "$TMP/doc" "$TMP/table"

grep -ohE '"[EWI]-[A-Z0-9-]+"' src/*/*.c src/*/*/*.c | tr -d '"' | sort -u > "$TMP/used"
cut -d' ' -f1 "$TMP/table" > "$TMP/codes"
eq "every code the sources raise is in the table" "$(comm -23 "$TMP/used" "$TMP/codes" | tr '\n' ' ')" ""
eq "every code of the table is raised somewhere" "$(comm -13 "$TMP/used" "$TMP/codes" | tr '\n' ' ')" ""
# Each code's severity is its letter.
eq "E- errors, W- warnings, I- information" \
    "$(awk '{ s = substr($1, 1, 1); if ((s == "E") != ($2 == "ERROR") || (s == "W") != ($2 == "WARNING")) print $1 }' "$TMP/table")" ""

missing=""
for page in $(sed -n 's/.*](\([a-z_]*\.md\)).*/\1/p' docs/README.md); do
    [ -f "docs/$page" ] || missing="$missing $page"
done
eq "the pages docs/README.md links to exist" "$missing" ""

# Every metric of templates/metrics.sql is in docs/metrics.md's list.
undocumented=""
for m in $(sed -n 's/^-- name: \([a-z_.]*\)$/\1/p' templates/metrics.sql); do
    grep -qF "| \`$m\` |" docs/metrics.md || undocumented="$undocumented $m"
done
eq "docs/metrics.md lists every metric" "$undocumented" ""

# Every source, test, template or tool file the pages name exists.
gone=""
for f in $(grep -ohE '(src|tests|templates|tools)/[a-z_/]+\.(c|h|sh|py|ini|sql|md)' README.md docs/*.md | sort -u); do
    [ -e "$f" ] || gone="$gone $f"
done
eq "every file the documentation names exists" "$gone" ""

# No citation of a file outside the repository (a development machine's paths,
# the project's private spec).
outside=$(git ls-files 2>/dev/null | grep -vE '\.(xlsx|xls|ods|pdf|png|ttf|db)$|^tests/t_docs\.sh$' |
    xargs grep -lE '\.\./shared|/work/(main|shared|wt-|\.library)|SPEC §|SPEC\.md' 2>/dev/null)
eq "nothing cites a file outside the repository" "$outside" ""
done_
