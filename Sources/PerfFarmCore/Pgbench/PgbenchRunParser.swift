/// Parses what a pgbench run prints — the summary on stdout, progress and errors on stderr — for every
/// pgbench from 9.6 to 18, and tolerates what later versions add.
///
/// stdout and stderr may come in either order or concatenated: every line is recognised on its own, and
/// only the per-script blocks and statement tables depend on the lines before them. Lines the parser does
/// not know are skipped. The version-specific rules are in `docs/pgbench-versions.md` (section 2, "Run output").
///
/// The whole-input parses refuse what would give a wrong number: a summary cut short (``PgbenchRunCompleteness``,
/// ``PerfFarmError/Code/truncatedInput``) and the output of two runs in one input
/// (``PerfFarmError/Code/multipleRuns``), both with the line number.
public struct PgbenchRunParser: Sendable {
    /// The most error and warning lines kept; a run with thousands of failing clients keeps the first ones.
    public static let maximumMessages = 1000

    private(set) var summary = PgbenchRunSummary()
    /// The per-script block the ` - ` lines belong to; `-1` for 9.6/10's `script statistics:` block.
    private var currentScript: Int?
    /// Where statement rows go while a `statement latencies` table is open, and how many integer
    /// columns (failures, retries) follow the latency.
    private var statementTable: (script: Int?, integerColumns: Int)?
    /// Lines recognised as pgbench run output; zero means the input was something else.
    private(set) var recognizedLines = 0
    /// The number of the line being read.
    private var lineNumber = 0
    /// Where a second run's output starts; nothing from there on is read.
    private(set) var secondRunLine: Int?
    /// The first statement table whose header was read without any row after it.
    private var emptyTableLine: Int?

    init() {}

    /// Parses the bytes of pgbench's stdout, stderr or both concatenated.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/binaryInput`` when the bytes are not text,
    ///   ``PerfFarmError/Code/truncatedInput`` for a summary cut short, ``PerfFarmError/Code/multipleRuns`` for
    ///   two runs, each with the line number.
    public static func parse(bytes: some Collection<UInt8>) throws -> PgbenchRunSummary {
        try parse(lines: try PgbenchTextLines(bytes: bytes))
    }

    /// Parses pgbench's stdout, stderr or both concatenated.
    /// - Throws: ``PerfFarmError`` as ``parse(bytes:)``.
    public static func parse(text: String) throws -> PgbenchRunSummary {
        try parse(lines: try PgbenchTextLines(text: text))
    }

    /// Parses stdout and stderr kept apart.
    /// - Throws: ``PerfFarmError`` as ``parse(bytes:)``; line numbers count stdout's lines, then stderr's.
    public static func parse(stdout: String, stderr: String) throws -> PgbenchRunSummary {
        var parser = PgbenchRunParser()
        let output = try PgbenchTextLines(text: stdout)
        let errors = try PgbenchTextLines(text: stderr)
        for line in output.lines { parser.consume(line.text) }
        parser.endBlock()
        for line in errors.lines { parser.consume(line.text) }
        let cut = output.endsWithoutLineBreak || errors.endsWithoutLineBreak
        if let error = parser.completeness(endsWithoutLineBreak: cut).error { throw error }
        return parser.summary
    }

    /// Parses lines already split.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/truncatedInput``, ``PerfFarmError/Code/multipleRuns``)
    ///   as ``parse(bytes:)``.
    public static func parse(lines: PgbenchTextLines) throws -> PgbenchRunSummary {
        let parsed = parseCountingRecognized(lines: lines)
        if let error = parsed.completeness.error { throw error }
        return parsed.summary
    }

    /// Parses lines already split, counts the lines that were pgbench run output, and says whether the output
    /// is whole.
    static func parseCountingRecognized(lines: PgbenchTextLines) -> (
        summary: PgbenchRunSummary, recognized: Int, completeness: PgbenchRunCompleteness
    ) {
        var parser = PgbenchRunParser()
        for line in lines.lines { parser.consume(line.text, number: line.number) }
        return (
            parser.summary, parser.recognizedLines,
            parser.completeness(endsWithoutLineBreak: lines.endsWithoutLineBreak)
        )
    }

    // MARK: - Completeness

    /// Whether the lines read hold a whole run (see ``PgbenchRunCompleteness``).
    /// - Parameter endsWithoutLineBreak: whether the input's last line had no line break.
    func completeness(endsWithoutLineBreak: Bool) -> PgbenchRunCompleteness {
        if let secondRunLine { return .secondRun(lineNumber: secondRunLine) }
        let last = max(lineNumber, 1)
        if endsWithoutLineBreak {
            return .truncated(reason: "it ends in the middle of a line (no line break)", lineNumber: last)
        }
        // Without a summary (stderr alone, or a run that failed before printing one) nothing can be missing.
        guard summary.transactionType != nil else { return .complete }
        func cut(before line: String) -> PgbenchRunCompleteness {
            .truncated(reason: "the summary stops before its `\(line)` line", lineNumber: last)
        }
        let required: [(Bool, String)] = [
            (summary.scalingFactor != nil, "scaling factor"), (summary.queryMode != nil, "query mode"),
            (summary.clients != nil, "number of clients"), (summary.threads != nil, "number of threads"),
            (summary.transactionsProcessed != nil, "number of transactions actually processed"),
        ]
        if let missing = required.first(where: { !$0.0 }) { return cut(before: missing.1) }
        // With transactions processed, every version goes on to the latency and the tps.
        if let processed = summary.transactionsProcessed, processed > 0 {
            if summary.latencyAverageMilliseconds == nil { return cut(before: "latency average") }
            if summary.tps == nil { return cut(before: "tps") }
            // 9.6–13 print the tps including connections, then the headline excluding them.
            if summary.tpsMeasure == .includingConnectionsEstablishing {
                return cut(before: "tps = F (excluding connections establishing)")
            }
        }
        for script in summary.scripts {
            if script.weight == nil { return cut(before: " - weight") }
            if script.sharePercent == nil { return cut(before: " - N transactions") }
        }
        if let emptyTableLine {
            return .truncated(
                reason: "the statement latencies of line \(emptyTableLine) have no row", lineNumber: last)
        }
        return .complete
    }

    // MARK: - Lines

    mutating func consume(_ rawLine: String, number: Int? = nil) {
        lineNumber = number ?? lineNumber + 1
        // The lines of a second run are not mixed into the first run's summary.
        guard secondRunLine == nil else { return }
        let line = trimTrailing(rawLine[...])
        if line.isEmpty {
            statementTable = nil
            return
        }
        if let table = statementTable, line.first == " " || line.first == "\t" {
            if let row = Self.statementRow(line, integerColumns: table.integerColumns) {
                append(row, to: table.script)
                emptyTableLine = nil
                recognizedLines += 1
                return
            }
        }
        statementTable = nil
        if line.hasPrefix(" - ") {
            if blockLine(line.dropFirst(3)) { recognizedLines += 1 }
            return
        }
        if line.first == " " || line.first == "\t" {
            // Indented lines outside a table: libpq hints ("\tIs the server running..."), caret lines, and
            // error lines whose "pgbench:" prefix another thread's message took (" error: client 4 ...").
            currentScript = nil
            if recordMessage(line.drop(while: { $0 == " " || $0 == "\t" })) { recognizedLines += 1 }
            return
        }
        topLevelLine(line)
    }

    mutating func endBlock() {
        currentScript = nil
        statementTable = nil
    }

    /// Records a `progress:` line parsed already (by ``PgbenchRunStream``), as ``consume(_:)`` would.
    mutating func appendProgress(_ report: PgbenchProgressReport) {
        statementTable = nil
        currentScript = nil
        summary.progress.append(report)
        recognizedLines += 1
    }

    private mutating func topLevelLine(_ line: Substring) {
        if topLevelLineIsRecognized(line) { recognizedLines += 1 }
    }

    private mutating func topLevelLineIsRecognized(_ line: Substring) -> Bool {
        if Self.isBanner(line)
            ? summary.pgbenchVersion != nil || summary.transactionType != nil
            : line.hasPrefix("transaction type: ") && summary.transactionType != nil
        {
            secondRunLine = lineNumber
            return false
        }
        if line.hasPrefix("progress: ") {
            currentScript = nil
            guard let report = Self.progressReport(line.dropFirst("progress: ".count)) else { return false }
            summary.progress.append(report)
            return true
        }
        if let value = line.value(after: "SQL script ") {
            // "SQL script 1: <builtin: TPC-B (sort of)>"
            guard let colon = value.firstRange(of: ": "), let number = Int(value[..<colon.lowerBound]) else {
                return false
            }
            summary.scripts.append(PgbenchScriptSummary(number: number, name: String(value[colon.upperBound...])))
            currentScript = summary.scripts.count - 1
            return true
        }
        if line == "script statistics:" {
            // 9.6/10: the block of the only script; its statements are the run's statements.
            currentScript = -1
            return true
        }
        if line.hasPrefix("statement latencies in milliseconds") {
            currentScript = nil
            statementTable = (nil, Self.integerColumns(inHeader: line))
            if emptyTableLine == nil { emptyTableLine = lineNumber }
            return true
        }
        currentScript = nil
        if summaryLine(line) { return true }
        if let rest = line.value(after: "starting vacuum...") {
            // "starting vacuum...end.", or up to 12 "starting vacuum...ERROR:  relation ... does not exist" and
            // 13+ "starting vacuum...pgbench: error: ERROR: ..." when the tables are missing.
            if !rest.isEmpty, rest != "end." { _ = recordMessage(rest) }
            return true
        }
        return recordMessage(line)
    }

    /// Reads one line of the run summary; returns whether it was one.
    private mutating func summaryLine(_ line: Substring) -> Bool {
        if Self.isBanner(line) {
            banner(line.dropFirst("pgbench (".count).dropLast())
        } else if let v = line.value(after: "transaction type: ") {
            summary.transactionType = String(v)
        } else if let v = line.value(after: "scaling factor: ") {
            summary.scalingFactor = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "partition method: ") {
            summary.partitionMethod = String(v)
        } else if let v = line.value(after: "partitions: ") {
            summary.partitions = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "query mode: ") {
            summary.queryMode = String(v)
        } else if let v = line.value(after: "number of clients: ") {
            summary.clients = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of threads: ") {
            summary.threads = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "maximum number of tries: ") {
            summary.maxTries = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions per client: ") {
            summary.transactionsPerClient = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions actually processed: ") {
            // "N" (-T) or "N/M" (-t)
            summary.transactionsProcessed = PgbenchMessages.leadingInteger(v)
            if let slash = v.firstIndex(of: "/") {
                summary.transactionsExpected = PgbenchMessages.leadingInteger(v[v.index(after: slash)...])
            }
        } else if let v = line.value(after: "duration: ") {
            summary.durationSeconds = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of failed transactions: ") {
            summary.transactionsFailed = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of serialization failures: ") {
            summary.serializationFailures = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of deadlock failures: ") {
            summary.deadlockFailures = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of other failures: ") {
            summary.otherFailures = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions retried: ") {
            summary.transactionsRetried = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "total number of retries: ") {
            summary.totalRetries = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions skipped: ") {
            summary.transactionsSkipped = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions above the ") {
            // "1.0 ms latency limit: 1253 (13.670 %)" (9.6/10) or "50.0 ms latency limit: 0/2135 (0.000%)"
            summary.latencyLimitMilliseconds = PgbenchMessages.leadingNumber(v)
            if let colon = v.firstRange(of: "latency limit: ") {
                summary.transactionsAboveLatencyLimit = PgbenchMessages.leadingInteger(v[colon.upperBound...])
            }
        } else if let v = line.value(after: "latency average = ") {
            summary.latencyAverageMilliseconds = PgbenchMessages.leadingNumber(v)
            summary.latencyIncludesFailures = v.contains("including failures")
        } else if let v = line.value(after: "latency stddev = ") {
            summary.latencyStddevMilliseconds = PgbenchMessages.leadingNumber(v)
        } else if let v = line.value(after: "rate limit schedule lag: avg ") {
            // "0.140 (max 2.980) ms"
            summary.lagAverageMilliseconds = PgbenchMessages.leadingNumber(v)
            if let max = v.firstRange(of: "(max ") {
                summary.lagMaxMilliseconds = PgbenchMessages.leadingNumber(v[max.upperBound...])
            }
        } else if let v = line.value(after: "initial connection time = ") {
            summary.initialConnectionTimeMilliseconds = PgbenchMessages.leadingNumber(v)
        } else if let v = line.value(after: "average connection time = ") {
            summary.averageConnectionTimeMilliseconds = PgbenchMessages.leadingNumber(v)
        } else if let v = line.value(after: "tps = ") {
            tpsLine(v)
        } else {
            return false
        }
        return true
    }

    /// `pgbench (17.10, server 15.18 ...)`, printed by 14 and later when the run starts (not `pgbench
    /// (PostgreSQL) 17.10`, the `--version` line).
    private static func isBanner(_ line: Substring) -> Bool {
        line.hasPrefix("pgbench (") && !line.hasPrefix("pgbench (PostgreSQL)") && line.hasSuffix(")")
    }

    private mutating func banner(_ content: Substring) {
        // "17.10, server 15.18 (Debian 15.18-0+deb12u1)" or, when both are the same, only "15.18 (Debian ...)".
        if let server = content.firstRange(of: ", server ") {
            summary.pgbenchVersion = String(content[..<server.lowerBound])
            summary.serverVersion = String(content[server.upperBound...])
            summary.serverMatchesClient = false
        } else {
            summary.pgbenchVersion = String(content)
            summary.serverMatchesClient = true
        }
    }

    private mutating func tpsLine(_ value: Substring) {
        let tps = PgbenchMessages.leadingNumber(value)
        if value.contains("(including connections establishing)") {
            summary.tpsIncludingConnections = tps
            if summary.tpsMeasure == nil {
                summary.tps = tps
                summary.tpsMeasure = .includingConnectionsEstablishing
            }
            return
        }
        let measure: PgbenchRunSummary.TPSMeasure? =
            if value.contains("(excluding connections establishing)") {
                .excludingConnectionsEstablishing
            } else if value.contains("(without initial connection time)") {
                .withoutInitialConnectionTime
            } else if value.contains("(including reconnection times)") {
                .includingReconnectionTimes
            } else {
                nil
            }
        // A tps line of a later pgbench with a new wording is still the headline, unless a known one is there.
        if measure != nil || summary.tps == nil || summary.tpsMeasure == .includingConnectionsEstablishing {
            summary.tps = tps
            summary.tpsMeasure = measure
        }
    }

    private mutating func recordMessage(_ line: Substring) -> Bool {
        switch PgbenchMessages.classify(line) {
        case .error:
            if PgbenchMessages.isAbortMarker(line) || PgbenchMessages.isClientAbort(line) { summary.aborted = true }
            if summary.errors.count < Self.maximumMessages { summary.errors.append(String(line)) }
            return true
        case .warning:
            if summary.warnings.count < Self.maximumMessages { summary.warnings.append(String(line)) }
            return true
        case .other:
            return false
        }
    }

    // MARK: - Per-script blocks

    /// Reads a ` - ` line of a per-script block; returns whether it was one.
    private mutating func blockLine(_ line: Substring) -> Bool {
        if line.hasPrefix("statement latencies in milliseconds") {
            let script = currentScript.flatMap { $0 >= 0 ? $0 : nil }
            statementTable = (script, Self.integerColumns(inHeader: line))
            if emptyTableLine == nil { emptyTableLine = lineNumber }
            return true
        }
        guard let index = currentScript else { return false }
        guard index >= 0 else { return true }
        var script = summary.scripts[index]
        if let v = line.value(after: "weight: ") {
            // "1 (targets 50.0% of total)"
            script.weight = PgbenchMessages.leadingInteger(v)
            if let targets = v.firstRange(of: "(targets ") {
                script.weightPercent = PgbenchMessages.leadingNumber(v[targets.upperBound...].prefix { $0 != "%" })
            }
        } else if let v = line.value(after: "number of transactions actually processed: ") {
            // 18+: " - number of transactions actually processed: 60 (tps = 20.019)"
            script.transactionsProcessed = PgbenchMessages.leadingInteger(v)
            if let tps = v.firstRange(of: "tps = ") { script.tps = PgbenchMessages.leadingNumber(v[tps.upperBound...]) }
        } else if let v = line.value(after: "number of failed transactions: ") {
            script.transactionsFailed = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of serialization failures: ") {
            script.serializationFailures = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of deadlock failures: ") {
            script.deadlockFailures = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of other failures: ") {
            script.otherFailures = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions retried: ") {
            script.transactionsRetried = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "total number of retries: ") {
            script.totalRetries = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "number of transactions skipped: ") {
            script.transactionsSkipped = PgbenchMessages.leadingInteger(v)
        } else if let v = line.value(after: "latency average = ") {
            script.latencyAverageMilliseconds = PgbenchMessages.leadingNumber(v)
        } else if let v = line.value(after: "latency stddev = ") {
            script.latencyStddevMilliseconds = PgbenchMessages.leadingNumber(v)
        } else if let transactions = line.firstRange(of: " transactions ("),
            let count = Int(line[..<transactions.lowerBound])
        {
            // 9.6–17: "7040 transactions (74.8% of total, tps = 2345.852296)": N is the processed count.
            // 18+:    "73 transactions (54.5% of total)": N counts failed and skipped ones too, and the
            //         processed count follows on its own line.
            let rest = line[transactions.upperBound...]
            script.sharePercent = PgbenchMessages.leadingNumber(rest.prefix { $0 != "%" })
            if let tps = rest.firstRange(of: "tps = ") {
                script.transactionsProcessed = count
                script.tps = PgbenchMessages.leadingNumber(rest[tps.upperBound...])
            } else {
                script.transactionsTotal = count
            }
        } else {
            return false
        }
        summary.scripts[index] = script
        return true
    }

    private mutating func append(_ row: PgbenchStatementLatency, to script: Int?) {
        if let script {
            summary.scripts[script].statements.append(row)
        } else {
            summary.statements.append(row)
        }
    }

    /// How many integer columns follow the latency in a statement table: none up to 14; failures with
    /// `... milliseconds and failures:`; failures and retries with `... milliseconds, failures and retries:`.
    static func integerColumns(inHeader header: some StringProtocol) -> Int {
        (header.contains("failures") ? 1 : 0) + (header.contains("retries") ? 1 : 0)
    }

    /// One statement row: `   %11.3f  %s`, `   %11.3f  %10d  %s`, `   %11.3f  %10d  %10d  %s`, or 18's
    /// forms with one space before the command.
    static func statementRow(_ line: Substring, integerColumns: Int) -> PgbenchStatementLatency? {
        var rest = line.drop(while: { $0 == " " || $0 == "\t" })
        let latencyToken = rest.prefix(while: { !$0.isWhitespace })
        guard latencyToken.contains("."), let latency = PgbenchMessages.number(latencyToken) else { return nil }
        rest = rest.dropFirst(latencyToken.count)
        var integers: [Int] = []
        for _ in 0..<integerColumns {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            let token = rest.prefix(while: { !$0.isWhitespace })
            guard let value = Int(token) else { return nil }
            integers.append(value)
            rest = rest.dropFirst(token.count)
        }
        guard let separator = rest.first, separator == " " || separator == "\t" else { return nil }
        let command = rest.drop(while: { $0 == " " || $0 == "\t" })
        guard !command.isEmpty else { return nil }
        return PgbenchStatementLatency(
            latencyMilliseconds: latency,
            failures: integers.count > 0 ? integers[0] : nil,
            retries: integers.count > 1 ? integers[1] : nil,
            command: String(command))
    }

    // MARK: - Progress

    /// One progress report, after `progress: `:
    /// `1.0 s, 2723.0 tps, lat 0.863 ms stddev 0.785, 0 failed, lag 0.183 ms, 242 skipped, 3 retried, 5 retries`.
    static func progressReport(_ text: Substring) -> PgbenchProgressReport? {
        var report = PgbenchProgressReport()
        var recognised = false
        for part in text.split(separator: ",") {
            let item = part.drop(while: { $0 == " " })
            if item.hasSuffix(" s"), !item.hasPrefix("lat") {
                guard let seconds = PgbenchMessages.number(item.dropLast(2)) else { continue }
                // --progress-timestamp prints Unix time instead of the time since the start.
                if seconds >= 100_000_000 {
                    report.timestampSeconds = seconds
                } else {
                    report.elapsedSeconds = seconds
                }
                recognised = true
            } else if let value = item.value(after: "lat ") {
                // "lat 0.863 ms stddev 0.785"
                report.latencyAverageMilliseconds = PgbenchMessages.leadingNumber(value)
                if let stddev = value.firstRange(of: "stddev ") {
                    report.latencyStddevMilliseconds = PgbenchMessages.leadingNumber(value[stddev.upperBound...])
                }
            } else if let value = item.value(after: "lag ") {
                report.lagMilliseconds = PgbenchMessages.leadingNumber(value)
            } else if item.hasSuffix(" tps") {
                report.tps = PgbenchMessages.number(item.dropLast(4))
            } else if item.hasSuffix(" failed") {
                report.failed = Int(item.dropLast(" failed".count))
            } else if item.hasSuffix(" skipped") {
                report.skipped = Int(item.dropLast(" skipped".count))
            } else if item.hasSuffix(" retried") {
                report.retried = Int(item.dropLast(" retried".count))
            } else if item.hasSuffix(" retries") {
                report.retries = Int(item.dropLast(" retries".count))
            }
        }
        return recognised ? report : nil
    }

    private func trimTrailing(_ line: Substring) -> Substring {
        var end = line.endIndex
        while end > line.startIndex {
            let previous = line.index(before: end)
            guard line[previous].isWhitespace else { break }
            end = previous
        }
        return line[..<end]
    }
}

extension Substring {
    /// The rest of the line after `prefix`, or `nil` when the line does not start with it.
    func value(after prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
