package import Foundation
import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory whose entries another user may change (the OS user's data, socket and work directories of a
/// cluster), worked on through an open descriptor so that no symbolic link inside it is ever followed.
///
/// As root, a path inside a directory that someone else can write is a path that someone else chooses: between
/// a check and a use, an entry can become a link to `/etc`. So every operation here is relative to the
/// directory's descriptor (`openat`, `mkdirat`, `renameat`, `unlinkat`), opens with `O_NOFOLLOW` (and
/// `O_NONBLOCK`, so that a planted FIFO cannot block), and checks what it opened with `fstat`: the expected
/// kind, the expected owner, and for a file one link only. The directory itself is opened with `O_NOFOLLOW`
/// on its last component; the path leading to it must be controlled by the caller (the cluster's root-owned
/// directory).
package final class ConfinedDirectory {
    /// The directory's path, for messages.
    package let path: String
    /// The owner every entry read or appended to must have (and the directory itself).
    package let owner: uid_t
    /// The group given to what is made here.
    let group: gid_t
    private let descriptor: Int32

    /// Opens the directory at `path` (never through a symbolic link as its last component) and checks that it
    /// is a directory of `owner` (the effective user when `nil`).
    /// - Throws: ``PerfFarmError`` (`file_access`) naming `path` when it is missing, a link, not a directory
    ///   or someone else's.
    package convenience init(_ path: String, owner account: OSAccount?) throws {
        let owner = account?.userID ?? geteuid()
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open the directory", path: path) }
        try Self.check(descriptor, kind: S_IFDIR, owner: owner, path: path, closeOnFailure: true)
        self.init(descriptor: descriptor, path: path, owner: owner, group: account?.groupID ?? getegid())
    }

    /// Opens the directory at `path` as ``init(_:owner:)`` does, for the owner given by user id.
    package convenience init(_ path: String, owner: uid_t) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open the directory", path: path) }
        try Self.check(descriptor, kind: S_IFDIR, owner: owner, path: path, closeOnFailure: true)
        self.init(descriptor: descriptor, path: path, owner: owner, group: getegid())
    }

    private init(descriptor: Int32, path: String, owner: uid_t, group: gid_t) {
        self.descriptor = descriptor
        self.path = path
        self.owner = owner
        self.group = group
    }

    deinit { close(descriptor) }

    /// The subdirectory `name`, which must be a directory of ``owner`` (not a link).
    package func directory(_ name: String) throws -> ConfinedDirectory {
        let full = try entryPath(name)
        let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else { throw Self.failure("cannot open the directory", path: full) }
        try Self.check(child, kind: S_IFDIR, owner: owner, path: full, closeOnFailure: true)
        return ConfinedDirectory(descriptor: child, path: full, owner: owner, group: group)
    }

    /// Makes the subdirectory `name` (or takes the one there when it is a directory of ``owner``), gives it to
    /// ``owner`` with `mode`, and opens it.
    package func makeDirectory(_ name: String, mode: mode_t) throws -> ConfinedDirectory {
        let full = try entryPath(name)
        if mkdirat(descriptor, name, 0o700) != 0, errno != EEXIST {
            throw Self.failure("cannot create the directory", path: full)
        }
        let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else { throw Self.failure("cannot open the directory", path: full) }
        var status = stat()
        guard fstat(child, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
            status.st_uid == owner || status.st_uid == geteuid()
        else {
            close(child)
            throw PerfFarmError(.fileAccess, "not a directory perffarm made (a link or someone else's)", path: full)
        }
        guard give(child, mode: mode) else {
            close(child)
            throw Self.failure("cannot give the directory to uid \(owner)", path: full)
        }
        return ConfinedDirectory(descriptor: child, path: full, owner: owner, group: group)
    }

    /// Writes `data` as the file `name`, owned by ``owner`` with `mode`: a new temporary file (created
    /// exclusively), written, flushed, given away, and renamed over `name` (a rename replaces a link, never
    /// what it names).
    package func writeFile(_ name: String, _ data: Data, mode: mode_t) throws {
        let full = try entryPath(name)
        let temporary = ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw Self.failure("cannot create a temporary file", path: full) }
        do {
            defer { close(file) }
            try Self.writeAll(data, to: file, path: full)
            guard fsync(file) == 0 else { throw Self.failure("fsync failed", path: full) }
            guard give(file, mode: mode) else {
                throw Self.failure("cannot give the file to uid \(owner)", path: full)
            }
            guard renameat(descriptor, temporary, descriptor, name) == 0 else {
                throw Self.failure("rename failed", path: full)
            }
        } catch {
            unlinkat(descriptor, temporary, 0)
            throw error
        }
    }

    /// Appends `text` to the file `name`, which must be a regular file of ``owner`` with one link; a missing file
    /// is created (exclusively) for ``owner`` with mode 0600.
    package func append(_ text: String, to name: String) throws {
        let full = try entryPath(name)
        var file = openat(descriptor, name, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if file < 0, errno == ENOENT {
            file = openat(descriptor, name, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if file >= 0, !give(file, mode: 0o600) {
                close(file)
                throw Self.failure("cannot give the file to uid \(owner)", path: full)
            }
        }
        guard file >= 0 else { throw Self.failure("cannot open", path: full) }
        defer { close(file) }
        try Self.check(file, kind: S_IFREG, owner: owner, path: full, closeOnFailure: false)
        try Self.writeAll(Data(text.utf8), to: file, path: full)
    }

    /// Opens the file `name` for reading, after checking that it is a regular file of ``owner`` with one link.
    /// - Returns: the descriptor; the caller closes it.
    package func openForReading(_ name: String) throws -> Int32 {
        let full = try entryPath(name)
        let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { throw Self.failure("cannot open", path: full) }
        try Self.check(file, kind: S_IFREG, owner: owner, path: full, closeOnFailure: true)
        return file
    }

    /// The bytes of the file `name` (see ``openForReading(_:)``).
    package func read(_ name: String) throws -> Data {
        let file = try openForReading(name)
        defer { close(file) }
        let handle = FileHandle(fileDescriptor: file, closeOnDealloc: false)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw PerfFarmError(.fileAccess, "cannot read: \(error.localizedDescription)", path: path + "/" + name)
        }
    }

    /// The names in the directory (without `.` and `..`), sorted.
    package func entries() -> [String] { Self.names(in: descriptor) }

    private static func names(in descriptor: Int32) -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return []
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes the entry `name` and, when it is a directory, everything under it, without following any link
    /// (a link is removed, never what it names). No error when it is missing.
    package func remove(_ name: String) throws {
        let full = try entryPath(name)
        try Self.removeEntry(name, in: descriptor, path: full)
    }

    // MARK: - Removal of a tree

    /// Removes `path` and everything under it without following a symbolic link anywhere below the path's
    /// directory (the last component included). No error when it is missing.
    package static func removeTree(_ path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw PerfFarmError(.fileAccess, "refusing to remove this path", path: path)
        }
        let directory = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            if errno == ENOENT { return }
            throw failure("cannot open the directory", path: parent)
        }
        defer { close(directory) }
        try removeEntry(name, in: directory, path: path)
    }

    /// The bytes allocated to `path` and everything under it, never following a link (a link counts as itself)
    /// and never crossing into another file system; 0 when it is missing.
    package static func treeSize(_ path: String) -> UInt64 {
        let parent = (path as NSString).deletingLastPathComponent
        let directory = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return 0 }
        defer { close(directory) }
        return entrySize((path as NSString).lastPathComponent, in: directory)
    }

    private static func entrySize(_ name: String, in directory: Int32) -> UInt64 {
        var status = stat()
        guard fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return 0 }
        var total = UInt64(max(0, status.st_blocks)) * 512
        guard status.st_mode & S_IFMT == S_IFDIR else { return total }
        let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else { return total }
        defer { close(child) }
        var opened = stat()
        guard fstat(child, &opened) == 0, opened.st_dev == status.st_dev, opened.st_ino == status.st_ino else {
            return total
        }
        for entry in names(in: child) { total += entrySize(entry, in: child) }
        return total
    }

    private static func removeEntry(_ name: String, in directory: Int32, path: String) throws {
        var status = stat()
        guard fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw failure("cannot remove", path: path)
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                defer { close(child) }
                var opened = stat()
                var parent = stat()
                // Only the directory examined (not one swapped in since), and never into another file system.
                if fstat(child, &opened) == 0, fstat(directory, &parent) == 0, opened.st_ino == status.st_ino,
                    opened.st_dev == status.st_dev, opened.st_dev == parent.st_dev
                {
                    for entry in names(in: child) {
                        try removeEntry(entry, in: child, path: path + "/" + entry)
                    }
                }
            } else if errno != ELOOP && errno != ENOTDIR {
                throw failure("cannot open the directory", path: path)
            }
            // ELOOP or ENOTDIR: it was replaced by a link or a file since; the unlink below removes that.
            if unlinkat(directory, name, AT_REMOVEDIR) == 0 || errno == ENOENT { return }
            if errno != ENOTDIR { throw failure("cannot remove the directory", path: path) }
        }
        guard unlinkat(directory, name, 0) == 0 || errno == ENOENT else {
            throw failure("cannot remove", path: path)
        }
    }

    // MARK: - Helpers

    private func entryPath(_ name: String) throws -> String {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw PerfFarmError(.fileAccess, "not a plain file name: \(name)", path: path)
        }
        return path + "/" + name
    }

    private static func check(
        _ descriptor: Int32, kind: mode_t, owner: uid_t, path: String, closeOnFailure: Bool
    ) throws {
        var status = stat()
        let what = kind == S_IFDIR ? "a directory" : "a regular file"
        var problem: String?
        if fstat(descriptor, &status) != 0 {
            problem = "cannot check it: \(String(cString: strerror(errno)))"
        } else if status.st_mode & S_IFMT != kind {
            problem = "not \(what)"
        } else if status.st_uid != owner {
            problem = "owned by \(OSAccount.describe(userID: status.st_uid)), not \(OSAccount.describe(userID: owner))"
        } else if kind == S_IFREG, status.st_nlink != 1 {
            problem = "a file with \(status.st_nlink) hard links"
        }
        guard let problem else { return }
        if closeOnFailure { close(descriptor) }
        throw PerfFarmError(.fileAccess, "refused: \(problem)", path: path)
    }

    private func give(_ descriptor: Int32, mode: mode_t) -> Bool {
        if owner != geteuid() {
            guard fchown(descriptor, owner, group) == 0 else { return false }
        }
        return fchmod(descriptor, mode) == 0
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("write failed", path: path)
                }
                offset += written
            }
        }
    }

    private static func failure(_ what: String, path: String) -> PerfFarmError {
        let reason = errno == ELOOP ? "a symbolic link" : String(cString: strerror(errno))
        return PerfFarmError(.fileAccess, "\(what): \(reason)", path: path)
    }
}
