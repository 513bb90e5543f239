import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Synchronization
import Testing

@testable import PerfFarmCluster

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Argument vectors, plans and failure paths of the cluster and the matrix runner, with the scripted runner
/// (no process is started).
@Suite("pgbench matrix: argument vectors and failure paths (scripted)")
struct PgbenchBenchmarkTests {
    static let connection = ["-h", "/w/socket", "-p", "55432", "-U", "postgres"]

    // MARK: - pgbench command lines

    @Test(
        "a measured read-write run: -c -j -T -P 1 -r, per-transaction logs with sampling, extra options, database last")
    func readWriteRun() {
        let matrix = BenchmarkMatrix(
            scales: [1], clients: [4], workloads: [.readWrite], durationSeconds: 5, samplingRate: 0.5,
            extraOptions: ["-M", "prepared"])
        let arguments = PgbenchCommandLine.run(
            matrix: matrix, clients: 4, threads: 2, workload: .readWrite, scriptPaths: [:], warmupSeconds: nil,
            connection: Self.connection, database: "pgbench_s1_copy")
        #expect(
            arguments == Self.connection + [
                "-c", "4", "-j", "2", "-T", "5", "-P", "1", "-r", "-l", "--log-prefix=pgbench_log",
                "--sampling-rate=0.5", "-b", "tpcb-like@1", "-M", "prepared", "pgbench_s1_copy",
            ])
    }

    @Test("a warm-up run: -T of the warm-up, no logs and no -r; -t runs and aggregate logs")
    func warmupAndTransactions() {
        let matrix = BenchmarkMatrix(
            scales: [1], clients: [1], workloads: [.readOnly], durationSeconds: nil, transactions: 1000,
            warmupSeconds: 3, logMode: .aggregate, aggregateIntervalSeconds: 2)
        let warmup = PgbenchCommandLine.run(
            matrix: matrix, clients: 1, threads: 1, workload: .readOnly, scriptPaths: [:], warmupSeconds: 3,
            connection: [], database: "pgbench_s1")
        #expect(warmup == ["-c", "1", "-j", "1", "-T", "3", "-P", "1", "-b", "select-only@1", "pgbench_s1"])
        let measured = PgbenchCommandLine.run(
            matrix: matrix, clients: 1, threads: 1, workload: .readOnly, scriptPaths: [:], warmupSeconds: nil,
            connection: [], database: "pgbench_s1")
        #expect(
            measured == [
                "-c", "1", "-j", "1", "-t", "1000", "-P", "1", "-r", "-l", "--log-prefix=pgbench_log",
                "--aggregate-interval=2", "-b", "select-only@1", "pgbench_s1",
            ])
    }

    @Test("custom scripts: -f with the copy the OS user reads, and each weight")
    func customScripts() {
        let workload = PgbenchWorkload.custom(name: "mix", files: [("/home/me/a.sql", 9), ("/home/me/b.sql", 1)])
        let matrix = BenchmarkMatrix(
            scales: [1], clients: [2], workloads: [workload], durationSeconds: 1, logMode: .none)
        let arguments = PgbenchCommandLine.run(
            matrix: matrix, clients: 2, threads: 2, workload: workload,
            scriptPaths: [0: "/w/work/scripts/0-0-a.sql", 1: "/w/work/scripts/0-1-b.sql"], warmupSeconds: nil,
            connection: [], database: "pgbench_s1_copy")
        #expect(
            arguments == [
                "-c", "2", "-j", "2", "-T", "1", "-P", "1", "-r", "-f", "/w/work/scripts/0-0-a.sql@9", "-f",
                "/w/work/scripts/0-1-b.sql@1", "pgbench_s1_copy",
            ])
    }

    @Test("threads: min(clients, CPUs) by default, min(clients, --threads) when given")
    func threads() {
        let matrix = BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly])
        #expect(PgbenchCommandLine.threads(clients: 1, matrix: matrix, cpuCount: 2) == 1)
        #expect(PgbenchCommandLine.threads(clients: 8, matrix: matrix, cpuCount: 2) == 2)
        var four = matrix
        four.threads = 4
        #expect(PgbenchCommandLine.threads(clients: 8, matrix: four, cpuCount: 2) == 4)
        #expect(PgbenchCommandLine.threads(clients: 2, matrix: four, cpuCount: 2) == 2)
        #expect(
            PgbenchCommandLine.initialize(scale: 10, database: "d", connection: ["-h", "s"]) == [
                "-i", "-s", "10", "-h", "s", "d",
            ])
    }

    @Test(
        "options perffarm sets are refused among the extra options",
        arguments: [
            "-c4", "--client=4", "-j", "-T", "--time=5", "-l", "--log-prefix=x", "-h", "--port=1", "-f", "-S", "-P",
        ])
    func reservedOptions(option: String) {
        #expect(PgbenchCommandLine.reservedOption(in: ["-M", "prepared", option]) == option)
    }

    @Test("other options pass")
    func allowedOptions() {
        #expect(
            PgbenchCommandLine.reservedOption(in: ["-M", "prepared", "--rate=100", "-R", "50", "-n", "-D", "x=1"])
                == nil)
    }

    // MARK: - Plan

    @Test("sequential plan: scale, clients, workload, repetition; warm-ups before each cell's first run")
    func sequentialPlan() {
        let matrix = BenchmarkMatrix(
            scales: [1, 10], clients: [1, 4], workloads: [.readWrite, .readOnly], repetitions: 2, warmupSeconds: 1)
        let plan = BenchmarkPlan(matrix: matrix)
        #expect(plan.items.count == 2 * 2 * 2 * 3)
        #expect(
            plan.items.prefix(7).map(\.description) == [
                "s1-c1-w0-warmup", "s1-c1-w0-r1", "s1-c1-w0-r2", "s1-c1-w1-warmup", "s1-c1-w1-r1", "s1-c1-w1-r2",
                "s1-c4-w0-warmup",
            ])
        #expect(plan.isLastUse(of: 1, at: 11))
        #expect(!plan.isLastUse(of: 1, at: 10))
    }

    @Test("random order: the same seed gives the same order, every item once, a warm-up first per cell")
    func randomPlan() {
        var matrix = BenchmarkMatrix(
            scales: [1, 10], clients: [1, 2, 4], workloads: [.readWrite, .readOnly], repetitions: 3, randomOrder: true,
            seed: 42)
        let first = BenchmarkPlan(matrix: matrix).items
        #expect(first == BenchmarkPlan(matrix: matrix).items)
        let sequential = BenchmarkPlan(
            matrix: BenchmarkMatrix(
                scales: [1, 10], clients: [1, 2, 4], workloads: [.readWrite, .readOnly], repetitions: 3)
        ).items
        #expect(first != sequential)
        #expect(Set(first.map(\.description)) == Set(sequential.map(\.description)))
        matrix.seed = 43
        #expect(BenchmarkPlan(matrix: matrix).items != first)
        matrix.warmupSeconds = 2
        let warmed = BenchmarkPlan(matrix: matrix).items
        #expect(warmed.filter(\.warmup).count == 12)
        for (index, item) in warmed.enumerated() where !item.warmup {
            let warmup = warmed.firstIndex {
                $0.warmup && $0.scale == item.scale && $0.clients == item.clients && $0.workload == item.workload
            }
            #expect(warmup.map { $0 < index } == true)
        }
        // SplitMix64's published first output for seed 0 (so a recorded seed reorders the same way everywhere).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    }

    // MARK: - Validation

    @Test(
        "matrix validation names the option",
        arguments: [
            (BenchmarkMatrix(scales: [], clients: [1], workloads: [.readOnly]), "--scales"),
            (BenchmarkMatrix(scales: [1, 1], clients: [1], workloads: [.readOnly]), "--scales"),
            (BenchmarkMatrix(scales: [1], clients: [0], workloads: [.readOnly]), "--clients"),
            (BenchmarkMatrix(scales: [1], clients: [1], workloads: []), "--workloads"),
            (BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], repetitions: 0), "--runs"),
            (
                BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], durationSeconds: 5, transactions: 5),
                "--duration"
            ),
            (BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], durationSeconds: nil), "--duration"),
            (
                BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], logMode: .none, samplingRate: 0.1),
                "--sampling-rate"
            ),
            (BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], samplingRate: 2), "--sampling-rate"),
            (
                BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], aggregateIntervalSeconds: 1),
                "--aggregate-interval"
            ),
            (
                BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], extraOptions: ["-j", "2"]),
                "--pgbench-option"
            ),
            (
                BenchmarkMatrix(
                    scales: [1], clients: [1], workloads: [.custom(name: "x", files: [("/nonexistent/x.sql", 1)])]),
                "--script"
            ),
            (BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly], seed: -1), "--seed"),
        ])
    func validation(matrix: BenchmarkMatrix, key: String) {
        let error = #expect(throws: PerfFarmError.self) { try PgbenchBenchmark.validate(matrix) }
        #expect(error?.key == key)
        #expect(error?.code == .invalidConfiguration)
    }

    @Test("settings perffarm owns and bad names are refused; values are quoted for postgresql.conf")
    func settings() throws {
        for name in ["port", "listen_addresses", "unix_socket_directories", "data_directory"] {
            let configuration = PostgresClusterConfiguration(directory: "/x", settings: [.init(name: name, value: "1")])
            #expect(throws: PerfFarmError.self) { try configuration.validate() }
        }
        let bad = PostgresClusterConfiguration(directory: "/x", settings: [.init(name: "a b", value: "1")])
        #expect(throws: PerfFarmError.self) { try bad.validate() }
        try PostgresClusterConfiguration(directory: "/x", settings: [.init(name: "shared_buffers", value: "1GB")])
            .validate()
        #expect(PostgresCluster.quoted(#"it's a\b"#) == #"it''s a\\b"#)
    }

    @Test("the statements before a run follow the server version")
    func resets() {
        #expect(
            PostgresFeatures(serverVersion: 120000).statisticsResets(pgStatStatements: false) == [
                "SELECT pg_stat_reset()", "SELECT pg_stat_reset_shared('bgwriter')",
            ])
        #expect(
            PostgresFeatures(serverVersion: 170002).statisticsResets(pgStatStatements: true) == [
                "SELECT pg_stat_reset()", "SELECT pg_stat_reset_shared('bgwriter')",
                "SELECT pg_stat_reset_shared('wal')", "SELECT pg_stat_reset_shared('io')",
                "SELECT pg_stat_reset_shared('checkpointer')", "SELECT pg_stat_statements_reset()",
            ])
    }

    @Test("progress lines give their tps; version lines their major version; postmaster.pid is read by line")
    func parsing() {
        var stream = PgbenchRunStream()
        let line = "progress: 3.0 s, 3200.9 tps, lat 0.623 ms stddev 1.004, 0 failed"
        #expect(stream.consume(line, from: .standardError)?.tps == 3200.9)
        #expect(stream.consume("starting vacuum...end.", from: .standardError) == nil)
        #expect(PostgresInstallation.majorVersion(of: "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)") == 15)
        #expect(PostgresInstallation.majorVersion(of: "postgres (PostgreSQL) 19devel") == 19)
        #expect(PostgresInstallation.majorVersion(of: "postgres (PostgreSQL) 9.6.24") == 9)
        let file = PostmasterPIDFile.parse(
            "4242\n/w/data\n1795931603\n55432\n/w/socket\n\n  16408660        44\nready   \n")
        #expect(
            file
                == PostmasterPIDFile(
                    pid: 4242, dataDirectory: "/w/data", startTime: 1795931603, port: 55432,
                    socketDirectory: "/w/socket", listenAddress: "", sharedMemory: .init(key: 16408660, id: 44),
                    status: "ready"))
        #expect(PostmasterPIDFile.parse("garbage\n") == nil)
        #expect(PostgresCluster.isCollision("LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use"))
        #expect(!PostgresCluster.isCollision("FATAL:  invalid value for parameter \"shared_buffers\""))
    }

    @Test("a failed run says why: exit status, timeout, an aborted run, no tps, a cut output")
    func failures() throws {
        func recorded(_ outcome: CommandOutcome?) -> RecordedCommand {
            RecordedCommand(
                record: CommandRecord(
                    commandLine: "pgbench", exitStatus: outcome?.exitStatus.map(Int.init), startedAt: Date(),
                    finishedAt: Date(), durationSeconds: 1),
                outcome: outcome, interrupted: false, startError: nil, writeErrors: [])
        }
        let good = try PgbenchRunParser.parse(text: Self.pgbenchRun)
        #expect(BenchmarkSession.failures(recorded(.exit(0)), summary: good, parseError: nil) == [])
        var aborted = good
        aborted.aborted = true
        aborted.errors = ["pgbench: error: client 0 aborted in command 4 (SQL) of script 0"]
        #expect(
            BenchmarkSession.failures(recorded(.exit(2)), summary: aborted, parseError: nil) == [
                "pgbench ended with exit status 2", "pgbench: error: client 0 aborted in command 4 (SQL) of script 0",
            ])
        #expect(
            BenchmarkSession.failures(recorded(.exit(0)), summary: PgbenchRunSummary(), parseError: nil) == [
                "pgbench printed no tps"
            ])
        #expect(
            BenchmarkSession.failures(recorded(.exit(0)), summary: nil, parseError: "cannot parse pgbench's output")
                == ["cannot parse pgbench's output"])
        var timedOut = CommandOutcome.exit(0)
        timedOut.timedOut = true
        #expect(
            BenchmarkSession.failures(recorded(timedOut), summary: good, parseError: nil).first
                == "pgbench ran past its timeout and was stopped")
        #expect(BenchmarkSession.failures(recorded(nil), summary: nil, parseError: nil) == ["pgbench did not run"])
        // pgbench ended well but its output arrived cut: no number of it is trusted.
        var stream = PgbenchRunStream()
        for line in Self.pgbenchRun.split(separator: "\n").prefix(4) {
            stream.consume(String(line), from: .standardOutput)
        }
        let (partial, completeness) = try stream.parsed()
        #expect(
            BenchmarkSession.failures(recorded(.exit(0)), summary: partial, completeness: completeness, parseError: nil)
                == ["pgbench's output is incomplete: the summary stops before its `number of clients` line"])
        #expect(
            BenchmarkSession.failures(recorded(.exit(0)), summary: good, completeness: .complete, parseError: nil)
                == [])
    }

    // MARK: - The cluster with a scripted runner

    @Test("initdb, pg_ctl start and pg_isready argument vectors; settings file; pg_stat_statements created")
    func clusterCommands() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-cluster-unit")
        let runner = Self.clusterRunner()
        let postgres = ScriptedPostgresConnector()
        var cluster = try PostgresCluster(
            installation: Self.installation(statements: true),
            configuration: PostgresClusterConfiguration(
                directory: directory.path + "/c", dataChecksums: true,
                settings: [.init(name: "shared_buffers", value: "256MB")], firstPort: 56000),
            runner: runner, connector: postgres, logger: Logger(label: "test"))
        try await cluster.initialize()
        try await cluster.start()
        let port = try #require(cluster.port)
        #expect(port >= 56000)
        let dataDirectory = directory.path + "/c/data"
        #expect(
            runner.argvs[0] == [
                "initdb", "-D", dataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                "--pwfile=\(directory.path)/c/superuser.password", "-E", "UTF8", "--locale=C", "--no-sync",
                "--data-checksums",
            ])
        #expect(
            runner.argvs[1] == [
                "pg_ctl", "start", "-w", "-t", "120", "-D", dataDirectory, "-l", directory.path + "/c/server.log",
            ])
        #expect(
            runner.argvs[2] == [
                "pg_isready", "-h", directory.path + "/c/socket", "-p", String(port), "-U", "postgres", "-d",
                "postgres",
                "-t", "30",
            ])
        #expect(
            postgres.statements(containing: "CREATE EXTENSION IF NOT EXISTS pg_stat_statements").map(\.database) == [
                "template1", "postgres",
            ])
        let command = runner.commands[0]
        #expect(command.environment["LC_ALL"] == "C")
        let libraryPath = command.environment["LD_LIBRARY_PATH"] ?? nil
        #expect(libraryPath == "/opt/pg/lib" || libraryPath?.hasPrefix("/opt/pg/lib:") == true)
        #expect(command.environment.keys.contains("PGHOST"))
        #expect((command.environment["PGHOST"] ?? "set") == nil)
        let settings = try String(contentsOfFile: dataDirectory + "/perffarm.conf", encoding: .utf8)
        #expect(settings.contains("port = \(port)\n"))
        #expect(settings.contains("unix_socket_directories = '\(directory.path)/c/socket'\n"))
        #expect(settings.contains("listen_addresses = ''\n"))
        #expect(settings.contains("shared_preload_libraries = 'pg_stat_statements'\n"))
        #expect(settings.hasSuffix("shared_buffers = '256MB'\n"))
        let conf = try String(contentsOfFile: dataDirectory + "/postgresql.conf", encoding: .utf8)
        #expect(conf.contains("include_if_exists = 'perffarm.conf'"))
        // No postmaster.pid: nothing to stop, and no pg_ctl stop is run.
        #expect(try await cluster.stop() == nil)
        #expect(runner.commands(containing: ["pg_ctl", "stop"]).isEmpty)
        try cluster.remove()
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/c"))
    }

    @Test("a cluster path too long for a Unix socket gets a short socket directory under /tmp, removed with it")
    func longPath() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-cluster-unit")
        let long = directory.path + "/" + String(repeating: "d", count: 60) + "/" + String(repeating: "c", count: 30)
        let runner = Self.clusterRunner()
        var cluster = try PostgresCluster(
            installation: Self.installation(statements: false),
            configuration: PostgresClusterConfiguration(directory: long), runner: runner, logger: Logger(label: "test"))
        try await cluster.initialize()
        let socket = cluster.socketDirectory
        #expect(socket.hasPrefix("/tmp/perffarm-sock-"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: long + "/socket")) == socket)
        try await cluster.start()
        #expect(cluster.connectionArguments.starts(with: ["-h", socket]))
        let settings = try String(contentsOfFile: long + "/data/perffarm.conf", encoding: .utf8)
        #expect(settings.contains("unix_socket_directories = '\(socket)'"))
        try cluster.remove()
        #expect(!FileManager.default.fileExists(atPath: socket))
        #expect(!FileManager.default.fileExists(atPath: long))
    }

    @Test("a start that collides on its port moves to the next one")
    func portCollision() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-cluster-unit")
        let runner = Self.clusterRunner()
        let log = directory.path + "/c/server.log"
        let attempts = Counter()
        runner.on(["pg_ctl", "start"]) { _ in
            guard attempts.increment() == 1 else { return .exit(0) }
            try? Data("LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use\n".utf8)
                .write(to: URL(fileURLWithPath: log))
            return .exit(1, standardError: "pg_ctl: could not start server\n")
        }
        var cluster = try PostgresCluster(
            installation: Self.installation(statements: false),
            configuration: PostgresClusterConfiguration(
                directory: directory.path + "/c", listenOnTCP: true, firstPort: 56100),
            runner: runner, logger: Logger(label: "test"))
        try await cluster.initialize()
        try await cluster.start()
        let starts = runner.commands(containing: ["pg_ctl", "start"])
        #expect(starts.count == 2)
        #expect(try #require(cluster.port) > 56100)
        let settings = try String(contentsOfFile: directory.path + "/c/data/perffarm.conf", encoding: .utf8)
        #expect(settings.contains("listen_addresses = '127.0.0.1'"))
        #expect(!settings.contains("shared_preload_libraries"))
    }

    @Test("initdb and pg_ctl failures are typed errors with the end of the log")
    func clusterFailures() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-cluster-unit")
        let runner = Self.clusterRunner()
        runner.on(["initdb"], .exit(1, standardError: "initdb: error: invalid locale name \"C\"\n"))
        let cluster = try PostgresCluster(
            installation: Self.installation(statements: false),
            configuration: PostgresClusterConfiguration(directory: directory.path + "/a"), runner: runner,
            logger: Logger(label: "test"))
        let initError = await #expect(throws: PerfFarmError.self) { try await cluster.initialize() }
        #expect(initError?.code == .clusterInitFailed)
        #expect(initError?.message.contains("invalid locale name") == true)

        let second = Self.clusterRunner()
        let log = directory.path + "/b/server.log"
        second.on(["pg_ctl", "start"]) { _ in
            try? Data("FATAL:  invalid value for parameter \"shared_buffers\": \"lots\"\n".utf8)
                .write(to: URL(fileURLWithPath: log))
            return .exit(1, standardError: "pg_ctl: could not start server\n")
        }
        var other = try PostgresCluster(
            installation: Self.installation(statements: false),
            configuration: PostgresClusterConfiguration(directory: directory.path + "/b"), runner: second,
            logger: Logger(label: "test"))
        try await other.initialize()
        let startError = await #expect(throws: PerfFarmError.self) { try await other.start() }
        #expect(startError?.code == .clusterStartFailed)
        #expect(startError?.message.contains("shared_buffers") == true)
        #expect(second.commands(containing: ["pg_ctl", "start"]).count == 1)
    }

    // MARK: - The whole matrix with a scripted runner

    @Test("the matrix: one pgbench -i per scale, copies for writing runs only, a checkpoint before every run")
    func scriptedMatrix() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-bench-unit")
        let runner = Self.benchRunner()
        let postgres = Self.postgres()
        // Sequential order with two scales: scale 1's databases are dropped before scale 2's data set is built.
        let droppedBeforeInit2 = Counter()
        runner.on(["pgbench", "-i", "-s", "2"]) { _ in
            if !postgres.statements(containing: "DROP DATABASE IF EXISTS pgbench_s1 WITH (FORCE)").isEmpty {
                _ = droppedBeforeInit2.increment()
            }
            return .exit(0, standardError: Self.pgbenchInit)
        }
        let matrix = BenchmarkMatrix(
            scales: [1, 2], clients: [1, 2], workloads: [.readWrite, .readOnly], repetitions: 2, durationSeconds: 5,
            logMode: .none)
        let result = try await PgbenchBenchmark(runner: runner, logger: Logger(label: "test"), connector: postgres)
            .run(Self.request(directory, matrix: matrix))
        #expect(result.status == .succeeded)
        #expect(result.runs.count == 16)
        #expect(result.runs.allSatisfy { $0.status == .succeeded && $0.summary?.tps == 3134.287608 })
        #expect(runner.commands(containing: ["-i", "-s", "1"]).count == 1)
        #expect(runner.commands(containing: ["-i", "-s", "2"]).count == 1)
        #expect(postgres.statements.filter { $0.sql == "CHECKPOINT" }.count == 16)
        let copies = postgres.statements.filter {
            $0.sql == "CREATE DATABASE pgbench_s1_copy TEMPLATE pgbench_s1 STRATEGY = FILE_COPY"
        }
        #expect(copies.count == 4)
        #expect(
            result.runs.filter { $0.workload == "read-only" }.allSatisfy {
                $0.database.hasSuffix("_copy") == false && !$0.freshCopy
            })
        #expect(
            result.runs.filter { $0.workload == "read-write" }.allSatisfy {
                $0.database == "pgbench_s\($0.scale)_copy" && $0.copySeconds != nil
            })
        #expect(droppedBeforeInit2.value == 1)
        #expect(result.cells.count == 8)
        #expect(result.cells.allSatisfy { $0.succeeded == 2 && $0.tps?.count == 2 && $0.tps?.median == 3134.287608 })
        #expect(result.datasets.map(\.scale) == [1, 2])
        #expect(
            result.datasets.allSatisfy {
                $0.status == .succeeded && $0.initialization?.done == true && $0.sizeBytes == 23_000_000
            })
        #expect(result.cluster?.serverVersionNumber == 150018)
        // Every run's output is kept next to the result, and the result is on disk.
        let stdout = try String(
            contentsOfFile: result.outputDirectory + "/" + result.runs[3].command!.stdoutFile!, encoding: .utf8)
        #expect(stdout.contains("tps = 3134.287608"))
        let data = try Data(contentsOf: URL(fileURLWithPath: result.outputDirectory + "/result.json"))
        // Timestamps are kept to the millisecond, so the decoded result encodes to the same bytes.
        let same = try BenchmarkResultJSON.encode(BenchmarkResultJSON.decode(data)) == data
        #expect(same)
    }

    @Test("a failed data set fails its scale's runs only; a failed run is recorded and the matrix goes on")
    func scriptedFailures() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-bench-unit")
        let runner = Self.benchRunner()
        runner.on(["-i", "-s", "2"], .exit(1, standardError: "pgbench: error: connection to server failed\n"))
        runner.on(
            ["-c", "2", "-j", "2"],
            .exit(
                2, standardOutput: "",
                standardError: "pgbench: error: client 1 aborted in command 4 (SQL) of script 0; ERROR:  boom\n"))
        let matrix = BenchmarkMatrix(
            scales: [1, 2], clients: [1, 2], workloads: [.readOnly], repetitions: 1, durationSeconds: 5, logMode: .none)
        let result = try await PgbenchBenchmark(
            runner: runner, logger: Logger(label: "test"), connector: Self.postgres()
        ).run(Self.request(directory, matrix: matrix, cpuCount: 2))
        #expect(result.status == .failed)
        #expect(result.runs.map(\.status) == [.succeeded, .failed, .failed, .failed])
        #expect(result.runs[1].errors.first == "pgbench ended with exit status 2")
        #expect(result.runs[1].errors.contains { $0.contains("client 1 aborted") })
        #expect(result.runs[2].errors == ["the data set of scale 2 could not be built (see datasets)"])
        #expect(result.runs[2].command == nil)
        #expect(result.datasets[1].status == .failed)
        #expect(result.datasets[1].errors.contains("pgbench -i ended with exit status 1"))
        #expect(result.cells[0].succeeded == 1 && result.cells[1].failed == 1 && result.cells[1].tps == nil)
        // The cluster of a failed benchmark is kept for diagnosis.
        #expect(result.cluster?.kept == true)
        #expect(FileManager.default.fileExists(atPath: try #require(result.cluster?.directory) + "/KEPT"))
    }

    @Test("an interrupted run ends the matrix with status interrupted and the runs before it kept")
    func scriptedInterruption() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-bench-unit")
        let runner = Self.benchRunner()
        runner.on(["-c", "2", "-j", "2"]) { _ in throw CancellationError() }
        let matrix = BenchmarkMatrix(
            scales: [1], clients: [1, 2, 4], workloads: [.readWrite], repetitions: 1, durationSeconds: 5, logMode: .none
        )
        let result = try await PgbenchBenchmark(
            runner: runner, logger: Logger(label: "test"), connector: Self.postgres()
        ).run(Self.request(directory, matrix: matrix, cpuCount: 2))
        #expect(result.status == .interrupted)
        #expect(result.failure?.stage == .interrupted)
        #expect(result.runs.map(\.status) == [.succeeded, .interrupted])
        #expect(result.cluster?.kept == false)
        #expect(runner.commands(containing: ["-c", "4"]).isEmpty)
        let written = try BenchmarkResultJSON.decode(
            Data(contentsOf: URL(fileURLWithPath: result.outputDirectory + "/result.json")))
        #expect(written.status == .interrupted)
    }

    @Test("a final result that cannot be written is an error, after the cluster was stopped")
    func failedFinalSave() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-bench-unit")
        let runner = Self.benchRunner()
        let matrix = BenchmarkMatrix(
            scales: [1], clients: [1], workloads: [.readOnly], repetitions: 2, durationSeconds: 5, logMode: .none)
        let request = Self.request(directory, matrix: matrix)
        let output = try #require(request.outputDirectory)
        // Once the last run is saved, result.json becomes a directory with a file in it: no rename can replace it.
        let observer = ProgressObserver { progress in
            guard progress.finishedRun != nil, progress.completedRuns == progress.totalRuns else { return }
            try? FileManager.default.removeItem(atPath: output + "/result.json")
            try? FileManager.default.createDirectory(
                atPath: output + "/result.json/blocked", withIntermediateDirectories: true)
        }
        let benchmark = PgbenchBenchmark(runner: runner, logger: Logger(label: "test"), connector: Self.postgres())
        let error = await #expect(throws: PerfFarmError.self) {
            _ = try await benchmark.run(request, observer: observer)
        }
        #expect(error?.code == .fileAccess)
        #expect(error?.message.contains("the result could not be written") == true)
        #expect(error?.message.contains("result.json") == true)
        // The cluster was stopped and removed before the error: its pg_ctl stop ran (a scripted server is not
        // running, so the stop finds nothing), and its directory is gone.
        let clusters = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/work/clusters")
        #expect(clusters.isEmpty)
    }

    @Test("refused before anything runs: a bad bin directory, an existing result, a non-root --os-user")
    func refused() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-bench-unit")
        let benchmark = PgbenchBenchmark(
            runner: Self.benchRunner(), logger: Logger(label: "test"), connector: Self.postgres())
        var request = Self.request(
            directory, matrix: BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly]))
        request.binDirectory = directory.path
        let binError = await #expect(throws: PerfFarmError.self) { _ = try await benchmark.run(request) }
        #expect(binError?.key == "--pg-bin")
        request = Self.request(directory, matrix: BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly]))
        try FileManager.default.createDirectory(atPath: directory.path + "/taken", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory.path + "/taken/result.json", contents: Data("{}".utf8))
        request.outputDirectory = directory.path + "/taken"
        let takenError = await #expect(throws: PerfFarmError.self) { _ = try await benchmark.run(request) }
        #expect(takenError?.code == .invalidConfiguration)
        // Root never runs PostgreSQL; as root an unknown user is refused, otherwise any other user.
        #expect(throws: PerfFarmError.self) { try PgbenchBenchmark.resolveOSUser("root") }
        #expect(throws: PerfFarmError.self) { try PgbenchBenchmark.resolveOSUser("no-such-user-perffarm") }
    }

    // MARK: - Fixtures

    static let pgbenchRun = """
        pgbench (15.18 (Debian 15.18-0+deb12u1))
        transaction type: <builtin: TPC-B (sort of)>
        scaling factor: 1
        query mode: simple
        number of clients: 2
        number of threads: 1
        maximum number of tries: 1
        duration: 5 s
        number of transactions actually processed: 15647
        number of failed transactions: 0 (0.000%)
        latency average = 0.636 ms
        latency stddev = 0.956 ms
        initial connection time = 9.382 ms
        tps = 3134.287608 (without initial connection time)

        """

    static let pgbenchProgress = """
        starting vacuum...end.
        progress: 1.0 s, 3481.0 tps, lat 0.567 ms stddev 0.830, 0 failed
        progress: 2.0 s, 3401.0 tps, lat 0.586 ms stddev 0.872, 0 failed

        """

    static let pgbenchInit = """
        dropping old tables...
        creating tables...
        generating data (client-side)...
        100000 of 100000 tuples (100%) done (elapsed 0.05 s, remaining 0.00 s)
        vacuuming...
        creating primary keys...
        done in 0.20 s (drop tables 0.00 s, create tables 0.01 s, client-side generate 0.10 s, vacuum 0.05 s, primary keys 0.04 s).

        """

    static func installation(statements: Bool) -> PostgresInstallation {
        PostgresInstallation(
            binDirectory: "/opt/pg/bin", libDirectory: "/opt/pg/lib", moduleDirectory: "/opt/pg/lib/postgresql",
            shareDirectory: "/opt/pg/share", version: "postgres (PostgreSQL) 15.18", hasPgStatStatements: statements)
    }

    /// A runner whose initdb creates the data directory (so that the settings files can be written).
    static func clusterRunner() -> ScriptedCommandRunner {
        let runner = ScriptedCommandRunner()
        runner.on(["initdb"]) { command in
            if let index = command.arguments.firstIndex(of: "-D") {
                let data = command.arguments[index + 1]
                try? FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: data + "/postgresql.conf", contents: Data("# conf\n".utf8))
                // As the real initdb, running as the OS user, would have it: the data directory's owner's.
                var status = stat()
                if stat(data, &status) == 0 { _ = chown(data + "/postgresql.conf", status.st_uid, status.st_gid) }
            }
            return .exit(0)
        }
        return runner
    }

    static func benchRunner() -> ScriptedCommandRunner {
        let runner = clusterRunner()
        runner.on(["postgres", "--version"], .exit(0, standardOutput: "postgres (PostgreSQL) 15.18\n"))
        runner.on(
            { ScriptedCommandRunner.argv(of: $0).first == "pgbench" && $0.arguments.contains("-P") },
            respond: { _ in
                .exit(0, standardOutput: pgbenchRun, standardError: pgbenchProgress)
            })
        runner.on(["pgbench", "-i"], .exit(0, standardError: pgbenchInit))
        return runner
    }

    /// A PostgreSQL 15.18 that answers `pg_database_size` with 23 MB.
    static func postgres() -> ScriptedPostgresConnector {
        let postgres = ScriptedPostgresConnector()
        postgres.on("pg_database_size", rows: [["size": "23000000"]])
        return postgres
    }

    /// A request against a fake bin directory (empty executables: the scripted runner runs nothing).
    static func request(_ directory: TemporaryDirectory, matrix: BenchmarkMatrix, cpuCount: Int = 2) -> BenchmarkRequest
    {
        let bin = directory.path + "/bin"
        try? FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for program in PostgresInstallation.requiredPrograms {
            _ = FileManager.default.createFile(
                atPath: bin + "/" + program, contents: Data(), attributes: [.posixPermissions: 0o755])
        }
        return BenchmarkRequest(
            binDirectory: bin, matrix: matrix, workDirectory: directory.path + "/work",
            outputDirectory: directory.path + "/out-\(UUID().uuidString.prefix(6))", cpuCount: cpuCount)
    }
}

/// A counter shared with a scripted rule.
final class Counter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func increment() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
}
