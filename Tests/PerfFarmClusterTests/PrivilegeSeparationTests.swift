import Foundation
import Logging
import PerfFarmCompression
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmCluster

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The attacks of the reliability issue (#10, item 1), replayed as root with PostgreSQL running as `postgres`:
/// what the OS user plants in the directories it owns never makes root write, chown, append, read or remove
/// anything outside them.
@Suite(
    "Privilege separation: as root, nothing the OS user plants is followed", .serialized,
    .timeLimit(.minutes(5)), .enabled(if: geteuid() == 0 && TestPostgresServer.isAvailable, "needs root and PostgreSQL")
)
struct PrivilegeSeparationTests {
    let logger = Logger(label: "test")
    let runner = LiveCommandRunner(logger: Logger(label: "test"), gracePeriod: .seconds(2))

    /// Root's victims: a folder holding a file, and a file, both root-only.
    struct Victim {
        let folder: String
        let file: String
        init(in root: String) throws {
            folder = root + "/victim"
            file = root + "/victim-secret"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "keep\n".write(toFile: folder + "/inside", atomically: false, encoding: .utf8)
            try "ROOT-SECRET-1f2e3d\n".write(toFile: file, atomically: false, encoding: .utf8)
            chmod(folder, 0o700)
            chmod(file, 0o600)
        }
        var intact: Bool {
            var status = stat()
            return (try? String(contentsOfFile: folder + "/inside", encoding: .utf8)) == "keep\n"
                && (try? String(contentsOfFile: file, encoding: .utf8)) == "ROOT-SECRET-1f2e3d\n"
                && stat(folder, &status) == 0 && status.st_uid == 0 && status.st_mode & 0o777 == 0o700
                && stat(file, &status) == 0 && status.st_uid == 0 && status.st_mode & 0o777 == 0o600
        }
    }

    /// A symbolic link at `path` to `target`, owned by `postgres`, as that user would have planted it.
    func plant(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        let user = try OSAccount.lookup("postgres")
        lchown(path, user.userID, user.groupID)
    }

    func owner(_ path: String) -> uid_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_uid : nil
    }

    func mode(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    @Test("the cluster's directory stays root's (0711); links planted in data/ and work/ are replaced or removed")
    func clusterLayoutAndPlantedLinks() async throws {
        try await BenchmarkTestArea.run { area in
            let victim = try Victim(in: area.path)
            let user = try OSAccount.lookup("postgres")
            var cluster = try await PostgresClusterTests().makeCluster(
                area.file("c"), firstPort: PostgresClusterTests.randomFirstPort())
            try await cluster.initialize()
            #expect(owner(cluster.directory) == 0)
            #expect(mode(cluster.directory) == 0o711)
            for path in [cluster.dataDirectory, cluster.workDirectory, cluster.serverLog, cluster.passwordFile] {
                #expect(owner(path) == user.userID, "\(path)")
            }
            #expect(owner(cluster.socketDirectory) == user.userID)
            // The OS user can pass through the cluster's directory but not create anything in it (no KEPT marker,
            // no link where root writes).
            let touch = try await runner.run(
                Command(
                    "/bin/sh", ["-c", "touch \"$1/KEPT\" || ln -s /etc \"$1/scripts\"", "sh", cluster.directory],
                    workingDirectory: "/", timeout: .seconds(10), user: "postgres"))
            #expect(!touch.succeeded)
            #expect(FileSystem.contents(cluster.directory).contains("KEPT") == false)

            try plant(cluster.dataDirectory + "/perffarm.conf", to: victim.file)
            try await cluster.start()
            #expect(victim.intact)
            #expect(!FileSystem.isSymbolicLink(cluster.dataDirectory + "/perffarm.conf"))
            #expect(owner(cluster.dataDirectory + "/perffarm.conf") == user.userID)
            #expect(try await cluster.rowsText(["SHOW shared_buffers"]) == "32MB\n")

            try plant(cluster.workDirectory + "/to-folder", to: victim.folder)
            try plant(cluster.workDirectory + "/to-file", to: victim.file)
            try await cluster.stop()
            try cluster.remove()
            #expect(!FileManager.default.fileExists(atPath: cluster.directory))
            #expect(victim.intact)
        }
    }

    @Test("a pgbench_log link made by a custom script's \\shell is not collected: the run says why, nothing leaks")
    func planterScript() async throws {
        try await BenchmarkTestArea.run { area in
            let victim = try Victim(in: area.path)
            let script = area.file("plant.sql")
            try "\\shell ln -sf \(victim.file) pgbench_log.999\nSELECT 1;\n".write(
                toFile: script, atomically: true, encoding: .utf8)
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [1], workloads: [.custom(name: "plant", files: [(script, 1)], writes: false)],
                repetitions: 1, durationSeconds: 1)
            let benchmark = PgbenchBenchmark(runner: runner, logger: logger)
            let result = try await benchmark.run(
                BenchmarkRequest(
                    binDirectory: try PostgresClusterTests.binDirectory(), matrix: matrix,
                    workDirectory: area.workDirectory, outputDirectory: area.file("out"), perffarmVersion: "test"))
            let run = try #require(result.runs.first)
            #expect(run.status == .failed)
            #expect(run.errors.contains { $0.contains("pgbench_log.999") && $0.contains("a symbolic link") })
            // pgbench's own log was collected; the planted one was not.
            #expect(run.logFiles.count == 1)
            #expect(run.logStatistics?.transactions == run.summary?.transactionsProcessed)
            #expect(victim.intact)
            // No file next to the result holds the secret, compressed or not.
            let output = area.file("out")
            let files = try FileManager.default.subpathsOfDirectory(atPath: output)
            #expect(!files.isEmpty)
            for file in files where !FileSystem.isDirectory(output + "/" + file) {
                var bytes: [UInt8] = []
                try InputFile.read(path: output + "/" + file) { bytes += $0 }
                #expect(!String(decoding: bytes, as: UTF8.self).contains("ROOT-SECRET"), "\(file)")
            }
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("stale clusters: a short socket directory goes only when perffarm's record and link agree")
    func staleSocketLinks() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-stale-sock")
        let user = try OSAccount.lookup("postgres")
        let workArea = WorkArea(root: directory.path + "/work")
        try workArea.prepare()
        let clusters = ClusterArea(workArea: workArea)
        let folder = try clusters.prepare(osUser: "postgres")
        // A victim next to the short socket directories, in /tmp.
        var template = Array("/tmp/perffarm-victim-XXXXXX".utf8CString)
        let victimMade = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let victimRoot = String(cString: try #require(victimMade))
        defer { try? FileManager.default.removeItem(atPath: victimRoot) }
        let victim = try Victim(in: victimRoot)
        let victimName = (victimRoot as NSString).lastPathComponent

        // (1) The old layout: the cluster directory is the OS user's, its socket link goes through "..".
        let old = folder + "/bench-old"
        try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: true)
        chown(old, user.userID, user.groupID)
        try plant(old + "/socket", to: "/tmp/perffarm-sock-abcdef/../\(victimName)/victim")
        try "/tmp/perffarm-sock-abcdef/../\(victimName)/victim".write(
            toFile: old + "/socket-directory", atomically: false, encoding: .utf8)
        // (2) perffarm's own directory whose record names another directory than the link.
        let mismatched = folder + "/bench-mismatch"
        try FileManager.default.createDirectory(atPath: mismatched, withIntermediateDirectories: true)
        var shortTemplate = Array("/tmp/perffarm-sock-XXXXXX".utf8CString)
        let shortMade = shortTemplate.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let short = String(cString: try #require(shortMade))
        defer { try? FileManager.default.removeItem(atPath: short) }
        try FileManager.default.createSymbolicLink(atPath: mismatched + "/socket", withDestinationPath: short)
        try "/tmp/perffarm-sock-zzzzzz".write(
            toFile: mismatched + "/socket-directory", atomically: false, encoding: .utf8)
        #expect(PostgresCluster.recordedShortSocketDirectory(of: old) == nil)
        #expect(PostgresCluster.recordedShortSocketDirectory(of: mismatched) == nil)
        let cleanup = await clusters.removeStaleClusters(logger: logger)
        #expect(cleanup.failures.isEmpty)
        #expect(Set(cleanup.removed) == [old, mismatched])
        #expect(victim.intact)
        #expect(FileManager.default.fileExists(atPath: short))

        // (3) Record and link agree, in perffarm's own directory: the short directory goes with the cluster.
        let agreed = folder + "/bench-agreed"
        try FileManager.default.createDirectory(atPath: agreed, withIntermediateDirectories: true)
        chmod(agreed, 0o711)
        try FileManager.default.createSymbolicLink(atPath: agreed + "/socket", withDestinationPath: short)
        try short.write(toFile: agreed + "/socket-directory", atomically: false, encoding: .utf8)
        #expect(PostgresCluster.recordedShortSocketDirectory(of: agreed) == short)
        _ = await clusters.removeStaleClusters(logger: logger)
        #expect(!FileManager.default.fileExists(atPath: short))
        #expect(!FileManager.default.fileExists(atPath: agreed))
        #expect(victim.intact)
    }

    @Test("the programs of a --pg-bin directory (pg_config, postgres --version) run as the OS user, never as root")
    func inspectionRunsAsOSUser() async throws {
        try await BenchmarkTestArea.run { area in
            let user = try OSAccount.lookup("postgres")
            let bin = area.file("fake/bin")
            let seen = area.file("seen")
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: seen, withIntermediateDirectories: true)
            chmod(area.file("fake"), 0o755)
            chmod(seen, 0o777)
            for program in PostgresInstallation.requiredPrograms + ["pg_config"] {
                let body =
                    program == "postgres"
                    ? "id -u > \(seen)/postgres\necho 'postgres (PostgreSQL) 15.0'\n"
                    : program == "pg_config" ? "id -u > \(seen)/pg_config\necho /x\necho /y\necho /z\n" : "exit 1\n"
                try ("#!/bin/sh\n" + body).write(toFile: bin + "/" + program, atomically: false, encoding: .utf8)
                chmod(bin + "/" + program, 0o755)
            }
            let installation = try await PostgresInstallation.inspect(
                binDirectory: bin, runner: runner, user: "postgres")
            #expect(installation.version == "postgres (PostgreSQL) 15.0")
            #expect(installation.libDirectory == "/x")
            for program in ["postgres", "pg_config"] {
                let uid = try String(contentsOfFile: seen + "/" + program, encoding: .utf8)
                #expect(uid == "\(user.userID)\n", "\(program)")
            }
        }
    }
}
