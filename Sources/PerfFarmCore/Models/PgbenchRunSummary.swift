/// Everything a pgbench run printed, as typed values: the summary on stdout, progress and errors on stderr.
///
/// A value is `nil` when the output did not contain it (a line that this pgbench version does not print,
/// or a run that stopped before printing it). It is never `-1` and never a string.
public struct PgbenchRunSummary: Codable, Sendable, Equatable {
    /// How the headline ``tps`` was measured, which changed in pgbench 14.
    public enum TPSMeasure: String, Codable, Sendable, Equatable {
        /// Up to 13: `tps = F (excluding connections establishing)`.
        case excludingConnectionsEstablishing = "excluding_connections_establishing"
        /// 14 and later: `tps = F (without initial connection time)`.
        case withoutInitialConnectionTime = "without_initial_connection_time"
        /// 14 and later with `-C`: `tps = F (including reconnection times)`.
        case includingReconnectionTimes = "including_reconnection_times"
        /// Up to 13, when the output has only `tps = F (including connections establishing)`.
        case includingConnectionsEstablishing = "including_connections_establishing"
    }

    /// pgbench's version from the banner (14+), e.g. `17.10` or `15.18 (Debian 15.18-0+deb12u1)`.
    @Nullable public var pgbenchVersion: String?
    /// The server's version from the banner (14+), when it names one: `pgbench (17.10, server 15.18 ...)`.
    /// A banner with one version (`pgbench (15.18)`) means the server has pgbench's version; this stays `nil`
    /// then (it was not printed) and ``serverMatchesClient`` is `true`.
    @Nullable public var serverVersion: String?
    /// Whether the server's version number equals pgbench's: `true` for a banner with one version, `false` for
    /// one with `, server S`; `nil` without a banner (before 14).
    @Nullable public var serverMatchesClient: Bool?
    /// `transaction type:` — a builtin such as `<builtin: TPC-B (sort of)>`, a script path or `multiple scripts`.
    @Nullable public var transactionType: String?
    /// `scaling factor:`.
    @Nullable public var scalingFactor: Int?
    /// `partition method:` (13+, partitioned `pgbench_accounts` only).
    @Nullable public var partitionMethod: String?
    /// `partitions:` (13+, partitioned `pgbench_accounts` only).
    @Nullable public var partitions: Int?
    /// `query mode:` — `simple`, `extended` or `prepared`.
    @Nullable public var queryMode: String?
    /// `number of clients:`.
    @Nullable public var clients: Int?
    /// `number of threads:`.
    @Nullable public var threads: Int?
    /// `maximum number of tries:` (15+; absent with `--max-tries=0`).
    @Nullable public var maxTries: Int?
    /// `duration:` in seconds (`-T` runs).
    @Nullable public var durationSeconds: Int?
    /// `number of transactions per client:` (`-t` runs).
    @Nullable public var transactionsPerClient: Int?
    /// `number of transactions actually processed:` N — successful transactions (9.6/10 count skipped ones too).
    @Nullable public var transactionsProcessed: Int?
    /// The M of `processed: N/M` (`-t` runs): the transactions the run was asked for.
    @Nullable public var transactionsExpected: Int?
    /// `number of failed transactions:` (15+).
    @Nullable public var transactionsFailed: Int?
    /// `number of transactions skipped:` (`--rate` with `-L`).
    @Nullable public var transactionsSkipped: Int?
    /// `number of transactions retried:` (15+, `--max-tries` other than 1).
    @Nullable public var transactionsRetried: Int?
    /// `total number of retries:` (15+, `--max-tries` other than 1).
    @Nullable public var totalRetries: Int?
    /// `number of serialization failures:` (15+, `--failures-detailed`).
    @Nullable public var serializationFailures: Int?
    /// `number of deadlock failures:` (15+, `--failures-detailed`).
    @Nullable public var deadlockFailures: Int?
    /// `number of other failures:` (19+, `--failures-detailed`).
    @Nullable public var otherFailures: Int?
    /// The limit of `-L`, in milliseconds.
    @Nullable public var latencyLimitMilliseconds: Double?
    /// `number of transactions above the L ms latency limit:` N.
    @Nullable public var transactionsAboveLatencyLimit: Int?
    /// `latency average = L ms`.
    @Nullable public var latencyAverageMilliseconds: Double?
    /// `latency average = L ms (including failures)` (15+, when transactions failed).
    public var latencyIncludesFailures: Bool
    /// `latency stddev = L ms` (printed with `-P`, `--rate` or `-L`).
    @Nullable public var latencyStddevMilliseconds: Double?
    /// `rate limit schedule lag: avg L (max L) ms` — the average (`--rate`).
    @Nullable public var lagAverageMilliseconds: Double?
    /// `rate limit schedule lag: avg L (max L) ms` — the maximum (`--rate`).
    @Nullable public var lagMaxMilliseconds: Double?
    /// `initial connection time = L ms` (14+).
    @Nullable public var initialConnectionTimeMilliseconds: Double?
    /// `average connection time = L ms` (14+, `-C`).
    @Nullable public var averageConnectionTimeMilliseconds: Double?
    /// The headline throughput; ``tpsMeasure`` says which of pgbench's `tps =` lines it comes from.
    @Nullable public var tps: Double?
    /// How ``tps`` was measured.
    @Nullable public var tpsMeasure: TPSMeasure?
    /// `tps = F (including connections establishing)` (13 and older).
    @Nullable public var tpsIncludingConnections: Double?
    /// Whether the run was aborted: pgbench's `Run was aborted` marker, or a client that aborted (9.6–11
    /// print no marker).
    public var aborted: Bool
    /// Per-statement latencies of a single-script run (`-r`); runs with several scripts keep them per script.
    public var statements: [PgbenchStatementLatency]
    /// The `SQL script N:` blocks (runs with several scripts).
    public var scripts: [PgbenchScriptSummary]
    /// The `progress:` lines (`-P`).
    public var progress: [PgbenchProgressReport]
    /// Error lines: client aborts, SQL and connection errors, the aborted-run marker.
    public var errors: [String]
    /// Warning lines, e.g. `scale option ignored, using count from pgbench_branches table (1)`.
    public var warnings: [String]

    /// Creates an empty summary (every value `nil`, no lists, not aborted).
    public init() {
        latencyIncludesFailures = false
        aborted = false
        statements = []
        scripts = []
        progress = []
        errors = []
        warnings = []
    }

    /// Whether anything pgbench-specific was found (a summary line, a progress line, an error line).
    public var isEmpty: Bool {
        self == PgbenchRunSummary()
    }

    enum CodingKeys: String, CodingKey {
        case pgbenchVersion = "pgbench_version"
        case serverVersion = "server_version"
        case serverMatchesClient = "server_matches_client"
        case transactionType = "transaction_type"
        case scalingFactor = "scaling_factor"
        case partitionMethod = "partition_method"
        case partitions
        case queryMode = "query_mode"
        case clients, threads
        case maxTries = "max_tries"
        case durationSeconds = "duration_s"
        case transactionsPerClient = "transactions_per_client"
        case transactionsProcessed = "transactions_processed"
        case transactionsExpected = "transactions_expected"
        case transactionsFailed = "transactions_failed"
        case transactionsSkipped = "transactions_skipped"
        case transactionsRetried = "transactions_retried"
        case totalRetries = "total_retries"
        case serializationFailures = "serialization_failures"
        case deadlockFailures = "deadlock_failures"
        case otherFailures = "other_failures"
        case latencyLimitMilliseconds = "latency_limit_ms"
        case transactionsAboveLatencyLimit = "transactions_above_latency_limit"
        case latencyAverageMilliseconds = "latency_average_ms"
        case latencyIncludesFailures = "latency_includes_failures"
        case latencyStddevMilliseconds = "latency_stddev_ms"
        case lagAverageMilliseconds = "lag_average_ms"
        case lagMaxMilliseconds = "lag_max_ms"
        case initialConnectionTimeMilliseconds = "initial_connection_time_ms"
        case averageConnectionTimeMilliseconds = "average_connection_time_ms"
        case tps
        case tpsMeasure = "tps_measure"
        case tpsIncludingConnections = "tps_including_connections"
        case aborted, statements, scripts, progress, errors, warnings
    }
}
