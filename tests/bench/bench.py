#!/usr/bin/python3
"""make bench: times taizhang on a synthetic campaign (SPEC §10).

    bench.py TAIZHANG GEN CACHE UNITS RUNS

Makes the campaign of UNITS units once in CACHE/UNITS (GEN is the compiled
tests/bench/gen.c; its .xls cells are written by xls_from_cells.py), then
runs `taizhang run` RUNS times — or `taizhang check` when this build's run
writes no outputs yet — under /usr/bin/time -v after one untimed warm-up
run, and prints the medians: wall time, CPU time, peak RSS, input MB/s,
rows/s, and when each step of the run ended (the TAIZHANG_TRACE lines of
src/trace.h; the ledger's step comes from its own thread).  After a `run`
it checks from manifest.json that no row was lost.
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


def run_once(taizhang, mode, cfg, tmp):
    """One timed run: (wall, user, sys, peak KiB, [(step, seconds since start)]).

    The steps are the lines TAIZHANG_TRACE=1 makes taizhang print on stderr
    (src/trace.h): "taizhang: 跟踪 3.412 s 152 MB 数据已装入"."""
    tfile = os.path.join(tmp, 'time.txt')
    env = dict(os.environ, TAIZHANG_TRACE='1')
    p = subprocess.Popen(['/usr/bin/time', '-v', '-o', tfile, taizhang, mode, '-c', cfg],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    steps = []
    for raw in p.stderr:
        m = re.match(r'^taizhang: 跟踪 ([0-9.]+) s [0-9-]+ MB (.*)$', raw.decode('utf-8', 'replace').rstrip())
        if m:
            steps.append((m.group(2), float(m.group(1))))
    rc = p.wait()
    if rc not in (0, 1):
        sys.exit('bench: taizhang %s 退出码 %d' % (mode, rc))
    with open(tfile) as f:
        tv = f.read()

    def field(name):
        return re.search(re.escape(name) + r': (.*)', tv).group(1)
    wall = 0.0
    for part in field('Elapsed (wall clock) time (h:mm:ss or m:ss)').split(':'):
        wall = wall * 60 + float(part)
    return (wall, float(field('User time (seconds)')), float(field('System time (seconds)')),
            int(field('Maximum resident set size (kbytes)')), steps)


def check_rows(out, rows):
    """Nothing lost: every file's rows read = kept + rejected + superseded, and
    the rows kept in all are the rows the generator wrote."""
    with open(os.path.join(out, '2017-11', 'manifest.json')) as f:
        man = json.load(f)
    bad = [i['path'] for i in man['inputs']
           if i['rows']['read'] != i['rows']['kept'] + i['rows']['rejected'] + i['rows']['superseded']]
    t = man['totals']
    if bad or t['rows_read'] != rows or t['rows_kept'] + t['rows_rejected'] + t['rows_superseded'] != rows:
        sys.exit('bench: 行数对不上：%s；读取 %d，生成 %d' % ('、'.join(bad[:5]) or '各文件相符', t['rows_read'], rows))
    return '核对：%d 个文件各自 读取 = 计入 + 退回 + 被取代；合计读取 %d 行 = 生成的 %d 行' % (
        len(man['inputs']), t['rows_read'], rows)


def main():
    taizhang, gen, cache, units, runs = sys.argv[1:6]
    units, runs = int(units), max(1, int(runs))
    taizhang = os.path.abspath(taizhang)
    d = make_campaign(os.path.abspath(gen), os.path.abspath(cache), units)
    cfg = use_template(d, os.path.join(HERE, '..', '..', 'templates'))
    inputs = [os.path.join(d, 'input', n) for n in sorted(os.listdir(os.path.join(d, 'input')))]
    mb = sum(os.path.getsize(p) for p in inputs) / 1e6
    nxls = sum(p.endswith('.xls') for p in inputs)
    with open(os.path.join(d, 'rows.txt')) as f:
        prob, act = (int(x) for x in f.read().split())

    # The warm-up run also tells whether this build's `run` writes outputs.
    out = os.path.join(d, 'output')
    subprocess.run(['rm', '-rf', out], check=True)
    subprocess.run([taizhang, 'run', '-c', cfg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mode = 'run' if os.path.isdir(os.path.join(out, '2017-11')) else 'check'
    if mode == 'check':
        subprocess.run([taizhang, 'check', '-c', cfg], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    results = [run_once(taizhang, mode, cfg, d) for _ in range(runs)]
    med = statistics.median
    wall = med(r[0] for r in results)
    cpu = med(r[1] + r[2] for r in results)
    rss = med(r[3] for r in results) / 1024
    print('make bench：%d 个单位（%d 个 .xlsx，%d 个 .xls），输入 %.1f MB，数据 %d 行（问题 %d + 征求意见 %d）'
          % (units, len(inputs) - nxls, nxls, mb, prob + act, prob, act))
    print('命令：taizhang %s，%d 次取中位数（另有 1 次预热）' % (mode, runs))
    print('墙钟时间 %.2f s   CPU 时间 %.2f s（user %.2f + sys %.2f）   峰值内存 %.0f MB'
          % (wall, cpu, med(r[1] for r in results), med(r[2] for r in results), rss))
    print('吞吐：输入 %.1f MB/s，%.0f 行/s' % (mb / wall, (prob + act) / wall))
    # Steps on two threads may end in either order: each step's median, in time order.
    at = {}
    for r in results:
        for name, t in r[4]:
            at.setdefault(name, []).append(t)
    steps = sorted((med(ts), name) for name, ts in at.items() if len(ts) == len(results))
    if steps:
        print('各步骤（自开始起，中位数）：' + '；'.join('%s %.2f s' % (n, t) for t, n in steps))
    print('每次墙钟时间：' + ' '.join('%.2f' % r[0] for r in results))
    if mode == 'run':
        print(check_rows(out, prob + act))


if __name__ == '__main__':
    main()
