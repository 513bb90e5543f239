import PerfFarmCore

/// Parses the small value formats of `/sys` and `/proc`.
public enum SysfsValueParser {
    /// The selected choice of a `/sys` setting that lists them all (`always [madvise] never` → `madvise`).
    /// - Parameter text: the file's contents.
    /// - Returns: the bracketed word, the only word when there is one, or `nil`.
    public static func selected(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        if let chosen = words.first(where: { $0.hasPrefix("[") && $0.hasSuffix("]") }) {
            return String(chosen.dropFirst().dropLast())
        }
        return words.count == 1 ? String(words[0]) : nil
    }

    /// A size with an optional binary unit (`512K`, `32 KB`, `16M`, `1G`, `4096`) in bytes.
    /// - Parameter text: the size as printed.
    /// - Returns: the bytes, or `nil` when the text is not a size.
    public static func size(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace()
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard let number = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingWhitespace().uppercased()
        switch unit {
        case "", "B": return number
        case "K", "KB", "KIB": return number << 10
        case "M", "MB", "MIB": return number << 20
        case "G", "GB", "GIB": return number << 30
        default: return nil
        }
    }

    /// The number of CPUs in a kernel CPU list (`0-3,8-11` → 8, `0` → 1, empty → 0).
    /// - Parameter text: the list.
    /// - Returns: the count, or `nil` when the text is not such a list.
    public static func cpuCount(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return 0 }
        var count = 0
        for part in trimmed.split(separator: ",") {
            let bounds = part.split(separator: "-")
            if bounds.count == 1, Int(bounds[0]) != nil {
                count += 1
            } else if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), high >= low {
                count += high - low + 1
            } else {
                return nil
            }
        }
        return count
    }

    /// The `KEY=value` lines of a `uevent` file.
    public static func keyValues(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }
}
