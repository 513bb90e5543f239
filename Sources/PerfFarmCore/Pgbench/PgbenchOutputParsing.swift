/// A parser of pgbench output, or of the output of a custom pgbench script, fed as a stream of byte chunks.
///
/// A conforming type reads what pgbench (or a process it ran) wrote, in chunks of any size, and gives one typed,
/// `Codable` value at the end. perffarm's own parsers conform: ``PgbenchTransactionLogParser``,
/// ``PgbenchAggregateLogParser``, ``PgbenchOutputParser``, and the whole-text parsers ``PgbenchRunParser`` and
/// ``PgbenchInitParser`` through ``PgbenchTextOutputParser``. A tool that parses the output of its own pgbench
/// script conforms the same way, and can then check its parser with the helpers of `PerfFarmTesting` (chunked
/// parsing equals whole parsing, every truncation of an input is handled, golden JSON files).
///
/// The contract:
/// - ``consume(_:)`` takes the chunks in order; a line or record may be split between two chunks anywhere, and
///   the result must not depend on where the input was cut into chunks.
/// - ``finish()`` ends the input and returns what it held. Call it once, after the last chunk; what a parser
///   does when fed again afterwards is up to its type.
/// - Errors are ``PerfFarmError`` values, never another type, and never a crash, whatever the bytes:
///   ``PerfFarmError/Code/binaryInput`` with the ``PerfFarmError/lineNumber`` of the first line holding bytes
///   that the format never contains; ``PerfFarmError/Code/truncatedInput`` with the line number when the input
///   ends in the middle of a record; ``PerfFarmError/Code/unrecognizedInput`` when the parser requires something
///   it did not find.
///
/// ```swift
/// var parser = PgbenchAggregateLogParser()
/// for chunk in chunks { try parser.consume(chunk) }     // [UInt8], Data or an UnsafeRawBufferPointer
/// let log = try parser.finish()
///
/// let same = try PgbenchAggregateLogParser.parse(bytes: wholeFile)   // the same in one call
/// ```
public protocol PgbenchOutputParsing: Sendable {
    /// The value parsed from a whole input.
    associatedtype Output: Codable & Sendable & Equatable

    /// Creates a parser for one input, with the type's default options.
    init()

    /// Reads the next chunk of the input.
    /// - Parameter chunk: the bytes that follow the previous chunk (any size, possibly empty).
    /// - Throws: ``PerfFarmError`` when the bytes cannot be the expected output (binary data, a line too long).
    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws

    /// Ends the input and returns what it held.
    /// - Returns: the parsed value.
    /// - Throws: ``PerfFarmError``, for example ``PerfFarmError/Code/truncatedInput`` with the line number when
    ///   the input ends in the middle of a record.
    mutating func finish() throws -> Output

    /// Parses a whole input held in memory.
    ///
    /// The default implementation creates a parser with ``init()``, consumes `bytes` in one chunk and finishes;
    /// a type that provides its own must give the same result.
    /// - Parameter bytes: the whole input.
    /// - Returns: the parsed value.
    /// - Throws: ``PerfFarmError`` as ``consume(_:)`` and ``finish()``.
    static func parse(bytes: some Collection<UInt8>) throws -> Output
}

extension PgbenchOutputParsing {
    /// Parses a whole input held in memory: ``init()``, one ``consume(_:)``, ``finish()``.
    /// - Parameter bytes: the whole input.
    /// - Returns: the parsed value.
    /// - Throws: ``PerfFarmError`` as ``consume(_:)`` and ``finish()``.
    public static func parse(bytes: some Collection<UInt8>) throws -> Output {
        var parser = Self()
        try parser.consume(bytes)
        return try parser.finish()
    }

    /// Reads the next chunk of the input from any collection of bytes (an `Array`, `Data`, a slice).
    /// - Parameter bytes: the bytes that follow the previous chunk.
    /// - Throws: ``PerfFarmError`` as ``consume(_:)``.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws {
        try PgbenchTextLines.withContiguousBytes(of: bytes) { try consume($0) }
    }
}
