/// Streams pgbench per-transaction logs (`-l`) into ``PgbenchLogStatistics`` in one pass and constant memory.
///
/// A line is `client_id transaction_no time script_no time_epoch time_us [lag] [retries]`
/// (`docs/pgbench-versions.md`, section 4): `time` is the latency in microseconds, or `skipped`, `failed`,
/// `serialization`, `deadlock` or `other`.
/// 9.6–14 add `lag` with `--rate`; 15+ add `lag` with `--rate` and `retries` with `--max-tries` other than 1.
/// A seventh column alone is therefore either lag or retries; ``ExtraColumn`` says which, or lets the parser
/// decide from the data at the end (see ``ExtraColumn/automatic``).
///
/// Feed chunks of any size with ``consume(_:)``, call ``endOfInput()`` after each file, read
/// ``statistics`` at any time. Several files (one per pgbench thread) can go through one parser.
public struct PgbenchTransactionLogParser: Sendable {
    /// What a seventh column means when a line has exactly seven.
    public enum ExtraColumn: String, Sendable, CaseIterable {
        /// Decide from the data: lag when the log has skipped transactions or values above 100, or when most
        /// values are not zero; retries otherwise (retries are small, and zero for most transactions).
        case automatic
        /// The run used `--rate`: the column is the schedule lag in microseconds.
        case lag
        /// The run used `--max-tries` other than 1 (pgbench 15+): the column is the number of retries.
        case retries
    }

    /// Count, sum and maximum of one numeric column.
    struct ColumnStatistics: Sendable {
        var count = 0
        var nonZero = 0
        var sum: UInt64 = 0
        var max: UInt64 = 0

        @inline(__always)
        mutating func add(_ value: UInt64) {
            count += 1
            if value != 0 { nonZero += 1 }
            sum &+= value
            if value > max { max = value }
        }
    }

    /// The highest latency the histogram resolves (one hour); longer ones count at this value in percentiles
    /// and exactly in ``PgbenchLogStatistics/LatencyDistribution/max``.
    static let highestTrackableMicroseconds: UInt64 = 3_600_000_000

    private let extraColumn: ExtraColumn
    private var splitter = ByteLineSplitter()
    private var histogram = LatencyHistogram(highestTrackableValue: highestTrackableMicroseconds)
    private var completed = 0
    private var latencySum: UInt64 = 0
    private var latencySumOfSquares: Double = 0
    private var latencyMin: UInt64 = .max
    private var latencyMax: UInt64 = 0
    private var failed = 0
    private var skipped = 0
    private var serialization = 0
    private var deadlock = 0
    private var otherFailures = 0
    /// Seventh column of seven-column lines: all lines, and completed transactions only (for lag).
    private var seventhAll = ColumnStatistics()
    private var seventhCompleted = ColumnStatistics()
    /// Lag (seventh) of completed transactions and retries (eighth) of all, in eight-column lines.
    private var lagOfEightColumnLines = ColumnStatistics()
    private var retriesOfEightColumnLines = ColumnStatistics()
    private var clients = ClientSet()
    private var firstTimestamp: Int64 = .max
    private var lastTimestamp: Int64 = .min
    private var lines = 0
    private var unrecognized = 0

    /// Creates a parser.
    /// - Parameter extraColumn: what a seventh column means; by default the parser decides from the data.
    public init(extraColumn: ExtraColumn = .automatic) {
        self.extraColumn = extraColumn
    }

    /// The 1-based number of the line being read in the current input.
    public var currentLineNumber: Int { splitter.lineNumber }

    /// Reads a chunk of log bytes (any size; lines may span chunks).
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) at the first line holding a byte that a
    ///   log never contains. Everything read before stays counted.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        // Take the splitter out of `self` (no copy of its buffer) so that the closure may mutate `self`.
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.feed(
            chunk, fast: { start, readable in self.fastLine(start, readable: readable) },
            { line, number, overflowed in try self.line(line, number: number, overflowed: overflowed) })
    }

    /// Reads a chunk of log bytes.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws {
        try PgbenchTextLines.withContiguousBytes(of: bytes) { try consume($0) }
    }

    /// Ends one input (file): reads its last line if it had no `\n`, and resets the line numbering.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/truncatedInput``) when that last line is a cut log
    ///   line; everything before it stays counted in ``statistics``.
    public mutating func endOfInput() throws {
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.finish { line, number, overflowed in
            let before = lines
            try self.line(line, number: number, overflowed: overflowed)
            if lines == before, lines > 0 {
                throw PerfFarmError(
                    .truncatedInput, "the log ends in the middle of a line (\(line.count) bytes without a newline)",
                    lineNumber: number)
            }
        }
    }

    /// Parses a whole log held in memory.
    /// - Throws: ``PerfFarmError`` for binary or truncated input.
    public static func parse(
        bytes: some Collection<UInt8>, extraColumn: ExtraColumn = .automatic
    ) throws -> PgbenchLogStatistics {
        var parser = PgbenchTransactionLogParser(extraColumn: extraColumn)
        try parser.consume(bytes)
        try parser.endOfInput()
        return parser.statistics
    }

    // MARK: - One line

    @inline(__always)
    private mutating func line(_ line: UnsafeRawBufferPointer, number: Int, overflowed: Bool) throws {
        guard !overflowed, let base = line.baseAddress else {
            if !line.isEmpty { try unrecognizedLine(line, number: number) }
            return
        }
        var length = line.count
        if length > 0, base.load(fromByteOffset: length - 1, as: UInt8.self) == 0x0D { length -= 1 }
        if length == 0 { return }

        // Fields: 0 client, 1 transaction, 2 time (or a word), 3 script, 4 epoch, 5 µs, 6 and 7 extras.
        var values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var fieldCount = 0
        var word: Outcome = .completed
        var i = 0
        while i < length {
            var byte = base.load(fromByteOffset: i, as: UInt8.self)
            if byte == 0x20 || byte == 0x09 {
                i += 1
                continue
            }
            guard fieldCount < 8 else { return try unrecognizedLine(line, number: number) }
            if byte &- 0x30 < 10 {
                var value: UInt64 = 0
                var digits = 0
                repeat {
                    value = value &* 10 &+ UInt64(byte &- 0x30)
                    digits += 1
                    i += 1
                    if i == length { break }
                    byte = base.load(fromByteOffset: i, as: UInt8.self)
                } while byte &- 0x30 < 10
                if digits > 18 || (i < length && byte != 0x20 && byte != 0x09) {
                    return try unrecognizedLine(line, number: number)
                }
                Self.store(value, at: fieldCount, in: &values)
            } else if fieldCount == 2, let outcome = Outcome(wordAt: base + i, length: length - i) {
                word = outcome
                i += outcome.wordLength
                if i < length {
                    byte = base.load(fromByteOffset: i, as: UInt8.self)
                    if byte != 0x20 && byte != 0x09 { return try unrecognizedLine(line, number: number) }
                }
            } else {
                return try unrecognizedLine(line, number: number)
            }
            fieldCount += 1
        }
        guard fieldCount >= 6 else { return try unrecognizedLine(line, number: number) }
        record(values, fieldCount: fieldCount, outcome: word)
    }

    /// Counts one log line of `fieldCount` fields.
    @inline(__always)
    private mutating func record(
        _ values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), fieldCount: Int, outcome: Outcome
    ) {
        lines += 1
        clients.insert(values.0)
        let timestamp = Int64(truncatingIfNeeded: values.4 &* 1_000_000 &+ values.5)
        if timestamp < firstTimestamp { firstTimestamp = timestamp }
        if timestamp > lastTimestamp { lastTimestamp = timestamp }
        switch outcome {
        case .completed:
            let latency = values.2
            completed += 1
            latencySum &+= latency
            latencySumOfSquares += Double(latency) * Double(latency)
            if latency < latencyMin { latencyMin = latency }
            if latency > latencyMax { latencyMax = latency }
            histogram.record(latency)
        case .skipped: skipped += 1
        case .failed: failed += 1
        case .serialization:
            failed += 1
            serialization += 1
        case .deadlock:
            failed += 1
            deadlock += 1
        case .other:
            failed += 1
            otherFailures += 1
        }
        if fieldCount == 7 {
            seventhAll.add(values.6)
            if outcome == .completed { seventhCompleted.add(values.6) }
        } else if fieldCount >= 8 {
            if outcome == .completed { lagOfEightColumnLines.add(values.6) }
            retriesOfEightColumnLines.add(values.7)
        }
    }

    // MARK: - Fast path

    /// Reads a plain line — six to eight numbers separated by single spaces and ended by `\n` — at `start`,
    /// eight bytes at a time. Returns the bytes consumed (newline included), or `nil` for anything else (a word
    /// in the time field, tabs, CR, an overlong number, too few readable bytes), which the caller hands to the
    /// general path. `readable` bytes from `start` may be read (they reach past the line).
    @inline(__always)
    private mutating func fastLine(_ start: UnsafeRawPointer, readable: Int) -> Int? {
        var p = start
        let limit = start + readable
        // The transaction and script numbers are not needed: they are checked, not converted.
        guard let v0 = Self.number(&p, limit), Self.space(&p),
            Self.skipNumber(&p, limit), Self.space(&p),
            let v2 = Self.number(&p, limit), Self.space(&p),
            Self.skipNumber(&p, limit), Self.space(&p),
            let v4 = Self.number(&p, limit), Self.space(&p),
            let v5 = Self.number(&p, limit)
        else { return nil }
        var values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (v0, 0, v2, 0, v4, v5, 0, 0)
        var fieldCount = 6
        if Self.space(&p) {
            guard let v6 = Self.number(&p, limit) else { return nil }
            values.6 = v6
            fieldCount = 7
            if Self.space(&p) {
                guard let v7 = Self.number(&p, limit) else { return nil }
                values.7 = v7
                fieldCount = 8
            }
        }
        guard p.load(as: UInt8.self) == 0x0A else { return nil }
        record(values, fieldCount: fieldCount, outcome: .completed)
        return p - start + 1
    }

    /// Steps over one space.
    @inline(__always)
    private static func space(_ p: inout UnsafeRawPointer) -> Bool {
        guard p.load(as: UInt8.self) == 0x20 else { return false }
        p += 1
        return true
    }

    /// Reads 1 to 15 decimal digits at `p` with two 8-byte loads (needs 16 readable bytes); leaves `p` after them.
    @inline(__always)
    private static func number(_ p: inout UnsafeRawPointer, _ limit: UnsafeRawPointer) -> UInt64? {
        guard limit - p >= 16 else { return nil }
        let first = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        let count = digitPrefixLength(first)
        if count == 0 { return nil }
        if count < 8 {
            p += count
            return digitsValue(first, count: count)
        }
        let second = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let more = digitPrefixLength(second)
        if more == 8 { return nil }  // 16 digits or more: not a log value
        p += 8 + more
        return digitsValue(first, count: 8) &* powerOfTen(more) &+ digitsValue(second, count: more)
    }

    /// Steps over 1 to 15 decimal digits at `p`, like ``number(_:_:)`` without computing their value.
    @inline(__always)
    private static func skipNumber(_ p: inout UnsafeRawPointer, _ limit: UnsafeRawPointer) -> Bool {
        guard limit - p >= 16 else { return false }
        let count = digitPrefixLength(UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        if count == 0 { return false }
        if count < 8 {
            p += count
            return true
        }
        let more = digitPrefixLength(UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        if more == 8 { return false }
        p += 8 + more
        return true
    }

    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        default: 10_000_000
        }
    }

    /// How many of the 8 bytes of `word` (first byte lowest) are ASCII digits before the first other byte.
    @inline(__always)
    static func digitPrefixLength(_ word: UInt64) -> Int {
        let x = word ^ 0x3030_3030_3030_3030  // digits become 0x00...0x09
        let highNibble = x & 0xF0F0_F0F0_F0F0_F0F0  // non-zero for bytes outside 0x30...0x3F
        let aboveNine = ((x & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010  // 0x3A...0x3F
        let other = highNibble | aboveNine
        // The top bit of each byte that is not zero; no carry crosses a byte.
        let marks = (other | ((other & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F)) & 0x8080_8080_8080_8080
        return marks == 0 ? 8 : marks.trailingZeroBitCount >> 3
    }

    /// The value of the first `count` (1...8) digit bytes of `word`, most significant first.
    @inline(__always)
    static func digitsValue(_ word: UInt64, count: Int) -> UInt64 {
        // Keep the digits' values and move them to the top bytes: the bytes below become leading zeros.
        var v = (word & 0x0F0F_0F0F_0F0F_0F0F) << UInt64(8 &* (8 &- count))
        v = ((v & 0x0F00_0F00_0F00_0F00) >> 8) &+ (v & 0x000F_000F_000F_000F) &* 10
        v = ((v & 0x00FF_0000_00FF_0000) >> 16) &+ (v & 0x0000_00FF_0000_00FF) &* 100
        v = ((v & 0x0000_FFFF_0000_0000) >> 32) &+ (v & 0x0000_0000_0000_FFFF) &* 10000
        return v
    }

    @inline(__always)
    private static func store(
        _ value: UInt64, at index: Int,
        in values: inout (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    ) {
        switch index {
        case 0: values.0 = value
        case 1: values.1 = value
        case 2: values.2 = value
        case 3: values.3 = value
        case 4: values.4 = value
        case 5: values.5 = value
        case 6: values.6 = value
        default: values.7 = value
        }
    }

    /// Counts a line that is not a log line, or throws when it holds bytes no text has.
    private mutating func unrecognizedLine(_ line: UnsafeRawBufferPointer, number: Int) throws {
        try PgbenchTextLines.requireText(line, number: number, what: "a pgbench log")
        unrecognized += 1
    }

    // MARK: - Result

    /// The statistics of everything read so far.
    public var statistics: PgbenchLogStatistics {
        var result = PgbenchLogStatistics(
            transactions: completed, failed: failed, skipped: skipped, serializationFailures: serialization,
            deadlockFailures: deadlock, otherFailures: otherFailures, clients: clients.count, lines: lines,
            unrecognizedLines: unrecognized)
        if completed > 0 {
            let n = Double(completed)
            let mean = Double(latencySum) / n
            let variance = Swift.max(0, latencySumOfSquares / n - mean * mean)
            func ms(_ microseconds: UInt64) -> Double { Double(microseconds) / 1000 }
            func percentile(_ p: Double) -> Double {
                ms(Swift.min(Swift.max(histogram.value(atPercentile: p), latencyMin), latencyMax))
            }
            result.latencyMilliseconds = .init(
                min: ms(latencyMin), mean: mean / 1000, stddev: variance.squareRoot() / 1000,
                p50: percentile(50), p90: percentile(90), p95: percentile(95), p99: percentile(99),
                p999: percentile(99.9), max: ms(latencyMax))
        }
        if lines > 0 {
            result.firstTimestampSeconds = Double(firstTimestamp) / 1_000_000
            result.lastTimestampSeconds = Double(lastTimestamp) / 1_000_000
        }
        var lag = lagOfEightColumnLines
        var retries = retriesOfEightColumnLines
        if seventhAll.count > 0 {
            if seventhColumnIsLag {
                lag.merge(seventhCompleted)
            } else {
                retries.merge(seventhAll)
            }
        }
        if lag.count > 0 {
            result.lagMilliseconds = .init(
                mean: Double(lag.sum) / Double(lag.count) / 1000, max: Double(lag.max) / 1000)
        }
        if retries.count > 0 {
            result.retried = retries.nonZero
            result.retries = Int(truncatingIfNeeded: retries.sum)
        }
        return result
    }

    /// Whether the seventh column of seven-column lines is the schedule lag (else it is the retries).
    private var seventhColumnIsLag: Bool {
        switch extraColumn {
        case .lag: return true
        case .retries: return false
        case .automatic:
            // Skipped transactions exist only with --rate, so the column is lag. Retries stay below the
            // number of tries and are zero for most transactions; lag is in microseconds and rarely zero.
            if skipped > 0 || seventhAll.max > 100 { return true }
            if failed > 0 { return false }
            return seventhAll.nonZero * 2 > seventhAll.count
        }
    }

    /// How a transaction ended, from the log's time field.
    enum Outcome: Sendable {
        case completed, skipped, failed, serialization, deadlock, other

        /// Reads `skipped`, `failed`, `serialization`, `deadlock` or `other` at `pointer`.
        init?(wordAt pointer: UnsafeRawPointer, length: Int) {
            for (outcome, word) in Self.words where word.count <= length {
                var matches = true
                for (offset, expected) in word.enumerated()
                where pointer.load(fromByteOffset: offset, as: UInt8.self) != expected {
                    matches = false
                    break
                }
                if matches {
                    self = outcome
                    return
                }
            }
            return nil
        }

        var wordLength: Int {
            Self.words.first { $0.0 == self }?.1.count ?? 0
        }

        private static let words: [(Outcome, [UInt8])] = [
            (.skipped, Array("skipped".utf8)), (.failed, Array("failed".utf8)),
            (.serialization, Array("serialization".utf8)), (.deadlock, Array("deadlock".utf8)),
            (.other, Array("other".utf8)),
        ]
    }
}

extension PgbenchTransactionLogParser: PgbenchOutputParsing {
    /// Creates a parser that decides from the data what a seventh column means (``ExtraColumn/automatic``).
    public init() {
        self.init(extraColumn: .automatic)
    }

    /// Ends the input (``endOfInput()``) and returns the statistics of everything read.
    /// - Returns: ``statistics``.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/truncatedInput``) when the last line is a cut log line.
    public mutating func finish() throws -> PgbenchLogStatistics {
        try endOfInput()
        return statistics
    }
}

extension PgbenchTransactionLogParser.ColumnStatistics {
    mutating func merge(_ other: Self) {
        count += other.count
        nonZero += other.nonZero
        sum &+= other.sum
        max = Swift.max(max, other.max)
    }
}

/// The distinct client ids of a log: a bitmap for the usual small ids, a set for the rest.
struct ClientSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)  // ids 0..<65536
    private var large: Set<UInt64> = []
    private(set) var count = 0

    @inline(__always)
    mutating func insert(_ id: UInt64) {
        if id < 65536 {
            let word = Int(id >> 6)
            let mask: UInt64 = 1 << (id & 63)
            if bits[word] & mask == 0 {
                bits[word] |= mask
                count += 1
            }
        } else if large.insert(id).inserted {
            count += 1
        }
    }
}
