public import Foundation
import PerfFarmCore

/// A test input file: a resource copied into a test bundle, or a file at a path.
///
/// ```swift
/// // Package.swift: .testTarget(name: "MyParserTests", dependencies: [...], resources: [.copy("Fixtures")])
/// let bytes = try Fixture("Fixtures/report.txt", in: .module).bytes()
/// let text = try Fixture(path: "/tmp/capture.txt").text()
/// ```
public struct Fixture: Sendable, Equatable, CustomStringConvertible {
    /// Where the file is.
    public var url: URL

    /// A file at a URL.
    /// - Parameter url: a `file:` URL.
    public init(url: URL) {
        self.url = url
    }

    /// A file at a path.
    /// - Parameter path: an absolute path, or one relative to the current directory.
    public init(path: String) {
        self.url = URL(fileURLWithPath: path)
    }

    /// A resource of a bundle, by its path under the bundle's resources.
    ///
    /// A target's `.copy("Fixtures")` resource keeps its folder: its files are `Fixtures/<name>` in
    /// `Bundle.module`.
    /// - Parameters:
    ///   - name: the file's path relative to the bundle's resources, for example `Fixtures/report.txt`.
    ///   - bundle: the bundle, usually `Bundle.module` of the test target.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/fileAccess``) when the bundle has no such file.
    public init(_ name: String, in bundle: Bundle) throws {
        let root = bundle.resourceURL ?? bundle.bundleURL
        let url = root.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            throw PerfFarmError(
                .fileAccess, "no resource file \(name) in the bundle (is it declared with .copy in Package.swift?)",
                path: url.path)
        }
        self.url = url
    }

    /// The file's path.
    public var path: String { url.path }

    /// The file's path, for test names and messages.
    public var description: String { url.path }

    /// Reads the whole file.
    /// - Returns: its bytes.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/fileAccess``) when it cannot be read.
    public func bytes() throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw PerfFarmError(.fileAccess, "cannot read the fixture: \(error.localizedDescription)", path: url.path)
        }
    }

    /// Reads the whole file as UTF-8 text.
    /// - Returns: its text.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/fileAccess`` when it cannot be read,
    ///   ``PerfFarmError/Code/binaryInput`` when it is not valid UTF-8.
    public func text() throws -> String {
        let bytes = try bytes()
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PerfFarmError(.binaryInput, "the fixture is not UTF-8 text", path: url.path)
        }
        return text
    }
}
