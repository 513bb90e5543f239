public import Foundation

/// The first line where two JSON documents differ, for messages that a person reads.
public struct JSONDifference: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number.
    public var lineNumber: Int
    /// The expected line, or `nil` when the expected document ends before it.
    public var expected: String?
    /// The actual line, or `nil` when the actual document ends before it.
    public var actual: String?

    /// Creates a difference.
    /// - Parameters:
    ///   - lineNumber: the 1-based line number.
    ///   - expected: the expected line, `nil` past the end.
    ///   - actual: the actual line, `nil` past the end.
    public init(lineNumber: Int, expected: String?, actual: String?) {
        self.lineNumber = lineNumber
        self.expected = expected
        self.actual = actual
    }

    /// `first difference at line N:` then the expected and the actual line.
    public var description: String {
        """
        first difference at line \(lineNumber):
          expected: \(expected ?? "(end of document)")
          actual:   \(actual ?? "(end of document)")
        """
    }

    /// The first difference between two JSON documents, or `nil` when they hold the same values.
    ///
    /// Documents that differ only in layout (whitespace, key order) hold the same values. When the values differ,
    /// the first differing line of the texts as they are is reported, so that its number is a line of the file.
    /// - Parameters:
    ///   - expected: the expected document.
    ///   - actual: the actual document.
    /// - Returns: the first differing line, or `nil`.
    public static func first(expected: Data, actual: Data) -> JSONDifference? {
        if expected == actual { return nil }
        if let canonicalExpected = canonical(expected), canonicalExpected == canonical(actual) { return nil }
        return firstLine(
            expected: String(decoding: expected, as: UTF8.self), actual: String(decoding: actual, as: UTF8.self))
    }

    /// The first differing line of two texts, or `nil` when they are equal.
    static func firstLine(expected: String, actual: String) -> JSONDifference? {
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < expectedLines.count, index < actualLines.count, expectedLines[index] == actualLines[index] {
            index += 1
        }
        return JSONDifference(
            lineNumber: index + 1,
            expected: index < expectedLines.count ? String(expectedLines[index]) : nil,
            actual: index < actualLines.count ? String(actualLines[index]) : nil)
    }

    /// How two values differ, in perffarm's JSON; their descriptions when they cannot be encoded.
    static func describe(expected: some Encodable, actual: some Encodable) -> String {
        guard let expectedJSON = try? GoldenJSON.encode(expected), let actualJSON = try? GoldenJSON.encode(actual)
        else {
            return "expected \(expected), got \(actual)"
        }
        guard let difference = first(expected: expectedJSON, actual: actualJSON) else {
            return "values differ but their JSON is the same"
        }
        return difference.description
    }

    /// The document re-serialised with sorted keys, or `nil` when it is not JSON.
    private static func canonical(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let again = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .prettyPrinted, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: again, as: UTF8.self)
    }
}
