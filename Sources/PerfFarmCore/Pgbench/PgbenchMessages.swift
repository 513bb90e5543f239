/// Recognises pgbench's error and warning lines across versions, and reads the numbers of its text output.
///
/// Error lines changed form over the versions (`docs/pgbench-versions.md`, "Errors, warnings and aborts"): bare
/// text up to 12, `pgbench: error:` / `pgbench: fatal:` from 13, raw server messages (`ERROR:  ...`) printed by
/// libpq in all of them.
public enum PgbenchMessages {
    /// What a line of pgbench's stderr is.
    public enum Classification: Sendable, Equatable {
        /// An error: a client abort, an SQL or connection error, an option error, the aborted-run marker.
        case error
        /// A warning, e.g. `scale option ignored, ...`.
        case warning
        /// Anything else (progress, notices, details, hints, informational lines).
        case other
    }

    /// Bare error messages of pgbench 9.6–12 (13+ prefix them with `pgbench: error:` or `pgbench: fatal:`).
    private static let bareErrorPrefixes = [
        "invalid ", "specify either", "no builtin script found", "could not open file", "could not connect",
        "unrecognized initialization step", "Run was aborted", "connection to database", "connection to server",
        "pgbench: invalid option", "pgbench: unrecognized option", "pgbench: option requires",
        "ERROR:  ", "FATAL:  ", "PANIC:  ",
    ]

    /// Classifies one line of pgbench output.
    public static func classify(_ line: some StringProtocol) -> Classification {
        let text = line.drop(while: { $0 == " " || $0 == "\t" })
        if text.isEmpty || text.hasPrefix("progress: ") { return .other }
        // 13+: "pgbench: error: ..." / "pgbench: fatal: ..."; interleaved threads give "pgbench:pgbench: error:"
        // or a line starting with " error:" (docs/pgbench-versions.md, "Interleaved threads").
        if let colon = text.firstIndex(of: ":") {
            let head = text[..<colon]
            if head == "pgbench" || head.isEmpty || head.hasSuffix("pgbench") {
                let rest = text[text.index(after: colon)...].drop(while: { $0 == " " || $0 == ":" })
                if rest.hasPrefix("pgbench:") { return classify(rest) }
                if rest.hasPrefix("error:") || rest.hasPrefix("fatal:") { return .error }
                if rest.hasPrefix("warning:") { return .warning }
                if rest.hasPrefix("invalid option") || rest.hasPrefix("unrecognized option")
                    || rest.hasPrefix("option requires")
                {
                    return .error
                }
                return .other
            }
        }
        if text.hasPrefix("error:") || text.hasPrefix("fatal:") { return .error }
        if text.hasPrefix("warning:") || text.hasPrefix("WARNING:  ") || text.hasPrefix("scale option ignored") {
            return .warning
        }
        for prefix in bareErrorPrefixes where text.hasPrefix(prefix) { return .error }
        // "starting vacuum...ERROR:  relation ... does not exist" (vacuum errors, up to 12).
        if text.contains("...ERROR:  ") { return .error }
        // Client aborts of every version: "client 0 aborted in state 0: ..." (9.6) to
        // "client 0 script 0 aborted in command 0 query 0: ..." (12) and
        // "client 0 aborted: end of script reached without completing the last transaction" (15+).
        if text.hasPrefix("client "), text.contains(" aborted") { return .error }
        // Script parse errors up to 12: "scripts/x.sql:1: syntax error in command "set"".
        if let range = text.firstRange(of: ": "), text[..<range.lowerBound].contains(":"),
            text[range.upperBound...].contains(" in command ")
        {
            return .error
        }
        return .other
    }

    /// Whether `line` holds pgbench's aborted-run marker (`Run was aborted...`, 12+).
    public static func isAbortMarker(_ line: some StringProtocol) -> Bool {
        line.contains("Run was aborted")
    }

    /// Whether `line` reports a client that aborted (every version).
    public static func isClientAbort(_ line: some StringProtocol) -> Bool {
        guard let range = line.firstRange(of: "client ") else { return false }
        let rest = line[range.upperBound...]
        guard let first = rest.first, first.isASCII, first.isNumber else { return false }
        return rest.contains(" aborted")
    }

    /// A finite number printed by pgbench (`%f`, `%.3f`, `%.1f`); `nil` for NaN, infinities and non-numbers.
    static func number(_ text: some StringProtocol) -> Double? {
        guard let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    /// The integer at the start of `text` (after blanks), ignoring what follows: `"25757/30000"` gives 25757.
    static func leadingInteger(_ text: some StringProtocol) -> Int? {
        let trimmed = text.drop(while: { $0 == " " })
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return nil }
        return Int(digits)
    }

    /// The number at the start of `text` (after blanks), ignoring what follows: `"0.193 ms"` gives 0.193.
    static func leadingNumber(_ text: some StringProtocol) -> Double? {
        let trimmed = text.drop(while: { $0 == " " })
        let token = trimmed.prefix(while: { !$0.isWhitespace && !"/(),%".contains($0) })
        return number(token)
    }
}
