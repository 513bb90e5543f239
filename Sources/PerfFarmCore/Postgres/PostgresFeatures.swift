/// What a PostgreSQL server version has, among the features perffarm uses: statistics views and columns, the
/// statistics resets, SQL options. The one place that knows which version brought (or removed) what; the
/// collectors' queries and the cluster's statements ask it.
///
/// ```swift
/// let features = PostgresFeatures(serverVersion: 150018)
/// features.has(.statWAL)              // true (14+)
/// features.has(.statIO)               // false (16+)
/// features.statisticsResets           // the reset statements to run before a benchmark run
/// ```
public struct PostgresFeatures: Sendable, Equatable {
    /// One feature: the first version that has it and, when a later one removed it, the first without.
    public struct Feature: Sendable, Equatable, CustomStringConvertible {
        /// What it is (`pg_stat_wal`, `CREATE DATABASE ... STRATEGY`).
        public let name: String
        /// The first `server_version_num` that has it (`140000`).
        public let since: Int
        /// The first `server_version_num` that no longer has it; `nil` while every later version has it.
        public let until: Int?

        /// Creates a feature.
        public init(_ name: String, since: Int, until: Int? = nil) {
            self.name = name
            self.since = since
            self.until = until
        }

        public var description: String {
            var text = "\(name) (PostgreSQL \(Self.major(since))+"
            if let until { text += ", before \(Self.major(until))" }
            return text + ")"
        }

        /// Why a server lacks it: `pg_stat_wal: needs PostgreSQL 14 or later`.
        public var missingNote: String {
            "\(name): needs PostgreSQL \(Self.major(since)) or later"
        }

        /// `14` of `140000`, `9.6` of `90600`.
        static func major(_ number: Int) -> String {
            number >= 100_000 ? String(number / 10_000) : "\(number / 10_000).\(number / 100 % 100)"
        }
    }

    /// `server_version_num` (`150018`).
    public var serverVersion: Int

    /// The features of `serverVersion`.
    public init(serverVersion: Int) {
        self.serverVersion = serverVersion
    }

    /// Whether the version has `feature`.
    public func has(_ feature: Feature) -> Bool {
        serverVersion >= feature.since && feature.until.map { serverVersion < $0 } != false
    }

    /// The statements run before every benchmark run, after `CHECKPOINT`: every statistics reset the version
    /// has (the connected database's counters, the shared ones, and `pg_stat_statements` when it is there).
    /// - Parameter pgStatStatements: whether `pg_stat_statements` is installed and preloaded.
    public func statisticsResets(pgStatStatements: Bool) -> [String] {
        var statements = ["SELECT pg_stat_reset()", "SELECT pg_stat_reset_shared('bgwriter')"]
        if has(.statWAL) { statements.append("SELECT pg_stat_reset_shared('wal')") }
        if has(.statIO) { statements.append("SELECT pg_stat_reset_shared('io')") }
        if has(.statCheckpointer) { statements.append("SELECT pg_stat_reset_shared('checkpointer')") }
        if pgStatStatements { statements.append("SELECT pg_stat_statements_reset()") }
        return statements
    }

    /// The `pg_stat_statements` extension version the server version ships (for when it is not installed).
    public var defaultStatementsExtensionVersion: String {
        switch serverVersion {
        case 180_000...: "1.12"
        case 170_000...: "1.11"
        case 150_000...: "1.10"
        case 140_000...: "1.9"
        case 130_000...: "1.8"
        case 120_000...: "1.7"
        default: "1.6"
        }
    }
}

extension PostgresFeatures.Feature {
    // MARK: Statistics views

    /// `pg_stat_wal`.
    public static let statWAL = Self("pg_stat_wal", since: 140_000)
    /// `pg_stat_io`.
    public static let statIO = Self("pg_stat_io", since: 160_000)
    /// `pg_stat_checkpointer` (the checkpointer's counters left `pg_stat_bgwriter`).
    public static let statCheckpointer = Self("pg_stat_checkpointer", since: 170_000)

    // MARK: Statistics columns

    /// `pg_stat_database.checksum_failures`.
    public static let databaseChecksumFailures = Self("pg_stat_database.checksum_failures", since: 120_000)
    /// `pg_stat_database.session_time`, `active_time`, `sessions`, ... (session statistics).
    public static let databaseSessions = Self("pg_stat_database session statistics", since: 140_000)
    /// `pg_stat_bgwriter.checkpoints_timed`, `buffers_checkpoint`, `buffers_backend`, ... (moved in 17).
    public static let bgwriterCheckpoints = Self(
        "pg_stat_bgwriter checkpointer and backend columns", since: 0, until: 170_000)
    /// `pg_stat_checkpointer.num_done` and `slru_written`.
    public static let checkpointerDoneAndSLRU = Self("pg_stat_checkpointer.num_done, slru_written", since: 180_000)
    /// `pg_stat_wal.wal_write`, `wal_sync` and their times (moved to `pg_stat_io` in 18).
    public static let walWritesAndSyncs = Self("pg_stat_wal write and sync columns", since: 140_000, until: 180_000)
    /// `pg_stat_io.read_bytes`, `write_bytes`, `extend_bytes`.
    public static let ioBytes = Self("pg_stat_io byte columns", since: 180_000)
    /// `pg_stat_io.op_bytes` (replaced by the byte columns in 18).
    public static let ioOperationBytes = Self("pg_stat_io.op_bytes", since: 160_000, until: 180_000)

    // MARK: SQL

    /// `DROP DATABASE ... WITH (FORCE)`.
    public static let dropDatabaseForce = Self("DROP DATABASE ... WITH (FORCE)", since: 130_000)
    /// `CREATE DATABASE ... STRATEGY = FILE_COPY` (15 made `WAL_LOG` the default).
    public static let createDatabaseStrategy = Self("CREATE DATABASE ... STRATEGY", since: 150_000)
}
