#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The System V shared-memory segment a postmaster keeps as an interlock. A server ended by SIGKILL leaves it
/// behind; PostgreSQL removes it at its next start by the key in `postmaster.pid`, so perffarm removes it
/// itself when it removes that file or the whole cluster.
enum SharedMemorySegment {
    /// Removes the segment `id` when it still has the key `key` and no process is attached to it.
    /// - Returns: whether it was removed.
    @discardableResult
    static func removeOrphan(key: Int, id: Int) -> Bool {
        guard id >= 0, let shmid = Int32(exactly: id) else { return false }
        var info = shmid_ds()
        guard shmctl(shmid, IPC_STAT, &info) == 0, info.shm_nattch == 0 else { return false }
        #if os(Linux)
            guard Int(info.shm_perm.__key) == key else { return false }
        #else
            guard Int(info.shm_perm._key) == key else { return false }
        #endif
        return shmctl(shmid, IPC_RMID, nil) == 0
    }
}
