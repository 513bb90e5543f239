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
    public var reads: Int?
    /// `read_bytes` (18+).
    public var readBytes: Int?
    /// `read_time` in milliseconds.
    public var readTimeMilliseconds: Double?
    /// `writes`.
    public var writes: Int?
    /// `write_bytes` (18+).
    public var writeBytes: Int?
    /// `write_time` in milliseconds.
    public var writeTimeMilliseconds: Double?
    /// `writebacks`.
    public var writebacks: Int?
    /// `writeback_time` in milliseconds.
    public var writebackTimeMilliseconds: Double?
    /// `extends`.
    public var extends: Int?
    /// `extend_bytes` (18+).
    public var extendBytes: Int?
    /// `extend_time` in milliseconds.
    public var extendTimeMilliseconds: Double?
    /// `op_bytes`: bytes per read, write and extend (16–17; a constant, not a counter).
    public var operationBytes: Int?
    /// `hits`.
    public var hits: Int?
    /// `evictions`.
    public var evictions: Int?
    /// `reuses`.
    public var reuses: Int?
    /// `fsyncs`.
    public var fsyncs: Int?
    /// `fsync_time` in milliseconds.
    public var fsyncTimeMilliseconds: Double?
    /// `stats_reset`.
    public var statsReset: String?

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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(backendType, forKey: .backendType)
        try c.encode(object, forKey: .object)
        try c.encode(context, forKey: .context)
        try c.encode(reads, forKey: .reads)
        try c.encode(readBytes, forKey: .readBytes)
        try c.encode(readTimeMilliseconds, forKey: .readTimeMilliseconds)
        try c.encode(writes, forKey: .writes)
        try c.encode(writeBytes, forKey: .writeBytes)
        try c.encode(writeTimeMilliseconds, forKey: .writeTimeMilliseconds)
        try c.encode(writebacks, forKey: .writebacks)
        try c.encode(writebackTimeMilliseconds, forKey: .writebackTimeMilliseconds)
        try c.encode(extends, forKey: .extends)
        try c.encode(extendBytes, forKey: .extendBytes)
        try c.encode(extendTimeMilliseconds, forKey: .extendTimeMilliseconds)
        try c.encode(operationBytes, forKey: .operationBytes)
        try c.encode(hits, forKey: .hits)
        try c.encode(evictions, forKey: .evictions)
        try c.encode(reuses, forKey: .reuses)
        try c.encode(fsyncs, forKey: .fsyncs)
        try c.encode(fsyncTimeMilliseconds, forKey: .fsyncTimeMilliseconds)
        try c.encode(statsReset, forKey: .statsReset)
    }
}
