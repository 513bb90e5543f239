import Foundation
import PerfFarmCore
import Testing

/// Concrete values of run summaries, per pgbench version and per feature.
@Suite("pgbench run summaries")
struct PgbenchRunParserTests {
    @Test("15: banner with one version, tps without initial connection time, -r with failures column")
    func pg15PerStatement() throws {
        let run = try Fixtures.run("pg15", "r06-per-statement-r")
        #expect(run.pgbenchVersion == "15.18 (Debian 15.18-0+deb12u1)")
        #expect(run.serverVersion == nil)  // one version in the banner: the server's is the same
        #expect(run.serverMatchesClient == true)
        #expect(run.transactionType == "<builtin: TPC-B (sort of)>")
        #expect(run.scalingFactor == 1)
        #expect(run.queryMode == "simple")
        #expect(run.clients == 1)
        #expect(run.threads == 1)
        #expect(run.maxTries == 1)
        #expect(run.durationSeconds == 5)
        #expect(run.transactionsProcessed == 25757)
        #expect(run.transactionsExpected == nil)
        #expect(run.transactionsFailed == 0)
        #expect(run.latencyAverageMilliseconds == 0.193)
        #expect(run.latencyStddevMilliseconds == nil)
        #expect(run.initialConnectionTimeMilliseconds == 23.350)
        #expect(run.tps == 5175.286015)
        #expect(run.tpsMeasure == .withoutInitialConnectionTime)
        #expect(run.tpsIncludingConnections == nil)
        #expect(run.aborted == false)
        #expect(run.statements.count == 11)
        #expect(
            run.statements[4] == PgbenchStatementLatency(latencyMilliseconds: 0.022, failures: 0, command: "BEGIN;"))
        #expect(run.statements[0].command == "\\set aid random(1, 100000 * :scale)")
        #expect(run.statements.last?.command == "END;")
        #expect(run.scripts.isEmpty)
        #expect(run.errors.isEmpty)
    }

    @Test("17: banner with a server version, two scripts with failures and retries")
    func pg17MultiScriptFailures() throws {
        let run = try Fixtures.run("pg17", "e12-multi-script-failures-r")
        #expect(run.pgbenchVersion == "17.10")
        #expect(run.serverVersion == "15.18 (Debian 15.18-0+deb12u1)")
        #expect(run.serverMatchesClient == false)
        #expect(run.transactionType == "multiple scripts")
        #expect(run.maxTries == 2)
        #expect(run.transactionsProcessed == 134)
        #expect(run.transactionsFailed == 119)
        #expect(run.serializationFailures == 27)
        #expect(run.deadlockFailures == 92)
        #expect(run.transactionsRetried == 152)
        #expect(run.totalRetries == 152)
        #expect(run.latencyAverageMilliseconds == 71.628)
        #expect(run.latencyIncludesFailures)
        #expect(run.tps == 44.366233)
        #expect(run.statements.isEmpty)
        #expect(run.scripts.count == 2)
        let first = run.scripts[0]
        #expect(first.number == 1)
        #expect(first.name == "scripts/serialization.sql")
        #expect(first.weight == 1)
        #expect(first.weightPercent == 50.0)
        #expect(first.transactionsProcessed == 73)
        #expect(first.transactionsTotal == nil)
        #expect(first.sharePercent == 54.5)
        #expect(first.tps == 24.169664)
        #expect(first.transactionsFailed == 45)
        #expect(first.serializationFailures == 27)
        #expect(first.deadlockFailures == 18)
        #expect(first.transactionsRetried == 52)
        #expect(first.totalRetries == 52)
        #expect(first.latencyAverageMilliseconds == 7.414)
        #expect(first.latencyStddevMilliseconds == 16.191)
        #expect(first.statements.count == 6)
        #expect(
            first.statements[4]
                == PgbenchStatementLatency(
                    latencyMilliseconds: 3.293, failures: 45, retries: 52,
                    command: "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;"))
        #expect(run.scripts[1].statements.count == 7)
        #expect(run.scripts[1].deadlockFailures == 74)
    }

    @Test("13: both tps lines, -t with N/M, multiple scripts without failure columns")
    func pg13() throws {
        let transactions = try Fixtures.run("pg13", "r05-transactions-t")
        #expect(transactions.pgbenchVersion == nil)
        #expect(transactions.serverVersion == nil)
        #expect(transactions.serverMatchesClient == nil)
        #expect(transactions.maxTries == nil)
        #expect(transactions.transactionsPerClient == 300)
        #expect(transactions.transactionsProcessed == 600)
        #expect(transactions.transactionsExpected == 600)
        #expect(transactions.durationSeconds == nil)
        #expect(transactions.transactionsFailed == nil)
        #expect(transactions.tps == 1935.140146)
        #expect(transactions.tpsMeasure == .excludingConnectionsEstablishing)
        #expect(transactions.tpsIncludingConnections == 1921.242850)

        let scripts = try Fixtures.run("pg13", "r15-custom-f-weights-r")
        #expect(scripts.scripts.map(\.name) == ["scripts/custom_read.sql", "scripts/custom_write.sql"])
        #expect(scripts.scripts.map(\.weight) == [3, 1])
        #expect(scripts.scripts.map(\.transactionsProcessed) == [4539, 1477])
        #expect(scripts.scripts.map(\.tps) == [1512.842213, 492.281989])
        #expect(scripts.scripts[1].statements.map(\.latencyMilliseconds) == [0.000, 0.000, 0.109, 0.133, 1.178, 0.150])
        #expect(scripts.scripts[1].statements.allSatisfy { $0.failures == nil && $0.retries == nil })
        #expect(scripts.scripts[1].statements[4].command == "\\sleep 1 ms")
    }

    @Test("10: skipped and latency limit without /M, schedule lag, script statistics block")
    func pg10RateLimit() throws {
        let run = try Fixtures.run("pg10", "r10-rate-latency-limit-skip")
        #expect(run.transactionsProcessed == 9014)
        #expect(run.transactionsSkipped == 152)
        #expect(run.latencyLimitMilliseconds == 1.0)
        #expect(run.transactionsAboveLatencyLimit == 1253)
        #expect(run.latencyAverageMilliseconds == 0.717)
        #expect(run.latencyStddevMilliseconds == 0.349)
        #expect(run.lagAverageMilliseconds == 0.140)
        #expect(run.lagMaxMilliseconds == 2.980)
        #expect(run.tps == 3001.764567)
        #expect(run.tpsIncludingConnections == 2998.941136)
        #expect(run.scripts.isEmpty)
        #expect(run.progress.count == 3)
        #expect(
            run.progress[0]
                == PgbenchProgressReport(
                    elapsedSeconds: 1.0, tps: 3028.9, latencyAverageMilliseconds: 0.747,
                    latencyStddevMilliseconds: 0.371, lagMilliseconds: 0.156, skipped: 78))
    }

    @Test("15: skipped, latency limit N/M, progress with failed, lag and skipped")
    func pg15RateLimit() throws {
        let run = try Fixtures.run("pg15", "r10-rate-latency-limit-skip")
        #expect(run.transactionsSkipped == 2020)
        #expect(run.transactionsAboveLatencyLimit == 3639)
        #expect(run.lagAverageMilliseconds == 0.217)
        #expect(run.lagMaxMilliseconds == 4.961)
        #expect(run.tps == 2614.513948)
        #expect(
            run.progress.first
                == PgbenchProgressReport(
                    elapsedSeconds: 1.0, tps: 2723.0, latencyAverageMilliseconds: 0.863,
                    latencyStddevMilliseconds: 0.785, failed: 0, lagMilliseconds: 0.183, skipped: 242))
    }

    @Test("15: --max-tries, failures and retries columns, progress with retried and retries")
    func pg15Retries() throws {
        let run = try Fixtures.run("pg15", "e05-serialization-max-tries-r-P")
        #expect(run.maxTries == 3)
        #expect(run.transactionsFailed == 1555)
        #expect(run.transactionsRetried == 3895)
        #expect(run.totalRetries == 6359)
        #expect(run.statements[4].failures == 1555)
        #expect(run.statements[4].retries == 6363)
        #expect(run.statements[4].command == "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;")
        #expect(run.progress.first?.retried == 710)
        #expect(run.progress.first?.retries == 1184)
        #expect(run.progress.first?.failed == 291)
    }

    @Test("-C: average connection time and tps including reconnection times (14+); both tps lines up to 13")
    func reconnect() throws {
        let pg17 = try Fixtures.run("pg17", "r25-connect-C")
        #expect(pg17.averageConnectionTimeMilliseconds == 3.709)
        #expect(pg17.initialConnectionTimeMilliseconds == nil)
        #expect(pg17.tps == 130.961570)
        #expect(pg17.tpsMeasure == .includingReconnectionTimes)
        let pg13 = try Fixtures.run("pg13", "r25-connect-C")
        #expect(pg13.tps == 650.706725)
        #expect(pg13.tpsIncludingConnections == 220.845469)
    }

    @Test("--progress-timestamp: Unix time instead of elapsed time")
    func progressTimestamp() throws {
        for version in Fixtures.versions {
            let run = try Fixtures.run(version, "r08-progress-timestamp")
            #expect(run.progress.count >= 3)
            #expect(run.progress.allSatisfy { $0.elapsedSeconds == nil && ($0.timestampSeconds ?? 0) > 1.7e9 })
        }
        #expect(try Fixtures.run("pg13", "r08-progress-timestamp").progress[0].timestampSeconds == 1795921596.174)
    }

    @Test("aborted runs: the marker of 12+, client aborts of 10 (exit 0, no marker), 17's --exit-on-abort")
    func aborted() throws {
        let pg15 = try Fixtures.run("pg15", "e01-script-error-always-aborts")
        #expect(pg15.aborted)
        #expect(pg15.transactionsProcessed == 0)
        #expect(pg15.transactionsExpected == 10)
        #expect(pg15.transactionsFailed == 0)
        #expect(pg15.tps == nil)
        #expect(
            pg15.errors == [
                "pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  division by zero",
                "pgbench: error: Run was aborted; the above results are incomplete.",
            ])
        let pg10 = try Fixtures.run("pg10", "e01-script-error-always-aborts")
        #expect(pg10.aborted)
        #expect(pg10.errors == ["client 0 aborted in command 0 of script 0; ERROR:  division by zero"])
        let pg17 = try Fixtures.run("pg17", "e14-exit-on-abort")
        #expect(pg17.aborted)
        #expect(pg17.pgbenchVersion == "17.10")
        #expect(pg17.transactionType == nil)
        #expect(pg17.errors.last == "pgbench: error: Run was aborted due to an error in thread 0")
    }

    @Test("interleaved error lines of two threads are all kept")
    func interleavedErrors() throws {
        let run = try Fixtures.run("pg13", "e04-serialization-default-tries")
        #expect(run.aborted)
        #expect(run.errors.count == 8)
        #expect(
            run.errors.contains(
                "pgbench:pgbench: error: client 1 script 0 aborted in command 4 query 0: ERROR:  could not serialize access due to concurrent update"
            ))
        #expect(
            run.errors.contains(
                "error: client 4 script 0 aborted in command 4 query 0: ERROR:  could not serialize access due to concurrent update"
            ))
    }

    @Test("errors before any run: connection, option, missing tables, script parse errors")
    func startupErrors() throws {
        #expect(
            try Fixtures.run("pg10", "e20-connect-wrong-port").errors == [
                "connection to database \"pg10_s1\" failed:", "could not connect to server: Connection refused",
            ])
        #expect(try Fixtures.run("pg10", "e22-bad-option-value").errors == ["invalid number of clients: \"abc\""])
        #expect(
            try Fixtures.run("pg15", "e22-bad-option-value").errors == [
                "pgbench: error: invalid value \"abc\" for option -c/--clients"
            ])
        #expect(
            try Fixtures.run("pg10", "e25-script-syntax-error").errors == [
                "scripts/syntax_error.sql:1: syntax error in command \"set\""
            ])
        #expect(try Fixtures.run("pg10", "e33-custom-script-uninitialized-db").errors.count == 3)
        #expect(try Fixtures.run("pg13", "e33-custom-script-uninitialized-db").errors.count == 3)
        let failed = try Fixtures.run("pg15", "e23-uninitialized-db")
        #expect(failed.aborted == false)
        #expect(failed.errors.first?.hasPrefix("pgbench: error: could not count number of branches") == true)
    }

    @Test("--verbose-errors lines are failures that were counted, not errors")
    func verboseErrors() throws {
        let run = try Fixtures.run("pg15", "e07-serialization-verbose-errors")
        #expect(run.errors.isEmpty)
        #expect((run.transactionsFailed ?? 0) > 0)
    }

    @Test("warnings: scale option ignored")
    func warnings() throws {
        #expect(
            try Fixtures.run("pg15", "r26-scale-option-ignored").warnings == [
                "pgbench: warning: scale option ignored, using count from pgbench_branches table (1)"
            ])
        #expect(
            try Fixtures.run("pg10", "r26-scale-option-ignored").warnings == [
                "scale option ignored, using count from pgbench_branches table (1)"
            ])
    }

    @Test("13+: partition lines")
    func partitions() throws {
        let run = try Fixtures.run("pg15", "r28-partitioned-db")
        #expect(run.partitionMethod == "range")
        #expect(run.partitions == 3)
        #expect(try Fixtures.run("pg10", "r28-partitioned-db").partitions == nil)
    }

    @Test("18: per-script blocks with the total and the processed count apart, one-space statement rows")
    func pg18Scripts() throws {
        let text = """
            pgbench (18.6)
            transaction type: multiple scripts
            scaling factor: 1
            query mode: simple
            number of clients: 4
            number of threads: 1
            maximum number of tries: 2
            duration: 3 s
            number of transactions actually processed: 1200
            number of failed transactions: 30 (2.419%)
            number of transactions retried: 40 (3.226%)
            total number of retries: 45
            latency average = 9.677 ms (including failures)
            initial connection time = 3.120 ms
            tps = 400.123456 (without initial connection time)
            SQL script 1: <builtin: select only>
             - weight: 2 (targets 66.7% of total)
             - 830 transactions (66.9% of total)
             - number of transactions actually processed: 830 (tps = 276.751033)
             - number of failed transactions: 0 (0.000%)
             - number of transactions retried: 0 (0.000%)
             - total number of retries: 0
             - latency average = 0.120 ms
             - latency stddev = 0.050 ms
             - statement latencies in milliseconds, failures and retries:
                     0.002           0          0 \\set aid random(1, 100000 * :scale)
                     0.118           0          0 SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
            SQL script 2: <builtin: TPC-B (sort of)>
             - weight: 1 (targets 33.3% of total)
             - 410 transactions (33.1% of total)
             - number of transactions actually processed: 370 (tps = 123.372423)
             - number of failed transactions: 30 (7.317%)
             - number of transactions retried: 40 (9.756%)
             - total number of retries: 45
             - latency average = 28.900 ms
             - latency stddev = 12.010 ms
             - statement latencies in milliseconds, failures and retries:
                     0.021          30         45 UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
            """
        let run = try PgbenchRunParser.parse(text: text + "\n")
        #expect(run.pgbenchVersion == "18.6")
        #expect(run.serverVersion == nil)
        #expect(run.serverMatchesClient == true)
        #expect(run.scripts.count == 2)
        #expect(run.scripts[0].transactionsTotal == 830)
        #expect(run.scripts[0].transactionsProcessed == 830)
        #expect(run.scripts[0].tps == 276.751033)
        #expect(run.scripts[0].sharePercent == 66.9)
        #expect(run.scripts[1].transactionsTotal == 410)
        #expect(run.scripts[1].transactionsProcessed == 370)
        #expect(run.scripts[1].tps == 123.372423)
        #expect(run.scripts[1].transactionsFailed == 30)
        #expect(run.scripts[1].totalRetries == 45)
        #expect(
            run.scripts[0].statements[1]
                == PgbenchStatementLatency(
                    latencyMilliseconds: 0.118, failures: 0, retries: 0,
                    command: "SELECT abalance FROM pgbench_accounts WHERE aid = :aid;"))
        #expect(
            run.scripts[1].statements == [
                PgbenchStatementLatency(
                    latencyMilliseconds: 0.021, failures: 30, retries: 45,
                    command: "UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;")
            ])
    }

    @Test("9.6: script statistics block with statements, client abort in state N")
    func pg96() throws {
        let text = """
            transaction type: <builtin: TPC-B (sort of)>
            scaling factor: 1
            query mode: simple
            number of clients: 1
            number of threads: 1
            number of transactions per client: 10
            number of transactions actually processed: 1/10
            latency average = 2.112 ms
            tps = 473.372781 (including connections establishing)
            tps = 480.013560 (excluding connections establishing)
            script statistics:
             - number of transactions skipped: 0 (-nan%)
             - statement latencies in milliseconds:
                     0.027  BEGIN;
                     1.100  SELECT 1/0;
            starting vacuum...end.
            client 0 aborted in state 1: ERROR:  division by zero
            """
        let run = try PgbenchRunParser.parse(text: text + "\n")
        #expect(run.transactionsProcessed == 1)
        #expect(run.transactionsExpected == 10)
        #expect(run.transactionsSkipped == nil)  // the block's skipped line is the script's, not the run's
        #expect(run.statements.map(\.command) == ["BEGIN;", "SELECT 1/0;"])
        #expect(run.statements.map(\.latencyMilliseconds) == [0.027, 1.100])
        #expect(run.scripts.isEmpty)
        #expect(run.aborted)
        #expect(run.errors == ["client 0 aborted in state 1: ERROR:  division by zero"])
    }

    @Test("progress lines with NaN latency keep the line and leave the value null")
    func progressNaN() throws {
        let run = try PgbenchRunParser.parse(text: "progress: 2.0 s, 0.0 tps, lat -nan ms stddev -nan\n")
        #expect(run.progress == [PgbenchProgressReport(elapsedSeconds: 2.0, tps: 0.0)])
    }

    @Test("CRLF line ends read as LF ones; a missing final newline is a cut output")
    func lineEnds() throws {
        let lf = String(decoding: Fixtures.named("pg15", "r02-select-only-S").stdout, as: UTF8.self)
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try PgbenchRunParser.parse(text: crlf) == (try PgbenchRunParser.parse(text: lf)))
        #expect(try PgbenchRunParser.parse(text: crlf).tps != nil)
        let error = try #require(throws: PerfFarmError.self) {
            try PgbenchRunParser.parse(text: String(crlf.dropLast(2)))
        }
        #expect(error.code == .truncatedInput)
    }

    @Test("a later pgbench's new tps wording is still the headline; unknown lines are skipped")
    func laterVersions() throws {
        let run = try PgbenchRunParser.parse(
            text: """
                pgbench (19devel)
                number of clients: 2
                some line pgbench 19 adds: 42
                number of other failures: 3 (0.100%)
                tps = 99.5 (measured some new way)

                """)
        #expect(run.clients == 2)
        #expect(run.otherFailures == 3)
        #expect(run.tps == 99.5)
        #expect(run.tpsMeasure == nil)
    }
}
