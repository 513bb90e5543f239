from common import *

V = '11'
ABORT_NOTE_11 = """Exit code: pgbench 11 exits 0 although clients aborted (formats doc section 7: "in 9.6, 10, 11 - even when
clients aborted on SQL errors"; difference table "exit code when clients aborted": 11 = 0). There is no
"Run was aborted" marker before 12. 11's abort message: `client 0 aborted in command 0 (SQL) of script 0; ERROR: ...`
followed by an empty line (section 7)."""


def gen():
    # 1. zipfian cache overflow line (11 only), after the processed line
    text = lines(
        'transaction type: scripts/zipfian.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'duration: 5 s',
        'number of transactions actually processed: 38121',
        'zipfian cache array overflowed 3 time(s)',
        'latency average = 0.525 ms',
        'tps = 7618.201453 (including connections establishing)',
        'tps = 7624.005871 (excluding connections establishing)',
        'starting vacuum...end.')
    e = run(transaction_type='scripts/zipfian.sql', scaling_factor=1, query_mode='simple', clients=4, threads=2,
            duration_s=5, transactions_processed=38121, latency_average_ms=0.525, tps=7624.005871,
            tps_measure='excluding_connections_establishing', tps_including_connections=7618.201453)
    e['warnings'] = OMIT   # whether the zipfian line is a warning is not defined by the contract
    emit(V, 'run-zipfian-overflow', text, e)

    # 2. --rate -L -P: processed excludes skipped; skipped pct = skipped/(processed+skipped); N/M (L %)
    p = [progress(False, 1, 2817.9, 0.987, 0.701, lag=0.244, skipped=170),
         progress(False, 2, 2765.1, 1.062, 0.790, lag=0.281, skipped=214),
         progress(False, 3, 2828.0, 1.014, 0.738, lag=0.265, skipped=177)]
    text = lines(
        'transaction type: <builtin: TPC-B (sort of)>',
        'scaling factor: 5',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'duration: 3 s',
        'number of transactions actually processed: 8412',
        'number of transactions skipped: 561 (%s %%)' % pct(561, 8412 + 561),
        'number of transactions above the 2.0 ms latency limit: 407/8412 (%s %%)' % pct(407, 8412),
        'latency average = 1.021 ms',
        'latency stddev = 0.744 ms',
        'rate limit schedule lag: avg 0.263 (max 5.114) ms',
        'tps = 2801.990134 (including connections establishing)',
        'tps = 2803.611522 (excluding connections establishing)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-rate-latency-limit-progress', text, run(
        transaction_type='<builtin: TPC-B (sort of)>', scaling_factor=5, query_mode='simple', clients=4, threads=2,
        duration_s=3, transactions_processed=8412, transactions_skipped=561, latency_limit_ms=2.0,
        transactions_above_latency_limit=407, latency_average_ms=1.021, latency_stddev_ms=0.744,
        lag_average_ms=0.263, lag_max_ms=5.114, tps=2803.611522, tps_measure='excluding_connections_establishing',
        tps_including_connections=2801.990134, progress=[e for _, e in p]))

    # 3. -r single script, no block: "statement latencies in milliseconds:"
    rows, sexp = stmt_rows('old', [(0.001, None, None, SELECT_ONLY[0]), (0.066, None, None, SELECT_ONLY[1])], False)
    text = lines(
        'transaction type: <builtin: select only>',
        'scaling factor: 1',
        'query mode: prepared',
        'number of clients: 1',
        'number of threads: 1',
        'number of transactions per client: 1000',
        'number of transactions actually processed: 1000/1000',
        'latency average = 0.079 ms',
        'tps = 12608.733478 (including connections establishing)',
        'tps = 14044.548910 (excluding connections establishing)',
        'statement latencies in milliseconds:',
        *rows,
        'starting vacuum...end.')
    emit(V, 'run-prepared-per-statement-r', text, run(
        transaction_type='<builtin: select only>', scaling_factor=1, query_mode='prepared', clients=1, threads=1,
        transactions_per_client=1000, transactions_processed=1000, transactions_expected=1000,
        latency_average_ms=0.079, tps=14044.548910, tps_measure='excluding_connections_establishing',
        tps_including_connections=12608.733478, statements=sexp))

    # 4. two scripts, --rate -L -r: per-script skipped line (--rate and -L), " - statement latencies ..."
    tps_incl = 996.533201
    time_include = 3987 / tps_incl
    t1, v1 = f6(801 / time_include)
    t2, v2 = f6((3188 - 2) / time_include)
    r1, s1 = stmt_rows('old', list(zip([0.002, 0.001, 0.001, 0.001, 0.071, 0.243, 0.118, 0.197, 0.209, 0.101, 0.254],
                                       [None] * 11, [None] * 11, TPCB)), False)
    r2, s2 = stmt_rows('old', [(0.001, None, None, SELECT_ONLY[0]), (0.163, None, None, SELECT_ONLY[1])], False)
    text = lines(
        'transaction type: multiple scripts',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'duration: 4 s',
        'number of transactions actually processed: 3987',
        'number of transactions skipped: 2 (%s %%)' % pct(2, 3989),
        'number of transactions above the 20.0 ms latency limit: 1/3987 (%s %%)' % pct(1, 3987),
        'latency average = 0.463 ms',
        'latency stddev = 0.598 ms',
        'rate limit schedule lag: avg 0.118 (max 3.472) ms',
        'tps = %f (including connections establishing)' % tps_incl,
        'tps = 996.801447 (excluding connections establishing)',
        'SQL script 1: <builtin: TPC-B (sort of)>',
        ' - weight: 1 (targets 20.0% of total)',
        ' - 801 transactions (%.1f%% of total, tps = %s)' % (100.0 * 801 / 3989, t1),
        ' - number of transactions skipped: 0 (0.000%)',
        ' - latency average = 1.212 ms',
        ' - latency stddev = 0.803 ms',
        ' - statement latencies in milliseconds:',
        *r1,
        'SQL script 2: <builtin: select only>',
        ' - weight: 4 (targets 80.0% of total)',
        ' - 3188 transactions (%.1f%% of total, tps = %s)' % (100.0 * 3188 / 3989, t2),
        ' - number of transactions skipped: 2 (%s%%)' % pct(2, 3188),
        ' - latency average = 0.275 ms',
        ' - latency stddev = 0.122 ms',
        ' - statement latencies in milliseconds:',
        *r2,
        'starting vacuum...end.')
    emit(V, 'run-multi-script-rate-latency-limit-r', text, run(
        transaction_type='multiple scripts', scaling_factor=1, query_mode='simple', clients=2, threads=1,
        duration_s=4, transactions_processed=3987, transactions_skipped=2, latency_limit_ms=20.0,
        transactions_above_latency_limit=1, latency_average_ms=0.463, latency_stddev_ms=0.598,
        lag_average_ms=0.118, lag_max_ms=3.472, tps=996.801447, tps_measure='excluding_connections_establishing',
        tps_including_connections=tps_incl,
        scripts=[script(number=1, name='<builtin: TPC-B (sort of)>', weight=1, weight_percent=20.0,
                        transactions_processed=801, share_percent=20.1, tps=v1, latency_average_ms=1.212,
                        latency_stddev_ms=0.803, transactions_skipped=0, statements=s1),
                 script(number=2, name='<builtin: select only>', weight=4, weight_percent=80.0,
                        transactions_processed=3188, share_percent=79.9, tps=v2, latency_average_ms=0.275,
                        latency_stddev_ms=0.122, transactions_skipped=2, statements=s2)]))

    # 5. clients abort: 11 message form + empty line, no marker, exit code 0
    text = lines(
        'transaction type: scripts/div_by_zero_sometimes.sql',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 2',
        'number of threads: 1',
        'number of transactions per client: 200',
        'number of transactions actually processed: 57/400',
        'latency average = 0.241 ms',
        'tps = 8301.476579 (including connections establishing)',
        'tps = 11874.999922 (excluding connections establishing)',
        'starting vacuum...end.',
        'client 1 aborted in command 1 (SQL) of script 0; ERROR:  division by zero',
        '',
        'client 0 aborted in command 1 (SQL) of script 0; ERROR:  division by zero',
        '')
    emit(V, 'run-clients-abort', text, run(
        transaction_type='scripts/div_by_zero_sometimes.sql', scaling_factor=1, query_mode='simple', clients=2,
        threads=1, transactions_per_client=200, transactions_processed=57, transactions_expected=400,
        latency_average_ms=0.241, tps=11874.999922, tps_measure='excluding_connections_establishing',
        tps_including_connections=8301.476579, aborted=True,
        errors=['client 1 aborted in command 1 (SQL) of script 0; ERROR:  division by zero',
                'client 0 aborted in command 1 (SQL) of script 0; ERROR:  division by zero']), note=ABORT_NOTE_11)

    # 6. --progress-timestamp (10-13: `%ld.%03ld s`), -P 2
    p = [progress(False, None, 3499.5, 1.141, 0.702, ts=1795920522.108),
         progress(False, None, 3612.0, 1.106, 0.671, ts=1795920524.108),
         progress(False, None, 3668.3, 1.090, 0.679, ts=1795920526.108)]
    text = lines(
        'transaction type: <builtin: simple update>',
        'scaling factor: 1',
        'query mode: simple',
        'number of clients: 4',
        'number of threads: 2',
        'duration: 6 s',
        'number of transactions actually processed: 21563',
        'latency average = 1.113 ms',
        'latency stddev = 0.684 ms',
        'tps = 3592.790136 (including connections establishing)',
        'tps = 3594.098312 (excluding connections establishing)',
        'starting vacuum...end.',
        *[l for l, _ in p])
    emit(V, 'run-progress-timestamp', text, run(
        transaction_type='<builtin: simple update>', scaling_factor=1, query_mode='simple', clients=4, threads=2,
        duration_s=6, transactions_processed=21563, latency_average_ms=1.113, latency_stddev_ms=0.684,
        tps=3594.098312, tps_measure='excluding_connections_establishing', tps_including_connections=3592.790136,
        progress=[e for _, e in p]))

    # 7. init 11: dropping old tables... / generating data... / vacuuming... / creating ... keys... / done.
    text = lines(
        'dropping old tables...',
        *NOTICES_11,
        'creating tables...',
        'generating data...',
        '100000 of 300000 tuples (33%) done (elapsed 0.06 s, remaining 0.12 s)',
        '200000 of 300000 tuples (66%) done (elapsed 0.13 s, remaining 0.06 s)',
        '300000 of 300000 tuples (100%) done (elapsed 0.19 s, remaining 0.00 s)',
        'vacuuming...',
        'creating primary keys...',
        'creating foreign keys...',
        'done.')
    e = init(scaling_factor=3, accounts_rows=300000)
    e['generation'] = OMIT   # "generating data..." names no side in 11/12
    emit(V, 'init-scale3-foreign-keys', text, e)

    # 8. bad -I step, 11/12 form
    text = lines('unrecognized initialization step "x"',
                 'allowed steps are: "d", "t", "g", "v", "p", "f"')
    emit(V, 'init-bad-step', text, init(done=False, errors=['unrecognized initialization step "x"']))

    # 9. per-transaction log: transaction_no starts at 1 from 11, no lag column
    rows = make_log(11, clients=2, n=60, start_epoch=1795920700, first_no=1, skipped_advances=True,
                    lat_range=(300, 1500), gap=(100, 900))
    emit(V, 'log-per-txn', render_log(rows, False, False), log_expected(rows, False, False))

    # 10. aggregate, --rate: 10 columns
    text, exp = make_aggregate(111, 1795920800, 5, 1, 10, per_interval=(780, 820), rate=True)
    emit(V, 'aggregate-rate-10col', text, exp)
