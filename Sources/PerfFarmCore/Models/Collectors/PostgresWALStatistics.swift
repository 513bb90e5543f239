/// `pg_stat_wal` (PostgreSQL 14+).
public struct PostgresWALStatistics: Codable, Sendable, Equatable {
    /// `wal_records`.
    public var records: Int?
    /// `wal_fpi`: full-page images.
    public var fullPageImages: Int?
    /// `wal_bytes`.
    public var bytes: Int?
    /// `wal_buffers_full`.
    public var buffersFull: Int?
    /// `wal_write` (14–17; moved to `pg_stat_io` in 18).
    public var writes: Int?
    /// `wal_sync` (14–17).
    public var syncs: Int?
    /// `wal_write_time` in milliseconds (14–17, needs `track_wal_io_timing`).
    public var writeTimeMilliseconds: Double?
    /// `wal_sync_time` in milliseconds (14–17).
    public var syncTimeMilliseconds: Double?
    /// `stats_reset`.
    public var statsReset: String?

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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(records, forKey: .records)
        try c.encode(fullPageImages, forKey: .fullPageImages)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(buffersFull, forKey: .buffersFull)
        try c.encode(writes, forKey: .writes)
        try c.encode(syncs, forKey: .syncs)
        try c.encode(writeTimeMilliseconds, forKey: .writeTimeMilliseconds)
        try c.encode(syncTimeMilliseconds, forKey: .syncTimeMilliseconds)
        try c.encode(statsReset, forKey: .statsReset)
    }
}
