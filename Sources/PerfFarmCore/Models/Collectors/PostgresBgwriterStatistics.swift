public import Foundation

/// `pg_stat_bgwriter`. Before PostgreSQL 17 it also holds the checkpointer's counters; from 17 those are
/// `nil` here and live in ``PostgresCheckpointerStatistics``.
public struct PostgresBgwriterStatistics: Codable, Sendable, Equatable {
    /// `checkpoints_timed` (before 17).
    @Nullable public var checkpointsTimed: Int?
    /// `checkpoints_req` (before 17).
    @Nullable public var checkpointsRequested: Int?
    /// `checkpoint_write_time` in milliseconds (before 17).
    @Nullable public var checkpointWriteTimeMilliseconds: Double?
    /// `checkpoint_sync_time` in milliseconds (before 17).
    @Nullable public var checkpointSyncTimeMilliseconds: Double?
    /// `buffers_checkpoint` (before 17).
    @Nullable public var buffersCheckpoint: Int?
    /// `buffers_clean`: buffers written by the background writer.
    @Nullable public var buffersClean: Int?
    /// `maxwritten_clean`.
    @Nullable public var maxWrittenClean: Int?
    /// `buffers_backend` (before 17).
    @Nullable public var buffersBackend: Int?
    /// `buffers_backend_fsync` (before 17).
    @Nullable public var buffersBackendFsync: Int?
    /// `buffers_alloc`.
    @Nullable public var buffersAllocated: Int?
    /// `stats_reset`.
    @Timestamp public var statsReset: Date?

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
}
