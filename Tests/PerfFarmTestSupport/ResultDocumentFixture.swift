public import Foundation
import PerfFarmCompression
public import PerfFarmCore

/// A farm run's result document with its run directory, as `perffarm run` writes one per branch: small but
/// real-looking raw outputs (pgbench with its `-r` table, `pgbench -i`, the server log, build logs, one of them
/// gzip-compressed), for upload tests.
public struct ResultDocumentFixture: Sendable {
    /// The result document's file: `<directory>/pluto-master-<commit12>-<time>.json`.
    public let documentPath: String
    /// The run directory (`output_directory`).
    public let outputDirectory: String
    /// The result the document holds.
    public let result: BenchmarkResult
    /// The document's exact bytes (`PerfFarmJSON.encode(result)`).
    public let bytes: Data

    /// The commit of the fixture's source.
    public static let commit = "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5"
    /// The pgbench output of the fixture's runs (read-write, PostgreSQL 17), with its statement table.
    public static func pgbenchStdout(clients: Int, tps: Double, latency: Double) -> String {
        """
        pgbench (17.2)
        transaction type: <builtin: TPC-B (sort of)>
        scaling factor: 1
        query mode: simple
        number of clients: \(clients)
        number of threads: \(clients)
        maximum number of tries: 1
        duration: 10 s
        number of transactions actually processed: 12345
        number of failed transactions: 0 (0.000%)
        latency average = \(latency) ms
        initial connection time = 2.345 ms
        tps = \(tps) (without initial connection time)
        statement latencies in milliseconds and failures:
                 0.002           0  \\set aid random(1, 100000 * :scale)
                 0.001           0  \\set bid random(1, 1 * :scale)
                 0.055           0  BEGIN;
                 0.120           0  UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
                 0.061           0  END;

        """
    }

    /// Writes the fixture into `directory`.
    /// - Parameters:
    ///   - directory: where the document and its run directory go.
    ///   - resultID: the document's `result_id` (`nil`: none, as `perffarm bench` writes).
    ///   - machine: the document's `machine` (`nil`: none).
    public init(
        in directory: String, resultID: String? = "6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13", machine: String? = "pluto"
    ) throws {
        let output = directory + "/run-master"
        let started = Date(timeIntervalSince1970: 1_764_565_800)  // 2025-12-01T05:10:00Z
        func write(_ text: String, _ relative: String) throws {
            let path = output + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        try write(
            "2025-12-01 05:10:01.000 UTC [4242] LOG:  database system is ready to accept connections\n", "server.log")
        try write(
            "dropping old tables...\ncreating tables...\ngenerating data (client-side)...\n"
                + "100000 of 100000 tuples (100%) done (elapsed 0.05 s, remaining 0.00 s)\nvacuuming...\n"
                + "creating primary keys...\ndone in 0.21 s (drop tables 0.00 s, create tables 0.00 s, "
                + "client-side generate 0.09 s, vacuum 0.06 s, primary keys 0.05 s).\n", "datasets/scale-1/stderr.txt")
        try write("", "datasets/scale-1/stdout.txt")
        try write("$ git fetch --prune origin\nFrom https://git.postgresql.org/git/postgresql\n", "build/fetch.log")
        try write("$ make -j2\nAll of PostgreSQL successfully made. Ready to install.\n", "build/build.log")
        try write("$ make install\nPostgreSQL installation complete.\n", "build/install.log")
        try Self.gzip(
            "$ ./configure --prefix=/work/installs/0123456789abcdef\nchecking build system type... x86_64-pc-linux-gnu\n",
            to: output + "/build/configure.log.gz")

        let matrix = BenchmarkMatrix(
            scales: [1], clients: [1, 2], workloads: [.readWrite, .readOnly], repetitions: 2, durationSeconds: 10,
            logMode: .aggregate, aggregateIntervalSeconds: 1)
        var runs: [PgbenchRun] = []
        var clock = started.addingTimeInterval(5)
        for workload in ["read-write", "read-only"] {
            for clients in [1, 2] {
                for repetition in [1, 2] {
                    let index = runs.count
                    let name = "runs/" + String(format: "%03d", index) + "-s1-c\(clients)-\(workload)-r\(repetition)"
                    let tps = workload == "read-only" ? 15000.5 + Double(index) : 1234.5 + Double(index)
                    let latency = (Double(clients) * 1000 / tps * 1000).rounded() / 1000
                    try write(Self.pgbenchStdout(clients: clients, tps: tps, latency: latency), name + "/stdout.txt")
                    try write("pgbench: warning: a sample warning\n", name + "/stderr.txt")
                    var summary = PgbenchRunSummary()
                    summary.pgbenchVersion = "17.2"
                    summary.queryMode = "simple"
                    summary.clients = clients
                    summary.threads = clients
                    summary.durationSeconds = 10
                    summary.scalingFactor = 1
                    summary.tps = tps
                    summary.latencyAverageMilliseconds = latency
                    summary.statements = [
                        PgbenchStatementLatency(latencyMilliseconds: 0.055, failures: 0, command: "BEGIN;"),
                        PgbenchStatementLatency(latencyMilliseconds: 0.061, failures: 0, command: "END;"),
                    ]
                    let command = CommandRecord(
                        commandLine: "pgbench -c \(clients) -j \(clients) -T 10 -P 1 -r pgbench_s1", exitStatus: 0,
                        startedAt: clock, finishedAt: clock.addingTimeInterval(10), durationSeconds: 10,
                        stdoutFile: name + "/stdout.txt", stderrFile: name + "/stderr.txt")
                    var aggregate = PgbenchAggregateLog()
                    aggregate.intervals = [
                        .init(
                            intervalStart: Int(clock.timeIntervalSince1970), numTransactions: 1200,
                            sumLatencyMicroseconds: 960_000, sumLatency2Microseconds: 812_345_678,
                            minLatencyMicroseconds: 410, maxLatencyMicroseconds: 5210)
                    ]
                    var delta = PostgresStatisticsSnapshot(
                        collectedAt: clock.addingTimeInterval(10), serverVersionNumber: 170002)
                    var statement = PostgresStatementStatistics(
                        userID: 10, databaseID: 16384, queryID: -8_765_432_109_876_543_210, topLevel: true,
                        query: "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", calls: 12345,
                        totalExecTimeMilliseconds: 1481.4, rows: 12345)
                    statement.meanExecTimeMilliseconds = 0.12
                    statement.sharedBlocksHit = 61725
                    delta.statements = .init(extensionVersion: "1.11", limit: 20, statements: [statement])
                    var sample = SystemSample(offsetSeconds: 1, elapsedSeconds: 1)
                    sample.cpu = .init(user: 41.5, system: 9.25, iowait: 0.5, idle: 48.75)
                    sample.contextSwitchesPerSecond = 25012
                    sample.runQueue = 3
                    sample.memoryUsedBytes = 2_147_483_648
                    let series = SystemSeries(
                        source: "perffarm", intervalSeconds: 1, startedAt: clock, samples: [sample])
                    runs.append(
                        PgbenchRun(
                            index: index, scale: 1, clients: clients, threads: clients, workload: workload,
                            repetition: repetition, warmup: false, status: .succeeded, database: "pgbench_s1",
                            freshCopy: workload == "read-write", command: command, summary: summary,
                            aggregateLog: aggregate, statisticsDelta: delta, systemSeries: series))
                    clock = clock.addingTimeInterval(12)
                }
            }
        }
        let finished = clock
        let source = SourceRevision(
            repositoryURL: "https://git.postgresql.org/git/postgresql.git",
            fetchURL: "https://git.postgresql.org/git/postgresql.git", branch: "master", commit: Self.commit,
            commitDate: started.addingTimeInterval(-3600), authorName: "A. Committer", authorEmail: "a@example.org",
            subject: "Make things faster")
        let compiler = CompilerInfo(
            command: "gcc", family: "gcc", version: "12.2.0", target: "x86_64-linux-gnu",
            versionLine: "gcc (Debian 12.2.0-14) 12.2.0")
        let buildStart = started.addingTimeInterval(-300)
        let steps = [
            BuildStep(
                name: .fetch, command: "git fetch --prune origin", startedAt: buildStart, durationSeconds: 1.5,
                succeeded: true, exitStatus: 0, logFile: "fetch.log"),
            BuildStep(
                name: .configure, command: "./configure", startedAt: buildStart.addingTimeInterval(2),
                durationSeconds: 12.25, succeeded: true, exitStatus: 0, logFile: "configure.log"),
        ]
        let build = BuildResult(
            status: .succeeded, cached: false, cacheKey: String(repeating: "ab", count: 32), source: source,
            patches: [], configureOptions: [], assertionsEnabled: false, compiler: compiler, ccache: false, jobs: 2,
            workDirectory: directory + "/work", installPrefix: directory + "/work/installs/abababababababab",
            postgresVersion: "PostgreSQL 17.2", logDirectory: directory + "/work/logs/20251201T050500Z-master",
            steps: steps,
            timings: .init(
                gitSeconds: 1.5, configureSeconds: 12.25, buildSeconds: 250.5, installSeconds: 8.75, totalSeconds: 273),
            failure: nil, builtAt: buildStart, startedAt: buildStart, finishedAt: started.addingTimeInterval(-20))
        var os = OperatingSystemInfo()
        os.name = "Debian GNU/Linux"
        os.id = "debian"
        os.versionID = "12"
        os.versionCodename = "bookworm"
        os.prettyName = "Debian GNU/Linux 12 (bookworm)"
        os.kernelName = "Linux"
        os.kernelRelease = "6.1.0-28-amd64"
        os.kernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
        os.machine = "x86_64"
        os.hostname = "pluto"
        var cpu = CPUInfo()
        cpu.model = "AMD EPYC 7B13"
        cpu.vendor = "AuthenticAMD"
        cpu.cores = 2
        cpu.threads = 2
        cpu.mhz = 2450
        var memory = MemoryInfo(totalBytes: 25_769_803_776)
        memory.swapTotalBytes = 0
        memory.swapFreeBytes = 0
        var storage = StorageInfo(path: directory)
        storage.mountPoint = "/"
        storage.filesystem = "ext4"
        storage.source = "/dev/sda1"
        storage.totalBytes = 100_000_000_000
        storage.availableBytes = 60_000_000_000
        let system = MachineInventory(
            collectedAt: started, os: os, cpu: cpu, memory: memory,
            kernelSettings: ["vm.swappiness": "60", "kernel.sched_autogroup_enabled": "1"], storage: storage,
            compiler: compiler)
        let settings = [
            PostgresSetting(
                name: "shared_buffers", setting: "16384", unit: "8kB", type: "integer", source: "configuration file",
                bootValue: "1024", valueBytes: 134_217_728, isNonDefault: true),
            PostgresSetting(
                name: "DateStyle", setting: "ISO, MDY", unit: nil, type: "string", source: "configuration file",
                bootValue: "ISO, MDY"),
            PostgresSetting(
                name: "application_name", setting: "", unit: nil, type: "string", source: "client", bootValue: ""),
        ]
        let version = "PostgreSQL 17.2 on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"
        let cluster = PostgresClusterInfo(
            binDirectory: directory + "/work/installs/abababababababab/bin", serverVersion: version,
            serverVersionNumber: 170002, directory: directory + "/work/clusters/bench",
            dataDirectory: directory + "/work/clusters/bench/data",
            socketDirectory: directory + "/work/clusters/bench/socket", port: 55432, pgStatStatements: true,
            serverLogFile: "server.log", stopMode: "fast")
        let datasetCommand = CommandRecord(
            commandLine: "pgbench -i -s 1 pgbench_s1", exitStatus: 0, startedAt: started.addingTimeInterval(1),
            finishedAt: started.addingTimeInterval(1.75), durationSeconds: 0.75,
            stdoutFile: "datasets/scale-1/stdout.txt",
            stderrFile: "datasets/scale-1/stderr.txt")
        let result = BenchmarkResult(
            status: .succeeded, perffarmVersion: "0.1.0", hostname: "pluto", startedAt: started, finishedAt: finished,
            outputDirectory: output, source: source, build: build, system: system, cluster: cluster, matrix: matrix,
            cpuCount: 2,
            datasets: [PgbenchDataSet(scale: 1, database: "pgbench_s1", status: .succeeded, command: datasetCommand)],
            runs: runs, resultID: resultID, machine: machine,
            postgres: PostgresServerInfo(version: version, versionNumber: 170002, settings: settings),
            phases: [PhaseTiming(name: "fetch", seconds: 1.5), PhaseTiming(name: "benchmark", seconds: 100)])
        let bytes = try PerfFarmJSON.encode(result)
        let documentPath = directory + "/pluto-master-\(Self.commit.prefix(12))-20251201T051000Z.json"
        try bytes.write(to: URL(fileURLWithPath: documentPath))
        self.documentPath = documentPath
        self.outputDirectory = output
        self.result = result
        self.bytes = bytes
    }

    /// Writes `text` gzip-compressed to `path`.
    static func gzip(_ text: String, to path: String) throws {
        var compressor = try GzipCompressor()
        var output = Data()
        try Array(text.utf8).withUnsafeBytes { raw in
            try compressor.compress(raw) { output.append(contentsOf: $0) }
        }
        try compressor.finish { output.append(contentsOf: $0) }
        try output.write(to: URL(fileURLWithPath: path))
    }
}
