"""Helpers: render pgbench text with the exact C format strings of each version's pgbench.c, and build the
expected JSON from the same hand-chosen values (an oracle independent of the project's parser).
What the outputs pin, version by version, is described in docs/pgbench-versions.md."""
import json, math, os, random
from fractions import Fraction

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OMIT = object()

RUN_SCALARS = [
    'pgbench_version', 'server_version', 'server_matches_client', 'transaction_type', 'scaling_factor', 'partition_method', 'partitions',
    'query_mode', 'clients', 'threads', 'max_tries', 'duration_s', 'transactions_per_client',
    'transactions_processed', 'transactions_expected', 'transactions_failed', 'transactions_skipped',
    'transactions_retried', 'total_retries', 'serialization_failures', 'deadlock_failures', 'other_failures',
    'latency_limit_ms', 'transactions_above_latency_limit', 'latency_average_ms', 'latency_stddev_ms',
    'lag_average_ms', 'lag_max_ms', 'initial_connection_time_ms', 'average_connection_time_ms', 'tps',
    'tps_measure', 'tps_including_connections',
]
SCRIPT_KEYS = [
    'number', 'name', 'weight', 'weight_percent', 'transactions_processed', 'transactions_total', 'share_percent',
    'tps', 'latency_average_ms', 'latency_stddev_ms', 'transactions_failed', 'serialization_failures',
    'deadlock_failures', 'other_failures', 'transactions_retried', 'total_retries', 'transactions_skipped',
    'statements',
]
STEP_KEYS = ['drop_tables_s', 'create_tables_s', 'client_side_generate_s', 'server_side_generate_s', 'vacuum_s',
             'primary_keys_s', 'foreign_keys_s']

written = []


def _clean(obj):
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if v is not OMIT}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def emit(ver, name, text, expected, note=None):
    folder = os.path.join(ROOT, 'pg' + ver)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + '.txt'), 'w') as f:
        f.write(text)
    with open(os.path.join(folder, name + '.expected.json'), 'w') as f:
        json.dump(_clean(expected), f, indent=2, sort_keys=True)
        f.write('\n')
    if note:
        with open(os.path.join(folder, name + '.note'), 'w') as f:
            f.write(note.strip() + '\n')
    written.append((ver, name))


def lines(*ls):
    return ''.join(l + '\n' for l in ls)


def run(**kw):
    e = dict.fromkeys(RUN_SCALARS)
    e.update(latency_includes_failures=False, aborted=False, statements=[], scripts=[], progress=[], errors=[],
             warnings=[])
    for k in kw:
        assert k in e, k
    e.update(kw)
    e['kind'] = 'run'
    return e


def script(**kw):
    e = dict.fromkeys(SCRIPT_KEYS)
    e['statements'] = []
    for k in kw:
        assert k in e, k
    e.update(kw)
    return e


def init(**kw):
    e = dict(scaling_factor=None, accounts_rows=None, total_s=None, steps=dict.fromkeys(STEP_KEYS), done=True,
             generation=None, partitions=None, errors=[])
    steps = kw.pop('steps', {})
    for k in steps:
        assert k in STEP_KEYS, k
    e['steps'].update(steps)
    for k in kw:
        assert k in e, k
    e.update(kw)
    e['kind'] = 'init'
    return e


def pct(n, d):
    return '%.3f' % (100.0 * n / d)


def f6(x):
    """A tps value as printed by %f, and its value."""
    s = '%f' % x
    return s, float(s)


# ---- per-statement rows --------------------------------------------------------------------------------
def stmt_rows(era, stmts, retries):
    """era: 'old' (9.6-14, `   %11.3f  %s`), 'mid' (15-17, two spaces), 'new' (18+, one space)."""
    out, exp = [], []
    for lat, fail, retr, cmd in stmts:
        if era == 'old':
            out.append('   %11.3f  %s' % (lat, cmd))
            exp.append(dict(latency_ms=lat, failures=None, retries=None, command=cmd))
        elif era == 'mid':
            if retries:
                out.append('   %11.3f  %10d  %10d  %s' % (lat, fail, retr, cmd))
            else:
                out.append('   %11.3f  %10d  %s' % (lat, fail, cmd))
            exp.append(dict(latency_ms=lat, failures=fail, retries=retr if retries else None, command=cmd))
        else:
            if retries:
                out.append('   %11.3f  %10d %10d %s' % (lat, fail, retr, cmd))
            else:
                out.append('   %11.3f  %10d %s' % (lat, fail, cmd))
            exp.append(dict(latency_ms=lat, failures=fail, retries=retr if retries else None, command=cmd))
    return out, exp


# ---- progress lines -------------------------------------------------------------------------------------
def progress(modern, t, tps, lat, sd, failed=None, lag=None, skipped=None, retried=None, retries=None, ts=None):
    """modern: 15+ (`, N failed` always). t: elapsed seconds, or None with ts (epoch, --progress-timestamp)."""
    when = ('%.3f s' % ts) if ts is not None else ('%.1f s' % t)
    s = 'progress: %s, %.1f tps, lat %.3f ms stddev %.3f' % (when, tps, lat, sd)
    if modern:
        s += ', %d failed' % failed
    if lag is not None:
        s += ', lag %.3f ms' % lag
        if skipped is not None:
            s += ', %d skipped' % skipped
    if retried is not None:
        s += ', %d retried, %d retries' % (retried, retries)
    e = dict(elapsed_s=None if ts is not None else float(t), timestamp_s=ts, tps=tps, latency_average_ms=lat,
             latency_stddev_ms=sd, failed=failed if modern else None, lag_ms=lag, skipped=skipped,
             retried=retried, retries=retries)
    return s, e


# ---- builtin scripts as printed by -r --------------------------------------------------------------------
TPCB = [
    '\\set aid random(1, 100000 * :scale)',
    '\\set bid random(1, 1 * :scale)',
    '\\set tid random(1, 10 * :scale)',
    '\\set delta random(-5000, 5000)',
    'BEGIN;',
    'UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;',
    'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;',
    'UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;',
    'UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;',
    'INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);',
    'END;',
]
SIMPLE_UPDATE = [
    '\\set aid random(1, 100000 * :scale)',
    '\\set bid random(1, 1 * :scale)',
    '\\set tid random(1, 10 * :scale)',
    '\\set delta random(-5000, 5000)',
    'BEGIN;',
    'UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;',
    'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;',
    'INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);',
    'END;',
]
SELECT_ONLY = [
    '\\set aid random(1, 100000 * :scale)',
    'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;',
]
SERIALIZATION = [
    '\\set aid random(1, 4)',
    'BEGIN ISOLATION LEVEL REPEATABLE READ;',
    'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;',
    'SELECT pg_sleep(0.002);',
    'UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;',
    'END;',
]
DEADLOCK = [
    '\\set a random(1, 2)',
    '\\set b 3 - :a',
    'BEGIN;',
    'UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :a;',
    'SELECT pg_sleep(0.005);',
    'UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :b;',
    'END;',
]
CUSTOM_READ = ['\\set aid random(1, 100000 * :scale)', 'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;']
CUSTOM_WRITE = ['\\set aid random(1, 100000 * :scale)', '\\set delta random(-5000, 5000)', 'BEGIN;',
                'UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;', '\\sleep 1 ms', 'END;']

NOTICES_96 = ['NOTICE:  table "pgbench_history" does not exist, skipping',
              'NOTICE:  table "pgbench_tellers" does not exist, skipping',
              'NOTICE:  table "pgbench_accounts" does not exist, skipping',
              'NOTICE:  table "pgbench_branches" does not exist, skipping']
NOTICES_11 = ['NOTICE:  table "pgbench_accounts" does not exist, skipping',
              'NOTICE:  table "pgbench_branches" does not exist, skipping',
              'NOTICE:  table "pgbench_history" does not exist, skipping',
              'NOTICE:  table "pgbench_tellers" does not exist, skipping']


# ---- logs -----------------------------------------------------------------------------------------------
def nearest_rank(sorted_values, p):
    n = len(sorted_values)
    rank = math.ceil(Fraction(str(p)) * n / 100)
    rank = max(1, min(n, rank))
    return sorted_values[rank - 1]


def log_expected(rows, has_lag, has_retries):
    """rows: dicts with client, word (None for completed) / latency_us, lag_us, retries."""
    done = [r for r in rows if r['word'] is None]
    lat = sorted(r['latency_us'] for r in done)
    e = dict(kind='log', transactions=len(done),
             failed=sum(1 for r in rows if r['word'] in ('failed', 'serialization', 'deadlock', 'other')),
             skipped=sum(1 for r in rows if r['word'] == 'skipped'),
             serialization_failures=sum(1 for r in rows if r['word'] == 'serialization'),
             deadlock_failures=sum(1 for r in rows if r['word'] == 'deadlock'),
             other_failures=sum(1 for r in rows if r['word'] == 'other'),
             clients=len({r['client'] for r in rows}), lines=len(rows))
    if has_retries:
        e['retried'] = sum(1 for r in rows if r['retries'] > 0)
        e['retries'] = sum(r['retries'] for r in rows)
    else:
        e['retried'] = None
        e['retries'] = None
    e['latency_ms'] = dict(min=lat[0] / 1000, max=lat[-1] / 1000, mean=sum(lat) / len(lat) / 1000,
                           **{k: nearest_rank(lat, p) / 1000 for k, p in
                              [('p50', 50), ('p90', 90), ('p95', 95), ('p99', 99), ('p999', 99.9)]})
    if has_lag:
        lags = [r['lag_us'] for r in done]
        e['lag_ms'] = dict(mean=sum(lags) / len(lags) / 1000, max=max(lags) / 1000)
    else:
        e['lag_ms'] = None
    return e


def render_log(rows, has_lag, has_retries):
    out = []
    for r in rows:
        t = r['word'] if r['word'] is not None else '%d' % r['latency_us']
        s = '%d %d %s %d %d %d' % (r['client'], r['no'], t, r['script'], r['epoch'], r['usec'])
        if has_lag:
            s += ' %d' % r['lag_us']
        if has_retries:
            s += ' %d' % r['retries']
        out.append(s)
    return lines(*out)


def make_log(seed, clients, n, start_epoch, first_no, skipped_advances, has_lag=False, has_retries=False,
             p_skip=0.0, fail_words=(), p_fail=0.0, scripts=1, lat_range=(400, 4000), max_retries=0,
             gap=(100, 1500)):
    """Simulate a per-transaction log. first_no: transaction_no of a client's first transaction (0 in 9.6/10,
    1 from 11). skipped_advances: False in 9.6/10 (skipped lines repeat the number of the next transaction)."""
    rnd = random.Random(seed)
    cnt = {c: first_no for c in range(clients)}
    t = start_epoch * 1_000_000 + rnd.randrange(1_000_000)
    rows = []
    for i in range(n):
        c = rnd.randrange(clients)
        t += rnd.randrange(gap[0], gap[1])
        r = dict(client=c, script=rnd.randrange(scripts), epoch=t // 1_000_000, usec=t % 1_000_000,
                 word=None, latency_us=None, lag_us=0, retries=0)
        u = rnd.random()
        if u < p_skip:
            r['word'] = 'skipped'
            r['no'] = cnt[c]
            if skipped_advances:
                cnt[c] += 1
        else:
            r['no'] = cnt[c]
            cnt[c] += 1
            if u < p_skip + p_fail:
                r['word'] = rnd.choice(fail_words)
                r['retries'] = max_retries
            else:
                # a long-tailed latency
                r['latency_us'] = int(rnd.uniform(*lat_range) * (1 + rnd.expovariate(3.0)))
                if max_retries and rnd.random() < 0.3:
                    r['retries'] = rnd.randint(1, max_retries)
            if has_lag:
                r['lag_us'] = int(rnd.expovariate(1 / 300.0))
        rows.append(r)
    return rows


def make_aggregate(seed, start, count, interval, cols, per_interval=(40, 120), rate=False, skip=False,
                   retries=False, failures=False, other=False, empty_at=()):
    """cols: 6/10/11 (9.6-14) or 15/16 (15+). Returns text and expected intervals."""
    rnd = random.Random(seed)
    out, exp = [], []
    for i in range(count):
        start_i = start + i * interval
        if i in empty_at:
            n_ok, lats, lags, skipped = 0, [], [], 0
        else:
            n_ok = rnd.randint(*per_interval)
            lats = [int(rnd.uniform(300, 3000) * (1 + rnd.expovariate(3.0))) for _ in range(n_ok)]
            lags = [int(rnd.expovariate(1 / 250.0)) for _ in range(n_ok)] if rate else [0] * n_ok
            skipped = rnd.randint(0, 9) if skip else 0
        retried = rnd.randint(0, n_ok // 3) if retries and n_ok else 0
        nretries = retried + rnd.randint(0, retried) if retried else 0
        ser = rnd.randint(0, 6) if failures and n_ok else 0
        dead = rnd.randint(0, 2) if failures and n_ok else 0
        oth = rnd.randint(0, 4) if other and n_ok else 0
        num = n_ok + skipped if cols in (6, 10, 11) else n_ok   # <= 14: num_transactions includes skipped
        vals = [start_i, num, sum(lats), sum(x * x for x in lats), min(lats) if lats else 0, max(lats) if lats else 0]
        e = dict(interval_start=start_i, num_transactions=num, sum_latency_us=vals[2], sum_latency_2_us=vals[3],
                 min_latency_us=vals[4], max_latency_us=vals[5], sum_lag_us=None, sum_lag_2_us=None,
                 min_lag_us=None, max_lag_us=None, skipped=None, retried=None, retries=None,
                 serialization_failures=None, deadlock_failures=None, other_failures=None)
        if cols >= 10:
            lagv = [sum(lags), sum(x * x for x in lags), min(lags) if lags else 0, max(lags) if lags else 0]
            vals += lagv
            e.update(sum_lag_us=lagv[0], sum_lag_2_us=lagv[1], min_lag_us=lagv[2], max_lag_us=lagv[3])
        if cols >= 11:
            vals.append(skipped)
            e['skipped'] = skipped
        if cols >= 15:
            vals += [retried, nretries, ser, dead]
            e.update(retried=retried, retries=nretries, serialization_failures=ser, deadlock_failures=dead)
        if cols >= 16:
            vals.append(oth)
            e['other_failures'] = oth
        assert len(vals) == cols
        out.append(' '.join(str(v) for v in vals))
        exp.append(e)
    expected = dict(kind='aggregate', transactions=sum(e['num_transactions'] for e in exp), intervals=exp,
                    interval_s=interval)
    return lines(*out), expected
