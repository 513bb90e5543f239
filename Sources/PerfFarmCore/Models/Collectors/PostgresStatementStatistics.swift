/// One row of `pg_stat_statements`. Column names follow the extension version: before 1.8
/// (PostgreSQL 13) `total_time` and friends are read as `total_exec_time`; before 1.11 (PostgreSQL 17)
/// `blk_read_time` is read as `shared_blk_read_time`. Times are milliseconds.
public struct PostgresStatementStatistics: Codable, Sendable, Equatable {
    /// `userid` (an OID).
    public var userID: Int
    /// `dbid` (an OID).
    public var databaseID: Int
    /// `queryid` (`nil` when the server computes none).
    @Nullable public var queryID: Int?
    /// `toplevel` (1.9+, PostgreSQL 14).
    @Nullable public var topLevel: Bool?
    /// `query`, cut to its first 4096 characters.
    public var query: String
    /// `calls`.
    public var calls: Int
    /// `total_exec_time` (`total_time` before 1.8).
    public var totalExecTimeMilliseconds: Double
    /// `mean_exec_time` (`nil` in a delta: recompute as total / calls).
    @Nullable public var meanExecTimeMilliseconds: Double?
    /// `min_exec_time` (`nil` in a delta).
    @Nullable public var minExecTimeMilliseconds: Double?
    /// `max_exec_time` (`nil` in a delta).
    @Nullable public var maxExecTimeMilliseconds: Double?
    /// `stddev_exec_time` (`nil` in a delta).
    @Nullable public var stddevExecTimeMilliseconds: Double?
    /// `plans` (1.8+, counted when `pg_stat_statements.track_planning` is on).
    @Nullable public var plans: Int?
    /// `total_plan_time` (1.8+).
    @Nullable public var totalPlanTimeMilliseconds: Double?
    /// `rows`.
    public var rows: Int
    /// `shared_blks_hit`.
    @Nullable public var sharedBlocksHit: Int?
    /// `shared_blks_read`.
    @Nullable public var sharedBlocksRead: Int?
    /// `shared_blks_dirtied`.
    @Nullable public var sharedBlocksDirtied: Int?
    /// `shared_blks_written`.
    @Nullable public var sharedBlocksWritten: Int?
    /// `local_blks_hit`.
    @Nullable public var localBlocksHit: Int?
    /// `local_blks_read`.
    @Nullable public var localBlocksRead: Int?
    /// `temp_blks_read`.
    @Nullable public var tempBlocksRead: Int?
    /// `temp_blks_written`.
    @Nullable public var tempBlocksWritten: Int?
    /// `shared_blk_read_time` (`blk_read_time` before 1.11).
    @Nullable public var blockReadTimeMilliseconds: Double?
    /// `shared_blk_write_time` (`blk_write_time` before 1.11).
    @Nullable public var blockWriteTimeMilliseconds: Double?
    /// `wal_records` (1.8+).
    @Nullable public var walRecords: Int?
    /// `wal_fpi` (1.8+).
    @Nullable public var walFullPageImages: Int?
    /// `wal_bytes` (1.8+).
    @Nullable public var walBytes: Int?

    /// Creates a row.
    public init(
        userID: Int, databaseID: Int, queryID: Int?, topLevel: Bool?, query: String, calls: Int,
        totalExecTimeMilliseconds: Double, rows: Int
    ) {
        self.userID = userID
        self.databaseID = databaseID
        self.queryID = queryID
        self.topLevel = topLevel
        self.query = query
        self.calls = calls
        self.totalExecTimeMilliseconds = totalExecTimeMilliseconds
        self.rows = rows
    }

    /// The identity of a statement across snapshots: user, database, top level and query id (or text).
    public var key: String {
        "\(userID)/\(databaseID)/\(topLevel.map { $0 ? "t" : "f" } ?? "-")/\(queryID.map(String.init) ?? query)"
    }

    enum CodingKeys: String, CodingKey {
        case userID = "userid"
        case databaseID = "dbid"
        case queryID = "queryid"
        case topLevel = "toplevel"
        case query, calls
        case totalExecTimeMilliseconds = "total_exec_time_ms"
        case meanExecTimeMilliseconds = "mean_exec_time_ms"
        case minExecTimeMilliseconds = "min_exec_time_ms"
        case maxExecTimeMilliseconds = "max_exec_time_ms"
        case stddevExecTimeMilliseconds = "stddev_exec_time_ms"
        case plans
        case totalPlanTimeMilliseconds = "total_plan_time_ms"
        case rows
        case sharedBlocksHit = "shared_blks_hit"
        case sharedBlocksRead = "shared_blks_read"
        case sharedBlocksDirtied = "shared_blks_dirtied"
        case sharedBlocksWritten = "shared_blks_written"
        case localBlocksHit = "local_blks_hit"
        case localBlocksRead = "local_blks_read"
        case tempBlocksRead = "temp_blks_read"
        case tempBlocksWritten = "temp_blks_written"
        case blockReadTimeMilliseconds = "shared_blk_read_time_ms"
        case blockWriteTimeMilliseconds = "shared_blk_write_time_ms"
        case walRecords = "wal_records"
        case walFullPageImages = "wal_fpi"
        case walBytes = "wal_bytes"
    }
}
