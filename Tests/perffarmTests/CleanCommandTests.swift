import Foundation
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `perffarm clean` and `--keep-clusters`: the built binary on work areas with real and planted clusters.
@Suite("perffarm clean: the real binary", .serialized, .timeLimit(.minutes(10)))
struct CleanCommandTests {
    /// Runs the binary to its end: exit status, standard output, standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProgram(BenchCommandBinaryTests.binary, arguments)
    }

    /// Runs `program` to its end: exit status, standard output, standard error.
    static func runProgram(_ program: String, _ arguments: [String]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Standard error is short; standard output is read first so neither pipe fills.
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// Makes `<root>/<name>` look like a cluster kept `age` seconds ago.
    static func plantKept(_ root: String, _ name: String, age: TimeInterval) throws -> String {
        let directory = root + "/" + name
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try Data(count: 4096).write(to: URL(fileURLWithPath: directory + "/data/base"))
        try Data("kept: planted \(name)\n".utf8).write(to: URL(fileURLWithPath: directory + "/KEPT"))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: directory + "/KEPT")
        return directory
    }

    @Test("no work area: nothing to clean, exit 0, nothing created")
    func missingWorkArea() async throws {
        try await BenchmarkTestArea.run { area in
            let work = area.file("none")
            let outcome = try Self.run(["clean", "--work-dir", work])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == "nothing to clean in \(work)\n")
            #expect(!FileManager.default.fileExists(atPath: work))
        }
    }

    @Test(
        "bench --keep-clusters prunes the oldest kept clusters; clean --dry-run lists, clean removes, --json reports")
    func keepClustersAndClean() async throws {
        try await BenchmarkTestArea.run { area in
            let work = area.workDirectory
            let workArea = WorkArea(root: work)
            try workArea.prepare()
            let osUser = try PgbenchBenchmark.resolveOSUser(nil)
            let root = try ClusterArea(workArea: workArea).prepare(osUser: osUser)
            let oldest = try Self.plantKept(root, "bench-oldest", age: 7200)
            let older = try Self.plantKept(root, "bench-older", age: 3600)
            try FileManager.default.createDirectory(
                atPath: root + "/bench-crashed/data", withIntermediateDirectories: true)

            // A real bench that keeps 1 earlier kept cluster and keeps its own.
            let bench = try Self.run(
                [
                    "bench", "--pg-bin", try BenchCommandBinaryTests.binDirectory(), "--work-dir", work, "--output",
                    area.file("out"), "--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "1",
                    "--runs", "1", "--keep-cluster", "--keep-clusters", "1",
                ])
            #expect(bench.status == 0, "\(bench.stderr)")
            let result = try BenchCommandBinaryTests.result(area, "out")
            #expect(Set(result.cluster?.staleClustersRemoved ?? []) == [root + "/bench-crashed", oldest])
            let own = try #require(result.cluster?.directory)
            #expect(result.cluster?.kept == true)
            #expect(Set(ClusterArea(workArea: workArea).clusterDirectories()) == [older, own])

            // A dry run names both and removes nothing.
            let dry = try Self.run(["clean", "--work-dir", work, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            let lines = dry.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(dry.stdout)")
            #expect(lines[0].hasPrefix("would remove kept cluster \(own) ("), "\(dry.stdout)")
            #expect(lines[1].hasPrefix("would remove kept cluster \(older) ("), "\(dry.stdout)")
            #expect(lines[1].hasSuffix(": planted bench-older"), "\(dry.stdout)")
            #expect(lines[2].hasPrefix("would free ") && lines[2].hasSuffix(" in \(work)"), "\(dry.stdout)")
            #expect(FileManager.default.fileExists(atPath: older))

            // Keep the newest (the bench's own): the planted one goes.
            let keepOne = try Self.run(["clean", "--work-dir", work, "--keep-clusters", "1", "--json"])
            #expect(keepOne.status == 0, "\(keepOne.stderr)")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(keepOne.stdout.utf8)) as? [String: Any])
            let clusters = try #require((json["clusters"] as? [String: Any])?["clusters"] as? [[String: Any]])
            #expect(clusters.map { $0["action"] as? String } == ["left", "removed"])
            #expect(clusters.map { $0["directory"] as? String } == [own, older])
            #expect(json["succeeded"] as? Bool == true)
            #expect(!FileManager.default.fileExists(atPath: older))

            // Everything else goes with the default (keep none).
            let all = try Self.run(["clean", "--work-dir", work])
            #expect(all.status == 0, "\(all.stderr)")
            #expect(all.stdout.hasPrefix("removed kept cluster \(own) ("), "\(all.stdout)")
            #expect(ClusterArea(workArea: workArea).clusterDirectories().isEmpty)
            #expect(try Self.run(["clean", "--work-dir", work]).stdout == "nothing to clean in \(work)\n")
            #expect(area.processes.isEmpty)
        }
    }

    @Test("a work area in use: exit 1 naming the holder, nothing removed")
    func locked() async throws {
        try await BenchmarkTestArea.run { area in
            let workArea = WorkArea(root: area.workDirectory)
            try workArea.prepare()
            let root = try ClusterArea(workArea: workArea).prepare(osUser: nil)
            let kept = try Self.plantKept(root, "bench-kept", age: 60)
            let lock = try WorkAreaLock.acquire(path: workArea.lockFile, purpose: "a test holding it")
            defer { lock.release() }
            let outcome = try Self.run(["clean", "--work-dir", area.workDirectory])
            #expect(outcome.status == 1)
            #expect(outcome.stderr.hasPrefix("perffarm: \(workArea.lockFile): the work area is in use by pid "))
            #expect(outcome.stderr.hasSuffix(": a test holding it\n"))
            #expect(outcome.stdout.isEmpty)
            #expect(FileManager.default.fileExists(atPath: kept))
        }
    }

    @Test("a work area others can write: exit 2, one line, nothing removed")
    func uncontrolled() async throws {
        try await BenchmarkTestArea.run { area in
            let workArea = WorkArea(root: area.workDirectory)
            try workArea.prepare()
            let root = try ClusterArea(workArea: workArea).prepare(osUser: nil)
            let kept = try Self.plantKept(root, "bench-kept", age: 60)
            chmod(area.workDirectory, 0o777)
            let outcome = try Self.run(["clean", "--work-dir", area.workDirectory])
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("the work area is writable by group or others (mode 777)"))
            #expect(outcome.stderr.split(separator: "\n").count == 1)
            #expect(FileManager.default.fileExists(atPath: kept))
        }
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["clean", "--keep-clusters=-1"], ["bench", "--pg-bin", "/nonexistent", "--keep-clusters=-2"],
        ])
    func usage(arguments: [String]) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--keep-clusters must be 0 or more"), "\(outcome.stderr)")
    }
}
