package import Foundation
import PerfFarmCore

/// The few file-system operations PerfFarmBuild needs, with errors as ``PerfFarmError``.
package enum FileSystem {
    /// Creates `path` and its missing parents (no error when it exists).
    package static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PerfFarmError(.fileAccess, "cannot create the directory: \(error.localizedDescription)", path: path)
        }
    }

    /// Removes `path` and everything under it (no error when it is missing).
    package static func remove(_ path: String) throws {
        guard exists(path) || isSymbolicLink(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw PerfFarmError(.fileAccess, "cannot remove: \(error.localizedDescription)", path: path)
        }
    }

    /// Whether something exists at `path` (following symbolic links).
    package static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Whether `path` is a directory.
    package static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// The names in directory `path` (empty when it is missing), sorted.
    package static func contents(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// The bytes of the file at `path`.
    package static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PerfFarmError(.fileAccess, "cannot read: \(error.localizedDescription)", path: path)
        }
    }

    /// Writes `data` to `path` atomically: a temporary file in the same directory, then a rename.
    package static func writeAtomically(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PerfFarmError(.fileAccess, "cannot write: \(error.localizedDescription)", path: path)
        }
    }

    /// The modification date of `path`, or `nil` when it is missing.
    package static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Sets the modification date of `path` to now (marks an install as recently used).
    package static func touch(_ path: String) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
    }

    /// `path` made absolute against the current directory, with `.`/`..` and duplicate slashes removed.
    package static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let base = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return URL(fileURLWithPath: base).standardizedFileURL.path
    }

    /// `path` with symbolic links resolved (as git compares `safe.directory`), or `path` when it is missing.
    package static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
