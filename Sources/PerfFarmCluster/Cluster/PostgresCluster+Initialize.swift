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
        // The cluster's directory stays perffarm's (mode 0711: the OS user may pass, not list or write), so that
        // every path perffarm follows below it up to data/, socket/ and work/ is one the OS user cannot change;
        // inside those three, perffarm works through ConfinedDirectory only.
        try FileSystem.createDirectory(directory)
        try FileOwnership.give(directory, to: nil, mode: account == nil ? 0o700 : 0o711)
        try FileSystem.createDirectory(workDirectory)
        try FileOwnership.give(workDirectory, to: account, mode: 0o700)
        if let account, let blocked = FileOwnership.firstUnsearchableDirectory(on: directory, for: account) {
            throw PerfFarmError(
                .clusterInitFailed,
                "the OS user \(account.name) cannot reach the cluster: no search permission on \(blocked); "
                    + "use a work directory it can reach (--work-dir)", path: directory)
        }
        if let account,
            let blocked = FileOwnership.firstUnsearchableDirectory(on: installation.binDirectory, for: account)
        {
            throw PerfFarmError(
                .clusterInitFailed,
                "the OS user \(account.name) cannot reach the PostgreSQL programs: no search permission on "
                    + "\(blocked); install or build them where it can (a work directory outside root's home)",
                path: installation.binDirectory)
        }
        try makeSocketDirectory()
        try writePasswordFile()
        try makeServerLog()
        var arguments = [
            "-D", dataDirectory, "-U", configuration.superuser, "--auth-local=trust",
            "--auth-host=scram-sha-256", "--pwfile=\(passwordFile)", "-E", "UTF8", "--locale=C", "--no-sync",
        ]
        if configuration.dataChecksums { arguments.append("--data-checksums") }
        // The data directory is made here, empty, so that a failed or killed initdb empties it but leaves it:
        // its inode names the shared memory that initdb's killed backends may leave behind.
        try FileSystem.createDirectory(dataDirectory)
        try FileOwnership.give(dataDirectory, to: account, mode: 0o700)
        let initdb = command("initdb", arguments, timeout: .seconds(600), output: .logFile(path: initdbLog))
        logger.debug("initdb", metadata: ["data_directory": "\(dataDirectory)"])
        let outcome: CommandOutcome
        do {
            outcome = try await runner.run(initdb)
        } catch {
            Self.removeOrphanSegments(dataDirectory: dataDirectory)
            throw error
        }
        guard outcome.succeeded else {
            Self.removeOrphanSegments(dataDirectory: dataDirectory)
            let tail = LogTail.lines(ofFile: initdbLog, count: 5).joined(separator: " / ")
            throw PerfFarmError(
                .clusterInitFailed, "`\(initdb.commandLine)` failed with \(outcome.termination): \(tail)",
                path: initdbLog)
        }
        let include = "\n# perffarm: its own settings, rewritten at every start\ninclude_if_exists = 'perffarm.conf'\n"
        try ConfinedDirectory(dataDirectory, owner: account).append(include, to: "postgresql.conf")
        return outcome.duration
    }

    /// A random superuser password in ``passwordFile``, readable by the OS user only.
    private func writePasswordFile() throws {
        var generator = SystemRandomNumberGenerator()
        let password = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        try FileSystem.writeDurably(Data((password + "\n").utf8), to: passwordFile, mode: 0o600)
        try FileOwnership.give(passwordFile, to: account, mode: 0o600)
    }

    /// An empty ``serverLog`` of the OS user (mode 0600), for `pg_ctl -l`, which opens it as the OS user in
    /// a directory it cannot write.
    private func makeServerLog() throws {
        try FileSystem.writeDurably(Data(), to: serverLog, mode: 0o600)
        try FileOwnership.give(serverLog, to: account, mode: 0o600)
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
        // Recorded in perffarm's own file: the removal compares the link with it, never trusts the link alone.
        try FileSystem.writeDurably(Data(short.utf8), to: shortSocketRecord, mode: 0o600)
        do {
            try FileManager.default.createSymbolicLink(atPath: own, withDestinationPath: short)
        } catch {
            try? FileSystem.remove(short)
            throw PerfFarmError(
                .fileAccess, "cannot link the socket directory: \(error.localizedDescription)", path: own)
        }
        logger.debug("socket directory under /tmp", metadata: ["directory": "\(short)"])
    }

    /// Removes a cluster's directory (never following a link inside it) and the short socket directory it links
    /// to, if any: only when the directory is perffarm's (owned by the effective user, writable by nobody else),
    /// its record of the short directory is its own regular file, and the link names exactly that directory.
    static func removeDirectory(_ directory: String) throws {
        removeOrphanSegments(dataDirectory: directory + "/data")
        if let short = recordedShortSocketDirectory(of: directory) {
            try? FileSystem.remove(short)
        }
        try FileSystem.remove(directory)
    }

    /// The short socket directory under `/tmp` that the cluster at `directory` made, when its record and its
    /// `socket` link agree and both are perffarm's; `nil` otherwise.
    static func recordedShortSocketDirectory(of directory: String) -> String? {
        var status = stat()
        guard lstat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid(),
            status.st_mode & 0o022 == 0,
            let recorded = try? ConfinedDirectory(directory, owner: nil).read("socket-directory"),
            let link = try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/socket")
        else { return nil }
        let short = String(decoding: recorded, as: UTF8.self)
        let suffix = short.dropFirst(shortSocketPrefix.count)
        guard short == link, short.hasPrefix(shortSocketPrefix), suffix.count == 6,
            suffix.allSatisfy({ $0.isLetter || $0.isNumber })
        else { return nil }
        return short
    }

    /// Removes the shared-memory segments that killed processes of `dataDirectory` (a server, or initdb's
    /// standalone backends) left behind, found by the data directory's inode (see
    /// ``SharedMemorySegment/removeOrphans(dataDirectoryInode:owner:)``); the directory's owner must own and
    /// have created them. Nothing when it is not a directory.
    static func removeOrphanSegments(dataDirectory: String) {
        var status = stat()
        guard lstat(dataDirectory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return }
        // A backend killed a moment ago may still be exiting: give the data directory's processes up to 5 s.
        for _ in 0..<50 where !ProcessInspector.postgresProcesses(dataDirectory: dataDirectory).isEmpty {
            usleep(100_000)
        }
        SharedMemorySegment.removeOrphans(dataDirectoryInode: UInt64(status.st_ino), owner: status.st_uid)
    }
}
