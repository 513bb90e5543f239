import Foundation
import PerfFarmCore
import Testing

/// A run's output cut short or holding two runs is refused with the line, never reported with a wrong number.
@Suite("Run output: cut or doubled input is refused, never misreported")
struct PgbenchRunCompletenessTests {
    static func text(_ version: String, _ name: String, stream: String = "stdout") -> String {
        let fixture = Fixtures.named(version, name)
        return String(decoding: stream == "stdout" ? fixture.stdout : fixture.stderr, as: UTF8.self)
    }

    /// The first `count` lines of `text`, each with its line break.
    static func head(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).prefix(count).map { $0 + "\n" }.joined()
    }

    static func error(_ text: String) -> PerfFarmError? {
        do {
            _ = try PgbenchRunParser.parse(text: text)
            return nil
        } catch {
            return error as? PerfFarmError
        }
    }

    @Test("a last line without its line break: `tps = 3439.` is not 3439, it is a cut output")
    func cutInTheMiddleOfALine() throws {
        let whole = Self.text("pg17", "r01-tpcb-default-T")
        let cut = String(whole.prefix(upTo: try #require(whole.range(of: "3439.")).upperBound))
        let error = try #require(Self.error(cut))
        #expect(error.code == .truncatedInput)
        #expect(error.lineNumber == 13)
        #expect(error.message == "the run's output is cut: it ends in the middle of a line (no line break)")
        // Through the kind-recognising parser and the streaming text parser too.
        #expect(throws: PerfFarmError.self) { try PgbenchOutputParser.parse(bytes: Array(cut.utf8)) }
        var streaming = PgbenchTextOutputParser<PgbenchRunParser>()
        try streaming.consume(Array(cut.utf8))
        let streamed = try #require(throws: PerfFarmError.self) { try streaming.finish() }
        #expect(streamed.code == .truncatedInput && streamed.lineNumber == 13)
    }

    @Test(
        "whole lines cut before a line every version prints: named, with the last line read",
        arguments: [
            ("pg17", "r01-tpcb-default-T", 12, "tps"), ("pg17", "r01-tpcb-default-T", 10, "latency average"),
            ("pg17", "r01-tpcb-default-T", 5, "number of threads"),
            ("pg10", "r01-tpcb-default-T", 7, "latency average"), ("pg13", "r02-select-only-S", 8, "tps"),
        ])
    func cutBeforeALine(version: String, name: String, lines: Int, missing: String) throws {
        let error = try #require(Self.error(Self.head(Self.text(version, name), lines)))
        #expect(error.code == .truncatedInput)
        #expect(error.lineNumber == lines)
        #expect(error.message.hasSuffix("the summary stops before its `\(missing)` line"))
    }

    @Test("a script block cut after its header or its weight, a statement table cut after its header")
    func cutBlocks() throws {
        let multi = Self.text("pg17", "r16-multi-builtin-b").split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(multi.firstIndex { $0.hasPrefix("SQL script 1:") })
        let afterHeader = try #require(Self.error(Self.head(multi.joined(separator: "\n"), header + 1)))
        #expect(afterHeader.message.hasSuffix("before its ` - weight` line"))
        let afterWeight = try #require(Self.error(Self.head(multi.joined(separator: "\n"), header + 2)))
        #expect(afterWeight.message.hasSuffix("before its ` - N transactions` line"))

        let table = Self.text("pg17", "r06-per-statement-r").split(separator: "\n", omittingEmptySubsequences: false)
        let latencies = try #require(table.firstIndex { $0.contains("statement latencies in milliseconds") })
        let empty = try #require(Self.error(Self.head(table.joined(separator: "\n"), latencies + 1)))
        #expect(empty.message.hasSuffix("the statement latencies of line \(latencies + 1) have no row"))
        // With one row the table is a prefix of the real one, and every number read is right.
        let oneRow = try PgbenchRunParser.parse(text: Self.head(table.joined(separator: "\n"), latencies + 2))
        let whole = try PgbenchRunParser.parse(text: table.joined(separator: "\n"))
        #expect(oneRow.tps == whole.tps && oneRow.statements == Array(whole.statements.prefix(oneRow.statements.count)))
    }

    @Test(
        "two runs in one input: refused at the line where the second starts, never merged",
        arguments: [("pg17", 14), ("pg10", 11)])
    func twoRuns(version: String, secondStart: Int) throws {
        let first = Self.text(version, "r01-tpcb-default-T")
        let second = Self.text(version, "r02-select-only-S")
        #expect(first.split(separator: "\n").count + 1 == secondStart)
        let error = try #require(Self.error(first + second))
        #expect(error.code == .multipleRuns)
        #expect(error.lineNumber == secondStart)
        #expect(error.description.contains("a second pgbench run starts here"))
        #expect(throws: PerfFarmError.self) { try PgbenchOutputParser.parse(bytes: Array((first + second).utf8)) }
    }

    @Test("standard error alone, a run that failed before its summary, only the banner: not cut")
    func noSummary() throws {
        let progress = try PgbenchRunParser.parse(text: Self.text("pg17", "r07-progress-P1", stream: "stderr"))
        #expect(!progress.progress.isEmpty && progress.tps == nil)
        let refused = try PgbenchRunParser.parse(
            text: Self.text("pg17", "e20-connect-wrong-port", stream: "stderr"))
        #expect(!refused.errors.isEmpty)
        let aborted = Fixtures.named("pg17", "e14-exit-on-abort")
        let banner = try PgbenchRunParser.parse(bytes: aborted.stdout + aborted.stderr)
        #expect(banner.pgbenchVersion != nil && banner.aborted)
    }

    @Test("every line-boundary prefix of every real run: cut, or numbers that the whole output also reports")
    func prefixesNeverMisreport() throws {
        var checked = 0
        for fixture in Fixtures.cases where fixture.name.hasPrefix("r") && fixture.exitCode == 0 {
            let bytes = fixture.stdout + fixture.stderr
            guard let whole = try? PgbenchRunParser.parse(bytes: bytes), whole.tps != nil else { continue }
            let wholeFields = try Self.scalars(whole)
            var end = 0
            for (index, byte) in bytes.enumerated() where byte == 0x0A {
                end = index + 1
                do {
                    let prefix = try PgbenchRunParser.parse(bytes: bytes[..<end])
                    for (key, value) in try Self.scalars(prefix) {
                        #expect(wholeFields[key] == value, "\(fixture.testDescription) cut at byte \(end): \(key)")
                    }
                    checked += 1
                } catch let error as PerfFarmError {
                    #expect(error.code == .truncatedInput && error.lineNumber != nil, "\(error)")
                }
            }
        }
        #expect(checked > 100)
    }

    @Test("the stream keeps what was read and says it is cut")
    func stream() throws {
        var stream = PgbenchRunStream()
        for line in Self.head(Self.text("pg17", "r01-tpcb-default-T"), 11).split(separator: "\n") {
            stream.consume(String(line), from: .standardOutput)
        }
        let summary = try stream.summary()
        #expect(summary.transactionsProcessed == 10308 && summary.tps == nil)
        #expect(
            try stream.completeness() == .truncated(reason: "the summary stops before its `tps` line", lineNumber: 11))
    }

    /// The scalar values of `summary`'s JSON (numbers, strings, booleans), by key.
    static func scalars(_ summary: PgbenchRunSummary) throws -> [String: String] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any])
        var result: [String: String] = [:]
        for (key, value) in object where !(value is [Any]) && !(value is [String: Any]) && !(value is NSNull) {
            result[key] = "\(value)"
        }
        return result
    }
}
