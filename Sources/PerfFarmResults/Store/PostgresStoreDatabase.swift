import Logging
import PerfFarmCore
public import PerfFarmPostgres

/// A store in a PostgreSQL database, shared by the machines of a farm, through the one libpq wrapper.
public final class PostgresStoreDatabase: StoreDatabase {
    private let session: any PostgresSession
    public var description: String { session.target }

    /// Connects.
    /// - Parameters:
    ///   - conninfo: a libpq connection string or URI (`postgresql://perffarm@db/perffarm`).
    ///   - connector: how to connect (libpq).
    /// - Throws: `PerfFarmError` (`store`) with libpq's reason, never the password.
    public init(conninfo: String, connector: any PostgresConnector) throws {
        do {
            session = try connector.connect(conninfo: conninfo)
        } catch let error as PerfFarmError {
            throw PerfFarmError(.store, "cannot open the store: \(error.message)")
        }
    }

    /// A store on an open session.
    public init(session: any PostgresSession) {
        self.session = session
    }

    public func query(_ sql: String, _ parameters: [String?]) async throws -> [[String?]] {
        do {
            return try await session.query(sql, parameters).map(\.values)
        } catch {
            throw Self.storeError(error, target: session.target)
        }
    }

    public func transaction(_ statements: [StoreStatement]) async throws {
        do {
            try await session.execute("BEGIN")
        } catch {
            throw Self.storeError(error, target: session.target)
        }
        do {
            for statement in statements { _ = try await session.query(statement.sql, statement.parameters) }
            try await session.execute("COMMIT")
        } catch {
            _ = try? await session.execute("ROLLBACK")
            throw Self.storeError(error, target: session.target)
        }
    }

    public func close() async {
        await session.close()
    }

    static func storeError(_ error: any Error, target: String) -> any Error {
        switch error {
        case let error as PostgresQueryError:
            PerfFarmError(.store, "\(error.message) (SQLSTATE \(error.sqlState))", path: target)
        case let error as PerfFarmError: PerfFarmError(.store, error.message, path: target)
        default: error
        }
    }
}
