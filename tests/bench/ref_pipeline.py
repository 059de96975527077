#!/usr/bin/python3
"""The reference pipeline of `make bench`: what an office's IT person would
write in Python for the same job, to measure taizhang against.

    ref_pipeline.py CONFIG.ini OUTPUT_DIR

Same inputs, same outputs: reads every workbook of the campaign's input
folder (pandas.read_excel: openpyxl for .xlsx, xlrd for .xls), recognises
each sheet the simple way (its name, else the row of the first 15 that
names most headers of templates/schemas.ini, header aliases included),
finds the unit and the date in the lines above the header, converts the
values (dates in the usual Chinese spellings, states and categories through
the schema's aliases, counts with their 次/人 suffixes), keeps each unit's
latest workbook per sheet kind (a repeated problem is counted and warned
about; the history keeps its first row), then
computes the main figures (problems by state, category, source and unit,
overdue, due soon, closed late, deadline buckets, completion rates,
activities, ratings, complaints, deliverables) and writes

    OUTPUT_DIR/PERIOD/汇总台账_PERIOD.xlsx   the ledger's sheets (xlsxwriter,
                                             formats, filters, three charts)
    OUTPUT_DIR/PERIOD/阶段总结_PERIOD.pdf    the stage summary (reportlab,
                                             WenQuanYi Zen Hei)
    OUTPUT_DIR/PERIOD/退回修改/UNIT.xlsx     one correction list per unit
    OUTPUT_DIR/PERIOD/催报名单_PERIOD.xlsx   the reminder list
    OUTPUT_DIR/PERIOD/manifest.json, OUTPUT_DIR/history.db

and prints the main figures (tab-separated) so that bench.py can set them
beside taizhang's.  Only the Debian packages python3-pandas, -openpyxl,
-xlrd, -xlsxwriter and -reportlab.
"""
import configparser
import datetime as dt
import json
import os
import re
import sqlite3
import sys
import unicodedata

import pandas as pd
import xlrd
import xlsxwriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'


def norm(s):
    """NFKC, no white space, lower case: how headers and values are compared."""
    return re.sub(r'\s+', '', unicodedata.normalize('NFKC', str(s))).lower()


def bare(s):
    return re.sub(r'[(\[].*?[)\]]', '', norm(s))


def read_ini(path):
    with open(path, encoding='utf-8-sig') as f:
        text = re.sub(r'\\\n\s*', '', f.read())
    cp = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(';', '#'), strict=False)
    cp.read_string(text)
    return cp


def split_list(v):
    return [x.strip() for x in re.split('[,，、]', v or '') if x.strip()]


def load_schema(path, categories):
    cp = read_ini(path)
    kinds = {}
    for sec in cp.sections():
        if '.' not in sec and sec != 'skip':
            kinds[sec] = {'name': cp[sec].get('name', sec), 'sheets': [norm(x) for x in
                          [cp[sec].get('name', sec)] + split_list(cp[sec].get('sheets'))], 'cols': {}}
    for sec in cp.sections():
        if '.' not in sec:
            continue
        kind, col = sec.split('.', 1)
        s = cp[sec]
        c = {'header': s.get('header', ''), 'type': s.get('type', 'text').strip(),
             'required': s.get('required', 'no').strip() == 'yes', 'values': {}}
        c['keys'] = [norm(c['header'])] + [norm(a) for a in split_list(s.get('aliases'))]
        for i, item in enumerate(x.strip() for x in (s.get('values') or '').split(',') if x.strip()):
            names = item.split('|')
            label = names[1] if c['type'] == 'state' and len(names) > 1 else names[0]
            for n in names:
                c['values'][norm(n)] = (names[0], label, i)
        if c['type'] == 'category':
            for i, cat in enumerate(categories + ['其他']):
                c['values'][norm(cat)] = (cat, cat, i)
        c['empty'] = s.get('empty')
        kinds[kind]['cols'][col] = c
    skip = [norm(x) for x in split_list(cp['skip'].get('sheets'))] if cp.has_section('skip') else []
    return kinds, skip


# ---- values ---------------------------------------------------------------------

CN_DIGITS = {'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}


def parse_date(v, year):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (dt.datetime, dt.date, pd.Timestamp)):
        return v.date() if hasattr(v, 'date') else v
    if isinstance(v, (int, float)):
        if 20000 < v < 80000:                                   # an Excel serial
            return (dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))).date()
        v = str(int(v))
    s = norm(v)
    if not s:
        return None
    if re.fullmatch('[〇零一二三四五六七八九十年月日]+', s):
        s = ''.join(str(CN_DIGITS[ch]) if ch in CN_DIGITS else ch for ch in s)
    for pat, order in ((r'(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?', 'ymd'), (r'(\d{4})(\d{2})(\d{2})', 'ymd'),
                       (r'(\d{1,2})[-/.月](\d{1,2})日?', 'md')):
        m = re.fullmatch(pat, s)
        if m:
            try:
                if order == 'ymd':
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                return dt.date(year, int(m.group(1)), int(m.group(2)))
            except ValueError:
                return 'bad'
    return 'bad'


def parse_count(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (int, float)):
        return int(v) if v >= 0 and v == int(v) else 'bad'
    m = re.fullmatch(r'(\d+)(人次|人|次|件|条|场|封)?', norm(v).replace(',', ''))
    return int(m.group(1)) if m else 'bad'


def parse_money(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (int, float)):
        return round(float(v), 2)
    m = re.fullmatch(r'([\d,]+(?:\.\d+)?)元?', norm(v))
    return round(float(m.group(1).replace(',', '')), 2) if m else 'bad'


def text(v):
    if v is None or (isinstance(v, float) and v != v):
        return ''
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v).strip()


def convert(col, v, year):
    """(value, problem or None)."""
    t = col['type']
    s = text(v)
    if t in ('text', 'ignore'):
        return (s or None), None
    if t in ('date', 'deadline'):
        if t == 'deadline' and norm(s) in ('长期', '长期坚持', '持续', '持续整改'):
            return 'none', None
        if t == 'deadline' and norm(s) in ('立行立改', '立即', '立即整改'):
            return 'immediate', None
        d = parse_date(v, YEAR)
        return (None, '日期无法识别：' + s) if d == 'bad' else (d, None)
    if t == 'int':
        n = parse_count(v)
        return (None, '应为非负整数：' + s) if n == 'bad' else (n, None)
    if t == 'money':
        n = parse_money(v)
        return (None, '金额无法识别：' + s) if n == 'bad' else (n, None)
    key = norm(s)
    if not key:
        return (col['values'].get(norm(col['empty'])) if col['empty'] else None), None
    hit = col['values'].get(key) or col['values'].get(bare(s))
    if hit:
        return hit, None
    if t == 'category':
        return col['values'][norm('其他')], '问题类别不在本次活动的类别中：' + s
    return None, '取值不在允许的范围内：' + s


# ---- recognising a sheet --------------------------------------------------------

def find_header(grid, kinds, forced):
    best = (1, None, None, None)
    for r in range(min(15, len(grid))):
        for kname, k in ([(forced, kinds[forced])] if forced else kinds.items()):
            cols = {}
            for ci, v in enumerate(grid[r]):
                for key in (norm(text(v)), bare(text(v))):
                    hit = next((cn for cn, c in k['cols'].items() if key and key in c['keys']), None)
                    if hit and hit not in cols.values():
                        cols[ci] = hit
                        break
            if len(cols) > best[0]:
                best = (len(cols), kname, r, cols)
    return best[1:]


def unit_and_date(grid, upto):
    """填报单位 and 填报日期: after the label in its cell, or in the next non-empty cell."""
    unit = date = None
    for r in range(upto):
        row = grid[r]
        for i, v in enumerate(row):
            s = text(v)
            for label in ('填报单位', '填报日期'):
                if not s.startswith(label):
                    continue
                rest = s[len(label):].strip(' :：') or next((x for x in row[i + 1:] if text(x)), None)
                if label == '填报单位':
                    unit = unit or text(rest)
                elif date is None:
                    d = parse_date(rest, YEAR)
                    date = d if isinstance(d, dt.date) else None
    return unit, date


def read_xls(path):
    """pandas wants xlrd >= 2.0.1, Debian 12 has 1.2.0: read .xls with xlrd itself."""
    book = xlrd.open_workbook(path)
    out = {}
    for sh in book.sheets():
        grid = []
        for r in range(sh.nrows):
            row = []
            for c in sh.row(r):
                if c.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(c.value, book.datemode))
                elif c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                else:
                    row.append(c.value)
            grid.append(row)
        out[sh.name] = pd.DataFrame(grid, dtype=object)
    return out


def read_book(path):
    try:
        if path.lower().endswith('.xls'):
            return read_xls(path)
        return pd.read_excel(path, sheet_name=None, header=None, dtype=object)
    except Exception as e:            # corrupt, encrypted, not a workbook: say so and go on
        return e


# ---- the run --------------------------------------------------------------------

def main():
    global YEAR
    cfg_path, out_dir = sys.argv[1:3]
    base = os.path.dirname(os.path.abspath(cfg_path))
    cfg = read_ini(cfg_path)
    camp, rep = cfg['campaign'], cfg['report']
    as_of = dt.date.fromisoformat(rep['as_of'])
    period = rep.get('period', as_of.strftime('%Y-%m'))
    YEAR = dt.date.fromisoformat(camp['start']).year
    due_soon = int(rep.get('due_soon_days', '7'))
    threshold = float(rep.get('satisfaction_threshold', '0.8'))
    categories = split_list(camp.get('categories'))
    tdir = os.path.join(base, cfg['paths'].get('templates', 'templates'))
    schema_path = os.path.join(tdir, 'schemas.ini')
    if not os.path.exists(schema_path):
        schema_path = os.path.join(HERE, '..', '..', 'templates', 'schemas.ini')
    kinds, skip = load_schema(schema_path, categories)
    in_dir = os.path.join(base, cfg['paths'].get('input', 'input'))

    # Units: config order, aliases from a names workbook when there is one.
    units, alias = [], {}
    for k, v in cfg['units'].items():
        if re.fullmatch(r'unit\d+', k):
            units.append(v.strip())
    if 'file' in cfg['units']:
        ul = pd.read_excel(os.path.join(base, cfg['units']['file']), header=None, dtype=object)
        for _, row in ul.iterrows():
            vals = [text(v) for v in row]
            if len(vals) > 1 and vals[1] and vals[1] not in ('单位名称', '单位') and not vals[1].endswith('名单'):
                units.append(vals[1])
                for a in split_list(vals[2] if len(vals) > 2 else ''):
                    alias[norm(a)] = vals[1]
    for u in units:
        alias[norm(u)] = u
    units_file = os.path.basename(cfg['units'].get('file', '')) if cfg.has_section('units') else ''

    def unit_of(name):
        if not name:
            return None
        n = norm(name)
        return alias.get(n) or alias.get(bare(name)) or next((u for k, u in alias.items() if k and k in n), None)

    rows = {k: [] for k in kinds}              # kind -> list of dict
    issues = []                                # (unit, file, sheet, cell, message)
    subs = []                                  # (file, unit, date, kinds)
    for fn in sorted(os.listdir(in_dir)):
        p = os.path.join(in_dir, fn)
        if fn.startswith(('~$', '.')) or not fn.lower().endswith(('.xlsx', '.xls')) or fn == units_file:
            continue
        book = read_book(p)
        if isinstance(book, Exception):
            issues.append((None, fn, '', '', '无法读取：%s' % book))
            continue
        funit, fdate, fkinds = unit_of(os.path.splitext(fn)[0]), None, set()
        for sname, df in book.items():
            if bare(sname) in skip or df.empty:
                continue
            grid = df.values.tolist()
            forced = next((k for k, kd in kinds.items() if norm(sname) in kd['sheets'] or bare(sname) in kd['sheets']),
                          None)
            kname, hr, cols = find_header(grid, kinds, forced)
            if kname is None:
                continue
            k = kinds[kname]
            u, d = unit_and_date(grid, hr)
            unit = unit_of(u) or funit
            fdate = fdate or d
            funit = funit or unit
            fkinds.add(kname)
            start = hr + 1
            # A two-level header (测评结果 over 满意 / 基本满意 …): the row below names more columns.
            if start < len(grid):
                for ci, v in enumerate(grid[start]):
                    hit = next((cn for cn, c in k['cols'].items() if text(v) and norm(text(v)) in c['keys']), None)
                    if hit and hit not in cols.values():
                        cols[ci] = hit
                        start = hr + 2
            for r in range(start, len(grid)):
                vals = grid[r]
                cells = [text(v) for v in vals]
                if not any(cells) or any(c.startswith(('合计', '小计', '总计')) for c in cells[:3]):
                    continue
                rec = {'unit': unit, 'file': fn, 'sheet': sname, 'row': r + 1, 'date_sub': fdate}
                for ci, cn in cols.items():
                    c = k['cols'][cn]
                    v, bad = convert(c, vals[ci] if ci < len(vals) else None, YEAR)
                    if bad:
                        issues.append((unit, fn, sname, xlsxwriter.utility.xl_rowcol_to_cell(r, ci), c['header'] + bad))
                    rec[cn] = v
                missing = [c['header'] for cn, c in k['cols'].items() if c['required'] and not rec.get(cn)]
                if missing:
                    issues.append((unit, fn, sname, 'A%d' % (r + 1), '缺少' + '、'.join(missing)))
                    continue
                rows[kname].append(rec)
        subs.append({'file': fn, 'unit': funit, 'date': fdate, 'kinds': sorted(fkinds),
                     'mtime': os.path.getmtime(p)})

    # Each unit's latest workbook per kind wins; a repeated problem gets a warning.
    latest = {}
    for s in subs:
        for k in s['kinds']:
            key = (s['unit'], k)
            if key not in latest or (s['date'] or dt.date.min, s['mtime'], s['file']) > latest[key][0]:
                latest[key] = ((s['date'] or dt.date.min, s['mtime'], s['file']), s['file'])
    for k in rows:
        rows[k] = [r for r in rows[k] if latest.get((r['unit'], k), (None, r['file']))[1] == r['file']]
    seen, probs = set(), []
    for r in rows.get('problem', []):
        key = (r['unit'], norm(r.get('desc') or ''))
        if key in seen:
            issues.append((r['unit'], r['file'], r['sheet'], 'A%d' % r['row'], '与本单位另一问题重复：' + r['desc']))
        seen.add(key)
        probs.append(r)

    # ---- figures ----------------------------------------------------------------
    P = pd.DataFrame(probs)
    if P.empty:
        P = pd.DataFrame(columns=['unit', 'desc', 'status', 'deadline', 'category', 'source', 'done_date'])
    P['state'] = P['status'].map(lambda v: v[0] if isinstance(v, tuple) else 'open')
    P['state_label'] = P['status'].map(lambda v: v[1] if isinstance(v, tuple) else '未整改')
    P['category'] = P['category'].map(lambda v: v[0] if isinstance(v, tuple) else '其他')
    P['days_left'] = P['deadline'].map(lambda d: (d - as_of).days if isinstance(d, dt.date) else None)
    open_ = P['state'] != 'closed'
    P['overdue'] = open_ & P['days_left'].map(lambda x: x is not None and x < 0)
    P['due_soon'] = open_ & P['days_left'].map(lambda x: x is not None and 0 <= x <= due_soon)
    P['closed_late'] = (~open_) & P.apply(lambda r: isinstance(r['done_date'], dt.date)
                                          and isinstance(r['deadline'], dt.date) and r['done_date'] > r['deadline'],
                                          axis=1)

    def bucket(r):
        if r['state'] == 'closed':
            return None
        x = r['days_left']
        if x is None or x != x:
            return '无固定时限'
        return '已超期' if x < 0 else '10天内' if x <= 10 else '20天内' if x <= 20 else '20天以上'
    P['bucket'] = P.apply(bucket, axis=1) if len(P) else []
    order = {u: i for i, u in enumerate(units)}
    P['unit_ord'] = P['unit'].map(lambda u: order.get(u, len(order)))
    P = P.sort_values(['unit_ord', 'file', 'row'], kind='stable')
    by_unit = P.groupby('unit').agg(total=('desc', 'size'), closed=('state', lambda s: (s == 'closed').sum()),
                                    overdue=('overdue', 'sum'))
    figures = {
        'problems.total': len(P), 'problems.closed': int((P['state'] == 'closed').sum()),
        'problems.in_progress': int((P['state'] == 'in_progress').sum()),
        'problems.open': int((P['state'] == 'open').sum()), 'problems.overdue': int(P['overdue'].sum()),
        'problems.due_soon': int(P['due_soon'].sum()), 'problems.closed_late': int(P['closed_late'].sum()),
    }
    A = pd.DataFrame(rows.get('activity', []))
    for c in ('times', 'persons', 'opinions'):
        figures['activity.' + c] = int(pd.to_numeric(A[c], errors='coerce').fillna(0).sum()) if c in A else 0
    figures['complaint.total'] = len(rows.get('complaint', []))
    figures['issues'] = len(issues)

    # ---- outputs ----------------------------------------------------------------
    pdir = os.path.join(out_dir, period)
    os.makedirs(os.path.join(pdir, '退回修改'), exist_ok=True)
    wb = xlsxwriter.Workbook(os.path.join(pdir, '汇总台账_%s.xlsx' % period),
                             {'constant_memory': True, 'default_date_format': 'yyyy-mm-dd'})
    head = wb.add_format({'bold': True, 'bg_color': '#D9E1F2', 'border': 1, 'text_wrap': True, 'valign': 'vcenter'})
    red = wb.add_format({'font_color': '#C00000'})
    datef = wb.add_format({'num_format': 'yyyy-mm-dd'})

    def sheet(name, headers, data, widths=None, highlight=None):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers, head)
        ws.freeze_panes(1, 0)
        for i, w in enumerate(widths or [14] * len(headers)):
            ws.set_column(i, i, w)
        n = 0
        for n, row in enumerate(data, 1):
            for ci, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(n, ci, dt.datetime(v.year, v.month, v.day), datef)
                elif v is None or (isinstance(v, float) and v != v):
                    continue
                elif highlight and highlight(row):
                    ws.write(n, ci, v, red)
                else:
                    ws.write(n, ci, v)
        ws.autofilter(0, 0, max(n, 1), len(headers) - 1)
        return ws

    summary = []
    for u in units + sorted(set(P['unit'].dropna()) - set(units)):
        t = by_unit.loc[u] if u in by_unit.index else None
        tot, closed, od = (int(t['total']), int(t['closed']), int(t['overdue'])) if t is not None else (0, 0, 0)
        summary.append([u, tot, closed, tot - closed, od, round(closed / tot, 4) if tot else None])
    sheet('汇总', ['单位', '问题数', '已完成', '未完成', '超期', '完成率'], summary)

    def dtext(r):
        d = r['deadline']
        return d if isinstance(d, dt.date) else {'none': '长期', 'immediate': '立行立改'}.get(d)
    cols = ['unit', 'seq', 'desc', 'category', 'source', 'dept', 'person', 'measure']
    lst = ([r.get(c) for c in cols] + [dtext(r), r['state_label'], r.get('done_date'), r['days_left'],
           '是' if r['overdue'] else '', r.get('note'), r['file'], r['sheet'], r['row']] for r in P.to_dict('records'))
    sheet('问题台账', ['单位', '序号', '问题描述', '问题类别', '问题来源', '责任部门', '责任人', '整改措施', '整改时限',
                       '整改状态', '完成日期', '剩余天数', '是否超期', '备注', '来源文件', '工作表', '行号'], lst,
          [12, 6, 40, 8, 10, 12, 8, 30, 11, 9, 11, 8, 8, 16, 20, 10, 6], lambda row: row[12] == '是')
    od = P[P['overdue']]
    sheet('超期问题', ['单位', '问题描述', '整改时限', '整改状态', '超期天数', '责任部门', '责任人'],
          ([r['unit'], r['desc'], r['deadline'], r['state_label'], -r['days_left'], r.get('dept'), r.get('person')]
           for r in od.to_dict('records')))
    ds = P[P['due_soon']]
    sheet('临期问题', ['单位', '问题描述', '整改时限', '整改状态', '剩余天数', '责任部门', '责任人'],
          ([r['unit'], r['desc'], r['deadline'], r['state_label'], r['days_left'], r.get('dept'), r.get('person')]
           for r in ds.to_dict('records')))

    # Deliverables: receipt rows or the unit's workbook date, the earliest up to as_of.
    delivs = [cfg[s] for s in cfg.sections() if re.fullmatch(r'deliverable\d+', s)]
    sub_date = {}
    for s in subs:
        if s['unit'] and s['date'] and s['date'] <= as_of:
            sub_date[s['unit']] = min(sub_date.get(s['unit'], s['date']), s['date'])
    receipts = {}
    for r in rows.get('receipt', []):
        u, m, d = unit_of(r.get('unit')), norm(r.get('material') or ''), r.get('date')
        if u and isinstance(d, dt.date) and d <= as_of:
            receipts[(u, m)] = min(receipts.get((u, m), d), d)
    status = []
    for u in units:
        for dv in delivs:
            due = dt.date.fromisoformat(dv['due'])
            got = sub_date.get(u) if dv.get('evidence') == 'workbook' else receipts.get((u, norm(dv['name'])))
            st = ('未报' if due < as_of else '未到期') if got is None else '按时' if got <= due else '逾期'
            status.append([u, dv['name'], due, got, st])
    sheet('报送情况', ['单位', '材料', '截止日期', '报送日期', '状态'], status)
    sheet('周报情况', ['单位', '报告日期', '新发现问题数', '整改完成数', '零报告'],
          ([r['unit'], r.get('date'), r.get('found'), r.get('fixed'), (r.get('zero') or ('',))[0]]
           for r in rows.get('weekly', [])))
    sheet('征求意见', ['单位', '日期', '形式', '次数', '人次', '意见数'],
          ([r['unit'], r.get('date'), (r.get('form') or (None,))[0], r.get('times'), r.get('persons'),
            r.get('opinions')] for r in rows.get('activity', [])))
    rating = []
    for r in rows.get('rating', []):
        v = r.get('voters') or 0
        rate = ((r.get('satisfied') or 0) + (r.get('basic') or 0)) / v if v else None
        rating.append([r['unit'], r.get('target'), v, rate, '需“回头看”' if rate is not None and rate < threshold else ''])
    sheet('民主测评', ['单位', '测评对象', '参评人数', '满意率', '结论'], rating)
    sheet('信访举报', ['单位', '受理日期', '来源', '方式', '人次', '是否查实', '退还金额'],
          ([r['unit'], r.get('date'), (r.get('source') or (None,))[0], (r.get('channel') or (None,))[0],
            r.get('persons'), (r.get('verified') or (None,))[0], r.get('refund')] for r in rows.get('complaint', [])))
    sheet('问责处理', ['单位', '被问责人', '职务', '处理方式', '处理日期'],
          ([r['unit'], r.get('name'), r.get('title'), (r.get('kind') or (None,))[0], r.get('date')]
           for r in rows.get('action', [])))
    sheet('督查记录', ['单位', '日期', '方式', '检查对象', '发现问题数'],
          ([r['unit'], r.get('date'), (r.get('method') or (None,))[0], r.get('target'), r.get('found')]
           for r in rows.get('inspection', [])))

    # Changes against the previous period's snapshot.
    hist = os.path.join(out_dir, 'history.db')
    db = sqlite3.connect(hist)
    db.execute('CREATE TABLE IF NOT EXISTS problem(period TEXT, unit TEXT, desc_norm TEXT, desc TEXT, state TEXT,'
               ' PRIMARY KEY(period, unit, desc_norm))')
    prev = db.execute('SELECT max(period) FROM problem WHERE period < ?', (period,)).fetchone()[0]
    before = {(u, k): (d, s) for u, k, d, s in
              db.execute('SELECT unit, desc_norm, desc, state FROM problem WHERE period = ?', (prev,))}
    now = {}
    for r in P.to_dict('records'):
        now.setdefault((r['unit'], norm(r['desc'])), (r['desc'], r['state']))
    changes = []
    if prev:
        changes += [[k[0], v[0], '新增'] for k, v in now.items() if k not in before]
        changes += [[k[0], v[0], '销号'] for k, v in now.items() if k in before and before[k][1] != 'closed'
                    and v[1] == 'closed']
        changes += [[k[0], v[0], '消失'] for k, v in before.items() if k not in now]
    sheet('本期变化', ['单位', '问题描述', '变化'], changes)
    sheet('数据校验', ['单位', '文件', '工作表', '单元格', '问题'], issues, [12, 24, 12, 8, 60])

    charts = wb.add_worksheet('图表')
    by_cat = P.groupby('category').size().reindex(categories + ['其他'], fill_value=0)
    by_state = P.groupby('state_label').size()
    charts.write_column(0, 0, list(by_cat.index))
    charts.write_column(0, 1, [int(x) for x in by_cat.values])
    charts.write_column(0, 3, [s[0] for s in summary])
    charts.write_column(0, 4, [s[5] or 0 for s in summary])
    charts.write_column(0, 6, list(by_state.index))
    charts.write_column(0, 7, [int(x) for x in by_state.values])
    for i, (kind, title, cc, n) in enumerate((('pie', '问题类别分布', 0, len(by_cat)),
                                              ('bar', '各单位整改完成率', 3, len(summary)),
                                              ('pie', '整改状态占比', 6, len(by_state)))):
        ch = wb.add_chart({'type': kind})
        ch.add_series({'categories': ['图表', 0, cc, max(n - 1, 0), cc],
                       'values': ['图表', 0, cc + 1, max(n - 1, 0), cc + 1], 'name': title})
        ch.set_title({'name': title})
        charts.insert_chart(1 + 18 * i, 9, ch)
    wb.close()
    db.execute('DELETE FROM problem WHERE period = ?', (period,))
    db.executemany('INSERT OR IGNORE INTO problem VALUES(?, ?, ?, ?, ?)',
                   [(period, k[0], k[1], v[0], v[1]) for k, v in now.items()])
    db.commit()
    db.close()

    # Correction lists: one workbook per unit with problems in its files.
    per_unit = {}
    for i in issues:
        per_unit.setdefault(i[0] or os.path.splitext(i[1])[0], []).append(i)
    for u, lst in per_unit.items():
        cw = xlsxwriter.Workbook(os.path.join(pdir, '退回修改', '%s.xlsx' % re.sub(r'[\\/:*?"<>|]', '_', u)))
        ws = cw.add_worksheet('退回修改')
        h = cw.add_format({'bold': True, 'bg_color': '#FCE4D6', 'border': 1})
        ws.write(0, 0, '%s：请按以下各条修改后重新报送' % u)
        ws.write_row(1, 0, ['文件', '工作表', '单元格', '问题'], h)
        for n, i in enumerate(lst, 2):
            ws.write_row(n, 0, i[1:])
        ws.set_column(0, 0, 24)
        ws.set_column(3, 3, 60)
        cw.close()
    rw = xlsxwriter.Workbook(os.path.join(pdir, '催报名单_%s.xlsx' % period))
    ws = rw.add_worksheet('催报名单')
    ws.write_row(0, 0, ['单位', '材料', '截止日期', '状态'], rw.add_format({'bold': True}))
    n = 0
    for s in status:
        if s[4] in ('未报', '逾期'):
            n += 1
            ws.write_row(n, 0, [s[0], s[1], s[2].isoformat(), s[4]])
    rw.close()

    # The stage summary.
    pdfmetrics.registerFont(TTFont('WQY', FONT, subfontIndex=0))
    body = ParagraphStyle('body', fontName='WQY', fontSize=14, leading=24, firstLineIndent=28)
    title = ParagraphStyle('title', fontName='WQY', fontSize=20, leading=32, alignment=1)
    total = figures['problems.total']
    rate = figures['problems.closed'] / total if total else 0
    story = [Paragraph(rep.get('title', camp['name'] + '阶段总结'), title), Spacer(1, 8 * mm),
             Paragraph('%s开展以来，共查摆问题 %d 个，已完成整改 %d 个，整改完成率 %.1f%%；整改中 %d 个，'
                       '未整改 %d 个，超期 %d 个，%d 天内到期 %d 个。' % (
                           camp['name'], total, figures['problems.closed'], rate * 100,
                           figures['problems.in_progress'], figures['problems.open'], figures['problems.overdue'],
                           due_soon, figures['problems.due_soon']), body),
             Paragraph('征求意见共开展 %d 次、%d 人次，收到意见 %d 条。' % (
                 figures['activity.times'], figures['activity.persons'], figures['activity.opinions']), body),
             Spacer(1, 6 * mm)]
    tdata = [['单位', '问题数', '已完成', '超期', '完成率']] + [
        [s[0], s[1], s[2], s[4], '%.1f%%' % (s[5] * 100) if s[5] is not None else '—'] for s in summary]
    tbl = Table(tdata, repeatRows=1)
    tbl.setStyle(TableStyle([('FONTNAME', (0, 0), (-1, -1), 'WQY'), ('FONTSIZE', (0, 0), (-1, -1), 10.5),
                             ('GRID', (0, 0), (-1, -1), 0.5, '#000000')]))
    story.append(tbl)
    SimpleDocTemplate(os.path.join(pdir, '阶段总结_%s.pdf' % period), pagesize=A4, leftMargin=28 * mm,
                      rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm).build(story)

    with open(os.path.join(pdir, 'manifest.json'), 'w', encoding='utf-8') as f:
        json.dump({'period': period, 'as_of': as_of.isoformat(), 'inputs': [
            {'path': s['file'], 'unit': s['unit'], 'date': s['date'].isoformat() if s['date'] else None,
             'kinds': s['kinds']} for s in subs], 'figures': figures}, f, ensure_ascii=False, indent=1)
    for k, v in figures.items():
        print('%s\t%s' % (k, v))


if __name__ == '__main__':
    main()
