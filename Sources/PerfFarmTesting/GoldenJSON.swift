public import Foundation
import PerfFarmCore

/// Compares values with golden JSON files, written with perffarm's JSON conventions, and rewrites the files on
/// request.
///
/// The JSON is perffarm's: keys sorted, pretty-printed, slashes unescaped, non-finite numbers as the strings
/// `Infinity`, `-Infinity` and `NaN`, and a final line feed (as `BenchmarkResultJSON` writes results). The golden
/// files live in the source tree, not in the test bundle, so that they can be rewritten: set
/// `PERFFARM_UPDATE_GOLDEN=1` in the environment of `swift test`, then review the change with `git diff`.
///
/// ```swift
/// let golden = GoldenJSON(directory: "Fixtures/golden")      // next to this test file
/// let comparison = try golden.compare(report, toFile: "report.json")
/// #expect(comparison.passed, "\(comparison)")
/// ```
public struct GoldenJSON: Sendable {
    /// The environment variable that asks for the golden files to be rewritten.
    public static let updateEnvironmentVariable = "PERFFARM_UPDATE_GOLDEN"

    /// Whether ``updateEnvironmentVariable`` is set to something other than an empty string or `0`.
    public static var updateRequested: Bool {
        guard let value = ProcessInfo.processInfo.environment[updateEnvironmentVariable] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// The folder of the golden files.
    public var directory: URL
    /// Whether ``compare(_:toFile:)`` writes the files instead of comparing.
    public var update: Bool

    /// Golden files in a folder.
    /// - Parameters:
    ///   - directory: the folder.
    ///   - update: whether to write the files instead of comparing; by default ``updateRequested``.
    public init(directory: URL, update: Bool = GoldenJSON.updateRequested) {
        self.directory = directory
        self.update = update
    }

    /// Golden files in a folder given relative to the source file that creates this value.
    /// - Parameters:
    ///   - directory: the folder, relative to the folder of `filePath` (or absolute).
    ///   - filePath: the source file it is relative to; the caller's by default.
    ///   - update: whether to write the files instead of comparing; by default ``updateRequested``.
    public init(directory: String, relativeTo filePath: String = #filePath, update: Bool = GoldenJSON.updateRequested) {
        let base = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        self.init(
            directory: directory.hasPrefix("/")
                ? URL(fileURLWithPath: directory) : base.appendingPathComponent(directory),
            update: update)
    }

    /// Encodes `value` as perffarm writes its JSON documents.
    /// - Parameter value: the value.
    /// - Returns: the JSON text, ending with a line feed.
    /// - Throws: the `EncodingError` of `JSONEncoder`.
    public static func encode(_ value: some Encodable) throws -> Data {
        try PerfFarmJSON.encode(value)
    }

    /// Compares the JSON of `value` with a golden file, or writes the file when ``update`` is set.
    ///
    /// Two documents that differ only in layout (whitespace) match: a golden file written on another platform or
    /// by hand still compares by value.
    /// - Parameters:
    ///   - value: the value to check.
    ///   - name: the file's path under ``directory`` (folders are created when writing).
    /// - Returns: whether it matched, was written, is missing, or where it first differs.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/fileAccess``) when the file cannot be read or written;
    ///   the `EncodingError` of `JSONEncoder`.
    public func compare(_ value: some Encodable, toFile name: String) throws -> Comparison {
        let url = directory.appendingPathComponent(name)
        let actual = try Self.encode(value)
        if update {
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, options: .atomic)
            } catch {
                throw PerfFarmError(
                    .fileAccess, "cannot write the golden file: \(error.localizedDescription)", path: url.path)
            }
            return .written(path: url.path)
        }
        guard FileManager.default.fileExists(atPath: url.path) else { return .missing(path: url.path) }
        let expected: Data
        do {
            expected = try Data(contentsOf: url)
        } catch {
            throw PerfFarmError(
                .fileAccess, "cannot read the golden file: \(error.localizedDescription)", path: url.path)
        }
        guard let difference = JSONDifference.first(expected: expected, actual: actual) else { return .matches }
        return .differs(path: url.path, difference: difference)
    }

    /// The result of ``GoldenJSON/compare(_:toFile:)``.
    public enum Comparison: Sendable, Equatable, CustomStringConvertible {
        /// The value's JSON equals the golden file's.
        case matches
        /// The golden file was (re)written with the value's JSON (update requested).
        case written(path: String)
        /// There is no golden file at this path.
        case missing(path: String)
        /// The value's JSON differs from the golden file: the first differing line of each.
        case differs(path: String, difference: JSONDifference)

        /// Whether the check passed: the JSON matched, or the file was rewritten on request.
        public var passed: Bool {
            switch self {
            case .matches, .written: true
            case .missing, .differs: false
            }
        }

        /// One sentence, or a few lines with the first difference and how to update the file.
        public var description: String {
            let update = "run with \(GoldenJSON.updateEnvironmentVariable)=1 to write it, then review the diff"
            switch self {
            case .matches:
                return "matches its golden file"
            case .written(let path):
                return "wrote golden file \(path)"
            case .missing(let path):
                return "golden file \(path) is missing; \(update)"
            case .differs(let path, let difference):
                return "\(path) differs from the value, \(difference)\n(if the change is intended, \(update))"
            }
        }
    }
}
