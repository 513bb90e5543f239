/// One pgbench run of a benchmark matrix: which cell, how the database was prepared, the command and its
/// complete output (as files), and everything parsed from it.
public struct PgbenchRun: Codable, Sendable, Equatable {
    /// The position of the run in execution order, from 0 (warm-up runs included).
    public var index: Int
    /// The scale factor.
    public var scale: Int
    /// The client count (`-c`).
    public var clients: Int
    /// The threads (`-j`).
    public var threads: Int
    /// The workload's name.
    public var workload: String
    /// The measured repetition of the cell, from 1; `nil` for a warm-up run.
    @Nullable public var repetition: Int?
    /// Whether this is a warm-up run, excluded from the cell's statistics.
    public var warmup: Bool
    /// How the run ended.
    public var status: BenchmarkStepStatus
    /// The database the run used.
    public var database: String
    /// Whether the database was a fresh copy of the data set (writing workloads).
    public var freshCopy: Bool
    /// Seconds spent dropping the previous copy and creating the fresh one; `nil` without a copy.
    @Nullable public var copySeconds: Double?
    /// Seconds spent on `CHECKPOINT` and the statistics resets before the run.
    @Nullable public var checkpointSeconds: Double?
    /// pgbench: command line, exit, times and output files; `nil` when it never started.
    @Nullable public var command: CommandRecord?
    /// The parsed stdout and stderr: summary, per-statement latencies, the `-P` progress series, errors.
    @Nullable public var summary: PgbenchRunSummary?
    /// The run's pgbench log files (gzip-compressed), relative to the result document's directory.
    public var logFiles: [String]
    /// Statistics of the per-transaction logs of all threads.
    @Nullable public var logStatistics: PgbenchLogStatistics?
    /// The aggregate logs of all threads.
    @Nullable public var aggregateLog: PgbenchAggregateLog?
    /// Why the run failed: pgbench's error lines, or perffarm's sentence.
    public var errors: [String]
    /// The server's statistics over the run (after minus before), when an observer took them.
    @Nullable public var statisticsDelta: PostgresStatisticsSnapshot?
    /// The machine sampled during the run, when an observer sampled it.
    @Nullable public var systemSeries: SystemSeries?
    /// What went wrong while observing the run (not a failure of the run).
    @DefaultEmpty public var observerNotes: [String]

    /// Creates a run record.
    public init(
        index: Int, scale: Int, clients: Int, threads: Int, workload: String, repetition: Int?, warmup: Bool,
        status: BenchmarkStepStatus, database: String, freshCopy: Bool, copySeconds: Double? = nil,
        checkpointSeconds: Double? = nil, command: CommandRecord? = nil, summary: PgbenchRunSummary? = nil,
        logFiles: [String] = [], logStatistics: PgbenchLogStatistics? = nil, aggregateLog: PgbenchAggregateLog? = nil,
        errors: [String] = [], statisticsDelta: PostgresStatisticsSnapshot? = nil, systemSeries: SystemSeries? = nil,
        observerNotes: [String] = []
    ) {
        self.index = index
        self.scale = scale
        self.clients = clients
        self.threads = threads
        self.workload = workload
        self.repetition = repetition
        self.warmup = warmup
        self.status = status
        self.database = database
        self.freshCopy = freshCopy
        self.copySeconds = copySeconds
        self.checkpointSeconds = checkpointSeconds
        self.command = command
        self.summary = summary
        self.logFiles = logFiles
        self.logStatistics = logStatistics
        self.aggregateLog = aggregateLog
        self.errors = errors
        self.statisticsDelta = statisticsDelta
        self.systemSeries = systemSeries
        self.observerNotes = observerNotes
    }

    /// Attaches what an observer found.
    public mutating func attach(_ observation: PgbenchRunObservation) {
        statisticsDelta = observation.statisticsDelta
        systemSeries = observation.systemSeries
        observerNotes += observation.notes
    }

    enum CodingKeys: String, CodingKey {
        case index, scale, clients, threads, workload, repetition, warmup, status, database
        case freshCopy = "fresh_copy"
        case copySeconds = "copy_s"
        case checkpointSeconds = "checkpoint_s"
        case command, summary
        case logFiles = "log_files"
        case logStatistics = "log_statistics"
        case aggregateLog = "aggregate_log"
        case errors
        case statisticsDelta = "statistics_delta"
        case systemSeries = "system_series"
        case observerNotes = "observer_notes"
    }
}
