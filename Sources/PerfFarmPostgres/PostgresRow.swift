public import PerfFarmCore

/// A value type a column can be read as (libpq's text format).
public protocol PostgresDecodable: Sendable {
    /// Reads the value from PostgreSQL's text output, or `nil` when the text is not such a value.
    init?(postgresText: String)
}

extension String: PostgresDecodable {
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresDecodable {
    /// Integers; a `numeric` with no fraction (`wal_bytes`) too.
    public init?(postgresText: String) {
        if let value = Int(postgresText) {
            self = value
        } else if postgresText.hasSuffix(".0"), let value = Int(postgresText.dropLast(2)) {
            self = value
        } else {
            return nil
        }
    }
}

extension Double: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(postgresText) else { return nil }
            self = value
        }
    }
}

extension Bool: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true", "on": self = true
        case "f", "false", "off": self = false
        default: return nil
        }
    }
}

/// One row of a query result, values in libpq's text format; columns are found by name.
public struct PostgresRow: Sendable {
    /// The column names, in order.
    public let columns: [String]
    /// The values, `nil` for SQL `NULL`.
    public let values: [String?]

    /// Creates a row.
    public init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The raw text of a column, `nil` for `NULL`.
    /// - Throws: ``PerfFarmError`` (`postgres_result`) when the result has no such column.
    public func text(_ column: String) throws -> String? {
        guard let index = columns.firstIndex(of: column) else {
            throw PerfFarmError(.postgresResult, "the result has no column \(column)", key: column)
        }
        return values[index]
    }

    /// A column read as `T`, `nil` for `NULL`.
    /// - Throws: ``PerfFarmError`` (`postgres_result`) when the column is missing or its text is not a `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = T(postgresText: text) else {
            throw PerfFarmError(.postgresResult, "column \(column) holds \(text), not a \(T.self)", key: column)
        }
        return value
    }

    /// A column that must not be `NULL`, read as `T`.
    /// - Throws: ``PerfFarmError`` (`postgres_result`) when it is missing, `NULL` or not a `T`.
    public func require<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T {
        guard let value = try decode(type, column) else {
            throw PerfFarmError(.postgresResult, "column \(column) is NULL", key: column)
        }
        return value
    }
}
