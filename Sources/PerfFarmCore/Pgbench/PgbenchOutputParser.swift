/// Parses pgbench output of any kind from a stream of byte chunks, recognising the kind when asked to.
///
/// Logs (per-transaction and aggregate) are streamed in constant memory. Run and init output is text of a
/// few kilobytes to megabytes; it is kept whole, up to ``maximumTextBytes``.
///
/// ```swift
/// var parser = PgbenchOutputParser(kind: nil)        // recognise the kind
/// try parser.consume(chunk)                          // as often as needed
/// let output = try parser.finish()                   // .run, .initialization, .log or .aggregate
/// ```
public struct PgbenchOutputParser: Sendable {
    /// The largest run or init output accepted (a run's stderr with `--verbose-errors` can reach megabytes).
    public static let maximumTextBytes = 256 * 1024 * 1024
    /// How much of the input is looked at to recognise its kind.
    static let detectionBytes = 64 * 1024

    private enum State: Sendable {
        case detecting([UInt8])
        case text(PgbenchOutputKind?, [UInt8])
        case log(PgbenchTransactionLogParser)
        case aggregate(PgbenchAggregateLogParser)
    }

    private var state: State
    private let extraColumn: PgbenchTransactionLogParser.ExtraColumn

    /// Creates a parser.
    /// - Parameters:
    ///   - kind: the kind of output, or `nil` to recognise it from the first 64 KiB.
    ///   - extraColumn: what a seventh per-transaction log column means (see
    ///     ``PgbenchTransactionLogParser/ExtraColumn``).
    public init(kind: PgbenchOutputKind?, extraColumn: PgbenchTransactionLogParser.ExtraColumn = .automatic) {
        self.extraColumn = extraColumn
        switch kind {
        case nil: state = .detecting([])
        case .run?, .initialization?: state = .text(kind, [])
        case .log?: state = .log(PgbenchTransactionLogParser(extraColumn: extraColumn))
        case .aggregate?: state = .aggregate(PgbenchAggregateLogParser())
        }
    }

    /// The 1-based line being read, for logs (text output is split at the end).
    public var currentLineNumber: Int? {
        switch state {
        case .log(let parser): parser.currentLineNumber
        case .aggregate(let parser): parser.currentLineNumber
        case .detecting, .text: nil
        }
    }

    /// Reads a chunk of the output.
    /// - Throws: ``PerfFarmError`` for binary input, or text output above ``maximumTextBytes``.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        switch state {
        case .detecting(var buffer):
            state = .detecting([])
            buffer.append(contentsOf: chunk)
            if buffer.count >= Self.detectionBytes {
                try decide(buffer, final: false)
            } else {
                state = .detecting(buffer)
            }
        case .text(let kind, var buffer):
            state = .text(kind, [])
            guard buffer.count + chunk.count <= Self.maximumTextBytes else {
                throw PerfFarmError(
                    .inputTooLarge, "more than \(Self.maximumTextBytes / 1024 / 1024) MiB of text is not pgbench output"
                )
            }
            buffer.append(contentsOf: chunk)
            state = .text(kind, buffer)
        case .log(var parser):
            state = .detecting([])  // drop the state's copy so that the parser's storage is not copied
            defer { state = .log(parser) }
            try parser.consume(chunk)
        case .aggregate(var parser):
            state = .detecting([])
            defer { state = .aggregate(parser) }
            try parser.consume(chunk)
        }
    }

    /// Reads a chunk of the output.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws {
        try PgbenchTextLines.withContiguousBytes(of: bytes) { try consume($0) }
    }

    /// Ends the input and returns what it held.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/unrecognizedInput`` when nothing in the input is
    ///   pgbench output of the kind asked for (or of any kind), ``PerfFarmError/Code/truncatedInput`` for a log
    ///   cut in the middle of a line or a run's summary cut short, ``PerfFarmError/Code/multipleRuns`` for the
    ///   output of two runs, ``PerfFarmError/Code/binaryInput`` for binary data.
    public mutating func finish() throws -> PgbenchParsedOutput {
        if case .detecting(let buffer) = state {
            try decide(buffer, final: true)
        }
        switch state {
        case .detecting:
            preconditionFailure("decide() always leaves the detecting state")
        case .text(let kind, let buffer):
            return try Self.parseText(buffer, kind: kind)
        case .log(var parser):
            try parser.endOfInput()
            let statistics = parser.statistics
            guard statistics.lines > 0 else {
                throw PerfFarmError(.unrecognizedInput, "no pgbench per-transaction log line found")
            }
            return .log(statistics)
        case .aggregate(var parser):
            try parser.endOfInput()
            let log = parser.result
            guard !log.intervals.isEmpty else {
                throw PerfFarmError(.unrecognizedInput, "no pgbench aggregate log line found")
            }
            return .aggregate(log)
        }
    }

    /// Parses a whole output held in memory.
    /// - Parameters:
    ///   - bytes: the output (plain, not compressed).
    ///   - kind: its kind, or `nil` to recognise it.
    /// - Throws: ``PerfFarmError`` as ``finish()``.
    public static func parse(bytes: some Collection<UInt8>, kind: PgbenchOutputKind? = nil) throws
        -> PgbenchParsedOutput
    {
        var parser = PgbenchOutputParser(kind: kind)
        try parser.consume(bytes)
        return try parser.finish()
    }

    // MARK: - Recognising the kind

    private mutating func decide(_ sample: [UInt8], final: Bool) throws {
        switch Self.logKind(of: sample, final: final) {
        case .log?:
            var parser = PgbenchTransactionLogParser(extraColumn: extraColumn)
            try parser.consume(sample)
            state = .log(parser)
        case .aggregate?:
            var parser = PgbenchAggregateLogParser()
            try parser.consume(sample)
            state = .aggregate(parser)
        default:
            state = .text(nil, sample)
        }
    }

    private static let outcomeWords: Set<String> = ["skipped", "failed", "serialization", "deadlock", "other"]

    /// `.log` or `.aggregate` when most of the first lines of `sample` are lines of such a log, else `nil`.
    static func logKind(of sample: [UInt8], final: Bool) -> PgbenchOutputKind? {
        var perTransaction = 0
        var aggregate = 0
        var other = 0
        var lines = sample.split(separator: 0x0A, omittingEmptySubsequences: true)
        if !final, sample.last != 0x0A, !lines.isEmpty { lines.removeLast() }  // cut by the sample's end
        for line in lines.prefix(50) {
            let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            guard fields.count >= 6 else {
                other += 1
                continue
            }
            func number(_ index: Int) -> UInt64? {
                let field = fields[index]
                guard field.count <= 20, field.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
                return UInt64(String(decoding: field, as: UTF8.self))
            }
            let numeric = (0..<fields.count).filter { number($0) != nil }.count
            let thirdIsWord = outcomeWords.contains(String(decoding: fields[2], as: UTF8.self))
            if thirdIsWord, numeric == fields.count - 1, fields.count <= 9 {
                perTransaction += 1
            } else if numeric == fields.count {
                // Aggregate lines start with a Unix time; per-transaction lines with a client id and have
                // the Unix time in their fifth field. 7 and 8 columns are per-transaction only.
                let first = number(0) ?? 0
                if [7, 8].contains(fields.count) {
                    perTransaction += 1
                } else if first >= 100_000_000 || [10, 11, 15, 16].contains(fields.count) {
                    aggregate += 1
                } else if fields.count == 6 {
                    perTransaction += 1
                } else {
                    other += 1
                }
            } else {
                other += 1
            }
        }
        guard perTransaction + aggregate > other else { return nil }
        return perTransaction >= aggregate ? .log : .aggregate
    }

    /// Parses run or init output, recognising which when `kind` is `nil`.
    static func parseText(_ bytes: [UInt8], kind: PgbenchOutputKind?) throws -> PgbenchParsedOutput {
        let lines = try PgbenchTextLines(bytes: bytes)
        switch kind {
        case .run?:
            let (run, runLines, completeness) = PgbenchRunParser.parseCountingRecognized(lines: lines)
            guard runLines > 0 else {
                throw PerfFarmError(.unrecognizedInput, "no pgbench run summary, progress or error line found")
            }
            if let error = completeness.error { throw error }
            return .run(run)
        case .initialization?:
            let (initialization, initLines) = PgbenchInitParser.parseCountingRecognized(lines: lines)
            guard initLines > 0 else {
                throw PerfFarmError(.unrecognizedInput, "no pgbench -i output line found")
            }
            return .initialization(initialization)
        default:
            // Recognising the kind takes both readings: a run's summary lines outweigh the errors init output
            // may share with it.
            let (run, runLines, completeness) = PgbenchRunParser.parseCountingRecognized(lines: lines)
            let (initialization, initLines) = PgbenchInitParser.parseCountingRecognized(lines: lines)
            if initLines > runLines { return .initialization(initialization) }
            if runLines > 0 {
                if let error = completeness.error { throw error }
                return .run(run)
            }
            throw PerfFarmError(.unrecognizedInput, "nothing recognisable as pgbench output")
        }
    }
}

extension PgbenchOutputParser: PgbenchOutputParsing {
    /// Creates a parser that recognises the kind of output from its first 64 KiB (`kind: nil`).
    public init() {
        self.init(kind: nil)
    }
}
