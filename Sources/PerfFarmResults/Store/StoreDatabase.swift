/// One statement of a store transaction: SQL with parameters written `$1`, `$2`, … and their values in text
/// form (`nil` for `NULL`).
public struct StoreStatement: Sendable, Equatable {
    public var sql: String
    public var parameters: [String?]

    public init(_ sql: String, _ parameters: [String?] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

/// The database under a ``ResultStore``: SQLite (``SQLiteStoreDatabase``) or PostgreSQL
/// (``PostgresStoreDatabase``). Both take the same SQL — the subset both dialects share (`TEXT`, `BIGINT`,
/// `DOUBLE PRECISION`, `INSERT … ON CONFLICT DO NOTHING`, parameters `$1`, `$2`, …) — and answer in text form,
/// so that the store has one code path.
public protocol StoreDatabase: Sendable {
    /// Where it is, without a password (`/root/.local/share/perffarm/results.sqlite`,
    /// `host=db port=5432 dbname=perffarm`).
    var description: String { get }

    /// Runs one query and returns its rows, each a list of values in text form in the order of the columns.
    /// - Throws: `PerfFarmError` (`store`) naming the database and the database's message.
    func query(_ sql: String, _ parameters: [String?]) async throws -> [[String?]]

    /// Runs statements in one transaction: all of them or none.
    /// - Throws: `PerfFarmError` (`store`) naming the database and the failing statement's message.
    func transaction(_ statements: [StoreStatement]) async throws

    /// Closes the connection; later calls throw.
    func close() async
}
