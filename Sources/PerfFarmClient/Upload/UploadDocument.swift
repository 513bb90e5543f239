public import Foundation
public import PerfFarmCore
import PerfFarmProcess

/// A result document read for an upload: its exact bytes and the `BenchmarkResult` they hold.
public struct UploadDocument: Sendable {
    /// The document's file.
    public var path: String
    /// Its bytes, as written (the native payload).
    public var bytes: Data
    /// The result they hold.
    public var result: BenchmarkResult

    /// Reads and decodes the result document at `path`.
    /// - Throws: ``PerfFarmError`` naming the file: `file_access` when it cannot be read, `unrecognized_input`
    ///   when it is not a perffarm result document.
    public static func load(_ path: String) throws -> UploadDocument {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PerfFarmError(.fileAccess, "cannot read the result: \(error.localizedDescription)", path: path)
        }
        do {
            return UploadDocument(
                path: path, bytes: bytes, result: try PerfFarmJSON.decode(BenchmarkResult.self, from: bytes))
        } catch {
            throw PerfFarmError(
                .unrecognizedInput, "not a perffarm result document (\(PerfFarmJSON.describe(decodingError: error)))",
                path: path)
        }
    }

    /// The result's stable identifier: its `result_id`, or for a document without one (`perffarm bench`) a UUID
    /// made from the SHA-256 of its bytes, so that uploading the same file again gives the same identifier.
    public var resultID: String {
        result.resultID ?? Self.identifier(of: bytes)
    }

    /// A UUID (version 8, name-based) from the SHA-256 of `bytes`.
    static func identifier(of bytes: Data) -> String {
        var hex = Array(SHA256Hex.digest(bytes).prefix(32))
        hex[12] = "8"
        hex[16] = Array("89ab")[Int(hex[16].hexDigitValue ?? 0) % 4]
        let text = String(hex)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(
                text[
                    text.index(
                        text.startIndex, offsetBy: range.lowerBound)..<text.index(
                            text.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}
