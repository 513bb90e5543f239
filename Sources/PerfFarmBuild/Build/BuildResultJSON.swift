public import Foundation
public import PerfFarmCore

/// The JSON file of a ``BuildResult``, in the ``PerfFarmJSON`` document form.
public enum BuildResultJSON {
    /// Encodes `result`.
    public static func encode(_ result: BuildResult) throws -> Data {
        try PerfFarmJSON.encode(result)
    }

    /// Decodes a result written by ``encode(_:)``.
    public static func decode(_ data: Data) throws -> BuildResult {
        try PerfFarmJSON.decode(BuildResult.self, from: data)
    }
}
