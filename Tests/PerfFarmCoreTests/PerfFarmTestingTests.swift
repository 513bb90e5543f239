import Foundation
import PerfFarmCore
import PerfFarmTesting
import Testing

/// perffarm's own parsers through `PgbenchOutputParsing` and the `PerfFarmTesting` helpers, and those helpers
/// on parsers that break the rules.
@Suite("PgbenchOutputParsing and the PerfFarmTesting helpers")
struct PerfFarmTestingTests {
    /// A real per-transaction log of pgbench 17: 50 lines, 1443 bytes.
    static let logFixture = "Fixtures/pgbench/pg17/r22-log-prefix.logs/mylog.831"

    @Test("every truncation of a real per-transaction log parses or is a PerfFarmError with its line")
    func transactionLogTruncations() throws {
        let bytes = try Fixture(Self.logFixture, in: .module).bytes()
        #expect(bytes.count == 1443)
        let report = ParserCheck<PgbenchTransactionLogParser>().checkTruncations(bytes)
        #expect(report.passed, "\(report)")
        #expect(report.parses == 1444)
        #expect(report.whole.value?.transactions == 50)
        #expect(report.whole.value?.lines == 50)
        #expect(report.whole.value?.latencyMilliseconds?.max == 2.231)
        // A prefix cut inside the last line, before its sixth field, is a truncated input at line 50.
        let lastLineStart = try #require(bytes.dropLast().lastIndex(of: 0x0A)) + 1
        let cut = ParserCheck<PgbenchTransactionLogParser>().parseWhole(bytes[..<(lastLineStart + 8)])
        #expect(cut.error?.code == .truncatedInput)
        #expect(cut.error?.lineNumber == 50)
    }

    @Test("every conforming parser gives the same result in chunks of 1 to 64 bytes and whole")
    func chunking() throws {
        func fixture(_ path: String) throws -> [UInt8] { try Fixture("Fixtures/pgbench/" + path, in: .module).bytes() }
        let log = try fixture("pg17/r22-log-prefix.logs/mylog.831")
        let aggregate = try fixture("pg17/r20-log-aggregate.logs/pgbench_log.32666")
        let run = try fixture("pg17/r01-tpcb-default-T.stdout") + fixture("pg17/r01-tpcb-default-T.stderr")
        let initialization = try fixture("pg17/i01-init-scale1.stderr")

        let logReport = ParserCheck<PgbenchTransactionLogParser>().checkChunking(log)
        #expect(logReport.passed, "\(logReport)")
        #expect(logReport.parses == 66)  // whole, parse(bytes:), 64 chunk sizes
        let aggregateReport = ParserCheck<PgbenchAggregateLogParser>().checkChunking(aggregate)
        #expect(aggregateReport.passed, "\(aggregateReport)")
        #expect(aggregateReport.whole.value?.intervals.count == 3)
        let runReport = ParserCheck<PgbenchTextOutputParser<PgbenchRunParser>>().checkChunking(run)
        #expect(runReport.passed, "\(runReport)")
        #expect(runReport.whole == .parsed(try PgbenchRunParser.parse(bytes: run)))
        #expect(runReport.whole.value?.pgbenchVersion == "17.10")
        let initReport = ParserCheck<PgbenchTextOutputParser<PgbenchInitParser>>().checkChunking(initialization)
        #expect(initReport.passed, "\(initReport)")
        #expect(initReport.whole == .parsed(try PgbenchInitParser.parse(bytes: initialization)))
        #expect(initReport.whole.value?.scalingFactor == 1)
        for input in [log, aggregate, run, initialization] {
            let report = ParserCheck<PgbenchOutputParser>().checkChunking(input, chunkSizes: 1...16)
            #expect(report.passed, "\(report)")
            #expect(report.whole.value != nil)
        }
        let lagReport = ParserCheck { PgbenchTransactionLogParser(extraColumn: .lag) }.checkAll(log)
        #expect(lagReport.passed, "\(lagReport)")
    }

    @Test("the text adapter refuses binary input at its line, as the whole-text parser does")
    func textAdapterErrors() throws {
        let bytes = Array("pgbench (17.10)\ntps = 1.0\nbad \u{0}byte\n".utf8)
        let outcome = ParserCheck<PgbenchTextOutputParser<PgbenchRunParser>>().parseInChunks(bytes, chunkSize: 5)
        let error = try #require(outcome.error)
        #expect(error.code == .binaryInput)
        #expect(error.lineNumber == 3)
        #expect(throws: error) { try PgbenchRunParser.parse(bytes: bytes) }
    }

    @Test("a golden file written with perffarm's JSON conventions matches, and the checks report the rest")
    func goldenJSON() throws {
        // The golden result of the same log, written by GoldenFixtureTests.
        let statistics = try PgbenchTransactionLogParser.parse(bytes: try Fixture(Self.logFixture, in: .module).bytes())
        let golden = GoldenJSON(directory: "Fixtures/golden", update: false)
        let comparison = try golden.compare(
            PgbenchParsedOutput.log(statistics), toFile: "pg17/r22-log-prefix.logs/mylog.831.json")
        #expect(comparison == .matches, "\(comparison)")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perffarm-golden-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try GoldenJSON(directory: directory, update: false).compare(statistics, toFile: "a/b.json")
        #expect(missing == .missing(path: directory.appendingPathComponent("a/b.json").path))
        #expect(!missing.passed)
        let written = try GoldenJSON(directory: directory, update: true).compare(statistics, toFile: "a/b.json")
        #expect(written.passed)
        let text = try Fixture(url: directory.appendingPathComponent("a/b.json")).text()
        #expect(text.hasPrefix("{\n  \"clients\" : 1,\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(try GoldenJSON(directory: directory, update: false).compare(statistics, toFile: "a/b.json") == .matches)

        var changed = statistics
        changed.transactions = 49
        let differs = try GoldenJSON(directory: directory, update: false).compare(changed, toFile: "a/b.json")
        guard case .differs(_, let difference) = differs else {
            Issue.record("expected a difference, got \(differs)")
            return
        }
        #expect(difference.lineNumber == 25)
        #expect(difference.expected == "  \"transactions\" : 50,")
        #expect(difference.actual == "  \"transactions\" : 49,")
        #expect("\(differs)".contains("PERFFARM_UPDATE_GOLDEN=1"))

        // The same values in another layout match.
        try Data(#"{"b": [1, 2.5], "a": "x/y"}"#.utf8).write(to: directory.appendingPathComponent("c.json"))
        let layout = try GoldenJSON(directory: directory, update: false).compare(
            Pair(a: "x/y", b: [1, 2.5]), toFile: "c.json")
        #expect(layout == .matches, "\(layout)")
    }

    @Test("a fixture that is not in the bundle is a file access error naming it")
    func missingFixture() {
        #expect(throws: PerfFarmError.self) { try Fixture("Fixtures/no-such-file.txt", in: .module) }
        let error = #expect(throws: PerfFarmError.self) { try Fixture(path: "/nonexistent/perffarm").bytes() }
        #expect(error?.code == .fileAccess)
        #expect(error?.path == "/nonexistent/perffarm")
    }

    @Test("the checks report a parser that depends on its chunks or throws another error type")
    func brokenParsers() {
        let input = Array("one\ntwo\nthree\n".utf8)
        let chunky = ParserCheck<ChunkCountingParser>().checkChunking(input, chunkSizes: 1...4)
        #expect(!chunky.passed)
        #expect(
            chunky.failures.map(\.parse) == [.chunks(size: 1), .chunks(size: 2), .chunks(size: 3), .chunks(size: 4)])
        #expect(chunky.failures[0].message.contains("expected: 1"))
        #expect(chunky.failures[0].message.contains("actual:   14"))

        let throwing = ParserCheck<ForeignErrorParser>().checkTruncations(input)
        #expect(throwing.parses == input.count + 1)
        // Every prefix that ends inside a line throws a foreign error; the 4 that end at a line boundary parse.
        #expect(throwing.failures.count == input.count + 1 - 4)
        #expect(throwing.failures.first?.parse == .truncation(length: 1))
        #expect("\(throwing)".contains("is not a PerfFarmError"))
    }
}

/// Counts its chunks: a parser whose result wrongly depends on how the input was cut.
struct ChunkCountingParser: PgbenchOutputParsing {
    private var chunks = 0
    init() {}
    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws { chunks += 1 }
    mutating func finish() throws -> Int { chunks }
}

/// Throws an error that is not a `PerfFarmError` when the input does not end with a line break.
struct ForeignErrorParser: PgbenchOutputParsing {
    struct CutLine: Error {}
    private var last: UInt8?
    init() {}
    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws { last = chunk.last ?? last }
    mutating func finish() throws -> Bool {
        guard last == nil || last == 0x0A else { throw CutLine() }
        return true
    }
}

/// A small document for the layout test.
struct Pair: Codable {
    var a: String
    var b: [Double]
}
