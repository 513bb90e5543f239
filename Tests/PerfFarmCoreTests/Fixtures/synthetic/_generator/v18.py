from common import *

V = '18'
BANNER = 'pgbench (18.6, server 15.18 (Debian 15.18-0+deb12u1))'
VERS = dict(pgbench_version='18.6', server_version='15.18 (Debian 15.18-0+deb12u1)', server_matches_client=False)
ABORT_NOTE_18 = """Exit code: pgbench 18 exits 2 when a client aborted (formats doc section 7: "2 (12+) = run started but at least
one client aborted"; marker `pgbench: error: Run was aborted; the above results are incomplete.`). When nothing
completed, 18 prints no `number of failed transactions` line (doc section 2.5: the early return moved before it
and tests cnt+skipped+failures <= 0)."""


def gen():
    # 1. -r single script, 18: ONE space before the command (`   %11.3f  %10" PRId64 " %s`)
    rows, sexp = stmt_rows('new', list(zip(
        [0.002, 0.001, 0.001, 0.001, 0.020, 0.073, 0.046, 0.061, 0.064, 0.051, 0.094],
        [0] * 11, [None] * 11, TPCB)), False)
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 7104',
        'number of failed transactions: 0 (0.000%)',
        'latency average = 0.422 ms',
        'initial connection time = 4.019 ms',
        'tps = 2369.120544 (without initial connection time)',
        'statement latencies in milliseconds and failures:',
        *rows,
        'starting vacuum...end.')
    emit(V, 'run-per-statement-r-single-space', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, max_tries=1, duration_s=3, transactions_processed=7104, transactions_failed=0,
        latency_average_ms=0.422, initial_connection_time_ms=4.019, tps=2369.120544,
        tps_measure='without_initial_connection_time', statements=sexp))

    # 2. single script, --max-tries=3 --failures-detailed -r -P: `   %11.3f  %10d %10d %s`, progress with retries
    tot = 3201 + 1004
    rows, sexp = stmt_rows('new', list(zip([0.007, 0.094, 0.097, 2.402, 0.148, 0.121], [0, 0, 0, 0, 1004, 0],
                                           [0, 0, 0, 0, 3918, 0], SERIALIZATION)), True)
    p = [progress(True, 1, 1049.0, 4.702, 3.101, failed=342, retried=790, retries=1302),
         progress(True, 2, 1077.1, 4.580, 3.004, failed=329, retried=801, retries=1311),
         progress(True, 3, 1074.9, 4.571, 3.049, failed=333, retried=786, retries=1305)]
    text = lines(
        BANNER,
        'transaction type: scripts/serialization.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 8',
        'number of threads: 2',
        'maximum number of tries: 3',
        'duration: 3 s',
        'number of transactions actually processed: 3201',
        'number of failed transactions: 1004 (%s%%)' % pct(1004, tot),
        'number of serialization failures: 1004 (%s%%)' % pct(1004, tot),
        'number of deadlock failures: 0 (0.000%)',
        'number of transactions retried: 2377 (%s%%)' % pct(2377, tot),
        'total number of retries: 3918',
        'latency average = 4.617 ms',
        'latency stddev = 3.052 ms',
        'initial connection time = 24.556 ms',
        'tps = 1068.304511 (without initial connection time)',
        'statement latencies in milliseconds, failures and retries:',
        *rows,
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-max-tries-failures-detailed-r-progress', text, run(
        **VERS, transaction_type='scripts/serialization.sql', scaling_factor=1, query_mode='simple', clients=8,
        threads=2, max_tries=3, duration_s=3, transactions_processed=3201, transactions_failed=1004,
        serialization_failures=1004, deadlock_failures=0, transactions_retried=2377, total_retries=3918,
        latency_average_ms=4.617, latency_stddev_ms=3.052, initial_connection_time_ms=24.556, tps=1068.304511,
        tps_measure='without_initial_connection_time', statements=sexp, progress=[e for _, e in p]))

    # 3. two scripts, 18's new per-script layout
    tps = 45.788310
    t1, v1 = f6(tps * 75 / 138)
    t2, v2 = f6(tps * 63 / 138)
    r1, s1 = stmt_rows('new', list(zip([0.002, 0.080, 0.084, 2.356, 3.310, 0.090], [0, 0, 0, 0, 46, 0],
                                       [0, 0, 0, 0, 53, 0], SERIALIZATION)), True)
    r2, s2 = stmt_rows('new', list(zip([0.002, 0.001, 0.103, 44.812, 5.301, 22.840, 0.076], [0, 0, 0, 21, 0, 48, 0],
                                       [0, 0, 0, 55, 0, 42, 0], DEADLOCK)), True)
    text = lines(
        BANNER,
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 6',
        'number of threads: 2',
        'maximum number of tries: 2',
        'duration: 3 s',
        'number of transactions actually processed: 138',
        'number of failed transactions: 115 (%s%%)' % pct(115, 253),
        'number of serialization failures: 29 (%s%%)' % pct(29, 253),
        'number of deadlock failures: 86 (%s%%)' % pct(86, 253),
        'number of transactions retried: 150 (%s%%)' % pct(150, 253),
        'total number of retries: 150',
        'latency average = 71.146 ms (including failures)',
        'initial connection time = 18.220 ms',
        'tps = %f (without initial connection time)' % tps,
        'SQL script 1: scripts/serialization.sql',
        ' - weight: 1 (targets 50.0% of total)',
        ' - 121 transactions (%.1f%% of total)' % (100.0 * 121 / 253),
        ' - number of transactions actually processed: 75 (tps = %s)' % t1,
        ' - number of failed transactions: 46 (%s%%)' % pct(46, 121),
        ' - number of serialization failures: 29 (%s%%)' % pct(29, 121),
        ' - number of deadlock failures: 17 (%s%%)' % pct(17, 121),
        ' - number of transactions retried: 53 (%s%%)' % pct(53, 121),
        ' - total number of retries: 53',
        ' - latency average = 7.388 ms',
        ' - latency stddev = 16.044 ms',
        ' - statement latencies in milliseconds, failures and retries:',
        *r1,
        'SQL script 2: scripts/deadlock.sql',
        ' - weight: 1 (targets 50.0% of total)',
        ' - 132 transactions (%.1f%% of total)' % (100.0 * 132 / 253),
        ' - number of transactions actually processed: 63 (tps = %s)' % t2,
        ' - number of failed transactions: 69 (%s%%)' % pct(69, 132),
        ' - number of serialization failures: 0 (0.000%)',
        ' - number of deadlock failures: 69 (%s%%)' % pct(69, 132),
        ' - number of transactions retried: 97 (%s%%)' % pct(97, 132),
        ' - total number of retries: 97',
        ' - latency average = 88.411 ms',
        ' - latency stddev = 59.870 ms',
        ' - statement latencies in milliseconds, failures and retries:',
        *r2,
        'starting vacuum...end.')
    emit(V, 'run-multi-script-new-layout-r', text, run(
        **VERS, transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=6, threads=2,
        max_tries=2, duration_s=3, transactions_processed=138, transactions_failed=115, serialization_failures=29,
        deadlock_failures=86, transactions_retried=150, total_retries=150, latency_average_ms=71.146,
        latency_includes_failures=True, initial_connection_time_ms=18.220, tps=tps,
        tps_measure='without_initial_connection_time',
        scripts=[script(number=1, name='scripts/serialization.sql', weight=1, weight_percent=50.0,
                        transactions_total=121, share_percent=47.8, transactions_processed=75, tps=v1,
                        transactions_failed=46, serialization_failures=29, deadlock_failures=17,
                        transactions_retried=53, total_retries=53, latency_average_ms=7.388,
                        latency_stddev_ms=16.044, statements=s1),
                 script(number=2, name='scripts/deadlock.sql', weight=1, weight_percent=50.0,
                        transactions_total=132, share_percent=52.2, transactions_processed=63, tps=v2,
                        transactions_failed=69, serialization_failures=0, deadlock_failures=69,
                        transactions_retried=97, total_retries=97, latency_average_ms=88.411,
                        latency_stddev_ms=59.870, statements=s2)]))

    # 4. two scripts, one of which ran 0 transactions: only the first three block lines (script_total_cnt > 0 guard)
    tps = 1751.313485
    text = lines(
        BANNER,
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'maximum number of tries: 1',
        'number of transactions per client: 4',
        'number of transactions actually processed: 4/4',
        'number of failed transactions: 0 (0.000%)',
        'latency average = 0.571 ms',
        'initial connection time = 3.442 ms',
        'tps = %f (without initial connection time)' % tps,
        'SQL script 1: <builtin: select only>',
        ' - weight: 19 (targets 95.0% of total)',
        ' - 4 transactions (100.0% of total)',
        ' - number of transactions actually processed: 4 (tps = %f)' % tps,
        ' - number of failed transactions: 0 (0.000%)',
        ' - latency average = 0.498 ms',
        ' - latency stddev = 0.342 ms',
        'SQL script 2: <builtin: simple update>',
        ' - weight: 1 (targets 5.0% of total)',
        ' - 0 transactions (0.0% of total)',
        'starting vacuum...end.')
    emit(V, 'run-multi-script-zero-transactions', text, run(
        **VERS, transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=1, threads=1,
        max_tries=1, transactions_per_client=4, transactions_processed=4, transactions_expected=4,
        transactions_failed=0, latency_average_ms=0.571, initial_connection_time_ms=3.442, tps=tps,
        tps_measure='without_initial_connection_time',
        scripts=[script(number=1, name='<builtin: select only>', weight=19, weight_percent=95.0,
                        transactions_total=4, share_percent=100.0, transactions_processed=4, tps=tps,
                        transactions_failed=0, latency_average_ms=0.498, latency_stddev_ms=0.342),
                 script(number=2, name='<builtin: simple update>', weight=1, weight_percent=5.0,
                        transactions_total=0, share_percent=0.0)]))

    # 5. client abort with nothing processed: 18 prints no "number of failed transactions" line
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
        'starting vacuum...end.',
        'pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero',
        'pgbench: error: Run was aborted; the above results are incomplete.')
    emit(V, 'run-client-abort-no-failed-line', text, run(
        **VERS, transaction_type='scripts/div_by_zero_always.sql', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, max_tries=1, transactions_per_client=10, transactions_processed=0, transactions_expected=10,
        aborted=True,
        errors=['pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero',
                'pgbench: error: Run was aborted; the above results are incomplete.']), note=ABORT_NOTE_18)

    # 6. -C with --rate -L -P
    p = [progress(True, 1, 97.0, 2.987, 2.204, failed=0, lag=0.803, skipped=1),
         progress(True, 2, 102.0, 2.861, 2.075, failed=0, lag=0.742, skipped=0),
         progress(True, 3, 99.0, 2.876, 2.081, failed=0, lag=0.770, skipped=1)]
    text = lines(
        BANNER,
        'transaction type: <builtin: select only>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 298',
        'number of failed transactions: 0 (0.000%)',
        'number of transactions skipped: 2 (%s%%)' % pct(2, 300),
        'number of transactions above the 10.0 ms latency limit: 5/298 (%s%%)' % pct(5, 298),
        'latency average = 2.907 ms',
        'latency stddev = 2.118 ms',
        'rate limit schedule lag: avg 0.771 (max 14.208) ms',
        'average connection time = 2.377 ms',
        'tps = 99.216418 (including reconnection times)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-connect-C-rate-latency-limit-progress', text, run(
        **VERS, transaction_type='<builtin: select only>', scaling_factor=1, query_mode='simple', clients=2,
        threads=1, max_tries=1, duration_s=3, transactions_processed=298, transactions_failed=0,
        transactions_skipped=2, latency_limit_ms=10.0, transactions_above_latency_limit=5,
        latency_average_ms=2.907, latency_stddev_ms=2.118, lag_average_ms=0.771, lag_max_ms=14.208,
        average_connection_time_ms=2.377, tps=99.216418, tps_measure='including_reconnection_times',
        progress=[e for _, e in p]))

    # 7. range-partitioned database + --progress-timestamp
    p = [progress(True, None, 3612.4, 1.105, 0.771, failed=0, ts=1795921400.002),
         progress(True, None, 3701.8, 1.078, 0.731, failed=0, ts=1795921401.002),
         progress(True, None, 3728.3, 1.071, 0.729, failed=0, ts=1795921402.002)]
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 5',
        'partition method: range',
        'partitions: 5',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'maximum number of tries: 1',
        'duration: 3 s',
        'number of transactions actually processed: 11043',
        'number of failed transactions: 0 (0.000%)',
        'latency average = 1.086 ms',
        'latency stddev = 0.744 ms',
        'initial connection time = 9.773 ms',
        'tps = 3681.905571 (without initial connection time)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-partitioned-progress-timestamp', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=5, partition_method='range',
        partitions=5, query_mode='simple', clients=4, threads=2, max_tries=1, duration_s=3,
        transactions_processed=11043, transactions_failed=0, latency_average_ms=1.086, latency_stddev_ms=0.744,
        initial_connection_time_ms=9.773, tps=3681.905571, tps_measure='without_initial_connection_time',
        progress=[e for _, e in p]))

    # 8. init with partitions, 17+ tuple lines "... of pgbench_accounts done (...)"
    text = lines(
        'dropping old tables...',
        'creating tables...',
        'creating 3 partitions...',
        'generating data (client-side)...',
        '100000 of 300000 tuples (33%) of pgbench_accounts done (elapsed 0.02 s, remaining 0.04 s)',
        '200000 of 300000 tuples (66%) of pgbench_accounts done (elapsed 0.05 s, remaining 0.02 s)',
        '300000 of 300000 tuples (100%) of pgbench_accounts done (elapsed 0.08 s, remaining 0.00 s)',
        'vacuuming...',
        'creating primary keys...',
        'done in 0.62 s (drop tables 0.03 s, create tables 0.01 s, client-side generate 0.29 s, vacuum 0.15 s, '
        'primary keys 0.14 s).')
    emit(V, 'init-partitions-of-pgbench-accounts', text, init(
        scaling_factor=3, accounts_rows=300000, total_s=0.62, generation='client-side', partitions=3,
        steps=dict(drop_tables_s=0.03, create_tables_s=0.01, client_side_generate_s=0.29, vacuum_s=0.15,
                   primary_keys_s=0.14)))

    # 9. init, server-side generation, with foreign keys
    text = lines(
        'dropping old tables...',
        *NOTICES_11,
        'creating tables...',
        'generating data (server-side)...',
        'vacuuming...',
        'creating primary keys...',
        'creating foreign keys...',
        'done in 0.27 s (drop tables 0.00 s, create tables 0.01 s, server-side generate 0.13 s, vacuum 0.06 s, '
        'primary keys 0.05 s, foreign keys 0.02 s).')
    emit(V, 'init-server-side-foreign-keys', text, init(
        total_s=0.27, generation='server-side',
        steps=dict(drop_tables_s=0.0, create_tables_s=0.01, server_side_generate_s=0.13, vacuum_s=0.06,
                   primary_keys_s=0.05, foreign_keys_s=0.02)))

    # 10. bad -I step (15+ form)
    text = lines('pgbench: error: unrecognized initialization step "x"',
                 'pgbench: detail: Allowed step characters are: "dtgGvpf".')
    emit(V, 'init-bad-step', text, init(done=False, errors=['pgbench: error: unrecognized initialization step "x"']))

    # 11. per-transaction log, --max-tries=3 --failures-detailed: serialization/deadlock words, retries column
    rows = make_log(18, clients=4, n=150, start_epoch=1795921500, first_no=1, skipped_advances=True,
                    has_retries=True, fail_words=('serialization', 'serialization', 'deadlock'), p_fail=0.08,
                    max_retries=2, lat_range=(2200, 7000), gap=(300, 2000))
    emit(V, 'log-per-txn-failures-detailed', render_log(rows, False, True), log_expected(rows, False, True))

    # 12. aggregate, 15 columns, --failures-detailed --max-tries=3 (no --rate: lag columns 0)
    text, exp = make_aggregate(181, 1795921600, 6, 1, 15, per_interval=(700, 760), retries=True, failures=True)
    emit(V, 'aggregate-15col-failures-detailed', text, exp)


def gen_tty():
    # 13. init on a tty, captured with script(1) (CRLF): 17+ pad a shorter line with spaces to overwrite the
    #     previous one, and finally blank the line with "%*c\r" instead of ending it with a newline.
    tuples = ['%d of 1000000 tuples (%d%%) of pgbench_accounts done (elapsed %.2f s, remaining %.2f s)'
              % (n * 100000, n * 10, 2.5 * n, 2.5 * (10 - n)) for n in range(1, 11)]
    out, previous = [], 0
    for line in tuples:
        out.append(line + ' ' * max(0, previous - len(line)) + '\r')
        previous = len(line)
    text = ''.join([
        'dropping old tables...\r\n',
        'creating tables...\r\n',
        'generating data (client-side)...\r\n',
        *out,
        ' ' * previous + '\r',
        'vacuuming...\r\n',
        'creating primary keys...\r\n',
        'done in 25.90 s (drop tables 0.01 s, create tables 0.01 s, client-side generate 25.31 s, vacuum 0.21 s, '
        'primary keys 0.36 s).\r\n'])
    emit(V, 'init-tty-scale10-blanked', text, init(
        scaling_factor=10, accounts_rows=1000000, total_s=25.90, generation='client-side',
        steps=dict(drop_tables_s=0.01, create_tables_s=0.01, client_side_generate_s=25.31, vacuum_s=0.21,
                   primary_keys_s=0.36)))
