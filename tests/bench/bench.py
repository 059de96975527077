#!/usr/bin/python3
"""make bench: times taizhang against a Python pipeline doing the same job.

    bench.py TAIZHANG GEN CACHE SIZES RUNS PY_RUNS

SIZES is a list of "sample" (the repository's config.ini and input/) and
unit counts.  A campaign of N units is made once in CACHE/N (GEN is the
compiled tests/bench/gen.c; its .xls cells are written by
xls_from_cells.py).  For each, `taizhang run` runs RUNS times under
/usr/bin/time -v after one untimed warm-up (outputs in CACHE/work/SIZE),
then tests/bench/ref_pipeline.py PY_RUNS times (0: not at all); it prints
the medians — wall and CPU time, peak RSS, MB/s, rows/s, when each step of
the run ended (the TAIZHANG_TRACE lines of src/core/trace.h) — checks from
manifest.json that no row was lost and that the Python pipeline's main
figures are taizhang's, and ends with the ratios against the targets.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def make_campaign(gen, cache, units):
    d = os.path.join(cache, str(units))
    done = os.path.join(d, 'rows.txt')
    if os.path.exists(done):
        return d
    subprocess.run(['rm', '-rf', d], check=True)
    os.makedirs(cache, exist_ok=True)
    t = time.monotonic()
    out = subprocess.run([gen, str(units), d], check=True, capture_output=True, text=True).stdout
    subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'xls_from_cells.py'),
                    os.path.join(d, 'xls-cells.tsv')], check=True, capture_output=True)
    os.remove(os.path.join(d, 'xls-cells.tsv'))
    m = re.search(r'(\d+) problem rows, (\d+) activity rows', out)
    with open(done + '.tmp', 'w') as f:
        f.write('%s %s\n' % m.groups())
    os.rename(done + '.tmp', done)
    print('生成 %d 个单位的模拟活动：%s（%.1f s）' % (units, d, time.monotonic() - t))
    return d


def use_template(d, repo_templates):
    """The summary template of config.ini: stage_summary.md once it exists."""
    cfg = os.path.join(d, 'config.ini')
    name = 'stage_summary.md'
    if not os.path.exists(os.path.join(repo_templates, name)):
        name = 'schemas.ini'
    with open(cfg, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'(?m)^template = .*$', 'template = ' + name, text)
    with open(cfg, 'w', encoding='utf-8') as f:
        f.write(text)
    return cfg


def timed(cmd, tmp, env=None):
    """Runs cmd under /usr/bin/time -v: (wall, user, sys, peak KiB, stderr lines)."""
    tfile = os.path.join(tmp, 'time.txt')
    p = subprocess.Popen(['/usr/bin/time', '-v', '-o', tfile] + cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    out, err = p.communicate()
    if p.returncode not in (0, 1):
        sys.exit('bench: %s 退出码 %d\n%s' % (' '.join(cmd[:2]), p.returncode, err.decode('utf-8', 'replace')[-2000:]))
    with open(tfile) as f:
        tv = f.read()

    def field(name):
        return re.search(re.escape(name) + r': (.*)', tv).group(1)
    wall = 0.0
    for part in field('Elapsed (wall clock) time (h:mm:ss or m:ss)').split(':'):
        wall = wall * 60 + float(part)
    return (wall, float(field('User time (seconds)')), float(field('System time (seconds)')),
            int(field('Maximum resident set size (kbytes)')), out.decode('utf-8', 'replace'),
            err.decode('utf-8', 'replace').splitlines())


def run_once(taizhang, mode, cfg, tmp, out_dir):
    """One timed run: (wall, user, sys, peak KiB, [(step, seconds since start)]).

    The steps are the lines TAIZHANG_TRACE=1 makes taizhang print on stderr
    (src/core/trace.h): "taizhang: 跟踪 3.412 s 152 MB 数据已装入"."""
    env = dict(os.environ, TAIZHANG_TRACE='1')
    wall, user, sys_, rss, _, err = timed([taizhang, mode, '-c', cfg, '--output', out_dir], tmp, env)
    steps = []
    for line in err:
        m = re.match(r'^taizhang: 跟踪 ([0-9.]+) s [0-9-]+ MB (.*)$', line.rstrip())
        if m:
            steps.append((m.group(2), float(m.group(1))))
    return wall, user, sys_, rss, steps


def check_rows(out, rows):
    """Nothing lost: every file's rows read = kept + rejected + superseded, and
    (for a generated campaign) the rows read are the rows the generator wrote."""
    period = [n for n in os.listdir(out) if os.path.isdir(os.path.join(out, n))][0]
    with open(os.path.join(out, period, 'manifest.json')) as f:
        man = json.load(f)
    bad = [i['path'] for i in man['inputs']
           if i['rows']['read'] != i['rows']['kept'] + i['rows']['rejected'] + i['rows']['superseded']]
    t = man['totals']
    if bad or t['rows_kept'] + t['rows_rejected'] + t['rows_superseded'] != t['rows_read'] \
            or rows is not None and t['rows_read'] != rows:
        sys.exit('bench: 行数对不上：%s；读取 %d，生成 %s' % ('、'.join(bad[:5]) or '各文件相符', t['rows_read'], rows))
    return '核对：%d 个文件各自 读取 = 计入 + 退回 + 被取代；合计读取 %d 行%s' % (
        len(man['inputs']), t['rows_read'], '' if rows is None else ' = 生成的 %d 行' % rows)


def same_figures(taizhang, cfg, py_out):
    """The reference pipeline's figures against `taizhang metrics` (the scalar ones)."""
    got = subprocess.run([taizhang, 'metrics', '-c', cfg], capture_output=True, text=True).stdout
    tz = dict(line.split('\t', 1) for line in got.splitlines() if '\t' in line)
    py = dict(line.split('\t', 1) for line in py_out.splitlines() if '\t' in line)
    names = [n for n in py if n in tz]
    diff = ['%s %s≠%s' % (n, py[n], tz[n].strip()) for n in names if py[n].strip() != tz[n].strip()]
    return ('Python 与 taizhang 的 %d 个主要数字%s' % (len(names), '一致' if not diff else '不同：' + '；'.join(diff)))


# What the issue asks of each campaign: (minimum ratio to Python, maximum wall seconds).
TARGETS = {'sample': (5, None), '200': (20, None), '1000': (None, 6.0)}
PEAK_MB = 256


def bench_one(taizhang, gen, cache, size, runs, py_runs):
    med = statistics.median
    repo = os.path.join(HERE, '..', '..')
    if size == 'sample':
        d, cfg, rows = os.path.abspath(repo), os.path.abspath(os.path.join(repo, 'config.ini')), None
        inputs = [os.path.join(d, 'input', n) for n in sorted(os.listdir(os.path.join(d, 'input')))]
        what = '示例活动（config.ini）'
    else:
        d = make_campaign(gen, cache, int(size))
        cfg = use_template(d, os.path.join(repo, 'templates'))
        inputs = [os.path.join(d, 'input', n) for n in sorted(os.listdir(os.path.join(d, 'input')))]
        with open(os.path.join(d, 'rows.txt')) as f:
            prob, act = (int(x) for x in f.read().split())
        rows = prob + act
        what = '%s 个单位' % size
    inputs = [p for p in inputs if os.path.isfile(p)]
    mb = sum(os.path.getsize(p) for p in inputs) / 1e6
    nxls = sum(p.endswith('.xls') for p in inputs)
    work = os.path.join(cache, 'work', size)
    subprocess.run(['rm', '-rf', work], check=True)
    os.makedirs(work)
    out = os.path.join(work, 'taizhang')

    subprocess.run([taizhang, 'run', '-c', cfg, '--output', out], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)                  # the warm-up
    results = [run_once(taizhang, 'run', cfg, work, out) for _ in range(runs)]
    wall = med(r[0] for r in results)
    cpu = med(r[1] + r[2] for r in results)
    rss = med(r[3] for r in results) / 1024
    print('== %s：%d 个文件（%d 个 .xls），输入 %.1f MB%s' % (
        what, len(inputs), nxls, mb, '' if rows is None else '，数据 %d 行' % rows))
    print('taizhang run（%d 次取中位数，另有 1 次预热）：墙钟 %.2f s   CPU %.2f s（user %.2f + sys %.2f）   峰值内存 %.0f MB'
          % (runs, wall, cpu, med(r[1] for r in results), med(r[2] for r in results), rss))
    print('吞吐：输入 %.1f MB/s，%.0f 行/s' % (mb / wall, (rows or 0) / wall) if rows else
          '吞吐：输入 %.1f MB/s' % (mb / wall))
    at = {}
    for r in results:
        for name, t in r[4]:
            at.setdefault(name, []).append(t)
    steps = sorted((med(ts), name) for name, ts in at.items() if len(ts) == len(results))
    if steps:
        print('各步骤（自开始起，中位数）：' + '；'.join('%s %.2f s' % (n, t) for t, n in steps))
    print('每次墙钟时间：' + ' '.join('%.2f' % r[0] for r in results))
    print(check_rows(out, rows))

    row = {'size': size, 'wall': wall, 'cpu': cpu, 'rss': rss, 'py_wall': None, 'py_cpu': None, 'py_rss': None}
    if py_runs > 0:
        py = []
        for _ in range(py_runs):
            pyout = os.path.join(work, 'python')
            subprocess.run(['rm', '-rf', pyout], check=True)
            py.append(timed(['/usr/bin/python3', os.path.join(HERE, 'ref_pipeline.py'), cfg, pyout], work))
        row['py_wall'], row['py_rss'] = med(r[0] for r in py), med(r[3] for r in py) / 1024
        row['py_cpu'] = med(r[1] + r[2] for r in py)
        print('Python（tests/bench/ref_pipeline.py，%d 次取中位数）：墙钟 %.2f s   CPU %.2f s   峰值内存 %.0f MB'
              % (py_runs, row['py_wall'], med(r[1] + r[2] for r in py), row['py_rss']))
        print(same_figures(taizhang, cfg, py[-1][4]))
    return row


def main():
    taizhang, gen, cache, sizes, runs, py_runs = sys.argv[1:7]
    taizhang, gen, cache = os.path.abspath(taizhang), os.path.abspath(gen), os.path.abspath(cache)
    rows = [bench_one(taizhang, gen, cache, size, max(1, int(runs)), int(py_runs)) for size in sizes.split()]
    # On a machine other work shares, wall time waits for the CPU: the CPU ratio says what the
    # programs themselves cost (the load average at the end says how shared it was).
    print('\n== 对照目标（倍数 = Python ÷ taizhang：墙钟，括号中为 CPU 时间）')
    print('%-8s %10s %10s %8s %10s %10s %8s %14s  %s' % ('活动', 'taizhang', 'CPU', '峰值', 'Python', 'CPU', '峰值',
                                                      '倍数', '目标'))
    for r in rows:
        ratio = r['py_wall'] / r['wall'] if r['py_wall'] else None
        want_ratio, want_wall = TARGETS.get(r['size'], (None, None))
        goals = []
        if want_ratio:
            goals.append('≥ %d 倍%s' % (want_ratio, '' if ratio is None else ' ✓' if ratio >= want_ratio else ' ✗'))
        if want_wall:
            goals.append('< %.0f s %s' % (want_wall, '✓' if r['wall'] < want_wall else '✗'))
        goals.append('< %d MB %s' % (PEAK_MB, '✓' if r['rss'] < PEAK_MB else '✗'))
        py = ('%8.2f s %8.2f s %5.0f MB' % (r['py_wall'], r['py_cpu'], r['py_rss']) if r['py_wall']
              else '%10s %10s %8s' % ('—', '—', '—'))
        times = ('%.1f（%.1f）' % (ratio, r['py_cpu'] / r['cpu']) if ratio else '—')
        print('%-8s %8.2f s %8.2f s %5.0f MB %s %14s  %s' % (r['size'], r['wall'], r['cpu'], r['rss'], py, times,
                                                          '，'.join(goals)))
    with open('/proc/loadavg') as f:
        print('负载：%s（1 分钟平均），%d 个核' % (f.read().split()[0], os.cpu_count()))


if __name__ == '__main__':
    main()
