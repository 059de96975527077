#!/bin/sh
# Runs every test: the unit binaries, then the shell test files tests/t_*.sh.
# Each prints lines "…: N passed, N failed"; this adds them up and ends with
# the usual closing line.  Environment: TAIZHANG (the binary), UNIT_DIR.
set -u
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 TZ=UTC
: "${TAIZHANG:=./taizhang}" "${UNIT_DIR:=build/rel/tests}"
case $TAIZHANG in /*) ;; *) TAIZHANG=$(pwd)/$TAIZHANG ;; esac
export TAIZHANG
passed=0 failed=0
log=$(mktemp)
tally() {
    # Adds the counts of every "N passed, N failed" line in $log.
    while IFS= read -r line; do
        case $line in
        *" passed, "*" failed"*)
            p=$(printf '%s\n' "$line" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
            f=$(printf '%s\n' "$line" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
            passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
            printf '  %s\n' "$line" ;;
        esac
    done < "$log"
}
for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    if ! "$t" > "$log" 2>&1; then
        grep -q ' passed, ' "$log" || { echo "  $t: crashed"; failed=$((failed + 1)); }
        cat "$log" | grep -v ' passed, ' >&2
    fi
    tally
done
for t in tests/t_*.sh; do
    [ -f "$t" ] || continue
    sh "$t" > "$log" 2>&1
    grep -v ' passed, ' "$log" >&2
    grep -q ' passed, ' "$log" || { echo "  $t: no result"; failed=$((failed + 1)); }
    tally
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
