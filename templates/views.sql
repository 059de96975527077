-- views.sql — 指标（metrics.sql）、台账和历史快照所依据的视图。修改后无需重新编译。
-- taizhang 在装入全部数据之后、提交之前，按顺序执行本文件中的每一条语句
-- （以分号结束；出错时报告本文件的行号）。活动自己的 templates/ 中有 views.sql 时用它，
-- 否则用程序自带的。
--
-- 这里直接写 templates/schemas.ini 的列名（p.dept、p.source …）：在 schemas.ini 中
-- 改了问题清单的列名，就在这里改同一个名字，其余不变。
--
-- taizhang 自己读的只有：
--   cur_problem(unit, desc_norm, desc, state, state_label, file, sheet, row)
--                    本期的问题（每个单位的同一问题只取第一行；unit 为 problem_base 的 unit_key），
--                    存入 history.db；
--   prev_problem     上期快照（由 taizhang 填入，列同上前五列），change_view 用它。
-- 其余视图的名字和列由 metrics.sql 和 ledger.ini 使用。
--
-- 程序建立的表：param(key, value)，unit，category，enum_value，stage，deliverable，
-- submission，submission_sheet，issue，later_duplicate(kind, id)（识别出的重复问题：报表种类、行的 id），
-- prev_problem，以及 schemas.ini 的每一种报表（见 metrics.sql 开头的说明）。

-- 按单位查找各类报表行的索引（各单位汇总表的指标逐个单位查找）。问题清单不需要：
-- 指标读的是下面的 problem_view，它有自己的索引（20 万行时建这个索引要 0.1–0.3 秒）。
CREATE INDEX idx_activity_unit ON activity(unit);
CREATE INDEX idx_rating_unit ON rating(unit);
CREATE INDEX idx_complaint_unit ON complaint(unit);
CREATE INDEX idx_action_unit ON action(unit);
CREATE INDEX idx_weekly_unit ON weekly(unit);
CREATE INDEX idx_inspection_unit ON inspection(unit);
CREATE INDEX idx_receipt_unit ON receipt(unit);

-- 本次运行的参数，一行，便于与其他表连接。
CREATE VIEW params AS SELECT
  (SELECT value FROM param WHERE key='as_of') AS as_of,
  (SELECT value FROM param WHERE key='period') AS period,
  (SELECT value FROM param WHERE key='prev_period') AS prev_period,
  (SELECT value FROM param WHERE key='due_soon_days') AS due_soon_days,
  (SELECT value FROM param WHERE key='satisfaction_threshold') AS satisfaction_threshold,
  (SELECT value FROM param WHERE key='campaign_start') AS campaign_start,
  (SELECT value FROM param WHERE key='campaign_end') AS campaign_end,
  (SELECT value FROM param WHERE key='weekly_enabled') AS weekly_enabled,
  (SELECT value FROM param WHERE key='weekly_first') AS weekly_first;

-- 整改时限的分档（metrics.sql 的 problems.by_bucket 按 ord 排列），名称与下面 bucket 列的取值一致。
CREATE TABLE bucket(ord INTEGER PRIMARY KEY, name TEXT);
INSERT INTO bucket VALUES(1,'已超期'),(2,'10天内'),(3,'20天内'),(4,'20天以上'),(5,'无固定时限');

-- 每个问题及其状态（空白视为未整改）、时限种类、剩余天数。
-- unit 是上报单位，base_unit 是基层单位（层层汇总时是台账中每行的“单位”，平时与 unit 相同），
-- path 是两者之间的上报路径；unit_key 是跨期识别问题时用的单位：两者不同时写作
-- “上报单位／上报路径／基层单位”，
-- 这样两个区县的同名学校不会混在一起。
CREATE VIEW problem_base AS SELECT p.id, p.unit, p.base_unit, p.path,
  CASE WHEN p.path IS NULL AND (p.base_unit IS NULL OR p.base_unit = p.unit) THEN p.unit
  ELSE p.unit || '／' || COALESCE(p.path || '／', '') || p.base_unit END AS unit_key, u.ord AS unit_ord, p.file, p.sheet, p.row,
  p.seq, p.desc, p.desc_norm, p.desc_cell,
  COALESCE(p.category, (SELECT name FROM category WHERE other=1)) AS category,
  COALESCE(p.category_ord, (SELECT ord FROM category WHERE other=1)) AS category_ord,
  p.category_cell, p.source, p.dept, p.person, p.measure, p.kind,
  p.deadline, p.deadline_raw, p.deadline_cell,
  COALESCE(p.deadline_kind, 'missing') AS deadline_kind,
  COALESCE(p.status, 'open') AS state,
  COALESCE(p.status_label, (SELECT label FROM enum_value WHERE kind='problem' AND col='status'
  AND value='open')) AS state_label, p.status_cell,
  p.done_date, p.done_date_cell, p.note, p.flagged,
  CASE WHEN p.deadline IS NOT NULL
  THEN CAST(julianday(p.deadline) - julianday(x.as_of) AS INTEGER) END AS days_left,
  x.due_soon_days
  FROM problem p LEFT JOIN unit u ON u.name = p.unit, params x;

CREATE VIEW problem_calc AS SELECT b.*,
  CASE b.deadline_kind WHEN 'date' THEN b.deadline WHEN 'none' THEN '长期'
  WHEN 'immediate' THEN '立行立改' WHEN 'invalid' THEN b.deadline_raw END AS deadline_text,
  (b.state <> 'closed' AND b.days_left < 0) AS overdue,
  CASE WHEN b.state <> 'closed' AND b.days_left < 0 THEN -b.days_left END AS days_overdue,
  (b.state <> 'closed' AND b.days_left BETWEEN 0 AND b.due_soon_days) AS due_soon,
  (b.state = 'closed' AND b.done_date IS NOT NULL AND b.done_date > b.deadline) AS closed_late,
  CASE WHEN b.state = 'closed' THEN NULL WHEN b.days_left IS NULL THEN '无固定时限'
  WHEN b.days_left < 0 THEN '已超期' WHEN b.days_left <= 10 THEN '10天内'
  WHEN b.days_left <= 20 THEN '20天内' ELSE '20天以上' END AS bucket
  FROM problem_base b;

-- 截止日期和阈值在一次运行中不变：每个问题的标志只算一次，存为表，
-- 而不是每个指标重算一次（全省汇总有 10 万到 100 万行）。
CREATE TABLE problem_view AS SELECT * FROM problem_calc;

-- 覆盖按单位、按类别计数所读的列（这些指标不必读表本身）；以及台账的顺序。
CREATE INDEX problem_view_unit ON problem_view(unit, state, overdue, due_soon, closed_late,
  deadline_kind, bucket, category, source);

CREATE INDEX problem_view_order ON problem_view(unit_ord, id);

-- 各单位各状态的问题数（没有问题的单位为 0），供台账和总结中按单位的表使用。
CREATE VIEW unit_progress AS SELECT u.ord AS unit_ord, u.name AS unit, COALESCE(n.total, 0) AS total,
  COALESCE(n.closed, 0) AS closed, COALESCE(n.in_progress, 0) AS in_progress, COALESCE(n.open, 0) AS open,
  COALESCE(n.overdue, 0) AS overdue, CAST(n.closed AS REAL) / n.total AS rate
  FROM unit u LEFT JOIN (SELECT unit, count(*) AS total, sum(state = 'closed') AS closed,
  sum(state = 'in_progress') AS in_progress, sum(state = 'open') AS open, sum(overdue) AS overdue
  FROM problem_view GROUP BY unit) n ON n.unit = u.name;

-- 本期的问题，按单位（unit_key）+ 规范化的问题描述识别，同一问题只取第一行
-- （去掉识别时发现的重复行）。
CREATE INDEX problem_view_key ON problem_view(unit_key, desc_norm);

CREATE VIEW cur_problem AS SELECT unit_key AS unit, desc_norm, desc, state, state_label, file, sheet, row, id
  FROM problem_view WHERE desc_norm IS NOT NULL
  AND id NOT IN (SELECT id FROM later_duplicate WHERE kind = 'problem');

CREATE INDEX prev_problem_key ON prev_problem(unit, desc_norm);

CREATE INDEX submission_unit ON submission(unit);

-- 与上期快照相比的变化（没有上期时为空）：新增、销号、重新打开、消失。
CREATE VIEW change_view AS
  SELECT c.unit, c.desc, '新增' AS change, 1 AS change_ord, NULL AS prev_label,
  c.state_label AS cur_label FROM cur_problem c, params x WHERE x.prev_period IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM prev_problem p WHERE p.unit = c.unit AND p.desc_norm = c.desc_norm)
  UNION ALL SELECT c.unit, c.desc, '销号', 2, p.state_label, c.state_label
  FROM cur_problem c JOIN prev_problem p ON p.unit = c.unit AND p.desc_norm = c.desc_norm
  WHERE p.state <> 'closed' AND c.state = 'closed'
  UNION ALL SELECT c.unit, c.desc, '重新打开', 3, p.state_label, c.state_label
  FROM cur_problem c JOIN prev_problem p ON p.unit = c.unit AND p.desc_norm = c.desc_norm
  WHERE p.state = 'closed' AND c.state <> 'closed'
  UNION ALL SELECT p.unit, p.desc, '消失', 4, p.state_label, NULL FROM prev_problem p
  WHERE NOT EXISTS (SELECT 1 FROM cur_problem c WHERE c.unit = p.unit AND c.desc_norm = p.desc_norm);

-- 每个测评对象及它的单位：unit_key 同 problem_base，层层汇总时写作“上报单位／上报路径／基层单位”，
-- 阶段总结点名时说得出是哪个学校的测评对象。
CREATE VIEW rating_base AS SELECT r.*,
  CASE WHEN r.path IS NULL AND (r.base_unit IS NULL OR r.base_unit = r.unit) THEN r.unit
  ELSE r.unit || '／' || COALESCE(r.path || '／', '') || r.base_unit END AS unit_key, u.ord AS unit_ord
  FROM rating r LEFT JOIN unit u ON u.name = r.unit;

-- 满意率低于 satisfaction_threshold 的测评对象（rating.below_top 和阶段总结点名用）。
CREATE VIEW rating_below AS SELECT r.unit_key AS unit, r.target AS target,
  CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters AS rate, r.unit_ord AS o, r.id AS i
  FROM rating_base r, params x
  WHERE r.voters > 0
  AND CAST(COALESCE(r.satisfied, 0) + COALESCE(r.basic, 0) AS REAL) / r.voters < x.satisfaction_threshold;

-- 周报：应报日期为 第一次 + 7×k 天，直到截止日期；一份周报算作它之后最近的一次。
CREATE VIEW weekly_due AS WITH RECURSIVE w(k, due) AS (
  SELECT 0, weekly_first FROM params WHERE weekly_enabled = 1 AND weekly_first <= as_of
  UNION ALL SELECT w.k + 1, date(x.weekly_first, '+' || ((w.k + 1) * 7) || ' days') FROM w, params x
  WHERE date(x.weekly_first, '+' || ((w.k + 1) * 7) || ' days') <= x.as_of)
  SELECT k, due FROM w;

CREATE VIEW weekly_cover AS SELECT w.id, w.unit, w.date, w.zero,
  CASE WHEN w.date <= x.weekly_first THEN 0
  ELSE (CAST(julianday(w.date) - julianday(x.weekly_first) AS INTEGER) + 6) / 7 END AS k
  FROM weekly w, params x WHERE w.date IS NOT NULL AND x.weekly_enabled = 1;

CREATE VIEW weekly_unit AS SELECT u.ord AS unit_ord, u.name AS unit,
  (SELECT count(*) FROM weekly_due) AS due,
  (SELECT count(DISTINCT c.k) FROM weekly_cover c JOIN weekly_due d ON d.k = c.k
  WHERE c.unit = u.name) AS reported,
  (SELECT count(DISTINCT c.k) FROM weekly_cover c JOIN weekly_due d ON d.k = c.k
  WHERE c.unit = u.name AND c.zero = '是') AS zero
  FROM unit u;

CREATE VIEW weekly_missing AS SELECT u.ord AS unit_ord, u.name AS unit, d.k, d.due FROM unit u, weekly_due d
  WHERE NOT EXISTS (SELECT 1 FROM weekly_cover c WHERE c.unit = u.name AND c.k = d.k);

-- 报送材料：截止日期前的凭据（收文登记的行，或单位报送的工作簿），以最早的为准。
-- 收文登记的材料名称含有报送材料的名称即算（“城关中学专项整治实施方案（修订稿）”是“实施方案”）；
-- 含有几个时算最长的那个（“整改方案”不算“方案”）。
CREATE VIEW deliverable_evidence AS
  SELECT d.ord AS deliverable_ord, r.unit, r.date, 'receipt' AS source, r.file, r.sheet, r.row
  FROM deliverable d JOIN receipt r ON instr(r.material_norm, d.name_norm) > 0
  AND NOT EXISTS (SELECT 1 FROM deliverable o WHERE o.evidence = 'receipt'
  AND length(o.name_norm) > length(d.name_norm) AND instr(r.material_norm, o.name_norm) > 0)
  WHERE d.evidence = 'receipt' AND r.date IS NOT NULL
  UNION ALL SELECT d.ord, s.unit, s.date, 'workbook', s.file, NULL, NULL
  FROM deliverable d JOIN submission s ON s.role = 'submission' AND s.unit IS NOT NULL
  AND s.date IS NOT NULL WHERE d.evidence = 'workbook';

CREATE VIEW deliverable_status AS SELECT u.ord AS unit_ord, u.name AS unit, d.ord AS deliverable_ord,
  d.name AS deliverable, d.due, e.date AS submitted,
  CASE WHEN e.date IS NULL THEN CASE WHEN d.due < x.as_of THEN '未报' ELSE '未到期' END
  WHEN e.date <= d.due THEN '按时' ELSE '逾期' END AS status
  FROM unit u CROSS JOIN deliverable d CROSS JOIN params x
  LEFT JOIN (SELECT v.deliverable_ord, v.unit, min(v.date) AS date FROM deliverable_evidence v, params y
  WHERE v.date <= y.as_of GROUP BY v.deliverable_ord, v.unit) e
  ON e.deliverable_ord = d.ord AND e.unit = u.name;

