import Foundation
import Logging
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmCluster

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The private cluster against the machine's real PostgreSQL binaries (`postgresql` package). Every test runs
/// in its own directory and ends by checking that no process of it is left.
@Suite("PostgresCluster: real servers", .serialized, .timeLimit(.minutes(5)))
struct PostgresClusterTests {
    let logger = Logger(label: "test")
    let runner = LiveCommandRunner(logger: Logger(label: "test"), gracePeriod: .seconds(2))

    static func binDirectory() throws -> String {
        try #require(
            TestPostgresServer.findBinDirectory(),
            "no PostgreSQL binaries: scripts/test installs the postgresql package (or set PERFFARM_TEST_PG_BIN)")
    }

    func makeCluster(
        _ directory: String, tcp: Bool = false, firstPort: Int = 55432, checksums: Bool = false,
        stopTimeout: Duration = .seconds(60)
    ) async throws -> PostgresCluster {
        let installation = try await PostgresInstallation.inspect(binDirectory: Self.binDirectory(), runner: runner)
        return try PostgresCluster(
            installation: installation,
            configuration: PostgresClusterConfiguration(
                directory: directory, osUser: try PgbenchBenchmark.resolveOSUser(nil), dataChecksums: checksums,
                settings: [.init(name: "shared_buffers", value: "32MB")], listenOnTCP: tcp, firstPort: firstPort,
                stopTimeout: stopTimeout),
            runner: runner, logger: logger)
    }

    @Test(
        "as root, programs the OS user cannot reach (under a 0700 directory): refused before initdb, naming it",
        .enabled(if: geteuid() == 0, "needs root"))
    func unreachablePrograms() async throws {
        try await BenchmarkTestArea.run { area in
            let hidden = area.file("hidden")
            try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
            chmod(hidden, 0o700)
            try FileManager.default.createSymbolicLink(
                atPath: hidden + "/bin", withDestinationPath: Self.binDirectory())
            let installation = try await PostgresInstallation.inspect(binDirectory: hidden + "/bin", runner: runner)
            let cluster = try PostgresCluster(
                installation: installation,
                configuration: PostgresClusterConfiguration(
                    directory: area.file("c"), osUser: try PgbenchBenchmark.resolveOSUser(nil)),
                runner: runner, logger: logger)
            let error = try await #require(throws: PerfFarmError.self) { try await cluster.initialize() }
            #expect(error.code == .clusterInitFailed)
            #expect(error.message.contains("cannot reach the PostgreSQL programs: no search permission on \(hidden)"))
            #expect(!FileManager.default.fileExists(atPath: cluster.dataDirectory))
        }
    }

    /// A first port no other suite starts from, so that this test decides what holds it.
    static func randomFirstPort() -> Int { Int.random(in: 56_000...60_000) }

    @Test("initdb, start, settings read back, stop (fast), remove: nothing left")
    func startAndStop() async throws {
        try await BenchmarkTestArea.run { area in
            var cluster = try await makeCluster(area.file("c"), checksums: true)
            try await cluster.initialize()
            try await cluster.start()
            let port = try #require(cluster.port)
            #expect(port != 5432)
            #expect(FileManager.default.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.\(port)"))
            #expect(cluster.isRunning)
            let settings = try await cluster.rowsText([
                "SHOW data_checksums", "SHOW lc_collate", "SHOW server_encoding", "SHOW listen_addresses",
                "SHOW shared_buffers", "SHOW port",
            ])
            #expect(settings == "on\nC\nUTF8\n\n32MB\n\(port)\n")
            let version = try await cluster.serverVersion()
            #expect(version.text.hasPrefix("PostgreSQL "))
            #expect(version.number >= 120000)
            if cluster.installation.hasPgStatStatements {
                #expect(cluster.pgStatStatements)
                let calls = try await cluster.rowsText(["SELECT count(*) >= 0 FROM pg_stat_statements"])
                #expect(calls == "t\n")
            }
            let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: cluster.dataDirectory)?.pid)
            #expect(ProcessInspector.isPostgres(postmaster, dataDirectory: cluster.dataDirectory))
            #expect(!ProcessInspector.isPostgres(getpid(), dataDirectory: cluster.dataDirectory))
            #expect(try await cluster.stop() == .fast)
            #expect(!cluster.isRunning)
            #expect(!ProcessInspector.isPostgres(postmaster, dataDirectory: cluster.dataDirectory))
            #expect(await area.processesLeft().isEmpty)
            #expect(FileManager.default.fileExists(atPath: cluster.serverLog))
            try cluster.remove()
            #expect(!FileManager.default.fileExists(atPath: area.file("c")))
        }
    }

    @Test("perffarm killed while its server runs: the guardian shuts the server down (immediate), nothing is left")
    func guardianStopsServer() async throws {
        try await BenchmarkTestArea.run { area in
            let guardian = try ProcessGuardian()
            let installation = try await PostgresInstallation.inspect(
                binDirectory: Self.binDirectory(), runner: runner)
            var cluster = try PostgresCluster(
                installation: installation,
                configuration: PostgresClusterConfiguration(
                    directory: area.file("c"), osUser: try PgbenchBenchmark.resolveOSUser(nil),
                    settings: [.init(name: "shared_buffers", value: "32MB")], firstPort: Self.randomFirstPort()),
                runner: LiveCommandRunner(logger: logger, gracePeriod: .seconds(2), guardian: guardian),
                logger: logger)
            try await cluster.initialize()
            try await cluster.start()
            // A client connected, as pgbench would be.
            let snapshot = cluster
            let client = Task { try await snapshot.rowsText(["SELECT pg_sleep(60)"]) }
            try await Task.sleep(for: .milliseconds(500))
            let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: cluster.dataDirectory)?.pid)
            let clock = ContinuousClock()
            let start = clock.now
            guardian.abandon()
            // The time it takes is measured by scripts/kill-trials (docs/reliability.md), not asserted here.
            while !area.processes.isEmpty, clock.now - start < .seconds(60) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await area.processesLeft().isEmpty)
            #expect(!ProcessInspector.isPostgres(postmaster, dataDirectory: cluster.dataDirectory))
            #expect(!cluster.isRunning)
            // Immediate shutdown: PostgreSQL removed its own shared memory; the log says how it ended.
            let log = try String(contentsOfFile: cluster.serverLog, encoding: .utf8)
            #expect(log.contains("received immediate shutdown request"))
            _ = try? await client.value
            try cluster.remove()
        }
    }

    @Test("a port held by another server: the next free port is chosen")
    func portTakenByAnotherServer() async throws {
        try await BenchmarkTestArea.run { area in
            let first = Self.randomFirstPort()
            var other = try await makeCluster(area.file("other"), tcp: true, firstPort: first)
            try await other.initialize()
            try await other.start()
            let taken = try #require(other.port)
            #expect(taken >= first)
            var mine = try await makeCluster(area.file("mine"), tcp: true, firstPort: taken)
            try await mine.initialize()
            try await mine.start()
            let chosen = try #require(mine.port)
            #expect(chosen > taken)
            #expect(try await mine.rowsText(["SHOW port"]) == "\(chosen)\n")
            #expect(try await other.rowsText(["SHOW port"]) == "\(taken)\n")
            #expect(try await mine.rowsText(["SHOW listen_addresses"]) == "127.0.0.1\n")
            // Over TCP the cluster asks for the superuser's password; its file is the OS user's alone.
            let psql = mine.installation.binDirectory + "/psql"
            let tcp = [
                "-X", "-w", "-h", "127.0.0.1", "-p", "\(chosen)", "-U", mine.configuration.superuser, "-d",
                "postgres", "-A", "-t", "-c", "SELECT 1",
            ]
            let refused = try await runner.run(
                Command(psql, tcp, environment: ["PGPASSWORD": nil, "PGPASSFILE": "/dev/null"]))
            #expect(!refused.succeeded)
            #expect(refused.standardErrorText.contains("password"))
            let password = try String(contentsOfFile: mine.passwordFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(password.count >= 16)
            let accepted = try await runner.run(Command(psql, tcp, environment: ["PGPASSWORD": password]))
            #expect(accepted.succeeded)
            #expect(accepted.standardOutputText == "1\n")
            var status = stat()
            #expect(stat(mine.passwordFile, &status) == 0)
            #expect(status.st_mode & 0o077 == 0)
            #expect(try await mine.stop() == .fast)
            #expect(try await other.stop() == .fast)
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("a data directory held by a live server is refused, and that server is left alone")
    func liveServerRefused() async throws {
        try await BenchmarkTestArea.run { area in
            var running = try await makeCluster(area.file("c"))
            try await running.initialize()
            try await running.start()
            let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: running.dataDirectory)?.pid)
            var intruder = try await makeCluster(area.file("c"))
            let initError = await #expect(throws: PerfFarmError.self) { try await intruder.initialize() }
            #expect(initError?.code == .clusterInUse)
            let startError = await #expect(throws: PerfFarmError.self) { try await intruder.start() }
            #expect(startError?.code == .clusterInUse)
            #expect(startError?.message.contains("pid \(postmaster)") == true)
            #expect(throws: PerfFarmError.self) { try intruder.remove() }
            #expect(ProcessInspector.isPostgres(postmaster, dataDirectory: running.dataDirectory))
            #expect(try await running.rowsText(["SELECT 1"]) == "1\n")
            #expect(try await running.stop() == .fast)
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("a postmaster that ignores pg_ctl (stopped) is killed by the PID of its own postmaster.pid")
    func stopEscalatesToKill() async throws {
        try await BenchmarkTestArea.run { area in
            var cluster = try await makeCluster(area.file("c"), stopTimeout: .seconds(2))
            try await cluster.initialize()
            try await cluster.start()
            let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: cluster.dataDirectory)?.pid)
            #expect(kill(postmaster, SIGSTOP) == 0)
            #expect(try await cluster.stop() == .kill)
            #expect(!ProcessInspector.isPostgres(postmaster, dataDirectory: cluster.dataDirectory))
            #expect(ProcessInspector.postgresProcesses(dataDirectory: cluster.dataDirectory).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: cluster.dataDirectory + "/postmaster.pid"))
            // The cluster starts again after a kill (a crash recovery).
            try await cluster.start()
            #expect(try await cluster.rowsText(["SELECT 1"]) == "1\n")
            #expect(try await cluster.stop() == .fast)
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("clusters left running by a crashed run are stopped and removed; kept ones are left alone")
    func staleClustersCleanedUp() async throws {
        try await BenchmarkTestArea.run { area in
            let clusterArea = ClusterArea(workArea: WorkArea(root: area.workDirectory))
            let root = try clusterArea.prepare(osUser: try PgbenchBenchmark.resolveOSUser(nil))
            var crashed = try await makeCluster(root + "/bench-crashed")
            try await crashed.initialize()
            try await crashed.start()
            let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: crashed.dataDirectory)?.pid)
            let kept = try await makeCluster(root + "/bench-kept")
            try await kept.initialize()
            kept.keep(reason: "test")
            // An empty leftover (crashed during initdb) goes too.
            try FileManager.default.createDirectory(
                atPath: root + "/bench-empty/data", withIntermediateDirectories: true)

            let cleanup = await clusterArea.removeStaleClusters(logger: logger)
            #expect(Set(cleanup.removed) == [root + "/bench-crashed", root + "/bench-empty"])
            #expect(cleanup.failures.isEmpty)
            #expect(!ProcessInspector.isPostgres(postmaster, dataDirectory: crashed.dataDirectory))
            #expect(!FileManager.default.fileExists(atPath: root + "/bench-crashed"))
            #expect(FileManager.default.fileExists(atPath: root + "/bench-kept/data/PG_VERSION"))
            #expect(await area.processesLeft().isEmpty)

        }
    }

    /// Makes `<root>/<name>` look like a cluster kept `age` seconds ago, with a data directory of `bytes`.
    func plantKept(_ root: String, _ name: String, age: TimeInterval, bytes: Int = 8192) throws -> String {
        let directory = root + "/" + name
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try Data(count: bytes).write(to: URL(fileURLWithPath: directory + "/data/base"))
        try Data("kept: the benchmark failed\nkept: reason of \(name)\n".utf8).write(
            to: URL(fileURLWithPath: directory + "/KEPT"))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: directory + "/KEPT")
        return directory
    }

    @Test("clean: a dry run lists stale and kept clusters with their sizes and removes nothing")
    func cleanDryRun() async throws {
        try await BenchmarkTestArea.run { area in
            let clusterArea = ClusterArea(workArea: WorkArea(root: area.workDirectory))
            let root = try clusterArea.prepare(osUser: nil)
            let old = try plantKept(root, "bench-old", age: 3600, bytes: 65536)
            let new = try plantKept(root, "bench-new", age: 60)
            try FileManager.default.createDirectory(
                atPath: root + "/bench-crashed/data", withIntermediateDirectories: true)

            #expect(clusterArea.keptClusters().map(\.directory) == [new, old])
            #expect(clusterArea.keptClusters().first?.reason == "reason of bench-new")
            let report = await clusterArea.clean(keepKept: 1, dryRun: true, logger: logger)
            #expect(report.clusters.map(\.directory) == [root + "/bench-crashed", new, old])
            #expect(report.clusters.map(\.action) == [.wouldRemove, .left, .wouldRemove])
            #expect(report.clusters.map(\.state) == [.stale, .kept, .kept])
            #expect(report.clusters[2].bytes >= 65536)
            #expect(report.freedBytes == report.clusters[0].bytes + report.clusters[2].bytes)
            #expect(report.succeeded)
            for directory in [old, new, root + "/bench-crashed"] {
                #expect(FileManager.default.fileExists(atPath: directory))
            }
            let json = try #require(
                try JSONSerialization.jsonObject(with: try PerfFarmJSON.encode(report)) as? [String: Any])
            #expect(json["dry_run"] as? Bool == true)
            #expect(json["freed_bytes"] as? Int == Int(report.freedBytes))
        }
    }

    @Test("clean: kept clusters beyond the newest N are stopped (a running one too) and removed, stale ones go")
    func cleanKeepsNewest() async throws {
        try await BenchmarkTestArea.run { area in
            let clusterArea = ClusterArea(workArea: WorkArea(root: area.workDirectory))
            let root = try clusterArea.prepare(osUser: try PgbenchBenchmark.resolveOSUser(nil))
            // The oldest kept cluster still runs (a server that would not stop, kept for diagnosis).
            var running = try await makeCluster(root + "/bench-running")
            try await running.initialize()
            try await running.start()
            let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: running.dataDirectory)?.pid)
            running.keep(reason: "the server could not be stopped")
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: root + "/bench-running/KEPT")
            let middle = try plantKept(root, "bench-middle", age: 600)
            let newest = try plantKept(root, "bench-newest", age: 10)
            try FileManager.default.createDirectory(
                atPath: root + "/bench-crashed/data", withIntermediateDirectories: true)

            // pruneKeptClusters (what a bench does when it starts) leaves stale clusters to removeStaleClusters.
            let pruned = await clusterArea.pruneKeptClusters(keep: 2, logger: logger)
            #expect(pruned.removed == [root + "/bench-running"])
            #expect(pruned.failures.isEmpty)
            #expect(!ProcessInspector.isPostgres(postmaster, dataDirectory: running.dataDirectory))
            #expect(FileManager.default.fileExists(atPath: root + "/bench-crashed"))

            let report = await clusterArea.clean(keepKept: 1, dryRun: false, logger: logger)
            #expect(report.clusters.map(\.directory) == [root + "/bench-crashed", newest, middle])
            #expect(report.clusters.map(\.action) == [.removed, .left, .removed])
            #expect(report.succeeded)
            #expect(clusterArea.clusterDirectories() == [newest])
            #expect(await area.processesLeft().isEmpty)

            // keep 0: every kept cluster goes.
            let all = await clusterArea.clean(keepKept: 0, dryRun: false, logger: logger)
            #expect(all.clusters.map(\.action) == [.removed])
            #expect(clusterArea.clusterDirectories().isEmpty)
        }
    }

    @Test("clean: a clusters link perffarm did not make is never followed; what it names is left alone")
    func cleanIgnoresForeignLink() async throws {
        try await BenchmarkTestArea.run { area in
            let workArea = WorkArea(root: area.workDirectory)
            try workArea.prepare()
            let elsewhere = area.file("elsewhere")
            try FileManager.default.createDirectory(
                atPath: elsewhere + "/victim/data", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: workArea.clusters, withDestinationPath: elsewhere)
            let clusterArea = ClusterArea(workArea: workArea)
            #expect(clusterArea.clusterDirectories().isEmpty)
            let report = await clusterArea.clean(keepKept: 0, dryRun: false, logger: logger)
            #expect(report.clusters.isEmpty)
            #expect(FileManager.default.fileExists(atPath: elsewhere + "/victim/data"))
        }
    }
}

extension PostgresCluster {
    /// The rows of `statements` through a libpq session, one line per row and `|` between columns, as `psql -A
    /// -t` prints them.
    func rowsText(_ statements: [String], database: String = "postgres") async throws -> String {
        let connection = try connect(database: database)
        var text = ""
        for statement in statements {
            for row in try await connection.query(statement) {
                text += row.values.map { $0 ?? "" }.joined(separator: "|") + "\n"
            }
        }
        await connection.close()
        return text
    }
}
