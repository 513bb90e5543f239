public import Foundation
public import PerfFarmCore

/// The JSON form of a ``BuildResult``: sorted keys, pretty-printed, slashes unescaped.
public enum BuildResultJSON {
    /// Encodes `result`.
    public static func encode(_ result: BuildResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(result)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Decodes a result written by ``encode(_:)``.
    public static func decode(_ data: Data) throws -> BuildResult {
        try JSONDecoder().decode(BuildResult.self, from: data)
    }
}
