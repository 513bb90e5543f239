import PerfFarmCore
import Testing

@Suite("pgbench aggregate logs")
struct PgbenchAggregateLogParserTests {
    @Test("15: fifteen columns with retries and failures")
    func fifteenColumns() throws {
        let log = try PgbenchAggregateLogParser.parse(
            bytes: Fixtures.bytes(Fixtures.named("pg15", "e10-serialization-log-aggregate").logFiles[0]))
        #expect(log.intervals.count == 4)
        var first = PgbenchAggregateLog.Interval(
            intervalStart: 1795921212, numTransactions: 92, sumLatencyMicroseconds: 420499,
            sumLatency2Microseconds: 3185285315, minLatencyMicroseconds: 2180, maxLatencyMicroseconds: 19678)
        first.sumLagMicroseconds = 0
        first.sumLag2Microseconds = 0
        first.minLagMicroseconds = 0
        first.maxLagMicroseconds = 0
        first.skipped = 0
        first.retried = 32
        first.retries = 47
        first.serializationFailures = 5
        first.deadlockFailures = 0
        #expect(log.intervals[0] == first)
        #expect(log.transactions == log.intervals.reduce(0) { $0 + $1.numTransactions })
        #expect(log.intervalSeconds == 1)
        #expect(log.retried == log.intervals.reduce(0) { $0 + ($1.retried ?? 0) })
    }

    @Test("10: six columns, and eleven with --rate -L; absent columns are null")
    func olderColumns() throws {
        let six = try PgbenchAggregateLogParser.parse(
            bytes: Fixtures.bytes(Fixtures.named("pg10", "r20-log-aggregate").logFiles[0]))
        #expect(six.intervals[0].numTransactions == 848)
        #expect(six.intervals[0].sumLagMicroseconds == nil)
        #expect(six.intervals[0].skipped == nil)
        #expect(six.intervals[0].retried == nil)
        #expect(six.skipped == nil)
        #expect(six.retries == nil)
        let eleven = try PgbenchAggregateLogParser.parse(
            bytes: Fixtures.bytes(Fixtures.named("pg10", "r24-log-aggregate-rate-limit").logFiles[0]))
        let interval = eleven.intervals[0]
        #expect(interval.sumLagMicroseconds == 27307)
        #expect(interval.maxLagMicroseconds == 1000)
        #expect(interval.skipped == 24)
        #expect(interval.retried == nil)
        #expect(eleven.skipped == eleven.intervals.reduce(0) { $0 + ($1.skipped ?? 0) })
    }

    @Test("ten columns (--rate without -L, up to 14) and sixteen (19)")
    func tenAndSixteen() throws {
        let ten = try PgbenchAggregateLogParser.parse(
            bytes: Array("1700000000 10 5000 3000000 300 900 100 2000 1 30\n".utf8))
        #expect(ten.intervals[0].minLagMicroseconds == 1)
        #expect(ten.intervals[0].skipped == nil)
        let sixteen = try PgbenchAggregateLogParser.parse(
            bytes: Array("1700000000 10 5000 3000000 300 900 0 0 0 0 0 1 2 3 4 5\n".utf8))
        #expect(sixteen.intervals[0].otherFailures == 5)
        #expect(sixteen.deadlockFailures == 4)
        #expect(sixteen.latencyAverageMilliseconds == 0.5)
    }

    @Test("a cut last line is a typed error; binary data too")
    func errors() throws {
        let cut = try #require(throws: PerfFarmError.self) {
            try PgbenchAggregateLogParser.parse(bytes: Array("1700000000 10 5000 3000000 300 900\n1700000001 4".utf8))
        }
        #expect(cut.code == .truncatedInput)
        #expect(cut.lineNumber == 2)
        let binary = try #require(throws: PerfFarmError.self) {
            try PgbenchAggregateLogParser.parse(bytes: [0x31, 0x00, 0x0A])
        }
        #expect(binary.code == .binaryInput)
        #expect(binary.lineNumber == 1)
    }
}
