import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresCluster {
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
        // From here on a server of ours may run in the data directory: if perffarm is killed, it is shut down.
        runner.guardian?.watch(dataDirectory: dataDirectory)
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
            // Inside the OS user's data directory: written through its descriptor, replaced atomically.
            try ConfinedDirectory(dataDirectory, owner: account).writeFile(
                "perffarm.conf", Data(text.utf8), mode: 0o600)
        } catch let error as PerfFarmError {
            throw PerfFarmError(.fileAccess, "cannot write the settings: \(error.message)", path: settingsFile)
        }
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
                try await execute(
                    ["CREATE EXTENSION IF NOT EXISTS pg_stat_statements"], database: database, timeout: .seconds(120))
            }
        } catch let error as PerfFarmError {
            // The benchmark goes on without per-statement statistics; the result says why.
            logger.debug("pg_stat_statements is not usable", metadata: ["error": "\(error)"])
            notes.append("pg_stat_statements is not usable: \(error.message)")
            pgStatStatements = false
        }
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
