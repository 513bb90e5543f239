public import Foundation

/// The result of benchmarking one PostgreSQL install: the cluster, the matrix, every data set and run with
/// its raw output kept as files next to this document, and per-cell statistics.
///
/// `perffarm bench` writes it for an existing install; `perffarm run` writes the same document per branch
/// with ``source`` and ``build`` set. The collectors' sections (``system``, ``fingerprint``, ``preflight``)
/// are `null` unless collectors ran. A benchmark that failed or was interrupted is a result too: ``status``
/// says so and everything measured before is kept.
public struct BenchmarkResult: Codable, Sendable, Equatable {
    /// How the benchmark ended.
    public enum Status: String, Codable, Sendable, Equatable {
        /// Still running: the document is rewritten after every run, so a crash leaves this status behind.
        case running
        /// Every data set and run succeeded.
        case succeeded
        /// A data set or run failed, or the benchmark stopped on an error (``BenchmarkResult/failure``).
        case failed
        /// SIGINT or SIGTERM stopped it; the runs before are kept.
        case interrupted
    }

    /// Why the benchmark as a whole stopped early.
    public struct Failure: Codable, Sendable, Equatable {
        /// The stage: `cluster_init`, `cluster_start`, `prepare`, `dataset`, `run`, `warm-up run`, `cluster_stop`, or
        /// `interrupted` for SIGINT or SIGTERM.
        public var stage: String
        /// One sentence.
        public var message: String

        /// Creates a failure.
        public init(stage: String, message: String) {
            self.stage = stage
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case stage, message
        }
    }

    /// The version of this document's format (``PerfFarmSchema/version``).
    public var schemaVersion: Int
    /// How the benchmark ended.
    public var status: Status
    /// Why it stopped early; `nil` when it ran to its end.
    public var failure: Failure?
    /// The perffarm version that wrote the document.
    public var perffarmVersion: String?
    /// The host name of the machine.
    public var hostname: String?
    /// When the benchmark started.
    public var startedAt: Date
    /// When it ended; `nil` while it runs.
    public var finishedAt: Date?
    /// The directory of this document, the runs' outputs and logs.
    public var outputDirectory: String
    /// The source revision benchmarked (`perffarm run`); `nil` for an existing install.
    public var source: SourceRevision?
    /// The build benchmarked (`perffarm run`); `nil` for an existing install.
    public var build: BuildResult?
    /// The machine inventory, when collected.
    public var system: MachineInventory?
    /// The environment fingerprint, when collected.
    public var fingerprint: EnvironmentFingerprint?
    /// The preflight checks, when run.
    public var preflight: PreflightReport?
    /// The cluster; `nil` when the install could not be used at all.
    public var cluster: PostgresClusterInfo?
    /// What was asked for.
    public var matrix: BenchmarkMatrix
    /// The CPUs perffarm saw (the default threads are min(clients, CPUs)).
    public var cpuCount: Int
    /// The data sets, one per scale, in the order they were built.
    public var datasets: [PgbenchDataSet]
    /// Every run, warm-ups included, in execution order.
    public var runs: [PgbenchRun]
    /// Per cell, in matrix order (scale, clients, workload): statistics over the measured runs.
    public var cells: [BenchmarkCell]
    /// Where the time went.
    public var timings: BenchmarkTimings

    /// Creates a result.
    public init(
        status: Status, failure: Failure? = nil, perffarmVersion: String? = nil, hostname: String? = nil,
        startedAt: Date, finishedAt: Date? = nil, outputDirectory: String, source: SourceRevision? = nil,
        build: BuildResult? = nil, system: MachineInventory? = nil, fingerprint: EnvironmentFingerprint? = nil,
        preflight: PreflightReport? = nil, cluster: PostgresClusterInfo? = nil, matrix: BenchmarkMatrix,
        cpuCount: Int, datasets: [PgbenchDataSet] = [], runs: [PgbenchRun] = [], cells: [BenchmarkCell] = [],
        timings: BenchmarkTimings = BenchmarkTimings()
    ) {
        self.schemaVersion = PerfFarmSchema.version
        self.status = status
        self.failure = failure
        self.perffarmVersion = perffarmVersion
        self.hostname = hostname
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outputDirectory = outputDirectory
        self.source = source
        self.build = build
        self.system = system
        self.fingerprint = fingerprint
        self.preflight = preflight
        self.cluster = cluster
        self.matrix = matrix
        self.cpuCount = cpuCount
        self.datasets = datasets
        self.runs = runs
        self.cells = cells
        self.timings = timings
    }

    /// The measured (non-warm-up) runs that failed.
    public var failedRuns: [PgbenchRun] { runs.filter { !$0.warmup && $0.status == .failed } }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case status, failure
        case perffarmVersion = "perffarm_version"
        case hostname
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case outputDirectory = "output_directory"
        case source, build, system, fingerprint, preflight, cluster, matrix
        case cpuCount = "cpu_count"
        case datasets, runs, cells, timings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        status = try c.decode(Status.self, forKey: .status)
        failure = try c.decodeIfPresent(Failure.self, forKey: .failure)
        perffarmVersion = try c.decodeIfPresent(String.self, forKey: .perffarmVersion)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        startedAt = try c.decodeTimestamp(forKey: .startedAt)
        finishedAt = try c.decodeTimestampIfPresent(forKey: .finishedAt)
        outputDirectory = try c.decode(String.self, forKey: .outputDirectory)
        source = try c.decodeIfPresent(SourceRevision.self, forKey: .source)
        build = try c.decodeIfPresent(BuildResult.self, forKey: .build)
        system = try c.decodeIfPresent(MachineInventory.self, forKey: .system)
        fingerprint = try c.decodeIfPresent(EnvironmentFingerprint.self, forKey: .fingerprint)
        preflight = try c.decodeIfPresent(PreflightReport.self, forKey: .preflight)
        cluster = try c.decodeIfPresent(PostgresClusterInfo.self, forKey: .cluster)
        matrix = try c.decode(BenchmarkMatrix.self, forKey: .matrix)
        cpuCount = try c.decode(Int.self, forKey: .cpuCount)
        datasets = try c.decode([PgbenchDataSet].self, forKey: .datasets)
        runs = try c.decode([PgbenchRun].self, forKey: .runs)
        cells = try c.decode([BenchmarkCell].self, forKey: .cells)
        timings = try c.decode(BenchmarkTimings.self, forKey: .timings)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(status, forKey: .status)
        try c.encode(failure, forKey: .failure)
        try c.encode(perffarmVersion, forKey: .perffarmVersion)
        try c.encode(hostname, forKey: .hostname)
        try c.encodeTimestamp(startedAt, forKey: .startedAt)
        try c.encodeTimestamp(finishedAt, forKey: .finishedAt)
        try c.encode(outputDirectory, forKey: .outputDirectory)
        try c.encode(source, forKey: .source)
        try c.encode(build, forKey: .build)
        try c.encode(system, forKey: .system)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(preflight, forKey: .preflight)
        try c.encode(cluster, forKey: .cluster)
        try c.encode(matrix, forKey: .matrix)
        try c.encode(cpuCount, forKey: .cpuCount)
        try c.encode(datasets, forKey: .datasets)
        try c.encode(runs, forKey: .runs)
        try c.encode(cells, forKey: .cells)
        try c.encode(timings, forKey: .timings)
    }
}
