/// A pgbench aggregate log (`-l --aggregate-interval=N`): one line per interval.
///
/// Columns a pgbench version does not write are `nil`: 9.6–14 write 6 columns, 10 with `--rate`,
/// 11 with `--rate` and `-L`; 15–18 always write 15; 19 adds `other_failures`.
public struct PgbenchAggregateLog: Codable, Sendable, Equatable {
    /// One interval (one line of the log). Latency and lag figures are in microseconds, as pgbench writes them.
    public struct Interval: Codable, Sendable, Equatable {
        /// Unix time of the interval's start, in seconds.
        public var intervalStart: Int
        /// Transactions in the interval (15+: successful ones only; up to 14 skipped ones included).
        public var numTransactions: Int
        public var sumLatencyMicroseconds: Double
        public var sumLatency2Microseconds: Double
        public var minLatencyMicroseconds: Double
        public var maxLatencyMicroseconds: Double
        @Nullable public var sumLagMicroseconds: Double?
        @Nullable public var sumLag2Microseconds: Double?
        @Nullable public var minLagMicroseconds: Double?
        @Nullable public var maxLagMicroseconds: Double?
        @Nullable public var skipped: Int?
        @Nullable public var retried: Int?
        @Nullable public var retries: Int?
        @Nullable public var serializationFailures: Int?
        @Nullable public var deadlockFailures: Int?
        @Nullable public var otherFailures: Int?

        /// Creates an interval from its six mandatory columns.
        public init(
            intervalStart: Int, numTransactions: Int, sumLatencyMicroseconds: Double,
            sumLatency2Microseconds: Double, minLatencyMicroseconds: Double, maxLatencyMicroseconds: Double
        ) {
            self.intervalStart = intervalStart
            self.numTransactions = numTransactions
            self.sumLatencyMicroseconds = sumLatencyMicroseconds
            self.sumLatency2Microseconds = sumLatency2Microseconds
            self.minLatencyMicroseconds = minLatencyMicroseconds
            self.maxLatencyMicroseconds = maxLatencyMicroseconds
        }

        enum CodingKeys: String, CodingKey {
            case intervalStart = "interval_start"
            case numTransactions = "num_transactions"
            case sumLatencyMicroseconds = "sum_latency_us"
            case sumLatency2Microseconds = "sum_latency_2_us"
            case minLatencyMicroseconds = "min_latency_us"
            case maxLatencyMicroseconds = "max_latency_us"
            case sumLagMicroseconds = "sum_lag_us"
            case sumLag2Microseconds = "sum_lag_2_us"
            case minLagMicroseconds = "min_lag_us"
            case maxLagMicroseconds = "max_lag_us"
            case skipped, retried, retries
            case serializationFailures = "serialization_failures"
            case deadlockFailures = "deadlock_failures"
            case otherFailures = "other_failures"
        }
    }

    /// Transactions in all intervals (the sum of `num_transactions`).
    public var transactions: Int
    /// Seconds between the first two interval starts (the `--aggregate-interval`), `nil` with one interval.
    @Nullable public var intervalSeconds: Int?
    /// Average latency over all intervals, in milliseconds; `nil` when no transaction completed.
    @Nullable public var latencyAverageMilliseconds: Double?
    /// Skipped transactions in all; `nil` when the log has no skipped column.
    @Nullable public var skipped: Int?
    /// Transactions retried in all; `nil` when the log has no retried column (before 15).
    @Nullable public var retried: Int?
    /// Retries in all; `nil` before 15.
    @Nullable public var retries: Int?
    /// Serialization failures in all; `nil` before 15.
    @Nullable public var serializationFailures: Int?
    /// Deadlock failures in all; `nil` before 15.
    @Nullable public var deadlockFailures: Int?
    /// Lines skipped because they are not aggregate log lines.
    public var unrecognizedLines: Int
    /// The intervals in log order.
    public var intervals: [Interval]

    /// Creates an empty log.
    public init() {
        transactions = 0
        unrecognizedLines = 0
        intervals = []
    }

    enum CodingKeys: String, CodingKey {
        case transactions
        case intervalSeconds = "interval_s"
        case latencyAverageMilliseconds = "latency_average_ms"
        case skipped, retried, retries
        case serializationFailures = "serialization_failures"
        case deadlockFailures = "deadlock_failures"
        case unrecognizedLines = "unrecognized_lines"
        case intervals
    }
}
