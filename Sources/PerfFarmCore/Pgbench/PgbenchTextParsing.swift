/// A parser that reads pgbench's text output whole, once it is split into lines: a run's summary, `pgbench -i`
/// output, or the text a custom script prints.
///
/// Such a parser becomes a streaming ``PgbenchOutputParsing`` parser through ``PgbenchTextOutputParser``, which
/// splits the chunks into lines as they arrive and hands them over at the end. ``PgbenchRunParser`` and
/// ``PgbenchInitParser`` conform.
public protocol PgbenchTextParsing {
    /// The value parsed from the text.
    associatedtype Output: Codable & Sendable & Equatable

    /// Parses lines already split and checked to be text.
    /// - Parameter lines: the lines of the whole output, in order.
    /// - Returns: the parsed value.
    /// - Throws: ``PerfFarmError`` when the text is not whole (``PerfFarmError/Code/truncatedInput``,
    ///   ``PerfFarmError/Code/multipleRuns``), with the line number.
    static func parse(lines: PgbenchTextLines) throws -> Output
}

extension PgbenchRunParser: PgbenchTextParsing {}

extension PgbenchInitParser: PgbenchTextParsing {}
