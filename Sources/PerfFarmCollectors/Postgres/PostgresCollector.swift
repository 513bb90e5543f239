import Foundation
public import PerfFarmCore
public import PerfFarmPostgres

/// Reads a server's version, settings and statistics views through a `PostgresSession`.
///
/// As a ``Collector`` it yields a ``PostgresStatisticsSnapshot``; take one before and one after a run and
/// call ``PostgresStatisticsSnapshot/delta(since:)``. Queries are chosen by server version; a view the
/// server lacks, or cannot show (`pg_stat_statements` not preloaded), is an absent section with a note.
public struct PostgresCollector: Collector {
    /// The connection used for every query.
    public let connection: any PostgresSession
    /// How many statements of `pg_stat_statements` a snapshot keeps.
    public var statementLimit: Int

    public var name: String { "postgres_statistics" }

    /// Creates a collector.
    /// - Parameters:
    ///   - connection: a connection to the benchmark database.
    ///   - statementLimit: the top N statements by total execution time to keep.
    public init(connection: any PostgresSession, statementLimit: Int = 20) {
        self.connection = connection
        self.statementLimit = statementLimit
    }

    /// The server's version string, version number, settings and (with the privilege) configure options.
    /// - Throws: ``PerfFarmError`` when a query fails.
    public func serverInfo() async throws -> PostgresServerInfo {
        let version = try await queryChecked("SELECT version() AS version").first?.require(String.self, "version")
        let number = try await connection.serverVersionNumber()
        let settings = try await queryChecked(PostgresStatisticsQueries.settings).map { row in
            PostgresSettingNormalizer.normalize(
                name: try row.require(String.self, "name"), setting: try row.decode(String.self, "setting") ?? "",
                unit: try row.decode(String.self, "unit"), type: try row.require(String.self, "vartype"),
                source: try row.require(String.self, "source"), bootValue: try row.decode(String.self, "boot_val"))
        }
        // pg_config is readable by superusers only (and by pg_read_all_settings members from 15? no: superuser).
        let configure = try? await connection.query(
            "SELECT setting FROM pg_catalog.pg_config WHERE name = 'CONFIGURE'"
        ).first?.decode(String.self, "setting")
        return PostgresServerInfo(
            version: version ?? "", versionNumber: number, settings: settings, configureOptions: configure ?? nil)
    }

    /// A snapshot of every statistics view the server has.
    public func collect() async throws -> PostgresStatisticsSnapshot {
        try await snapshot()
    }

    /// A snapshot of every statistics view the server has.
    /// - Returns: the snapshot; sections the server lacks are `nil`, with a note.
    /// - Throws: ``PerfFarmError`` when the connection fails or a view the version should have cannot be read.
    public func snapshot() async throws -> PostgresStatisticsSnapshot {
        let version = try await connection.serverVersionNumber()
        var snapshot = PostgresStatisticsSnapshot(
            collectedAt: Date(), serverVersionNumber: version)

        snapshot.database =
            try await optionalSection("pg_stat_database", into: &snapshot) {
                try await queryChecked(PostgresStatisticsQueries.database(version: version)).first.map(Self.database)
            } ?? nil
        snapshot.bgwriter =
            try await optionalSection("pg_stat_bgwriter", into: &snapshot) {
                try await queryChecked(PostgresStatisticsQueries.bgwriter(version: version)).first.map(Self.bgwriter)
            } ?? nil
        if let sql = PostgresStatisticsQueries.checkpointer(version: version) {
            snapshot.checkpointer =
                try await optionalSection("pg_stat_checkpointer", into: &snapshot) {
                    try await queryChecked(sql).first.map(Self.checkpointer)
                } ?? nil
        } else {
            snapshot.notes.append(PostgresFeatures.Feature.statCheckpointer.missingNote)
        }
        if let sql = PostgresStatisticsQueries.wal(version: version) {
            snapshot.wal =
                try await optionalSection("pg_stat_wal", into: &snapshot) {
                    try await queryChecked(sql).first.map(Self.wal)
                } ?? nil
        } else {
            snapshot.notes.append(PostgresFeatures.Feature.statWAL.missingNote)
        }
        if let sql = PostgresStatisticsQueries.io(version: version) {
            snapshot.io = try await optionalSection("pg_stat_io", into: &snapshot) {
                try await queryChecked(sql).map(Self.io)
            }
        } else {
            snapshot.notes.append(PostgresFeatures.Feature.statIO.missingNote)
        }
        snapshot.statements = try await statements(into: &snapshot)
        return snapshot
    }

    /// Empties `pg_stat_statements` (call it before a run, so the after-run snapshot holds the run alone).
    /// - Returns: whether the extension is installed and was reset.
    /// - Throws: ``PerfFarmError`` when the reset is refused (it needs superuser or a grant).
    @discardableResult
    public func resetStatementStatistics() async throws -> Bool {
        guard let row = try await queryChecked(PostgresStatisticsQueries.statementsExtension).first else {
            return false
        }
        let schema = try row.require(String.self, "schema")
        _ = try await queryChecked("SELECT \(schema).pg_stat_statements_reset()")
        return true
    }

    // MARK: - Sections

    private func statements(into snapshot: inout PostgresStatisticsSnapshot) async throws
        -> PostgresStatisticsSnapshot.Statements?
    {
        guard let row = try await queryChecked(PostgresStatisticsQueries.statementsExtension).first else {
            snapshot.notes.append(
                "pg_stat_statements: the extension is not installed in this database "
                    + "(CREATE EXTENSION pg_stat_statements, with it in shared_preload_libraries)")
            return nil
        }
        let extensionVersion = try row.require(String.self, "extversion")
        let schema = try row.require(String.self, "schema")
        let sql = PostgresStatisticsQueries.statements(extensionVersion: extensionVersion, schema: schema)
        do {
            let rows = try await connection.query(sql, [String(statementLimit)])
            return PostgresStatisticsSnapshot.Statements(
                extensionVersion: extensionVersion, limit: statementLimit, statements: try rows.map(Self.statement))
        } catch let error as PostgresQueryError {
            // 55000: "pg_stat_statements must be loaded via shared_preload_libraries".
            guard error.sqlState == "55000" || error.isUndefinedObject || error.sqlState == "42501" else {
                throw error.perfFarmError
            }
            snapshot.notes.append("pg_stat_statements: \(error.message)")
            return nil
        }
    }

    /// Runs a section's query; a view or column the server does not have makes the section absent.
    private func optionalSection<T>(
        _ view: String, into snapshot: inout PostgresStatisticsSnapshot, _ body: () async throws -> T
    ) async throws -> T? {
        do {
            return try await body()
        } catch let error as PerfFarmError where error.code == .postgresQuery && error.key == "undefined" {
            snapshot.notes.append("\(view): \(error.message)")
            return nil
        }
    }

    /// Runs a query; a server error becomes a ``PerfFarmError`` (`postgres_query`), with key `undefined`
    /// when the server lacks the relation, column or function.
    private func queryChecked(_ sql: String, _ parameters: [String?] = []) async throws -> [PostgresRow] {
        do {
            return try await connection.query(sql, parameters)
        } catch let error as PostgresQueryError {
            throw PerfFarmError(.postgresQuery, error.description, key: error.isUndefinedObject ? "undefined" : nil)
        }
    }

    // MARK: - Row decoding

    static func database(_ row: PostgresRow) throws -> PostgresDatabaseStatistics {
        var s = PostgresDatabaseStatistics(database: try row.require(String.self, "datname"))
        s.backends = try row.decode(Int.self, "numbackends")
        s.transactionsCommitted = try row.decode(Int.self, "xact_commit")
        s.transactionsRolledBack = try row.decode(Int.self, "xact_rollback")
        s.blocksRead = try row.decode(Int.self, "blks_read")
        s.blocksHit = try row.decode(Int.self, "blks_hit")
        s.tuplesReturned = try row.decode(Int.self, "tup_returned")
        s.tuplesFetched = try row.decode(Int.self, "tup_fetched")
        s.tuplesInserted = try row.decode(Int.self, "tup_inserted")
        s.tuplesUpdated = try row.decode(Int.self, "tup_updated")
        s.tuplesDeleted = try row.decode(Int.self, "tup_deleted")
        s.conflicts = try row.decode(Int.self, "conflicts")
        s.tempFiles = try row.decode(Int.self, "temp_files")
        s.tempBytes = try row.decode(Int.self, "temp_bytes")
        s.deadlocks = try row.decode(Int.self, "deadlocks")
        s.checksumFailures = try row.decode(Int.self, "checksum_failures")
        s.blockReadTimeMilliseconds = try row.decode(Double.self, "blk_read_time")
        s.blockWriteTimeMilliseconds = try row.decode(Double.self, "blk_write_time")
        s.sessionTimeMilliseconds = try row.decode(Double.self, "session_time")
        s.activeTimeMilliseconds = try row.decode(Double.self, "active_time")
        s.idleInTransactionTimeMilliseconds = try row.decode(Double.self, "idle_in_transaction_time")
        s.sessions = try row.decode(Int.self, "sessions")
        s.sessionsAbandoned = try row.decode(Int.self, "sessions_abandoned")
        s.sessionsFatal = try row.decode(Int.self, "sessions_fatal")
        s.sessionsKilled = try row.decode(Int.self, "sessions_killed")
        s.statsReset = try row.decode(String.self, "stats_reset").flatMap(TimestampFormat.date(from:))
        return s
    }

    static func bgwriter(_ row: PostgresRow) throws -> PostgresBgwriterStatistics {
        var s = PostgresBgwriterStatistics()
        s.checkpointsTimed = try row.decode(Int.self, "checkpoints_timed")
        s.checkpointsRequested = try row.decode(Int.self, "checkpoints_req")
        s.checkpointWriteTimeMilliseconds = try row.decode(Double.self, "checkpoint_write_time")
        s.checkpointSyncTimeMilliseconds = try row.decode(Double.self, "checkpoint_sync_time")
        s.buffersCheckpoint = try row.decode(Int.self, "buffers_checkpoint")
        s.buffersClean = try row.decode(Int.self, "buffers_clean")
        s.maxWrittenClean = try row.decode(Int.self, "maxwritten_clean")
        s.buffersBackend = try row.decode(Int.self, "buffers_backend")
        s.buffersBackendFsync = try row.decode(Int.self, "buffers_backend_fsync")
        s.buffersAllocated = try row.decode(Int.self, "buffers_alloc")
        s.statsReset = try row.decode(String.self, "stats_reset").flatMap(TimestampFormat.date(from:))
        return s
    }

    static func checkpointer(_ row: PostgresRow) throws -> PostgresCheckpointerStatistics {
        var s = PostgresCheckpointerStatistics()
        s.checkpointsTimed = try row.decode(Int.self, "num_timed")
        s.checkpointsRequested = try row.decode(Int.self, "num_requested")
        s.checkpointsDone = try row.decode(Int.self, "num_done")
        s.restartpointsTimed = try row.decode(Int.self, "restartpoints_timed")
        s.restartpointsRequested = try row.decode(Int.self, "restartpoints_req")
        s.restartpointsDone = try row.decode(Int.self, "restartpoints_done")
        s.writeTimeMilliseconds = try row.decode(Double.self, "write_time")
        s.syncTimeMilliseconds = try row.decode(Double.self, "sync_time")
        s.buffersWritten = try row.decode(Int.self, "buffers_written")
        s.slruWritten = try row.decode(Int.self, "slru_written")
        s.statsReset = try row.decode(String.self, "stats_reset").flatMap(TimestampFormat.date(from:))
        return s
    }

    static func wal(_ row: PostgresRow) throws -> PostgresWALStatistics {
        var s = PostgresWALStatistics()
        s.records = try row.decode(Int.self, "wal_records")
        s.fullPageImages = try row.decode(Int.self, "wal_fpi")
        s.bytes = try row.decode(Int.self, "wal_bytes")
        s.buffersFull = try row.decode(Int.self, "wal_buffers_full")
        s.writes = try row.decode(Int.self, "wal_write")
        s.syncs = try row.decode(Int.self, "wal_sync")
        s.writeTimeMilliseconds = try row.decode(Double.self, "wal_write_time")
        s.syncTimeMilliseconds = try row.decode(Double.self, "wal_sync_time")
        s.statsReset = try row.decode(String.self, "stats_reset").flatMap(TimestampFormat.date(from:))
        return s
    }

    static func io(_ row: PostgresRow) throws -> PostgresIOStatistics {
        var s = PostgresIOStatistics(
            backendType: try row.require(String.self, "backend_type"), object: try row.require(String.self, "object"),
            context: try row.require(String.self, "context"))
        s.reads = try row.decode(Int.self, "reads")
        s.readBytes = try row.decode(Int.self, "read_bytes")
        s.readTimeMilliseconds = try row.decode(Double.self, "read_time")
        s.writes = try row.decode(Int.self, "writes")
        s.writeBytes = try row.decode(Int.self, "write_bytes")
        s.writeTimeMilliseconds = try row.decode(Double.self, "write_time")
        s.writebacks = try row.decode(Int.self, "writebacks")
        s.writebackTimeMilliseconds = try row.decode(Double.self, "writeback_time")
        s.extends = try row.decode(Int.self, "extends")
        s.extendBytes = try row.decode(Int.self, "extend_bytes")
        s.extendTimeMilliseconds = try row.decode(Double.self, "extend_time")
        s.operationBytes = try row.decode(Int.self, "op_bytes")
        s.hits = try row.decode(Int.self, "hits")
        s.evictions = try row.decode(Int.self, "evictions")
        s.reuses = try row.decode(Int.self, "reuses")
        s.fsyncs = try row.decode(Int.self, "fsyncs")
        s.fsyncTimeMilliseconds = try row.decode(Double.self, "fsync_time")
        s.statsReset = try row.decode(String.self, "stats_reset").flatMap(TimestampFormat.date(from:))
        return s
    }

    static func statement(_ row: PostgresRow) throws -> PostgresStatementStatistics {
        var s = PostgresStatementStatistics(
            userID: try row.require(Int.self, "userid"), databaseID: try row.require(Int.self, "dbid"),
            queryID: try row.decode(Int.self, "queryid"), topLevel: try row.decode(Bool.self, "toplevel"),
            query: try row.decode(String.self, "query") ?? "", calls: try row.require(Int.self, "calls"),
            totalExecTimeMilliseconds: try row.require(Double.self, "total_exec_time"),
            rows: try row.require(Int.self, "rows"))
        s.meanExecTimeMilliseconds = try row.decode(Double.self, "mean_exec_time")
        s.minExecTimeMilliseconds = try row.decode(Double.self, "min_exec_time")
        s.maxExecTimeMilliseconds = try row.decode(Double.self, "max_exec_time")
        s.stddevExecTimeMilliseconds = try row.decode(Double.self, "stddev_exec_time")
        s.plans = try row.decode(Int.self, "plans")
        s.totalPlanTimeMilliseconds = try row.decode(Double.self, "total_plan_time")
        s.sharedBlocksHit = try row.decode(Int.self, "shared_blks_hit")
        s.sharedBlocksRead = try row.decode(Int.self, "shared_blks_read")
        s.sharedBlocksDirtied = try row.decode(Int.self, "shared_blks_dirtied")
        s.sharedBlocksWritten = try row.decode(Int.self, "shared_blks_written")
        s.localBlocksHit = try row.decode(Int.self, "local_blks_hit")
        s.localBlocksRead = try row.decode(Int.self, "local_blks_read")
        s.tempBlocksRead = try row.decode(Int.self, "temp_blks_read")
        s.tempBlocksWritten = try row.decode(Int.self, "temp_blks_written")
        s.blockReadTimeMilliseconds = try row.decode(Double.self, "shared_blk_read_time")
        s.blockWriteTimeMilliseconds = try row.decode(Double.self, "shared_blk_write_time")
        s.walRecords = try row.decode(Int.self, "wal_records")
        s.walFullPageImages = try row.decode(Int.self, "wal_fpi")
        s.walBytes = try row.decode(Int.self, "wal_bytes")
        return s
    }
}
