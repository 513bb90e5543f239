import ArgumentParser
import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@testable import perffarm

@Suite("perffarm parse")
struct ParseCommandTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test("options and arguments")
    func arguments() throws {
        let command = try #require(
            try PerfFarmCommand.parseAsRoot([
                "parse", "--kind", "log", "--json", "--log-seventh-column", "lag", "a", "b",
            ])
                as? ParseCommand)
        #expect(command.kind == .log)
        #expect(command.json)
        #expect(command.seventhColumn == .lag)
        #expect(command.files == ["a", "b"])
        #expect(throws: (any Error).self) { try PerfFarmCommand.parseAsRoot(["parse", "--kind", "bogus", "a"]) }
        #expect(throws: (any Error).self) { try PerfFarmCommand.parseAsRoot(["parse"]) }
    }

    @Test("one file: one JSON document with schema_version, file and kind")
    func oneDocument() throws {
        let report = ParseReport.make(files: [Self.fixture("pg15-run.txt")], kind: nil, extraColumn: .automatic)
        #expect(report.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int == PerfFarmSchema.version)
        #expect(object["kind"] as? String == "run")
        #expect(object["file"] as? String == Self.fixture("pg15-run.txt"))
        #expect(object["clients"] as? Int == 2)
        #expect((object["progress"] as? [Any])?.count == 5)
    }

    @Test("several files: an array, one document per file in order, each kind recognised")
    func severalDocuments() throws {
        let files = ["pg15-run.txt", "pg13-init.txt", "pg17-pgbench_log", "pg15-aggregate_log"].map(Self.fixture)
        let report = ParseReport.make(files: files, kind: nil, extraColumn: .automatic)
        #expect(report.exitCode == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [[String: Any]])
        #expect(array.map { $0["kind"] as? String } == ["run", "init", "log", "aggregate"])
        #expect(array.map { $0["file"] as? String } == files)
        #expect(array[1]["scaling_factor"] as? Int == 5)
        #expect(array[2]["skipped"] as? Int == 1728)
        #expect(array[3]["transactions"] as? Int == 15004)
    }

    @Test("nothing recognisable: exit 3 and one line naming the file; other files are still reported")
    func unrecognised() throws {
        let help = Self.fixture("pg15-help.txt")
        let alone = ParseReport.make(files: [help], kind: nil, extraColumn: .automatic)
        #expect(alone.exitCode == 3)
        #expect(alone.errors == ["\(help): nothing recognisable as pgbench output"])
        #expect(try alone.json() == "")
        let mixed = ParseReport.make(files: [Self.fixture("pg15-run.txt"), help], kind: nil, extraColumn: .automatic)
        #expect(mixed.exitCode == 3)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(mixed.json().utf8)) as? [[String: Any]])
        #expect(array[0]["kind"] as? String == "run")
        #expect(array[1]["kind"] is NSNull)
        #expect((array[1]["error"] as? [String: Any])?["code"] as? String == "unrecognized_input")
    }

    @Test("a file that cannot be read: exit 2")
    func unreadable() {
        let report = ParseReport.make(files: ["/nonexistent/run.txt"], kind: nil, extraColumn: .automatic)
        #expect(report.exitCode == 2)
        #expect(report.errors.count == 1)
        #expect(report.errors[0].hasPrefix("/nonexistent/run.txt: cannot open"))
        // Next to a file that parsed it is still 2; next to one that is not pgbench output, 3.
        let withGood = ParseReport.make(
            files: [Self.fixture("pg15-run.txt"), "/nonexistent/run.txt"], kind: nil, extraColumn: .automatic)
        #expect(withGood.exitCode == 2)
        let withBad = ParseReport.make(
            files: [Self.fixture("pg15-help.txt"), "/nonexistent/run.txt"], kind: nil, extraColumn: .automatic)
        #expect(withBad.exitCode == 3)
    }

    @Test("a forced kind that does not match is unrecognised")
    func forcedKind() {
        let report = ParseReport.make(files: [Self.fixture("pg13-init.txt")], kind: .log, extraColumn: .automatic)
        #expect(report.exitCode == 3)
    }

    @Test("the table names the file and the headline values")
    func table() {
        let report = ParseReport.make(files: [Self.fixture("pg15-run.txt")], kind: nil, extraColumn: .automatic)
        let table = report.table()
        #expect(table.hasPrefix(Self.fixture("pg15-run.txt") + "\n"))
        #expect(table.contains("tps"))
        #expect(table.contains("(without_initial_connection_time)"))
    }

    @Test("the real binary: JSON on stdout, exit codes, one-line errors on stderr, gzip input")
    func binary() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("perffarm")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "built perffarm not found at \(binary.path)")

        let ok = try Self.run(binary, ["parse", "--json", Self.fixture("pg15-run.txt")])
        #expect(ok.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(object["tps"] as? Double == 3134.287608)

        let help = Self.fixture("pg15-help.txt")
        let bad = try Self.run(binary, ["parse", "--json", help])
        #expect(bad.status == 3)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr == "perffarm: \(help): nothing recognisable as pgbench output\n")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perffarm-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let gz = directory.appendingPathComponent("log.gz").path
        let gzip = try Self.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -c '\(Self.fixture("pg17-pgbench_log"))' > '\(gz)'"])
        #expect(gzip.status == 0)
        let fromGzip = try Self.run(binary, ["parse", "--json", gz])
        #expect(fromGzip.status == 0)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(fromGzip.stdout.utf8)) as? [String: Any])
        #expect(log["kind"] as? String == "log")
        #expect(log["transactions"] as? Int == 5921 - 1728)

        let version = try Self.run(binary, ["--version"])
        #expect(version.stdout == PerfFarmVersion.current + "\n")
        let parseHelp = try Self.run(binary, ["parse", "--help"])
        #expect(parseHelp.status == 0)
        #expect(parseHelp.stdout.contains("Examples:"))
        let usage = try Self.run(binary, ["parse", "--kind", "bogus", "x"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("bogus"))
    }

    @Test("the real binary: - reads standard input; a cut run output and two runs in one file exit 3 naming the line")
    func standardInputAndCutOutput() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("perffarm")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let run = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("pg15-run.txt")))
        let piped = try Self.run(binary, ["parse", "--json", "-"], input: run)
        #expect(piped.status == 0, "\(piped.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        #expect(object["tps"] as? Double == 3134.287608)
        #expect(object["file"] as? String == "-")

        let text = String(decoding: run, as: UTF8.self)
        let cut = String(text[..<(try #require(text.range(of: "tps = 3134.")).upperBound)])
        let lines = cut.split(separator: "\n", omittingEmptySubsequences: false).count
        let fromPipe = try Self.run(binary, ["parse", "--json", "-"], input: Data(cut.utf8))
        #expect(fromPipe.status == 3)
        #expect(fromPipe.stdout.isEmpty)
        #expect(
            fromPipe.stderr
                == "perffarm: standard input:\(lines): the run's output is cut: it ends in the middle of a line "
                + "(no line break)\n")

        let directory = try TemporaryDirectory(prefix: "perffarm-parse-cut")
        let twice = directory.path + "/two-runs.txt"
        try Data((text + text).utf8).write(to: URL(fileURLWithPath: twice))
        let doubled = try Self.run(binary, ["parse", twice])
        #expect(doubled.status == 3)
        let second = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(doubled.stderr.hasPrefix("perffarm: \(twice):\(second): a second pgbench run starts here"))
        #expect(try Self.run(binary, ["parse", "-", "-"]).status == 2)
    }

    static func run(_ executable: URL, _ arguments: [String], input: Data) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let standardInput = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(input)
        try standardInput.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}
