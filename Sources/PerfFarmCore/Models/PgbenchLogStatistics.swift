/// Statistics of one or more pgbench per-transaction logs (`-l`), computed in one pass in constant memory.
///
/// ``transactions`` counts the transactions that completed (the ones with a latency, as pgbench 15+'s
/// "actually processed"); skipped and failed ones are counted apart and never enter the latency figures.
public struct PgbenchLogStatistics: Codable, Sendable, Equatable {
    /// Latency figures in milliseconds. Percentiles come from an HDR histogram with three significant
    /// digits: exact below 2.048 ms, within 0.1 % above; ``min``, ``mean``, ``stddev`` and ``max`` are exact.
    public struct LatencyDistribution: Codable, Sendable, Equatable {
        public var min: Double
        public var mean: Double
        public var stddev: Double
        public var p50: Double
        public var p90: Double
        public var p95: Double
        public var p99: Double
        public var p999: Double
        public var max: Double

        /// Creates a distribution from its figures.
        public init(
            min: Double, mean: Double, stddev: Double, p50: Double, p90: Double, p95: Double, p99: Double,
            p999: Double, max: Double
        ) {
            self.min = min
            self.mean = mean
            self.stddev = stddev
            self.p50 = p50
            self.p90 = p90
            self.p95 = p95
            self.p99 = p99
            self.p999 = p999
            self.max = max
        }
    }

    /// Schedule lag figures in milliseconds (`--rate` logs).
    public struct LagSummary: Codable, Sendable, Equatable {
        public var mean: Double
        public var max: Double

        /// Creates a lag summary.
        public init(mean: Double, max: Double) {
            self.mean = mean
            self.max = max
        }
    }

    /// Transactions that completed.
    public var transactions: Int
    /// Transactions that failed (`failed`, `serialization`, `deadlock` or `other` in the time field; 15+).
    public var failed: Int
    /// Transactions skipped for being late (`skipped` in the time field; `--rate` with `-L`).
    public var skipped: Int
    /// Failed transactions logged as `serialization` (`--failures-detailed`).
    public var serializationFailures: Int
    /// Failed transactions logged as `deadlock` (`--failures-detailed`).
    public var deadlockFailures: Int
    /// Failed transactions logged as `other` (19+).
    public var otherFailures: Int
    /// Transactions retried at least once; `nil` when the log has no retries column.
    @Nullable public var retried: Int?
    /// Retries in all; `nil` when the log has no retries column.
    @Nullable public var retries: Int?
    /// Latency of the completed transactions; `nil` when none completed.
    @Nullable public var latencyMilliseconds: LatencyDistribution?
    /// Schedule lag of the completed transactions; `nil` when the log has no lag column.
    @Nullable public var lagMilliseconds: LagSummary?
    /// Distinct client ids seen.
    public var clients: Int
    /// Unix time of the first logged transaction end, in seconds.
    @Nullable public var firstTimestampSeconds: Double?
    /// Unix time of the last logged transaction end, in seconds.
    @Nullable public var lastTimestampSeconds: Double?
    /// Log lines recognised as transactions.
    public var lines: Int
    /// Lines skipped because they are not per-transaction log lines.
    public var unrecognizedLines: Int

    /// Creates statistics from their figures.
    public init(
        transactions: Int = 0, failed: Int = 0, skipped: Int = 0, serializationFailures: Int = 0,
        deadlockFailures: Int = 0, otherFailures: Int = 0, retried: Int? = nil, retries: Int? = nil,
        latencyMilliseconds: LatencyDistribution? = nil, lagMilliseconds: LagSummary? = nil, clients: Int = 0,
        firstTimestampSeconds: Double? = nil, lastTimestampSeconds: Double? = nil, lines: Int = 0,
        unrecognizedLines: Int = 0
    ) {
        self.transactions = transactions
        self.failed = failed
        self.skipped = skipped
        self.serializationFailures = serializationFailures
        self.deadlockFailures = deadlockFailures
        self.otherFailures = otherFailures
        self.retried = retried
        self.retries = retries
        self.latencyMilliseconds = latencyMilliseconds
        self.lagMilliseconds = lagMilliseconds
        self.clients = clients
        self.firstTimestampSeconds = firstTimestampSeconds
        self.lastTimestampSeconds = lastTimestampSeconds
        self.lines = lines
        self.unrecognizedLines = unrecognizedLines
    }

    enum CodingKeys: String, CodingKey {
        case transactions, failed, skipped
        case serializationFailures = "serialization_failures"
        case deadlockFailures = "deadlock_failures"
        case otherFailures = "other_failures"
        case retried, retries
        case latencyMilliseconds = "latency_ms"
        case lagMilliseconds = "lag_ms"
        case clients
        case firstTimestampSeconds = "first_timestamp_s"
        case lastTimestampSeconds = "last_timestamp_s"
        case lines
        case unrecognizedLines = "unrecognized_lines"
    }
}
