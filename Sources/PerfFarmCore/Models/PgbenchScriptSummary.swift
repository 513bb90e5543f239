/// One `SQL script N:` block of a pgbench run with several scripts (`-f`/`-b` more than once).
public struct PgbenchScriptSummary: Codable, Sendable, Equatable {
    /// The script's number as printed (1-based).
    public var number: Int
    /// The script's name: a file path or a builtin such as `<builtin: select only>`.
    public var name: String
    /// The weight given with `@W`.
    @Nullable public var weight: Int?
    /// The share of transactions the weight targets, in percent.
    @Nullable public var weightPercent: Double?
    /// Successful transactions of this script.
    @Nullable public var transactionsProcessed: Int?
    /// All transactions of this script, failed and skipped ones included (pgbench 18+ prints it apart).
    @Nullable public var transactionsTotal: Int?
    /// This script's share of all transactions, in percent.
    @Nullable public var sharePercent: Double?
    /// Transactions per second of this script.
    @Nullable public var tps: Double?
    /// Average latency of this script's transactions, in milliseconds.
    @Nullable public var latencyAverageMilliseconds: Double?
    /// Latency standard deviation of this script's transactions, in milliseconds.
    @Nullable public var latencyStddevMilliseconds: Double?
    /// Failed transactions (pgbench 15+).
    @Nullable public var transactionsFailed: Int?
    /// Serialization failures (pgbench 15+, `--failures-detailed`).
    @Nullable public var serializationFailures: Int?
    /// Deadlock failures (pgbench 15+, `--failures-detailed`).
    @Nullable public var deadlockFailures: Int?
    /// Other failures (pgbench 19+, `--failures-detailed`).
    @Nullable public var otherFailures: Int?
    /// Transactions retried at least once (pgbench 15+, `--max-tries` other than 1).
    @Nullable public var transactionsRetried: Int?
    /// Retries in all (pgbench 15+, `--max-tries` other than 1).
    @Nullable public var totalRetries: Int?
    /// Transactions skipped (`--rate` with `-L`).
    @Nullable public var transactionsSkipped: Int?
    /// Per-statement latencies of this script (`-r`).
    public var statements: [PgbenchStatementLatency]

    /// Creates an empty block for script `number` named `name`.
    public init(number: Int, name: String) {
        self.number = number
        self.name = name
        self.statements = []
    }

    enum CodingKeys: String, CodingKey {
        case number, name, weight
        case weightPercent = "weight_percent"
        case transactionsProcessed = "transactions_processed"
        case transactionsTotal = "transactions_total"
        case sharePercent = "share_percent"
        case tps
        case latencyAverageMilliseconds = "latency_average_ms"
        case latencyStddevMilliseconds = "latency_stddev_ms"
        case transactionsFailed = "transactions_failed"
        case serializationFailures = "serialization_failures"
        case deadlockFailures = "deadlock_failures"
        case otherFailures = "other_failures"
        case transactionsRetried = "transactions_retried"
        case totalRetries = "total_retries"
        case transactionsSkipped = "transactions_skipped"
        case statements
    }
}
