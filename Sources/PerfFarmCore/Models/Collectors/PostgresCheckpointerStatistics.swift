public import Foundation

/// `pg_stat_checkpointer` (PostgreSQL 17+).
public struct PostgresCheckpointerStatistics: Codable, Sendable, Equatable {
    /// `num_timed`: scheduled checkpoints.
    @Nullable public var checkpointsTimed: Int?
    /// `num_requested`: requested checkpoints.
    @Nullable public var checkpointsRequested: Int?
    /// `num_done`: checkpoints actually performed (18+).
    @Nullable public var checkpointsDone: Int?
    /// `restartpoints_timed`.
    @Nullable public var restartpointsTimed: Int?
    /// `restartpoints_req`.
    @Nullable public var restartpointsRequested: Int?
    /// `restartpoints_done`.
    @Nullable public var restartpointsDone: Int?
    /// `write_time` in milliseconds.
    @Nullable public var writeTimeMilliseconds: Double?
    /// `sync_time` in milliseconds.
    @Nullable public var syncTimeMilliseconds: Double?
    /// `buffers_written`.
    @Nullable public var buffersWritten: Int?
    /// `slru_written` (18+).
    @Nullable public var slruWritten: Int?
    /// `stats_reset`.
    @Timestamp public var statsReset: Date?

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
}
