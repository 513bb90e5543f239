import PerfFarmCollectors
import PerfFarmCore
import Testing

@Suite("PostgreSQL queries by version and settings normalisation")
struct PostgresQueryTests {
    @Test func viewsAbsentBeforeTheirVersion() {
        #expect(PostgresStatisticsQueries.wal(version: 130_000) == nil)
        #expect(PostgresStatisticsQueries.wal(version: 140_000) != nil)
        #expect(PostgresStatisticsQueries.io(version: 150_018) == nil)
        #expect(PostgresStatisticsQueries.io(version: 160_000) != nil)
        #expect(PostgresStatisticsQueries.checkpointer(version: 160_004) == nil)
        #expect(PostgresStatisticsQueries.checkpointer(version: 170_000) != nil)
    }

    @Test func bgwriterLosesTheCheckpointerColumnsIn17() {
        let pg16 = PostgresStatisticsQueries.bgwriter(version: 160_000)
        let pg17 = PostgresStatisticsQueries.bgwriter(version: 170_000)
        #expect(pg16.contains("checkpoints_timed,"))
        #expect(!pg16.contains("NULL::"))
        #expect(pg17.contains("NULL::bigint AS checkpoints_timed"))
        #expect(pg17.contains("NULL::bigint AS buffers_backend,"))
        #expect(pg17.contains("buffers_clean"))
    }

    @Test func databaseColumnsBySince() {
        let pg11 = PostgresStatisticsQueries.database(version: 110_000)
        #expect(pg11.contains("NULL::bigint AS checksum_failures"))
        #expect(pg11.contains("NULL::double precision AS session_time"))
        let pg14 = PostgresStatisticsQueries.database(version: 140_000)
        #expect(pg14.contains(", session_time,"))
        #expect(!pg14.contains("NULL::"))
    }

    @Test func walAndIOColumnsOf18() {
        let wal18 = PostgresStatisticsQueries.wal(version: 180_000)!
        #expect(wal18.contains("NULL::bigint AS wal_write"))
        let io17 = PostgresStatisticsQueries.io(version: 170_000)!
        let io18 = PostgresStatisticsQueries.io(version: 180_000)!
        #expect(io17.contains(", op_bytes,") && io17.contains("NULL::numeric AS read_bytes"))
        #expect(io18.contains("NULL::bigint AS op_bytes") && io18.contains(", read_bytes,"))
        #expect(PostgresStatisticsQueries.checkpointer(version: 170_000)!.contains("NULL::bigint AS num_done"))
        #expect(PostgresStatisticsQueries.checkpointer(version: 180_000)!.contains("num_done,"))
    }

    @Test func statementsColumnsFollowTheExtensionVersion() {
        let v17 = PostgresStatisticsQueries.statements(extensionVersion: "1.7", schema: "public")
        #expect(v17.contains("total_time AS total_exec_time"))
        #expect(v17.contains("NULL::bigint AS plans"))
        #expect(v17.contains("NULL::boolean AS toplevel"))
        #expect(v17.contains("blk_read_time AS shared_blk_read_time"))
        let v18 = PostgresStatisticsQueries.statements(extensionVersion: "1.8", schema: "public")
        #expect(v18.contains("total_exec_time,") && !v18.contains("total_time AS"))
        #expect(v18.contains("NULL::boolean AS toplevel"))
        let v110 = PostgresStatisticsQueries.statements(extensionVersion: "1.10", schema: "\"my schema\"")
        #expect(v110.contains(", toplevel,"))
        #expect(v110.contains("FROM \"my schema\".pg_stat_statements"))
        #expect(v110.contains("blk_read_time AS shared_blk_read_time"))
        let v111 = PostgresStatisticsQueries.statements(extensionVersion: "1.11", schema: "public")
        #expect(v111.contains(", shared_blk_read_time,"))
        #expect(v111.hasSuffix("ORDER BY total_exec_time DESC LIMIT $1"))
        #expect(PostgresStatisticsQueries.defaultStatementsVersion(serverVersion: 130_000) == "1.8")
        #expect(PostgresStatisticsQueries.defaultStatementsVersion(serverVersion: 170_002) == "1.11")
    }

    @Test(
        arguments: [
            ("shared_buffers", "16384", "8kB", "integer", 128 << 20, nil, nil),
            ("work_mem", "4096", "kB", "integer", 4 << 20, nil, nil),
            ("max_wal_size", "1024", "MB", "integer", 1 << 30, nil, nil),
            ("checkpoint_timeout", "300", "s", "integer", nil, 300_000.0, nil),
            ("autovacuum_naptime", "1", "min", "integer", nil, 60_000.0, nil),
            ("vacuum_cost_delay", "0", "ms", "real", nil, 0.0, nil),
            ("autovacuum_work_mem", "-1", "kB", "integer", nil, nil, -1.0),
            ("max_connections", "100", nil, "integer", nil, nil, 100.0),
            ("random_page_cost", "1.1", nil, "real", nil, nil, 1.1),
            ("fsync", "on", nil, "bool", nil, nil, nil),
        ] as [(String, String, String?, String, Int?, Double?, Double?)])
    func normalisedValues(
        name: String, setting: String, unit: String?, type: String, bytes: Int?, ms: Double?, number: Double?
    ) {
        let normalized = PostgresSettingNormalizer.normalize(
            name: name, setting: setting, unit: unit, type: type, source: "default", bootValue: setting)
        #expect(normalized.valueBytes == bytes)
        #expect(normalized.valueMilliseconds == ms)
        #expect(normalized.valueNumber == number)
        #expect(!normalized.isNonDefault)
    }

    @Test func nonDefaultRule() {
        func setting(_ source: String, _ value: String) -> PostgresSetting {
            PostgresSettingNormalizer.normalize(
                name: "x", setting: value, unit: nil, type: "integer", source: source, bootValue: "10")
        }
        #expect(setting("configuration file", "20").isNonDefault)
        #expect(setting("command line", "20").isNonDefault)
        #expect(!setting("configuration file", "10").isNonDefault)
        #expect(!setting("client", "20").isNonDefault)
        #expect(!setting("override", "20").isNonDefault)
        let info = PostgresServerInfo(
            version: "PostgreSQL 15", versionNumber: 150_000, settings: [setting("command line", "20")])
        #expect(info.nonDefaultSettings == ["x"])
    }

    @Test func deltaSubtractsCountersAndKeepsGauges() {
        var before = PostgresStatisticsSnapshot(
            collectedAt: TimestampFormat.date(from: "2025-03-01T12:00:00.000Z")!, serverVersionNumber: 150_000)
        var after = PostgresStatisticsSnapshot(
            collectedAt: TimestampFormat.date(from: "2025-03-01T12:00:10.500Z")!, serverVersionNumber: 150_000)
        var first = PostgresDatabaseStatistics(database: "bench")
        first.backends = 3
        first.transactionsCommitted = 100
        first.blockReadTimeMilliseconds = 1.5
        var second = first
        second.backends = 1
        second.transactionsCommitted = 350
        second.blockReadTimeMilliseconds = 4.0
        before.database = first
        after.database = second
        var io1 = PostgresIOStatistics(backendType: "client backend", object: "relation", context: "normal")
        io1.reads = 10
        var io2 = io1
        io2.reads = 25
        before.io = [io1]
        after.io = [io2, PostgresIOStatistics(backendType: "checkpointer", object: "relation", context: "normal")]
        var wal = PostgresWALStatistics()
        wal.bytes = 1000
        after.wal = wal  // absent before: absent from the delta
        let delta = after.delta(since: before)
        #expect(delta.intervalSeconds == 10.5)
        #expect(delta.database?.transactionsCommitted == 250)
        #expect(delta.database?.backends == 1)
        #expect(delta.database?.blockReadTimeMilliseconds == 2.5)
        #expect(delta.io?.first?.reads == 15)
        #expect(delta.io?.count == 2)
        #expect(delta.wal == nil)
        // A counter that went back (statistics reset) keeps its later value.
        var reset = second
        reset.transactionsCommitted = 40
        #expect(reset.delta(since: first).transactionsCommitted == 40)
    }
}
