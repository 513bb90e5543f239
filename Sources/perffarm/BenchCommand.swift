import ArgumentParser
import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess

/// `perffarm bench`: benchmark an existing PostgreSQL install with pgbench over a matrix, in a private
/// cluster that is always stopped.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark an existing PostgreSQL install with pgbench in a private, isolated cluster.",
        discussion: """
            Creates a private cluster in the work area (initdb with the C locale and UTF8; its own socket \
            directory; TCP on 127.0.0.1 only with --tcp, at a free port, never 5432), starts it with the \
            install's pg_ctl, and runs pgbench over every scale × client count × workload, --runs times each. \
            Each scale's data set is built once with pgbench -i; read-only runs share it, writing runs get a \
            fresh copy (CREATE DATABASE ... TEMPLATE); every run starts after a CHECKPOINT and statistics resets. \
            The cluster is stopped (fast, then immediate, then SIGKILL of its own postmaster) and removed at the \
            end; it is kept with --keep-cluster or after a failure. Clusters that a killed perffarm left in the \
            work area are stopped and removed at the next start.

            The result (JSON, fields in docs/result-format.md) goes to --output (default \
            <work>/results/bench-<time>) as result.json, next to every run's stdout, stderr and compressed \
            pgbench logs, the data sets' outputs, the custom scripts and the server log. A progress line with the \
            current cell and an ETA goes to standard error; a table of tps and latency per cell (or, with \
            --json, the result) to standard output.

            As root, PostgreSQL runs as --os-user (default: postgres). Workloads: read-write (TPC-B-like), \
            read-only (select-only), simple-update; --script FILE[@WEIGHT] (repeatable) adds a workload named \
            custom made of those files (treated as writing).

            Exit codes: 0 every run succeeded; 1 a data set or run failed (the others are kept), the cluster \
            did not start, or the work area is in use; 2 usage error (bad option, unusable --pg-bin); 130/143 \
            interrupted (pgbench and the cluster are stopped, the result so far is written with status \
            interrupted).

            Examples:
              perffarm bench --pg-bin /usr/lib/postgresql/15/bin --scales 1 --clients 1,2 --duration 5
              perffarm bench --pg-bin ~/pg/17/bin --scales 1,100 --clients 1,8,32 --runs 5 --random-order \\
                --set shared_buffers=1GB --set max_wal_size=4GB --output results/pg17
              perffarm bench --pg-bin ~/pg/17/bin --workloads read-only --script hot.sql@9 --script cold.sql@1
            """
    )

    @Option(name: .customLong("pg-bin"), help: ArgumentHelp("The bin/ directory of the install.", valueName: "dir"))
    var pgBin: String

    @Option(help: ArgumentHelp("Scale factors, comma-separated.", valueName: "list"))
    var scales = "1,10"

    @Option(help: ArgumentHelp("Client counts, comma-separated.", valueName: "list"))
    var clients = "1,2,4"

    @Option(help: ArgumentHelp("Built-in workloads: read-write, read-only, simple-update.", valueName: "list"))
    var workloads: String?

    @Option(
        name: .customLong("script"),
        help: ArgumentHelp(
            "A custom script file with its weight (repeatable): the workload `custom`.",
            valueName: "file[@weight]"))
    var scripts: [String] = []

    @Option(help: ArgumentHelp("Seconds per run (pgbench -T).", valueName: "seconds"))
    var duration: Int?

    @Option(help: ArgumentHelp("Transactions per client per run (pgbench -t), instead of --duration.", valueName: "n"))
    var transactions: Int?

    @Option(help: "Measured runs per cell.")
    var runs = 3

    @Option(help: ArgumentHelp("Seconds of warm-up before each cell's first run (0: none).", valueName: "seconds"))
    var warmup = 0

    @Option(help: "pgbench threads (default: min(clients, CPUs)).")
    var threads: Int?

    @Option(help: "pgbench logs: transactions (-l), aggregate (--aggregate-interval) or none.")
    var log: LogOption = .transactions

    @Option(name: .customLong("sampling-rate"), help: "The fraction of transactions logged (with --log transactions).")
    var samplingRate: Double?

    @Option(name: .customLong("aggregate-interval"), help: "Seconds per aggregate log line (with --log aggregate).")
    var aggregateInterval: Int?

    @Option(
        name: .customLong("pgbench-option"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "An extra pgbench option (repeatable), e.g. --pgbench-option=-M --pgbench-option=prepared.",
            valueName: "option"))
    var pgbenchOptions: [String] = []

    @Flag(name: .customLong("random-order"), help: "Run the cells' repetitions in a random order.")
    var randomOrder = false

    @Option(help: "The seed of --random-order (default: chosen and recorded).")
    var seed: Int?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("A postgresql.conf setting (repeatable).", valueName: "name=value"))
    var settings: [String] = []

    @Flag(help: "Create the cluster with data checksums.")
    var checksums = false

    @Flag(help: "Also listen on 127.0.0.1 (a free port is chosen).")
    var tcp = false

    @Option(help: "The first port tried (the next free one is taken; 5432 never).")
    var port = 55432

    @Option(name: .customLong("os-user"), help: "The OS user PostgreSQL runs as when perffarm runs as root.")
    var osUser: String?

    @Option(
        name: .customLong("work-dir"), help: "The work area (default: $XDG_CACHE_HOME/perffarm or ~/.cache/perffarm).")
    var workDirectory: String?

    @Option(help: ArgumentHelp("Where the result and the raw outputs go.", valueName: "dir"))
    var output: String?

    @Flag(name: .customLong("keep-cluster"), help: "Keep the cluster's directory after the benchmark.")
    var keepCluster = false

    @Flag(help: "Print the result as JSON instead of a table.")
    var json = false

    @Flag(name: .shortAndLong, help: "Log every command run (to standard error).")
    var verbose = false

    func validate() throws {
        _ = try matrix()
        do {
            try PostgresClusterConfiguration(directory: "/", settings: try parsedSettings(), firstPort: port).validate()
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
        if duration != nil && transactions != nil {
            throw ValidationError("give --duration or --transactions, not both")
        }
    }

    /// The matrix these options describe.
    func matrix() throws -> BenchmarkMatrix {
        var chosen: [PgbenchWorkload] = []
        let names = workloads ?? (scripts.isEmpty ? "read-write,read-only" : "")
        for name in Self.list(names) {
            guard let workload = PgbenchWorkload.builtin(named: name) else {
                throw ValidationError("unknown workload \(name) (read-write, read-only, simple-update)")
            }
            chosen.append(workload)
        }
        if !scripts.isEmpty {
            let files = try scripts.map { try Self.script($0) }
            chosen.append(.custom(name: "custom", files: files))
        }
        let matrix = BenchmarkMatrix(
            scales: try Self.integers(scales, option: "--scales"),
            clients: try Self.integers(clients, option: "--clients"), workloads: chosen, repetitions: runs,
            durationSeconds: transactions == nil ? (duration ?? 10) : nil, transactions: transactions,
            threads: threads, warmupSeconds: warmup, logMode: log.mode, samplingRate: samplingRate,
            aggregateIntervalSeconds: log == .aggregate ? (aggregateInterval ?? 1) : aggregateInterval,
            extraOptions: pgbenchOptions, randomOrder: randomOrder || seed != nil, seed: seed)
        do {
            try PgbenchBenchmark.validate(matrix)
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
        return matrix
    }

    /// The `--set` settings.
    func parsedSettings() throws -> [PostgresClusterInfo.Setting] {
        try settings.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--set needs name=value, not \(text)")
            }
            return .init(
                name: String(text[..<equals]).trimmingCharacters(in: .whitespaces),
                value: String(text[text.index(after: equals)...]))
        }
    }

    /// The request these options describe.
    func request() throws -> BenchmarkRequest {
        BenchmarkRequest(
            binDirectory: pgBin, matrix: try matrix(), settings: try parsedSettings(), dataChecksums: checksums,
            listenOnTCP: tcp, firstPort: port, osUser: osUser, workDirectory: workDirectory, outputDirectory: output,
            keepCluster: keepCluster, perffarmVersion: PerfFarmVersion.current)
    }

    func run() async throws {
        var logger = Logger(label: "perffarm") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .error
        let benchmark = PgbenchBenchmark(runner: LiveCommandRunner(logger: logger), logger: logger)
        let request = try self.request()
        let line = BenchProgressLine(verbose: verbose)
        let json = self.json
        do {
            try await InterruptHandling.run {
                let result = try await benchmark.run(request) { line.show($0) }
                line.finish()
                if json {
                    FileHandle.standardOutput.write(try BenchmarkResultJSON.encode(result))
                } else {
                    print(BenchReport.render(result))
                }
                // An interrupted benchmark is a result too; the exit status says how it ended (130/143).
                if result.status == .interrupted { throw CancellationError() }
                if result.status == .failed { throw ExitCode(1) }
            }
        } catch let error as PerfFarmError {
            line.finish()
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(error.code == .invalidConfiguration ? 2 : 1)
        }
    }

    // MARK: - Parsing

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func integers(_ text: String, option: String) throws -> [Int] {
        try list(text).map { word in
            guard let value = Int(word) else { throw ValidationError("\(option): not a whole number: \(word)") }
            return value
        }
    }

    /// `FILE[@WEIGHT]` → an absolute path and a weight.
    static func script(_ text: String) throws -> (path: String, weight: Int) {
        var path = text
        var weight = 1
        if let at = text.lastIndex(of: "@"), let value = Int(text[text.index(after: at)...]) {
            path = String(text[..<at])
            weight = value
        }
        guard !path.isEmpty else { throw ValidationError("--script needs a file: \(text)") }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (URL(fileURLWithPath: absolute).standardizedFileURL.path, weight)
    }
}

/// `--log`: which pgbench logs each run writes.
enum LogOption: String, ExpressibleByArgument, CaseIterable {
    case transactions, aggregate, none

    var mode: BenchmarkMatrix.LogMode {
        switch self {
        case .transactions: .transactions
        case .aggregate: .aggregate
        case .none: .none
        }
    }
}
