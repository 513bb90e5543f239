public import Foundation

/// What a collection of the machine and a server holds: every section asked for, `null` for the others. The
/// document `perffarm collect --json` prints.
public struct CollectionReport: Codable, Sendable, Equatable {
    /// The server part of the document.
    public struct Postgres: Codable, Sendable, Equatable {
        /// What was connected to, without the password (`host=/tmp port=5433 dbname=bench`).
        public var connection: String
        /// The server's version and settings.
        public var server: PostgresServerInfo
        /// A snapshot of its statistics views.
        public var statistics: PostgresStatisticsSnapshot

        /// Creates the section.
        public init(connection: String, server: PostgresServerInfo, statistics: PostgresStatisticsSnapshot) {
            self.connection = connection
            self.server = server
            self.statistics = statistics
        }
    }

    /// The version of this document's format (``PerfFarmSchema/version``).
    public var schemaVersion: Int
    /// When the collection started.
    @Timestamp public var collectedAt: Date
    /// The machine inventory.
    @Nullable public var system: MachineInventory?
    /// The environment fingerprint (with the inventory).
    @Nullable public var fingerprint: EnvironmentFingerprint?
    /// The preflight checks.
    @Nullable public var preflight: PreflightReport?
    /// The server's information and statistics.
    @Nullable public var postgres: Postgres?
    /// The sampled series.
    @Nullable public var series: SystemSeries?
    /// What was asked for but could not be collected, one sentence each (the compiler's version).
    @DefaultEmpty public var notes: [String]

    /// Creates an empty report.
    public init(collectedAt: Date) {
        schemaVersion = PerfFarmSchema.version
        self.collectedAt = collectedAt
        notes = []
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case collectedAt = "collected_at"
        case system, fingerprint, preflight, postgres, series, notes
    }
}
