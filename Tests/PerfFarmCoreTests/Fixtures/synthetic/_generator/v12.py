from common import *

V = '12'
ABORT_NOTE_12 = """Exit code: pgbench 12 exits 2 when a client aborted (formats doc section 7: "2 (12+) = run started but at least
one client aborted; stderr then ends with `Run was aborted; the above results are incomplete.` (12 bare ...)").
12's abort message: `client 0 script 0 aborted in command 0 query 0: ERROR: ...`. With 0 transactions done,
10+ print `0/10` and stop after the processed line."""


def gen():
    # 1. client abort with nothing processed; bare "Run was aborted" marker (12)
    text = lines(
        'transaction type: scripts/div_by_zero_always.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'number of transactions per client: 10',
        'number of transactions actually processed: 0/10',
        'client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero',
        'Run was aborted; the above results are incomplete.')
    emit(V, 'run-client-abort-nothing-processed', text, run(
        transaction_type='scripts/div_by_zero_always.sql', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, transactions_per_client=10, transactions_processed=0, transactions_expected=10, aborted=True,
        errors=['client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero',
                'Run was aborted; the above results are incomplete.']), note=ABORT_NOTE_12)

    # 2. -C (<= 13: still the two "connections establishing" tps lines) + bare "scale option ignored" warning
    text = lines(
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'number of transactions per client: 200',
        'number of transactions actually processed: 200/200',
        'latency average = 4.873 ms',
        'tps = 205.212524 (including connections establishing)',
        'tps = 598.441210 (excluding connections establishing)',
        'scale option ignored, using count from pgbench_branches table (1)',
        'starting vacuum...end.')
    emit(V, 'run-connect-C-scale-ignored', text, run(
        transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=1, threads=1,
        transactions_per_client=200, transactions_processed=200, transactions_expected=200,
        latency_average_ms=4.873, tps=598.441210, tps_measure='excluding_connections_establishing',
        tps_including_connections=205.212524,
        warnings=['scale option ignored, using count from pgbench_branches table (1)']))

    # 3. --rate -L -P with an interval where nothing completed (0.0 tps, 0.000 lat/stddev/lag)
    p = [progress(False, 1, 1498.0, 1.102, 0.811, lag=0.231, skipped=3),
         progress(False, 2, 1322.1, 1.389, 1.402, lag=0.602, skipped=184),
         progress(False, 3, 0.0, 0.0, 0.0, lag=0.0, skipped=1402),
         progress(False, 4, 1468.9, 1.301, 1.297, lag=1.155, skipped=108)]
    text = lines(
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 4 s',
        'number of transactions actually processed: 4288',
        'number of transactions skipped: 1697 (%s %%)' % pct(1697, 4288 + 1697),
        'number of transactions above the 3.0 ms latency limit: 212/4288 (%s %%)' % pct(212, 4288),
        'latency average = 1.264 ms',
        'latency stddev = 1.187 ms',
        'rate limit schedule lag: avg 0.507 (max 1011.482) ms',
        'tps = 1071.582063 (including connections establishing)',
        'tps = 1072.105114 (excluding connections establishing)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-rate-latency-limit-progress-stall', text, run(
        transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=2, threads=1,
        duration_s=4, transactions_processed=4288, transactions_skipped=1697, latency_limit_ms=3.0,
        transactions_above_latency_limit=212, latency_average_ms=1.264, latency_stddev_ms=1.187,
        lag_average_ms=0.507, lag_max_ms=1011.482, tps=1072.105114,
        tps_measure='excluding_connections_establishing', tps_including_connections=1071.582063,
        progress=[e for _, e in p]))

    # 4. two custom scripts with weights and -r
    tps_incl = 3703.187740
    t1, v1 = f6(12371 * tps_incl / 18519)
    t2, v2 = f6(6148 * tps_incl / 18519)
    r1, s1 = stmt_rows('old', [(0.001, None, None, CUSTOM_READ[0]), (0.089, None, None, CUSTOM_READ[1])], False)
    r2, s2 = stmt_rows('old', list(zip([0.001, 0.001, 0.042, 0.118, 1.221, 0.058], [None] * 6, [None] * 6,
                                       CUSTOM_WRITE)), False)
    text = lines(
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 5 s',
        'number of transactions actually processed: 18519',
        'latency average = 0.540 ms',
        'tps = %f (including connections establishing)' % tps_incl,
        'tps = 3704.330911 (excluding connections establishing)',
        'SQL script 1: scripts/custom_read.sql',
        ' - weight: 2 (targets 66.7% of total)',
        ' - 12371 transactions (%.1f%% of total, tps = %s)' % (100.0 * 12371 / 18519, t1),
        ' - latency average = 0.091 ms',
        ' - latency stddev = 0.042 ms',
        ' - statement latencies in milliseconds:',
        *r1,
        'SQL script 2: scripts/custom_write.sql',
        ' - weight: 1 (targets 33.3% of total)',
        ' - 6148 transactions (%.1f%% of total, tps = %s)' % (100.0 * 6148 / 18519, t2),
        ' - latency average = 1.443 ms',
        ' - latency stddev = 0.211 ms',
        ' - statement latencies in milliseconds:',
        *r2)
    emit(V, 'run-multi-custom-f-weights-r', text, run(
        transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=2, threads=1,
        duration_s=5, transactions_processed=18519, latency_average_ms=0.540, tps=3704.330911,
        tps_measure='excluding_connections_establishing', tps_including_connections=tps_incl,
        scripts=[script(number=1, name='scripts/custom_read.sql', weight=2, weight_percent=66.7,
                        transactions_processed=12371, share_percent=66.8, tps=v1, latency_average_ms=0.091,
                        latency_stddev_ms=0.042, statements=s1),
                 script(number=2, name='scripts/custom_write.sql', weight=1, weight_percent=33.3,
                        transactions_processed=6148, share_percent=33.2, tps=v2, latency_average_ms=1.443,
                        latency_stddev_ms=0.211, statements=s2)]))

    # 5. --progress-timestamp, -j 2
    p = [progress(False, None, 11822.3, 0.168, 0.071, ts=1795920611.042),
         progress(False, None, 12004.7, 0.166, 0.069, ts=1795920612.042)]
    text = lines(
        'transaction type: <builtin: select only>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 2',
        'duration: 2 s',
        'number of transactions actually processed: 23829',
        'latency average = 0.167 ms',
        'latency stddev = 0.070 ms',
        'tps = 11902.887310 (including connections establishing)',
        'tps = 11913.536420 (excluding connections establishing)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-progress-timestamp-j2', text, run(
        transaction_type='<builtin: select only>', scaling_factor=1, query_mode='simple', clients=2, threads=2,
        duration_s=2, transactions_processed=23829, latency_average_ms=0.167, latency_stddev_ms=0.070,
        tps=11913.536420, tps_measure='excluding_connections_establishing', tps_including_connections=11902.887310,
        progress=[e for _, e in p]))

    # 6. init -q scale 20: done.
    text = lines(
        'dropping old tables...',
        'creating tables...',
        'generating data...',
        '1459700 of 2000000 tuples (72%) done (elapsed 5.00 s, remaining 1.85 s)',
        '2000000 of 2000000 tuples (100%) done (elapsed 6.82 s, remaining 0.00 s)',
        'vacuuming...',
        'creating primary keys...',
        'done.')
    e = init(scaling_factor=20, accounts_rows=2000000)
    e['generation'] = OMIT
    emit(V, 'init-quiet-scale20', text, e)

    # 7. bad -I step (11/12 form)
    text = lines('unrecognized initialization step "z"',
                 'allowed steps are: "d", "t", "g", "v", "p", "f"')
    emit(V, 'init-bad-step', text, init(done=False, errors=['unrecognized initialization step "z"']))

    # 8. aggregate, --rate and -L: 11 columns; num_transactions includes skipped (<= 14)
    text, exp = make_aggregate(121, 1795920900, 4, 1, 11, per_interval=(1450, 1520), rate=True, skip=True)
    emit(V, 'aggregate-rate-latency-limit-11col', text, exp)

    # 9. per-transaction log with --rate (lag column), 3 clients
    rows = make_log(12, clients=3, n=90, start_epoch=1795921000, first_no=1, skipped_advances=True, has_lag=True,
                    lat_range=(500, 2500), gap=(500, 3500))
    emit(V, 'log-per-txn-rate', render_log(rows, True, False), log_expected(rows, True, False))
