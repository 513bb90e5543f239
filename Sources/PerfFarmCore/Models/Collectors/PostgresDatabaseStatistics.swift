/// One row of `pg_stat_database`: the counters of the benchmark database.
///
/// Counters are cumulative in a snapshot and differences in a delta; columns the server version does not
/// have are `nil`. Times are milliseconds.
public struct PostgresDatabaseStatistics: Codable, Sendable, Equatable {
    /// `datname`.
    public var database: String
    /// `numbackends`: connections at the time of the snapshot (a gauge: the later value in a delta).
    public var backends: Int?
    /// `xact_commit`.
    public var transactionsCommitted: Int?
    /// `xact_rollback`.
    public var transactionsRolledBack: Int?
    /// `blks_read`.
    public var blocksRead: Int?
    /// `blks_hit`.
    public var blocksHit: Int?
    /// `tup_returned`.
    public var tuplesReturned: Int?
    /// `tup_fetched`.
    public var tuplesFetched: Int?
    /// `tup_inserted`.
    public var tuplesInserted: Int?
    /// `tup_updated`.
    public var tuplesUpdated: Int?
    /// `tup_deleted`.
    public var tuplesDeleted: Int?
    /// `conflicts`.
    public var conflicts: Int?
    /// `temp_files`.
    public var tempFiles: Int?
    /// `temp_bytes`.
    public var tempBytes: Int?
    /// `deadlocks`.
    public var deadlocks: Int?
    /// `checksum_failures` (12+; `nil` when data checksums are off).
    public var checksumFailures: Int?
    /// `blk_read_time` (needs `track_io_timing`).
    public var blockReadTimeMilliseconds: Double?
    /// `blk_write_time`.
    public var blockWriteTimeMilliseconds: Double?
    /// `session_time` (14+).
    public var sessionTimeMilliseconds: Double?
    /// `active_time` (14+).
    public var activeTimeMilliseconds: Double?
    /// `idle_in_transaction_time` (14+).
    public var idleInTransactionTimeMilliseconds: Double?
    /// `sessions` (14+).
    public var sessions: Int?
    /// `sessions_abandoned` (14+).
    public var sessionsAbandoned: Int?
    /// `sessions_fatal` (14+).
    public var sessionsFatal: Int?
    /// `sessions_killed` (14+).
    public var sessionsKilled: Int?
    /// `stats_reset`, as the server prints it in ISO style.
    public var statsReset: String?

    /// Creates a row for `database` with nothing known.
    public init(database: String) {
        self.database = database
    }

    enum CodingKeys: String, CodingKey {
        case database = "datname"
        case backends = "numbackends"
        case transactionsCommitted = "xact_commit"
        case transactionsRolledBack = "xact_rollback"
        case blocksRead = "blks_read"
        case blocksHit = "blks_hit"
        case tuplesReturned = "tup_returned"
        case tuplesFetched = "tup_fetched"
        case tuplesInserted = "tup_inserted"
        case tuplesUpdated = "tup_updated"
        case tuplesDeleted = "tup_deleted"
        case conflicts
        case tempFiles = "temp_files"
        case tempBytes = "temp_bytes"
        case deadlocks
        case checksumFailures = "checksum_failures"
        case blockReadTimeMilliseconds = "blk_read_time_ms"
        case blockWriteTimeMilliseconds = "blk_write_time_ms"
        case sessionTimeMilliseconds = "session_time_ms"
        case activeTimeMilliseconds = "active_time_ms"
        case idleInTransactionTimeMilliseconds = "idle_in_transaction_time_ms"
        case sessions
        case sessionsAbandoned = "sessions_abandoned"
        case sessionsFatal = "sessions_fatal"
        case sessionsKilled = "sessions_killed"
        case statsReset = "stats_reset"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(database, forKey: .database)
        try c.encode(backends, forKey: .backends)
        try c.encode(transactionsCommitted, forKey: .transactionsCommitted)
        try c.encode(transactionsRolledBack, forKey: .transactionsRolledBack)
        try c.encode(blocksRead, forKey: .blocksRead)
        try c.encode(blocksHit, forKey: .blocksHit)
        try c.encode(tuplesReturned, forKey: .tuplesReturned)
        try c.encode(tuplesFetched, forKey: .tuplesFetched)
        try c.encode(tuplesInserted, forKey: .tuplesInserted)
        try c.encode(tuplesUpdated, forKey: .tuplesUpdated)
        try c.encode(tuplesDeleted, forKey: .tuplesDeleted)
        try c.encode(conflicts, forKey: .conflicts)
        try c.encode(tempFiles, forKey: .tempFiles)
        try c.encode(tempBytes, forKey: .tempBytes)
        try c.encode(deadlocks, forKey: .deadlocks)
        try c.encode(checksumFailures, forKey: .checksumFailures)
        try c.encode(blockReadTimeMilliseconds, forKey: .blockReadTimeMilliseconds)
        try c.encode(blockWriteTimeMilliseconds, forKey: .blockWriteTimeMilliseconds)
        try c.encode(sessionTimeMilliseconds, forKey: .sessionTimeMilliseconds)
        try c.encode(activeTimeMilliseconds, forKey: .activeTimeMilliseconds)
        try c.encode(idleInTransactionTimeMilliseconds, forKey: .idleInTransactionTimeMilliseconds)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(sessionsAbandoned, forKey: .sessionsAbandoned)
        try c.encode(sessionsFatal, forKey: .sessionsFatal)
        try c.encode(sessionsKilled, forKey: .sessionsKilled)
        try c.encode(statsReset, forKey: .statsReset)
    }
}
