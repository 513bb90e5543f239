import Foundation
public import PerfFarmCore
public import PerfFarmPostgres
import Synchronization

/// A ``PostgresConnector`` that talks to no server: every statement is recorded and answered from a script,
/// for unit tests of statement sequences and failure paths (the SQL counterpart of ``ScriptedCommandRunner``).
///
/// ```swift
/// let postgres = ScriptedPostgresConnector()
/// postgres.on("pg_database_size", rows: [["size": "23000000"]])
/// postgres.on("CREATE DATABASE pgbench_s2") { _ in throw PostgresQueryError(sqlState: "53100", message: "disk full", target: "t") }
/// ```
public final class ScriptedPostgresConnector: PostgresConnector {
    /// One statement a session ran.
    public struct Statement: Sendable, Equatable {
        /// The database of the session (`dbname` of its connection string).
        public var database: String
        /// The statement.
        public var sql: String
        /// Its parameters.
        public var parameters: [String?]
    }

    private struct Rule: Sendable {
        var fragment: String
        var respond: @Sendable (Statement) throws -> [PostgresRow]
    }

    private struct State {
        var rules: [Rule] = []
        var statements: [Statement] = []
        var connections = 0
        var refusal: String?
    }

    private let state = Mutex(State())
    /// `server_version_num` the sessions report.
    public let serverVersionNumber: Int

    /// Creates a connector whose sessions answer `SELECT version()` and report `serverVersionNumber`.
    public init(serverVersionNumber: Int = 150018, version: String = "PostgreSQL 15.18 on x86_64-pc-linux-gnu") {
        self.serverVersionNumber = serverVersionNumber
        on("SELECT version()", rows: [["version": version]])
    }

    /// Answers statements containing `fragment` with `rows` (newest rule first).
    public func on(_ fragment: String, rows: [[String: String?]]) {
        let answer = rows.map { row in
            let columns = row.keys.sorted()
            return PostgresRow(columns: columns, values: columns.map { row[$0] ?? nil })
        }
        on(fragment) { _ in answer }
    }

    /// Answers statements containing `fragment` with `respond` (which may throw, as a rejected statement).
    public func on(_ fragment: String, respond: @escaping @Sendable (Statement) throws -> [PostgresRow]) {
        state.withLock { $0.rules.append(Rule(fragment: fragment, respond: respond)) }
    }

    /// Makes every later connection fail with `message`.
    public func refuseConnections(_ message: String) {
        state.withLock { $0.refusal = message }
    }

    /// Every statement run, in order.
    public var statements: [Statement] { state.withLock { $0.statements } }

    /// The statements whose text contains `fragment`.
    public func statements(containing fragment: String) -> [Statement] {
        statements.filter { $0.sql.contains(fragment) }
    }

    /// The sessions opened.
    public var connections: Int { state.withLock { $0.connections } }

    public func connect(conninfo: String) throws -> any PostgresSession {
        let refusal = state.withLock { state -> String? in
            state.connections += 1
            return state.refusal
        }
        if let refusal { throw PerfFarmError(.postgresConnection, refusal) }
        return ScriptedPostgresSession(database: Self.database(in: conninfo), connector: self)
    }

    fileprivate func answer(_ statement: Statement) throws -> [PostgresRow] {
        let rule = state.withLock { state -> Rule? in
            state.statements.append(statement)
            return state.rules.last { statement.sql.contains($0.fragment) }
        }
        return try rule?.respond(statement) ?? []
    }

    /// The `dbname` of a `keyword='value'` connection string.
    static func database(in conninfo: String) -> String {
        guard let range = conninfo.range(of: "dbname='") else { return "postgres" }
        let rest = conninfo[range.upperBound...]
        return String(rest.prefix { $0 != "'" })
    }
}

/// A session of ``ScriptedPostgresConnector``.
private final class ScriptedPostgresSession: PostgresSession {
    let database: String
    let connector: ScriptedPostgresConnector
    private let closed = Mutex(false)

    init(database: String, connector: ScriptedPostgresConnector) {
        self.database = database
        self.connector = connector
    }

    var target: String { "scripted dbname=\(database)" }

    func query(_ sql: String, _ parameters: [String?], timeout: Duration?) async throws -> [PostgresRow] {
        try Task.checkCancellation()
        if closed.withLock({ $0 }) { throw PerfFarmError(.postgresConnection, "the connection is closed") }
        return try connector.answer(.init(database: database, sql: sql, parameters: parameters))
    }

    func execute(_ sql: String, timeout: Duration?) async throws -> [PostgresRow] {
        try await query(sql, [], timeout: timeout)
    }

    func serverVersionNumber() async throws -> Int {
        connector.serverVersionNumber
    }

    func close() async {
        closed.withLock { $0 = true }
    }
}
