/// What a benchmark runs: scales × client counts × workloads, each cell repeated, and how pgbench is run.
public struct BenchmarkMatrix: Codable, Sendable, Equatable {
    /// Which pgbench logs a run writes.
    public enum LogMode: String, Codable, Sendable, Equatable, CaseIterable {
        /// No log (`-l` not given).
        case none
        /// A per-transaction log (`-l`, optionally with `--sampling-rate`).
        case transactions
        /// An aggregate log (`-l --aggregate-interval=N`).
        case aggregate
    }

    /// The scale factors (`pgbench -i -s N`), in the order given.
    public var scales: [Int]
    /// The client counts (`-c N`), in the order given.
    public var clients: [Int]
    /// The workloads.
    public var workloads: [PgbenchWorkload]
    /// The measured runs per cell.
    public var repetitions: Int
    /// The length of a run in seconds (`-T`); `nil` when ``transactions`` is set.
    @Nullable public var durationSeconds: Int?
    /// The transactions per client of a run (`-t`); `nil` when ``durationSeconds`` is set.
    @Nullable public var transactions: Int?
    /// The pgbench threads (`-j`); `nil` for min(clients, CPUs) per cell.
    @Nullable public var threads: Int?
    /// The length of the warm-up run before each cell's first measured run, in seconds; 0 for none.
    public var warmupSeconds: Int
    /// Which logs each run writes.
    public var logMode: LogMode
    /// `--sampling-rate` of per-transaction logs (0 < rate ≤ 1); `nil` for every transaction.
    @Nullable public var samplingRate: Double?
    /// `--aggregate-interval` of aggregate logs, in seconds.
    @Nullable public var aggregateIntervalSeconds: Int?
    /// More pgbench options, passed as given before the database name.
    public var extraOptions: [String]
    /// Whether the runs are executed in a random order (seeded by ``seed``).
    public var randomOrder: Bool
    /// The seed of the random order; `nil` in sequential order. Below 2^53, so that JSON readers keep it exact.
    @Nullable public var seed: Int?

    /// Creates a matrix.
    public init(
        scales: [Int], clients: [Int], workloads: [PgbenchWorkload], repetitions: Int = 3,
        durationSeconds: Int? = 60, transactions: Int? = nil, threads: Int? = nil, warmupSeconds: Int = 0,
        logMode: LogMode = .transactions, samplingRate: Double? = nil, aggregateIntervalSeconds: Int? = nil,
        extraOptions: [String] = [], randomOrder: Bool = false, seed: Int? = nil
    ) {
        self.scales = scales
        self.clients = clients
        self.workloads = workloads
        self.repetitions = repetitions
        self.durationSeconds = durationSeconds
        self.transactions = transactions
        self.threads = threads
        self.warmupSeconds = warmupSeconds
        self.logMode = logMode
        self.samplingRate = samplingRate
        self.aggregateIntervalSeconds = aggregateIntervalSeconds
        self.extraOptions = extraOptions
        self.randomOrder = randomOrder
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case scales, clients, workloads, repetitions
        case durationSeconds = "duration_s"
        case transactions, threads
        case warmupSeconds = "warmup_s"
        case logMode = "log_mode"
        case samplingRate = "sampling_rate"
        case aggregateIntervalSeconds = "aggregate_interval_s"
        case extraOptions = "extra_options"
        case randomOrder = "random_order"
        case seed
    }
}
