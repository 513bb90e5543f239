public import Foundation

/// The one JSON coding configuration of perffarm's documents.
///
/// Documents are pretty-printed with sorted keys and unescaped slashes, so that two results diff line by
/// line; numbers that are not finite are the strings `"Infinity"`, `"-Infinity"` and `"NaN"` (JSON has no
/// such numbers), read back by ``decoder()``. The canonical form, for hashing, is the same without the pretty
/// printing. Keys are snake_case through each model's `CodingKeys`; explicit nulls and timestamps come from
/// ``Nullable`` and ``Timestamp`` and so do not depend on this configuration. A `Date` that is not a model
/// property still gets the ``TimestampFormat`` text here.
public enum PerfFarmJSON {
    /// The strings of the numbers JSON cannot write.
    private static let nonFinite = (positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// A new encoder for documents: pretty-printed, sorted keys, slashes unescaped, non-finite numbers as strings.
    /// - Returns: the configured encoder.
    public static func documentEncoder() -> JSONEncoder {
        let encoder = canonicalEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        return encoder
    }

    /// A new encoder for the canonical compact form that is hashed: sorted keys, slashes unescaped, no
    /// whitespace, non-finite numbers as strings.
    /// - Returns: the configured encoder.
    public static func canonicalEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(TimestampFormat.string(from: date))
        }
        return encoder
    }

    /// A new decoder for documents written by ``documentEncoder()`` or ``canonicalEncoder()``.
    /// - Returns: the configured decoder.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = TimestampFormat.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO 8601 timestamp: \(text)")
            }
            return date
        }
        return decoder
    }

    /// Encodes `value` as a document file: ``documentEncoder()``'s JSON and a trailing newline.
    /// - Parameter value: the document.
    /// - Returns: the bytes to write.
    /// - Throws: `EncodingError` when a value cannot be encoded.
    public static func encode(_ value: some Encodable) throws -> Data {
        var data = try documentEncoder().encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Encodes `value` in the canonical compact form, for hashing: the same value always gives the same bytes.
    /// - Parameter value: the value to hash.
    /// - Returns: the JSON bytes, without a trailing newline.
    /// - Throws: `EncodingError` when a value cannot be encoded.
    public static func canonical(_ value: some Encodable) throws -> Data {
        try canonicalEncoder().encode(value)
    }

    /// Decodes a document.
    /// - Parameters:
    ///   - type: the document's type.
    ///   - data: the JSON bytes (a trailing newline is fine).
    /// - Returns: the document.
    /// - Throws: `DecodingError` when `data` is not such a document.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }

    /// A one-line reason for a decoding error, naming the key path: `no schema_version`,
    /// `runs.0.status: ...`, `not JSON`.
    public static func describe(decodingError error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "no \(path)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path.isEmpty ? "the document" : path): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : context.debugDescription
        default:
            return "\(error)"
        }
    }
}
