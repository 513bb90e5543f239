import PerfFarmCore

/// Parses `/etc/os-release` (a shell-compatible `KEY=value` file, values quoted or not).
public enum OSReleaseParser {
    /// Parses the file's text.
    /// - Parameter text: the contents of `/etc/os-release` (or `/usr/lib/os-release`).
    /// - Returns: every `KEY=value` assignment, quotes and backslash escapes removed; comments and
    ///   malformed lines are skipped.
    public static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingWhitespace()
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            fields[key] = unquote(line[line.index(after: equals)...])
        }
        return fields
    }

    private static func unquote(_ value: Substring) -> String {
        guard let quote = value.first, quote == "\"" || quote == "'" else { return String(value) }
        var result = ""
        var escaped = false
        for character in value.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }
}
