public import Foundation

/// One row of `pg_stat_io` (PostgreSQL 16+): I/O of one backend type on one object in one context.
///
/// Counts that do not apply to the combination are `NULL` in the view and `nil` here.
public struct PostgresIOStatistics: Codable, Sendable, Equatable {
    /// `backend_type` (`client backend`, `checkpointer`, `autovacuum worker`).
    public var backendType: String
    /// `object` (`relation`, `temp relation`, `wal` from 18).
    public var object: String
    /// `context` (`normal`, `vacuum`, `bulkread`, `bulkwrite`, `init`).
    public var context: String
    /// `reads`.
    @Nullable public var reads: Int?
    /// `read_bytes` (18+).
    @Nullable public var readBytes: Int?
    /// `read_time` in milliseconds.
    @Nullable public var readTimeMilliseconds: Double?
    /// `writes`.
    @Nullable public var writes: Int?
    /// `write_bytes` (18+).
    @Nullable public var writeBytes: Int?
    /// `write_time` in milliseconds.
    @Nullable public var writeTimeMilliseconds: Double?
    /// `writebacks`.
    @Nullable public var writebacks: Int?
    /// `writeback_time` in milliseconds.
    @Nullable public var writebackTimeMilliseconds: Double?
    /// `extends`.
    @Nullable public var extends: Int?
    /// `extend_bytes` (18+).
    @Nullable public var extendBytes: Int?
    /// `extend_time` in milliseconds.
    @Nullable public var extendTimeMilliseconds: Double?
    /// `op_bytes`: bytes per read, write and extend (16–17; a constant, not a counter).
    @Nullable public var operationBytes: Int?
    /// `hits`.
    @Nullable public var hits: Int?
    /// `evictions`.
    @Nullable public var evictions: Int?
    /// `reuses`.
    @Nullable public var reuses: Int?
    /// `fsyncs`.
    @Nullable public var fsyncs: Int?
    /// `fsync_time` in milliseconds.
    @Nullable public var fsyncTimeMilliseconds: Double?
    /// `stats_reset`.
    @Timestamp public var statsReset: Date?

    /// Creates a row for one combination with nothing counted.
    public init(backendType: String, object: String, context: String) {
        self.backendType = backendType
        self.object = object
        self.context = context
    }

    /// The identity of the row: backend type, object and context.
    public var key: String { "\(backendType)/\(object)/\(context)" }

    enum CodingKeys: String, CodingKey {
        case backendType = "backend_type"
        case object, context, reads
        case readBytes = "read_bytes"
        case readTimeMilliseconds = "read_time_ms"
        case writes
        case writeBytes = "write_bytes"
        case writeTimeMilliseconds = "write_time_ms"
        case writebacks
        case writebackTimeMilliseconds = "writeback_time_ms"
        case extends
        case extendBytes = "extend_bytes"
        case extendTimeMilliseconds = "extend_time_ms"
        case operationBytes = "op_bytes"
        case hits, evictions, reuses, fsyncs
        case fsyncTimeMilliseconds = "fsync_time_ms"
        case statsReset = "stats_reset"
    }
}
