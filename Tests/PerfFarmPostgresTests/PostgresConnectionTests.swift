import Foundation
import Logging
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmTestSupport
import Testing

/// The libpq wrapper against a real PostgreSQL started by ``TestPostgresServer`` (always stopped).
@Suite("PostgreSQL connections (real server)", .serialized, .enabled(if: TestPostgresServer.isAvailable))
struct PostgresConnectionTests {
    let logger = Logger(label: "test")

    @Test(.timeLimit(.minutes(2)))
    func parameterisedQueriesTypedRowsAndErrors() async throws {
        try await TestPostgresServer.withServer { server in
            let connection = try PostgresConnection(conninfo: server.conninfo(), logger: logger)
            let rows = try await connection.query(
                "SELECT $1::int + 1 AS n, $2::text AS t, $3::text IS NULL AS isnull, 2.5::float8 AS d, true AS b",
                ["41", "o'hara; DROP TABLE x", nil])
            #expect(rows.count == 1)
            #expect(try rows[0].require(Int.self, "n") == 42)
            #expect(try rows[0].require(String.self, "t") == "o'hara; DROP TABLE x")
            #expect(try rows[0].require(Bool.self, "isnull"))
            #expect(try rows[0].require(Double.self, "d") == 2.5)
            #expect(try rows[0].require(Bool.self, "b"))
            #expect(throws: PerfFarmError.self) { try rows[0].text("missing") }
            #expect(throws: PerfFarmError.self) { try rows[0].require(Int.self, "t") }
            do {
                _ = try await connection.query("SELECT * FROM no_such_table")
                Issue.record("expected an error")
            } catch let error as PostgresQueryError {
                #expect(error.sqlState == "42P01")
                #expect(error.isUndefinedObject)
                #expect(error.description.contains("no_such_table"))
            }
            await connection.close()
            await #expect(throws: PerfFarmError.self) { try await connection.query("SELECT 1") }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func errorsNeverShowThePassword() async throws {
        let secret = "s3cr3t-Pa55word"
        try await TestPostgresServer.withServer(passwordUser: ("bench", "right-password")) { server in
            // The right password works over TCP (scram-sha-256).
            let good = try PostgresConnection(
                conninfo: "host=127.0.0.1 port=\(server.port) dbname=postgres user=bench password=right-password",
                logger: logger)
            #expect(good.target == "host=127.0.0.1 port=\(server.port) dbname=postgres user=bench")
            await good.close()

            let wrong = "host=127.0.0.1 port=\(server.port) dbname=postgres user=bench password=\(secret)"
            let refused = try #require(throws: PerfFarmError.self) {
                try PostgresConnection(conninfo: wrong, logger: logger)
            }
            #expect(refused.code == .postgresConnection)
            #expect(refused.description.contains("password authentication failed"))
            #expect(!refused.description.contains(secret))
            #expect(!"\(refused)".contains("password=\(secret)"))

            let uri = "postgresql://bench:\(secret)@127.0.0.1:\(server.port)/postgres"
            let uriError = try #require(throws: PerfFarmError.self) {
                try PostgresConnection(conninfo: uri, logger: logger)
            }
            #expect(!uriError.description.contains(secret))
        }
        // Unreachable server and malformed strings with a password.
        let unreachable = try #require(throws: PerfFarmError.self) {
            try PostgresConnection(
                conninfo: "host=127.0.0.1 port=1 password=\(secret) connect_timeout=2", logger: logger)
        }
        #expect(!unreachable.description.contains(secret))
        let malformed = try #require(throws: PerfFarmError.self) {
            try PostgresConnection(conninfo: "host=x password=sec ret \(secret) junk", logger: logger)
        }
        #expect(malformed.code == .invalidConfiguration)
        #expect(!malformed.description.contains(secret))
        #expect(!malformed.description.contains("ret"))
    }
}
