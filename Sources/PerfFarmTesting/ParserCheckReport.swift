/// What a ``ParserCheck`` found: the outcome of parsing the whole input, and every rule that did not hold.
public struct ParserCheckReport<Output: Codable & Sendable & Equatable>: Sendable, CustomStringConvertible {
    /// One rule that did not hold.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        /// Which parse broke the rule.
        public enum Parse: Sendable, Equatable, CustomStringConvertible {
            /// The input parsed whole.
            case whole
            /// The input parsed by the type's `parse(bytes:)`.
            case staticParse
            /// The input parsed in chunks of this many bytes.
            case chunks(size: Int)
            /// The first `length` bytes of the input parsed whole.
            case truncation(length: Int)

            /// `whole input`, `parse(bytes:)`, `chunks of N bytes` or `first N bytes`.
            public var description: String {
                switch self {
                case .whole: "whole input"
                case .staticParse: "parse(bytes:)"
                case .chunks(let size): "chunks of \(size) byte\(size == 1 ? "" : "s")"
                case .truncation(let length): "first \(length) byte\(length == 1 ? "" : "s")"
                }
            }
        }

        /// Which parse broke the rule.
        public var parse: Parse
        /// What happened, in one sentence.
        public var message: String

        /// Creates a failure.
        /// - Parameters:
        ///   - parse: which parse broke the rule.
        ///   - message: what happened.
        public init(_ parse: Parse, _ message: String) {
            self.parse = parse
            self.message = message
        }

        /// `<parse>: <message>`.
        public var description: String { "\(parse): \(message)" }
    }

    /// The outcome of parsing the whole input in one chunk.
    public var whole: ParseOutcome<Output>
    /// How many parses ran.
    public var parses: Int
    /// Every rule that did not hold, in the order found.
    public var failures: [Failure] = []

    /// Creates a report with no failure yet.
    /// - Parameters:
    ///   - whole: the outcome of parsing the whole input.
    ///   - parses: how many parses ran.
    public init(whole: ParseOutcome<Output>, parses: Int) {
        self.whole = whole
        self.parses = parses
    }

    /// Whether every rule held.
    public var passed: Bool { failures.isEmpty }

    /// The count of parses and failures, then the first 20 failures, one a line.
    public var description: String {
        guard !passed else { return "\(parses) parses, no failure (whole input: \(whole))" }
        var lines = ["\(parses) parses, \(failures.count) failure\(failures.count == 1 ? "" : "s"):"]
        lines += failures.prefix(20).map { "  \($0)" }
        if failures.count > 20 { lines.append("  … and \(failures.count - 20) more") }
        return lines.joined(separator: "\n")
    }
}
