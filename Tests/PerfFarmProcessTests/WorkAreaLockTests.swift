import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@testable import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("WorkAreaLock: taken without waiting, held by a live process only")
struct WorkAreaLockTests {
    @Test("held by another process: refused at once naming it; that process killed (-9): taken over")
    func deadHolder() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-lock")
        let path = directory.path + "/perffarm.lock"
        // Another process takes the lock as perffarm would, writes who it is, and waits.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import fcntl, os, sys, time
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            f.truncate(0); f.write("pid %d: perffarm run of the other process\\n" % os.getpid()); f.flush()
            print("held", flush=True)
            time.sleep(120)
            """, path,
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer {
            if holder.isRunning { kill(holder.processIdentifier, SIGKILL) }
            holder.waitUntilExit()
        }
        // Read up to the end of the line: a pipe may hand it over in more than one piece.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let piece = output.fileHandleForReading.availableData
            if piece.isEmpty { break }
            line.append(piece)
        }
        #expect(String(decoding: line, as: UTF8.self) == "held\n")

        let refused = try #require(throws: PerfFarmError.self) {
            try WorkAreaLock.acquire(path: path, purpose: "the test")
        }
        #expect(refused.code == .workAreaLocked)
        #expect(refused.message.contains("pid \(holder.processIdentifier): perffarm run of the other process"))

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let lock = try WorkAreaLock.acquire(path: path, purpose: "the test, after the holder died")
        let content = try String(contentsOfFile: path, encoding: .utf8)
        #expect(content.contains("the test, after the holder died") && !content.contains("other process"))
        lock.release()
    }
}

@Suite("WorkArea: refused when someone else could redirect what perffarm writes")
struct WorkAreaControlTests {
    @Test("a fresh work area passes; an entry made group-writable, or a link to one, is refused")
    func groupWritable() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-control")
        // (The umask is the process's: not changed here, tests run in parallel; prepare() sets 0755 anyway.)
        let workArea = WorkArea(root: directory.path + "/work")
        try workArea.prepare()
        var status = stat()
        #expect(stat(workArea.mirrors, &status) == 0 && status.st_mode & 0o022 == 0)

        chmod(workArea.logs, 0o775)
        let refused = try #require(throws: PerfFarmError.self) { try workArea.checkControl() }
        #expect(refused.code == .invalidConfiguration)
        #expect(refused.path == workArea.logs)
        #expect(refused.message.contains("a work area entry is writable by group or others (mode 775)"))
        chmod(workArea.logs, 0o755)
        try workArea.checkControl()

        // results → a directory others may write: the link is followed once and its target refused.
        let shared = directory.path + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        chmod(shared, 0o777)
        try FileManager.default.createSymbolicLink(atPath: workArea.results, withDestinationPath: shared)
        let linked = try #require(throws: PerfFarmError.self) { try workArea.checkControl() }
        #expect(linked.path == workArea.results)
        #expect(linked.message.hasPrefix("what the work area entry links to is writable by group or others"))
    }
}
