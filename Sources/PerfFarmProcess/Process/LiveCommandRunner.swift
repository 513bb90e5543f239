public import Logging
public import PerfFarmCore
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The live ``CommandRunner``: runs commands with swift-subprocess, each in a process group of its own.
///
/// A command that outlives its ``Command/timeout``, or whose task is cancelled, is ended as a whole: SIGTERM
/// to its process group, up to ``gracePeriod`` for the group leader to exit, then SIGKILL to the group, so
/// that `make -j` and the compilers it started go too, including children that ignore SIGTERM or outlive
/// the leader. The group is signalled before the leader is reaped, so its id cannot have been reused.
public struct LiveCommandRunner: CommandRunner {
    /// How long a terminated command gets between SIGTERM and SIGKILL.
    public var gracePeriod: Duration
    /// Where the runner logs the commands it starts and how they end (`.debug`).
    public var logger: Logger
    /// Told about every command while it runs, so that it ends them if this process is killed; `nil` for none.
    public var guardian: ProcessGuardian?

    /// Creates a runner.
    /// - Parameters:
    ///   - logger: where commands and their outcomes are logged.
    ///   - gracePeriod: how long a timed-out or cancelled command gets between SIGTERM and SIGKILL.
    ///   - guardian: ends the commands if this process is killed; this process's shared guardian by default.
    public init(
        logger: Logger, gracePeriod: Duration = .seconds(5), guardian: ProcessGuardian? = ProcessGuardian.shared
    ) {
        self.logger = logger
        self.gracePeriod = gracePeriod
        self.guardian = guardian
    }

    public func run(_ command: Command) async throws -> CommandOutcome {
        try Task.checkCancellation()
        let configuration = try makeConfiguration(command)
        logger.debug(
            "starting command",
            metadata: [
                "command": "\(command.commandLine)",
                "directory": "\(command.workingDirectory ?? ".")",
                "user": "\(command.user ?? "-")",
            ])
        let clock = ContinuousClock()
        let start = clock.now
        let supervisor = ProcessGroupSupervisor(
            timeout: command.timeout, gracePeriod: gracePeriod, guardian: guardian)
        let termination: TerminationStatus
        let ending: ProcessGroupSupervisor.Ending
        var captured = CapturedOutput(limit: 0)
        do {
            switch command.output {
            case .logFile(let path):
                let descriptor = try openLog(path)
                let result = try await Subprocess.run(
                    configuration, input: .none,
                    output: .fileDescriptor(descriptor, closeAfterSpawningProcess: true),
                    error: .combinedWithOutput
                ) { execution in
                    await supervisor.supervise(execution.processIdentifier.value) {}
                }
                (termination, ending) = (result.terminationStatus, result.closureResult)
            case .discarded:
                let result = try await Subprocess.run(
                    configuration, input: .none, output: .discarded, error: .discarded
                ) { execution in
                    await supervisor.supervise(execution.processIdentifier.value) {}
                }
                (termination, ending) = (result.terminationStatus, result.closureResult)
            case .captured(let limit):
                let sink = Mutex(CapturedOutput(limit: max(0, limit)))
                let result = try await Subprocess.run(
                    configuration, input: .none, output: .sequence, error: .sequence
                ) { execution in
                    await supervisor.supervise(execution.processIdentifier.value) {
                        await Self.drain(execution.standardOutput, execution.standardError) { stream, bytes in
                            sink.withLock { $0.append(bytes, to: stream) }
                        }
                    }
                }
                (termination, ending) = (result.terminationStatus, result.closureResult)
                captured = sink.withLock { $0 }
            case .lines(let handler):
                let splitters = Mutex([OutputLine.Stream: ByteLineSplitter]())
                let result = try await Subprocess.run(
                    configuration, input: .none, output: .sequence, error: .sequence
                ) { execution in
                    await supervisor.supervise(execution.processIdentifier.value) {
                        await Self.drain(execution.standardOutput, execution.standardError) { stream, bytes in
                            let lines = splitters.withLock {
                                $0[stream, default: ByteLineSplitter(terminators: .text)].lines(in: bytes)
                            }
                            for line in lines { handler(OutputLine(stream: stream, text: line)) }
                        }
                        for stream in [OutputLine.Stream.standardOutput, .standardError] {
                            if let last = splitters.withLock({ $0[stream]?.finishText() }) {
                                handler(OutputLine(stream: stream, text: last))
                            }
                        }
                    }
                }
                (termination, ending) = (result.terminationStatus, result.closureResult)
            }
        } catch let error as SubprocessError {
            throw Self.perfFarmError(error, command: command)
        }
        let outcome = CommandOutcome(
            termination: Self.termination(termination),
            duration: clock.now - start,
            timedOut: ending == .timedOut,
            standardOutput: captured.standardOutput,
            standardError: captured.standardError,
            outputTruncated: captured.truncated
        )
        logger.debug(
            "command ended",
            metadata: [
                "command": "\(command.executable)",
                "termination": "\(outcome.termination)",
                "seconds": "\(outcome.seconds)",
                "timed_out": "\(outcome.timedOut)",
            ])
        if ending == .cancelled { throw CancellationError() }
        return outcome
    }

    // MARK: - Configuration

    private func makeConfiguration(_ command: Command) throws -> Configuration {
        var options = PlatformOptions()
        // A process group of its own, so that a timeout or a cancellation reaches every descendant.
        options.processGroupID = 0
        // Used by swift-subprocess when the task is cancelled; the supervisor does the same itself.
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: gracePeriod)
        ]
        var environment = command.environment
        var executablePath = command.executable
        var arguments = command.arguments
        if let name = command.user {
            let account: OSAccount
            do {
                account = try OSAccount.lookup(name)
            } catch let error as PerfFarmError {
                var copy = error
                copy.message = "cannot run `\(command.commandLine)` as \(name): \(error.message)"
                throw copy
            }
            if let setpriv = Self.setpriv {
                // The user is switched by setpriv(1), which execs the command in place (same PID, same process
                // group). swift-subprocess would switch it itself in a child made by a raw clone3, where glibc's
                // setuid (which must reach every thread of a process it still believes multi-threaded) and
                // signal() can wait forever on a lock copied from the parent: a spawn that never returns
                // (swiftlang/swift-subprocess#374). Without a user switch it takes glibc's posix_spawn.
                let program = try Self.resolve(command.executable, path: environment["PATH"] ?? nil, command: command)
                arguments = Self.setprivArguments(account: account) + [program] + command.arguments
                executablePath = setpriv
            } else {
                options.userID = account.userID
                options.groupID = account.groupID
                options.supplementaryGroups = account.groupIDs
            }
            for (key, value) in ["HOME": account.homeDirectory, "USER": name, "LOGNAME": name]
            where environment[key] == nil {
                environment[key] = value
            }
        }
        let executable: Executable =
            executablePath.contains("/") ? .path(FilePath(executablePath)) : .name(executablePath)
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
        return Configuration(
            executable: executable,
            arguments: Arguments(arguments),
            environment: updates.isEmpty ? .inherit : .inherit.updating(updates),
            workingDirectory: command.workingDirectory.map { FilePath($0) },
            platformOptions: options
        )
    }

    /// util-linux's `setpriv`, which runs a program as another user in place; `nil` where it is missing.
    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        access($0, X_OK) == 0
    }

    /// The absolute path of `executable`: as given when it names a path, else the first executable file of that
    /// name in `path` (the command's `PATH`, else perffarm's). Done here for a command run through `setpriv`, so that
    /// a missing program is still an error that says the command did not start (`command_not_started`).
    static func resolve(_ executable: String, path: String?, command: Command) throws -> String {
        let notFound = PerfFarmError(
            .commandNotStarted, "cannot start `\(command.commandLine)`: \(executable): no such executable")
        if executable.contains("/") {
            guard access(executable, X_OK) == 0 else { throw notFound }
            return executable
        }
        let searchPath = path ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(executable)"
            var status = stat()
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw notFound
    }

    /// The `setpriv` options that make the command run as `account`: its user and group ids and exactly its
    /// groups, as `initgroups` would set them (no capability is kept: root's are dropped by the user switch).
    static func setprivArguments(account: OSAccount) -> [String] {
        let groups =
            account.groupIDs.isEmpty
            ? ["--clear-groups"] : ["--groups=" + account.groupIDs.map { String($0) }.joined(separator: ",")]
        return ["--reuid=\(account.userID)", "--regid=\(account.groupID)"] + groups + ["--"]
    }

    private func openLog(_ path: String) throws -> FileDescriptor {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PerfFarmError(
                .fileAccess, "cannot open the log file: \(String(cString: strerror(errno)))", path: path)
        }
        return FileDescriptor(rawValue: descriptor)
    }

    // MARK: - Output

    /// Reads both streams to their end (or until the process has ended and swift-subprocess stops them).
    private static func drain(
        _ standardOutput: SubprocessOutputSequence,
        _ standardError: SubprocessOutputSequence,
        into sink: @escaping @Sendable (OutputLine.Stream, [UInt8]) -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for (stream, sequence) in [
                (OutputLine.Stream.standardOutput, standardOutput), (.standardError, standardError),
            ] {
                group.addTask {
                    do {
                        for try await buffer in sequence {
                            sink(stream, buffer.withUnsafeBytes { Array($0) })
                        }
                    } catch {
                        // The stream was cut (process gone, or cancellation): keep what was read.
                    }
                }
            }
        }
    }

    // MARK: - Results

    private static func termination(_ status: TerminationStatus) -> CommandOutcome.Termination {
        switch status {
        case .exited(let code): .exited(Int32(code))
        case .signaled(let signal): .signaled(Int32(signal))
        }
    }

    private static func perfFarmError(_ error: SubprocessError, command: Command) -> PerfFarmError {
        let notStarted: Set<SubprocessError.Code> = [
            .executableNotFound, .failedToChangeWorkingDirectory, .spawnFailed,
        ]
        if notStarted.contains(error.code) {
            return PerfFarmError(.commandNotStarted, "cannot start `\(command.commandLine)`: \(error)")
        }
        return PerfFarmError(.commandFailed, "`\(command.commandLine)` failed: \(error)")
    }
}

/// What ``Command/Output/captured(limitBytes:)`` keeps: the first `limit` bytes of each stream.
private struct CapturedOutput: Sendable {
    let limit: Int
    var standardOutput: [UInt8] = []
    var standardError: [UInt8] = []
    var truncated = false

    init(limit: Int) { self.limit = limit }

    mutating func append(_ bytes: [UInt8], to stream: OutputLine.Stream) {
        switch stream {
        case .standardOutput: Self.append(bytes, to: &standardOutput, limit: limit, truncated: &truncated)
        case .standardError: Self.append(bytes, to: &standardError, limit: limit, truncated: &truncated)
        }
    }

    private static func append(_ bytes: [UInt8], to buffer: inout [UInt8], limit: Int, truncated: inout Bool) {
        let room = limit - buffer.count
        if bytes.count > room { truncated = true }
        if room > 0 { buffer.append(contentsOf: bytes.prefix(room)) }
    }
}
