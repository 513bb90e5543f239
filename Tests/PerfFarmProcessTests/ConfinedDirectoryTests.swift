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

/// What someone who can write a directory may plant in it (links, hard links, FIFOs, swapped directories), and
/// that perffarm, working there through ``ConfinedDirectory``, never follows or writes through.
@Suite("ConfinedDirectory: links, FIFOs and hard links planted in a directory are never followed")
struct ConfinedDirectoryTests {
    /// A victim outside the directory: a folder with a file, and a file.
    struct Victim {
        let folder: String
        let file: String
        init(in root: String) throws {
            folder = root + "/victim"
            file = root + "/victim-file"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "keep\n".write(toFile: folder + "/inside", atomically: false, encoding: .utf8)
            try "secret\n".write(toFile: file, atomically: false, encoding: .utf8)
            chmod(folder, 0o750)
            chmod(file, 0o600)
        }
        /// Whether both are exactly as made.
        var intact: Bool {
            var status = stat()
            return (try? String(contentsOfFile: folder + "/inside", encoding: .utf8)) == "keep\n"
                && (try? String(contentsOfFile: file, encoding: .utf8)) == "secret\n"
                && stat(folder, &status) == 0 && status.st_mode & 0o777 == 0o750 && status.st_uid == geteuid()
                && stat(file, &status) == 0 && status.st_mode & 0o777 == 0o600 && status.st_uid == geteuid()
        }
    }

    func plantLink(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    @Test("a tree with links to a folder and a file, a FIFO and nested folders is removed; what the links name stays")
    func removeTreeNeverFollows() throws {
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let victim = try Victim(in: root.path)
        let tree = root.path + "/tree"
        try FileManager.default.createDirectory(atPath: tree + "/a/b/c", withIntermediateDirectories: true)
        try plantLink(tree + "/a/to-folder", to: victim.folder)
        try plantLink(tree + "/a/b/to-file", to: victim.file)
        try plantLink(tree + "/a/b/c/dotdot", to: tree + "/../victim")
        #expect(mkfifo(tree + "/a/fifo", 0o600) == 0)
        try "x".write(toFile: tree + "/a/b/c/file", atomically: false, encoding: .utf8)
        try FileSystem.remove(tree)
        #expect(!FileManager.default.fileExists(atPath: tree))
        #expect(victim.intact)
    }

    @Test("removing a path that is itself a link removes the link only; a missing path is no error")
    func removeLinkItself() throws {
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let victim = try Victim(in: root.path)
        try plantLink(root.path + "/link", to: victim.folder)
        try FileSystem.remove(root.path + "/link")
        #expect(!FileSystem.isSymbolicLink(root.path + "/link"))
        #expect(victim.intact)
        try FileSystem.remove(root.path + "/missing")
        #expect(throws: PerfFarmError.self) { try FileSystem.remove(root.path + "/..") }
    }

    @Test("a file written over a planted link replaces the link; the file it named is untouched")
    func writeReplacesLink() throws {
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let victim = try Victim(in: root.path)
        let directory = root.path + "/d"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try plantLink(directory + "/perffarm.conf", to: victim.file)
        try ConfinedDirectory(directory, owner: nil).writeFile("perffarm.conf", Data("port = 1\n".utf8), mode: 0o600)
        #expect(!FileSystem.isSymbolicLink(directory + "/perffarm.conf"))
        #expect(try String(contentsOfFile: directory + "/perffarm.conf", encoding: .utf8) == "port = 1\n")
        var status = stat()
        #expect(lstat(directory + "/perffarm.conf", &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(victim.intact)
        // No temporary file is left.
        #expect(FileSystem.contents(directory) == ["perffarm.conf"])
    }

    @Test("append: through a link, to a file with two hard links, to a FIFO: refused, naming why; missing: created")
    func appendRefusals() throws {
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let victim = try Victim(in: root.path)
        let directory = root.path + "/d"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let confined = try ConfinedDirectory(directory, owner: nil)
        try plantLink(directory + "/KEPT", to: victim.file)
        let throughLink = try #require(throws: PerfFarmError.self) { try confined.append("x\n", to: "KEPT") }
        #expect(throughLink.message.contains("a symbolic link"))
        #expect(throughLink.path == directory + "/KEPT")
        #expect(link(victim.file, directory + "/hard") == 0)
        let hard = try #require(throws: PerfFarmError.self) { try confined.append("x\n", to: "hard") }
        #expect(hard.message.contains("2 hard links"))
        #expect(mkfifo(directory + "/fifo", 0o600) == 0)
        // A FIFO with no reader: opened without blocking, then refused (ENXIO or "not a regular file").
        #expect(throws: PerfFarmError.self) { try confined.append("x\n", to: "fifo") }
        #expect(victim.intact)
        try confined.append("one\n", to: "new")
        try confined.append("two\n", to: "new")
        #expect(try String(contentsOfFile: directory + "/new", encoding: .utf8) == "one\ntwo\n")
        #expect(throws: PerfFarmError.self) { try confined.append("x\n", to: "../escape") }
    }

    @Test("reading: a link, a FIFO (without blocking) and a directory are refused; a regular file is read")
    func readRefusals() throws {
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let victim = try Victim(in: root.path)
        let directory = root.path + "/d"
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try plantLink(directory + "/pgbench_log.1", to: victim.file)
        #expect(mkfifo(directory + "/pgbench_log.2", 0o600) == 0)
        try "0 1 2\n".write(toFile: directory + "/pgbench_log.3", atomically: false, encoding: .utf8)
        let confined = try ConfinedDirectory(directory, owner: nil)
        #expect(confined.entries() == ["pgbench_log.1", "pgbench_log.2", "pgbench_log.3", "sub"])
        let linked = try #require(throws: PerfFarmError.self) { try confined.read("pgbench_log.1") }
        #expect(linked.message.contains("a symbolic link"))
        let fifo = try #require(throws: PerfFarmError.self) { try confined.read("pgbench_log.2") }
        #expect(fifo.message.contains("not a regular file"))
        #expect(throws: PerfFarmError.self) { try confined.read("sub") }
        #expect(try confined.read("pgbench_log.3") == Data("0 1 2\n".utf8))
    }

    @Test("a directory planted as a link: refused when opened or made; the folder it names keeps its mode")
    func directoryLinks() throws {
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let victim = try Victim(in: root.path)
        let directory = root.path + "/d"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try plantLink(directory + "/scripts", to: victim.folder)
        let confined = try ConfinedDirectory(directory, owner: nil)
        #expect(throws: PerfFarmError.self) { try confined.makeDirectory("scripts", mode: 0o700) }
        #expect(throws: PerfFarmError.self) { try confined.directory("scripts") }
        #expect(throws: PerfFarmError.self) { try ConfinedDirectory(directory + "/scripts", owner: nil) }
        #expect(victim.intact)
        // A real one is made, and taken again when it exists.
        let made = try confined.makeDirectory("run-1", mode: 0o700)
        try made.writeFile("f", Data("x".utf8), mode: 0o600)
        _ = try confined.makeDirectory("run-1", mode: 0o700)
        #expect(try confined.directory("run-1").entries() == ["f"])
        try confined.remove("run-1")
        try confined.remove("scripts")
        #expect(confined.entries().isEmpty)
        #expect(victim.intact)
    }

    @Test(
        "as root, in a directory of another user: root's own file there is refused, the user's is read",
        .enabled(if: geteuid() == 0, "needs root"))
    func ownerChecked() throws {
        let user = try OSAccount.lookup("nobody")
        let root = try TemporaryDirectory(prefix: "perffarm-confined")
        let directory = root.path + "/d"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "root's\n".write(toFile: directory + "/roots", atomically: false, encoding: .utf8)
        try "theirs\n".write(toFile: directory + "/theirs", atomically: false, encoding: .utf8)
        chown(directory + "/theirs", user.userID, user.groupID)
        // Root's directory is not the user's.
        #expect(throws: PerfFarmError.self) { try ConfinedDirectory(directory, owner: user) }
        chown(directory, user.userID, user.groupID)
        let confined = try ConfinedDirectory(directory, owner: user)
        let error = try #require(throws: PerfFarmError.self) { try confined.read("roots") }
        #expect(error.message.contains("owned by root"))
        #expect(try confined.read("theirs") == Data("theirs\n".utf8))
        // What perffarm makes there is the user's.
        let made = try confined.makeDirectory("work", mode: 0o700)
        try made.writeFile("script.sql", Data("SELECT 1;\n".utf8), mode: 0o600)
        var status = stat()
        #expect(lstat(directory + "/work", &status) == 0 && status.st_uid == user.userID)
        #expect(lstat(directory + "/work/script.sql", &status) == 0 && status.st_uid == user.userID)
        #expect(status.st_mode & 0o777 == 0o600)
    }
}
