public import Foundation
import PerfFarmCore
import PerfFarmPostgres

/// Where results are stored: a SQLite file (the default, one per machine), or a PostgreSQL database a farm's
/// machines share.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(conninfo: String)

    /// `postgresql://…` and `postgres://…` URIs, and libpq keyword strings (`host=db dbname=perffarm`), are
    /// PostgreSQL; anything else is the path of a SQLite file.
    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://")
            || trimmed.range(of: #"^[a-z_]+\s*=\s*\S"#, options: .regularExpression) != nil
        {
            self = .postgres(conninfo: trimmed)
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    /// `$XDG_DATA_HOME/perffarm/results.sqlite`, or `~/.local/share/perffarm/results.sqlite`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> StoreLocation
    {
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return .sqlite(path: base + "/perffarm/results.sqlite")
    }

    /// The path, or the connection string without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let conninfo):
            (try? PostgresConnectionString(conninfo).description) ?? "a PostgreSQL connection string"
        }
    }
}
