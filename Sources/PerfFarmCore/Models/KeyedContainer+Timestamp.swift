import Foundation

/// Timestamps of the build documents, in the collectors' format (``CollectorTimestamp``: ISO 8601, UTC,
/// milliseconds), rounded to the nearest millisecond so that decoding and encoding again gives the same text.
enum MillisecondTimestamp {
    private static let wholeSeconds = Date.ISO8601FormatStyle()

    /// `2025-03-01T12:00:00.250Z`: `date` rounded to the millisecond. (Formatting fractional seconds
    /// truncates, so a parsed `.007` would print as `.006`; whole seconds print exactly.)
    static func string(from date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - seconds * 1000)
        let text = wholeSeconds.format(Date(timeIntervalSince1970: seconds))
        let padded = String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        return String(text.dropLast()) + "." + padded + "Z"
    }
}

extension KeyedEncodingContainer {
    /// Encodes `date` as an ISO 8601 timestamp in UTC with milliseconds, or `null`.
    mutating func encodeTimestamp(_ date: Date?, forKey key: Key) throws {
        try encode(date.map(MillisecondTimestamp.string(from:)), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an ISO 8601 timestamp written by ``KeyedEncodingContainer/encodeTimestamp(_:forKey:)``.
    func decodeTimestamp(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = CollectorTimestamp.date(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "not an ISO 8601 timestamp: \(text)")
        }
        return date
    }

    /// Decodes an ISO 8601 timestamp, or `nil` for `null` or a missing key.
    func decodeTimestampIfPresent(forKey key: Key) throws -> Date? {
        guard try decodeIfPresent(String.self, forKey: key) != nil else { return nil }
        return try decodeTimestamp(forKey: key)
    }
}
