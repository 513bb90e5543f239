import Foundation
import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that survive a crash: written to a temporary file, synced, renamed into place, and the directory
/// synced, so that after a power cut a file is either complete or absent. The secret file and the outbox use it.
enum DurableFile {
    /// Writes `data` to `path` atomically and durably, with `mode`, replacing whatever is there.
    /// - Throws: ``PerfFarmError`` (`file_access`) naming `path`.
    static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = directory + "/." + name + ".tmp-" + UUID().uuidString.prefix(8).lowercased()
        try create(data, at: temporary, mode: mode)
        guard rename(temporary, path) == 0 else {
            let error = systemError()
            unlink(temporary)
            throw PerfFarmError(.fileAccess, "cannot rename \(temporary) into place: \(error)", path: path)
        }
        try syncDirectory(directory)
    }

    /// Creates `path` with `data` and `mode`; fails when anything exists there (`O_EXCL`), a symbolic link
    /// included (`O_NOFOLLOW`). The file's content is synced; its directory is not.
    /// - Throws: ``PerfFarmError`` (`file_access`) naming `path`; `EEXIST` says "exists".
    static func create(_ data: Data, at path: String, mode: mode_t = 0o600) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let code = errno
            let reason = code == EEXIST ? "exists" : "cannot create: \(systemError(code))"
            throw PerfFarmError(.fileAccess, reason, path: path)
        }
        var failure: String?
        // The umask may have cleared bits of `mode`; the mode asked for is the one wanted.
        if fchmod(descriptor, mode) != 0 { failure = "cannot set its mode: \(systemError())" }
        if failure == nil {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        failure = "cannot write: \(systemError())"
                        return
                    }
                    offset += written
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot sync: \(systemError())" }
        close(descriptor)
        if let failure {
            unlink(path)
            throw PerfFarmError(.fileAccess, failure, path: path)
        }
    }

    /// Renames `source` to `destination` (same file system) and syncs both directories.
    /// - Throws: ``PerfFarmError`` (`file_access`) naming `source`.
    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw PerfFarmError(
                .fileAccess, "cannot move it to \(destination): \(systemError())", path: source)
        }
        try syncDirectory((destination as NSString).deletingLastPathComponent)
        try syncDirectory((source as NSString).deletingLastPathComponent)
    }

    /// Removes `path` (nothing when it is missing) and syncs its directory.
    /// - Throws: ``PerfFarmError`` (`file_access`) naming `path`.
    static func remove(_ path: String) throws {
        if unlink(path) != 0, errno != ENOENT {
            throw PerfFarmError(.fileAccess, "cannot remove: \(systemError())", path: path)
        }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// `fsync` of a directory, so that a rename or an unlink in it is on disk.
    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PerfFarmError(.fileAccess, "cannot open the directory: \(systemError())", path: path)
        }
        defer { close(descriptor) }
        // Some file systems refuse fsync on a directory (EINVAL): nothing more can be done there.
        if fsync(descriptor) != 0, errno != EINVAL, errno != EROFS {
            throw PerfFarmError(.fileAccess, "cannot sync the directory: \(systemError())", path: path)
        }
    }

    /// Creates `path` (mode `mode`, parents with the same mode) when it is missing, then checks that it is a
    /// private directory of this user: not a symbolic link, owned by the effective user, not writable by the
    /// group or others.
    /// - Parameter role: what the directory is, for the message (`the outbox directory`).
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the directory, or `file_access`.
    static func preparePrivateDirectory(_ path: String, role: String, mode: mode_t = 0o700) throws {
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else {
                throw PerfFarmError(.fileAccess, "cannot inspect \(role): \(systemError())", path: path)
            }
            try createDirectories(path, mode: mode)
            guard lstat(path, &info) == 0 else {
                throw PerfFarmError(.fileAccess, "cannot inspect \(role): \(systemError())", path: path)
            }
        }
        try checkPrivateDirectory(path, info: info, role: role)
    }

    /// Refuses a directory that another user could change.
    static func checkPrivateDirectory(_ path: String, info: stat, role: String) throws {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            throw PerfFarmError(.invalidConfiguration, "\(role) is a symbolic link; refused", path: path)
        }
        if type != S_IFDIR {
            throw PerfFarmError(.invalidConfiguration, "\(role) is not a directory", path: path)
        }
        if info.st_uid != geteuid() {
            throw PerfFarmError(
                .invalidConfiguration,
                "\(role) is owned by uid \(info.st_uid), not by this user (uid \(geteuid())); refused", path: path)
        }
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            throw PerfFarmError(
                .invalidConfiguration,
                "\(role) is writable by its group or others (mode \(octal(info.st_mode & 0o7777))); refused "
                    + "(chmod 700 it)", path: path)
        }
    }

    /// `mkdir -p` with `mode` for every directory it creates.
    static func createDirectories(_ path: String, mode: mode_t) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0 {
                guard errno == EEXIST else {
                    throw PerfFarmError(.fileAccess, "cannot create the directory: \(systemError())", path: current)
                }
                continue
            }
            // The umask may have cleared bits of `mode`.
            _ = chmod(current, mode)
        }
    }

    /// A mode as `chmod` takes it (`0640`).
    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func systemError(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

/// `write(2)`, named apart from `DurableFile.write`.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
    #else
        return Darwin.write(descriptor, buffer, count)
    #endif
}
