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

@Suite("RunningResults: a result its session never finished is marked abandoned by the next one")
struct RunningResultsTests {
    /// The pid of a process that has exited (and been reaped).
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static func writeResult(_ status: BenchmarkResult.Status, to directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var result = BenchmarkResult(
            status: status, startedAt: Date(timeIntervalSince1970: 1_700_000_000), outputDirectory: directory,
            matrix: BenchmarkMatrix(scales: [1], clients: [1], workloads: []), cpuCount: 2)
        result.finishedAt = nil
        try BenchmarkResultJSON.write(result, toDirectory: directory)
        return directory + "/" + BenchmarkResultJSON.fileName
    }

    @Test("a dead session's running result becomes abandoned, its finished one is untouched, its record goes")
    func deadSession() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-running")
        let workArea = WorkArea(root: directory.path + "/work")
        try workArea.prepare()
        let running = try Self.writeResult(.running, to: directory.path + "/a")
        let finished = try Self.writeResult(.succeeded, to: directory.path + "/b")
        let missing = directory.path + "/c/result.json"
        let dead = try Self.deadPID()
        let records = RunningResults(workArea: workArea).directory
        try FileManager.default.createDirectory(atPath: records, withIntermediateDirectories: true)
        try "\(running)\n\(finished)\n\(missing)\n".write(
            toFile: records + "/\(dead).list", atomically: true, encoding: .utf8)

        let now = Date(timeIntervalSince1970: 1_700_000_600)
        let marks = RunningResults(workArea: workArea).markAbandoned(now: now)
        #expect(marks == [.init(path: running, problem: nil)])
        let marked = try BenchmarkResultJSON.decode(Data(contentsOf: URL(fileURLWithPath: running)))
        #expect(marked.status == .abandoned)
        #expect(marked.failure?.stage == .abandoned)
        #expect(marked.failure?.message.contains("pid \(dead)") == true)
        #expect(marked.finishedAt == now)
        let untouched = try BenchmarkResultJSON.decode(Data(contentsOf: URL(fileURLWithPath: finished)))
        #expect(untouched.status == .succeeded)
        #expect(!FileManager.default.fileExists(atPath: records + "/\(dead).list"))
        // Done once: a second pass finds nothing.
        #expect(RunningResults(workArea: workArea).markAbandoned().isEmpty)
    }

    @Test("a live session's record (another process, or this one) is left alone; a broken result is named")
    func liveSessionsAndBrokenResults() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-running")
        let workArea = WorkArea(root: directory.path + "/work")
        try workArea.prepare()
        let own = RunningResults(workArea: workArea)
        let mine = try Self.writeResult(.running, to: directory.path + "/mine")
        try own.register([mine])
        let theirs = try Self.writeResult(.running, to: directory.path + "/theirs")
        try "\(theirs)\n".write(toFile: own.directory + "/\(getppid()).list", atomically: true, encoding: .utf8)
        let broken = directory.path + "/broken/result.json"
        try FileManager.default.createDirectory(atPath: directory.path + "/broken", withIntermediateDirectories: true)
        try "{\"status\": \"running\"".write(toFile: broken, atomically: true, encoding: .utf8)
        let dead = try Self.deadPID()
        try "\(broken)\n".write(toFile: own.directory + "/\(dead).list", atomically: true, encoding: .utf8)

        let marks = own.markAbandoned()
        #expect(marks.map(\.path) == [broken])
        #expect(marks.first?.problem != nil)
        for path in [mine, theirs] {
            #expect(try BenchmarkResultJSON.decode(Data(contentsOf: URL(fileURLWithPath: path))).status == .running)
        }
        #expect(FileManager.default.fileExists(atPath: own.file))
        own.unregister()
        #expect(!FileManager.default.fileExists(atPath: own.file))
    }
}
