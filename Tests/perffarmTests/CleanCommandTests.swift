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
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await runProgram(BenchCommandBinaryTests.binary, arguments, environment: environment)
    }

    /// Runs `program` to its end (at most 10 minutes): exit status, standard output, standard error.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: a test process whose Process never saw its child's
    /// exit hung for hours here (the child a zombie, `waitUntilExit` in sigsuspend); the wait must depend on
    /// neither a run loop nor SIGCHLD delivery. The output goes to files, so a large one cannot block the child.
    /// - Parameter environment: variables set (or replaced) in this process's environment for the child.
    static func runProgram(_ program: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> (
            status: Int32, stdout: String, stderr: String
        )
    {
        let base = FileManager.default.temporaryDirectory.path + "/perffarm-test-run-\(UUID().uuidString)"
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = [program] + arguments
        let cStrings = argv.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") }
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, cStrings + [nil], envp + [nil])
        guard spawned == 0 else { throw CocoaError(.executableNotLoadable, userInfo: [NSFilePathErrorKey: program]) }
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(600)
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { break }
            if ContinuousClock.now > deadline {
                Issue.record("\(program) \(arguments.joined(separator: " ")) did not end within 10 minutes")
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            // Poll without holding a thread of the cooperative pool.
            try? await Task.sleep(for: .milliseconds(20))
        }
        let stdout = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        // An exit status, or 128 + the signal, as a shell reports it.
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, stdout, stderr)
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
            let outcome = try await Self.run(["clean", "--work-dir", work])
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
            let bench = try await Self.run(
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
            let dry = try await Self.run(["clean", "--work-dir", work, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            let lines = dry.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(dry.stdout)")
            #expect(lines[0].hasPrefix("would remove kept cluster \(own) ("), "\(dry.stdout)")
            #expect(lines[1].hasPrefix("would remove kept cluster \(older) ("), "\(dry.stdout)")
            #expect(lines[1].hasSuffix(": planted bench-older"), "\(dry.stdout)")
            #expect(lines[2].hasPrefix("would free ") && lines[2].hasSuffix(" in \(work)"), "\(dry.stdout)")
            #expect(FileManager.default.fileExists(atPath: older))

            // Keep the newest (the bench's own): the planted one goes.
            let keepOne = try await Self.run(["clean", "--work-dir", work, "--keep-clusters", "1", "--json"])
            #expect(keepOne.status == 0, "\(keepOne.stderr)")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(keepOne.stdout.utf8)) as? [String: Any])
            let clusters = try #require((json["clusters"] as? [String: Any])?["clusters"] as? [[String: Any]])
            #expect(clusters.map { $0["action"] as? String } == ["left", "removed"])
            #expect(clusters.map { $0["directory"] as? String } == [own, older])
            #expect(json["succeeded"] as? Bool == true)
            #expect(!FileManager.default.fileExists(atPath: older))

            // Everything else goes with the default (keep none).
            let all = try await Self.run(["clean", "--work-dir", work])
            #expect(all.status == 0, "\(all.stderr)")
            #expect(all.stdout.hasPrefix("removed kept cluster \(own) ("), "\(all.stdout)")
            #expect(ClusterArea(workArea: workArea).clusterDirectories().isEmpty)
            #expect(try await Self.run(["clean", "--work-dir", work]).stdout == "nothing to clean in \(work)\n")
            #expect(await area.processesLeft().isEmpty)
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
            let outcome = try await Self.run(["clean", "--work-dir", area.workDirectory])
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
            let outcome = try await Self.run(["clean", "--work-dir", area.workDirectory])
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
    func usage(arguments: [String]) async throws {
        let outcome = try await Self.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--keep-clusters must be 0 or more"), "\(outcome.stderr)")
    }
}
