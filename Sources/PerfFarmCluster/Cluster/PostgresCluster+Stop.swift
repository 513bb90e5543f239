import Foundation
public import Logging
public import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresCluster {
    // MARK: - stop and remove

    /// Whether a postgres process of this data directory is running (by its `postmaster.pid`, or a backend
    /// left behind).
    public var isRunning: Bool {
        if let file = PostmasterPIDFile.read(dataDirectory: dataDirectory),
            ProcessInspector.isPostgres(file.pid, dataDirectory: dataDirectory)
        {
            return true
        }
        return !ProcessInspector.postgresProcesses(dataDirectory: dataDirectory).isEmpty
    }

    /// Stops the server: `pg_ctl stop -m fast`, then `-m immediate`, then SIGKILL of the postmaster named by
    /// this data directory's `postmaster.pid` after checking that it is a postgres of this data directory;
    /// returns once no postgres process of the data directory is left.
    /// - Returns: how it was stopped; `nil` when no server was running.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/clusterStopFailed``) when processes of the data
    ///   directory are still there after SIGKILL.
    @discardableResult
    public mutating func stop() async throws -> StopMode? {
        let cluster = self
        let seconds = max(1, Int(configuration.stopTimeout.components.seconds))
        let mode = try await Self.stop(dataDirectory: dataDirectory, logger: logger) { mode in
            let arguments = ["stop", "-D", cluster.dataDirectory, "-m", mode.rawValue, "-w", "-t", String(seconds)]
            _ = try? await cluster.runner.run(
                cluster.command("pg_ctl", arguments, timeout: cluster.configuration.stopTimeout + .seconds(30)))
        }
        if mode != nil { stopMode = mode }
        runner.guardian?.forget(dataDirectory: dataDirectory)
        return mode
    }

    /// The stop sequence for the data directory `dataDirectory`: `request(.fast)`, then `request(.immediate)`
    /// (each followed by up to 2 s for the processes to go), then SIGKILL by the PID of `postmaster.pid`.
    static func stop(
        dataDirectory: String, logger: Logger, request: (StopMode) async -> Void
    ) async throws -> StopMode? {
        let file = PostmasterPIDFile.read(dataDirectory: dataDirectory)
        let postmaster = file.flatMap {
            ProcessInspector.isPostgres($0.pid, dataDirectory: dataDirectory) ? $0.pid : nil
        }
        if postmaster == nil {
            if file != nil {
                // A postmaster.pid whose PID is not a postgres of this directory: left by a crash.
                PostmasterPIDFile.removeStale(dataDirectory: dataDirectory)
            }
            if ProcessInspector.postgresProcesses(dataDirectory: dataDirectory).isEmpty { return nil }
        }
        if postmaster != nil {
            for mode in [StopMode.fast, .immediate] {
                logger.debug("stopping", metadata: ["mode": "\(mode)", "data_directory": "\(dataDirectory)"])
                await request(mode)
                if await waitForNoProcesses(dataDirectory, within: .seconds(2)) { return mode }
            }
        }
        // Last resort, by PID and only after checking again what that PID is.
        if let postmaster, ProcessInspector.isPostgres(postmaster, dataDirectory: dataDirectory) {
            logger.debug(
                "killing the postmaster", metadata: ["pid": "\(postmaster)", "data_directory": "\(dataDirectory)"])
            _ = kill(postmaster, SIGKILL)
        }
        // Backends notice their postmaster's death and exit; the ones that do not are ended by PID, each
        // checked to be a postgres of this data directory.
        if !(await waitForNoProcesses(dataDirectory, within: .seconds(10))) {
            for pid in ProcessInspector.postgresProcesses(dataDirectory: dataDirectory)
            where ProcessInspector.isPostgres(pid, dataDirectory: dataDirectory) {
                _ = kill(pid, SIGKILL)
            }
        }
        guard await waitForNoProcesses(dataDirectory, within: .seconds(10)) else {
            let left = ProcessInspector.postgresProcesses(dataDirectory: dataDirectory).map(String.init)
            throw PerfFarmError(
                .clusterStopFailed,
                "postgres processes \(left.joined(separator: ", ")) of the data directory are still running",
                path: dataDirectory)
        }
        // PostgreSQL would remove the interlock segment of a killed server at its next start, by the key in
        // postmaster.pid: do it now, since the file goes (and the cluster may go too).
        PostmasterPIDFile.removeStale(dataDirectory: dataDirectory)
        return .kill
    }

    /// The stop sequence by signals alone, for a cluster whose binaries are not at hand (a crashed run's):
    /// SIGINT (fast shutdown), SIGQUIT (immediate), SIGKILL, each sent to the PID of `postmaster.pid` after
    /// checking that it is a postgres of this data directory.
    public static func stopBySignals(dataDirectory: String, logger: Logger, timeout: Duration = .seconds(60))
        async throws -> StopMode?
    {
        try await stop(dataDirectory: dataDirectory, logger: logger) { mode in
            guard let file = PostmasterPIDFile.read(dataDirectory: dataDirectory),
                ProcessInspector.isPostgres(file.pid, dataDirectory: dataDirectory)
            else { return }
            _ = kill(file.pid, mode == .fast ? SIGINT : SIGQUIT)
            _ = await waitForNoProcesses(dataDirectory, within: mode == .fast ? timeout : .seconds(10))
        }
    }

    private static func waitForNoProcesses(_ dataDirectory: String, within limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while true {
            let postmasterAlive =
                PostmasterPIDFile.read(dataDirectory: dataDirectory).map {
                    ProcessInspector.isPostgres($0.pid, dataDirectory: dataDirectory)
                } ?? false
            if !postmasterAlive, ProcessInspector.postgresProcesses(dataDirectory: dataDirectory).isEmpty {
                return true
            }
            if clock.now >= deadline { return false }
            // A stop runs to its end: in a cancelled task, sleep without the task.
            do { try await Task.sleep(for: .milliseconds(50)) } catch { usleep(50_000) }
        }
    }

    /// Marks the cluster as kept on purpose, so that the next run's clean-up leaves it alone.
    public func keep(reason: String) {
        StepLog.append("kept: \(reason)\n", to: keptMarker)
    }

    /// Removes the cluster's directory, after checking that no postgres process of it is left.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/clusterStopFailed`` when the server still runs
    ///   (nothing is removed), `file_access` when the removal fails.
    public func remove() throws {
        guard !isRunning else {
            throw PerfFarmError(
                .clusterStopFailed, "the server still runs, so its data directory is not removed", path: dataDirectory)
        }
        try Self.removeDirectory(directory)
    }

    // MARK: - Checks

    /// Throws ``PerfFarmError/Code/clusterInUse`` when the data directory's `postmaster.pid` names a live
    /// postgres of this data directory.
    func refuseLiveServer() throws {
        guard let file = PostmasterPIDFile.read(dataDirectory: dataDirectory),
            ProcessInspector.isPostgres(file.pid, dataDirectory: dataDirectory)
        else { return }
        throw PerfFarmError(
            .clusterInUse,
            "a server (pid \(file.pid)) is running on this data directory; perffarm does not use or stop a server "
                + "it did not start", path: dataDirectory)
    }

    /// Removes a `postmaster.pid` whose PID is not a postgres of this data directory (a crash left it).
    func removeStalePIDFile() {
        guard let file = PostmasterPIDFile.read(dataDirectory: dataDirectory),
            !ProcessInspector.isPostgres(file.pid, dataDirectory: dataDirectory)
        else { return }
        logger.debug("removing a stale postmaster.pid", metadata: ["pid": "\(file.pid)"])
        PostmasterPIDFile.removeStale(dataDirectory: dataDirectory)
    }

    /// The processes working inside `directory`: postgres servers and backends of data directories under it,
    /// and pgbench or psql started there. For tests and clean-up checks.
    public static func processes(inside directory: String) -> [Int32] {
        ProcessInspector.processes(inside: directory)
    }
}
