import Foundation

extension KeyedEncodingContainer {
    /// Encodes `date` as an ISO 8601 timestamp in UTC with milliseconds, or `null`.
    mutating func encodeTimestamp(_ date: Date?, forKey key: Key) throws {
        try encode(date.map(CollectorTimestamp.string(from:)), forKey: key)
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
