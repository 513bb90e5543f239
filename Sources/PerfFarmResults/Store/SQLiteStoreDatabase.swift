import Foundation
import GRDB
import PerfFarmCore

/// A store on one SQLite file, through GRDB: write-ahead log (readers never wait for a writer), a busy
/// timeout for two perffarm processes writing at once, and immediate transactions.
public final class SQLiteStoreDatabase: StoreDatabase {
    private let queue: DatabaseQueue
    public let description: String

    /// Opens (or creates) the database file, creating its directory.
    /// - Throws: `PerfFarmError` (`store`) naming the file.
    public init(path: String) throws {
        description = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw PerfFarmError(
                    .store, "cannot create the store's directory: \(error.localizedDescription)", path: path)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.journalMode = .wal
        configuration.foreignKeysEnabled = true
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw PerfFarmError(.store, "cannot open the store: \(Self.message(error))", path: path)
        }
    }

    public func query(_ sql: String, _ parameters: [String?]) async throws -> [[String?]] {
        let statement = Self.sqlite(sql)
        let arguments = Self.arguments(parameters)
        do {
            return try await queue.read { db in
                try Row.fetchAll(db, sql: statement, arguments: arguments).map { row in
                    row.databaseValues.map(Self.text)
                }
            }
        } catch {
            throw PerfFarmError(.store, Self.message(error), path: description)
        }
    }

    public func transaction(_ statements: [StoreStatement]) async throws {
        let prepared = statements.map { (Self.sqlite($0.sql), Self.arguments($0.parameters)) }
        do {
            try await queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for (sql, arguments) in prepared { try db.execute(sql: sql, arguments: arguments) }
                    return .commit
                }
            }
        } catch {
            throw PerfFarmError(.store, Self.message(error), path: description)
        }
    }

    public func close() async {
        try? queue.close()
    }

    /// `$1` → `?1`: SQLite numbers `$NAME` parameters by their first appearance, `?NNN` by their number.
    static func sqlite(_ sql: String) -> String {
        sql.replacing(/\$([0-9]+)/) { "?" + $0.1 }
    }

    static func arguments(_ parameters: [String?]) -> StatementArguments {
        StatementArguments(parameters.map { $0 as (any DatabaseValueConvertible)? })
    }

    /// A value in text form, as PostgreSQL's text format writes it (shortest round-trip doubles).
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let integer): String(integer)
        case .double(let double): String(double)
        case .string(let string): string
        case .blob(let data): String(decoding: data, as: UTF8.self)
        }
    }

    /// SQLite's message, without GRDB's decoration of the statement and its arguments.
    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
