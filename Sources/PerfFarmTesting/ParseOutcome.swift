public import PerfFarmCore

/// What one parse of an input gave: a value, a ``PerfFarmError``, or an error of another type (which a parser
/// conforming to `PgbenchOutputParsing` never throws).
public enum ParseOutcome<Output: Codable & Sendable & Equatable>: Sendable, Equatable, CustomStringConvertible {
    /// The parser returned a value.
    case parsed(Output)
    /// The parser threw a ``PerfFarmError``.
    case failed(PerfFarmError)
    /// The parser threw an error of another type: its type and description.
    case unexpectedError(String)

    /// Runs `body` and records what it returned or threw.
    /// - Parameter body: one parse.
    public init(_ body: () throws -> Output) {
        do {
            self = .parsed(try body())
        } catch let error as PerfFarmError {
            self = .failed(error)
        } catch {
            self = .unexpectedError("\(type(of: error)): \(error)")
        }
    }

    /// The parsed value, or `nil` when the parse threw.
    public var value: Output? {
        if case .parsed(let value) = self { return value }
        return nil
    }

    /// The ``PerfFarmError`` thrown, or `nil`.
    public var error: PerfFarmError? {
        if case .failed(let error) = self { return error }
        return nil
    }

    /// `parsed`, `PerfFarmError <code>: <description>` or `unexpected error <description>`.
    public var description: String {
        switch self {
        case .parsed: "parsed"
        case .failed(let error): "PerfFarmError \(error.code): \(error)"
        case .unexpectedError(let description): "unexpected error \(description)"
        }
    }
}
