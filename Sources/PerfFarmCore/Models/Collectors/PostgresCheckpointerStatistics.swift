/// `pg_stat_checkpointer` (PostgreSQL 17+).
public struct PostgresCheckpointerStatistics: Codable, Sendable, Equatable {
    /// `num_timed`: scheduled checkpoints.
    public var checkpointsTimed: Int?
    /// `num_requested`: requested checkpoints.
    public var checkpointsRequested: Int?
    /// `num_done`: checkpoints actually performed (18+).
    public var checkpointsDone: Int?
    /// `restartpoints_timed`.
    public var restartpointsTimed: Int?
    /// `restartpoints_req`.
    public var restartpointsRequested: Int?
    /// `restartpoints_done`.
    public var restartpointsDone: Int?
    /// `write_time` in milliseconds.
    public var writeTimeMilliseconds: Double?
    /// `sync_time` in milliseconds.
    public var syncTimeMilliseconds: Double?
    /// `buffers_written`.
    public var buffersWritten: Int?
    /// `slru_written` (18+).
    public var slruWritten: Int?
    /// `stats_reset`.
    public var statsReset: String?

    /// Creates an empty row.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case checkpointsTimed = "num_timed"
        case checkpointsRequested = "num_requested"
        case checkpointsDone = "num_done"
        case restartpointsTimed = "restartpoints_timed"
        case restartpointsRequested = "restartpoints_req"
        case restartpointsDone = "restartpoints_done"
        case writeTimeMilliseconds = "write_time_ms"
        case syncTimeMilliseconds = "sync_time_ms"
        case buffersWritten = "buffers_written"
        case slruWritten = "slru_written"
        case statsReset = "stats_reset"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checkpointsTimed, forKey: .checkpointsTimed)
        try c.encode(checkpointsRequested, forKey: .checkpointsRequested)
        try c.encode(checkpointsDone, forKey: .checkpointsDone)
        try c.encode(restartpointsTimed, forKey: .restartpointsTimed)
        try c.encode(restartpointsRequested, forKey: .restartpointsRequested)
        try c.encode(restartpointsDone, forKey: .restartpointsDone)
        try c.encode(writeTimeMilliseconds, forKey: .writeTimeMilliseconds)
        try c.encode(syncTimeMilliseconds, forKey: .syncTimeMilliseconds)
        try c.encode(buffersWritten, forKey: .buffersWritten)
        try c.encode(slruWritten, forKey: .slruWritten)
        try c.encode(statsReset, forKey: .statsReset)
    }
}
