import Foundation
import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL server for tests, from the machine's `postgresql` binaries: its own data
/// directory, Unix socket directory and free port (never 5432), run as the unprivileged `postgres` user
/// when the tests run as root. ``withServer(_:)`` always stops it (`pg_ctl stop -m immediate`), also when
/// the body throws, and checks that no process of its data directory is left.
///
/// A test helper, not the product's cluster code (that lives in PerfFarmBuild).
public struct TestPostgresServer: Sendable {
    /// The folder of `initdb`, `pg_ctl`, `pgbench`.
    public let binDirectory: String
    /// The temporary folder holding everything (removed after the server stopped).
    public let baseDirectory: String
    /// The data directory.
    public var dataDirectory: String { baseDirectory + "/data" }
    /// The Unix socket directory.
    public var socketDirectory: String { baseDirectory + "/socket" }
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// The superuser name.
    public let user = "postgres"

    /// A libpq connection string over the Unix socket.
    public func conninfo(database: String = "postgres") -> String {
        "host=\(socketDirectory) port=\(port) dbname=\(database) user=\(user)"
    }

    /// The postmaster PID, from `postmaster.pid` (`nil` when not running).
    public var postmasterPID: Int? {
        PostmasterPIDFile.read(dataDirectory: dataDirectory).map { Int($0.pid) }
    }

    /// The machine's PostgreSQL binaries: `PERFFARM_TEST_PG_BIN`, or the newest `/usr/lib/postgresql/N/bin`.
    public static func findBinDirectory() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["PERFFARM_TEST_PG_BIN"] { return explicit }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.compactMap { Int($0) }.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    /// Whether a server can be started here.
    public static var isAvailable: Bool { findBinDirectory() != nil }

    /// Starts a server, runs `body`, and stops the server on every path.
    /// - Parameters:
    ///   - settings: `-c name=value` settings (`shared_preload_libraries`, `track_io_timing`).
    ///   - passwordUser: a role created with this (name, password) and `scram-sha-256` on TCP, for
    ///     password tests.
    ///   - body: the test.
    /// - Throws: what `body` throws, or a ``TestServerError`` when the server cannot start or stop cleanly.
    public static func withServer<T>(
        settings: [String: String] = [:], passwordUser: (name: String, password: String)? = nil,
        _ body: (TestPostgresServer) async throws -> T
    ) async throws -> T {
        guard let bin = findBinDirectory() else { throw TestServerError("no PostgreSQL binaries found") }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perffarm-test-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        ).path
        let server = TestPostgresServer(binDirectory: bin, baseDirectory: base, port: try freePort())
        try FileManager.default.createDirectory(atPath: server.socketDirectory, withIntermediateDirectories: true)
        server.giveToServerUser(base)
        server.giveToServerUser(server.socketDirectory)
        defer { try? FileManager.default.removeItem(atPath: base) }
        var started = false
        do {
            try await server.run(
                "initdb",
                [
                    "-D", server.dataDirectory, "-U", server.user, "--auth-local=trust",
                    "--auth-host=" + (passwordUser == nil ? "trust" : "scram-sha-256"), "-E", "UTF8", "--no-sync",
                ])
            var options = [
                "-p \(server.port)", "-k \(server.socketDirectory)", "-c listen_addresses=127.0.0.1", "-c fsync=off",
            ]
            options += settings.sorted { $0.key < $1.key }.map { "-c \($0.key)=\($0.value)" }
            started = true
            try await server.run(
                "pg_ctl",
                [
                    "start", "-w", "-t", "60", "-D", server.dataDirectory, "-l", base + "/server.log",
                    "-o", options.joined(separator: " "),
                ])
            if let passwordUser {
                try await server.run(
                    "psql",
                    [
                        "-X", "-q", "-h", server.socketDirectory, "-p", String(server.port), "-U", server.user,
                        "-d", "postgres", "-c",
                        "CREATE ROLE \(passwordUser.name) LOGIN PASSWORD '\(passwordUser.password)'",
                    ])
            }
        } catch {
            if started { try? await server.stop() }
            throw error
        }
        let result: T
        do {
            result = try await body(server)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
        return result
    }

    /// `pg_ctl stop -m immediate`, then checks that nothing of the data directory is left running.
    public func stop() async throws {
        let pid = postmasterPID
        if pid != nil || FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") {
            try? await run("pg_ctl", ["stop", "-m", "immediate", "-w", "-t", "30", "-D", dataDirectory])
        }
        if let pid, kill(pid_t(pid), 0) == 0 {
            // pg_ctl failed: the postmaster is ours (our own postmaster.pid), so end it by its PID.
            kill(pid_t(pid), SIGKILL)
            try? await Task.sleep(for: .milliseconds(200))
        }
        let left = Self.processes(usingDataDirectory: dataDirectory)
        if !left.isEmpty { throw TestServerError("postgres processes left for \(dataDirectory): \(left)") }
    }

    /// PIDs of processes whose command line names `dataDirectory` or whose parent is such a process.
    public static func processes(usingDataDirectory dataDirectory: String) -> [Int] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int($0) }
        var postmasters = Set<Int>()
        var parents: [Int: Int] = [:]
        for pid in pids {
            if let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                String(decoding: cmdline, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(
                    dataDirectory)
            {
                postmasters.insert(pid)
            }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            {
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if fields.count > 1, let parent = Int(fields[1]) { parents[pid] = parent }
            }
        }
        return pids.filter { postmasters.contains($0) || postmasters.contains(parents[$0] ?? -1) }.sorted()
    }

    /// Runs a PostgreSQL program of ``binDirectory`` as the server user, waits at most 120 s.
    ///
    /// posix_spawn and waitpid rather than Foundation's `Process`: `pg_ctl start` leaves a postmaster that
    /// keeps the output file open, and the wait must not depend on a run loop or on the cooperative pool.
    /// - Returns: its standard output and standard error.
    @discardableResult
    public func run(_ program: String, _ arguments: [String]) async throws -> String {
        let executable = binDirectory + "/" + program
        // env -C: run in the base directory, which the server user may read.
        let command = ["/usr/bin/env", "-C", baseDirectory, executable] + arguments
        let argv = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
        let output = baseDirectory + "/.command-\(UUID().uuidString).out"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cStrings = argv.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cStrings + [nil], environ)
        guard spawned == 0 else { throw TestServerError("cannot start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(120)
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw TestServerError("waitpid failed for \(program)") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestServerError("\(program) timed out")
            }
            // Poll without holding a thread of the cooperative pool (2 on a 2-core machine).
            try? await Task.sleep(for: .milliseconds(10))
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw TestServerError(
                "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(text.suffix(600))")
        }
        return text
    }

    /// Runs pgbench against the server (as the server user).
    @discardableResult
    public func pgbench(_ arguments: [String], database: String = "postgres") async throws -> String {
        try await run("pgbench", ["-h", socketDirectory, "-p", String(port), "-U", user] + arguments + [database])
    }

    /// Runs one SQL command with psql.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        try await run(
            "psql",
            ["-X", "-q", "-At", "-h", socketDirectory, "-p", String(port), "-U", user, "-d", database, "-c", sql])
    }

    private func giveToServerUser(_ path: String) {
        guard getuid() == 0, let account = getpwnam("postgres") else { return }
        chown(path, account.pointee.pw_uid, account.pointee.pw_gid)
        chmod(path, 0o700)
    }

    /// A TCP port free on 127.0.0.1 now (bound to port 0 and released), never 5432.
    static func freePort() throws -> Int {
        for _ in 0..<10 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { continue }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            let port = Int(UInt16(bigEndian: address.sin_port))
            if port != 5432 && port > 1024 { return port }
        }
        throw TestServerError("no free TCP port")
    }
}

/// A test server could not be started or stopped.
public struct TestServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
