# Shared helpers for tests/t_*.sh: `ok NAME CMD…`, `same NAME FILE_GOT FILE_WANT`,
# and `done_` which prints "FILE: N passed, N failed".
T_PASSED=0 T_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tz-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
pass() { T_PASSED=$((T_PASSED + 1)); }
fail() { T_FAILED=$((T_FAILED + 1)); echo "FAILED: $*"; }
# same NAME GOT WANT: files equal, else show the diff
same() {
    if cmp -s "$2" "$3"; then pass; else fail "$1"; diff -u "$3" "$2" | head -40; fi
}
# eq NAME GOT WANT: strings equal
eq() {
    if [ "$2" = "$3" ]; then pass; else fail "$1"; printf '  got:  %s\n  want: %s\n' "$2" "$3"; fi
}
# has NAME FILE TEXT: FILE contains the line fragment TEXT
has() {
    if grep -qF -- "$3" "$2"; then pass; else fail "$1: no '$3' in"; sed 's/^/    /' "$2" | head -20; fi
}
done_() { echo "$0: $T_PASSED passed, $T_FAILED failed"; }
