import Foundation
import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostmasterPIDFile {
    /// Removes the `postmaster.pid` of `dataDirectory`, left by a server that is gone, with the shared-memory
    /// segment it names when the data directory's owner (the server's user) owns and created it and no process
    /// is attached to it.
    static func removeStale(dataDirectory: String) {
        if let segment = read(dataDirectory: dataDirectory)?.sharedMemory, let owner = owner(of: dataDirectory) {
            SharedMemorySegment.removeOrphan(key: segment.key, id: segment.id, owner: owner)
        }
        // unlink(2) removes a link itself, never what it names.
        unlink(path(dataDirectory: dataDirectory))
    }

    /// The owner of the data directory itself (not of what a symbolic link there names); `nil` when it is not a
    /// directory.
    static func owner(of dataDirectory: String) -> uid_t? {
        var status = stat()
        guard lstat(dataDirectory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        return status.st_uid
    }
}
