import ArgumentParser
import Foundation
import PerfFarmClient
import PerfFarmCluster
import PerfFarmCore

/// The matrix options shared by `perffarm bench` and `perffarm run`: scales × clients × workloads, repetitions
/// and run length. Every option is optional: what is not given comes from the defaults (the library's, or a
/// configuration file's).
struct MatrixOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Scale factors, comma-separated (default: \(MatrixOptions.list(BenchmarkMatrix.defaultScales))).",
            valueName: "list"))
    var scales: String?

    @Option(
        help: ArgumentHelp(
            "Client counts, comma-separated (default: \(MatrixOptions.list(BenchmarkMatrix.defaultClients))).",
            valueName: "list"))
    var clients: String?

    @Option(
        help: ArgumentHelp(
            "Built-in workloads: read-write, read-only, simple-update (default: "
                + BenchmarkMatrix.defaultWorkloads.map(\.name).joined(separator: ",") + ").",
            valueName: "list"))
    var workloads: String?

    @Option(
        name: .customLong("script"),
        help: ArgumentHelp(
            "A custom script file with its weight (repeatable): the workload `custom`.", valueName: "file[@weight]"))
    var scripts: [String] = []

    @Option(
        help: ArgumentHelp(
            "Seconds per run, pgbench -T (default: \(BenchmarkMatrix.defaultDurationSeconds); perffarm run: "
                + "matrix.duration, \(FarmConfiguration.Matrix().duration)).",
            valueName: "seconds"))
    var duration: Int?

    @Option(help: ArgumentHelp("Transactions per client per run (pgbench -t), instead of --duration.", valueName: "n"))
    var transactions: Int?

    @Option(
        help: ArgumentHelp("Measured runs per cell (default: \(BenchmarkMatrix.defaultRepetitions)).", valueName: "n"))
    var runs: Int?

    @Option(help: ArgumentHelp("Seconds of warm-up before each cell's first run (default: 0).", valueName: "seconds"))
    var warmup: Int?

    @Flag(name: .customLong("random-order"), help: "Run the cells' repetitions in a random order.")
    var randomOrder = false

    @Option(help: ArgumentHelp("The seed of --random-order (default: chosen and recorded).", valueName: "n"))
    var seed: Int?

    func validate() throws {
        if duration != nil && transactions != nil {
            throw ValidationError("give --duration or --transactions, not both")
        }
        _ = try apply(to: BenchmarkMatrix(scales: [1], clients: [1], workloads: []))
    }

    /// `base` with these options applied (workloads: the built-ins named, then `custom` for the scripts).
    func apply(to base: BenchmarkMatrix) throws -> BenchmarkMatrix {
        var matrix = base
        if let scales { matrix.scales = try Self.integers(scales, option: "--scales") }
        if let clients { matrix.clients = try Self.integers(clients, option: "--clients") }
        if workloads != nil || !scripts.isEmpty {
            var chosen: [PgbenchWorkload] = []
            for name in Self.words(workloads ?? "") {
                guard let workload = PgbenchWorkload.builtin(named: name) else {
                    throw ValidationError("unknown workload \(name) (read-write, read-only, simple-update)")
                }
                chosen.append(workload)
            }
            if !scripts.isEmpty { chosen.append(.custom(name: "custom", files: try scripts.map(Self.script))) }
            matrix.workloads = chosen
        }
        if let transactions {
            matrix.transactions = transactions
            matrix.durationSeconds = nil
        } else if let duration {
            matrix.durationSeconds = duration
            matrix.transactions = nil
        }
        if let runs { matrix.repetitions = runs }
        if let warmup { matrix.warmupSeconds = warmup }
        if randomOrder || seed != nil {
            matrix.randomOrder = true
            matrix.seed = seed
        }
        return matrix
    }

    /// The matrix of `perffarm bench`: the library's defaults with these options applied, checked.
    func benchMatrix(pgbench: PgbenchOptions) throws -> BenchmarkMatrix {
        let defaults = BenchmarkMatrix(
            scales: BenchmarkMatrix.defaultScales, clients: BenchmarkMatrix.defaultClients,
            workloads: scripts.isEmpty || workloads != nil ? BenchmarkMatrix.defaultWorkloads : [],
            repetitions: BenchmarkMatrix.defaultRepetitions, durationSeconds: BenchmarkMatrix.defaultDurationSeconds)
        var matrix = try apply(to: defaults)
        pgbench.apply(to: &matrix)
        do {
            try PgbenchBenchmark.validate(matrix)
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
        return matrix
    }

    // MARK: - Parsing

    static func list(_ values: [Int]) -> String {
        values.map(String.init).joined(separator: ",")
    }

    static func words(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func integers(_ text: String, option: String) throws -> [Int] {
        try words(text).map { word in
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

/// How pgbench runs within the matrix: threads, logs, extra options.
struct PgbenchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("pgbench threads (default: min(clients, CPUs)).", valueName: "n"))
    var threads: Int?

    @Option(help: "pgbench logs: transactions (-l), aggregate (--aggregate-interval) or none.")
    var log: LogOption = .transactions

    @Option(
        name: .customLong("sampling-rate"),
        help: ArgumentHelp("The fraction of transactions logged (with --log transactions).", valueName: "fraction"))
    var samplingRate: Double?

    @Option(
        name: .customLong("aggregate-interval"),
        help: ArgumentHelp("Seconds per aggregate log line (default with --log aggregate: 1).", valueName: "seconds"))
    var aggregateInterval: Int?

    @Option(
        name: .customLong("pgbench-option"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("An extra pgbench option (repeatable), e.g. --pgbench-option=-M.", valueName: "option"))
    var pgbenchOptions: [String] = []

    /// Sets these options in `matrix`.
    func apply(to matrix: inout BenchmarkMatrix) {
        if let threads { matrix.threads = threads }
        matrix.logMode = log.mode
        if let samplingRate { matrix.samplingRate = samplingRate }
        matrix.aggregateIntervalSeconds = log == .aggregate ? (aggregateInterval ?? 1) : aggregateInterval
        if !pgbenchOptions.isEmpty { matrix.extraOptions = pgbenchOptions }
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

/// The cluster's options shared by `perffarm bench` and `perffarm run`.
struct ClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("A postgresql.conf setting (repeatable).", valueName: "name=value"))
    var settings: [String] = []

    @Flag(help: "Create the cluster with data checksums.")
    var checksums = false

    @Flag(help: "Also listen on 127.0.0.1 (a free port is chosen).")
    var tcp = false

    @Option(
        help: ArgumentHelp(
            "The first port tried; the next free one is taken, never 5432 (default: "
                + "\(BenchmarkRequest.defaultFirstPort)).", valueName: "port"))
    var port: Int?

    @Option(
        name: .customLong("os-user"),
        help: ArgumentHelp(
            "The OS user PostgreSQL runs as when perffarm runs as root (default: "
                + "\(BenchmarkRequest.defaultRootOSUser)).", valueName: "user"))
    var osUser: String?

    @Flag(name: .customLong("keep-cluster"), help: "Keep the cluster's directory after the benchmark.")
    var keepCluster = false

    @Option(
        name: .customLong("keep-clusters"),
        help: ArgumentHelp(
            "How many clusters kept after failures (or by --keep-cluster) stay in the work area; older ones are "
                + "removed (default: \(BenchmarkRequest.defaultKeepClusters)).", valueName: "n"))
    var keepClusters: Int?

    func validate() throws {
        if let keepClusters, keepClusters < 0 {
            throw ValidationError("--keep-clusters must be 0 or more, not \(keepClusters)")
        }
        do {
            try PostgresClusterConfiguration(
                directory: "/", settings: try parsedSettings(), firstPort: port ?? BenchmarkRequest.defaultFirstPort
            ).validate()
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
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
}
