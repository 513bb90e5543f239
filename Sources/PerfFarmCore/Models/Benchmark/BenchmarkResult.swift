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
        /// The process that wrote it ended without finishing it (SIGKILL, a crash, a power loss): the next
        /// session on the same work area found it `running` and marked it; the runs it holds are kept.
        case abandoned
    }

    /// Why the benchmark as a whole stopped early.
    public struct Failure: Codable, Sendable, Equatable {
        /// Where the benchmark was: `cluster_init`, `cluster_start`, `prepare`, `dataset`, `run`, `warm-up run`,
        /// `cluster_stop`, `save`, or
        /// `interrupted` for SIGINT or SIGTERM.
        public var stage: BenchmarkStage
        /// One sentence.
        public var message: String

        /// Creates a failure.
        public init(stage: BenchmarkStage, message: String) {
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
    @Nullable public var failure: Failure?
    /// The perffarm version that wrote the document.
    @Nullable public var perffarmVersion: String?
    /// The host name of the machine.
    @Nullable public var hostname: String?
    /// When the benchmark started.
    @Timestamp public var startedAt: Date
    /// When it ended; `nil` while it runs.
    @Timestamp public var finishedAt: Date?
    /// The directory of this document, the runs' outputs and logs.
    public var outputDirectory: String
    /// The source revision benchmarked (`perffarm run`); `nil` for an existing install.
    @Nullable public var source: SourceRevision?
    /// The build benchmarked (`perffarm run`); `nil` for an existing install.
    @Nullable public var build: BuildResult?
    /// The machine inventory, when collected.
    @Nullable public var system: MachineInventory?
    /// The environment fingerprint, when collected.
    @Nullable public var fingerprint: EnvironmentFingerprint?
    /// The preflight checks, when run.
    @Nullable public var preflight: PreflightReport?
    /// The cluster; `nil` when the install could not be used at all.
    @Nullable public var cluster: PostgresClusterInfo?
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
    /// A stable identifier of this result (the same in every copy and delivery of it), for a server to ignore
    /// a duplicate; `nil` for `perffarm bench`.
    @Nullable public var resultID: String?
    /// The farm machine's name (`perffarm run`); `nil` for `perffarm bench`.
    @Nullable public var machine: String?
    /// The configuration of the farm run and its hash; `nil` for `perffarm bench`.
    @Nullable public var configuration: ConfigurationRecord?
    /// The server's version and every setting, the non-default ones singled out, read once the cluster started.
    @Nullable public var postgres: PostgresServerInfo?
    /// The phases of a farm run's branch (fetch, build, preflight, benchmark, save), in order; empty for
    /// `perffarm bench`.
    @DefaultEmpty public var phases: [PhaseTiming]

    /// Creates a result.
    public init(
        status: Status, failure: Failure? = nil, perffarmVersion: String? = nil, hostname: String? = nil,
        startedAt: Date, finishedAt: Date? = nil, outputDirectory: String, source: SourceRevision? = nil,
        build: BuildResult? = nil, system: MachineInventory? = nil, fingerprint: EnvironmentFingerprint? = nil,
        preflight: PreflightReport? = nil, cluster: PostgresClusterInfo? = nil, matrix: BenchmarkMatrix,
        cpuCount: Int, datasets: [PgbenchDataSet] = [], runs: [PgbenchRun] = [], cells: [BenchmarkCell] = [],
        timings: BenchmarkTimings = BenchmarkTimings(), resultID: String? = nil, machine: String? = nil,
        configuration: ConfigurationRecord? = nil, postgres: PostgresServerInfo? = nil, phases: [PhaseTiming] = []
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
        self.resultID = resultID
        self.machine = machine
        self.configuration = configuration
        self.postgres = postgres
        self.phases = phases
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
        case resultID = "result_id"
        case machine, configuration, postgres, phases
    }
}
