public import Foundation

/// The timestamp format of the collectors' documents: ISO 8601 in UTC with milliseconds
/// (`2025-03-01T12:00:00.250Z`).
public enum CollectorTimestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Formats `date`.
    /// - Parameter date: the moment to format.
    /// - Returns: the ISO 8601 text in UTC with milliseconds.
    public static func string(from date: Date) -> String {
        style.format(date)
    }

    /// Parses a timestamp written by ``string(from:)`` (fractional seconds optional).
    /// - Parameter text: the ISO 8601 text.
    /// - Returns: the moment, or `nil` when `text` is not such a timestamp.
    public static func date(from text: String) -> Date? {
        if let date = try? style.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
