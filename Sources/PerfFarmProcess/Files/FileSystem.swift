package import Foundation
import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system operations PerfFarmBuild needs, with errors as ``PerfFarmError``.
package enum FileSystem {
    /// Creates `path` and its missing parents (no error when it exists).
    package static func createDirectory(_ path: String) throws {
        // mkdir(2) for each missing component, so that the error is the system's (`Read-only file system`).
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var prefix = ""
        for component in absolute.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o777) == 0 { continue }
            let failure = errno
            if failure == EEXIST, isDirectory(prefix) { continue }
            let reason = failure == EEXIST ? "a file is in the way" : String(cString: strerror(failure))
            throw PerfFarmError(.fileAccess, "cannot create the directory: \(reason)", path: path)
        }
    }

    /// Removes `path` and everything under it (no error when it is missing), never following a symbolic link
    /// at or below `path` (``ConfinedDirectory/removeTree(_:)``): a link is removed, never what it names.
    package static func remove(_ path: String) throws {
        try ConfinedDirectory.removeTree(path)
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

    package static func isSymbolicLink(_ path: String) -> Bool {
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

    /// Writes `data` to `path` so that a crash or a power loss leaves either the old file or the new one whole:
    /// a new temporary file in the same directory (created exclusively, never through a symbolic link), every
    /// byte written and flushed to the disk (`fsync`), renamed over `path`, and the directory flushed too.
    /// - Throws: ``PerfFarmError`` (`file_access`) naming the file and the system's reason (a full disk: "No
    ///   space left on device"); the temporary file is removed then.
    package static func writeDurably(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary =
            directory + "/." + (path as NSString).lastPathComponent
            + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        func failure(_ what: String) -> PerfFarmError {
            PerfFarmError(.fileAccess, "cannot write: \(what): \(String(cString: strerror(errno)))", path: path)
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file") }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do {
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure("write failed")
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure("fsync failed") }
            closed = true
            guard close(descriptor) == 0 else { throw failure("close failed") }
            guard rename(temporary, path) == 0 else { throw failure("rename failed") }
        } catch {
            unlink(temporary)
            throw error
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
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
