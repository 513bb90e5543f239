from common import *

V = '9.6'
ABORT_NOTE_96 = """Exit code: pgbench 9.6 exits 0 even though a client aborted (formats doc section 7: "in 9.6, 10, 11 - even
when clients aborted on SQL errors"; difference table row "exit code when clients aborted": 9.6 = 0). No
"Run was aborted" marker exists before 12. 9.6 counts the aborted transaction as processed (1/10) and
still prints the latency and tps lines (doc section 7)."""


def gen():
    # 1. --rate + -L + -P: processed incl. skipped, "(L %)" forms, N (L %) latency limit, single-script -L
    #    adds "script statistics:" / " - number of transactions skipped: 0 (-nan%)".
    p = [progress(False, 1, 2003.9, 1.790, 1.301, lag=0.398, skipped=31),
         progress(False, 2, 1987.2, 1.911, 1.452, lag=0.431, skipped=40),
         progress(False, 3, 1999.0, 1.826, 1.372, lag=0.407, skipped=16)]
    text = lines(
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 10',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'duration: 3 s',
        'number of transactions actually processed: 5991',
        'number of transactions skipped: 87 (%s %%)' % pct(87, 87 + 5991),
        'number of transactions above the 5.0 ms latency limit: 312 (%s %%)' % pct(312, 87 + 5991),
        'latency average = 1.842 ms',
        'latency stddev = 1.377 ms',
        'rate limit schedule lag: avg 0.412 (max 9.870) ms',
        'tps = 1994.260412 (including connections establishing)',
        'tps = 1996.893117 (excluding connections establishing)',
        'script statistics:',
        ' - number of transactions skipped: 0 (-nan%)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-rate-latency-limit-progress', text, run(
        transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=10, query_mode='simple', clients=4, threads=2,
        duration_s=3, transactions_processed=5991, transactions_skipped=87, latency_limit_ms=5.0,
        transactions_above_latency_limit=312, latency_average_ms=1.842, latency_stddev_ms=1.377,
        lag_average_ms=0.412, lag_max_ms=9.870, tps=1996.893117, tps_measure='excluding_connections_establishing',
        tps_including_connections=1994.260412, progress=[e for _, e in p]))

    # 2. -r single script: "script statistics:" + " - statement latencies in milliseconds:" + `   %11.3f  %s`
    rows, sexp = stmt_rows('old', list(zip(
        [0.003, 0.001, 0.001, 0.001, 0.041, 0.122, 0.078, 0.139, 0.161, 0.068, 0.054],
        [None] * 11, [None] * 11, TPCB)), False)
    text = lines(
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 5 s',
        'number of transactions actually processed: 14872',
        'latency average = 0.672 ms',
        'tps = 2973.850217 (including connections establishing)',
        'tps = 2975.041883 (excluding connections establishing)',
        'script statistics:',
        ' - statement latencies in milliseconds:',
        *rows,
        'starting vacuum...end.')
    emit(V, 'run-per-statement-r', text, run(
        transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=1, query_mode='simple', clients=2, threads=1,
        duration_s=5, transactions_processed=14872, latency_average_ms=0.672, tps=2975.041883,
        tps_measure='excluding_connections_establishing', tps_including_connections=2973.850217,
        statements=sexp))

    # 3. --progress-timestamp (9.6: `%.03f s` epoch), prepared, select-only
    p = [progress(False, None, 13502.4, 0.148, 0.058, ts=1795920401.637),
         progress(False, None, 13911.0, 0.143, 0.049, ts=1795920402.637),
         progress(False, None, 13899.6, 0.144, 0.049, ts=1795920403.637)]
    text = lines(
        'transaction type: <builtin: select only>',
        'scaling factor: 1',
        'query mode: prepared',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 3 s',
        'number of transactions actually processed: 41327',
        'latency average = 0.145 ms',
        'latency stddev = 0.052 ms',
        'tps = 13773.114502 (including connections establishing)',
        'tps = 13781.602398 (excluding connections establishing)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-progress-timestamp', text, run(
        transaction_type='<builtin: select only>', scaling_factor=1, query_mode='prepared', clients=2, threads=1,
        duration_s=3, transactions_processed=41327, latency_average_ms=0.145, latency_stddev_ms=0.052,
        tps=13781.602398, tps_measure='excluding_connections_establishing',
        tps_including_connections=13773.114502, progress=[e for _, e in p]))

    # 4. two builtin scripts with -L and -t: per-script blocks (9.6 form, skipped line with -L even without --rate)
    tps_excl = 4970.061207
    t1, v1 = f6(tps_excl * 748 / 1000)
    t2, v2 = f6(tps_excl * 252 / 1000)
    text = lines(
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'number of transactions per client: 500',
        'number of transactions actually processed: 1000/1000',
        'number of transactions above the 10.0 ms latency limit: 3 (%s %%)' % pct(3, 1000),
        'latency average = 0.402 ms',
        'latency stddev = 0.911 ms',
        'tps = 4912.337805 (including connections establishing)',
        'tps = %f (excluding connections establishing)' % tps_excl,
        'SQL script 1: <builtin: select only>',
        ' - weight: 3 (targets 75.0% of total)',
        ' - 748 transactions (74.8%% of total, tps = %s)' % t1,
        ' - number of transactions skipped: 0 (0.000%)',
        ' - latency average = 0.187 ms',
        ' - latency stddev = 0.402 ms',
        'SQL script 2: <builtin: simple update>',
        ' - weight: 1 (targets 25.0% of total)',
        ' - 252 transactions (25.2%% of total, tps = %s)' % t2,
        ' - number of transactions skipped: 0 (0.000%)',
        ' - latency average = 1.040 ms',
        ' - latency stddev = 1.490 ms',
        'starting vacuum...end.')
    emit(V, 'run-multi-script-latency-limit-t', text, run(
        transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=2, threads=1,
        transactions_per_client=500, transactions_processed=1000, transactions_expected=1000,
        latency_limit_ms=10.0, transactions_above_latency_limit=3, latency_average_ms=0.402,
        latency_stddev_ms=0.911, tps=tps_excl, tps_measure='excluding_connections_establishing',
        tps_including_connections=4912.337805,
        scripts=[script(number=1, name='<builtin: select only>', weight=3, weight_percent=75.0,
                        transactions_processed=748, share_percent=74.8, tps=v1, latency_average_ms=0.187,
                        latency_stddev_ms=0.402, transactions_skipped=0),
                 script(number=2, name='<builtin: simple update>', weight=1, weight_percent=25.0,
                        transactions_processed=252, share_percent=25.2, tps=v2, latency_average_ms=1.040,
                        latency_stddev_ms=1.490, transactions_skipped=0)]))

    # 5. client abort: 9.6 message form, aborted transaction counted (1/10), exit code 0
    text = lines(
        'transaction type: scripts/div_by_zero_always.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'number of transactions per client: 10',
        'number of transactions actually processed: 1/10',
        'latency average = 1.632 ms',
        'tps = 612.745098 (including connections establishing)',
        'tps = 776.397516 (excluding connections establishing)',
        'starting vacuum...end.',
        'client 0 aborted in state 0: ERROR:  division by zero')
    emit(V, 'run-client-abort', text, run(
        transaction_type='scripts/div_by_zero_always.sql', scaling_factor=1, query_mode='simple', clients=1,
        threads=1, transactions_per_client=10, transactions_processed=1, transactions_expected=10,
        latency_average_ms=1.632, tps=776.397516, tps_measure='excluding_connections_establishing',
        tps_including_connections=612.745098, aborted=True,
        errors=['client 0 aborted in state 0: ERROR:  division by zero']), note=ABORT_NOTE_96)

    # 6. -d: the `pghost: ... dbName: X` line is the first stdout line in 9.6/10
    text = lines(
        'pghost: 127.0.0.1 pgport: 5432 nclients: 1 nxacts: 2 dbName: bench',
        'transaction type: <builtin: select only>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 1',
        'number of threads: 1',
        'number of transactions per client: 2',
        'number of transactions actually processed: 2/2',
        'latency average = 2.961 ms',
        'tps = 337.723742 (including connections establishing)',
        'tps = 1692.047377 (excluding connections establishing)',
        'starting vacuum...end.',
        'client 0 sending SELECT abalance FROM pgbench_accounts WHERE aid = 48213;',
        'client 0 receiving',
        'client 0 sending SELECT abalance FROM pgbench_accounts WHERE aid = 90177;',
        'client 0 receiving')
    emit(V, 'run-debug-d', text, run(
        transaction_type='<builtin: select only>', scaling_factor=1, query_mode='simple', clients=1, threads=1,
        transactions_per_client=2, transactions_processed=2, transactions_expected=2, latency_average_ms=2.961,
        tps=1692.047377, tps_measure='excluding_connections_establishing', tps_including_connections=337.723742))

    # 7. init: NOTICEs (one per table), "N of M tuples" lines, vacuum... / set primary keys... / set foreign keys... / done.
    text = lines(
        *NOTICES_96,
        'creating tables...',
        '100000 of 200000 tuples (50%) done (elapsed 0.08 s, remaining 0.08 s)',
        '200000 of 200000 tuples (100%) done (elapsed 0.17 s, remaining 0.00 s)',
        'vacuum...',
        'set primary keys...',
        'set foreign keys...',
        'done.')
    emit(V, 'init-scale2-foreign-keys', text, init(scaling_factor=2, accounts_rows=200000))

    # 8. init -q (every 5 s)
    text = lines(
        'creating tables...',
        '715600 of 1000000 tuples (71%) done (elapsed 5.00 s, remaining 1.99 s)',
        '1000000 of 1000000 tuples (100%) done (elapsed 6.91 s, remaining 0.00 s)',
        'vacuum...',
        'set primary keys...',
        'done.')
    emit(V, 'init-quiet-scale10', text, init(scaling_factor=10, accounts_rows=1000000))

    # 9. per-transaction log, --rate -L: lag column; transaction_no starts at 0; skipped lines do not advance it
    rows = make_log(96, clients=2, n=80, start_epoch=1795920500, first_no=0, skipped_advances=False, has_lag=True,
                    p_skip=0.12, gap=(200, 3800))
    emit(V, 'log-per-txn-rate-latency-limit', render_log(rows, True, False), log_expected(rows, True, False))

    # 10. aggregate log, 6 columns (no --rate), 2 s interval
    text, exp = make_aggregate(961, 1795920600, 5, 2, 6, per_interval=(1700, 2100))
    emit(V, 'aggregate-6col', text, exp)
