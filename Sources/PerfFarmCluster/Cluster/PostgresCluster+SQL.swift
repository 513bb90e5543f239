public import PerfFarmCore
public import PerfFarmPostgres

extension PostgresCluster {
    /// The server's version as it reports it.
    public struct ServerVersion: Sendable, Equatable {
        /// `SELECT version()`: `PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, ...`.
        public var text: String
        /// `server_version_num`: `150018`.
        public var number: Int

        /// Creates a version.
        public init(text: String, number: Int) {
            self.text = text
            self.number = number
        }
    }

    /// The libpq connection string of `database` on the running server: its private socket directory, its
    /// port, the superuser, and every option that an environment variable (`PGSSLMODE`, `PGOPTIONS`, ...)
    /// could otherwise set for a client of perffarm's own process.
    public func conninfo(database: String = "postgres") -> String {
        PostgresConnectionString.keywordValue([
            "host": socketDirectory, "port": String(port ?? 0), "user": configuration.superuser,
            "dbname": database, "sslmode": "disable", "gssencmode": "disable", "options": "",
            "target_session_attrs": "any", "client_encoding": "UTF8",
        ])
    }

    /// Connects to `database` of the running server as the superuser, through the private socket directory.
    /// - Parameter database: the database.
    /// - Returns: an open connection; close it when done.
    /// - Throws: ``PerfFarmError`` (`postgres_connection`) when the server does not accept it.
    public func connect(database: String = "postgres") throws -> any PostgresSession {
        try connector.connect(conninfo: conninfo(database: database))
    }

    /// Runs statements one by one in `database`, each on its own outside a transaction block (so that
    /// `CHECKPOINT`, `CREATE DATABASE` and `VACUUM` may be among them), stopping at the first error.
    /// - Parameters:
    ///   - statements: the statements, without parameters.
    ///   - database: where they run.
    ///   - timeout: how long each statement may run before it is cancelled on the server.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/clusterCommandFailed``) naming the statement and the
    ///   server's message; `CancellationError` when the task is cancelled (the statement is cancelled first).
    public func execute(_ statements: [String], database: String = "postgres", timeout: Duration = .seconds(3600))
        async throws
    {
        let connection: any PostgresSession
        do {
            connection = try connect(database: database)
        } catch let error as PerfFarmError {
            throw PerfFarmError(.clusterCommandFailed, "cannot connect to \(database): \(error.message)")
        }
        defer { Task { await connection.close() } }
        try await execute(statements, on: connection, timeout: timeout)
    }

    /// Runs statements one by one on `connection`, stopping at the first error.
    /// - Throws: as ``execute(_:database:timeout:)``.
    public func execute(_ statements: [String], on connection: any PostgresSession, timeout: Duration = .seconds(3600))
        async throws
    {
        for statement in statements {
            do {
                try await connection.execute(statement, timeout: timeout)
            } catch let error as PostgresQueryError {
                throw PerfFarmError(.clusterCommandFailed, "`\(statement)` failed: \(error.message)")
            } catch let error as PerfFarmError where error.code == .postgresConnection {
                throw PerfFarmError(.clusterCommandFailed, "`\(statement)` failed: \(error.message)")
            }
        }
    }

    /// `SELECT version()` and `server_version_num` of the running server.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/clusterCommandFailed``) when the server does not answer.
    public func serverVersion() async throws -> ServerVersion {
        do {
            let connection = try connect()
            defer { Task { await connection.close() } }
            let rows = try await connection.query("SELECT version() AS version", [], timeout: .seconds(60))
            return ServerVersion(
                text: try rows.first?.decode(String.self, "version") ?? "",
                number: try await connection.serverVersionNumber())
        } catch let error as PerfFarmError {
            throw PerfFarmError(.clusterCommandFailed, "cannot read the server's version: \(error.message)")
        } catch let error as PostgresQueryError {
            throw PerfFarmError(.clusterCommandFailed, "cannot read the server's version: \(error.message)")
        }
    }
}
