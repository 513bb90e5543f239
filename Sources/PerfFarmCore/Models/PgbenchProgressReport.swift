/// One `progress:` line of a pgbench run (`-P`), printed on stderr.
public struct PgbenchProgressReport: Codable, Sendable, Equatable {
    /// Seconds since the start of the run; `nil` with `--progress-timestamp`, which prints an epoch instead.
    @Nullable public var elapsedSeconds: Double?
    /// Unix time of the report with `--progress-timestamp`; `nil` otherwise.
    @Nullable public var timestampSeconds: Double?
    /// Transactions per second in the interval.
    @Nullable public var tps: Double?
    /// Average latency in the interval, in milliseconds (`nil` when pgbench printed NaN).
    @Nullable public var latencyAverageMilliseconds: Double?
    /// Latency standard deviation in the interval, in milliseconds.
    @Nullable public var latencyStddevMilliseconds: Double?
    /// Failed transactions in the interval (pgbench 15+).
    @Nullable public var failed: Int?
    /// Average schedule lag in the interval, in milliseconds (`--rate`).
    @Nullable public var lagMilliseconds: Double?
    /// Transactions skipped in the interval (`--rate` with `-L`).
    @Nullable public var skipped: Int?
    /// Transactions retried in the interval (pgbench 15+, `--max-tries` other than 1).
    @Nullable public var retried: Int?
    /// Retries in the interval (pgbench 15+, `--max-tries` other than 1).
    @Nullable public var retries: Int?

    /// Creates a report.
    public init(
        elapsedSeconds: Double? = nil, timestampSeconds: Double? = nil, tps: Double? = nil,
        latencyAverageMilliseconds: Double? = nil, latencyStddevMilliseconds: Double? = nil, failed: Int? = nil,
        lagMilliseconds: Double? = nil, skipped: Int? = nil, retried: Int? = nil, retries: Int? = nil
    ) {
        self.elapsedSeconds = elapsedSeconds
        self.timestampSeconds = timestampSeconds
        self.tps = tps
        self.latencyAverageMilliseconds = latencyAverageMilliseconds
        self.latencyStddevMilliseconds = latencyStddevMilliseconds
        self.failed = failed
        self.lagMilliseconds = lagMilliseconds
        self.skipped = skipped
        self.retried = retried
        self.retries = retries
    }

    enum CodingKeys: String, CodingKey {
        case elapsedSeconds = "elapsed_s"
        case timestampSeconds = "timestamp_s"
        case tps
        case latencyAverageMilliseconds = "latency_average_ms"
        case latencyStddevMilliseconds = "latency_stddev_ms"
        case failed
        case lagMilliseconds = "lag_ms"
        case skipped, retried, retries
    }
}
