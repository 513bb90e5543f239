/// An open session with a PostgreSQL server: what the cluster, the collectors and the results store send
/// their SQL through.
///
/// ``PostgresConnection`` (libpq) is the live one; tests of statement sequences and failure paths use a
/// scripted one (`PerfFarmTestSupport`), as they use a scripted command runner.
public protocol PostgresSession: Sendable {
    /// What the session is connected to, without the password.
    var target: String { get }

    /// Runs one statement with parameters (`$1`, `$2`, … in text format, `nil` for `NULL`) and returns its rows.
    /// - Throws: ``PostgresQueryError`` when the server rejects it, `PerfFarmError` (`postgres_connection`)
    ///   when the connection is closed or lost, `CancellationError` when the task was cancelled.
    func query(_ sql: String, _ parameters: [String?], timeout: Duration?) async throws -> [PostgresRow]

    /// Runs one statement without parameters outside a transaction block (`CHECKPOINT`, `CREATE DATABASE`).
    /// - Throws: as ``query(_:_:timeout:)``.
    @discardableResult
    func execute(_ sql: String, timeout: Duration?) async throws -> [PostgresRow]

    /// `server_version_num` of the server (`150018`).
    func serverVersionNumber() async throws -> Int

    /// Ends the session; later statements throw.
    func close() async
}

extension PostgresSession {
    /// Runs one statement with parameters, without a timeout.
    public func query(_ sql: String, _ parameters: [String?] = []) async throws -> [PostgresRow] {
        try await query(sql, parameters, timeout: nil)
    }

    /// Runs one statement without parameters outside a transaction block, without a timeout.
    @discardableResult
    public func execute(_ sql: String) async throws -> [PostgresRow] {
        try await execute(sql, timeout: nil)
    }
}

/// Opens sessions with PostgreSQL servers.
public protocol PostgresConnector: Sendable {
    /// Connects.
    /// - Parameter conninfo: a libpq connection string or URI.
    /// - Returns: an open session.
    /// - Throws: `PerfFarmError` (`invalid_configuration`) for a string that does not parse, and
    ///   (`postgres_connection`) when the server cannot be reached or refuses the login.
    func connect(conninfo: String) throws -> any PostgresSession
}
