import Foundation
import PerfFarmCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exclusive lock of a work area: `flock` on `perffarm.lock`, taken without waiting.
///
/// The holder writes who it is (pid, host, start time, what it runs) into the file, so that a second run
/// can say who holds the lock. The lock goes with the process: a crash or `kill -9` releases it.
public final class WorkAreaLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock at `path`, or fails at once when another process (or another open of the file) holds it.
    /// - Parameters:
    ///   - path: the lock file (created when missing).
    ///   - purpose: what the holder is doing, written into the file for whoever finds it locked.
    /// - Returns: the held lock; released by ``release()`` or when the lock is deinitialised.
    /// - Throws: ``PerfFarmError`` with ``PerfFarmError/Code/workAreaLocked`` naming the holder, or
    ///   `file_access` when the file cannot be opened.
    public static func acquire(path: String, purpose: String) throws -> WorkAreaLock {
        // Never through a link, and only a regular file of the effective user: a lock file someone else put
        // there could make perffarm truncate what it names.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw PerfFarmError(
                    .invalidConfiguration, "the lock file is a symbolic link: refused; remove it", path: path)
            }
            throw PerfFarmError(
                .fileAccess, "cannot open the lock file: \(String(cString: strerror(errno)))", path: path)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else {
            close(descriptor)
            throw PerfFarmError(
                .invalidConfiguration,
                "the lock file is not a regular file of \(OSAccount.describe(userID: geteuid())) "
                    + "(owner \(OSAccount.describe(userID: status.st_uid))): refused; remove it", path: path)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            if failure == EWOULDBLOCK {
                let who = holder.isEmpty ? "another process" : holder
                throw PerfFarmError(.workAreaLocked, "the work area is in use by \(who)", path: path)
            }
            throw PerfFarmError(.fileAccess, "cannot lock: \(String(cString: strerror(failure)))", path: path)
        }
        let host = ProcessInfo.processInfo.hostName
        let since = TimestampFormat.string(from: Date())
        let text = "pid \(getpid()) on \(host) since \(since): \(purpose)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return WorkAreaLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (the file stays, emptied). Calling it again does nothing.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            _ = flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit {
        release()
    }
}
