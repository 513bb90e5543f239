public import Foundation

/// One row of `pg_stat_database`: the counters of the benchmark database.
///
/// Counters are cumulative in a snapshot and differences in a delta; columns the server version does not
/// have are `nil`. Times are milliseconds.
public struct PostgresDatabaseStatistics: Codable, Sendable, Equatable {
    /// `datname`.
    public var database: String
    /// `numbackends`: connections at the time of the snapshot (a gauge: the later value in a delta).
    @Nullable public var backends: Int?
    /// `xact_commit`.
    @Nullable public var transactionsCommitted: Int?
    /// `xact_rollback`.
    @Nullable public var transactionsRolledBack: Int?
    /// `blks_read`.
    @Nullable public var blocksRead: Int?
    /// `blks_hit`.
    @Nullable public var blocksHit: Int?
    /// `tup_returned`.
    @Nullable public var tuplesReturned: Int?
    /// `tup_fetched`.
    @Nullable public var tuplesFetched: Int?
    /// `tup_inserted`.
    @Nullable public var tuplesInserted: Int?
    /// `tup_updated`.
    @Nullable public var tuplesUpdated: Int?
    /// `tup_deleted`.
    @Nullable public var tuplesDeleted: Int?
    /// `conflicts`.
    @Nullable public var conflicts: Int?
    /// `temp_files`.
    @Nullable public var tempFiles: Int?
    /// `temp_bytes`.
    @Nullable public var tempBytes: Int?
    /// `deadlocks`.
    @Nullable public var deadlocks: Int?
    /// `checksum_failures` (12+; `nil` when data checksums are off).
    @Nullable public var checksumFailures: Int?
    /// `blk_read_time` (needs `track_io_timing`).
    @Nullable public var blockReadTimeMilliseconds: Double?
    /// `blk_write_time`.
    @Nullable public var blockWriteTimeMilliseconds: Double?
    /// `session_time` (14+).
    @Nullable public var sessionTimeMilliseconds: Double?
    /// `active_time` (14+).
    @Nullable public var activeTimeMilliseconds: Double?
    /// `idle_in_transaction_time` (14+).
    @Nullable public var idleInTransactionTimeMilliseconds: Double?
    /// `sessions` (14+).
    @Nullable public var sessions: Int?
    /// `sessions_abandoned` (14+).
    @Nullable public var sessionsAbandoned: Int?
    /// `sessions_fatal` (14+).
    @Nullable public var sessionsFatal: Int?
    /// `sessions_killed` (14+).
    @Nullable public var sessionsKilled: Int?
    /// `stats_reset`.
    @Timestamp public var statsReset: Date?

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
}
