/// Parses what `pgbench -i` prints on stderr, for every pgbench from 9.6 to 18.
///
/// 9.6–12 end with `done.`; 13+ end with `done in X s (drop tables X s, create tables X s, ...).`, listing
/// only the steps that ran. The scale comes from the `N of M tuples` lines (M = 100000 × scale), which
/// server-side generation does not print.
public enum PgbenchInitParser {
    /// Rows of `pgbench_accounts` per unit of scale.
    public static let accountsPerScale = 100_000

    /// Parses the bytes of `pgbench -i` output.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) when the bytes are not text.
    public static func parse(bytes: some Collection<UInt8>) throws -> PgbenchInitSummary {
        parse(lines: try PgbenchTextLines(bytes: bytes))
    }

    /// Parses the text of `pgbench -i` output.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) when the text holds control characters.
    public static func parse(text: String) throws -> PgbenchInitSummary {
        parse(lines: try PgbenchTextLines(text: text))
    }

    /// Parses lines already split.
    public static func parse(lines: PgbenchTextLines) -> PgbenchInitSummary {
        parseCountingRecognized(lines: lines).summary
    }

    /// Parses lines already split, and counts the lines that were `pgbench -i` output.
    static func parseCountingRecognized(lines: PgbenchTextLines) -> (summary: PgbenchInitSummary, recognized: Int) {
        var summary = PgbenchInitSummary()
        var recognized = 0
        for line in lines.lines {
            let text = Substring(line.text.trimmingWhitespace())
            if text.isEmpty { continue }
            if read(text, into: &summary) {
                recognized += 1
            } else if PgbenchMessages.classify(text) == .error {
                recognized += 1
                if summary.errors.count < PgbenchRunParser.maximumMessages { summary.errors.append(String(text)) }
            }
        }
        return (summary, recognized)
    }

    /// Step announcements of every version (9.6/10 wording first, then 11+).
    private static let stepLines: Set<String> = [
        "creating tables...", "vacuum...", "set primary keys...", "set foreign keys...",
        "dropping old tables...", "generating data...", "vacuuming...", "creating primary keys...",
        "creating foreign keys...",
    ]

    private static func read(_ text: Substring, into summary: inout PgbenchInitSummary) -> Bool {
        if stepLines.contains(String(text)) { return true }
        // The detail line after a bad -I step: 11/12 "allowed steps are: ...", 13+ "... Allowed step characters
        // are: ...". Recognising it tells init output apart from a run's errors.
        if text.contains("llowed step") { return true }
        if text == "done." {
            summary.done = true
            return true
        }
        if let rest = text.value(after: "done in ") {
            doneLine(rest, into: &summary)
            return true
        }
        if let rest = text.value(after: "generating data (") {
            // "generating data (client-side)..." / "generating data (server-side)..." (13+)
            summary.generation = String(rest.prefix { $0 != ")" })
            return true
        }
        if let rest = text.value(after: "creating "), rest.hasSuffix(" partitions...") {
            summary.partitions = PgbenchMessages.leadingInteger(rest)
            return true
        }
        if let of = text.firstRange(of: " of "), let tuples = text.firstRange(of: " tuples ("),
            of.upperBound <= tuples.lowerBound, text.contains(" done (elapsed ")
        {
            // "500000 of 500000 tuples (100%) [of pgbench_accounts ]done (elapsed 0.12 s, remaining 0.00 s)"
            if let rows = Int(text[of.upperBound..<tuples.lowerBound]) {
                summary.accountsRows = rows
                summary.scalingFactor = rows % accountsPerScale == 0 ? rows / accountsPerScale : nil
            }
            return true
        }
        return false
    }

    /// `0.28 s (drop tables 0.01 s, create tables 0.00 s, server-side generate 0.16 s, vacuum 0.05 s,
    /// primary keys 0.04 s, foreign keys 0.02 s).`
    private static func doneLine(_ rest: Substring, into summary: inout PgbenchInitSummary) {
        summary.done = true
        summary.totalSeconds = PgbenchMessages.leadingNumber(rest)
        guard let open = rest.firstIndex(of: "(") else { return }
        let inner = rest[rest.index(after: open)...].prefix { $0 != ")" }
        for part in inner.split(separator: ",") {
            let item = part.trimmingWhitespace()
            guard item.hasSuffix(" s"), let space = item.dropLast(2).lastIndex(of: " ") else { continue }
            let name = String(item[..<space])
            guard let seconds = PgbenchMessages.number(item[item.index(after: space)...].dropLast(2)) else {
                continue
            }
            switch name {
            case "drop tables": summary.steps.dropTablesSeconds = seconds
            case "create tables": summary.steps.createTablesSeconds = seconds
            case "client-side generate": summary.steps.clientSideGenerateSeconds = seconds
            case "server-side generate": summary.steps.serverSideGenerateSeconds = seconds
            case "vacuum": summary.steps.vacuumSeconds = seconds
            case "primary keys": summary.steps.primaryKeysSeconds = seconds
            case "foreign keys": summary.steps.foreignKeysSeconds = seconds
            default: summary.steps.other.append(.init(name: name, seconds: seconds))
            }
        }
    }
}
