public import Foundation

/// `pg_stat_wal` (PostgreSQL 14+).
public struct PostgresWALStatistics: Codable, Sendable, Equatable {
    /// `wal_records`.
    @Nullable public var records: Int?
    /// `wal_fpi`: full-page images.
    @Nullable public var fullPageImages: Int?
    /// `wal_bytes`.
    @Nullable public var bytes: Int?
    /// `wal_buffers_full`.
    @Nullable public var buffersFull: Int?
    /// `wal_write` (14–17; moved to `pg_stat_io` in 18).
    @Nullable public var writes: Int?
    /// `wal_sync` (14–17).
    @Nullable public var syncs: Int?
    /// `wal_write_time` in milliseconds (14–17, needs `track_wal_io_timing`).
    @Nullable public var writeTimeMilliseconds: Double?
    /// `wal_sync_time` in milliseconds (14–17).
    @Nullable public var syncTimeMilliseconds: Double?
    /// `stats_reset`.
    @Timestamp public var statsReset: Date?

    /// Creates an empty row.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case records = "wal_records"
        case fullPageImages = "wal_fpi"
        case bytes = "wal_bytes"
        case buffersFull = "wal_buffers_full"
        case writes = "wal_write"
        case syncs = "wal_sync"
        case writeTimeMilliseconds = "wal_write_time_ms"
        case syncTimeMilliseconds = "wal_sync_time_ms"
        case statsReset = "stats_reset"
    }
}
