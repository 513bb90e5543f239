public import Foundation
public import PerfFarmCore
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result documents a benchmark session is writing, recorded in its work area while it runs, so that a
/// session that ends without finishing them (SIGKILL, a crash, a power loss) leaves a trace: the next session
/// on the work area, holding its lock, marks each of those results ``BenchmarkResult/Status/abandoned``.
///
/// One file per session in `<work>/state/running/`, named by its process id, listing one result path per line.
public struct RunningResults: Sendable {
    /// The directory of the sessions' files.
    public let directory: String
    /// This session's file.
    public let file: String

    /// The record of this process's session in `workArea`.
    public init(workArea: WorkArea) {
        directory = workArea.state + "/running"
        file = directory + "/\(getpid()).list"
    }

    /// Records that this session writes the results at `paths`.
    /// - Throws: ``PerfFarmError`` (`file_access`).
    public func register(_ paths: [String]) throws {
        try FileSystem.createDirectory(directory)
        try FileSystem.writeDurably(Data(paths.map { $0 + "\n" }.joined().utf8), to: file)
    }

    /// Removes this session's record: its results are final.
    public func unregister() {
        unlink(file)
    }

    /// A result marked abandoned, or one that could not be.
    public struct Mark: Sendable, Equatable {
        /// The result document.
        public var path: String
        /// Why it was not marked; `nil` when it was.
        public var problem: String?
    }

    /// Marks as abandoned every result still `running` that a session other than this process's, no longer
    /// alive, recorded; removes those sessions' records. Call it holding the work area's lock: then a recorded
    /// session is either dead or this one.
    /// - Parameter now: the time written as the result's end.
    /// - Returns: what was marked, and what could not be (unreadable, not a result).
    @discardableResult
    public func markAbandoned(now: Date = Date()) -> [Mark] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var marks: [Mark] = []
        for name in names.sorted() where name.hasSuffix(".list") {
            guard let pid = Int32(name.dropLast(5)), pid != getpid() else { continue }
            // A live process of that id: a session that does not take the lock (an embedding), or a reused id.
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            let record = directory + "/" + name
            let text = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
            for path in text.split(separator: "\n").map(String.init) where !path.isEmpty {
                if let mark = Self.markAbandoned(path, pid: pid, now: now) { marks.append(mark) }
            }
            unlink(record)
        }
        return marks
    }

    /// Marks the result at `path` abandoned when it says `running`; `nil` when there is nothing to do.
    static func markAbandoned(_ path: String, pid: Int32, now: Date) -> Mark? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            var result = try BenchmarkResultJSON.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
            guard result.status == .running else { return nil }
            result.status = .abandoned
            let stage = result.failure?.stage ?? .abandoned
            result.failure = .init(
                stage: stage,
                message: "the perffarm process (pid \(pid)) that wrote this result ended without finishing it "
                    + "(killed, crashed or the machine stopped); the runs it holds are complete, the others are not")
            result.finishedAt = result.finishedAt ?? now
            try FileSystem.writeDurably(try BenchmarkResultJSON.encode(result), to: path)
            return Mark(path: path, problem: nil)
        } catch {
            return Mark(path: path, problem: "\(error)")
        }
    }
}
