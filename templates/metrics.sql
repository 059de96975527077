-- metrics.sql — 报告中的每个数字、每张表都来自这里的一条命名查询（docs/metrics.md）。
-- 修改或新增指标无需重新编译：在 `-- name: 指标名` 一行之后写一条 SQL 查询。
-- 查询结果为一行一列的是一个数值（模板中写 {{指标名}}），多行或多列的是一张表
-- （列名就是用户看到的表头；两列的表也可作图表数据：标签、数值）。
-- `-- money: 列名, 列名` 标明哪些结果列是金额（元，显示两位小数）；
-- 其他小数（比率）最多显示四位小数。用 `taizhang metrics 指标名` 查看结果。
--
-- 可用的表与视图（由 taizhang 在内存中建立）：
--   params           本次运行的参数，一行：as_of, period, prev_period, due_soon_days,
--                    satisfaction_threshold, campaign_start, campaign_end, weekly_enabled, weekly_first
--   param(key,value) 同上，另有 campaign_name, organisation, office, title
--   unit             单位，ord 为单位名单中的顺序（名单外、由汇总台账逐行带来的单位排在后面）
--   stage, deliverable, category, bucket, enum_value, submission, submission_sheet, issue
--   problem, activity, rating, complaint, action, weekly, inspection, receipt
--                    各类报表的记录（列名见 templates/schemas.ini），另有 unit, file, sheet, row,
--                    以及每列的 <列>_cell（单元格）、<列>_raw（原文）
--   problem_view     每个问题及其计算结果：state（open/in_progress/closed）, state_label,
--                    deadline_kind（date/none/immediate/invalid/missing）, deadline_text, days_left,
--                    overdue, days_overdue, due_soon, closed_late, bucket（不含已完成）
--   unit_progress    每个单位的问题数：unit_ord, unit, total, closed, in_progress, open, overdue,
--                    rate（已完成 / 问题总数，没有问题时为空）
--   weekly_due, weekly_unit, weekly_missing        周报应报周次与各单位报送情况
--   deliverable_status                             各单位各项材料：按时/逾期/未报/未到期
--   cur_problem, prev_problem, change_view         与上期相比的变化（history.db）
-- 日期均为 YYYY-MM-DD 文本；金额列为元（REAL），另有 <列>_cents（分，整数）。

-- ======================================================================== 问题

-- 问题总数（各单位问题清单中计入台账的行）
-- name: problems.total
SELECT count(*) FROM problem_view;

-- 已完成（已销号）的问题数
-- name: problems.closed
SELECT count(*) FROM problem_view WHERE state = 'closed';

-- 整改中的问题数
-- name: problems.in_progress
SELECT count(*) FROM problem_view WHERE state = 'in_progress';

-- 未整改的问题数（整改状态为空的也算未整改）
-- name: problems.open
SELECT count(*) FROM problem_view WHERE state = 'open';

-- 超期问题数：未完成且整改时限早于截止日期（时限当天不算超期）
-- name: problems.overdue
SELECT count(*) FROM problem_view WHERE overdue;

-- 临期问题数：未完成且距整改时限 0 至 due_soon_days 天
-- name: problems.due_soon
SELECT count(*) FROM problem_view WHERE due_soon;

-- 逾期销号数：已完成但完成日期晚于整改时限
-- name: problems.closed_late
SELECT count(*) FROM problem_view WHERE closed_late;

-- 整改时限为“长期/持续整改”的问题数
-- name: problems.no_deadline
SELECT count(*) FROM problem_view WHERE deadline_kind = 'none';

-- 整改时限为“立行立改”的问题数
-- name: problems.immediate
SELECT count(*) FROM problem_view WHERE deadline_kind = 'immediate';

-- 整改时限无法识别的问题数（不计入超期）
-- name: problems.deadline_invalid
SELECT count(*) FROM problem_view WHERE deadline_kind = 'invalid';

-- 整改时限未填写的问题数
-- name: problems.deadline_missing
SELECT count(*) FROM problem_view WHERE deadline_kind = 'missing';

-- 整改完成率：已完成 / 问题总数（0 到 1；没有问题时为空）
-- name: problems.completion_rate
SELECT CASE WHEN count(*) > 0 THEN CAST(sum(state = 'closed') AS REAL) / count(*) END FROM problem_view;

-- 按问题类别统计（活动规定的类别依次列出，另加“其他”）
-- name: problems.by_category
SELECT c.name AS 问题类别, COALESCE(n.k, 0) AS 问题数
FROM category c LEFT JOIN (SELECT category, count(*) AS k FROM problem_view GROUP BY category) n
  ON n.category = c.name
ORDER BY c.ord;

-- 按问题来源统计（问题数多的在前）
-- name: problems.by_source
SELECT COALESCE(source, '未填写') AS 问题来源, count(*) AS 问题数
FROM problem_view GROUP BY 1 ORDER BY 2 DESC, 1;

-- 按整改状态统计
-- name: problems.by_state
SELECT e.label AS 整改状态, COALESCE(n.k, 0) AS 问题数
FROM enum_value e LEFT JOIN (SELECT state, count(*) AS k FROM problem_view GROUP BY state) n
  ON n.state = e.value
WHERE e.kind = 'problem' AND e.col = 'status'
ORDER BY e.ord DESC;

-- 各单位问题整改情况（单位名单顺序；完成率 = 已完成 / 问题总数，没有问题时为空）
-- name: problems.by_unit
SELECT unit AS 单位, total AS 问题总数, closed AS 已完成, in_progress AS 整改中, open AS 未整改,
       overdue AS 超期, rate AS 完成率
FROM unit_progress
ORDER BY unit_ord;

-- 阶段总结中的各单位整改情况：单位不超过 20 个时即 problems.by_unit（单位名单顺序）；
-- 更多时只列超期问题最多的 20 个单位（超期数相同的，完成率低的在前），
-- 其余单位见汇总台账“汇总”表。改动 20 时，下一条指标和模板中的“20个单位”一起改。
-- name: problems.by_unit_top
SELECT unit AS 单位, total AS 问题总数, closed AS 已完成, in_progress AS 整改中, open AS 未整改,
       overdue AS 超期, rate AS 完成率
FROM unit_progress
ORDER BY CASE WHEN (SELECT count(*) FROM unit) > 20 THEN 0 ELSE unit_ord END,
         overdue DESC, total = 0, rate, unit_ord
LIMIT 20;

-- problems.by_unit_top 没有列出的单位数（单位不超过 20 个时为 0）
-- name: problems.by_unit_rest
SELECT max(count(*) - 20, 0) FROM unit;

-- 未完成问题按整改时限分档：已超期 / 10天内（剩 0–10 天）/ 20天内（11–20 天）/ 20天以上 /
-- 无固定时限（长期、持续整改、立行立改、时限无法识别或未填）
-- name: problems.by_bucket
SELECT b.name AS 时限, COALESCE(n.k, 0) AS 问题数
FROM bucket b LEFT JOIN (SELECT bucket, count(*) AS k FROM problem_view GROUP BY bucket) n
  ON n.bucket = b.name
ORDER BY b.ord;

-- 问题台账：每个问题（序号 1…N；原序号为单位自己的编号）及计算出的状态、剩余天数、
-- 是否超期、是否临期，以及来源文件和行（最后三列只供办公室核对，不打印）
-- name: problems.list
SELECT row_number() OVER (ORDER BY unit_ord, id) AS 序号, base_unit AS 单位,
       CASE WHEN seq GLOB '[0-9]*' AND seq NOT GLOB '*[^0-9]*' AND length(seq) < 10
            THEN CAST(seq AS INTEGER) ELSE seq END AS 原序号, desc AS 问题描述, category AS 问题类别, source AS 问题来源,
       dept AS 责任部门, person AS 责任人, measure AS 整改措施, deadline_text AS 整改时限,
       state_label AS 整改状态, done_date AS 完成日期,
       CASE WHEN state = 'closed' THEN NULL ELSE days_left END AS 剩余天数,
       CASE WHEN overdue THEN '是' ELSE '' END AS 是否超期,
       CASE WHEN due_soon THEN '是' ELSE '' END AS 是否临期,
       note AS 备注, file AS 文件, sheet AS 工作表, row AS 行
FROM problem_view ORDER BY unit_ord, id;

-- 层层汇总时的同一张表：多出上报单位（下一级汇总时这一行所在的单位）和更下面的上报路径
-- name: problems.list_rollup
SELECT row_number() OVER (ORDER BY unit_ord, id) AS 序号, base_unit AS 单位,
       CASE WHEN seq GLOB '[0-9]*' AND seq NOT GLOB '*[^0-9]*' AND length(seq) < 10
            THEN CAST(seq AS INTEGER) ELSE seq END AS 原序号, desc AS 问题描述, category AS 问题类别, source AS 问题来源,
       dept AS 责任部门, person AS 责任人, measure AS 整改措施, deadline_text AS 整改时限,
       state_label AS 整改状态, done_date AS 完成日期,
       CASE WHEN state = 'closed' THEN NULL ELSE days_left END AS 剩余天数,
       CASE WHEN overdue THEN '是' ELSE '' END AS 是否超期,
       CASE WHEN due_soon THEN '是' ELSE '' END AS 是否临期,
       note AS 备注, CASE WHEN base_unit <> unit THEN unit END AS 上报单位, path AS 上报路径,
       file AS 文件, sheet AS 工作表, row AS 行
FROM problem_view ORDER BY unit_ord, id;

-- 超期问题（超期天数多的在前）
-- name: problems.overdue_list
SELECT unit AS 单位, desc AS 问题描述, deadline AS 整改时限, state_label AS 整改状态,
       days_overdue AS 超期天数, dept AS 责任部门, person AS 责任人,
       file AS 文件, sheet || '!' || desc_cell AS 单元格
FROM problem_view WHERE overdue ORDER BY days_overdue DESC, unit_ord, id;

-- 层层汇总时的同一张表：单位是基层单位，多出上报单位和上报路径
-- name: problems.overdue_list_rollup
SELECT base_unit AS 单位, desc AS 问题描述, deadline AS 整改时限, state_label AS 整改状态,
       days_overdue AS 超期天数, dept AS 责任部门, person AS 责任人,
       CASE WHEN base_unit <> unit THEN unit END AS 上报单位, path AS 上报路径,
       file AS 文件, sheet || '!' || desc_cell AS 单元格
FROM problem_view WHERE overdue ORDER BY days_overdue DESC, unit_ord, id;

-- 阶段总结列出的超期问题：超期天数最多的 20 个（不超过 20 个时即全部；
-- 完整名单见汇总台账“超期问题”表）。改动 20 时，下一条指标和模板中的“20个”一起改。
-- 单位是 unit_key：层层汇总时写出“上报单位／上报路径／基层单位”
-- name: problems.overdue_top
SELECT unit_key AS 单位, desc AS 问题描述, deadline AS 整改时限, days_overdue AS 超期天数
FROM problem_view WHERE overdue ORDER BY days_overdue DESC, unit_ord, id LIMIT 20;

-- problems.overdue_top 没有列出的超期问题数
-- name: problems.overdue_rest
SELECT max(count(*) - 20, 0) FROM problem_view WHERE overdue;

-- 临期问题（剩余天数少的在前）
-- name: problems.due_soon_list
SELECT unit AS 单位, desc AS 问题描述, deadline AS 整改时限, state_label AS 整改状态,
       days_left AS 剩余天数, dept AS 责任部门, person AS 责任人,
       file AS 文件, sheet || '!' || desc_cell AS 单元格
FROM problem_view WHERE due_soon ORDER BY days_left, unit_ord, id;

-- 层层汇总时的同一张表：单位是基层单位，多出上报单位和上报路径
-- name: problems.due_soon_list_rollup
SELECT base_unit AS 单位, desc AS 问题描述, deadline AS 整改时限, state_label AS 整改状态,
       days_left AS 剩余天数, dept AS 责任部门, person AS 责任人,
       CASE WHEN base_unit <> unit THEN unit END AS 上报单位, path AS 上报路径,
       file AS 文件, sheet || '!' || desc_cell AS 单元格
FROM problem_view WHERE due_soon ORDER BY days_left, unit_ord, id;

-- 阶段总结列出的临期问题：最先到期的 10 个（完整名单见汇总台账“临期问题”表）。
-- 改动 10 时，下一条指标和模板中的“10个”一起改。
-- 单位是 unit_key：层层汇总时写出“上报单位／上报路径／基层单位”
-- name: problems.due_soon_top
SELECT unit_key AS 单位, desc AS 问题描述, deadline AS 整改时限, days_left AS 剩余天数
FROM problem_view WHERE due_soon ORDER BY days_left, unit_ord, id LIMIT 10;

-- problems.due_soon_top 没有列出的临期问题数
-- name: problems.due_soon_rest
SELECT max(count(*) - 10, 0) FROM problem_view WHERE due_soon;

-- 逾期销号的问题
-- name: problems.closed_late_list
SELECT unit AS 单位, desc AS 问题描述, deadline AS 整改时限, done_date AS 完成日期,
       CAST(julianday(done_date) - julianday(deadline) AS INTEGER) AS 逾期天数,
       file AS 文件, sheet || '!' || done_date_cell AS 单元格
FROM problem_view WHERE closed_late ORDER BY unit_ord, id;

-- ======================================================================== 征求意见

-- 征求意见活动的次数合计
-- name: activity.times
SELECT COALESCE(sum(times), 0) FROM activity;

-- 征求意见参与人次合计
-- name: activity.persons
SELECT COALESCE(sum(persons), 0) FROM activity;

-- 征求意见收到的意见数合计
-- name: activity.opinions
SELECT COALESCE(sum(opinions), 0) FROM activity;

-- 问卷调查的次数
-- name: activity.questionnaire.times
SELECT COALESCE(sum(times), 0) FROM activity WHERE form = '问卷调查';

-- 问卷调查的人次
-- name: activity.questionnaire.persons
SELECT COALESCE(sum(persons), 0) FROM activity WHERE form = '问卷调查';

-- 电子邮箱和意见箱收到的来信（意见数）
-- name: activity.letters
SELECT COALESCE(sum(opinions), 0) FROM activity WHERE form IN ('电子邮箱', '意见箱', '来信');

-- 座谈会和上门访谈的次数
-- name: activity.meetings.times
SELECT COALESCE(sum(times), 0) FROM activity WHERE form IN ('座谈会', '上门访谈');

-- 座谈会和上门访谈的人次
-- name: activity.meetings.persons
SELECT COALESCE(sum(persons), 0) FROM activity WHERE form IN ('座谈会', '上门访谈');

-- 按形式统计（schemas.ini 中的顺序，只列有记录的形式）
-- name: activity.by_form
SELECT a.form AS 形式, COALESCE(sum(a.times), 0) AS 次数, COALESCE(sum(a.persons), 0) AS 人次,
       COALESCE(sum(a.opinions), 0) AS 意见数
FROM activity a WHERE a.form IS NOT NULL
GROUP BY a.form ORDER BY min(a.form_ord);

-- 各单位征求意见情况
-- name: activity.by_unit
SELECT u.name AS 单位, count(a.id) AS 记录数, COALESCE(sum(a.times), 0) AS 次数,
       COALESCE(sum(a.persons), 0) AS 人次, COALESCE(sum(a.opinions), 0) AS 意见数
FROM unit u LEFT JOIN activity a ON a.unit = u.name
GROUP BY u.ord ORDER BY u.ord;

-- 征求意见明细
-- name: activity.list
SELECT a.base_unit AS 单位, a.date AS 日期, a.form AS 形式, a.times AS 次数, a.persons AS 人次,
       a.opinions AS 意见数, a.note AS 备注, a.file AS 文件, a.sheet AS 工作表, a.row AS 行
FROM activity a LEFT JOIN unit u ON u.name = a.unit ORDER BY u.ord, a.id;

-- 层层汇总时的同一张表：多出上报单位（下一级汇总时这一行所在的单位）和更下面的上报路径
-- name: activity.list_rollup
SELECT a.base_unit AS 单位, a.date AS 日期, a.form AS 形式, a.times AS 次数, a.persons AS 人次,
       a.opinions AS 意见数, a.note AS 备注, CASE WHEN a.base_unit <> a.unit THEN a.unit END AS 上报单位,
       a.path AS 上报路径, a.file AS 文件, a.sheet AS 工作表, a.row AS 行
FROM activity a LEFT JOIN unit u ON u.name = a.unit ORDER BY u.ord, a.id;

-- ======================================================================== 民主测评

-- 各测评对象的满意率 =（满意 + 基本满意）/ 参评人数
-- name: rating.by_object
SELECT r.unit AS 单位, r.target AS 测评对象, r.voters AS 参评人数, r.satisfied AS 满意,
       r.basic AS 基本满意, r.unsatisfied AS 不满意,
       CASE WHEN r.voters > 0
            THEN CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters END AS 满意率
FROM rating r LEFT JOIN unit u ON u.name = r.unit ORDER BY u.ord, r.id;

-- 层层汇总时的同一张表：单位是基层单位（测评的是它的对象），多出上报单位和上报路径，
-- 上一级读回时每个测评对象仍在它的学校和区县之下
-- name: rating.by_object_rollup
SELECT r.base_unit AS 单位, r.target AS 测评对象, r.voters AS 参评人数, r.satisfied AS 满意,
       r.basic AS 基本满意, r.unsatisfied AS 不满意,
       CASE WHEN r.voters > 0
            THEN CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters END AS 满意率,
       CASE WHEN r.base_unit <> r.unit THEN r.unit END AS 上报单位, r.path AS 上报路径
FROM rating r LEFT JOIN unit u ON u.name = r.unit ORDER BY u.ord, r.id;

-- 满意率低于 satisfaction_threshold 的测评对象（需“回头看”）
-- name: rating.below_threshold
SELECT r.unit AS 单位, r.target AS 测评对象, r.voters AS 参评人数, r.satisfied AS 满意,
       r.basic AS 基本满意, r.unsatisfied AS 不满意,
       CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters AS 满意率
FROM rating r LEFT JOIN unit u ON u.name = r.unit, params x
WHERE r.voters > 0
  AND CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters < x.satisfaction_threshold
ORDER BY u.ord, r.id;

-- 阶段总结列出的测评对象：不超过 20 个时即 rating.by_object（单位名单顺序）；
-- 更多时只列满意率最低的 20 个，其余见汇总台账“民主测评”表。
-- 改动 20 时，下一条指标和模板中的“20个”一起改。单位是 unit_key（层层汇总时含基层单位）。
-- name: rating.by_object_top
SELECT 单位, 测评对象, 参评人数, 满意, 基本满意, 不满意, 满意率 FROM (
  SELECT r.unit_key AS 单位, r.target AS 测评对象, r.voters AS 参评人数, r.satisfied AS 满意,
         r.basic AS 基本满意, r.unsatisfied AS 不满意,
         CASE WHEN r.voters > 0
              THEN CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters END AS 满意率,
         r.unit_ord AS o, r.id AS i, (SELECT count(*) FROM rating) > 20 AS many
  FROM rating_base r)
ORDER BY CASE WHEN many THEN 满意率 IS NULL END, CASE WHEN many THEN 满意率 END, o, i
LIMIT 20;

-- rating.by_object_top 没有列出的测评对象数
-- name: rating.by_object_rest
SELECT max(count(*) - 20, 0) FROM rating;

-- 阶段总结点名的满意率低于阈值的测评对象：不超过 20 个时即 rating.below_threshold；
-- 更多时只点满意率最低的 20 个（其余的个数见 rating.below_rest）。
-- name: rating.below_top
SELECT unit AS 单位, target AS 测评对象, rate AS 满意率 FROM rating_below
ORDER BY CASE WHEN (SELECT count(*) FROM rating_below) > 20 THEN rate END, o, i
LIMIT 20;

-- 测评对象个数
-- name: rating.objects
SELECT count(*) FROM rating;

-- 满意率低于阈值的测评对象个数
-- name: rating.below_count
SELECT count(*) FROM rating r, params x WHERE r.voters > 0
  AND CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters < x.satisfaction_threshold;

-- rating.below_top 没有点名的测评对象数
-- name: rating.below_rest
SELECT max(count(*) - 20, 0) FROM rating r, params x WHERE r.voters > 0
  AND CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters < x.satisfaction_threshold;

-- 总体满意率（全部测评票合计）
-- name: rating.overall_rate
SELECT CAST(sum(COALESCE(satisfied, 0) + COALESCE(basic, 0)) AS REAL) / sum(voters)
FROM rating WHERE voters > 0;

-- ======================================================================== 信访举报

-- 信访举报件数（一行为一件）
-- name: complaint.total
SELECT count(*) FROM complaint;

-- 查实件数（是否查实 = 是）
-- name: complaint.verified
SELECT count(*) FROM complaint WHERE verified = '是';

-- 已办结件数
-- name: complaint.closed
SELECT count(*) FROM complaint WHERE status = '已办结';

-- 信访人次合计
-- name: complaint.persons
SELECT COALESCE(sum(persons), 0) FROM complaint;

-- 退还金额合计（元）
-- name: complaint.refund_total
-- money: 退还金额
SELECT COALESCE(sum(refund_cents), 0) / 100.0 AS 退还金额 FROM complaint;

-- 按来源统计（schemas.ini 中的顺序，只列有记录的来源）
-- name: complaint.by_source
SELECT COALESCE(source, '未填写') AS 来源, count(*) AS 件数
FROM complaint GROUP BY 1 ORDER BY min(COALESCE(source_ord, 999)), 1;

-- 按方式统计
-- name: complaint.by_channel
SELECT COALESCE(channel, '未填写') AS 方式, count(*) AS 件数
FROM complaint GROUP BY 1 ORDER BY min(COALESCE(channel_ord, 999)), 1;

-- 信访举报明细
-- name: complaint.list
-- money: 退还金额
SELECT c.base_unit AS 单位, c.date AS 受理日期, c.source AS 来源, c.channel AS 方式, c.persons AS 人次,
       c.summary AS 内容摘要, c.status AS 办理状态, c.verified AS 是否查实, c.result AS 处理结果,
       c.refund AS 退还金额, c.file AS 文件, c.sheet AS 工作表, c.row AS 行
FROM complaint c LEFT JOIN unit u ON u.name = c.unit ORDER BY u.ord, c.id;

-- 层层汇总时的同一张表：多出上报单位（下一级汇总时这一行所在的单位）和更下面的上报路径
-- name: complaint.list_rollup
-- money: 退还金额
SELECT c.base_unit AS 单位, c.date AS 受理日期, c.source AS 来源, c.channel AS 方式, c.persons AS 人次,
       c.summary AS 内容摘要, c.status AS 办理状态, c.verified AS 是否查实, c.result AS 处理结果,
       c.refund AS 退还金额, CASE WHEN c.base_unit <> c.unit THEN c.unit END AS 上报单位,
       c.path AS 上报路径, c.file AS 文件, c.sheet AS 工作表, c.row AS 行
FROM complaint c LEFT JOIN unit u ON u.name = c.unit ORDER BY u.ord, c.id;

-- ======================================================================== 问责处理

-- 问责人数（一行为一人）
-- name: action.total
SELECT count(*) FROM action;

-- 按处理方式统计人数（schemas.ini 中的顺序）
-- name: action.by_kind
SELECT COALESCE(kind, '未填写') AS 处理方式, count(*) AS 人数
FROM action GROUP BY 1 ORDER BY min(COALESCE(kind_ord, 999)), 1;

-- 问责处理明细
-- name: action.list
SELECT a.base_unit AS 单位, a.name AS 姓名, a.title AS 职务, a.problem AS 问题, a.kind AS 处理方式,
       a.date AS 处理日期, a.file AS 文件, a.sheet AS 工作表, a.row AS 行
FROM action a LEFT JOIN unit u ON u.name = a.unit ORDER BY u.ord, a.id;

-- 层层汇总时的同一张表：多出上报单位（下一级汇总时这一行所在的单位）和更下面的上报路径
-- name: action.list_rollup
SELECT a.base_unit AS 单位, a.name AS 姓名, a.title AS 职务, a.problem AS 问题, a.kind AS 处理方式,
       a.date AS 处理日期, CASE WHEN a.base_unit <> a.unit THEN a.unit END AS 上报单位,
       a.path AS 上报路径, a.file AS 文件, a.sheet AS 工作表, a.row AS 行
FROM action a LEFT JOIN unit u ON u.name = a.unit ORDER BY u.ord, a.id;

-- ======================================================================== 督查记录

-- 督查次数
-- name: inspection.total
SELECT count(*) FROM inspection;

-- 抽查人数合计
-- name: inspection.sampled
SELECT COALESCE(sum(sampled), 0) FROM inspection;

-- 督查发现问题数合计
-- name: inspection.found
SELECT COALESCE(sum(found), 0) FROM inspection;

-- 通报次数
-- name: inspection.notified
SELECT count(*) FROM inspection WHERE notified = '是';

-- 按方式统计
-- name: inspection.by_method
SELECT COALESCE(method, '未填写') AS 方式, count(*) AS 次数
FROM inspection GROUP BY 1 ORDER BY min(COALESCE(method_ord, 999)), 1;

-- 督查记录明细
-- name: inspection.list
SELECT i.base_unit AS 单位, i.date AS 日期, i.method AS 方式, i.target AS 检查对象, i.sampled AS 抽查人数,
       i.found AS 发现问题数, i.notified AS 是否通报, i.file AS 文件, i.sheet AS 工作表, i.row AS 行
FROM inspection i LEFT JOIN unit u ON u.name = i.unit ORDER BY u.ord, i.id;

-- 层层汇总时的同一张表：多出上报单位（下一级汇总时这一行所在的单位）和更下面的上报路径
-- name: inspection.list_rollup
SELECT i.base_unit AS 单位, i.date AS 日期, i.method AS 方式, i.target AS 检查对象, i.sampled AS 抽查人数,
       i.found AS 发现问题数, i.notified AS 是否通报, CASE WHEN i.base_unit <> i.unit THEN i.unit END AS 上报单位,
       i.path AS 上报路径, i.file AS 文件, i.sheet AS 工作表, i.row AS 行
FROM inspection i LEFT JOIN unit u ON u.name = i.unit ORDER BY u.ord, i.id;

-- ======================================================================== 周报

-- 截至 as_of 每个单位应报的周数（[weekly] first 起每 7 天一期）
-- name: weekly.weeks_due
SELECT count(*) FROM weekly_due;

-- 各单位周报：应报、已报（一周报多次只算一次；零报告也算已报）、零报告周数、缺报周数
-- name: weekly.by_unit
SELECT unit AS 单位, due AS 应报周数, reported AS 已报周数, zero AS 零报告, due - reported AS 缺报周数
FROM weekly_unit ORDER BY unit_ord;

-- 全部单位合计缺报周数
-- name: weekly.missing
SELECT COALESCE(sum(due - reported), 0) FROM weekly_unit;

-- 缺报的周次（催报用）
-- name: weekly.missing_list
SELECT unit AS 单位, due AS 截止日期 FROM weekly_missing ORDER BY unit_ord, k;

-- ======================================================================== 报送材料

-- 各单位各项材料的报送情况：按时（不晚于截止日）、逾期、未报（已过截止日仍无记录）、未到期
-- name: deliverable.by_unit
SELECT unit AS 单位, deliverable AS 材料, due AS 截止日期, submitted AS 报送日期, status AS 状态
FROM deliverable_status ORDER BY unit_ord, deliverable_ord;

-- 各项材料汇总
-- name: deliverable.summary
SELECT d.name AS 材料, d.due AS 截止日期,
       count(CASE WHEN s.status = '按时' THEN 1 END) AS 按时,
       count(CASE WHEN s.status = '逾期' THEN 1 END) AS 逾期,
       count(CASE WHEN s.status = '未报' THEN 1 END) AS 未报,
       count(CASE WHEN s.status = '未到期' THEN 1 END) AS 未到期
FROM deliverable d LEFT JOIN deliverable_status s ON s.deliverable_ord = d.ord
GROUP BY d.ord ORDER BY d.ord;

-- 逾期报送的（单位，材料）数
-- name: deliverable.late
SELECT count(*) FROM deliverable_status WHERE status = '逾期';

-- 已过截止日仍未报送的（单位，材料）数
-- name: deliverable.missing
SELECT count(*) FROM deliverable_status WHERE status = '未报';

-- 催报名单：每个逾期或缺报的单位一行（ledger.ini 中 pivot 展开），每项材料一列：
-- “未报”，或“逾期（9月30日收到）”；缺报的周报在一格中列出各周截止日（“6月2日、6月9日”）。
-- 缺得多的单位在前（未报的材料数 + 缺报周数），其次逾期多的，再按单位名单顺序。
-- name: reminders.list
WITH item AS (
  SELECT unit_ord, unit, deliverable_ord AS k, deliverable AS 事项,
         CASE WHEN status = '未报' THEN '未报'
              ELSE '逾期（' || CAST(strftime('%m', submitted) AS INTEGER) || '月'
                   || CAST(strftime('%d', submitted) AS INTEGER) || '日收到）' END AS 情况,
         status = '未报' AS missing, status = '逾期' AS late
  FROM deliverable_status WHERE status IN ('逾期', '未报')
  UNION ALL
  SELECT unit_ord, unit, 1e9, '缺报周报',
         group_concat(CAST(strftime('%m', due) AS INTEGER) || '月' || CAST(strftime('%d', due) AS INTEGER) || '日', '、'),
         count(*), 0
  FROM (SELECT unit_ord, unit, due FROM weekly_missing ORDER BY unit_ord, k) GROUP BY unit_ord, unit)
SELECT unit AS 单位, 事项, 情况 FROM item i
ORDER BY (SELECT sum(missing) FROM item j WHERE j.unit_ord = i.unit_ord) DESC,
         (SELECT sum(late) FROM item j WHERE j.unit_ord = i.unit_ord) DESC, unit_ord, k;

-- 催报名单的各列：有单位逾期或未报的材料（按 config.ini 的顺序），有缺报时再加“缺报周报”
-- name: reminders.items
SELECT 事项 FROM (
  SELECT d.ord AS k, d.name AS 事项 FROM deliverable d
  WHERE EXISTS (SELECT 1 FROM deliverable_status s WHERE s.deliverable_ord = d.ord AND s.status IN ('逾期', '未报'))
  UNION ALL
  SELECT 1e9, '缺报周报' WHERE EXISTS (SELECT 1 FROM weekly_missing))
ORDER BY k;

-- ======================================================================== 阶段

-- 截止日期所在的阶段（不在任何阶段时为空）
-- name: stage.current
SELECT (SELECT s.name FROM stage s, params x WHERE x.as_of BETWEEN s.start AND s.end ORDER BY s.ord LIMIT 1);

-- 距本阶段结束的天数（结束日 − 截止日期）
-- name: stage.days_left
SELECT (SELECT CAST(julianday(s.end) - julianday(x.as_of) AS INTEGER)
        FROM stage s, params x WHERE x.as_of BETWEEN s.start AND s.end ORDER BY s.ord LIMIT 1);

-- 各阶段
-- name: stage.list
SELECT s.name AS 阶段, s.start AS 开始日期, s.end AS 结束日期,
       CASE WHEN x.as_of > s.end THEN '已结束' WHEN x.as_of >= s.start THEN '进行中' ELSE '未开始' END AS 状态
FROM stage s, params x ORDER BY s.ord;

-- ======================================================================== 与上期相比

-- 上期名称（history.db 中没有更早的期次时为空，此时各项变化均为 0）
-- name: changes.previous
SELECT prev_period FROM params;

-- 本期新增的问题（上期没有的）
-- name: changes.new
SELECT count(*) FROM change_view WHERE change = '新增';

-- 本期销号：上期未完成、本期已完成
-- name: changes.closed
SELECT count(*) FROM change_view WHERE change = '销号';

-- 重新打开：上期已完成、本期未完成
-- name: changes.reopened
SELECT count(*) FROM change_view WHERE change = '重新打开';

-- 消失：上期有、本期单位报送中没有了的问题（需核实，不会被悄悄删去）
-- name: changes.disappeared
SELECT count(*) FROM change_view WHERE change = '消失';

-- 变化明细
-- 层层汇总时单位是“上报单位／上报路径／基层单位”：按上报单位的名单顺序，其下每个学校的变化在一起
-- name: changes.list
SELECT c.unit AS 单位, c.desc AS 问题描述, c.change AS 变化, c.prev_label AS 上期状态, c.cur_label AS 本期状态
FROM change_view c LEFT JOIN unit u ON u.name = c.unit OR substr(c.unit, 1, length(u.name) + 1) = u.name || '／'
ORDER BY u.ord, c.unit, c.change_ord, c.desc;

-- ======================================================================== 单位与报送

-- 单位名单中的单位数
-- name: units.total
SELECT count(*) FROM unit WHERE configured;

-- 已报送工作簿的单位数
-- name: units.submitted
SELECT count(*) FROM unit u WHERE u.configured
  AND EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission');

-- 未报送任何工作簿的单位，按单位名单顺序以“、”连接（都已报送时为空）
-- name: units.not_submitted
SELECT (SELECT group_concat(name, '、') FROM (SELECT u.name FROM unit u WHERE u.configured
  AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission')
  ORDER BY u.ord));

-- 未报送的单位数
-- name: units.not_submitted_count
SELECT count(*) FROM unit u WHERE u.configured
  AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission');

-- 阶段总结点名的未报送单位：单位名单中的前 20 个，以“、”连接（都已报送时为空）
-- name: units.not_submitted_top
SELECT (SELECT group_concat(name, '、') FROM (SELECT u.name FROM unit u WHERE u.configured
  AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission')
  ORDER BY u.ord LIMIT 20));

-- units.not_submitted_top 没有点名的未报送单位数
-- name: units.not_submitted_rest
SELECT max(count(*) - 20, 0) FROM unit u WHERE u.configured
  AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission');

-- 各单位汇总（汇总台账“汇总”表、阶段总结用）
-- name: units.summary
SELECT u.name AS 单位,
       CASE WHEN EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission')
            THEN '已报' ELSE '未报' END AS 报送,
       (SELECT count(*) FROM problem_view p WHERE p.unit = u.name) AS 问题总数,
       (SELECT count(*) FROM problem_view p WHERE p.unit = u.name AND p.state = 'closed') AS 已完成,
       (SELECT count(*) FROM problem_view p WHERE p.unit = u.name AND p.state = 'in_progress') AS 整改中,
       (SELECT count(*) FROM problem_view p WHERE p.unit = u.name AND p.state = 'open') AS 未整改,
       (SELECT count(*) FROM problem_view p WHERE p.unit = u.name AND p.overdue) AS 超期,
       (SELECT CAST(sum(p.state = 'closed') AS REAL) / count(*) FROM problem_view p WHERE p.unit = u.name) AS 完成率,
       (SELECT COALESCE(sum(a.times), 0) FROM activity a WHERE a.unit = u.name) AS 征求意见次数,
       (SELECT COALESCE(sum(a.persons), 0) FROM activity a WHERE a.unit = u.name) AS 参与人次,
       (SELECT CAST(sum(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0)) AS REAL) / sum(r.voters)
          FROM rating r WHERE r.unit = u.name AND r.voters > 0) AS 满意率,
       w.reported AS 周报已报, w.due AS 周报应报
FROM unit u LEFT JOIN weekly_unit w ON w.unit = u.name ORDER BY u.ord;

-- 有没有从下一级汇总上来的行（某行的基层单位与上报单位不同，或带上报路径）：有则台账用 *_rollup 各表
-- name: rollup.rows
SELECT 1 WHERE EXISTS (SELECT 1 FROM problem_view WHERE base_unit <> unit OR path IS NOT NULL)
  OR EXISTS (SELECT 1 FROM activity WHERE base_unit <> unit OR path IS NOT NULL)
  OR EXISTS (SELECT 1 FROM rating WHERE base_unit <> unit OR path IS NOT NULL)
  OR EXISTS (SELECT 1 FROM complaint WHERE base_unit <> unit OR path IS NOT NULL)
  OR EXISTS (SELECT 1 FROM action WHERE base_unit <> unit OR path IS NOT NULL)
  OR EXISTS (SELECT 1 FROM inspection WHERE base_unit <> unit OR path IS NOT NULL);

-- 层层汇总：各上报单位之下的基层单位（台账中每行的“单位”与上报单位不同、或带上报路径时才有行）。
-- 按上报路径分开：省里两个区县的同名学校（都经市教育局上报）是两行。
-- 顺序是本级单位名单的顺序，其下是各行在下一级台账中的顺序（即下一级的单位名单顺序）
-- name: units.base_summary
SELECT unit AS 上报单位, path AS 上报路径, base_unit AS 基层单位, count(*) AS 问题总数,
       sum(state = 'closed') AS 已完成, sum(state = 'in_progress') AS 整改中, sum(state = 'open') AS 未整改,
       sum(overdue) AS 超期, CAST(sum(state = 'closed') AS REAL) / count(*) AS 完成率
FROM problem_view WHERE base_unit <> unit OR path IS NOT NULL
GROUP BY unit_ord, unit, path, base_unit ORDER BY unit_ord, min(id);

-- 报送的文件：单位、填报日期、报表种类、读取 = 计入 + 退回 + 被取代
-- name: submission.list
SELECT s.file AS 文件, COALESCE(s.unit, CASE s.role WHEN 'office' THEN '办公室登记'
         WHEN 'units' THEN '单位名单' ELSE '' END) AS 单位,
       s.date AS 填报日期, s.kinds AS 报表, s.rows_read AS 读取, s.rows_kept AS 计入,
       s.rows_rejected AS 退回, s.rows_superseded AS 被取代
FROM submission s ORDER BY s.ord;

-- ======================================================================== 数据校验

-- “错误”级校验问题条数
-- name: issues.errors
SELECT count(*) FROM issue WHERE severity = 'error';

-- “警告”条数
-- name: issues.warnings
SELECT count(*) FROM issue WHERE severity = 'warning';

-- “提示”条数
-- name: issues.infos
SELECT count(*) FROM issue WHERE severity = 'info';

-- 全部校验问题（按单位名单顺序，其余按文件）
-- name: issues.list
SELECT i.level AS 级别, i.code AS 代码, i.unit AS 单位, i.file AS 文件, i.sheet AS 工作表,
       i.cell AS 单元格, i.message AS 说明
FROM issue i LEFT JOIN unit u ON u.name = i.unit
ORDER BY u.ord IS NULL, u.ord, i.ord;

-- 各单位校验问题条数（有问题的单位）
-- name: issues.by_unit
SELECT COALESCE(NULLIF(i.unit, ''), '未确定单位') AS 单位,
       count(CASE WHEN i.severity = 'error' THEN 1 END) AS 错误,
       count(CASE WHEN i.severity = 'warning' THEN 1 END) AS 警告,
       count(CASE WHEN i.severity = 'info' THEN 1 END) AS 提示
FROM issue i LEFT JOIN unit u ON u.name = i.unit
GROUP BY 1 ORDER BY min(u.ord IS NULL), min(u.ord), 1;

-- ======================================================================== 阶段总结的行文

-- 查摆出问题的类别（problems.by_category 中问题数为 0 的类别不写进正文）
-- name: summary.categories_found
SELECT 问题类别, 问题数 FROM (
  SELECT c.name AS 问题类别, count(p.category) AS 问题数, c.ord AS o
  FROM category c LEFT JOIN problem_view p ON p.category = c.name
  GROUP BY c.name, c.ord)
WHERE 问题数 > 0 ORDER BY o;

-- 阶段总结的分类图：配置的问题类别都画（0 个也画），“其他”有问题时才画
-- name: summary.by_category
SELECT c.name AS 问题类别, count(p.category) AS 问题数
FROM category c LEFT JOIN problem_view p ON p.category = c.name
GROUP BY c.ord, c.name, c.other HAVING NOT c.other OR count(p.category) > 0 ORDER BY c.ord;

-- rating.below_top 的点名方式：测评对象名称已含单位名称时不再重复单位
-- （“机电学院教学办公室”，而不是“机电学院机电学院教学办公室”）
-- name: summary.rating_below
SELECT CASE WHEN substr(target, 1, length(unit)) = unit THEN target
            ELSE COALESCE(unit, '') || target END AS 测评对象, rate AS 满意率
FROM rating_below
ORDER BY CASE WHEN (SELECT count(*) FROM rating_below) > 20 THEN rate END, o, i
LIMIT 20;

-- 专项清理的数据（信访举报、问责处理、督查记录）共有几条：没有写 template = 的活动，
-- 有这些数据时用专项清理工作总结的模板（special_cleanup_summary.md）
-- name: summary.cleanup_records
SELECT (SELECT count(*) FROM complaint) + (SELECT count(*) FROM action) + (SELECT count(*) FROM inspection);

-- 报送情况有没有可写的：活动规定了应报材料或周报，或有单位尚未报送（专项清理总结的“报送和周报情况”一节）
-- name: summary.reporting
SELECT (SELECT count(*) FROM deliverable) + (SELECT count(*) FROM weekly_due)
     + (SELECT count(*) FROM unit u WHERE u.configured
          AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.unit = u.name AND s.role = 'submission'));
