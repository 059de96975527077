#!/bin/sh
# `taizhang run` as a whole: config mistakes (every one, with its line and
# the key meant), the period and as_of rules, an empty input folder, a second
# run while one runs, a run killed at every step boundary (the test hooks
# TAIZHANG_KILL_AT / TAIZHANG_STOP_AT of src/run.c), a re-run of an earlier
# month, command-line mistakes and system errors in Chinese.  Exact messages
# and exit codes; the sample campaign of input/ (tests/fixtures/sample/TRUTH.md).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
E="taizhang: 错误："
HELP="运行 taizhang --help 查看用法。"

# The sample campaign writing into $TMP/out (config lines as in config.ini).
sed -e "s#^input *=.*#input = $ROOT/input#" -e "s#^output *=.*#output = $TMP/out#" \
    -e "s#^templates *=.*#templates = $ROOT/templates#" -e "s#^file = input/#file = $ROOT/input/#" \
    "$ROOT/config.ini" > "$TMP/config.ini"
OUT=$TMP/out
# tree DIR: every file and folder under DIR (hidden ones too) with its SHA-256.
tree() { (cd "$1" 2>/dev/null && find . | sort | while read -r f; do
    if [ -f "$f" ]; then echo "$f $(sha256sum < "$f" | cut -c1-16)"; else echo "$f"; fi; done); }
# run NAME ARGS…: runs taizhang, stdout in $TMP/NAME.out, stderr in $TMP/NAME.err, status in $rc.
run() { name=$1; shift; "$TAIZHANG" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err"; rc=$?; }

# ---- config mistakes: all of them, exit 2, nothing written -----------------------------------
sed -e 's/^as_of  /as_off /' -e 's/^\[fonts\]/[font]/' -e 's/^due_soon_days = 7/due_soon_days = 七/' \
    "$TMP/config.ini" > "$TMP/typo.ini"
run typo run -c "$TMP/typo.ini"
eq "typos: exit status" "$rc" 2
today=$(date -u +%F)
cat > "$TMP/typo.want" <<WANT
${E}$TMP/typo.ini:13：[report] 中没有 as_off 这一项（是不是 as_of？统计截止日期，默认今天）
>>> 'as_off       = 2011-11-20          ; 统计截止日期：超期、临期、迟报均以此日为准（默认：当天）'
${E}$TMP/typo.ini:14：截止日期 $today（[report] 中没有写 as_of，取今天）晚于活动结束日期 2011-12-31（$TMP/typo.ini:9 的 end）超过 31 天：截止日期应在活动期间之内，或活动结束后 31 天之内
>>> 'period       = 2011-11             ; 本期名称，也是输出文件夹名（默认：截止日期的年-月）'
${E}$TMP/typo.ini:14：截止日期 $today（[report] 中没有写 as_of，取今天）不在报告期 2011-11（$TMP/typo.ini:14 的 period）之内：一个月的数字只能写进这个月的输出文件夹；请改正 as_of 或 period，或删去 period（报告期即截止日期所在的月份）
>>> 'period       = 2011-11             ; 本期名称，也是输出文件夹名（默认：截止日期的年-月）'
${E}$TMP/typo.ini:19：[report] 的 due_soon_days“七”无效：应为 0 到 365 之间的整数
>>> 'due_soon_days = 七                  ; 距整改时限不超过几天算“临期”'
${E}$TMP/typo.ini:79：没有 [font] 这一节（是不是 [fonts]？）
>>> '[font]                            ; 可不填：默认从已安装的 Debian 中文字体中选取'
WANT
same "typos: every error with its line, the line and the key meant" "$TMP/typo.err" "$TMP/typo.want"
test ! -e "$OUT" && pass || fail "typos: output folder created"

# ---- the period and as_of ------------------------------------------------------------------
run p1 run -c "$TMP/config.ini" --as-of 2011-12-20 --period 2011-11
eq "as_of outside --period: exit status" "$rc" 2
printf '%s\n' "${E}截止日期 2011-12-20（--as-of）不在报告期 2011-11（--period）之内：一个月的数字只能写进这个月的输出文件夹（不写 --period 时报告期即截止日期所在的月份）" > "$TMP/p1.want"
same "as_of outside --period: message" "$TMP/p1.err" "$TMP/p1.want"
run p2 run -c "$TMP/config.ini" --as-of 2011-08-18
eq "before the start: exit status" "$rc" 2
printf '%s\n' "${E}截止日期 2011-08-18（--as-of）早于活动开始日期 2011-08-19（$TMP/config.ini:8 的 start）：截止日期应在活动期间之内" > "$TMP/p2.want"
same "before the start: message" "$TMP/p2.err" "$TMP/p2.want"
run p3 run -c "$TMP/config.ini" --as-of 2012-02-01
eq "end + 32 days: exit status" "$rc" 2
printf '%s\n' "${E}截止日期 2012-02-01（--as-of）晚于活动结束日期 2011-12-31（$TMP/config.ini:9 的 end）超过 31 天：截止日期应在活动期间之内，或活动结束后 31 天之内" > "$TMP/p3.want"
same "end + 32 days: message" "$TMP/p3.err" "$TMP/p3.want"
sed 's/^as_of        = 2011-11-20/as_of        = 2011-12-20/' "$TMP/config.ini" > "$TMP/dec.ini"
run p4 run -c "$TMP/dec.ini"
eq "config as_of outside config period: exit status" "$rc" 2
has "config as_of outside config period: line" "$TMP/p4.err" "${E}$TMP/dec.ini:13：截止日期 2011-12-20（as_of）不在报告期 2011-11（$TMP/dec.ini:14 的 period）之内"
has "config as_of outside config period: the line shown" "$TMP/p4.err" ">>> 'as_of        = 2011-12-20"
test ! -e "$OUT" && pass || fail "period mistakes: output folder created"

# The first run: November, from the config.
run nov run -c "$TMP/config.ini"
eq "november: exit status" "$rc" 0
tree "$OUT/2011-11" > "$TMP/nov.tree"
# --as-of without --period moves the period: December's figures go to 2011-12 only.
run dec run -c "$TMP/config.ini" --as-of 2011-12-20
eq "--as-of moves the period: exit status" "$rc" 0
has "--as-of moves the period: folder" "$TMP/dec.out" "输出文件（$OUT/2011-12）："
$PY -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['period'], m['as_of'], m['stale_periods'])" \
    "$OUT/2011-12/manifest.json" > "$TMP/dec.man"
eq "--as-of moves the period: manifest" "$(cat "$TMP/dec.man")" "2011-12 2011-12-20 []"
tree "$OUT/2011-11" > "$TMP/nov.tree2"
same "--as-of moves the period: November untouched" "$TMP/nov.tree2" "$TMP/nov.tree"
run per run -c "$TMP/config.ini" --as-of 2011-11-20 --period 2011-11
eq "--period: exit status" "$rc" 0
has "--period: folder" "$TMP/per.out" "输出文件（$OUT/2011-11）："

# ---- a re-run of an earlier month names the later one to re-run --------------------------------
has "stale: message" "$TMP/per.err" "taizhang: 注意：已有更晚的报告期 2011-12，它的“本期变化”是与 2011-11 比较得出的：请重新运行 2011-12（taizhang run --as-of 2011-12-20）"
$PY -c "import json,sys; print(json.load(open(sys.argv[1]))['stale_periods'])" "$OUT/2011-11/manifest.json" > "$TMP/stale.man"
eq "stale: manifest" "$(cat "$TMP/stale.man")" "['2011-12']"
run dec2 run -c "$TMP/config.ini" --as-of 2011-12-20
grep -c "已有更晚的报告期" "$TMP/dec2.err" > "$TMP/dec2.n"
eq "latest period: no stale message" "$(cat "$TMP/dec2.n")" 0

# ---- history consistent with the outputs ------------------------------------------------------
# What history says for a period: its staged snapshot when the staged manifest is the
# folder's (the run was stopped between the swap and the settle), else the committed
# one (src/history.h).  Prints "committed"/"staged" and whether the manifest's SHA-256 and
# its history digest match history's, or "none" when neither the folder nor history has it.
cat > "$TMP/hist.py" <<'PYEOF'
import hashlib, json, os, sqlite3, sys
out, period = sys.argv[1], sys.argv[2]
man = os.path.join(out, period, "manifest.json")
db = sqlite3.connect(os.path.join(out, "history.db"))
row = lambda t: db.execute("SELECT manifest, problems FROM %s WHERE period = ?" % t, (period,)).fetchone()
committed, staged = row("period"), row("staged")
if not os.path.exists(man):
    print("none" if committed is None else "history without outputs"); sys.exit()
sha = hashlib.sha256(open(man, "rb").read()).hexdigest()
src, r = ("staged", staged) if staged and staged[0] == sha else ("committed", committed)
table = "staged_problem" if src == "staged" else "problem"
h = hashlib.sha256()
for rec in db.execute("SELECT unit, desc_norm, desc, state, state_label, file, sheet, row FROM %s"
                      " WHERE period = ? ORDER BY unit, desc_norm" % table, (period,)):
    h.update(("\t".join("" if v is None else str(v) for v in rec) + "\n").encode())
m = json.load(open(man))["history"]
ok = r is not None and r[0] == sha and r[1] == m["problems"] and h.hexdigest() == m["sha256"]
print(src, "consistent" if ok else "INCONSISTENT", "staged-left" if staged else "")
PYEOF
$PY "$TMP/hist.py" "$OUT" 2011-11 > "$TMP/h0"
eq "history: committed and consistent" "$(cat "$TMP/h0")" "committed consistent "

# ---- a run killed at every step boundary ---------------------------------------------------------
# The killed run has another as_of (other figures); before the swap the previous
# outputs stay, from the swap on the new ones are in; history agrees either way,
# and a re-run completes.
run base run -c "$TMP/config.ini"
tree "$OUT/2011-11" > "$TMP/base.tree"
for step in locked read checked written staged swapped settled cleaned; do
    TAIZHANG_KILL_AT=$step "$TAIZHANG" run -c "$TMP/config.ini" --as-of 2011-11-25 --period 2011-11 \
        > /dev/null 2>&1
    eq "kill at $step: killed" "$?" 137
    tree "$OUT/2011-11" > "$TMP/k.tree"
    case $step in
    locked|read|checked|written|staged)
        same "kill at $step: previous outputs untouched" "$TMP/k.tree" "$TMP/base.tree" ;;
    *)
        grep -q "2011-11-25" "$OUT/2011-11/manifest.json" && pass || fail "kill at $step: new outputs in" ;;
    esac
    $PY "$TMP/hist.py" "$OUT" 2011-11 > "$TMP/k.h"
    case $step in
    swapped) want="staged consistent staged-left" ;;
    staged) want="committed consistent staged-left" ;;
    *) want="committed consistent " ;;
    esac
    eq "kill at $step: history agrees with the outputs" "$(cat "$TMP/k.h")" "$want"
    run rerun run -c "$TMP/config.ini"
    eq "kill at $step: re-run" "$rc" 0
    $PY "$TMP/hist.py" "$OUT" 2011-11 > "$TMP/k.h2"
    eq "kill at $step: history after the re-run" "$(cat "$TMP/k.h2")" "committed consistent "
    if [ "$step" = swapped ]; then
        has "kill at swapped: the re-run settles the history" "$TMP/rerun.err" \
            "taizhang: 注意：上次运行已换入 $OUT/2011-11 的输出，但在保存历史记录前中断；已按其中的 manifest.json 补存历史记录"
    fi
    tree "$OUT/2011-11" > "$TMP/r.tree"
    same "kill at $step: re-run outputs" "$TMP/r.tree" "$TMP/base.tree"
    ls -A "$OUT" > "$TMP/k.ls"
    printf '%s\n' 2011-11 2011-12 history.db > "$TMP/k.ls.want"
    same "kill at $step: no working file left" "$TMP/k.ls" "$TMP/k.ls.want"
done

# Readers take the killed run's snapshot once its outputs are in: November without
# 教务处.xlsx (6 problems fewer) killed after the swap, December's changes count them new.
mkdir -p "$TMP/subset"
cp "$ROOT"/input/* "$TMP/subset/"
rm "$TMP/subset/教务处.xlsx"
run m0 metrics -c "$TMP/config.ini" --as-of 2011-12-20 changes.new
eq "readers: before" "$(cat "$TMP/m0.out")" "0"
TAIZHANG_KILL_AT=swapped "$TAIZHANG" run -c "$TMP/config.ini" --input "$TMP/subset" > /dev/null 2>&1
run m1 metrics -c "$TMP/config.ini" --as-of 2011-12-20 changes.new
eq "readers: the swapped-in snapshot counts" "$(cat "$TMP/m1.out")" "6"
run restore run -c "$TMP/config.ini"
run m2 metrics -c "$TMP/config.ini" --as-of 2011-12-20 changes.new
eq "readers: after the re-run" "$(cat "$TMP/m2.out")" "0"

# A run of another month finishes what a killed one left (under that month's lock).
TAIZHANG_KILL_AT=swapped "$TAIZHANG" run -c "$TMP/config.ini" --as-of 2011-12-21 > /dev/null 2>&1
$PY "$TMP/hist.py" "$OUT" 2011-12 > "$TMP/o.h"
eq "december killed at swapped: history agrees" "$(cat "$TMP/o.h")" "staged consistent staged-left"
run other run -c "$TMP/config.ini"
eq "november after december killed: exit status" "$rc" 0
has "november after december killed: settles december" "$TMP/other.err" \
    "taizhang: 注意：上次运行已换入 $OUT/2011-12 的输出，但在保存历史记录前中断；已按其中的 manifest.json 补存历史记录"
$PY "$TMP/hist.py" "$OUT" 2011-12 > "$TMP/o.h2"
eq "november after december killed: december's history committed" "$(cat "$TMP/o.h2")" "committed consistent "
has "november after december killed: stale names december" "$TMP/other.err" "请重新运行 2011-12（taizhang run --as-of 2011-12-21）"
run dec3 run -c "$TMP/config.ini" --as-of 2011-12-20
eq "december again: exit status" "$rc" 0

# ---- a second run while one runs: refused, touching nothing; the first finishes ----------------------
TAIZHANG_STOP_AT=read "$TAIZHANG" run -c "$TMP/config.ini" > "$TMP/first.out" 2> "$TMP/first.err" &
first=$!
n=0
while [ "$(cut -d' ' -f3 "/proc/$first/stat" 2>/dev/null)" != T ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
tree "$OUT" > "$TMP/during"
run second run -c "$TMP/config.ini"
eq "second run: exit status" "$rc" 3
printf '%s\n' "${E}另一个 taizhang（进程 $first）正在写 $OUT/2011-11，请等它结束后再运行" > "$TMP/second.want"
same "second run: message" "$TMP/second.err" "$TMP/second.want"
tree "$OUT" > "$TMP/during2"
same "second run: the first run's files all survive" "$TMP/during2" "$TMP/during"
kill -CONT "$first"
wait "$first"
eq "first run: exit status" "$?" 0
tree "$OUT/2011-11" > "$TMP/first.tree"
same "first run: its outputs" "$TMP/first.tree" "$TMP/base.tree"

# ---- an empty input folder: exit 2, nothing touched ------------------------------------------------
mkdir -p "$TMP/empty/.hidden"
: > "$TMP/empty/~\$土木学院.xlsx"
: > "$TMP/empty/.DS_Store"
tree "$OUT" > "$TMP/e.before"
run empty run -c "$TMP/config.ini" --input "$TMP/empty"
eq "empty input: exit status" "$rc" 2
printf '%s\n' "${E}输入文件夹 $TMP/empty 中没有单位报送的工作簿（不算 ~\$ 开头的临时文件、隐藏文件、输出文件夹和单位名单）：请把各单位的工作簿放进这个文件夹；没有写任何文件" > "$TMP/empty.want"
same "empty input: message" "$TMP/empty.err" "$TMP/empty.want"
tree "$OUT" > "$TMP/e.after"
same "empty input: output folder untouched" "$TMP/e.after" "$TMP/e.before"
run empty2 run -c "$TMP/config.ini" --input "$TMP/empty" --output "$TMP/new_out"
test ! -e "$TMP/new_out" && pass || fail "empty input: output folder created"
# Only the units list left in input/ is no workbook either.
mkdir -p "$TMP/units_only"
cp "$ROOT/input/单位名单.xlsx" "$TMP/units_only/"
sed "s#^file = .*#file = $TMP/units_only/单位名单.xlsx#" "$TMP/config.ini" > "$TMP/uo.ini"
run uo check -c "$TMP/uo.ini" --input "$TMP/units_only"
eq "units list only: check exit status" "$rc" 2
has "units list only: message" "$TMP/uo.err" "中没有单位报送的工作簿"

# ---- command-line mistakes: one line, then where the help is ------------------------------------
run o1 --frobnicate
eq "unknown option: exit status" "$rc" 2
printf '%s\n' "${E}未知的选项 --frobnicate" "$HELP" > "$TMP/o1.want"
same "unknown option: two lines" "$TMP/o1.err" "$TMP/o1.want"
run o2 run -c "$TMP/config.ini" --as-of
eq "missing argument: exit status" "$rc" 2
printf '%s\n' "${E}选项 --as-of 缺少参数" "$HELP" > "$TMP/o2.want"
same "missing argument: two lines" "$TMP/o2.err" "$TMP/o2.want"
run o3 check -c
printf '%s\n' "${E}选项 -c 缺少参数" "$HELP" > "$TMP/o3.want"
same "missing argument of -c: two lines" "$TMP/o3.err" "$TMP/o3.want"
run o4 run --strict=yes
printf '%s\n' "${E}选项 --strict 不带参数" "$HELP" > "$TMP/o4.want"
same "argument to a flag: two lines" "$TMP/o4.err" "$TMP/o4.want"
run o5 frobnicate
printf '%s\n' "${E}未知的命令：frobnicate（可用的命令：run、check、template、metrics、dump）" "$HELP" > "$TMP/o5.want"
same "unknown command: two lines" "$TMP/o5.err" "$TMP/o5.want"
run o6 run -c "$TMP/config.ini" extra
printf '%s\n' "${E}多余的参数：extra" "$HELP" > "$TMP/o6.want"
same "extra argument: two lines" "$TMP/o6.err" "$TMP/o6.want"
run o7 run -c "$TMP/config.ini" --period 2011-13
eq "bad --period: exit status" "$rc" 2
printf '%s\n' "${E}--period：“2011-13”无效：应为年-月，如 2011-11" > "$TMP/o7.want"
same "bad --period: message" "$TMP/o7.err" "$TMP/o7.want"
run o8 help
eq "taizhang help: exit status" "$rc" 0
"$TAIZHANG" --help > "$TMP/o8.want"
same "taizhang help: the help, as --help" "$TMP/o8.out" "$TMP/o8.want"

# ---- system errors in Chinese --------------------------------------------------------------------
run s1 run -c "$TMP/nonexistent.ini"
eq "config not found: exit status" "$rc" 2
printf '%s\n' "${E}无法打开配置文件 $TMP/nonexistent.ini：文件或文件夹不存在" > "$TMP/s1.want"
same "config not found: message" "$TMP/s1.err" "$TMP/s1.want"
run s2 run -c "$TMP"
printf '%s\n' "${E}无法读取配置文件 $TMP：这是一个文件夹，不是文件" > "$TMP/s2.want"
same "config is a folder: message" "$TMP/s2.err" "$TMP/s2.want"
# A file where the output folder should be (ENOTDIR: root ignores permissions).
: > "$TMP/afile"
run s3 run -c "$TMP/config.ini" --output "$TMP/afile"
eq "output is a file: exit status" "$rc" 3
has "output is a file: message" "$TMP/s3.err" "${E}无法创建输出文件夹 $TMP/afile：路径中有一项不是文件夹"
# The blank template into a folder that does not exist, or onto a folder: the
# reason in Chinese, nothing from libxlsxwriter in English.
run s7 template -c "$TMP/config.ini" -o "$TMP/nofolder/模板.xlsx"
eq "template into a missing folder: exit status" "$rc" 3
printf '%s\n' "${E}无法写出 $TMP/nofolder/模板.xlsx：文件或文件夹不存在" > "$TMP/s7.want"
same "template into a missing folder: message" "$TMP/s7.err" "$TMP/s7.want"
run s8 template -c "$TMP/config.ini" -o "$TMP"
eq "template onto a folder: exit status" "$rc" 3
printf '%s\n' "${E}无法写出 $TMP：这是一个文件夹，不是文件" > "$TMP/s8.want"
same "template onto a folder: message" "$TMP/s8.err" "$TMP/s8.want"
# history.db that cannot be written (chattr +i: immutable even for root): exit 3, outputs kept.
if chattr +i "$OUT/history.db" 2>/dev/null; then
    tree "$OUT/2011-11" > "$TMP/ro.before"
    run s4 run -c "$TMP/config.ini" --as-of 2011-11-25 --period 2011-11
    chattr -i "$OUT/history.db"
    eq "read-only history: exit status" "$rc" 3
    has "read-only history: message" "$TMP/s4.err" "写入失败：数据库是只读的（文件或所在文件夹不可写，或文件系统是只读的）"
    has "read-only history: outputs kept" "$TMP/s4.err" "${E}输出未能写完，$OUT/2011-11 保持上次的内容"
    tree "$OUT/2011-11" > "$TMP/ro.after"
    same "read-only history: outputs untouched" "$TMP/ro.after" "$TMP/ro.before"
else
    echo "t_run.sh: chattr +i not possible here: read-only history.db not tested"
fi
# An output folder nobody may change (chattr +i; EPERM even for root): exit 3, nothing written.
mkdir -p "$TMP/imm"
if chattr +i "$TMP/imm" 2>/dev/null; then
    run s6 run -c "$TMP/config.ini" --output "$TMP/imm"
    chattr -i "$TMP/imm"
    eq "immutable output folder: exit status" "$rc" 3
    printf '%s\n' "${E}无法创建锁文件 $TMP/imm/.2011-11.lock：没有权限（请检查文件或文件夹的权限，或是否被设为不可修改）" > "$TMP/s6.want"
    same "immutable output folder: message" "$TMP/s6.err" "$TMP/s6.want"
fi
# A read-only file system (a tmpfs mounted read-only; needs root).
mkdir -p "$TMP/ro"
if mount -t tmpfs -o ro,size=1m tmpfs "$TMP/ro" 2>/dev/null; then
    run s5 run -c "$TMP/config.ini" --output "$TMP/ro"
    umount "$TMP/ro"
    eq "read-only file system: exit status" "$rc" 3
    printf '%s\n' "${E}无法创建锁文件 $TMP/ro/.2011-11.lock：文件系统是只读的" > "$TMP/s5.want"
    same "read-only file system: message" "$TMP/s5.err" "$TMP/s5.want"
else
    echo "t_run.sh: cannot mount a read-only tmpfs here: EROFS not tested"
fi
grep -l "No such file\|Permission denied\|readonly database\|Read-only file system\|\[ERROR\]\|Error creating\|Is a directory" "$TMP"/*.err > "$TMP/english" 2>/dev/null
eq "no English system error anywhere" "$(cat "$TMP/english")" ""
done_
