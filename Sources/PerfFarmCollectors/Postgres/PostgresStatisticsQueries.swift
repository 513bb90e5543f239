import PerfFarmCore

/// The statistics queries, chosen by server version (and, for `pg_stat_statements`, by extension version).
///
/// Every query returns the same column names whatever the version: a column the version lacks is selected
/// as a typed `NULL`, a renamed one under its newest name. A view the version lacks has no query (`nil`).
/// Which version has what is Core's ``PostgresFeatures``.
public enum PostgresStatisticsQueries {
    /// Timestamps as ISO 8601 in UTC with milliseconds, like the rest of the document.
    static func timestamp(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS \(column)"
    }

    /// `name` when the server has `feature`, else a typed `NULL` under that name.
    private static func column(
        _ name: String, _ feature: PostgresFeatures.Feature, _ version: Int, type: String = "bigint"
    ) -> String {
        PostgresFeatures(serverVersion: version).has(feature) ? name : "NULL::\(type) AS \(name)"
    }

    /// `pg_settings`, every row.
    public static let settings =
        "SELECT name, setting, unit, vartype, source, boot_val FROM pg_catalog.pg_settings ORDER BY name"

    /// `pg_stat_database` for the connected database.
    public static func database(version: Int) -> String {
        let columns = [
            "datname", "numbackends", "xact_commit", "xact_rollback", "blks_read", "blks_hit", "tup_returned",
            "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "conflicts", "temp_files", "temp_bytes",
            "deadlocks", column("checksum_failures", .databaseChecksumFailures, version), "blk_read_time",
            "blk_write_time", column("session_time", .databaseSessions, version, type: "double precision"),
            column("active_time", .databaseSessions, version, type: "double precision"),
            column("idle_in_transaction_time", .databaseSessions, version, type: "double precision"),
            column("sessions", .databaseSessions, version), column("sessions_abandoned", .databaseSessions, version),
            column("sessions_fatal", .databaseSessions, version), column("sessions_killed", .databaseSessions, version),
            timestamp("stats_reset"),
        ]
        return "SELECT \(columns.joined(separator: ", ")) FROM pg_catalog.pg_stat_database "
            + "WHERE datname = current_database()"
    }

    /// `pg_stat_bgwriter` (the checkpointer's columns are `NULL` from 17).
    public static func bgwriter(version: Int) -> String {
        let columns = [
            column("checkpoints_timed", .bgwriterCheckpoints, version),
            column("checkpoints_req", .bgwriterCheckpoints, version),
            column("checkpoint_write_time", .bgwriterCheckpoints, version, type: "double precision"),
            column("checkpoint_sync_time", .bgwriterCheckpoints, version, type: "double precision"),
            column("buffers_checkpoint", .bgwriterCheckpoints, version), "buffers_clean", "maxwritten_clean",
            column("buffers_backend", .bgwriterCheckpoints, version),
            column("buffers_backend_fsync", .bgwriterCheckpoints, version), "buffers_alloc", timestamp("stats_reset"),
        ]
        return "SELECT \(columns.joined(separator: ", ")) FROM pg_catalog.pg_stat_bgwriter"
    }

    /// `pg_stat_checkpointer` (17+), or `nil` before 17.
    public static func checkpointer(version: Int) -> String? {
        guard PostgresFeatures(serverVersion: version).has(.statCheckpointer) else { return nil }
        let columns = [
            "num_timed", "num_requested", column("num_done", .checkpointerDoneAndSLRU, version), "restartpoints_timed",
            "restartpoints_req", "restartpoints_done", "write_time", "sync_time", "buffers_written",
            column("slru_written", .checkpointerDoneAndSLRU, version), timestamp("stats_reset"),
        ]
        return "SELECT \(columns.joined(separator: ", ")) FROM pg_catalog.pg_stat_checkpointer"
    }

    /// `pg_stat_wal` (14+), or `nil` before 14.
    public static func wal(version: Int) -> String? {
        guard PostgresFeatures(serverVersion: version).has(.statWAL) else { return nil }
        let columns = [
            "wal_records", "wal_fpi", "wal_bytes", "wal_buffers_full", column("wal_write", .walWritesAndSyncs, version),
            column("wal_sync", .walWritesAndSyncs, version),
            column("wal_write_time", .walWritesAndSyncs, version, type: "double precision"),
            column("wal_sync_time", .walWritesAndSyncs, version, type: "double precision"), timestamp("stats_reset"),
        ]
        return "SELECT \(columns.joined(separator: ", ")) FROM pg_catalog.pg_stat_wal"
    }

    /// `pg_stat_io` (16+), or `nil` before 16.
    public static func io(version: Int) -> String? {
        guard PostgresFeatures(serverVersion: version).has(.statIO) else { return nil }
        let columns = [
            "backend_type", "object", "context", "reads", column("read_bytes", .ioBytes, version, type: "numeric"),
            "read_time", "writes", column("write_bytes", .ioBytes, version, type: "numeric"), "write_time",
            "writebacks", "writeback_time", "extends", column("extend_bytes", .ioBytes, version, type: "numeric"),
            "extend_time", column("op_bytes", .ioOperationBytes, version), "hits", "evictions", "reuses", "fsyncs",
            "fsync_time", timestamp("stats_reset"),
        ]
        return "SELECT \(columns.joined(separator: ", ")) FROM pg_catalog.pg_stat_io "
            + "ORDER BY backend_type, object, context"
    }

    /// Where `pg_stat_statements` is installed in the connected database: its version and quoted schema.
    public static let statementsExtension =
        "SELECT e.extversion, quote_ident(n.nspname) AS schema FROM pg_catalog.pg_extension e "
        + "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'"

    /// The extension version as (major, minor): `1.10` → (1, 10).
    static func versionParts(_ text: String) -> (Int, Int) {
        let parts = text.split(separator: ".").map { Int($0) ?? 0 }
        return (parts.first ?? 0, parts.count > 1 ? parts[1] : 0)
    }

    /// The top statements of the connected database by total execution time; `$1` is the limit.
    /// - Parameters:
    ///   - extensionVersion: the installed `pg_stat_statements` version (`1.10`): 1.8 (PostgreSQL 13) renamed
    ///     `total_time` to `total_exec_time` and added planning and WAL columns, 1.9 (14) added `toplevel`,
    ///     1.11 (17) renamed `blk_read_time` to `shared_blk_read_time`.
    ///   - schema: the extension's schema, already quoted.
    public static func statements(extensionVersion: String, schema: String) -> String {
        let version = versionParts(extensionVersion)
        let renamed = version >= (1, 8)
        let exec: (String) -> String = { stat in renamed ? "\(stat)_exec_time" : "\(stat)_time AS \(stat)_exec_time" }
        let since18: (String, String) -> String = { name, type in renamed ? name : "NULL::\(type) AS \(name)" }
        let blockTimes =
            version >= (1, 11)
            ? ["shared_blk_read_time", "shared_blk_write_time"]
            : ["blk_read_time AS shared_blk_read_time", "blk_write_time AS shared_blk_write_time"]
        let columns =
            [
                "userid::bigint AS userid", "dbid::bigint AS dbid", "queryid",
                version >= (1, 9) ? "toplevel" : "NULL::boolean AS toplevel", "left(query, 4096) AS query", "calls",
                exec("total"), exec("mean"), exec("min"), exec("max"), exec("stddev"), since18("plans", "bigint"),
                since18("total_plan_time", "double precision"), "rows", "shared_blks_hit", "shared_blks_read",
                "shared_blks_dirtied", "shared_blks_written", "local_blks_hit", "local_blks_read", "temp_blks_read",
                "temp_blks_written",
            ] + blockTimes + [
                since18("wal_records", "bigint"), since18("wal_fpi", "bigint"), since18("wal_bytes", "numeric"),
            ]
        return "SELECT \(columns.joined(separator: ", ")) FROM \(schema).pg_stat_statements "
            + "WHERE dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
            + "ORDER BY total_exec_time DESC LIMIT $1"
    }

    /// The extension version a server version ships, for when the extension is not installed yet.
    public static func defaultStatementsVersion(serverVersion: Int) -> String {
        PostgresFeatures(serverVersion: serverVersion).defaultStatementsExtensionVersion
    }
}
