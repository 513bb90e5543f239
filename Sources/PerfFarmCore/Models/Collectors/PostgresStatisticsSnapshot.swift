public import Foundation

/// The statistics views of one server at one moment, or (as a delta) what changed between two moments.
///
/// A section is `nil` when the server has no such view (`pg_stat_wal` before 14, `pg_stat_io` before 16,
/// `pg_stat_checkpointer` before 17) or when it could not be read (`pg_stat_statements` not installed or
/// not preloaded); ``notes`` says why.
public struct PostgresStatisticsSnapshot: Codable, Sendable, Equatable {
    /// The top statements of `pg_stat_statements` by total execution time.
    public struct Statements: Codable, Sendable, Equatable {
        /// The installed extension version (`1.10`), which decides the column names.
        public var extensionVersion: String
        /// How many statements were asked for.
        public var limit: Int
        /// The statements, by total execution time, largest first.
        public var statements: [PostgresStatementStatistics]

        /// Creates a section.
        public init(extensionVersion: String, limit: Int, statements: [PostgresStatementStatistics]) {
            self.extensionVersion = extensionVersion
            self.limit = limit
            self.statements = statements
        }

        enum CodingKeys: String, CodingKey {
            case extensionVersion = "extension_version"
            case limit, statements
        }
    }

    /// When the snapshot was taken (the later one for a delta).
    @Timestamp public var collectedAt: Date
    /// For a delta, the seconds between the two snapshots; `nil` for a snapshot.
    @Nullable public var intervalSeconds: Double?
    /// `server_version_num` of the server.
    public var serverVersionNumber: Int
    /// `pg_stat_database` for the connected database.
    @Nullable public var database: PostgresDatabaseStatistics?
    /// `pg_stat_bgwriter`.
    @Nullable public var bgwriter: PostgresBgwriterStatistics?
    /// `pg_stat_checkpointer` (17+).
    @Nullable public var checkpointer: PostgresCheckpointerStatistics?
    /// `pg_stat_wal` (14+).
    @Nullable public var wal: PostgresWALStatistics?
    /// `pg_stat_io` (16+), rows in the server's order.
    @Nullable public var io: [PostgresIOStatistics]?
    /// `pg_stat_statements` when the extension is installed in the database and preloaded.
    @Nullable public var statements: Statements?
    /// Why sections are absent, one sentence each (`pg_stat_wal: needs PostgreSQL 14 or later`).
    public var notes: [String]

    /// Creates a snapshot with no sections.
    public init(collectedAt: Date, serverVersionNumber: Int) {
        self.collectedAt = collectedAt
        self.serverVersionNumber = serverVersionNumber
        notes = []
    }

    enum CodingKeys: String, CodingKey {
        case collectedAt = "collected_at"
        case intervalSeconds = "interval_s"
        case serverVersionNumber = "server_version_num"
        case database = "pg_stat_database"
        case bgwriter = "pg_stat_bgwriter"
        case checkpointer = "pg_stat_checkpointer"
        case wal = "pg_stat_wal"
        case io = "pg_stat_io"
        case statements = "pg_stat_statements"
        case notes
    }
}
