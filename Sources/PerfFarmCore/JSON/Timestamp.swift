public import Foundation

/// A `Date` property written as an ISO 8601 text in UTC with milliseconds (`2025-03-01T12:00:00.250Z`), the
/// one timestamp form of perffarm's documents (``TimestampFormat``).
///
/// Wraps `Date` for a required timestamp and `Date?` for one that may be absent, written as `null`:
///
/// ```swift
/// struct Run: Codable {
///     @Timestamp var startedAt: Date
///     @Timestamp var finishedAt: Date?
/// }
/// ```
///
/// The text does not depend on the encoder's date strategy, so a plain `JSONEncoder` writes the same document.
/// Decoding accepts fractional seconds or none; an optional timestamp decodes `null` and a missing key as `nil`.
/// In Swift the value is the `Date` as given; only the document rounds it to the millisecond.
@propertyWrapper
public struct Timestamp<Value: TimestampValue> {
    /// The moment (or `nil` for an absent optional timestamp).
    public var wrappedValue: Value

    /// Wraps `wrappedValue`.
    /// - Parameter wrappedValue: the moment, or `nil` for an optional timestamp.
    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    /// The value of `text` read from a document.
    static func value(parsing text: String, error: (String) -> DecodingError) throws -> Value {
        guard let date = TimestampFormat.date(from: text) else { throw error("not an ISO 8601 timestamp: \(text)") }
        return Value(timestampDate: date)
    }
}

/// What ``Timestamp`` wraps: `Date` for a required timestamp, `Date?` for one that may be absent.
public protocol TimestampValue {
    /// The value for a moment read from a document.
    /// - Parameter date: the moment.
    init(timestampDate date: Date)

    /// The moment, or `nil` when the timestamp is absent.
    var timestampDate: Date? { get }

    /// The value of an absent (`null` or missing) timestamp, or `nil` when the timestamp is required.
    static var absentTimestamp: Self? { get }
}

extension Date: TimestampValue {
    /// The moment itself.
    /// - Parameter date: the moment.
    public init(timestampDate date: Date) {
        self = date
    }

    /// The moment itself.
    public var timestampDate: Date? { self }

    /// `nil`: a `Date` timestamp is required.
    public static var absentTimestamp: Date? { nil }
}

extension Optional: TimestampValue where Wrapped == Date {
    /// The moment.
    /// - Parameter date: the moment.
    public init(timestampDate date: Date) {
        self = .some(date)
    }

    /// The moment, or `nil`.
    public var timestampDate: Date? { self }

    /// `nil` wrapped: an absent `Date?` timestamp is `nil`.
    public static var absentTimestamp: Date?? { .some(nil) }
}

extension Timestamp: Encodable {
    /// Encodes the moment as ISO 8601 text with milliseconds, or `null` for an absent timestamp.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let date = wrappedValue.timestampDate {
            try container.encode(TimestampFormat.string(from: date))
        } else {
            try container.encodeNil()
        }
    }
}

extension Timestamp: Decodable {
    /// Decodes an ISO 8601 text, or `null` for an optional timestamp.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` for a text that is not a timestamp, or `null` for a required one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            guard let absent = Value.absentTimestamp else {
                throw DecodingError.valueNotFound(
                    Date.self, .init(codingPath: decoder.codingPath, debugDescription: "a timestamp is required"))
            }
            self.init(wrappedValue: absent)
            return
        }
        let text = try container.decode(String.self)
        self.init(
            wrappedValue: try Self.value(parsing: text) {
                DecodingError.dataCorruptedError(in: container, debugDescription: $0)
            })
    }
}

extension Timestamp: Sendable where Value: Sendable {}
extension Timestamp: Equatable where Value: Equatable {}
extension Timestamp: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a ``Timestamp`` property; an optional one is `nil` for `null` and for a missing key.
    ///
    /// Synthesized `init(from:)` calls this overload for every `@Timestamp` property; without it a missing key
    /// would be an error even for a `Date?`.
    /// - Parameters:
    ///   - type: the wrapper type.
    ///   - key: the property's key.
    /// - Returns: the timestamp.
    /// - Throws: `DecodingError` for a text that is not a timestamp, or a missing or `null` required one.
    public func decode<Value>(_ type: Timestamp<Value>.Type, forKey key: Key) throws -> Timestamp<Value> {
        let text: String
        if let absent = Value.absentTimestamp {
            guard let present = try decodeIfPresent(String.self, forKey: key) else {
                return Timestamp(wrappedValue: absent)
            }
            text = present
        } else {
            text = try decode(String.self, forKey: key)
        }
        return Timestamp(
            wrappedValue: try Timestamp.value(parsing: text) {
                DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: $0)
            })
    }
}
