public import PerfFarmCore

/// The checks a fuzzer runs on every input it makes, one parser at a time (`Fuzz/`, libFuzzer), and that a
/// normal test replays on the kept corpus (`Tests/PerfFarmCoreTests/Fuzz/<target>/`).
///
/// For any bytes, a parser must:
/// - not crash (a crash stops the fuzzer, which keeps the input);
/// - throw only ``PerfFarmError`` (never another error type);
/// - give the same outcome whether the bytes come in one piece or in chunks (of a size from 2 to 62 bytes taken
///   from the input's first byte), and the same as its type's `parse(bytes:)`;
/// - for run output with a summary (a line starting with `transaction type:`): never accept the input cut before its last
///   byte when it ends with a newline (a number cut in the middle, like `tps = 44.` of `tps = 44.5`, is
///   `truncated_input`, not a number). Output without a summary (errors only) is not checked for cuts, as
///   `PgbenchRunCompleteness` documents.
///
/// ```swift
/// if let failure = ParserFuzzCheck.Target.run.check(bytes) { fatalError(failure) }
/// ```
public enum ParserFuzzCheck {
    /// A parser under test.
    public enum Target: String, CaseIterable, Sendable {
        /// `pgbench` run output (`PgbenchRunParser`).
        case run
        /// `pgbench -i` output (`PgbenchInitParser`).
        case initialization = "init"
        /// A per-transaction log (`PgbenchTransactionLogParser`, the seventh column detected).
        case transactionLog = "transaction-log"
        /// An aggregate log (`PgbenchAggregateLogParser`).
        case aggregateLog = "aggregate-log"
        /// Any of them, the kind detected (`PgbenchOutputParser`).
        case detected

        /// Checks `bytes` with this target's parser.
        /// - Returns: what went wrong, or `nil` when every check held.
        public func check(_ bytes: [UInt8]) -> String? {
            let chunk = bytes.first.map { Int($0 % 61) + 2 } ?? 2
            switch self {
            case .run:
                let check = ParserCheck<PgbenchTextOutputParser<PgbenchRunParser>>()
                return ParserFuzzCheck.failure(check, bytes, chunk: chunk)
                    ?? ParserFuzzCheck.cutLastByte(check, bytes)
            case .initialization:
                let check = ParserCheck<PgbenchTextOutputParser<PgbenchInitParser>>()
                return ParserFuzzCheck.failure(check, bytes, chunk: chunk)
            case .transactionLog:
                return ParserFuzzCheck.failure(ParserCheck<PgbenchTransactionLogParser>(), bytes, chunk: chunk)
            case .aggregateLog:
                return ParserFuzzCheck.failure(ParserCheck<PgbenchAggregateLogParser>(), bytes, chunk: chunk)
            case .detected:
                return ParserFuzzCheck.failure(ParserCheck<PgbenchOutputParser>(), bytes, chunk: chunk)
            }
        }
    }

    /// The chunking checks of `check` on `bytes` (whole against chunks of `chunk` bytes, and against
    /// `parse(bytes:)`); what failed, or `nil`.
    public static func failure<Parser>(_ check: ParserCheck<Parser>, _ bytes: [UInt8], chunk: Int) -> String? {
        let report = check.checkChunking(bytes, chunkSizes: chunk...chunk)
        if case .unexpectedError(let description) = report.whole {
            return "an error that is not a PerfFarmError: \(description)"
        }
        return report.passed ? nil : "\(report)"
    }

    /// A run output with a summary, accepted whole and ending in a newline after a line that is not blank, must not
    /// be accepted without its last byte.
    public static func cutLastByte<Parser>(_ check: ParserCheck<Parser>, _ bytes: [UInt8]) -> String? {
        // The last line must hold something besides blanks: cutting an empty or blank line cuts no number.
        let lastLine = bytes.dropLast().reversed().prefix { $0 != UInt8(ascii: "\n") }
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0B, 0x0C]
        guard bytes.count >= 2,
            bytes.starts(with: Array("transaction type:".utf8)) || contains(bytes, "\ntransaction type:"),
            bytes.last == UInt8(ascii: "\n"),
            lastLine.contains(where: { !blanks.contains($0) }),
            case .parsed = check.parseWhole(bytes)
        else { return nil }
        // The line break goes whole (`\r\n` too): what is left ends in the middle of its last line.
        var end = bytes.count - 1
        if end > 0, bytes[end - 1] == 0x0D { end -= 1 }
        let cut = check.parseWhole(bytes[..<end])
        if case .failed(let error) = cut, error.code == .truncatedInput { return nil }
        return "accepted whole, and without its final newline too (\(cut)): a cut last line must be truncated_input"
    }

    /// Whether `bytes` hold `text`.
    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in
            bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
