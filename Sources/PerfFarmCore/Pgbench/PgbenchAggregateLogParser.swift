/// Streams pgbench aggregate logs (`--aggregate-interval`) into a ``PgbenchAggregateLog``.
///
/// Columns (`docs/pgbench-versions.md`, section 5): `interval_start num_transactions sum_latency
/// sum_latency_2 min_latency max_latency` (6, all versions), then up to 14 `sum_lag sum_lag_2 min_lag max_lag`
/// with `--rate` (10) and `skipped` with `--rate -L` (11); 15+ always write 15 columns (`... skipped retried
/// retries serialization_failures deadlock_failures`), 19 a 16th (`other_sql_failures`).
public struct PgbenchAggregateLogParser: Sendable {
    private var splitter = ByteLineSplitter()
    private var log = PgbenchAggregateLog()
    private var latencySum = 0.0
    private var sawSkipped = false
    private var sawFailureColumns = false
    private var totals = (skipped: 0, retried: 0, retries: 0, serialization: 0, deadlock: 0)

    /// Creates a parser.
    public init() {}

    /// The 1-based number of the line being read in the current input.
    public var currentLineNumber: Int { splitter.lineNumber }

    /// Reads a chunk of log bytes (any size; lines may span chunks).
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) at the first line holding a byte that a
    ///   log never contains.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.feed(chunk) { line, number, _ in try self.line(line, number: number) }
    }

    /// Reads a chunk of log bytes.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws {
        try PgbenchTextLines.withContiguousBytes(of: bytes) { try consume($0) }
    }

    /// Ends one input: reads its last line if it had no `\n`.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/truncatedInput``) when that line is a cut log line.
    public mutating func endOfInput() throws {
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.finish { line, number, _ in
            let before = log.intervals.count
            try self.line(line, number: number)
            if log.intervals.count == before, before > 0 {
                throw PerfFarmError(
                    .truncatedInput, "the log ends in the middle of a line (\(line.count) bytes without a newline)",
                    lineNumber: number)
            }
        }
    }

    /// Parses a whole log held in memory.
    /// - Throws: ``PerfFarmError`` for binary or truncated input.
    public static func parse(bytes: some Collection<UInt8>) throws -> PgbenchAggregateLog {
        var parser = PgbenchAggregateLogParser()
        try parser.consume(bytes)
        try parser.endOfInput()
        return parser.result
    }

    /// The log read so far, with its totals.
    public var result: PgbenchAggregateLog {
        var result = log
        if result.intervals.count >= 2 {
            result.intervalSeconds = result.intervals[1].intervalStart - result.intervals[0].intervalStart
        }
        if result.transactions > 0 {
            result.latencyAverageMilliseconds = latencySum / Double(result.transactions) / 1000
        }
        if sawSkipped { result.skipped = totals.skipped }
        if sawFailureColumns {
            result.retried = totals.retried
            result.retries = totals.retries
            result.serializationFailures = totals.serialization
            result.deadlockFailures = totals.deadlock
        }
        return result
    }

    private mutating func line(_ bytes: UnsafeRawBufferPointer, number: Int) throws {
        try PgbenchTextLines.requireText(bytes, number: number, what: "a pgbench aggregate log")
        let text = String(decoding: bytes, as: UTF8.self)
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard fields.count >= 6, let interval = Self.interval(fields) else {
            if !fields.isEmpty { log.unrecognizedLines += 1 }
            return
        }
        // Counts that overflow a 64-bit total are not pgbench's (found by fuzzing: a crash before).
        func add(_ total: inout Int, _ value: Int) throws {
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else {
                throw PerfFarmError(
                    .unrecognizedInput, "a count too large for a pgbench aggregate log", lineNumber: number)
            }
            total = sum
        }
        try add(&log.transactions, interval.numTransactions)
        log.intervals.append(interval)
        latencySum += interval.sumLatencyMicroseconds
        if let skipped = interval.skipped {
            sawSkipped = true
            try add(&totals.skipped, skipped)
        }
        if let retried = interval.retried, let retries = interval.retries,
            let serialization = interval.serializationFailures, let deadlock = interval.deadlockFailures
        {
            sawFailureColumns = true
            try add(&totals.retried, retried)
            try add(&totals.retries, retries)
            try add(&totals.serialization, serialization)
            try add(&totals.deadlock, deadlock)
        }
    }

    /// One interval from the fields of a line, or `nil` when a field is not a number.
    static func interval(_ fields: [Substring]) -> PgbenchAggregateLog.Interval? {
        // Every figure is printed with "%.0f" or as an integer; sums of squares may exceed Int64.
        var numbers: [Double] = []
        numbers.reserveCapacity(fields.count)
        for field in fields {
            guard field.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
                let value = Double(field), value.isFinite
            else { return nil }
            numbers.append(value)
        }
        guard let start = Int(exactly: numbers[0].rounded()), let count = Int(exactly: numbers[1].rounded()),
            count >= 0
        else { return nil }
        var interval = PgbenchAggregateLog.Interval(
            intervalStart: start, numTransactions: count, sumLatencyMicroseconds: numbers[2],
            sumLatency2Microseconds: numbers[3], minLatencyMicroseconds: numbers[4],
            maxLatencyMicroseconds: numbers[5])
        func integer(_ index: Int) -> Int? {
            index < numbers.count ? Int(exactly: numbers[index].rounded()) : nil
        }
        if numbers.count >= 10 {
            interval.sumLagMicroseconds = numbers[6]
            interval.sumLag2Microseconds = numbers[7]
            interval.minLagMicroseconds = numbers[8]
            interval.maxLagMicroseconds = numbers[9]
        }
        if numbers.count >= 11 { interval.skipped = integer(10) }
        if numbers.count >= 15 {
            interval.retried = integer(11)
            interval.retries = integer(12)
            interval.serializationFailures = integer(13)
            interval.deadlockFailures = integer(14)
        }
        if numbers.count >= 16 { interval.otherFailures = integer(15) }
        return interval
    }
}

extension PgbenchAggregateLogParser: PgbenchOutputParsing {
    /// Ends the input (``endOfInput()``) and returns the log read.
    /// - Returns: ``result``.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/truncatedInput``) when the last line is a cut log line.
    public mutating func finish() throws -> PgbenchAggregateLog {
        try endOfInput()
        return result
    }
}
