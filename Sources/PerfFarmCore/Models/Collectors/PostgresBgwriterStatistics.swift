/// `pg_stat_bgwriter`. Before PostgreSQL 17 it also holds the checkpointer's counters; from 17 those are
/// `nil` here and live in ``PostgresCheckpointerStatistics``.
public struct PostgresBgwriterStatistics: Codable, Sendable, Equatable {
    /// `checkpoints_timed` (before 17).
    public var checkpointsTimed: Int?
    /// `checkpoints_req` (before 17).
    public var checkpointsRequested: Int?
    /// `checkpoint_write_time` in milliseconds (before 17).
    public var checkpointWriteTimeMilliseconds: Double?
    /// `checkpoint_sync_time` in milliseconds (before 17).
    public var checkpointSyncTimeMilliseconds: Double?
    /// `buffers_checkpoint` (before 17).
    public var buffersCheckpoint: Int?
    /// `buffers_clean`: buffers written by the background writer.
    public var buffersClean: Int?
    /// `maxwritten_clean`.
    public var maxWrittenClean: Int?
    /// `buffers_backend` (before 17).
    public var buffersBackend: Int?
    /// `buffers_backend_fsync` (before 17).
    public var buffersBackendFsync: Int?
    /// `buffers_alloc`.
    public var buffersAllocated: Int?
    /// `stats_reset`.
    public var statsReset: String?

    /// Creates an empty row.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case checkpointsTimed = "checkpoints_timed"
        case checkpointsRequested = "checkpoints_req"
        case checkpointWriteTimeMilliseconds = "checkpoint_write_time_ms"
        case checkpointSyncTimeMilliseconds = "checkpoint_sync_time_ms"
        case buffersCheckpoint = "buffers_checkpoint"
        case buffersClean = "buffers_clean"
        case maxWrittenClean = "maxwritten_clean"
        case buffersBackend = "buffers_backend"
        case buffersBackendFsync = "buffers_backend_fsync"
        case buffersAllocated = "buffers_alloc"
        case statsReset = "stats_reset"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checkpointsTimed, forKey: .checkpointsTimed)
        try c.encode(checkpointsRequested, forKey: .checkpointsRequested)
        try c.encode(checkpointWriteTimeMilliseconds, forKey: .checkpointWriteTimeMilliseconds)
        try c.encode(checkpointSyncTimeMilliseconds, forKey: .checkpointSyncTimeMilliseconds)
        try c.encode(buffersCheckpoint, forKey: .buffersCheckpoint)
        try c.encode(buffersClean, forKey: .buffersClean)
        try c.encode(maxWrittenClean, forKey: .maxWrittenClean)
        try c.encode(buffersBackend, forKey: .buffersBackend)
        try c.encode(buffersBackendFsync, forKey: .buffersBackendFsync)
        try c.encode(buffersAllocated, forKey: .buffersAllocated)
        try c.encode(statsReset, forKey: .statsReset)
    }
}
