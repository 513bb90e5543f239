from common import *

V = '19devel'
BANNER = 'pgbench (19devel)'
VERS = dict(pgbench_version='19devel', server_version=None, server_matches_client=True)
ABORT_NOTE_19 = """Exit code: 2. With --exit-on-abort (17+) pgbench prints only the banner line on stdout, then on stderr
`pgbench: error: Run was aborted due to an error in thread 0`, and exits 2 (formats doc section 7)."""


def gen():
    # 1. --continue-on-error --failures-detailed -r: `number of other failures` (19devel), single-space rows
    tot = 8520 + 1211
    rows, sexp = stmt_rows('new', [(0.002, 0, None, '\\set id random(1, 100000)'),
                                   (1.171, 1211, None, 'INSERT INTO t_unique (id) VALUES (:id);')], False)
    text = lines(
        BANNER,
        'transaction type: scripts/insert_conflict.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 1',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 8520',
        'number of failed transactions: 1211 (%s%%)' % pct(1211, tot),
        'number of serialization failures: 0 (0.000%)',
        'number of deadlock failures: 0 (0.000%)',
        'number of other failures: 1211 (%s%%)' % pct(1211, tot),
        'latency average = 1.233 ms (including failures)',
        'initial connection time = 8.310 ms',
        'tps = 2844.917205 (without initial connection time)',
        'statement latencies in milliseconds and failures:',
        *rows)
    emit(V, 'run-continue-on-error-other-failures-r', text, run(
        **VERS, transaction_type='scripts/insert_conflict.sql', scaling_factor=1, query_mode='simple', clients=4,
        threads=1, max_tries=1, duration_s=3, transactions_processed=8520, transactions_failed=1211,
        serialization_failures=0, deadlock_failures=0, other_failures=1211, latency_average_ms=1.233,
        latency_includes_failures=True, initial_connection_time_ms=8.310, tps=2844.917205,
        tps_measure='without_initial_connection_time', statements=sexp))

    # 2. two scripts, 18 layout + " - number of other failures"
    tps = 906.211775
    t1, v1 = f6(tps * 1404 / 2712)
    t2, v2 = f6(tps * 1308 / 2712)
    text = lines(
        BANNER,
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 1',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 2712',
        'number of failed transactions: 514 (%s%%)' % pct(514, 3226),
        'number of serialization failures: 301 (%s%%)' % pct(301, 3226),
        'number of deadlock failures: 0 (0.000%)',
        'number of other failures: 213 (%s%%)' % pct(213, 3226),
        'latency average = 3.720 ms (including failures)',
        'initial connection time = 8.902 ms',
        'tps = %f (without initial connection time)' % tps,
        'SQL script 1: scripts/insert_conflict.sql',
        ' - weight: 1 (targets 50.0% of total)',
        ' - 1617 transactions (%.1f%% of total)' % (100.0 * 1617 / 3226),
        ' - number of transactions actually processed: 1404 (tps = %s)' % t1,
        ' - number of failed transactions: 213 (%s%%)' % pct(213, 1617),
        ' - number of serialization failures: 0 (0.000%)',
        ' - number of deadlock failures: 0 (0.000%)',
        ' - number of other failures: 213 (%s%%)' % pct(213, 1617),
        ' - latency average = 1.204 ms',
        ' - latency stddev = 0.611 ms',
        'SQL script 2: scripts/serialization.sql',
        ' - weight: 1 (targets 50.0% of total)',
        ' - 1609 transactions (%.1f%% of total)' % (100.0 * 1609 / 3226),
        ' - number of transactions actually processed: 1308 (tps = %s)' % t2,
        ' - number of failed transactions: 301 (%s%%)' % pct(301, 1609),
        ' - number of serialization failures: 301 (%s%%)' % pct(301, 1609),
        ' - number of deadlock failures: 0 (0.000%)',
        ' - number of other failures: 0 (0.000%)',
        ' - latency average = 4.981 ms',
        ' - latency stddev = 2.977 ms',
        'starting vacuum...end.')
    emit(V, 'run-multi-script-other-failures', text, run(
        **VERS, transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=4, threads=1,
        max_tries=1, duration_s=3, transactions_processed=2712, transactions_failed=514, serialization_failures=301,
        deadlock_failures=0, other_failures=213, latency_average_ms=3.720, latency_includes_failures=True,
        initial_connection_time_ms=8.902, tps=tps, tps_measure='without_initial_connection_time',
        scripts=[script(number=1, name='scripts/insert_conflict.sql', weight=1, weight_percent=50.0,
                        transactions_total=1617, share_percent=50.1, transactions_processed=1404, tps=v1,
                        transactions_failed=213, serialization_failures=0, deadlock_failures=0, other_failures=213,
                        latency_average_ms=1.204, latency_stddev_ms=0.611),
                 script(number=2, name='scripts/serialization.sql', weight=1, weight_percent=50.0,
                        transactions_total=1609, share_percent=49.9, transactions_processed=1308, tps=v2,
                        transactions_failed=301, serialization_failures=301, deadlock_failures=0, other_failures=0,
                        latency_average_ms=4.981, latency_stddev_ms=2.977)]))

    # 3. banner with server, --rate -L --max-tries=2 -P: every progress field (failed, lag, skipped, retried, retries)
    tot = 4377 + 12 + 223
    p = [progress(True, 1, 1451.0, 3.604, 2.711, failed=5, lag=0.912, skipped=71, retried=88, retries=97),
         progress(True, 2, 1470.0, 3.552, 2.644, failed=3, lag=0.874, skipped=66, retried=91, retries=103),
         progress(True, 3, 1456.0, 3.618, 2.790, failed=4, lag=0.951, skipped=86, retried=86, retries=94)]
    text = lines(
        'pgbench (19devel, server 18.1)',
        'transaction type: scripts/serialization.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 6',
        'number of threads: 2',
        'maximum number of tries: 2',
        'duration: 3 s',
        'number of transactions actually processed: 4377',
        'number of failed transactions: 12 (%s%%)' % pct(12, tot),
        'number of transactions retried: 265 (%s%%)' % pct(265, tot),
        'total number of retries: 294',
        'number of transactions skipped: 223 (%s%%)' % pct(223, tot),
        'number of transactions above the 25.0 ms latency limit: 9/4377 (%s%%)' % pct(9, 4377),
        'latency average = 3.591 ms',
        'latency stddev = 2.716 ms',
        'rate limit schedule lag: avg 0.912 (max 21.407) ms',
        'initial connection time = 14.660 ms',
        'tps = 1459.120378 (without initial connection time)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-rate-latency-limit-retries-progress', text, run(
        pgbench_version='19devel', server_version='18.1', server_matches_client=False, transaction_type='scripts/serialization.sql',
        scaling_factor=1, query_mode='simple', clients=6, threads=2, max_tries=2, duration_s=3,
        transactions_processed=4377, transactions_failed=12, transactions_retried=265, total_retries=294,
        transactions_skipped=223, latency_limit_ms=25.0, transactions_above_latency_limit=9,
        latency_average_ms=3.591, latency_stddev_ms=2.716, lag_average_ms=0.912, lag_max_ms=21.407,
        initial_connection_time_ms=14.660, tps=1459.120378, tps_measure='without_initial_connection_time',
        progress=[e for _, e in p]))

    # 4. --exit-on-abort: only the banner on stdout
    text = lines(
        BANNER,
        'starting vacuum...end.',
        'pgbench: error: client 1 script 0 aborted in command 1 query 0: ERROR:  division by zero',
        'pgbench: error: Run was aborted due to an error in thread 0')
    emit(V, 'run-exit-on-abort', text, run(
        **VERS, aborted=True,
        errors=['pgbench: error: client 1 script 0 aborted in command 1 query 0: ERROR:  division by zero',
                'pgbench: error: Run was aborted due to an error in thread 0']), note=ABORT_NOTE_19)

    # 5. init, 17+ tuple line
    text = lines(
        'dropping old tables...',
        'creating tables...',
        'generating data (client-side)...',
        '100000 of 100000 tuples (100%) of pgbench_accounts done (elapsed 0.03 s, remaining 0.00 s)',
        'vacuuming...',
        'creating primary keys...',
        'done in 0.19 s (drop tables 0.01 s, create tables 0.01 s, client-side generate 0.09 s, vacuum 0.04 s, '
        'primary keys 0.04 s).')
    emit(V, 'init-scale1', text, init(
        scaling_factor=1, accounts_rows=100000, total_s=0.19, generation='client-side',
        steps=dict(drop_tables_s=0.01, create_tables_s=0.01, client_side_generate_s=0.09, vacuum_s=0.04,
                   primary_keys_s=0.04)))

    # 6. bad -I step (15+ form)
    text = lines('pgbench: error: unrecognized initialization step "y"',
                 'pgbench: detail: Allowed step characters are: "dtgGvpf".')
    emit(V, 'init-bad-step', text, init(done=False, errors=['pgbench: error: unrecognized initialization step "y"']))

    # 7. per-transaction log, --failures-detailed --continue-on-error: `other` and `serialization` time words
    rows = make_log(19, clients=3, n=110, start_epoch=1795921700, first_no=1, skipped_advances=True,
                    fail_words=('other', 'other', 'serialization'), p_fail=0.12, lat_range=(600, 2400),
                    gap=(300, 1500))
    emit(V, 'log-per-txn-other-failures', render_log(rows, False, False), log_expected(rows, False, False))

    # 8. aggregate, 16 columns (other_sql_failures)
    text, exp = make_aggregate(191, 1795921800, 5, 1, 16, per_interval=(2400, 2500), failures=True, other=True)
    emit(V, 'aggregate-16col', text, exp)
