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
    static func parse(lines: PgbenchTextLines) -> Output
}

extension PgbenchRunParser: PgbenchTextParsing {}

extension PgbenchInitParser: PgbenchTextParsing {}
