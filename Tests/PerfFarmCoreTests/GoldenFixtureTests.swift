import Foundation
import PerfFarmCore
import Testing

/// Every real capture (pgbench 10, 13, 15, 17) against its golden result in `Fixtures/golden/`.
///
/// The golden files were produced by the parser, then checked value by value against the raw outputs with an
/// independent regular-expression reader (see `docs/testing.md`); `ParserCrossCheckTests` repeats those checks
/// in Swift on every run. After a deliberate change of the output, regenerate them with
/// `PERFFARM_UPDATE_GOLDEN=1 swift test --filter GoldenFixtureTests` and review the diff.
@Suite("Golden results of the real pgbench captures")
struct GoldenFixtureTests {
    static let goldenSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")
    static let updating = ProcessInfo.processInfo.environment["PERFFARM_UPDATE_GOLDEN"] != nil

    @Test("a run's stdout and stderr", arguments: Fixtures.cases)
    func output(_ fixture: Fixtures.Case) throws {
        let actual = Self.document {
            try PgbenchOutputParser.parse(bytes: fixture.stdout + fixture.stderr)
        }
        try compare(actual, golden: "\(fixture.version)/\(fixture.name).json")
    }

    @Test("each log file", arguments: Fixtures.casesWithLogs)
    func logs(_ fixture: Fixtures.Case) throws {
        for file in fixture.logFiles {
            let bytes = Fixtures.bytes(file)
            let kind: PgbenchOutputKind = fixture.isAggregate ? .aggregate : .log
            let actual = Self.document { try PgbenchOutputParser.parse(bytes: bytes, kind: kind) }
            try compare(actual, golden: "\(fixture.version)/\(fixture.name).logs/\(file.lastPathComponent).json")
            // Recognising the kind gives the same result.
            #expect(try PgbenchOutputParser.parse(bytes: bytes).kind == kind, "\(file.lastPathComponent)")
        }
    }

    @Test("every capture has a golden file")
    func coverage() throws {
        #expect(Fixtures.cases.count >= 300)
        #expect(Fixtures.casesWithLogs.count == 30)
        let golden =
            FileManager.default.enumerator(atPath: Fixtures.root.appendingPathComponent("golden").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        let logCount = Fixtures.casesWithLogs.reduce(0) { $0 + $1.logFiles.count }
        #expect(golden.count == Fixtures.cases.count + logCount)
    }

    /// The pretty JSON of a parse result, or of its error code.
    static func document(_ parse: () throws -> PgbenchParsedOutput) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(try parse()), as: UTF8.self) + "\n"
        } catch let error as PerfFarmError {
            return "{\n  \"error\" : \"\(error.code.rawValue)\"\n}\n"
        } catch {
            return "{\n  \"error\" : \"\(error)\"\n}\n"
        }
    }

    private func compare(_ actual: String, golden path: String) throws {
        if Self.updating {
            let url = Self.goldenSource.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = String(
            decoding: Fixtures.bytes(Fixtures.root.appendingPathComponent("golden/" + path)), as: UTF8.self)
        #expect(!expected.isEmpty, "golden file \(path) is missing")
        guard actual != expected else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
        Issue.record(
            """
            \(path) differs from its golden result at line \((first?.offset ?? min(actualLines.count, expectedLines.count)) + 1):
              expected: \(first.map { String($0.element.1) } ?? "(end)")
              actual:   \(first.map { String($0.element.0) } ?? "(end)")
            """)
    }
}
