from common import *

V = '14'
BANNER = 'pgbench (14.13, server 15.18 (Debian 15.18-0+deb12u1))'
VERS = dict(pgbench_version='14.13', server_version='15.18 (Debian 15.18-0+deb12u1)', server_matches_client=False)
ABORT_NOTE_14 = """Exit code: pgbench 14 exits 2 when a client aborted (formats doc section 7: "2 (12+) = run started but at least
one client aborted"; the stderr marker is `pgbench: fatal: Run was aborted; the above results are incomplete.` in
13-14). Client abort lines carry the `pgbench: error: ` prefix (13+)."""


def gen():
    # 1. banner with server + partition lines (13+) + initial connection time / without initial connection time
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 10',
        'partition method: hash',
        'partitions: 8',
        'query mode: prepared',
        'number of clients: 8',
        'number of threads: 2',
        'duration: 10 s',
        'number of transactions actually processed: 41977',
        'latency average = 1.906 ms',
        'initial connection time = 21.337 ms',
        'tps = 4197.935602 (without initial connection time)',
        'starting vacuum...end.')
    emit(V, 'run-banner-partitioned-prepared', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=10, partition_method='hash',
        partitions=8, query_mode='prepared', clients=8, threads=2, duration_s=10, transactions_processed=41977,
        latency_average_ms=1.906, initial_connection_time_ms=21.337, tps=4197.935602,
        tps_measure='without_initial_connection_time'))

    # 2. -C: average connection time + including reconnection times
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 5 s',
        'number of transactions actually processed: 1412',
        'latency average = 7.082 ms',
        'average connection time = 3.517 ms',
        'tps = 282.388061 (including reconnection times)',
        'starting vacuum...end.')
    emit(V, 'run-connect-C', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=2,
        threads=1, duration_s=5, transactions_processed=1412, latency_average_ms=7.082,
        average_connection_time_ms=3.517, tps=282.388061, tps_measure='including_reconnection_times'))

    # 3. --rate -L 1.5 -P --progress-timestamp (14: `%.3f s`), "(L %)" still with a space in 14
    p = [progress(False, None, 2290.6, 0.962, 0.611, lag=0.188, skipped=201, ts=1795920733.314),
         progress(False, None, 2344.2, 0.975, 0.640, lag=0.201, skipped=162, ts=1795920734.314),
         progress(False, None, 2297.1, 1.004, 0.709, lag=0.205, skipped=219, ts=1795920735.314)]
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'duration: 3 s',
        'number of transactions actually processed: 6931',
        'number of transactions skipped: 582 (%s %%)' % pct(582, 6931 + 582),
        'number of transactions above the 1.5 ms latency limit: 906/6931 (%s %%)' % pct(906, 6931),
        'latency average = 0.981 ms',
        'latency stddev = 0.655 ms',
        'rate limit schedule lag: avg 0.198 (max 3.871) ms',
        'initial connection time = 9.412 ms',
        'tps = 2312.001822 (without initial connection time)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-rate-latency-limit-progress-timestamp', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=4,
        threads=2, duration_s=3, transactions_processed=6931, transactions_skipped=582, latency_limit_ms=1.5,
        transactions_above_latency_limit=906, latency_average_ms=0.981, latency_stddev_ms=0.655,
        lag_average_ms=0.198, lag_max_ms=3.871, initial_connection_time_ms=9.412, tps=2312.001822,
        tps_measure='without_initial_connection_time', progress=[e for _, e in p]))

    # 4. -r single script + `pgbench: warning:` scale option ignored
    rows, sexp = stmt_rows('old', list(zip(
        [0.002, 0.001, 0.001, 0.001, 0.048, 0.187, 0.093, 0.121, 0.117, 0.089, 0.139],
        [None] * 11, [None] * 11, TPCB)), False)
    text = lines(
        BANNER,
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'number of transactions per client: 100',
        'number of transactions actually processed: 100/100',
        'latency average = 0.806 ms',
        'initial connection time = 3.117 ms',
        'tps = 1241.107296 (without initial connection time)',
        'statement latencies in milliseconds:',
        *rows,
        'pgbench: warning: scale option ignored, using count from pgbench_branches table (1)',
        'starting vacuum...end.')
    emit(V, 'run-per-statement-r-scale-warning', text, run(
        **VERS, transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, transactions_per_client=100, transactions_processed=100, transactions_expected=100,
        latency_average_ms=0.806, initial_connection_time_ms=3.117, tps=1241.107296,
        tps_measure='without_initial_connection_time', statements=sexp,
        warnings=['pgbench: warning: scale option ignored, using count from pgbench_branches table (1)']))

    # 5. clients abort: `pgbench: error: client ...` + `pgbench: fatal: Run was aborted; ...`
    text = lines(
        BANNER,
        'transaction type: scripts/div_by_zero_sometimes.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'number of transactions per client: 200',
        'number of transactions actually processed: 73/400',
        'latency average = 0.221 ms',
        'initial connection time = 4.913 ms',
        'tps = 9052.109788 (without initial connection time)',
        'pgbench: error: client 0 script 0 aborted in command 1 query 0: ERROR:  division by zero',
        'pgbench: error: client 1 script 0 aborted in command 1 query 0: ERROR:  division by zero',
        'pgbench: fatal: Run was aborted; the above results are incomplete.')
    emit(V, 'run-clients-abort-fatal-marker', text, run(
        **VERS, transaction_type='scripts/div_by_zero_sometimes.sql', scaling_factor=1, query_mode='simple',
        clients=2, threads=1, transactions_per_client=200, transactions_processed=73, transactions_expected=400,
        latency_average_ms=0.221, initial_connection_time_ms=4.913, tps=9052.109788,
        tps_measure='without_initial_connection_time', aborted=True,
        errors=['pgbench: error: client 0 script 0 aborted in command 1 query 0: ERROR:  division by zero',
                'pgbench: error: client 1 script 0 aborted in command 1 query 0: ERROR:  division by zero',
                'pgbench: fatal: Run was aborted; the above results are incomplete.']), note=ABORT_NOTE_14)

    # 6. two builtin scripts with -r
    tps = 7338.946771
    t1, v1 = f6(tps * 4392 / 22014)
    t2, v2 = f6(tps * 17622 / 22014)
    r1, s1 = stmt_rows('old', list(zip([0.002, 0.001, 0.001, 0.001, 0.059, 0.233, 0.101, 0.114, 0.390],
                                       [None] * 9, [None] * 9, SIMPLE_UPDATE)), False)
    r2, s2 = stmt_rows('old', [(0.001, None, None, SELECT_ONLY[0]), (0.112, None, None, SELECT_ONLY[1])], False)
    text = lines(
        BANNER,
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 3 s',
        'number of transactions actually processed: 22014',
        'latency average = 0.273 ms',
        'initial connection time = 5.218 ms',
        'tps = %f (without initial connection time)' % tps,
        'SQL script 1: <builtin: simple update>',
        ' - weight: 2 (targets 20.0% of total)',
        ' - 4392 transactions (%.1f%% of total, tps = %s)' % (100.0 * 4392 / 22014, t1),
        ' - latency average = 0.904 ms',
        ' - latency stddev = 0.388 ms',
        ' - statement latencies in milliseconds:',
        *r1,
        'SQL script 2: <builtin: select only>',
        ' - weight: 8 (targets 80.0% of total)',
        ' - 17622 transactions (%.1f%% of total, tps = %s)' % (100.0 * 17622 / 22014, t2),
        ' - latency average = 0.115 ms',
        ' - latency stddev = 0.047 ms',
        ' - statement latencies in milliseconds:',
        *r2,
        'starting vacuum...end.')
    emit(V, 'run-multi-builtin-r', text, run(
        **VERS, transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=2, threads=1,
        duration_s=3, transactions_processed=22014, latency_average_ms=0.273, initial_connection_time_ms=5.218,
        tps=tps, tps_measure='without_initial_connection_time',
        scripts=[script(number=1, name='<builtin: simple update>', weight=2, weight_percent=20.0,
                        transactions_processed=4392, share_percent=20.0, tps=v1, latency_average_ms=0.904,
                        latency_stddev_ms=0.388, statements=s1),
                 script(number=2, name='<builtin: select only>', weight=8, weight_percent=80.0,
                        transactions_processed=17622, share_percent=80.0, tps=v2, latency_average_ms=0.115,
                        latency_stddev_ms=0.047, statements=s2)]))

    # 7. init, server-side generation with partitions, `done in ... (...)`
    text = lines(
        'dropping old tables...',
        'creating tables...',
        'creating 4 partitions...',
        'generating data (server-side)...',
        'vacuuming...',
        'creating primary keys...',
        'done in 1.37 s (drop tables 0.02 s, create tables 0.03 s, server-side generate 0.84 s, vacuum 0.21 s, '
        'primary keys 0.27 s).')
    emit(V, 'init-server-side-partitions', text, init(
        total_s=1.37, generation='server-side', partitions=4,
        steps=dict(drop_tables_s=0.02, create_tables_s=0.03, server_side_generate_s=0.84, vacuum_s=0.21,
                   primary_keys_s=0.27)))

    # 8. bad -I step (13/14 form)
    text = lines('pgbench: fatal: unrecognized initialization step "x"',
                 'pgbench: Allowed step characters are: "dtgGvpf".')
    emit(V, 'init-bad-step', text, init(done=False, errors=['pgbench: fatal: unrecognized initialization step "x"']))

    # 9. per-transaction log, --rate -L: lag column, skipped lines numbered (11+)
    rows = make_log(14, clients=2, n=100, start_epoch=1795921100, first_no=1, skipped_advances=True, has_lag=True,
                    p_skip=0.08, lat_range=(400, 2000), gap=(300, 2500))
    emit(V, 'log-per-txn-rate-latency-limit', render_log(rows, True, False), log_expected(rows, True, False))

    # 10. aggregate, 6 columns, 5 s interval, with an empty interval (num_transactions 0)
    text, exp = make_aggregate(141, 1795921200, 4, 5, 6, per_interval=(4100, 4400), empty_at=(2,))
    emit(V, 'aggregate-6col-empty-interval', text, exp)


def gen_tty():
    # 11. init on a tty, captured with script(1) (stdout+stderr merged, CRLF): 13+ tuple lines end with `\r`
    #     (no space padding in 14), the last one followed by the newline.
    text = ''.join([
        'dropping old tables...\r\n',
        'creating tables...\r\n',
        'generating data (client-side)...\r\n',
        '100000 of 300000 tuples (33%) done (elapsed 0.03 s, remaining 0.06 s)\r',
        '200000 of 300000 tuples (66%) done (elapsed 0.07 s, remaining 0.03 s)\r',
        '300000 of 300000 tuples (100%) done (elapsed 0.10 s, remaining 0.00 s)\r\r\n',
        'vacuuming...\r\n',
        'creating primary keys...\r\n',
        'done in 0.39 s (drop tables 0.01 s, create tables 0.01 s, client-side generate 0.21 s, vacuum 0.07 s, '
        'primary keys 0.09 s).\r\n'])
    emit(V, 'init-tty-crlf', text, init(
        scaling_factor=3, accounts_rows=300000, total_s=0.39, generation='client-side',
        steps=dict(drop_tables_s=0.01, create_tables_s=0.01, client_side_generate_s=0.21, vacuum_s=0.07,
                   primary_keys_s=0.09)))
