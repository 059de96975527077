#!/bin/sh
# `taizhang metrics`: every figure of tests/fixtures/sample/TRUTH.md on the
# bundled sample, and the hand-worked figures of the small campaigns in
# tests/fixtures/metrics (see make_metrics.py for why each row is there).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)

# The sample's config names a summary template that may not exist yet: a
# copy without it, every path absolute.
sed -e '/^template /d' -e "s#= input#= $ROOT/input#" -e "s#= output#= $TMP/out#" \
    -e "s#= templates#= $ROOT/templates#" "$ROOT/config.ini" > "$TMP/sample.ini"
M() { "$TAIZHANG" metrics -c "$TMP/sample.ini" "$@" 2>/dev/null; }

# ---- sample: the scalars TRUTH gives
M > "$TMP/all"
eq "metrics exit" "$?" 0
val() { sed -n "s/^$1	//p" "$TMP/all"; }
for kv in problems.total=73 problems.closed=30 problems.in_progress=28 problems.open=15 \
          problems.overdue=12 problems.due_soon=6 problems.closed_late=1 problems.completion_rate=0.411 \
          activity.questionnaire.times=18 activity.questionnaire.persons=1200 activity.letters=92 \
          activity.meetings.times=24 activity.meetings.persons=235 \
          complaint.total=5 complaint.verified=3 complaint.closed=4 complaint.persons=8 \
          complaint.refund_total=4800.00 action.total=4 \
          inspection.total=4 inspection.sampled=107 inspection.found=10 inspection.notified=3 \
          weekly.weeks_due=6 weekly.missing=65 stage.current=整改落实 stage.days_left=20 \
          units.total=15 units.submitted=14 units.not_submitted=图书馆 \
          issues.errors=5 issues.warnings=6 issues.infos=7 changes.new=0 changes.disappeared=0; do
    eq "sample ${kv%%=*}" "$(val "${kv%%=*}")" "${kv#*=}"
done
eq "sample: one metric by name" "$(M problems.overdue)" 12
eq "sample: completion rate alone" "$(M problems.completion_rate)" 0.411

# ---- sample: the tables TRUTH gives
check_table() {   # NAME, then the expected TSV on stdin
    cat > "$TMP/want"
    M --format tsv "$1" > "$TMP/got"
    same "sample $1" "$TMP/got" "$TMP/want"
}
check_table problems.by_unit <<'T'
单位	问题总数	已完成	整改中	未整改	超期	完成率
院办公室	6	3	3	0	1	0.5
党委办公室	5	2	2	1	1	0.4
组织部	5	2	0	3	1	0.4
宣传部	5	2	3	0	0	0.4
纪委办公室	4	1	2	1	0	0.25
教务处	6	3	2	1	1	0.5
学生工作处	6	2	3	1	1	0.3333
财务处	5	3	1	1	1	0.6
后勤集团	7	2	4	1	3	0.2857
土木学院	6	3	3	0	1	0.5
机电学院	5	1	2	2	1	0.2
信息学院	5	2	1	2	0	0.4
商学院	4	2	1	1	0	0.5
图书馆	0	0	0	0	0	
招生就业处	4	2	1	1	1	0.5
T
check_table problems.by_category <<'T'
问题类别	问题数
庸	22
懒	23
散	14
软	13
其他	1
T
check_table problems.by_source <<'T'
问题来源	问题数
自查	25
群众反映	18
问卷调查	18
上级督查	12
T
check_table problems.by_bucket <<'T'
时限	问题数
已超期	12
10天内	7
20天内	6
20天以上	12
无固定时限	6
T
check_table activity.by_form <<'T'
形式	次数	人次	意见数
问卷调查	18	1200	282
座谈会	15	181	74
个别访谈	3	3	5
上门访谈	9	54	23
意见箱	2	31	35
电子邮箱	3	52	57
网上评议	2	1350	132
T
check_table rating.by_object <<'T'
单位	测评对象	参评人数	满意	基本满意	不满意	满意率
组织部	组织部机关	86	52	26	8	0.907
组织部	干部科	86	50	24	12	0.8605
组织部	组织科	86	55	29	6	0.9767
后勤集团	饮食服务中心	120	45	43	32	0.7333
后勤集团	物业服务中心	120	60	40	20	0.8333
机电学院	机电学院领导班子	68	40	20	8	0.8824
机电学院	机电学院教学办公室	68	30	22	16	0.7647
机电学院	机电学院学生工作办公室	68	38	24	6	0.9118
T
check_table rating.below_threshold <<'T'
单位	测评对象	参评人数	满意	基本满意	不满意	满意率
后勤集团	饮食服务中心	120	45	43	32	0.7333
机电学院	机电学院教学办公室	68	30	22	16	0.7647
T
check_table complaint.by_source <<'T'
来源	件数
省转办	1
市转办	1
自办	2
领导转办	1
T
check_table complaint.by_channel <<'T'
方式	件数
来信	1
来电	1
来访	1
网络	1
电子邮件	1
T
check_table action.by_kind <<'T'
处理方式	人数
约谈	1
诫勉谈话	1
通报批评	1
警告处分	1
T
check_table weekly.by_unit <<'T'
单位	应报周数	已报周数	零报告	缺报周数
院办公室	6	6	1	0
党委办公室	6	0	0	6
组织部	6	0	0	6
宣传部	6	0	0	6
纪委办公室	6	0	0	6
教务处	6	0	0	6
学生工作处	6	0	0	6
财务处	6	5	1	1
后勤集团	6	0	0	6
土木学院	6	6	2	0
机电学院	6	0	0	6
信息学院	6	6	2	0
商学院	6	2	1	4
图书馆	6	0	0	6
招生就业处	6	0	0	6
T
check_table deliverable.summary <<'T'
材料	截止日期	按时	逾期	未报	未到期
工作方案	2011-09-09	12	3	0	0
自查报告	2011-10-15	11	3	1	0
问题清单	2011-11-10	12	2	1	0
整改方案	2011-11-15	9	2	4	0
T
# TRUTH's 催报 column: who is late or missing, per deliverable
M --format tsv deliverable.by_unit | awk -F'\t' '$5 == "逾期" || $5 == "未报" { a[$2] = a[$2] ? a[$2] "、" $1 : $1 }
    END { print "工作方案 " a["工作方案"]; print "自查报告 " a["自查报告"]; print "问题清单 " a["问题清单"]; print "整改方案 " a["整改方案"] }' > "$TMP/got"
cat > "$TMP/want" <<'T'
工作方案 学生工作处、后勤集团、招生就业处
自查报告 组织部、后勤集团、机电学院、图书馆
问题清单 后勤集团、机电学院、图书馆
整改方案 宣传部、教务处、财务处、后勤集团、机电学院、图书馆
T
same "sample 催报 per deliverable" "$TMP/got" "$TMP/want"
M --format tsv deliverable.by_unit | grep -c '' > "$TMP/got"
eq "sample deliverable rows (15 units × 4 + header)" "$(cat "$TMP/got")" 61
eq "sample 后勤集团 自查报告" "$(M --format tsv deliverable.by_unit | grep '^后勤集团	自查报告')" \
   "后勤集团	自查报告	2011-10-15	2011-10-20	逾期"
eq "sample 土木学院 问题清单 (earliest workbook)" "$(M --format tsv deliverable.by_unit | grep '^土木学院	问题清单')" \
   "土木学院	问题清单	2011-11-10	2011-10-18	按时"
M --format tsv problems.overdue_list | cut -f1-5,8,9 > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	问题描述	整改时限	整改状态	超期天数	文件	单元格
后勤集团	学生宿舍报修后维修不及时	2011-10-31	整改中	20	后勤集团.xlsx	问题台账!B6
后勤集团	校园路灯损坏后维修不及时	2011-11-05	整改中	15	后勤集团.xlsx	问题台账!B11
学生工作处	学生心理咨询预约难	2011-11-08	未整改	12	学生工作处.xls	问题清单!B7
党委办公室	对群众反映的问题答复不及时	2011-11-10	整改中	10	党委办公室.xls	Sheet1!B9
后勤集团	校园保洁不到位，教学楼卫生间脏乱	2011-11-10	未整改	10	后勤集团.xlsx	问题台账!B7
组织部	对基层党支部指导不够，深入一线少	2011-11-12	未整改	8	组织部.xlsx	整改台账!B8
机电学院	教师对学生提问答复不及时	2011-11-14	整改中	6	机电学院.xls	问题清单!B8
院办公室	督办事项跟踪不到位，部分工作布置后无反馈	2011-11-15	整改中	5	院办公室.xlsx	问题清单!B8
财务处	财务报销制度宣传不到位，教师多次往返	2011-11-15	整改中	5	财务处.xls	Sheet1!C7
土木学院	校外实习安全管理不到位	2011-11-17	整改中	3	土木学院问题清单（修订）.xlsx	问题清单!B9
教务处	教学检查走过场，检查结果不反馈	2011-11-18	整改中	2	教务处.xlsx	Sheet1!B8
招生就业处	毕业生就业推荐材料办理时间长	2011-11-19	整改中	1	招就处台账.xls	整改台账!B5
T
same "sample overdue list" "$TMP/got" "$TMP/want"
M --format tsv problems.due_soon_list | cut -f1,2,3,5,9 > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	问题描述	整改时限	剩余天数	单元格
后勤集团	校车运行时间不准，学生等车时间长	2011-11-22	2	问题台账!B12
机电学院	学院网站信息更新滞后	2011-11-24	4	问题清单!B9
党委办公室	机要文件传阅不及时，存在积压现象	2011-11-25	5	Sheet1!B7
学生工作处	勤工助学岗位分配不透明	2011-11-25	5	问题清单!B9
宣传部	宣传橱窗内容陈旧，长期不更换	2011-11-26	6	问题台账!B8
信息学院	学生选课系统故障处理不及时	2011-11-26	6	Sheet1!B6
T
same "sample due-soon list" "$TMP/got" "$TMP/want"
# The summary's short lists: a school lists everything, so each is the full
# list (same rows, order and columns) and nothing is left for the ledger.
for kv in problems.by_unit_rest=0 problems.overdue_rest=0 problems.due_soon_rest=0 \
          rating.by_object_rest=0 rating.below_rest=0 units.not_submitted_rest=0 \
          units.not_submitted_count=1 units.not_submitted_top=图书馆; do
    eq "sample ${kv%%=*}" "$(M "${kv%%=*}")" "${kv#*=}"
done
M --format tsv problems.by_unit > "$TMP/want"
M --format tsv problems.by_unit_top > "$TMP/got"
same "sample by_unit_top = by_unit" "$TMP/got" "$TMP/want"
M --format tsv rating.by_object > "$TMP/want"
M --format tsv rating.by_object_top > "$TMP/got"
same "sample by_object_top = by_object" "$TMP/got" "$TMP/want"
M --format tsv rating.below_threshold | cut -f1,2,7 > "$TMP/want"
M --format tsv rating.below_top > "$TMP/got"
same "sample below_top = below_threshold" "$TMP/got" "$TMP/want"
M --format tsv problems.overdue_list | cut -f1,2,3,5 > "$TMP/want"
M --format tsv problems.overdue_top > "$TMP/got"
same "sample overdue_top = overdue_list" "$TMP/got" "$TMP/want"
M --format tsv problems.due_soon_list | cut -f1,2,3,5 > "$TMP/want"
M --format tsv problems.due_soon_top > "$TMP/got"
same "sample due_soon_top = due_soon_list" "$TMP/got" "$TMP/want"
eq "sample closed late" "$(M --format tsv problems.closed_late_list | cut -f1-4 | tail -n 1)" \
   "党委办公室	部分党员干部参加理论学习缺勤，学习记录不全	2011-10-31	2011-11-03"
eq "sample issues.list rows" "$(M --format tsv issues.list | grep -c '')" 19
[ ! -e "$TMP/out" ] && pass || fail "metrics must not create the output folder"

# ---- boundary campaign (hand-worked in make_metrics.py)
B="$ROOT/tests/fixtures/metrics/boundary/config.ini"
MB() { "$TAIZHANG" metrics -c "$B" --output "$TMP/bout" "$@" 2>/dev/null; }
MB > "$TMP/all"
for kv in problems.total=18 problems.closed=4 problems.in_progress=7 problems.open=7 \
          problems.overdue=3 problems.due_soon=2 problems.closed_late=1 problems.no_deadline=1 \
          problems.immediate=2 problems.deadline_invalid=1 problems.deadline_missing=1 \
          problems.completion_rate=0.2222 rating.below_count=1 complaint.total=3 complaint.verified=2 \
          complaint.refund_total=100.75 action.total=3 weekly.weeks_due=4 weekly.missing=8 \
          deliverable.late=2 deliverable.missing=4 stage.current=自查 stage.days_left=0 \
          units.not_submitted=丙单位; do
    eq "boundary ${kv%%=*}" "$(val "${kv%%=*}")" "${kv#*=}"
done
MB --format tsv problems.list | cut -f4,13-15 > "$TMP/got"
cat > "$TMP/want" <<'T'
问题描述	剩余天数	是否超期	是否临期
P1 超期一天	-1	是	
P2 当天到期	0		是
P3 七天后到期	7		是
P4 八天后到期	8		
P5 十天后到期	10		
P6 十一天后到期	11		
P7 二十天后到期	20		
P8 二十一天后到期	21		
P9 长期坚持			
P10 立行立改			
P11 时限写错			
P12 没写时限			
P13 闰日到期已完成			
P14 逾期销号			
P15 立行立改已完成			
P16 状态空白	-5	是	
Q1 明天到期已完成			
Q2 超期九天	-9	是	
T
same "boundary days left, overdue, due soon" "$TMP/got" "$TMP/want"
MB --format tsv problems.by_bucket > "$TMP/got"
printf '时限\t问题数\n已超期\t3\n10天内\t4\n20天内\t2\n20天以上\t1\n无固定时限\t4\n' > "$TMP/want"
same "boundary buckets" "$TMP/got" "$TMP/want"
MB --format tsv weekly.by_unit > "$TMP/got"
# 甲单位 reported the week of 03-03 twice, first as a 零报告 and then not: the later row counts.
printf '单位\t应报周数\t已报周数\t零报告\t缺报周数\n甲单位\t4\t3\t0\t1\n乙单位\t4\t1\t1\t3\n丙单位\t4\t0\t0\t4\n' > "$TMP/want"
same "boundary weekly" "$TMP/got" "$TMP/want"
MB --format tsv deliverable.by_unit > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	材料	截止日期	报送日期	状态
甲单位	工作方案	2024-03-01	2024-03-01	按时
甲单位	自查报告	2024-03-09	2024-03-09	按时
甲单位	整改方案	2024-03-10		未到期
甲单位	问题清单	2024-03-05	2024-03-01	按时
乙单位	工作方案	2024-03-01	2024-03-02	逾期
乙单位	自查报告	2024-03-09		未报
乙单位	整改方案	2024-03-10		未到期
乙单位	问题清单	2024-03-05	2024-03-08	逾期
丙单位	工作方案	2024-03-01		未报
丙单位	自查报告	2024-03-09		未报
丙单位	整改方案	2024-03-10		未到期
丙单位	问题清单	2024-03-05		未报
T
same "boundary deliverables" "$TMP/got" "$TMP/want"
MB --format tsv rating.below_threshold | cut -f2,7 > "$TMP/got"
printf '测评对象\t满意率\n对象乙\t0.79\n' > "$TMP/want"
same "boundary rating threshold (0.80 is not below)" "$TMP/got" "$TMP/want"
eq "boundary --as-of moves the day boundary" \
   "$("$TAIZHANG" metrics -c "$B" --as-of 2024-03-11 --output "$TMP/bout" problems.overdue 2>/dev/null)" 4

# ---- history is read, never written, by `metrics`
H="$ROOT/tests/fixtures/metrics/history"
mkdir -p "$TMP/hout"
sqlite3 "$TMP/hout/history.db" <<'SQL'
CREATE TABLE period(period TEXT PRIMARY KEY, as_of TEXT NOT NULL, problems INTEGER);
CREATE TABLE problem(period TEXT NOT NULL, unit TEXT NOT NULL, desc_norm TEXT NOT NULL, desc TEXT,
  state TEXT NOT NULL, state_label TEXT, file TEXT, sheet TEXT, row INTEGER, PRIMARY KEY(period, unit, desc_norm));
INSERT INTO period VALUES('2024-01', '2024-01-31', 5);
INSERT INTO problem VALUES('2024-01','甲单位','会议通知下发不及时','会议通知下发不及时','open','未整改',NULL,NULL,NULL),
 ('2024-01','甲单位','办事流程不公开','办事流程不公开','in_progress','整改中',NULL,NULL,NULL),
 ('2024-01','甲单位','值班制度落实不严','值班制度落实不严','closed','已完成',NULL,NULL,NULL),
 ('2024-01','甲单位','档案管理混乱','档案管理混乱','open','未整改',NULL,NULL,NULL),
 ('2024-01','乙单位','服务窗口态度生硬','服务窗口态度生硬','open','未整改',NULL,NULL,NULL);
SQL
before=$(cksum < "$TMP/hout/history.db")
MH() { "$TAIZHANG" metrics -c "$H/config2.ini" --output "$TMP/hout" "$@" 2>/dev/null; }
eq "history previous" "$(MH changes.previous)" 2024-01
eq "history new/closed/reopened/disappeared" \
   "$(MH changes.new changes.closed changes.reopened changes.disappeared | tr '\n' ' ')" \
   "changes.new	1 changes.closed	1 changes.reopened	1 changes.disappeared	1 "
MH --format tsv changes.list > "$TMP/got"
cat > "$TMP/want" <<'T'
单位	问题描述	变化	上期状态	本期状态
甲单位	公文处理超时	新增		未整改
甲单位	会议通知下发不及时	销号	未整改	已完成
甲单位	值班制度落实不严	重新打开	已完成	整改中
甲单位	档案管理混乱	消失	未整改	
T
same "history changes.list" "$TMP/got" "$TMP/want"
eq "history.db untouched by metrics" "$(cksum < "$TMP/hout/history.db")" "$before"
eq "period 1 has no earlier period" \
   "$("$TAIZHANG" metrics -c "$H/config1.ini" --output "$TMP/hout" changes.new changes.previous 2>/dev/null | tr '\n' ' ')" \
   "changes.new	0 changes.previous	 "

# ---- usage
"$TAIZHANG" metrics -c "$B" --output "$TMP/bout" no.such.metric > "$TMP/out" 2> "$TMP/err"
eq "unknown metric: exit" "$?" 2
has "unknown metric: message" "$TMP/err" "未知的指标“no.such.metric”"
done_
