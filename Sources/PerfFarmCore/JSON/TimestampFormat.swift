public import Foundation

/// The timestamp format of every perffarm document: ISO 8601 in UTC with milliseconds
/// (`2025-03-01T12:00:00.250Z`).
///
/// Models hold timestamps as `Date` and write them through ``Timestamp``; this is the one formatter behind it,
/// also used where a timestamp is shown as text (lock files, summaries).
public enum TimestampFormat {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let wholeSeconds = Date.ISO8601FormatStyle()

    /// Formats `date`, rounded to the nearest millisecond so that parsing and formatting again gives the same
    /// text (Foundation's fractional-second formatting truncates: a parsed `.007` would print as `.006`).
    /// - Parameter date: the moment to format.
    /// - Returns: the ISO 8601 text in UTC with milliseconds, e.g. `2025-03-01T12:00:00.250Z`.
    public static func string(from date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - seconds * 1000)
        let text = wholeSeconds.format(Date(timeIntervalSince1970: seconds))
        let padded = String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        return String(text.dropLast()) + "." + padded + "Z"
    }

    /// Parses a timestamp written by ``string(from:)`` (fractional seconds optional).
    /// - Parameter text: the ISO 8601 text.
    /// - Returns: the moment, or `nil` when `text` is not such a timestamp.
    public static func date(from text: String) -> Date? {
        if let date = try? style.parse(text) { return date }
        return try? wholeSeconds.parse(text)
    }
}
