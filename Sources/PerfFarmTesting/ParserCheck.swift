public import PerfFarmCore

/// Runs a ``PgbenchOutputParsing`` parser over one input in the ways that must agree, and reports what did not.
///
/// - ``checkChunking(_:chunkSizes:)``: the input in one piece, then in chunks of every size in a range; every
///   chunked parse must give what the whole parse gives (the same value, or the same ``PerfFarmError``), and so
///   must the type's `parse(bytes:)`.
/// - ``checkTruncations(_:step:)``: every prefix of the input (every truncation) parsed whole; each must give a
///   value or throw a ``PerfFarmError`` — never another error type — and a truncated or binary input error must
///   name its line. A crash cannot be reported: it stops the test process, which fails the test all the same.
/// - ``checkAll(_:maximumChunkSize:truncationStep:)``: both.
///
/// Nothing here asserts: the checks return a ``ParserCheckReport`` that any test framework can assert on.
///
/// ```swift
/// let report = ParserCheck<MyReportParser>().checkAll(try Fixture("Fixtures/report.txt", in: .module).bytes())
/// #expect(report.passed, "\(report)")
/// #expect(report.whole.value?.transactions == 1200)
/// ```
public struct ParserCheck<Parser: PgbenchOutputParsing>: Sendable {
    /// Creates the parser for each parse.
    private let makeParser: @Sendable () -> Parser
    /// Whether ``makeParser`` is `Parser.init()`, so that `Parser.parse(bytes:)` must agree with it.
    private let usesDefaultParser: Bool

    /// Checks parsers created with `Parser.init()`.
    /// - Parameter parser: the parser type (may be left out when the type is known from the context).
    public init(_ parser: Parser.Type = Parser.self) {
        self.makeParser = { Parser() }
        self.usesDefaultParser = true
    }

    /// Checks parsers created by `makeParser`, for parsers with options (`PgbenchOutputParser(kind: .run)`).
    /// - Parameter makeParser: creates a fresh parser for each parse.
    public init(_ makeParser: @escaping @Sendable () -> Parser) {
        self.makeParser = makeParser
        self.usesDefaultParser = false
    }

    // MARK: - Single parses

    /// Parses `bytes` in one chunk.
    /// - Parameter bytes: the whole input.
    /// - Returns: what the parser gave.
    public func parseWhole(_ bytes: some Collection<UInt8>) -> ParseOutcome<Parser.Output> {
        ParseOutcome {
            var parser = makeParser()
            try parser.consume(Array(bytes))
            return try parser.finish()
        }
    }

    /// Parses `bytes` in chunks of `chunkSize` bytes (the last one shorter), each in its own buffer.
    /// - Parameters:
    ///   - bytes: the whole input.
    ///   - chunkSize: the size of each chunk, at least 1.
    /// - Returns: what the parser gave.
    public func parseInChunks(_ bytes: some Collection<UInt8>, chunkSize: Int) -> ParseOutcome<Parser.Output> {
        precondition(chunkSize >= 1, "a chunk holds at least one byte")
        let input = Array(bytes)
        return ParseOutcome {
            var parser = makeParser()
            var start = 0
            while start < input.count {
                let end = min(start + chunkSize, input.count)
                // A copy per chunk, as a stream hands over separate buffers.
                try parser.consume(Array(input[start..<end]))
                start = end
            }
            return try parser.finish()
        }
    }

    // MARK: - Checks

    /// Parses `bytes` whole and in chunks of every size in `chunkSizes`; every parse must agree with the whole one.
    /// - Parameters:
    ///   - bytes: the input.
    ///   - chunkSizes: the chunk sizes to try (sizes above the input's length add nothing and are skipped).
    /// - Returns: the whole parse's outcome and every disagreement.
    public func checkChunking(
        _ bytes: some Collection<UInt8>, chunkSizes: ClosedRange<Int> = 1...64
    ) -> ParserCheckReport<Parser.Output> {
        precondition(chunkSizes.lowerBound >= 1, "a chunk holds at least one byte")
        let input = Array(bytes)
        let whole = parseWhole(input)
        var report = ParserCheckReport(whole: whole, parses: 1)
        if case .unexpectedError(let description) = whole {
            report.failures.append(.init(.whole, "threw an error that is not a PerfFarmError: \(description)"))
        }
        if usesDefaultParser {
            let outcome = ParseOutcome { try Parser.parse(bytes: input) }
            report.parses += 1
            if let difference = Self.difference(expected: whole, actual: outcome) {
                report.failures.append(.init(.staticParse, difference))
            }
        }
        for size in chunkSizes where size < max(input.count, 2) {
            let outcome = parseInChunks(input, chunkSize: size)
            report.parses += 1
            if let difference = Self.difference(expected: whole, actual: outcome) {
                report.failures.append(.init(.chunks(size: size), difference))
            }
        }
        return report
    }

    /// Parses every prefix of `bytes` (lengths 0, `step`, 2 × `step`, … and the whole input); each must give a
    /// value or a ``PerfFarmError``, and a ``PerfFarmError/Code/truncatedInput`` or
    /// ``PerfFarmError/Code/binaryInput`` error must carry a line number.
    /// - Parameters:
    ///   - bytes: the input.
    ///   - step: the distance between two prefix lengths; 1 tries every truncation.
    /// - Returns: the whole parse's outcome and every prefix that broke the rules.
    public func checkTruncations(_ bytes: some Collection<UInt8>, step: Int = 1) -> ParserCheckReport<Parser.Output> {
        precondition(step >= 1, "the step is at least 1")
        let input = Array(bytes)
        var report = ParserCheckReport(whole: parseWhole(input), parses: 0)
        var lengths = Array(stride(from: 0, to: input.count, by: step))
        lengths.append(input.count)
        for length in lengths {
            let outcome = length == input.count ? report.whole : parseWhole(input[..<length])
            report.parses += 1
            switch outcome {
            case .parsed:
                break
            case .failed(let error):
                if [.truncatedInput, .binaryInput].contains(error.code), error.lineNumber == nil {
                    report.failures.append(
                        .init(.truncation(length: length), "\(error.code) error without a line number: \(error)"))
                }
            case .unexpectedError(let description):
                report.failures.append(
                    .init(.truncation(length: length), "threw an error that is not a PerfFarmError: \(description)"))
            }
        }
        return report
    }

    /// Runs ``checkChunking(_:chunkSizes:)`` with chunks of 1 to `maximumChunkSize` bytes and
    /// ``checkTruncations(_:step:)``.
    /// - Parameters:
    ///   - bytes: the input.
    ///   - maximumChunkSize: the largest chunk size tried.
    ///   - truncationStep: the distance between two truncations; 1 tries every prefix.
    /// - Returns: the whole parse's outcome and every failure of both checks.
    public func checkAll(
        _ bytes: some Collection<UInt8>, maximumChunkSize: Int = 64, truncationStep: Int = 1
    ) -> ParserCheckReport<Parser.Output> {
        let input = Array(bytes)
        var report = checkChunking(input, chunkSizes: 1...max(1, maximumChunkSize))
        let truncations = checkTruncations(input, step: truncationStep)
        report.parses += truncations.parses
        report.failures += truncations.failures
        return report
    }

    /// Why `actual` differs from `expected`, or `nil` when they agree.
    static func difference(
        expected: ParseOutcome<Parser.Output>, actual: ParseOutcome<Parser.Output>
    ) -> String? {
        guard expected != actual else { return nil }
        if let expectedValue = expected.value, let actualValue = actual.value {
            // Values holding NaN are not equal to themselves; their JSON says whether they agree.
            if let expectedJSON = try? GoldenJSON.encode(expectedValue),
                let actualJSON = try? GoldenJSON.encode(actualValue), expectedJSON == actualJSON
            {
                return nil
            }
            return "gave another value than the whole input: "
                + JSONDifference.describe(expected: expectedValue, actual: actualValue)
        }
        return "gave \(actual), the whole input \(expected)"
    }
}
