import Foundation
import PerfFarmCore
import Testing

/// The test fixtures: real pgbench captures (pg10, pg13, pg15, pg17), synthetic ones, golden results.
enum Fixtures {
    /// The `Fixtures` folder inside the test bundle.
    static let root: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    /// The real pgbench captures.
    static let pgbench = root.appendingPathComponent("pgbench")
    /// The pgbench versions with real captures.
    static let versions = ["pg10", "pg13", "pg15", "pg17"]

    /// A captured case: `<version>/<name>.{cmd,stdout,stderr,rc}` and maybe `<name>.logs/`.
    struct Case: CustomTestStringConvertible, Sendable {
        var version: String
        var name: String

        var testDescription: String { "\(version)/\(name)" }
        var base: URL { Fixtures.pgbench.appendingPathComponent(version).appendingPathComponent(name) }
        var stdout: [UInt8] { Fixtures.bytes(base.appendingPathExtension("stdout")) }
        var stderr: [UInt8] { Fixtures.bytes(base.appendingPathExtension("stderr")) }
        var command: String { String(decoding: Fixtures.bytes(base.appendingPathExtension("cmd")), as: UTF8.self) }
        var exitCode: Int {
            Int(
                String(decoding: Fixtures.bytes(base.appendingPathExtension("rc")), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        /// The log files the run wrote, sorted by name.
        var logFiles: [URL] {
            let folder = base.appendingPathExtension("logs")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().map { folder.appendingPathComponent($0) }
        }
        /// Whether the command line asked for an aggregate log.
        var isAggregate: Bool { command.contains("--aggregate-interval") }
    }

    /// Every captured case of every version.
    static let cases: [Case] = versions.flatMap { version in
        let folder = pgbench.appendingPathComponent(version)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".cmd") }.map { String($0.dropLast(4)) }.sorted()
            .map { Case(version: version, name: $0) }
    }

    /// The cases that wrote log files.
    static let casesWithLogs: [Case] = cases.filter { !$0.logFiles.isEmpty }

    /// One captured case.
    static func named(_ version: String, _ name: String) -> Case {
        Case(version: version, name: name)
    }

    static func bytes(_ url: URL) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: url))) ?? []
    }

    /// The run summary of a case's stdout followed by its stderr.
    static func run(_ version: String, _ name: String) throws -> PgbenchRunSummary {
        let fixture = named(version, name)
        return try PgbenchRunParser.parse(bytes: fixture.stdout + fixture.stderr)
    }

    /// The init summary of a case's stderr (init output goes to stderr; the tty case has it on stdout).
    static func initialization(_ version: String, _ name: String) throws -> PgbenchInitSummary {
        let fixture = named(version, name)
        return try PgbenchInitParser.parse(bytes: fixture.stdout + fixture.stderr)
    }
}
