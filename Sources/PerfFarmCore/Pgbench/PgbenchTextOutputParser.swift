/// Streams text output into a whole-text parser (``PgbenchTextParsing``): the ``PgbenchOutputParsing`` form of
/// ``PgbenchRunParser`` and ``PgbenchInitParser``.
///
/// Chunks are split into lines as they arrive, by the rules of ``PgbenchTextLines`` (`\n`, `\r\n` or a lone `\r`
/// ends a line; NUL and other control bytes are binary input, refused at the first line holding one), and the
/// lines are parsed when the input ends. The result and the errors are those of `Base.parse(lines:)` over
/// ``PgbenchTextLines/init(bytes:)`` of the whole input (``PgbenchRunParser/parse(bytes:)``,
/// ``PgbenchInitParser/parse(bytes:)``), whatever the chunks; the text kept is capped at ``maximumTextBytes``.
///
/// ```swift
/// var parser = PgbenchTextOutputParser<PgbenchRunParser>()
/// try parser.consume(stdoutChunk)
/// let summary = try parser.finish()      // a PgbenchRunSummary
/// ```
public struct PgbenchTextOutputParser<Base: PgbenchTextParsing>: PgbenchOutputParsing, Sendable {
    /// The largest text accepted, as ``PgbenchOutputParser/maximumTextBytes``.
    public static var maximumTextBytes: Int { PgbenchOutputParser.maximumTextBytes }

    private var splitter = ByteLineSplitter(terminators: .text)
    private var lines: [PgbenchTextLines.Line] = []
    private var byteCount = 0

    /// Creates a parser for one input.
    public init() {}

    /// Reads the next chunk of the output.
    /// - Parameter chunk: the bytes that follow the previous chunk.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/binaryInput`` with the line number for bytes that text
    ///   output never contains, ``PerfFarmError/Code/inputTooLarge`` past ``maximumTextBytes``.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        guard byteCount + chunk.count <= Self.maximumTextBytes else {
            throw PerfFarmError(
                .inputTooLarge, "more than \(Self.maximumTextBytes / 1024 / 1024) MiB of text is not pgbench output")
        }
        byteCount += chunk.count
        // Take the splitter out of `self` so that the closure may append to `lines`.
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.feed(chunk) { line, number, _ in try self.take(line, number: number) }
    }

    /// Ends the input and parses its lines with `Base`.
    /// - Returns: what `Base.parse(lines:)` gives for the whole input.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/binaryInput`` when the last line, without a line break,
    ///   holds bytes that text never contains; what `Base.parse(lines:)` throws (a run cut short or two runs).
    public mutating func finish() throws -> Base.Output {
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer {
            self.splitter = ByteLineSplitter(terminators: .text)
            lines = []
            byteCount = 0
        }
        var unterminated = false
        try splitter.finish { line, number, _ in
            unterminated = true
            try self.take(line, number: number)
        }
        return try Base.parse(lines: PgbenchTextLines(checked: lines, endsWithoutLineBreak: unterminated))
    }

    private mutating func take(_ line: UnsafeRawBufferPointer, number: Int) throws {
        try PgbenchTextLines.requireText(line, number: number, what: "pgbench text output")
        lines.append(PgbenchTextLines.Line(number: number, text: String(decoding: line, as: UTF8.self)))
    }
}
