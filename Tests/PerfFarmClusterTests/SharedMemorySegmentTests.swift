import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmCluster

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Real System V segments: `postmaster.pid` is written where the server's OS user can write, so the segment it
/// names is removed only when that user owns and created it and nothing is attached.
@Suite("SharedMemorySegment: a stale postmaster.pid cannot get someone else's segment removed", .serialized)
struct SharedMemorySegmentTests {
    /// The user that stands for the server's OS user: `postgres` as root, this process's user otherwise.
    static func serverUser() throws -> OSAccount {
        geteuid() == 0 ? try OSAccount.lookup("postgres") : try OSAccount.lookup(OSAccount.currentUserName)
    }

    /// A segment made by `ipcmk` running as `account`: its key and id.
    static func segment(createdBy account: OSAccount) throws -> (key: Int, id: Int) {
        let process = Process()
        let pipe = Pipe()
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = [
                "--reuid=\(account.userID)", "--regid=\(account.groupID)", "--clear-groups", "ipcmk", "-M", "4096",
            ]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ipcmk")
            process.arguments = ["-M", "4096"]
        }
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let id = try #require(
            Int(text.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        return (try #require(key(of: id)), id)
    }

    /// A segment made by this process (root in CI).
    static func ownSegment() throws -> (key: Int, id: Int) {
        let key = key_t(Int32.random(in: 0x7000_0000...0x7fff_0000))
        let id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0o600)
        try #require(id >= 0)
        return (Int(key), Int(id))
    }

    static func key(of id: Int) -> Int? {
        var info = shmid_ds()
        guard shmctl(Int32(id), IPC_STAT, &info) == 0 else { return nil }
        #if os(Linux)
            return Int(info.shm_perm.__key)
        #else
            return Int(info.shm_perm._key)
        #endif
    }

    static func exists(_ id: Int) -> Bool { key(of: id) != nil }

    static func remove(_ id: Int) { _ = shmctl(Int32(id), IPC_RMID, nil) }

    @Test("the server user's own orphan is removed; attached, another key or another owner is left alone")
    func ownership() throws {
        let user = try Self.serverUser()
        let orphan = try Self.segment(createdBy: user)
        defer { Self.remove(orphan.id) }
        #expect(SharedMemorySegment.removeOrphan(key: orphan.key + 1, id: orphan.id, owner: user.userID) == .otherKey)
        #expect(Self.exists(orphan.id))
        #expect(SharedMemorySegment.removeOrphan(key: orphan.key, id: orphan.id, owner: user.userID) == .removed)
        #expect(!Self.exists(orphan.id))
        #expect(SharedMemorySegment.removeOrphan(key: orphan.key, id: orphan.id, owner: user.userID) == .missing)

        // Attached: still in use by someone.
        let used = try Self.segment(createdBy: user)
        defer { Self.remove(used.id) }
        let address = shmat(Int32(used.id), nil, SHM_RDONLY)
        try #require(address != UnsafeMutableRawPointer(bitPattern: -1))
        #expect(SharedMemorySegment.removeOrphan(key: used.key, id: used.id, owner: user.userID) == .attached)
        shmdt(address)
        #expect(Self.exists(used.id))
    }

    @Test(
        "as root: root's segment, or one given to the server user but created by root, is never removed",
        .enabled(if: geteuid() == 0, "needs root"))
    func rootSegments() throws {
        let user = try Self.serverUser()
        let mine = try Self.ownSegment()
        defer { Self.remove(mine.id) }
        #expect(SharedMemorySegment.removeOrphan(key: mine.key, id: mine.id, owner: user.userID) == .otherOwner)
        #expect(SharedMemorySegment.removeOrphan(key: mine.key, id: mine.id, owner: 0) == .otherOwner)
        // Given to the server user (IPC_SET): its creator is still root.
        var info = shmid_ds()
        try #require(shmctl(Int32(mine.id), IPC_STAT, &info) == 0)
        info.shm_perm.uid = user.userID
        try #require(shmctl(Int32(mine.id), IPC_SET, &info) == 0)
        #expect(SharedMemorySegment.removeOrphan(key: mine.key, id: mine.id, owner: user.userID) == .otherOwner)
        #expect(Self.exists(mine.id))
    }

    @Test(
        "a stale postmaster.pid in the server user's data directory naming root's segment: file removed, segment kept",
        .enabled(if: geteuid() == 0, "needs root"))
    func stalePIDFileNamingRootSegment() throws {
        let user = try Self.serverUser()
        let directory = try TemporaryDirectory(prefix: "perffarm-shm")
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let victim = try Self.ownSegment()
        defer { Self.remove(victim.id) }
        let own = try Self.segment(createdBy: user)
        defer { Self.remove(own.id) }
        // Line 7 of postmaster.pid: key and id. A dead pid on line 1.
        func write(_ segment: (key: Int, id: Int)) throws {
            try "999999\n\(data)\n1700000000\n5432\n/tmp\n\n\(segment.key) \(segment.id)\nready\n".write(
                toFile: data + "/postmaster.pid", atomically: true, encoding: .utf8)
            // The server writes it: a postmaster.pid of anyone else is not read at all.
            chown(data + "/postmaster.pid", user.userID, user.groupID)
        }
        chown(data, user.userID, user.groupID)
        try write(victim)
        PostmasterPIDFile.removeStale(dataDirectory: data)
        #expect(!FileManager.default.fileExists(atPath: data + "/postmaster.pid"))
        #expect(Self.exists(victim.id))
        // The server user's own orphan named the same way goes.
        try write(own)
        PostmasterPIDFile.removeStale(dataDirectory: data)
        #expect(!Self.exists(own.id))
        // A data directory that is a link (to a directory of the server user's): nothing is removed by it.
        let other = try Self.segment(createdBy: user)
        defer { Self.remove(other.id) }
        try FileManager.default.moveItem(atPath: data, toPath: directory.path + "/real")
        try FileManager.default.createSymbolicLink(atPath: data, withDestinationPath: directory.path + "/real")
        try write(other)
        PostmasterPIDFile.removeStale(dataDirectory: data)
        #expect(Self.exists(other.id))
    }

    /// A segment of key `key` made by `account` (python3's ctypes, as PostgreSQL's shmget), whose creator exits.
    static func segment(key: Int32, createdBy account: OSAccount) throws -> Int {
        let process = Process()
        let script = "import ctypes,sys; print(ctypes.CDLL(None).shmget(int(sys.argv[1]), 56, 0o1600))"
        let command = ["python3", "-c", script, String(key)]
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments =
                ["--reuid=\(account.userID)", "--regid=\(account.groupID)", "--clear-groups", "/usr/bin/env"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let id = try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        try #require(id >= 0, "shmget failed")
        return id
    }

    @Test("a killed backend's segment is found by the data directory's inode and removed with the cluster")
    func orphansByInode() throws {
        let user = try Self.serverUser()
        let directory = try TemporaryDirectory(prefix: "perffarm-shm")
        let cluster = directory.path + "/c"
        try FileManager.default.createDirectory(atPath: cluster + "/data", withIntermediateDirectories: true)
        chown(cluster + "/data", user.userID, user.groupID)
        var status = stat()
        try #require(lstat(cluster + "/data", &status) == 0)
        let inode = UInt64(status.st_ino)
        // As PostgreSQL would: the first key from the inode on, the next one when it was taken.
        let first = try Self.segment(key: Int32(truncatingIfNeeded: inode), createdBy: user)
        let second = try Self.segment(key: Int32(truncatingIfNeeded: inode + 1), createdBy: user)
        let far = try Self.segment(key: Int32(truncatingIfNeeded: inode + 64), createdBy: user)
        defer { for id in [first, second, far] { Self.remove(id) } }
        // Attached (a live server would be): left alone.
        let address = shmat(Int32(second), nil, SHM_RDONLY)
        try #require(address != UnsafeMutableRawPointer(bitPattern: -1))
        #expect(SharedMemorySegment.removeOrphans(dataDirectoryInode: inode, owner: user.userID) == [first])
        shmdt(address)
        try PostgresCluster.removeDirectory(cluster)
        #expect(!Self.exists(second))
        #expect(Self.exists(far))
        #expect(!FileManager.default.fileExists(atPath: cluster))
    }
}
