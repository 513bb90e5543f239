import Foundation
import Logging
import PerfFarmBuild
public import PerfFarmCluster

/// A throwaway directory for tests that start clusters (work area, outputs, scripts), with the check the
/// cluster tests end with: no process works inside it any more.
///
/// ``run(_:)`` always cleans up: every cluster under the directory is stopped by the PID of its own
/// `postmaster.pid` (never by name) and the directory is removed, also when the body throws. When processes
/// of the test were still there after the body, it throws ``LeftoverProcessesError`` naming them.
public final class BenchmarkTestArea: Sendable {
    /// The directory (absolute, symbolic links resolved).
    public let path: String

    /// The work area inside ``path``.
    public var workDirectory: String { path + "/work" }

    private init() throws {
        let base = FileManager.default.temporaryDirectory.path
        let name = "perffarm-bench-test-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: base + "/" + name, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: base + "/" + name).resolvingSymlinksInPath().path
    }

    /// A path inside the area.
    public func file(_ name: String) -> String { path + "/" + name }

    /// The processes working inside the area (postgres servers and backends, pgbench, psql).
    public var processes: [Int32] { PostgresCluster.processes(inside: path) }

    /// The processes still working inside the area after waiting up to `limit` for them to go: a postmaster
    /// removes its `postmaster.pid` (which ends `pg_ctl stop`) an instant before it exits, which a loaded
    /// machine stretches. Five seconds is the promise of docs/reliability.md ("no process alive 5 s after").
    public func processesLeft(within limit: Duration = .seconds(5)) async -> [Int32] {
        let deadline = ContinuousClock.now + limit
        while !processes.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return processes
    }

    /// Runs `body` with a fresh area, then cleans up.
    /// - Throws: what `body` throws; otherwise ``LeftoverProcessesError`` when processes were left inside the
    ///   area after `body`.
    public static func run<T>(_ body: (BenchmarkTestArea) async throws -> T) async throws -> T {
        let area = try BenchmarkTestArea()
        let result: T
        do {
            result = try await body(area)
        } catch {
            await area.cleanUp()
            throw error
        }
        let left = area.processes
        await area.cleanUp()
        if !left.isEmpty { throw LeftoverProcessesError(pids: left, area: area.path) }
        return result
    }

    /// Stops every cluster found under the area and removes it.
    public func cleanUp() async {
        let logger = Logger(label: "test-cleanup")
        for dataDirectory in dataDirectories() {
            _ = try? await PostgresCluster.stopBySignals(
                dataDirectory: dataDirectory, logger: logger, timeout: .seconds(10))
        }
        // pgbench or psql clients of a stopped server end on their own.
        for _ in 0..<100 where !processes.isEmpty { try? await Task.sleep(for: .milliseconds(100)) }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Every `data` directory holding a `PG_VERSION` under the area (symbolic links followed, as a clusters
    /// folder may be one).
    public func dataDirectories() -> [String] {
        var found: [String] = []
        var queue = [path]
        while let directory = queue.popLast() {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if entries.contains("PG_VERSION") { found.append(directory) }
            for entry in entries where entry != "base" && entry != "pg_wal" && entry != "global" {
                let child = URL(fileURLWithPath: directory + "/" + entry).resolvingSymlinksInPath().path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue,
                    child.hasPrefix(path) || directory.hasPrefix(path + "/work")
                {
                    queue.append(child)
                }
            }
        }
        return found
    }
}

/// Processes of a test were left running.
public struct LeftoverProcessesError: Error, CustomStringConvertible, Sendable {
    /// Their PIDs.
    public var pids: [Int32]
    /// The test's directory.
    public var area: String

    public var description: String {
        "processes left working in \(area): \(pids.map(String.init).joined(separator: ", "))"
    }
}
