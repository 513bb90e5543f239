import Foundation
public import Logging
public import PerfFarmCore
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL cluster that perffarm creates, starts, stops and removes, and that nothing else uses.
///
/// ```
/// <directory>/data/         the data directory (initdb: C locale, UTF8, optional checksums)
/// <directory>/socket/       the Unix socket directory (mode 0700), or a link to /tmp/perffarm-sock-*
///                           when a socket path under <directory> would not fit in sun_path
/// <directory>/work/         the working directory of pgbench and psql (per-run logs, script copies)
/// <directory>/server.log    the server log (pg_ctl -l)
/// <directory>/initdb.log    initdb's output
/// <directory>/KEPT          present when the cluster was kept on purpose (--keep-cluster, a failure)
/// ```
///
/// The server listens on the private socket directory and, only with
/// ``PostgresClusterConfiguration/listenOnTCP``, on 127.0.0.1; its port is chosen free (never 5432), and a
/// start that collides with another server moves to the next candidate. ``stop()`` tries `pg_ctl stop -m
/// fast`, then `-m immediate`, then SIGKILL of the PID in this data directory's `postmaster.pid`, and only
/// when that PID is a postgres process working in this data directory. Nothing is ever found or killed by
/// process name.
///
/// Call ``stop()`` and ``remove()`` from a task that is not cancelled (an unstructured `Task`), because a
/// cancelled task cannot run commands.
public struct PostgresCluster: Sendable {
    /// How the server was stopped.
    public enum StopMode: String, Sendable, Equatable {
        /// `pg_ctl stop -m fast`.
        case fast
        /// `pg_ctl stop -m immediate`.
        case immediate
        /// SIGKILL of the postmaster (and of backends left behind).
        case kill
    }

    /// The install whose programs run the cluster.
    public let installation: PostgresInstallation
    /// The layout and settings.
    public let configuration: PostgresClusterConfiguration
    let runner: any CommandRunner
    let logger: Logger
    private let account: OSAccount?

    /// The port of the running (or last started) server.
    public private(set) var port: Int?
    /// Whether `pg_stat_statements` is preloaded and created in `template1` and `postgres`.
    public private(set) var pgStatStatements = false
    /// The settings written to `perffarm.conf` at the last start, in order.
    public private(set) var writtenSettings: [PostgresClusterInfo.Setting] = []
    /// How the server was last stopped.
    public private(set) var stopMode: StopMode?

    /// Creates a cluster description; nothing is created before ``initialize()``.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for a bad setting or an unknown OS user.
    public init(
        installation: PostgresInstallation, configuration: PostgresClusterConfiguration, runner: any CommandRunner,
        logger: Logger
    ) throws {
        try configuration.validate()
        var configuration = configuration
        configuration.directory = FileSystem.absolute(configuration.directory)
        self.installation = installation
        self.configuration = configuration
        self.runner = runner
        self.logger = logger
        account = try configuration.osUser.map { name in
            do {
                return try OSAccount.lookup(name)
            } catch {
                throw PerfFarmError(.invalidConfiguration, "no such OS user: \(name)", key: "--os-user")
            }
        }
    }

    // MARK: - Layout

    /// The cluster's directory.
    public var directory: String { configuration.directory }
    /// The data directory.
    public var dataDirectory: String { directory + "/data" }
    /// The Unix socket directory.
    /// The Unix socket directory: `<directory>/socket`, or, when a socket path there would be too long for
    /// `sun_path`, the short directory under `/tmp` that `<directory>/socket` links to.
    public var socketDirectory: String {
        let link = directory + "/socket"
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? link
    }

    /// The prefix of the short socket directories made under `/tmp` for clusters whose own path is too long.
    static let shortSocketPrefix = "/tmp/perffarm-sock-"
    /// The working directory of pgbench and psql.
    public var workDirectory: String { directory + "/work" }
    /// The server log.
    public var serverLog: String { directory + "/server.log" }
    /// initdb's output.
    public var initdbLog: String { directory + "/initdb.log" }
    /// The marker of a cluster kept on purpose.
    public var keptMarker: String { directory + "/KEPT" }
    /// The superuser's password (mode 0600, the OS user's), for TCP connections: over 127.0.0.1 the cluster
    /// asks for it (`scram-sha-256`), so that no other local user gets in; over its private socket directory
    /// (mode 0700) it trusts the OS user.
    public var passwordFile: String { directory + "/superuser.password" }
    /// The settings file perffarm rewrites at every start (included by `postgresql.conf`).
    var settingsFile: String { dataDirectory + "/perffarm.conf" }

    /// `-h socket -p port -U superuser`, for psql and pgbench.
    public var connectionArguments: [String] {
        ["-h", socketDirectory, "-p", String(port ?? 0), "-U", configuration.superuser]
    }

    /// A command running `program` of the install as the cluster's OS user, in ``workDirectory``.
    public func command(
        _ program: String, _ arguments: [String], timeout: Duration?, output: Command.Output = .captured
    ) -> Command {
        Command(
            installation.program(program), arguments, environment: installation.environment,
            workingDirectory: workDirectory, timeout: timeout, output: output, user: configuration.osUser)
    }

    // MARK: - initdb

    /// Creates the cluster's directories (owned by the OS user) and runs initdb; appends an include of
    /// `perffarm.conf` to `postgresql.conf`.
    /// - Returns: how long initdb took.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/clusterInUse`` when a live server holds the data
    ///   directory, ``PerfFarmError/Code/clusterInitFailed`` when the data directory exists, the OS user cannot
    ///   reach the directory, or initdb fails (with the end of its output).
    @discardableResult
    public func initialize() async throws -> Duration {
        try refuseLiveServer()
        if FileSystem.exists(dataDirectory) {
            throw PerfFarmError(
                .clusterInitFailed, "the data directory exists already; perffarm initializes only new clusters",
                path: dataDirectory)
        }
        try FileSystem.createDirectory(directory)
        try FileOwnership.give(directory, to: account, mode: 0o700)
        try FileSystem.createDirectory(workDirectory)
        try FileOwnership.give(workDirectory, to: account, mode: 0o700)
        if let account, let blocked = FileOwnership.firstUnsearchableDirectory(on: directory, for: account) {
            throw PerfFarmError(
                .clusterInitFailed,
                "the OS user \(account.name) cannot reach the cluster: no search permission on \(blocked); "
                    + "use a work directory it can reach (--work-dir)", path: directory)
        }
        try makeSocketDirectory()
        try writePasswordFile()
        var arguments = [
            "-D", dataDirectory, "-U", configuration.superuser, "--auth-local=trust",
            "--auth-host=scram-sha-256", "--pwfile=\(passwordFile)", "-E", "UTF8", "--locale=C", "--no-sync",
        ]
        if configuration.dataChecksums { arguments.append("--data-checksums") }
        let initdb = command("initdb", arguments, timeout: .seconds(600), output: .logFile(path: initdbLog))
        logger.debug("initdb", metadata: ["data_directory": "\(dataDirectory)"])
        let outcome = try await runner.run(initdb)
        guard outcome.succeeded else {
            let tail = LogTail.lines(ofFile: initdbLog, count: 5).joined(separator: " / ")
            throw PerfFarmError(
                .clusterInitFailed, "`\(initdb.commandLine)` failed with \(outcome.termination): \(tail)",
                path: initdbLog)
        }
        let include = "\n# perffarm: its own settings, rewritten at every start\ninclude_if_exists = 'perffarm.conf'\n"
        StepLog.append(include, to: dataDirectory + "/postgresql.conf")
        return outcome.duration
    }

    /// A random superuser password in ``passwordFile``, readable by the OS user only.
    private func writePasswordFile() throws {
        var generator = SystemRandomNumberGenerator()
        let password = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        guard FileManager.default.createFile(atPath: passwordFile, contents: Data((password + "\n").utf8)) else {
            throw PerfFarmError(.clusterInitFailed, "cannot write the superuser's password file", path: passwordFile)
        }
        try FileOwnership.give(passwordFile, to: account, mode: 0o600)
    }

    /// `<directory>/socket` (mode 0700, the OS user's), or a link from there to a fresh `/tmp/perffarm-sock-*`
    /// directory when the socket's path would not fit in `sun_path` (a long work directory).
    private func makeSocketDirectory() throws {
        let own = directory + "/socket"
        if own.utf8.count + "/.s.PGSQL.65535".utf8.count <= PortProbe.maximumSocketPathLength {
            try FileSystem.createDirectory(own)
            try FileOwnership.give(own, to: account, mode: 0o700)
            return
        }
        var template = Array((Self.shortSocketPrefix + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PerfFarmError(.clusterInitFailed, "cannot create a short socket directory under /tmp", path: own)
        }
        let short = String(cString: made)
        try FileOwnership.give(short, to: account, mode: 0o700)
        do {
            try FileManager.default.createSymbolicLink(atPath: own, withDestinationPath: short)
        } catch {
            try? FileSystem.remove(short)
            throw PerfFarmError(
                .fileAccess, "cannot link the socket directory: \(error.localizedDescription)", path: own)
        }
        logger.debug("socket directory under /tmp", metadata: ["directory": "\(short)"])
    }

    /// Removes a cluster's directory and the short socket directory it links to, if any.
    static func removeDirectory(_ directory: String) throws {
        if let short = try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/socket"),
            short.hasPrefix(shortSocketPrefix)
        {
            try? FileSystem.remove(short)
        }
        try FileSystem.remove(directory)
    }

    // MARK: - start

    /// Starts the server on a free port and waits until it accepts connections; creates
    /// `pg_stat_statements` in `template1` and `postgres` when it is preloaded.
    /// - Returns: how long the start took.
    /// - Throws: ``PerfFarmError``: ``PerfFarmError/Code/clusterInUse`` when a live server holds the data
    ///   directory, ``PerfFarmError/Code/clusterStartFailed`` (with the end of the server log) when the server
    ///   does not start or become ready; a server that half-started is stopped first.
    @discardableResult
    public mutating func start() async throws -> Duration {
        let clock = ContinuousClock()
        let begin = clock.now
        try refuseLiveServer()
        removeStalePIDFile()
        var candidate = configuration.firstPort
        var collisions: [Int] = []
        for _ in 0..<5 {
            let chosen = try freePort(from: candidate)
            try writeSettings(port: chosen)
            port = chosen
            let logStart = fileSize(serverLog)
            let seconds = Int(configuration.startTimeout.components.seconds)
            let pgctl = command(
                "pg_ctl", ["start", "-w", "-t", String(seconds), "-D", dataDirectory, "-l", serverLog],
                timeout: configuration.startTimeout + .seconds(30))
            logger.debug("pg_ctl start", metadata: ["port": "\(chosen)", "data_directory": "\(dataDirectory)"])
            let outcome = try await runner.run(pgctl)
            if outcome.succeeded {
                try await waitUntilReady()
                try await createStatementStatistics()
                return clock.now - begin
            }
            let log = newLogText(since: logStart)
            _ = try? await stop()
            if Self.isCollision(log) {
                logger.debug("port collision, trying another", metadata: ["port": "\(chosen)"])
                collisions.append(chosen)
                candidate = chosen + 1
                continue
            }
            let detail = (log.split(separator: "\n").suffix(5) + [Substring(outcome.standardErrorText)])
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                .joined(separator: " / ")
            throw PerfFarmError(
                .clusterStartFailed, "`\(pgctl.commandLine)` failed with \(outcome.termination): \(detail)",
                path: serverLog)
        }
        throw PerfFarmError(
            .clusterStartFailed,
            "ports \(collisions.map(String.init).joined(separator: ", ")) were taken while the server started",
            path: serverLog)
    }

    /// The first free port from `first` on (5432 skipped), within ``PostgresClusterConfiguration/portAttempts``.
    func freePort(from first: Int) throws -> Int {
        var port = first
        for _ in 0..<max(1, configuration.portAttempts) {
            if port > 65535 { port = 1024 }
            if port != PortProbe.defaultPostgresPort, PortProbe.isFree(port, socketDirectory: socketDirectory) {
                return port
            }
            port += 1
        }
        throw PerfFarmError(
            .clusterStartFailed,
            "no free port among \(configuration.portAttempts) candidates from \(first)", key: "--port")
    }

    /// Whether a server log says the start failed because the port or socket was taken.
    static func isCollision(_ log: String) -> Bool {
        let markers = [
            "could not bind", "Address already in use", "could not create any TCP/IP sockets",
            "could not create Unix-domain socket", "could not create lock file", ".s.PGSQL.",
        ]
        return markers.contains { log.contains($0) }
    }

    private mutating func writeSettings(port: Int) throws {
        var settings: [PostgresClusterInfo.Setting] = [
            .init(name: "unix_socket_directories", value: socketDirectory),
            .init(name: "listen_addresses", value: configuration.listenOnTCP ? "127.0.0.1" : ""),
        ]
        var libraries =
            configuration.settings.last { $0.name.lowercased() == "shared_preload_libraries" }?.value
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        let preload = configuration.preloadPgStatStatements && installation.hasPgStatStatements
        if preload, !libraries.contains("pg_stat_statements") { libraries.append("pg_stat_statements") }
        if !libraries.isEmpty {
            settings.append(.init(name: "shared_preload_libraries", value: libraries.joined(separator: ",")))
        }
        settings += configuration.settings.filter { $0.name.lowercased() != "shared_preload_libraries" }
        var text = "# Written by perffarm at every start of this cluster.\nport = \(port)\n"
        for setting in settings {
            text += "\(setting.name) = '\(Self.quoted(setting.value))'\n"
        }
        do {
            try text.write(toFile: settingsFile, atomically: false, encoding: .utf8)
        } catch {
            throw PerfFarmError(
                .fileAccess, "cannot write the settings: \(error.localizedDescription)", path: settingsFile)
        }
        if let account { _ = chown(settingsFile, account.userID, account.groupID) }
        writtenSettings = settings
        pgStatStatements = preload
    }

    /// `value` for a single-quoted `postgresql.conf` string.
    static func quoted(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("'", with: "''")
    }

    private mutating func waitUntilReady() async throws {
        let ready = command(
            "pg_isready", connectionArguments + ["-d", "postgres", "-t", "30"], timeout: .seconds(60))
        let outcome = try await runner.run(ready)
        guard outcome.succeeded else {
            _ = try? await stop()
            throw PerfFarmError(
                .clusterStartFailed,
                "`\(ready.commandLine)` says the server is not ready (\(outcome.termination)): "
                    + outcome.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines), path: serverLog)
        }
    }

    private mutating func createStatementStatistics() async throws {
        guard pgStatStatements else { return }
        do {
            for database in ["template1", "postgres"] {
                try await sql(["CREATE EXTENSION IF NOT EXISTS pg_stat_statements"], database: database)
            }
        } catch let error as PerfFarmError {
            logger.warning("pg_stat_statements is not usable", metadata: ["error": "\(error)"])
            pgStatStatements = false
        }
    }

    // MARK: - SQL

    /// Runs SQL statements with psql, each in its own `-c` (so `CHECKPOINT` and `CREATE DATABASE` run outside
    /// a transaction block), stopping at the first error.
    /// - Returns: the unaligned, tuples-only output (one line per row, `|` between columns).
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/clusterCommandFailed``) naming the statement's
    ///   error; `CancellationError` when the task is cancelled.
    @discardableResult
    public func sql(_ statements: [String], database: String = "postgres", timeout: Duration = .seconds(3600))
        async throws -> String
    {
        let arguments =
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"] + connectionArguments + ["-d", database]
            + statements.flatMap { ["-c", $0] }
        let psql = command("psql", arguments, timeout: timeout)
        let outcome = try await runner.run(psql)
        guard outcome.succeeded else {
            let detail = outcome.standardErrorText.split(separator: "\n").suffix(3).joined(separator: " / ")
            throw PerfFarmError(
                .clusterCommandFailed,
                "`\(statements.joined(separator: "; "))` failed with \(outcome.termination)"
                    + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return outcome.standardOutputText
    }

    /// `SELECT version()` and `server_version_num` of the running server.
    public func serverVersion() async throws -> (version: String, number: Int?) {
        let output = try await sql(["SELECT version()", "SHOW server_version_num"], timeout: .seconds(60))
        let lines = output.split(separator: "\n").map(String.init)
        return (lines.first ?? "", lines.count > 1 ? Int(lines[1]) : nil)
    }

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
            logger.warning(
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
    private func removeStalePIDFile() {
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

    // MARK: - Record

    /// The cluster as a result records it.
    public func info(serverVersion: String?, serverVersionNumber: Int?) -> PostgresClusterInfo {
        PostgresClusterInfo(
            binDirectory: installation.binDirectory, libDirectory: installation.libDirectory,
            postgresVersion: installation.version, serverVersion: serverVersion,
            serverVersionNumber: serverVersionNumber, directory: directory, dataDirectory: dataDirectory,
            socketDirectory: socketDirectory, port: port,
            listenAddresses: configuration.listenOnTCP ? "127.0.0.1" : nil, osUser: configuration.osUser,
            superuser: configuration.superuser, dataChecksums: configuration.dataChecksums,
            settings: writtenSettings, pgStatStatements: pgStatStatements, stopMode: stopMode?.rawValue)
    }

    // MARK: - Files

    private func fileSize(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    private func newLogText(since offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: serverLog) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data.suffix(64 << 10), as: UTF8.self)
    }
}
