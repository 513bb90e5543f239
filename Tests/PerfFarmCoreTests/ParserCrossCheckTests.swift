import Foundation
import PerfFarmCore
import Testing

/// Reads the key values of every real capture a second way — regular expressions over the raw lines, in the
/// manner of the upstream TAP tests — and checks the parser agrees. This is the independent check behind the
/// golden files.
@Suite("Parser against a regular-expression reading of every capture")
struct ParserCrossCheckTests {
    static let runCases = Fixtures.cases.filter { fixture in
        let text = String(decoding: fixture.stdout + fixture.stderr, as: UTF8.self)
        return text.contains("transaction type:") || text.contains("tps = ")
    }

    @Test("summary lines", arguments: runCases)
    func summary(_ fixture: Fixtures.Case) throws {
        let lines = Self.lines(fixture)
        let run = try PgbenchRunParser.parse(bytes: fixture.stdout + fixture.stderr)
        func integer(_ pattern: Regex<(Substring, Substring)>) -> Int? {
            lines.lazy.compactMap { $0.wholeMatch(of: pattern) }.first.map { Int($0.output.1)! }
        }
        func decimal(_ pattern: Regex<(Substring, Substring)>) -> Double? {
            lines.lazy.compactMap { $0.wholeMatch(of: pattern) }.first.map { Double($0.output.1)! }
        }
        #expect(run.scalingFactor == integer(/scaling factor: (\d+)/))
        #expect(run.clients == integer(/number of clients: (\d+)/))
        #expect(run.threads == integer(/number of threads: (\d+)/))
        #expect(run.maxTries == integer(/maximum number of tries: (\d+)/))
        #expect(run.durationSeconds == integer(/duration: (\d+) s/))
        #expect(run.transactionsProcessed == integer(/number of transactions actually processed: (\d+)(?:\/\d+)?/))
        #expect(run.transactionsExpected == integer(/number of transactions actually processed: \d+\/(\d+)/))
        #expect(run.transactionsFailed == integer(/number of failed transactions: (\d+) \(.*\)/))
        #expect(run.transactionsSkipped == integer(/number of transactions skipped: (\d+) \(.*\)/))
        #expect(run.transactionsRetried == integer(/number of transactions retried: (\d+) \(.*\)/))
        #expect(run.totalRetries == integer(/total number of retries: (\d+)/))
        #expect(run.latencyAverageMilliseconds == decimal(/latency average = ([\d.]+) ms.*/))
        #expect(run.latencyStddevMilliseconds == decimal(/latency stddev = ([\d.]+) ms/))
        #expect(
            run.tps
                == decimal(
                    /tps = ([\d.]+) \((?:excluding connections establishing|without initial connection time|including reconnection times)\)/
                ))
        #expect(run.tpsIncludingConnections == decimal(/tps = ([\d.]+) \(including connections establishing\)/))
        #expect(run.initialConnectionTimeMilliseconds == decimal(/initial connection time = ([\d.]+) ms/))
        #expect(run.aborted == lines.contains { $0.contains("Run was aborted") || $0.contains(/client \d+ .*aborted/) })
    }

    @Test("progress lines", arguments: runCases.filter { $0.command.contains("-P") })
    func progress(_ fixture: Fixtures.Case) throws {
        let run = try PgbenchRunParser.parse(bytes: fixture.stdout + fixture.stderr)
        let reports = Self.lines(fixture).compactMap {
            $0.wholeMatch(of: /progress: ([\d.]+) s, ([\d.]+) tps, lat ([\d.]+) ms stddev ([\d.]+)(.*)/)
        }
        #expect(!reports.isEmpty)
        #expect(run.progress.count == reports.count)
        for (report, match) in zip(run.progress, reports) {
            let time = Double(match.output.1)!
            #expect((time > 1e8 ? report.timestampSeconds : report.elapsedSeconds) == time)
            #expect(report.tps == Double(match.output.2)!)
            #expect(report.latencyAverageMilliseconds == Double(match.output.3)!)
            #expect(report.latencyStddevMilliseconds == Double(match.output.4)!)
            let rest = match.output.5
            #expect(report.failed == rest.firstMatch(of: /(\d+) failed/).map { Int($0.output.1)! })
            #expect(report.skipped == rest.firstMatch(of: /(\d+) skipped/).map { Int($0.output.1)! })
            #expect(report.lagMilliseconds == rest.firstMatch(of: /lag ([\d.]+) ms/).map { Double($0.output.1)! })
        }
    }

    @Test("statement tables and script blocks", arguments: runCases)
    func statements(_ fixture: Fixtures.Case) throws {
        let lines = Self.lines(fixture)
        let run = try PgbenchRunParser.parse(bytes: fixture.stdout + fixture.stderr)
        let rows = lines.filter { $0.wholeMatch(of: /\s+-?\d+\.\d{3}\s.*/) != nil }
        #expect(run.statements.count + run.scripts.reduce(0) { $0 + $1.statements.count } == rows.count)
        #expect(run.scripts.count == lines.filter { $0.hasPrefix("SQL script ") }.count)
        let latencies = (run.statements + run.scripts.flatMap(\.statements)).map(\.latencyMilliseconds)
        let printed = rows.map { Double($0.split(separator: " ", omittingEmptySubsequences: true)[0])! }
        #expect(latencies == printed)
    }

    @Test("stdout and stderr in either order or apart give the same result", arguments: Fixtures.cases)
    func order(_ fixture: Fixtures.Case) throws {
        let together = try PgbenchRunParser.parse(bytes: fixture.stdout + fixture.stderr)
        let reversed = try PgbenchRunParser.parse(bytes: fixture.stderr + fixture.stdout)
        let apart = try PgbenchRunParser.parse(
            stdout: String(decoding: fixture.stdout, as: UTF8.self),
            stderr: String(decoding: fixture.stderr, as: UTF8.self))
        #expect(apart == together)
        var reordered = reversed
        reordered.errors = together.errors
        reordered.warnings = together.warnings
        #expect(reordered == together)
        #expect(Set(reversed.errors) == Set(together.errors))
    }

    static func lines(_ fixture: Fixtures.Case) -> [String] {
        String(decoding: fixture.stdout + fixture.stderr, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map(String.init)
    }
}
