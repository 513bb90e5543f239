/// A list property that decodes as empty when its key is missing: for fields added to a document after
/// documents were written without them (`notes`, `observer_notes`), so that those documents still decode.
///
/// Encoding is the list itself, always written.
///
/// ```swift
/// struct Run: Codable {
///     @DefaultEmpty var notes: [String]
/// }
/// ```
@propertyWrapper
public struct DefaultEmpty<Element> {
    /// The list.
    public var wrappedValue: [Element]

    /// Wraps `wrappedValue`.
    /// - Parameter wrappedValue: the list.
    public init(wrappedValue: [Element]) {
        self.wrappedValue = wrappedValue
    }
}

extension DefaultEmpty: Encodable where Element: Encodable {
    /// Encodes the list.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: what encoding the list throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension DefaultEmpty: Decodable where Element: Decodable {
    /// Decodes the list (`null` reads as empty).
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` when the value is not a list of `Element`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? [] : try container.decode([Element].self)
    }
}

extension DefaultEmpty: Sendable where Element: Sendable {}
extension DefaultEmpty: Equatable where Element: Equatable {}
extension DefaultEmpty: Hashable where Element: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a ``DefaultEmpty`` property: empty for a missing key or `null`.
    /// - Parameters:
    ///   - type: the wrapper type.
    ///   - key: the property's key.
    /// - Returns: the list, empty when the key is missing.
    /// - Throws: `DecodingError` when the value is present but not a list of `Element`.
    public func decode<Element: Decodable>(_ type: DefaultEmpty<Element>.Type, forKey key: Key) throws
        -> DefaultEmpty<Element>
    {
        DefaultEmpty(wrappedValue: try decodeIfPresent([Element].self, forKey: key) ?? [])
    }
}
