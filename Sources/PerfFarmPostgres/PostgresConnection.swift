internal import CLibPQ
public import Logging
public import PerfFarmCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connection to PostgreSQL through libpq: the only way perffarm talks to a server.
///
/// An actor because a libpq connection is shared mutable state that must not be used by two threads at
/// once; every call into libpq happens on the actor, whose executor is a dispatch queue of its own (a long
/// statement blocks that queue's thread, never Swift's cooperative pool). Queries are parameterised (`$1`,
/// `$2`) and answers come back as ``PostgresRow`` values in text format. A cancelled task or a timeout
/// cancels the running statement on the server (`PQcancel`). Errors carry the SQLSTATE and never the password.
public actor PostgresConnection: PostgresSession {
    /// The `PGconn *`, owned by this actor and finished in `deinit`.
    private var handle: LibPQHandle?
    private let cancelToken: PostgresCancelToken
    private let connectionString: PostgresConnectionString
    private let logger: Logger
    private nonisolated let executor: QueueExecutor

    /// What the connection is to, without the password (`host=/tmp port=5433 dbname=bench`).
    public nonisolated let target: String

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Connects.
    /// - Parameters:
    ///   - conninfo: a libpq connection string or URI; libpq's environment variables (`PGHOST`, …) fill
    ///     what it leaves out.
    ///   - connectTimeoutSeconds: how long to wait for the server, unless the string sets `connect_timeout`.
    ///   - logger: where the connection logs its queries, at `.trace`.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for a string libpq cannot parse, and
    ///   (`postgres_connection`) when the server cannot be reached or refuses the login.
    public init(conninfo: String, connectTimeoutSeconds: Int = 10, logger: Logger) throws {
        let parsed = try PostgresConnectionString(conninfo)
        self.connectionString = parsed
        self.logger = logger
        self.target = parsed.description
        self.executor = QueueExecutor(label: "perffarm.postgres")
        // Our defaults first: the expanded string (and its own connect_timeout) overrides them.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = [String(connectTimeoutSeconds), "perffarm", conninfo]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PerfFarmError(.postgresConnection, "libpq could not allocate a connection to \(parsed.description)")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = parsed.redacting(String(cString: PQerrorMessage(connection)).trimmingWhitespace())
            PQfinish(connection)
            throw PerfFarmError(.postgresConnection, "cannot connect to \(parsed.description): \(message)")
        }
        // libpq prints the server's notices (`database "x" does not exist, skipping`) on standard error by
        // default; a library keeps quiet.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.handle = LibPQHandle(pointer: connection)
        self.cancelToken = PostgresCancelToken(connection: connection)
    }

    deinit {
        cancelToken.free()
        if let handle { PQfinish(handle.pointer) }
    }

    /// Closes the connection; later queries throw.
    public func close() {
        cancelToken.free()
        if let handle { PQfinish(handle.pointer) }
        handle = nil
    }

    /// `server_version_num` as libpq learnt it at connection time (`150018`).
    public func serverVersionNumber() throws -> Int {
        Int(PQserverVersion(try connection()))
    }

    /// Runs one statement with parameters and returns its rows.
    /// - Parameters:
    ///   - sql: the statement, parameters written `$1`, `$2`, ….
    ///   - parameters: the parameters' values in text format, `nil` for `NULL`.
    ///   - timeout: how long the statement may run before it is cancelled on the server; no limit when `nil`.
    /// - Returns: the rows (none for a statement that returns none).
    /// - Throws: ``PostgresQueryError`` when the server rejects the statement (SQLSTATE `57014` with
    ///   ``PostgresQueryError/timedOut`` when the timeout cancelled it), ``PerfFarmError`` (`postgres_connection`)
    ///   when the connection is closed or lost, `CancellationError` when the task was cancelled (the statement
    ///   is cancelled on the server first).
    public func query(_ sql: String, _ parameters: [String?], timeout: Duration?) async throws
        -> [PostgresRow]
    {
        try await cancellable(sql, timeout: timeout) { connection in
            withOptionalCStrings(parameters) { pointers in
                PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
            }
        }
    }

    /// Runs one statement without parameters through the simple query protocol: for utility statements that
    /// must run outside a transaction block (`CHECKPOINT`, `CREATE DATABASE`, `DROP DATABASE`, `VACUUM`).
    /// - Parameters:
    ///   - sql: one statement.
    ///   - timeout: how long it may run before it is cancelled on the server; no limit when `nil`.
    /// - Returns: the rows it returned, if any.
    /// - Throws: as ``query(_:_:timeout:)``.
    @discardableResult
    public func execute(_ sql: String, timeout: Duration?) async throws -> [PostgresRow] {
        try await cancellable(sql, timeout: timeout) { connection in PQexec(connection, sql) }
    }

    /// Runs `send` on the connection, cancelling the statement on the server when the task is cancelled or
    /// the timeout passes, and turns its result into rows or an error.
    private func cancellable(
        _ sql: String, timeout: Duration?, _ send: (OpaquePointer) -> OpaquePointer?
    ) async throws -> [PostgresRow] {
        let connection = try connection()
        try Task.checkCancellation()
        logger.trace("query", metadata: ["sql": "\(sql)"])
        let token = cancelToken
        let expired = ExpiryFlag()
        let timer = timeout.map { limit in
            Task.detached {
                try await Task.sleep(for: limit)
                expired.set()
                token.cancel()
            }
        }
        defer { timer?.cancel() }
        let result = await withTaskCancellationHandler {
            send(connection)
        } onCancel: {
            token.cancel()
        }
        do {
            return try rows(of: result, connection: connection)
        } catch let error as PostgresQueryError where error.sqlState == PostgresQueryError.queryCanceled {
            if Task.isCancelled { throw CancellationError() }
            if let timeout, expired.isSet {
                var timedOut = error
                timedOut.timedOut = true
                timedOut.message = "cancelled after \(timeout): " + error.message
                throw timedOut
            }
            throw error
        }
    }

    /// The rows of `result` (cleared here), or the error it holds.
    private func rows(of result: OpaquePointer?, connection: OpaquePointer) throws -> [PostgresRow] {
        guard let result else {
            throw PerfFarmError(
                .postgresConnection,
                "lost the connection to \(target): "
                    + connectionString.redacting(String(cString: PQerrorMessage(connection)).trimmingWhitespace()))
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let sqlState = field(result, "C") ?? ""
            let primary = field(result, "M") ?? String(cString: PQresultErrorMessage(result)).trimmingWhitespace()
            if PQstatus(connection) != CONNECTION_OK {
                throw PerfFarmError(
                    .postgresConnection, "lost the connection to \(target): \(connectionString.redacting(primary))")
            }
            throw PostgresQueryError(sqlState: sqlState, message: connectionString.redacting(primary), target: target)
        }
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        return (0..<Int(PQntuples(result))).map { row in
            PostgresRow(
                columns: columns,
                values: (0..<columnCount).map { column in
                    PQgetisnull(result, Int32(row), Int32(column)) != 0
                        ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                })
        }
    }

    private func connection() throws -> OpaquePointer {
        guard let handle else {
            throw PerfFarmError(.postgresConnection, "the connection to \(target) is closed")
        }
        return handle.pointer
    }

    private func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        guard let value = PQresultErrorField(result, Int32(code.value)) else { return nil }
        return String(cString: value)
    }
}

/// Whether a statement's timeout passed (set by its timer task, read by the statement).
private final class ExpiryFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}

/// A `PGconn *`. `@unchecked Sendable` only so that the actor's nonisolated `deinit` may finish it: the
/// pointer is created in the actor's `init`, used only from the actor's methods (one at a time), and
/// finished exactly once, in `close()` or in `deinit`, when no method can be running any more.
struct LibPQHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// A statement the server rejected: its SQLSTATE and primary message.
public struct PostgresQueryError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE (`42P01` undefined table, `55000` object not in prerequisite state).
    public var sqlState: String
    /// The server's primary message.
    public var message: String
    /// The server, as ``PostgresConnection/target``.
    public var target: String
    /// Whether the statement was cancelled because its timeout passed.
    public var timedOut = false

    /// SQLSTATE `57014`: the statement was cancelled (a cancel request, a timeout, `statement_timeout`).
    public static let queryCanceled = "57014"

    /// Creates an error.
    public init(sqlState: String, message: String, target: String, timedOut: Bool = false) {
        self.sqlState = sqlState
        self.message = message
        self.target = target
        self.timedOut = timedOut
    }

    public var description: String { "query failed on \(target): \(message) (SQLSTATE \(sqlState))" }

    /// The same error as a ``PerfFarmError`` (`postgres_query`).
    public var perfFarmError: PerfFarmError { PerfFarmError(.postgresQuery, description) }

    /// Whether the statement named a relation, column or function this server does not have.
    public var isUndefinedObject: Bool { ["42P01", "42703", "42883", "3F000"].contains(sqlState) }
}

/// Calls `body` with NUL-terminated copies of `strings`, the array itself ended by a null pointer (as
/// `PQconnectdbParams` wants its keyword and value arrays).
private func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    withOptionalCStrings(strings.map { Optional($0) }) { body($0 + [nil]) }
}

/// Calls `body` with NUL-terminated copies of `strings` (`nil` stays a null pointer).
private func withOptionalCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { string in string.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
