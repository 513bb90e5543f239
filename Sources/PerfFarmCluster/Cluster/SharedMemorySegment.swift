import Foundation
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The System V shared-memory segment a postmaster keeps as an interlock. A server ended by SIGKILL leaves it
/// behind; PostgreSQL removes it at its next start by the key in `postmaster.pid`, so perffarm removes it
/// itself when it removes that file or the whole cluster.
///
/// `postmaster.pid` lives in a directory the server's OS user writes, so its key and id are not trusted: a
/// segment is removed only when the server's user both owns and created it (never root: PostgreSQL refuses to
/// run as root), its key is the one named, and nothing is attached to it.
enum SharedMemorySegment {
    /// Why a segment was left alone, or that it was removed.
    enum Outcome: Equatable, Sendable {
        case removed
        /// No such segment (already gone), or it cannot be inspected.
        case missing
        /// Its key is not the one named.
        case otherKey
        /// Owned or created by someone else than `owner`, or `owner` is root.
        case otherOwner
        /// A process is still attached to it.
        case attached
        /// `IPC_RMID` failed.
        case failed
    }

    /// Removes the segment `id` when it still has the key `key`, `owner` (not root) owns and created it, and no
    /// process is attached to it.
    @discardableResult
    static func removeOrphan(key: Int, id: Int, owner: uid_t) -> Outcome {
        guard id >= 0, let shmid = Int32(exactly: id) else { return .missing }
        var info = shmid_ds()
        guard shmctl(shmid, IPC_STAT, &info) == 0 else { return .missing }
        #if os(Linux)
            guard Int(info.shm_perm.__key) == key else { return .otherKey }
        #else
            guard Int(info.shm_perm._key) == key else { return .otherKey }
        #endif
        guard owner != 0, info.shm_perm.uid == owner, info.shm_perm.cuid == owner else { return .otherOwner }
        guard info.shm_nattch == 0 else { return .attached }
        return shmctl(shmid, IPC_RMID, nil) == 0 ? .removed : .failed
    }

    /// Removes the segments a server or a standalone backend (initdb's) of the data directory whose inode is
    /// `inode` left behind when it was killed: PostgreSQL 12 and later take the key of their segment from that
    /// inode (the first free one from it on). Each is removed only when its key is within `inode`..`inode` + 63,
    /// `owner` (not root) owns and created it, nothing is attached to it and the process that created it is gone.
    /// Linux only (`/proc/sysvipc/shm`); elsewhere nothing is done.
    /// - Returns: the ids removed.
    @discardableResult
    static func removeOrphans(dataDirectoryInode inode: UInt64, owner: uid_t) -> [Int] {
        guard owner != 0, let table = try? String(contentsOfFile: "/proc/sysvipc/shm", encoding: .utf8) else {
            return []
        }
        let keys = Set((0..<64).map { Int32(truncatingIfNeeded: inode &+ UInt64($0)) })
        var removed: [Int] = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // key shmid perms size cpid lpid nattch uid gid cuid cgid ...
            guard fields.count >= 10, let key = Int64(fields[0]), let id = Int(fields[1]),
                let creator = Int32(fields[4])
            else { continue }
            guard keys.contains(Int32(truncatingIfNeeded: key)), uid_t(fields[7]) == owner, uid_t(fields[9]) == owner
            else { continue }
            // The creator still running: a live server or backend, never touched (a zombie is gone).
            if (kill(creator, 0) == 0 || errno == EPERM), !ProcessInspector.isZombie(creator) { continue }
            if removeOrphan(key: Int(Int32(truncatingIfNeeded: key)), id: id, owner: owner) == .removed {
                removed.append(id)
            }
        }
        return removed
    }
}
