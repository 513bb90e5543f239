import Foundation
import PerfFarmCore
import Testing

@Suite("pgbench per-transaction logs")
struct PgbenchTransactionLogParserTests {
    /// Nearest-rank percentile of sorted values, the oracle for the histogram.
    static func nearestRank(_ sorted: [UInt64], _ percentile: Double) -> UInt64 {
        let rank = max(1, Int((percentile / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[rank - 1]
    }

    @Test("counts and exact percentiles of a real 15 log, checked against a sort of its latencies")
    func realLog() throws {
        let file = Fixtures.named("pg15", "r19-log-per-txn-j2").logFiles[0]
        let bytes = Fixtures.bytes(file)
        let statistics = try PgbenchTransactionLogParser.parse(bytes: bytes)
        let latencies = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            .map { UInt64($0.split(separator: " ")[2])! }.sorted()
        #expect(statistics.transactions == 3343)
        #expect(statistics.transactions == latencies.count)
        #expect(statistics.failed == 0)
        #expect(statistics.skipped == 0)
        #expect(statistics.clients == 1)
        #expect(statistics.retries == nil)
        #expect(statistics.lagMilliseconds == nil)
        let latency = try #require(statistics.latencyMilliseconds)
        #expect(latency.min == Double(latencies.first!) / 1000)
        #expect(latency.max == Double(latencies.last!) / 1000)
        let mean = Double(latencies.reduce(0, +)) / Double(latencies.count) / 1000
        #expect(abs(latency.mean - mean) < 1e-9)
        for (value, percentile) in [
            (latency.p50, 50.0), (latency.p90, 90), (latency.p95, 95), (latency.p99, 99), (latency.p999, 99.9),
        ] {
            let exact = Double(Self.nearestRank(latencies, percentile)) / 1000
            // Three significant digits: exact below 2.048 ms, within 0.1 % above.
            #expect(abs(value - exact) <= exact * 0.001, "p\(percentile): \(value) vs \(exact)")
            if exact < 2.048 { #expect(value == exact) }
        }
        #expect(statistics.firstTimestampSeconds == 1795921160.711190)
    }

    @Test("10: the first transaction of a client is number 0; j2 logs merge into one set of statistics")
    func mergedThreads() throws {
        let files = Fixtures.named("pg10", "r19-log-per-txn-j2").logFiles
        #expect(files.count == 2)
        var parser = PgbenchTransactionLogParser()
        for file in files {
            try parser.consume(Fixtures.bytes(file))
            try parser.endOfInput()
        }
        #expect(parser.statistics.transactions == 14333 + 14385)
        #expect(parser.statistics.clients == 2)
    }

    @Test("--rate -L: skipped lines and the lag column")
    func rateLimit() throws {
        let file = Fixtures.named("pg15", "r23-log-per-txn-rate-limit").logFiles[0]
        let bytes = Fixtures.bytes(file)
        let statistics = try PgbenchTransactionLogParser.parse(bytes: bytes)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ") }
        let completed = lines.filter { $0[2] != "skipped" }
        #expect(statistics.skipped == lines.count - completed.count)
        #expect(statistics.skipped == 2119)
        #expect(statistics.transactions == 3896)
        #expect(statistics.retries == nil)
        let lags = completed.map { Double($0[6])! }
        let lag = try #require(statistics.lagMilliseconds)
        #expect(abs(lag.mean - lags.reduce(0, +) / Double(lags.count) / 1000) < 1e-9)
        #expect(lag.max == lags.max()! / 1000)
    }

    @Test("15: --max-tries --failures-detailed: serialization failures and the retries column")
    func failuresAndRetries() throws {
        let bytes = Fixtures.bytes(Fixtures.named("pg15", "e09-serialization-log-per-txn").logFiles[0])
        let statistics = try PgbenchTransactionLogParser.parse(bytes: bytes)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ") }
        #expect(statistics.serializationFailures == lines.filter { $0[2] == "serialization" }.count)
        #expect(statistics.failed == statistics.serializationFailures)
        #expect(statistics.failed == 105)
        #expect(statistics.transactions == 1441)
        #expect(statistics.retries == lines.reduce(0) { $0 + Int($1[6])! })
        #expect(statistics.retried == lines.filter { $0[6] != "0" }.count)
        #expect(statistics.lagMilliseconds == nil)
        #expect(statistics.clients == 4)
    }

    @Test("the seventh column: lag or retries, decided from the data or told")
    func seventhColumn() throws {
        let retries = "0 1 1500 0 1700000000 100 0\n0 2 1600 0 1700000000 200 1\n0 3 1700 0 1700000000 300 0\n"
        let automatic = try PgbenchTransactionLogParser.parse(bytes: Array(retries.utf8))
        #expect(automatic.retries == 1)
        #expect(automatic.retried == 1)
        #expect(automatic.lagMilliseconds == nil)
        let told = try PgbenchTransactionLogParser.parse(bytes: Array(retries.utf8), extraColumn: .lag)
        #expect(told.retries == nil)
        #expect(told.lagMilliseconds == .init(mean: 1.0 / 3 / 1000, max: 0.001))
        let lag = "0 1 1500 0 1700000000 100 250\n0 2 1600 0 1700000000 200 40\n"
        #expect(
            try PgbenchTransactionLogParser.parse(bytes: Array(lag.utf8)).lagMilliseconds
                == .init(mean: 0.145, max: 0.25))
        let both = "0 1 1500 0 1700000000 100 250 2\n0 2 skipped 0 1700000000 200 4000 0\n"
        let statistics = try PgbenchTransactionLogParser.parse(bytes: Array(both.utf8))
        #expect(statistics.lagMilliseconds == .init(mean: 0.25, max: 0.25))
        #expect(statistics.retries == 2)
        #expect(statistics.skipped == 1)
    }

    @Test("19: other failures; failed without details")
    func failureWords() throws {
        let log =
            "1 1 failed 0 1700000000 1 3\n1 2 other 0 1700000000 2 0\n1 3 deadlock 0 1700000000 3 1\n1 4 900 0 1700000000 4 0\n"
        let statistics = try PgbenchTransactionLogParser.parse(bytes: Array(log.utf8))
        #expect(statistics.failed == 3)
        #expect(statistics.otherFailures == 1)
        #expect(statistics.deadlockFailures == 1)
        #expect(statistics.transactions == 1)
        #expect(statistics.latencyMilliseconds?.p50 == 0.9)
    }

    @Test("the result does not depend on how the input is cut into chunks")
    func chunking() throws {
        let bytes = Fixtures.bytes(Fixtures.named("pg17", "r23-log-per-txn-rate-limit").logFiles[0])
        let whole = try PgbenchTransactionLogParser.parse(bytes: bytes)
        for size in [1, 7, 64, 4096] {
            var parser = PgbenchTransactionLogParser()
            var offset = 0
            while offset < bytes.count {
                try parser.consume(bytes[offset..<min(offset + size, bytes.count)])
                offset += size
            }
            try parser.endOfInput()
            #expect(parser.statistics == whole, "chunks of \(size) bytes")
        }
    }

    @Test("unknown lines are skipped and counted; CRLF ends are accepted")
    func unknownLines() throws {
        let log = "# a comment\r\n0 1 1500 0 1700000000 100\r\n\r\nnot a log line at all\r\n0 2 abc 0 1 2\r\n"
        let statistics = try PgbenchTransactionLogParser.parse(bytes: Array(log.utf8))
        #expect(statistics.transactions == 1)
        #expect(statistics.unrecognizedLines == 3)
    }

    @Test("a log cut in the middle of a line is a typed error with the line number; what came before is kept")
    func truncated() throws {
        var parser = PgbenchTransactionLogParser()
        try parser.consume(Array("0 1 1500 0 1700000000 100\n0 2 1600 0 1700000000 200\n0 3 17".utf8))
        let error = try #require(throws: PerfFarmError.self) { try parser.endOfInput() }
        #expect(error.code == .truncatedInput)
        #expect(error.lineNumber == 3)
        #expect(parser.statistics.transactions == 2)
        // A complete last line without its newline is not a truncation.
        #expect(try PgbenchTransactionLogParser.parse(bytes: Array("0 1 1500 0 1700000000 100".utf8)).transactions == 1)
    }

    @Test("binary data is a typed error with the line number")
    func binary() throws {
        var bytes = Array("0 1 1500 0 1700000000 100\n0 2 1600 0 1700000000 200\n".utf8)
        bytes += [0x00, 0x01, 0xFF, 0x0A]
        let error = try #require(throws: PerfFarmError.self) { try PgbenchTransactionLogParser.parse(bytes: bytes) }
        #expect(error.code == .binaryInput)
        #expect(error.lineNumber == 3)
    }

    @Test("latencies above the histogram's range count at its top; min and max stay exact")
    func outliers() throws {
        let log = "0 1 100 0 1700000000 1\n0 2 7200000000 0 1700000000 2\n"
        let latency = try #require(try PgbenchTransactionLogParser.parse(bytes: Array(log.utf8)).latencyMilliseconds)
        #expect(latency.min == 0.1)
        #expect(latency.max == 7_200_000)
        #expect(latency.p50 == 0.1)
        #expect(latency.p999 <= 7_200_000)
    }
}
