internal import CLibPQ
public import PerfFarmCore

/// A libpq connection string (`host=/tmp port=5433 dbname=bench` or a `postgresql://` URI), parsed by libpq
/// itself, with what may be shown of it.
///
/// Its ``description`` names host, port, database and user and never the password; errors about it never
/// quote it.
public struct PostgresConnectionString: Sendable, CustomStringConvertible {
    /// The connection string as given (it may hold a password: never log it).
    let text: String
    /// The keywords given and their values, as libpq parsed them.
    let options: [String: String]

    /// Parses a connection string with libpq's own parser.
    /// - Parameter text: key/value pairs or a URI.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) when libpq cannot parse it; the message
    ///   quotes libpq only when the string holds no password.
    public init(_ text: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &errorMessage) else {
            var detail = "libpq could not parse it"
            if let errorMessage {
                let message = String(cString: errorMessage).trimmingWhitespace()
                PQfreemem(errorMessage)
                // libpq may quote a fragment of the string; a fragment of a password must never be shown.
                if !text.lowercased().contains("password") && !text.contains("@") { detail = message }
            }
            throw PerfFarmError(
                .invalidConfiguration, "invalid PostgreSQL connection string: \(detail)", key: "conninfo")
        }
        defer { PQconninfoFree(parsed) }
        var options: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        self.text = text
        self.options = options
    }

    /// A `keyword=value` connection string from `options`, each value quoted as libpq wants it (single quotes,
    /// with `\\` and `\'` escaped), so that paths with spaces or quotes survive.
    /// - Parameter options: keywords (`host`, `port`, `dbname`, `user`, …) and their values, in order.
    /// - Returns: the connection string.
    public static func keywordValue(_ options: KeyValuePairs<String, String>) -> String {
        options.map { key, value in
            key + "='" + value.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
        }.joined(separator: " ")
    }

    /// The password given in the string, if any (for redaction only).
    var password: String? { options["password"] }

    /// `host=… port=… dbname=… user=…` for the keywords given; never the password.
    public var description: String {
        let shown = ["host", "hostaddr", "port", "dbname", "user"].compactMap { key in
            options[key].map { "\(key)=\($0)" }
        }
        return shown.isEmpty ? "(libpq defaults)" : shown.joined(separator: " ")
    }

    /// `message` with every occurrence of the password (and of `PGPASSWORD`) replaced by `********`.
    func redacting(_ message: String) -> String {
        var result = message
        let secrets = [password, getenvString("PGPASSWORD")].compactMap { $0 }.filter { !$0.isEmpty }
        for secret in secrets {
            result = result.replacing(secret, with: "********")
        }
        return result
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func getenvString(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}
