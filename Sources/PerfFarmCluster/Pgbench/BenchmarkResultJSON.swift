public import Foundation
public import PerfFarmCore
import PerfFarmProcess

/// The JSON file of a ``BenchmarkResult``, in the ``PerfFarmJSON`` document form.
public enum BenchmarkResultJSON {
    /// The file name of the result in its output directory.
    public static let fileName = "result.json"

    /// Encodes `result`.
    public static func encode(_ result: BenchmarkResult) throws -> Data {
        try PerfFarmJSON.encode(result)
    }

    /// Decodes a result written by ``encode(_:)``.
    public static func decode(_ data: Data) throws -> BenchmarkResult {
        try PerfFarmJSON.decode(BenchmarkResult.self, from: data)
    }

    /// Writes `result` to `<directory>/result.json` atomically (a temporary file, then a rename).
    /// - Throws: ``PerfFarmError`` (`file_access`).
    public static func write(_ result: BenchmarkResult, toDirectory directory: String) throws {
        try FileSystem.writeDurably(try encode(result), to: directory + "/" + fileName)
    }
}
