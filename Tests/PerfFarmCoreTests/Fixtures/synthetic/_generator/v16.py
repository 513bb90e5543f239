from common import *

V = '16'
BANNER = 'pgbench (16.2)'
VERS = dict(pgbench_version='16.2', server_version=None, server_matches_client=True)
ABORT_NOTE_16 = """Exit code: pgbench 16 exits 2 when a client aborted (formats doc section 7: "2 (12+) = run started but at least
one client aborted"; marker `pgbench: error: Run was aborted; the above results are incomplete.` for 15+).
15-17 still print `number of failed transactions: 0 (NaN%)` after `0/10` (doc section 7 and 2.5)."""


def gen():
    # 1. same-version banner, --max-tries=3 --failures-detailed -r: failures/retries lines, "(including failures)",
    #    statement rows `   %11.3f  %10lld  %10lld  %s`
    tot = 5390 + 1602
    rows, sexp = stmt_rows('mid', list(zip([0.008, 0.101, 0.103, 2.441, 0.131, 0.129], [0, 0, 0, 0, 1602, 0],
                                           [0, 0, 0, 0, 6413, 0], SERIALIZATION)), True)
    text = lines(
        BANNER,
        'transaction type: scripts/serialization.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 8',
        'number of threads: 2',
        'maximum number of tries: 3',
        'duration: 5 s',
        'number of transactions actually processed: 5390',
        'number of failed transactions: 1602 (%s%%)' % pct(1602, tot),
        'number of serialization failures: 1602 (%s%%)' % pct(1602, tot),
        'number of deadlock failures: 0 (0.000%)',
        'number of transactions retried: 3911 (%s%%)' % pct(3911, tot),
        'total number of retries: 6413',
        'latency average = 5.720 ms (including failures)',
        'initial connection time = 27.114 ms',
        'tps = 1079.432018 (without initial connection time)',
        'statement latencies in milliseconds, failures and retries:',
        *rows,
        'starting vacuum...end.')
    emit(V, 'run-failures-detailed-retries-r', text, run(
        **VERS, transaction_type='scripts/serialization.sql', scaling_factor=1, query_mode='simple', clients=8,
        threads=2, max_tries=3, duration_s=5, transactions_processed=5390, transactions_failed=1602,
        serialization_failures=1602, deadlock_failures=0, transactions_retried=3911, total_retries=6413,
        latency_average_ms=5.720, latency_includes_failures=True, initial_connection_time_ms=27.114,
        tps=1079.432018, tps_measure='without_initial_connection_time', statements=sexp))

    # 2. --rate -L -P: "(L%)" without space, N/M, progress `, 0 failed, lag ..., N skipped`
    p = [progress(True, 1, 2641.2, 0.948, 0.877, failed=0, lag=0.201, skipped=312),
         progress(True, 2, 2580.4, 1.037, 1.012, failed=0, lag=0.238, skipped=431),
         progress(True, 3, 2573.9, 1.053, 1.046, failed=0, lag=0.247, skipped=461)]
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 7795',
        'number of failed transactions: 0 (0.000%)',
        'number of transactions skipped: 1204 (%s%%)' % pct(1204, 7795 + 1204),
        'number of transactions above the 1.0 ms latency limit: 2101/7795 (%s%%)' % pct(2101, 7795),
        'latency average = 1.012 ms',
        'latency stddev = 0.981 ms',
        'rate limit schedule lag: avg 0.229 (max 5.002) ms',
        'initial connection time = 11.082 ms',
        'tps = 2600.233417 (without initial connection time)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-rate-latency-limit-progress', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=4,
        threads=2, max_tries=1, duration_s=3, transactions_processed=7795, transactions_failed=0,
        transactions_skipped=1204, latency_limit_ms=1.0, transactions_above_latency_limit=2101,
        latency_average_ms=1.012, latency_stddev_ms=0.981, lag_average_ms=0.229, lag_max_ms=5.002,
        initial_connection_time_ms=11.082, tps=2600.233417, tps_measure='without_initial_connection_time',
        progress=[e for _, e in p]))

    # 3. --max-tries=0 -L 50 -P: no "maximum number of tries" line; progress with retried/retries
    tot = 2201 + 3
    p = [progress(True, 1, 719.8, 5.489, 5.011, failed=1, retried=243, retries=431),
         progress(True, 2, 741.1, 5.360, 4.790, failed=0, retried=247, retries=442),
         progress(True, 3, 740.0, 5.357, 4.812, failed=2, retried=241, retries=431)]
    text = lines(
        BANNER,
        'transaction type: scripts/serialization.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 1',
        'duration: 3 s',
        'number of transactions actually processed: 2201',
        'number of failed transactions: 3 (%s%%)' % pct(3, tot),
        'number of transactions retried: 731 (%s%%)' % pct(731, tot),
        'total number of retries: 1304',
        'number of transactions above the 50.0 ms latency limit: 0/2201 (0.000%)',
        'latency average = 5.402 ms',
        'latency stddev = 4.871 ms',
        'initial connection time = 41.870 ms',
        'tps = 735.012263 (without initial connection time)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-max-tries-0-progress-retries', text, run(
        **VERS, transaction_type='scripts/serialization.sql', scaling_factor=1, query_mode='simple', clients=4,
        threads=1, duration_s=3, transactions_processed=2201, transactions_failed=3, transactions_retried=731,
        total_retries=1304, latency_limit_ms=50.0, transactions_above_latency_limit=0, latency_average_ms=5.402,
        latency_stddev_ms=4.871, initial_connection_time_ms=41.870, tps=735.012263,
        tps_measure='without_initial_connection_time', progress=[e for _, e in p]))

    # 4. -r single script, max_tries 1: "statement latencies in milliseconds and failures:" `   %11.3f  %10lld  %s`
    rows, sexp = stmt_rows('mid', list(zip(
        [0.002, 0.001, 0.001, 0.001, 0.029, 0.081, 0.052, 0.067, 0.072, 0.059, 0.098],
        [0] * 11, [None] * 11, TPCB)), False)
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: extended',
        'number of clients: 1',
        'number of threads: 1',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 6412',
        'number of failed transactions: 0 (0.000%)',
        'latency average = 0.468 ms',
        'initial connection time = 3.804 ms',
        'tps = 2137.660911 (without initial connection time)',
        'statement latencies in milliseconds and failures:',
        *rows,
        'starting vacuum...end.')
    emit(V, 'run-per-statement-r-failures', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='extended', clients=1,
        threads=1, max_tries=1, duration_s=3, transactions_processed=6412, transactions_failed=0,
        latency_average_ms=0.468, initial_connection_time_ms=3.804, tps=2137.660911,
        tps_measure='without_initial_connection_time', statements=sexp))

    # 5. client abort with nothing processed: 15-17 print "number of failed transactions: 0 (NaN%)"
    text = lines(
        BANNER,
        'transaction type: scripts/div_by_zero_always.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'maximum number of tries: 1',
        'number of transactions per client: 10',
        'number of transactions actually processed: 0/10',
        'number of failed transactions: 0 (NaN%)',
        'starting vacuum...end.',
        'pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero',
        'pgbench: error: Run was aborted; the above results are incomplete.')
    emit(V, 'run-client-abort-nan', text, run(
        **VERS, transaction_type='scripts/div_by_zero_always.sql', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, max_tries=1, transactions_per_client=10, transactions_processed=0, transactions_expected=10,
        transactions_failed=0, aborted=True,
        errors=['pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero',
                'pgbench: error: Run was aborted; the above results are incomplete.']), note=ABORT_NOTE_16)

    # 6. incomplete transaction block at end of script (15+)
    text = lines(
        BANNER,
        'transaction type: scripts/incomplete_transaction_block.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'maximum number of tries: 1',
        'number of transactions per client: 10',
        'number of transactions actually processed: 1/10',
        'number of failed transactions: 0 (0.000%)',
        'latency average = 2.115 ms',
        'initial connection time = 2.371 ms',
        'tps = 472.813239 (without initial connection time)',
        'pgbench: error: client 0 aborted: end of script reached without completing the last transaction',
        'pgbench: error: Run was aborted; the above results are incomplete.')
    emit(V, 'run-incomplete-transaction-block', text, run(
        **VERS, transaction_type='scripts/incomplete_transaction_block.sql', scaling_factor=1, query_mode='simple',
        clients=1, threads=1, max_tries=1, transactions_per_client=10, transactions_processed=1,
        transactions_expected=10, transactions_failed=0, latency_average_ms=2.115,
        initial_connection_time_ms=2.371, tps=472.813239, tps_measure='without_initial_connection_time',
        aborted=True,
        errors=['pgbench: error: client 0 aborted: end of script reached without completing the last transaction',
                'pgbench: error: Run was aborted; the above results are incomplete.']), note=ABORT_NOTE_16)

    # 7. two scripts, --max-tries=2 -r (no --failures-detailed): 15-17 per-script block
    tps = 46.702315
    t1, v1 = f6(tps * 78 / 141)
    t2, v2 = f6(tps * 63 / 141)
    r1, s1 = stmt_rows('mid', list(zip([0.002, 0.081, 0.085, 2.351, 3.188, 0.091], [0, 0, 0, 0, 41, 0],
                                       [0, 0, 0, 0, 50, 0], SERIALIZATION)), True)
    r2, s2 = stmt_rows('mid', list(zip([0.002, 0.001, 0.101, 43.877, 5.298, 21.977, 0.077], [0, 0, 0, 22, 0, 49, 0],
                                       [0, 0, 0, 56, 0, 43, 0], DEADLOCK)), True)
    text = lines(
        BANNER,
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 6',
        'number of threads: 2',
        'maximum number of tries: 2',
        'duration: 3 s',
        'number of transactions actually processed: 141',
        'number of failed transactions: 112 (%s%%)' % pct(112, 253),
        'number of transactions retried: 149 (%s%%)' % pct(149, 253),
        'total number of retries: 149',
        'latency average = 71.147 ms (including failures)',
        'initial connection time = 19.874 ms',
        'tps = %f (without initial connection time)' % tps,
        'SQL script 1: scripts/serialization.sql',
        ' - weight: 1 (targets 50.0% of total)',
        ' - 78 transactions (%.1f%% of total, tps = %s)' % (100.0 * 78 / 141, t1),
        ' - number of failed transactions: 41 (%s%%)' % pct(41, 119),
        ' - number of transactions retried: 50 (%s%%)' % pct(50, 119),
        ' - total number of retries: 50',
        ' - latency average = 7.212 ms',
        ' - latency stddev = 15.877 ms',
        ' - statement latencies in milliseconds, failures and retries:',
        *r1,
        'SQL script 2: scripts/deadlock.sql',
        ' - weight: 1 (targets 50.0% of total)',
        ' - 63 transactions (%.1f%% of total, tps = %s)' % (100.0 * 63 / 141, t2),
        ' - number of failed transactions: 71 (%s%%)' % pct(71, 134),
        ' - number of transactions retried: 99 (%s%%)' % pct(99, 134),
        ' - total number of retries: 99',
        ' - latency average = 86.940 ms',
        ' - latency stddev = 58.402 ms',
        ' - statement latencies in milliseconds, failures and retries:',
        *r2,
        'starting vacuum...end.')
    emit(V, 'run-multi-script-retries-r', text, run(
        **VERS, transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=6, threads=2,
        max_tries=2, duration_s=3, transactions_processed=141, transactions_failed=112, transactions_retried=149,
        total_retries=149, latency_average_ms=71.147, latency_includes_failures=True,
        initial_connection_time_ms=19.874, tps=tps, tps_measure='without_initial_connection_time',
        scripts=[script(number=1, name='scripts/serialization.sql', weight=1, weight_percent=50.0,
                        transactions_processed=78, share_percent=55.3, tps=v1, transactions_failed=41,
                        transactions_retried=50, total_retries=50, latency_average_ms=7.212,
                        latency_stddev_ms=15.877, statements=s1),
                 script(number=2, name='scripts/deadlock.sql', weight=1, weight_percent=50.0,
                        transactions_processed=63, share_percent=44.7, tps=v2, transactions_failed=71,
                        transactions_retried=99, total_retries=99, latency_average_ms=86.940,
                        latency_stddev_ms=58.402, statements=s2)]))

    # 8. -C + -P --progress-timestamp
    p = [progress(True, None, 129.9, 2.905, 1.021, failed=0, ts=1795921003.530),
         progress(True, None, 134.0, 2.788, 0.902, failed=0, ts=1795921004.530),
         progress(True, None, 136.1, 2.747, 0.871, failed=0, ts=1795921005.530)]
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 401',
        'number of failed transactions: 0 (0.000%)',
        'latency average = 2.812 ms',
        'latency stddev = 0.934 ms',
        'average connection time = 4.611 ms',
        'tps = 133.452014 (including reconnection times)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-connect-C-progress-timestamp', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, max_tries=1, duration_s=3, transactions_processed=401, transactions_failed=0,
        latency_average_ms=2.812, latency_stddev_ms=0.934, average_connection_time_ms=4.611, tps=133.452014,
        tps_measure='including_reconnection_times', progress=[e for _, e in p]))

    # 9. init, 13-16 tuple lines (no "of pgbench_accounts"), done in ... with foreign keys
    text = lines(
        'dropping old tables...',
        *NOTICES_11,
        'creating tables...',
        'generating data (client-side)...',
        '100000 of 200000 tuples (50%) done (elapsed 0.04 s, remaining 0.04 s)',
        '200000 of 200000 tuples (100%) done (elapsed 0.09 s, remaining 0.00 s)',
        'vacuuming...',
        'creating primary keys...',
        'creating foreign keys...',
        'done in 0.41 s (drop tables 0.00 s, create tables 0.01 s, client-side generate 0.15 s, vacuum 0.09 s, '
        'primary keys 0.12 s, foreign keys 0.04 s).')
    emit(V, 'init-foreign-keys-done-in', text, init(
        scaling_factor=2, accounts_rows=200000, total_s=0.41, generation='client-side',
        steps=dict(drop_tables_s=0.0, create_tables_s=0.01, client_side_generate_s=0.15, vacuum_s=0.09,
                   primary_keys_s=0.12, foreign_keys_s=0.04)))

    # 10. bad -I step (15+ form)
    text = lines('pgbench: error: unrecognized initialization step "q"',
                 'pgbench: detail: Allowed step characters are: "dtgGvpf".')
    emit(V, 'init-bad-step', text, init(done=False, errors=['pgbench: error: unrecognized initialization step "q"']))

    # 11. per-transaction log, --max-tries=2: retries column, `failed` time word
    rows = make_log(16, clients=3, n=120, start_epoch=1795921300, first_no=1, skipped_advances=True,
                    has_retries=True, fail_words=('failed',), p_fail=0.07, max_retries=1, lat_range=(2000, 6000),
                    gap=(500, 2500))
    emit(V, 'log-per-txn-retries-failed', render_log(rows, False, True), log_expected(rows, False, True))

    # 12. aggregate, 15 columns (--rate -L --max-tries=2, no --failures-detailed: failure columns 0)
    text, exp = make_aggregate(161, 1795921400, 5, 1, 15, per_interval=(590, 610), rate=True, skip=True,
                               retries=True)
    emit(V, 'aggregate-15col-rate-retries', text, exp)
