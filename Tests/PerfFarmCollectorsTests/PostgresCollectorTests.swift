import Foundation
import Logging
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmTestSupport
import Testing

/// Against a real PostgreSQL started by ``TestPostgresServer`` (the machine's binaries), always stopped.
@Suite("PostgreSQL collectors (real server)", .serialized, .enabled(if: TestPostgresServer.isAvailable))
struct PostgresCollectorTests {
    let logger = Logger(label: "test")

    @Test(.timeLimit(.minutes(3)))
    func versionSettingsAndSnapshotByVersion() async throws {
        var dataDirectory = ""
        try await TestPostgresServer.withServer(settings: ["shared_buffers": "16MB", "track_io_timing": "on"]) {
            server in
            dataDirectory = server.dataDirectory
            let connection = try PostgresConnection(conninfo: server.conninfo(), logger: logger)
            let collector = PostgresCollector(connection: connection)
            let info = try await collector.serverInfo()
            #expect(info.version.hasPrefix("PostgreSQL "))
            #expect(info.versionNumber >= 100_000)
            let sharedBuffers = try #require(info.settings.first { $0.name == "shared_buffers" })
            #expect(sharedBuffers.unit == "8kB")
            #expect(sharedBuffers.setting == "2048")
            #expect(sharedBuffers.valueBytes == 16 << 20)
            #expect(sharedBuffers.source == "command line")
            #expect(sharedBuffers.isNonDefault)
            #expect(info.nonDefaultSettings.contains("shared_buffers"))
            #expect(info.nonDefaultSettings.contains("track_io_timing"))
            let timeout = try #require(info.settings.first { $0.name == "checkpoint_timeout" })
            #expect(timeout.valueMilliseconds == 300_000)
            #expect(!timeout.isNonDefault)
            #expect(info.configureOptions?.isEmpty == false)  // superuser may read pg_config

            let snapshot = try await collector.snapshot()
            let version = info.versionNumber
            #expect(snapshot.serverVersionNumber == version)
            #expect(snapshot.database?.database == "postgres")
            #expect((snapshot.database?.transactionsCommitted ?? 0) > 0)
            #expect(snapshot.bgwriter?.buffersAllocated != nil)
            #expect((snapshot.wal != nil) == (version >= 140_000))
            #expect((snapshot.io != nil) == (version >= 160_000))
            #expect((snapshot.checkpointer != nil) == (version >= 170_000))
            #expect((snapshot.bgwriter?.checkpointsTimed != nil) == (version < 170_000))
            if version < 160_000 { #expect(snapshot.notes.contains("pg_stat_io: needs PostgreSQL 16 or later")) }
            #expect(snapshot.statements == nil)
            #expect(snapshot.notes.contains { $0.hasPrefix("pg_stat_statements: the extension is not installed") })
            await connection.close()
        }
        #expect(TestPostgresServer.processes(usingDataDirectory: dataDirectory).isEmpty)
    }

    @Test(.timeLimit(.minutes(3)))
    func deltaAfterPgbenchAndStatementsWhenPreloaded() async throws {
        var dataDirectory = ""
        try await TestPostgresServer.withServer(settings: ["shared_preload_libraries": "pg_stat_statements"]) {
            server in
            dataDirectory = server.dataDirectory
            try await server.psql("CREATE EXTENSION pg_stat_statements")
            try await server.pgbench(["-i", "-s", "1", "-q"])
            let connection = try PostgresConnection(conninfo: server.conninfo(), logger: logger)
            let collector = PostgresCollector(connection: connection, statementLimit: 5)
            #expect(try await collector.resetStatementStatistics())
            let before = try await collector.snapshot()
            let pid = try #require(server.postmasterPID)
            let sampler = SystemSampler(
                reader: SystemCountersReader(postmasterPID: pid), interval: .milliseconds(100))
            let (_, series) = try await sampler.sample {
                try await server.pgbench(["-c", "2", "-t", "50", "-n"])
                try await Task.sleep(for: .milliseconds(250))
            }
            let after = try await collector.snapshot()
            #expect(series.postmasterPID == pid)
            #expect(series.samples.count >= 2)
            #expect(series.samples.allSatisfy { ($0.postgresCPU?.processes ?? 0) >= 5 })  // postmaster + auxiliaries
            let postgresCPU = series.samples.compactMap(\.postgresCPU).reduce(0) {
                $0 + $1.userSeconds + $1.systemSeconds
            }
            #expect(postgresCPU > 0)
            let delta = after.delta(since: before)

            #expect((delta.intervalSeconds ?? -1) >= 0)
            let commits = try #require(delta.database?.transactionsCommitted)
            #expect(commits >= 100)  // 2 clients × 50 transactions, plus our own queries
            #expect((delta.database?.tuplesUpdated ?? 0) >= 300)  // three UPDATEs per transaction
            #expect((after.database?.transactionsCommitted ?? 0) > (before.database?.transactionsCommitted ?? 0))
            if let wal = delta.wal { #expect((wal.bytes ?? 0) > 0) }

            let statements = try #require(after.statements)
            #expect(statements.limit == 5)
            #expect(statements.statements.count == 5)
            #expect(statements.statements.contains { $0.query.contains("UPDATE pgbench_accounts") })
            let totals = statements.statements.map(\.totalExecTimeMilliseconds)
            #expect(totals == totals.sorted(by: >))
            let update = try #require(
                delta.statements?.statements.first { $0.query.contains("UPDATE pgbench_accounts") })
            #expect(update.calls == 100)
            #expect(update.minExecTimeMilliseconds == nil)
            #expect(update.meanExecTimeMilliseconds != nil)
            await connection.close()
        }
        #expect(TestPostgresServer.processes(usingDataDirectory: dataDirectory).isEmpty)
    }

    @Test(.timeLimit(.minutes(2)))
    func extensionInstalledButNotPreloadedIsAnAbsentSection() async throws {
        try await TestPostgresServer.withServer { server in
            try await server.psql("CREATE EXTENSION pg_stat_statements")
            let connection = try PostgresConnection(conninfo: server.conninfo(), logger: logger)
            let snapshot = try await PostgresCollector(connection: connection).snapshot()
            #expect(snapshot.statements == nil)
            #expect(snapshot.notes.contains { $0.contains("shared_preload_libraries") })
            #expect(snapshot.database != nil)
            await connection.close()
        }
    }
}
