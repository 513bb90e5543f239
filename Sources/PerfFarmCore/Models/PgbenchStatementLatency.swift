/// One row of pgbench's per-statement report (`-r`): the average latency of a script command.
public struct PgbenchStatementLatency: Codable, Sendable, Equatable {
    /// Average latency of the command over the run, in milliseconds.
    public var latencyMilliseconds: Double
    /// Number of failures in this command (pgbench 15+; `nil` before).
    @Nullable public var failures: Int?
    /// Number of retries caused by this command (pgbench 15+ with `--max-tries` other than 1).
    @Nullable public var retries: Int?
    /// The command as pgbench prints it (12+: its first line only).
    public var command: String

    /// Creates a row.
    public init(latencyMilliseconds: Double, failures: Int? = nil, retries: Int? = nil, command: String) {
        self.latencyMilliseconds = latencyMilliseconds
        self.failures = failures
        self.retries = retries
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds = "latency_ms"
        case failures, retries, command
    }
}
