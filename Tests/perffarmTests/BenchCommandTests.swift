import ArgumentParser
import Foundation
import PerfFarmBuild
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import perffarm

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("perffarm bench: options")
struct BenchCommandOptionTests {
    func parse(_ arguments: [String]) throws -> BenchCommand {
        try #require(try PerfFarmCommand.parseAsRoot(["bench"] + arguments) as? BenchCommand)
    }

    @Test("the defaults: scales 1,10, clients 1,2,4, read-write and read-only, 10 s, 3 runs, per-transaction logs")
    func defaults() throws {
        let request = try parse(["--pg-bin", "/usr/lib/postgresql/15/bin"]).request()
        #expect(request.binDirectory == "/usr/lib/postgresql/15/bin")
        #expect(request.matrix.scales == [1, 10])
        #expect(request.matrix.clients == [1, 2, 4])
        #expect(request.matrix.workloads == [.readWrite, .readOnly])
        #expect(request.matrix.durationSeconds == 10)
        #expect(request.matrix.transactions == nil)
        #expect(request.matrix.repetitions == 3)
        #expect(request.matrix.warmupSeconds == 0)
        #expect(request.matrix.logMode == .transactions)
        #expect(!request.matrix.randomOrder)
        #expect(request.firstPort == 55432)
        #expect(!request.listenOnTCP && !request.dataChecksums && !request.keepCluster)
        #expect(request.osUser == nil && request.outputDirectory == nil && request.workDirectory == nil)
    }

    @Test("every option reaches the request")
    func options() throws {
        let command = try parse([
            "--pg-bin", "/pg/bin", "--scales", "1, 100", "--clients", "1,8,32", "--workloads",
            "simple-update,read-only",
            "--transactions", "500", "--runs", "5", "--warmup", "3", "--threads", "4", "--log", "aggregate",
            "--aggregate-interval", "5", "--pgbench-option=-M", "--pgbench-option=prepared", "--seed", "9",
            "--set", "shared_buffers=1GB", "--set", "search_path=a,b", "--checksums", "--tcp", "--port", "60000",
            "--os-user", "bench", "--work-dir", "/w", "--output", "/o", "--keep-cluster", "--json",
        ])
        let request = try command.request()
        #expect(request.matrix.scales == [1, 100])
        #expect(request.matrix.clients == [1, 8, 32])
        #expect(request.matrix.workloads == [.simpleUpdate, .readOnly])
        #expect(request.matrix.transactions == 500 && request.matrix.durationSeconds == nil)
        #expect(request.matrix.repetitions == 5 && request.matrix.warmupSeconds == 3 && request.matrix.threads == 4)
        #expect(request.matrix.logMode == .aggregate && request.matrix.aggregateIntervalSeconds == 5)
        #expect(request.matrix.extraOptions == ["-M", "prepared"])
        #expect(request.matrix.randomOrder && request.matrix.seed == 9)
        #expect(
            request.settings == [.init(name: "shared_buffers", value: "1GB"), .init(name: "search_path", value: "a,b")])
        #expect(request.dataChecksums && request.listenOnTCP && request.keepCluster && command.json)
        #expect(request.firstPort == 60000 && request.osUser == "bench")
        #expect(request.workDirectory == "/w" && request.outputDirectory == "/o")
        #expect(request.perffarmVersion == PerfFarmVersion.current)
    }

    @Test("--script files make the workload `custom`, with their weights, as absolute paths")
    func scripts() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-bench-cli")
        for name in ["a.sql", "b.sql"] {
            try "SELECT 1;\n".write(toFile: directory.path + "/" + name, atomically: true, encoding: .utf8)
        }
        let request = try parse([
            "--pg-bin", "/pg/bin", "--script", directory.path + "/a.sql@9", "--script", directory.path + "/b.sql",
        ]).request()
        #expect(
            request.matrix.workloads == [
                .custom(name: "custom", files: [(directory.path + "/a.sql", 9), (directory.path + "/b.sql", 1)])
            ])
        let mixed = try parse([
            "--pg-bin", "/pg/bin", "--workloads", "read-only", "--script", directory.path + "/a.sql",
        ])
        .request()
        #expect(mixed.matrix.workloads.map(\.name) == ["read-only", "custom"])
    }

    @Test(
        "usage errors",
        arguments: [
            ["--scales", "1"],
            ["--pg-bin", "/x", "--duration", "5", "--transactions", "10"],
            ["--pg-bin", "/x", "--workloads", "write-only"],
            ["--pg-bin", "/x", "--scales", "one"],
            ["--pg-bin", "/x", "--clients", "0"],
            ["--pg-bin", "/x", "--set", "shared_buffers"],
            ["--pg-bin", "/x", "--set", "port=5432"],
            ["--pg-bin", "/x", "--set", "include=/etc/x.conf"],
            ["--pg-bin", "/x", "--set", "include_dir=conf.d"],
            ["--pg-bin", "/x", "--set", "INCLUDE_IF_EXISTS=x.conf"],
            ["--pg-bin", "/x", "--set", "work_mem=4MB\nlisten_addresses='*'"],
            ["--pg-bin", "/x", "--set", "application_name=a\u{7F}b"],
            ["--pg-bin", "/x", "--pgbench-option=-c4"],
            ["--pg-bin", "/x", "--runs", "0"],
            ["--pg-bin", "/x", "--sampling-rate", "0.1", "--log", "none"],
            ["--pg-bin", "/x", "--script", "/nonexistent/x.sql"],
            ["--pg-bin", "/x", "--log", "sometimes"],
        ])
    func usageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try PerfFarmCommand.parseAsRoot(["bench"] + arguments) }
    }
}

/// The built `perffarm` binary against the machine's PostgreSQL: signals, exit codes, stale clusters.
@Suite("perffarm bench: the real binary", .serialized, .timeLimit(.minutes(10)))
struct BenchCommandBinaryTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("perffarm")
            .path
    }

    static func binDirectory() throws -> String {
        try #require(
            TestPostgresServer.findBinDirectory(),
            "no PostgreSQL binaries: scripts/test installs the postgresql package (or set PERFFARM_TEST_PG_BIN)")
    }

    /// Starts `perffarm bench` with `arguments` after `--pg-bin`, its output in files of `area`.
    static func start(_ area: BenchmarkTestArea, _ name: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            ["bench", "--pg-bin", try binDirectory(), "--work-dir", area.workDirectory, "--output", area.file(name)]
            + arguments
        _ = FileManager.default.createFile(atPath: area.file(name + ".stdout"), contents: nil)
        _ = FileManager.default.createFile(atPath: area.file(name + ".stderr"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: area.file(name + ".stdout")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: area.file(name + ".stderr")))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (at most `limit`) until a measured pgbench run (one with `-P`) works inside the area.
    static func waitForPgbenchRun(_ area: BenchmarkTestArea, limit: Duration = .seconds(120)) async throws {
        _ = try await waitForProgram(area, "pgbench", argument: "-P", limit: limit)
    }

    static func wait(_ process: Process, limit: Duration = .seconds(120)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while process.isRunning, clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.interrupt()
            Issue.record("perffarm did not end within \(limit)")
            while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        }
        return process.terminationStatus
    }

    static func result(_ area: BenchmarkTestArea, _ name: String) throws -> BenchmarkResult {
        try BenchmarkResultJSON.decode(Data(contentsOf: URL(fileURLWithPath: area.file(name + "/result.json"))))
    }

    @Test("README's example, shortened: a table of tps and latency per cell, exit 0, nothing left")
    func tableAndExitStatus() async throws {
        try await BenchmarkTestArea.run { area in
            let process = try Self.start(
                area, "out", ["--scales", "1", "--clients", "1,2", "--duration", "1", "--runs", "1"])
            #expect(try await Self.wait(process) == 0)
            let table = try String(contentsOfFile: area.file("out.stdout"), encoding: .utf8)
            #expect(table.contains("tps median"))
            #expect(table.contains("read-write"))
            #expect(table.contains("read-only"))
            #expect(table.contains("status: succeeded"))
            #expect(table.contains("result: \(area.file("out"))/result.json"))
            let progress = try String(contentsOfFile: area.file("out.stderr"), encoding: .utf8)
            #expect(progress.contains("[4/4] scale 1 · 2 clients · read-only · run 1/1: "))
            #expect(progress.contains("ETA"))
            #expect(try Self.result(area, "out").status == .succeeded)
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("SIGINT mid-run: pgbench and the cluster stop, the result says interrupted, exit 130; SIGTERM: 143")
    func interrupted() async throws {
        for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            try await BenchmarkTestArea.run { area in
                let process = try Self.start(
                    area, "out",
                    ["--scales", "1", "--clients", "1", "--workloads", "read-write", "--duration", "30", "--runs", "3"])
                try await Self.waitForPgbenchRun(area)
                // Past pgbench's vacuum and its first progress lines.
                try await Task.sleep(for: .seconds(3))
                kill(process.processIdentifier, signal)
                #expect(try await Self.wait(process) == status)
                let result = try Self.result(area, "out")
                #expect(result.status == .interrupted)
                #expect(result.failure?.stage == .interrupted)
                #expect(result.runs.last?.status == .interrupted)
                let run = try #require(result.runs.last)
                #expect(!(run.summary?.progress.isEmpty ?? true))
                #expect(result.cluster?.stopMode == "fast")
                #expect(result.cluster?.kept == false)
                #expect(!FileManager.default.fileExists(atPath: result.cluster?.directory ?? "/"))
                #expect(await area.processesLeft().isEmpty)
            }
        }
    }

    /// Waits (at most `limit`) until a process whose program ends in `/program` (and has `argument`, when given)
    /// works inside the area; its pid.
    static func waitForProgram(
        _ area: BenchmarkTestArea, _ program: String, argument: String? = nil, limit: Duration = .seconds(120)
    ) async throws -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            for pid in area.processes {
                let arguments = (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data())
                    .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                if arguments.first?.hasSuffix("/" + program) == true, argument.map(arguments.contains) ?? true {
                    return pid
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // What the binaries said, to tell a hang from an early exit.
        let said = FileSystem.contents(area.path).filter { $0.hasSuffix(".stderr") }.map { name in
            name + ": " + ((try? String(contentsOfFile: area.file(name), encoding: .utf8)) ?? "")
        }
        Issue.record("no \(program) started within \(limit); \(said.joined(separator: " | "))")
        return nil
    }

    @Test(
        "SIGKILL in initdb, pgbench -i, a run: the guardian ends them all; the next run marks it abandoned",
        arguments: [("initdb", nil), ("pgbench", "-i"), ("pgbench", "-P")] as [(String, String?)])
    func sigkill(program: String, argument: String?) async throws {
        try await BenchmarkTestArea.run { area in
            let killed = try Self.start(
                area, "killed",
                ["--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "30", "--runs", "1"])
            let pid = try await Self.waitForProgram(area, program, argument: argument)
            try #require(pid != nil)
            kill(killed.processIdentifier, SIGKILL)
            _ = try await Self.wait(killed)
            let clock = ContinuousClock()
            let killedAt = clock.now
            // How long it takes (the issue's 5 s) is measured by scripts/kill-trials, never asserted in a test.
            while !area.processes.isEmpty, clock.now - killedAt < .seconds(60) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(area.processes.isEmpty, "left: \(area.processes)")
            let left = try Self.result(area, "killed")
            #expect(left.status == .running)

            let next = try Self.start(
                area, "next",
                ["--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "1", "--runs", "1"])
            #expect(try await Self.wait(next) == 0)
            let result = try Self.result(area, "next")
            #expect(result.status == .succeeded)
            if let cluster = left.cluster {
                #expect(result.cluster?.staleClustersRemoved == [cluster.directory])
                #expect(!FileManager.default.fileExists(atPath: cluster.directory))
            }
            let abandoned = try Self.result(area, "killed")
            #expect(abandoned.status == .abandoned)
            #expect(abandoned.failure?.message.contains("pid \(killed.processIdentifier)") == true)
            #expect(abandoned.runs == left.runs)
            let progress = try String(contentsOfFile: area.file("next.stderr"), encoding: .utf8)
            #expect(progress.contains("marked abandoned"), "\(progress)")
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test(
        "results on a full file system: exit 1, one clear line, no success claimed, nothing left running",
        .enabled(if: SmallFileSystem.canMount, "needs root and permission to mount a tmpfs"))
    func fullOutputFileSystem() async throws {
        try await BenchmarkTestArea.run { area in
            let full = try SmallFileSystem(at: area.file("full"), size: "8k")
            defer { full.unmount() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = [
                "bench", "--pg-bin", try Self.binDirectory(), "--work-dir", area.workDirectory, "--output",
                full.path + "/out", "--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "1",
                "--runs", "1", "--log", "none",
            ]
            _ = FileManager.default.createFile(atPath: area.file("full.stdout"), contents: nil)
            _ = FileManager.default.createFile(atPath: area.file("full.stderr"), contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: area.file("full.stdout")))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: area.file("full.stderr")))
            try process.run()
            #expect(try await Self.wait(process) == 1)
            let stdout = try String(contentsOfFile: area.file("full.stdout"), encoding: .utf8)
            let stderr = try String(contentsOfFile: area.file("full.stderr"), encoding: .utf8)
            #expect(!stdout.contains("succeeded"))
            #expect(stderr.contains("perffarm: the result could not be written"), "\(stderr)")
            #expect(stderr.contains("No space left on device") || stderr.contains("space"), "\(stderr)")
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test(
        "results on a read-only file system (no output directory, or an empty one): exit 1 at once, one clear line",
        .enabled(if: SmallFileSystem.canMount, "needs root and permission to mount a tmpfs"))
    func readOnlyOutputFileSystem() async throws {
        try await BenchmarkTestArea.run { area in
            let frozen = try SmallFileSystem(at: area.file("ro"), size: "64k")
            defer { frozen.unmount() }
            try FileManager.default.createDirectory(atPath: frozen.path + "/empty", withIntermediateDirectories: false)
            try frozen.remountReadOnly()
            let small = [
                "--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "1", "--runs", "1",
            ]
            for output in [frozen.path + "/new", frozen.path + "/empty"] {
                let outcome = try Self.runToEnd(
                    [
                        "bench", "--pg-bin", try Self.binDirectory(), "--work-dir", area.workDirectory, "--output",
                        output,
                    ]
                        + small)
                #expect(outcome.status == 1, "\(output): \(outcome.stderr)")
                #expect(outcome.stderr.hasPrefix("perffarm: "), "\(outcome.stderr)")
                #expect(outcome.stderr.contains("Read-only file system"), "\(outcome.stderr)")
                #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
                #expect(!outcome.stderr.contains("succeeded"))
            }
            // Nothing was started, so nothing runs and no cluster is left.
            #expect(await area.processesLeft().isEmpty)
            #expect(ClusterArea(workArea: WorkArea(root: area.workDirectory)).clusterDirectories().isEmpty)
        }
    }

    /// Runs the binary to its end; its exit status and standard error.
    static func runToEnd(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test(
        "a work area owned by another user, or writable by others, or whose lock is a link: exit 2, one line, untouched",
        .enabled(if: geteuid() == 0, "needs root to give a directory away"))
    func uncontrolledWorkArea() async throws {
        try await BenchmarkTestArea.run { area in
            let nobody = try OSAccount.lookup("nobody")
            let small = ["--scales", "1", "--clients", "1", "--duration", "1", "--runs", "1"]
            // Owned by nobody (as a work area under /tmp may be).
            let foreign = area.file("foreign")
            try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
            chown(foreign, nobody.userID, nobody.groupID)
            let owned = try Self.runToEnd(
                ["bench", "--pg-bin", try Self.binDirectory(), "--work-dir", foreign, "--output", area.file("o1")]
                    + small)
            #expect(owned.status == 2)
            #expect(
                owned.stderr
                    == "perffarm: \(foreign): the work area is owned by nobody (uid \(nobody.userID)), not by root (uid 0) "
                    + "who runs perffarm: refused, another user could redirect what perffarm writes there; use a "
                    + "directory of your own\n")
            #expect(!FileManager.default.fileExists(atPath: area.file("o1")))

            // Writable by others.
            let open = area.file("open")
            try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
            chmod(open, 0o777)
            let writable = try Self.runToEnd(
                ["bench", "--pg-bin", try Self.binDirectory(), "--work-dir", open, "--output", area.file("o2")] + small)
            #expect(writable.status == 2)
            #expect(writable.stderr.contains("the work area is writable by group or others (mode 777)"))
            #expect(writable.stderr.split(separator: "\n").count == 1)

            // An entry given to another user: refused the same way, naming the entry.
            let entry = area.file("entry")
            try FileManager.default.createDirectory(atPath: entry + "/results", withIntermediateDirectories: true)
            chown(entry + "/results", nobody.userID, nobody.groupID)
            let given = try Self.runToEnd(["bench", "--pg-bin", try Self.binDirectory(), "--work-dir", entry] + small)
            #expect(given.status == 2)
            #expect(given.stderr.hasPrefix("perffarm: \(entry)/results: a work area entry is owned by nobody"))

            // The lock file a link to a root-only file: never opened through the link, the file untouched.
            let linked = area.file("linked")
            try FileManager.default.createDirectory(atPath: linked, withIntermediateDirectories: true)
            let secret = area.file("secret")
            try "root only\n".write(toFile: secret, atomically: true, encoding: .utf8)
            chmod(secret, 0o600)
            try FileManager.default.createSymbolicLink(atPath: linked + "/perffarm.lock", withDestinationPath: secret)
            let lock = try Self.runToEnd(
                ["bench", "--pg-bin", try Self.binDirectory(), "--work-dir", linked, "--output", area.file("o3")]
                    + small)
            #expect(lock.status == 2)
            #expect(lock.stderr.contains("the lock file is a symbolic link: refused"))
            #expect(try String(contentsOfFile: secret, encoding: .utf8) == "root only\n")
        }
    }

    @Test(
        "a clusters link to a directory perffarm did not make: the link is replaced, nothing there is touched",
        .enabled(if: geteuid() == 0, "needs root"))
    func foreignClustersLink() async throws {
        try await BenchmarkTestArea.run { area in
            // A root-owned directory holding what looks like a stale cluster.
            let victim = area.file("victim")
            try FileManager.default.createDirectory(
                atPath: victim + "/bench-old/data", withIntermediateDirectories: true)
            let work = area.workDirectory
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: work + "/clusters", withDestinationPath: victim)
            let outcome = try Self.runToEnd(
                ["bench", "--pg-bin", try Self.binDirectory(), "--work-dir", work, "--output", area.file("out")]
                    + ["--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "1", "--runs", "1"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(FileManager.default.fileExists(atPath: victim + "/bench-old/data"))
            let result = try Self.result(area, "out")
            #expect(result.cluster?.staleClustersRemoved == [])
            #expect(!(result.cluster?.directory.hasPrefix(victim) ?? true))
        }
    }

    @Test("an unusable --pg-bin: exit 2 and one line")
    func badInstall() async throws {
        try await BenchmarkTestArea.run { area in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["bench", "--pg-bin", area.file("nothing"), "--work-dir", area.workDirectory]
            let error = Pipe()
            process.standardError = error
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 2)
            let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(text == "perffarm: --pg-bin: not a directory: \(area.file("nothing"))\n")
        }
    }
}

/// A tmpfs of a few kilobytes mounted for a test (root only), to fill up on purpose.
struct SmallFileSystem {
    /// The mount point.
    let path: String

    /// Mounts a tmpfs of `size` (`8k`) at `path` (created).
    init(at path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.path = path
    }

    /// Makes it read-only (what it holds stays).
    func remountReadOnly() throws {
        guard Self.run("/bin/mount", ["-o", "remount,ro", path]) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Unmounts it.
    func unmount() {
        _ = Self.run("/bin/umount", [path])
    }

    /// Whether this process may mount a tmpfs (tried once on a scratch directory).
    static let canMount: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.path + "/perffarm-mount-probe-\(getpid())"
        guard let mounted = try? SmallFileSystem(at: probe, size: "4k") else {
            try? FileManager.default.removeItem(atPath: probe)
            return false
        }
        mounted.unmount()
        try? FileManager.default.removeItem(atPath: probe)
        return true
    }()

    private static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
