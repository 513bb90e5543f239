/// An optional property written as an explicit `null` when it is `nil`.
///
/// Synthesized `Codable` leaves a `nil` optional out of the document; perffarm's documents keep every key and
/// write `null` instead (docs/result-format.md), so that a reader sees what was not measured. Marking the
/// property `@Nullable` is all a model needs: the encoding does not depend on the encoder's configuration, so
/// a plain `JSONEncoder` writes the nulls too. Decoding accepts `null` and a missing key alike, so documents
/// written before a field existed still decode.
///
/// ```swift
/// struct Run: Codable {
///     @Nullable var tps: Double?
/// }
/// ```
///
/// Timestamps use ``Timestamp`` instead, which writes `null` for a `nil` `Date?` as well.
@propertyWrapper
public struct Nullable<Value> {
    /// The value; `nil` is encoded as `null`.
    public var wrappedValue: Value?

    /// Wraps `wrappedValue`.
    /// - Parameter wrappedValue: the value, or `nil`.
    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension Nullable: Encodable where Value: Encodable {
    /// Encodes the value, or `null` for `nil`.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: what encoding the value throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension Nullable: Decodable where Value: Decodable {
    /// Decodes the value, or `nil` for `null`.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` when the value is neither `null` nor a `Value`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension Nullable: Sendable where Value: Sendable {}
extension Nullable: Equatable where Value: Equatable {}
extension Nullable: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a ``Nullable`` property: `nil` for `null` and for a missing key.
    ///
    /// Synthesized `init(from:)` calls this overload for every `@Nullable` property; without it a missing key
    /// would be an error, where a plain optional decodes as `nil`.
    /// - Parameters:
    ///   - type: the wrapper type.
    ///   - key: the property's key.
    /// - Returns: the wrapped value, `nil` when the key is missing or `null`.
    /// - Throws: `DecodingError` when the value is present but not a `Value`.
    public func decode<Value: Decodable>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value> {
        Nullable(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
