/// Parses the output of `cc --version` (gcc, clang, Apple clang, icx): pure text in, ``CompilerInfo`` out, so that
/// the build (PerfFarmBuild) and the machine inventory (PerfFarmCollectors) record compilers the same way.
public enum CompilerVersionParser {
    /// Parses the text a compiler printed for `--version`.
    /// - Parameters:
    ///   - text: the output (standard output; gcc and clang print there).
    ///   - command: the command that was run, recorded as is.
    /// - Returns: the family, version and target when recognised; the first line always.
    public static func parse(_ text: String, command: String) -> CompilerInfo {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0.trimmingWhitespace()) }
        let first = lines.first(where: { !$0.isEmpty }) ?? ""
        var family: String?
        var version: String?
        if first.contains("Apple clang version") || first.contains("Apple LLVM version") {
            family = "apple-clang"
            version = word(after: "version", in: first)
        } else if first.contains("clang version") {
            family = "clang"
            version = word(after: "version", in: first)
        } else if first.hasPrefix("gcc") || first.contains("(GCC)") || first.hasPrefix("cc (")
            || first.contains("-gcc") || lines.contains(where: { $0.contains("Free Software Foundation") })
        {
            // `gcc (Debian 12.2.0-14) 12.2.0`, `cc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3)`: the version is
            // the first dotted number after the first parenthesised group.
            family = "gcc"
            let tail = first.firstIndex(of: ")").map { String(first[first.index(after: $0)...]) } ?? first
            version = tail.split(separator: " ").first(where: { isVersion($0) }).map(String.init)
        } else if first.contains("icx") || first.contains("Intel(R) oneAPI") {
            family = "icx"
            version = first.split(separator: " ").first(where: { isVersion($0) }).map(String.init)
        }
        let target = lines.first(where: { $0.hasPrefix("Target:") }).map {
            String($0.dropFirst("Target:".count).trimmingWhitespace())
        }
        return CompilerInfo(command: command, family: family, version: version, target: target, versionLine: first)
    }

    private static func word(after marker: String, in line: String) -> String? {
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(where: { $0 == marker }), index + 1 < words.count else { return nil }
        return String(words[index + 1])
    }

    private static func isVersion(_ word: Substring) -> Bool {
        word.first?.isNumber == true && word.contains(".") && word.allSatisfy { $0.isNumber || $0 == "." }
    }
}
