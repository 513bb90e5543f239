public import PerfFarmCore

/// Runs external commands. The one way perffarm starts a process.
///
/// Implementations: the live runner in `PerfFarmProcess` (swift-subprocess; a timeout or a cancelled task
/// terminates the whole process group) and a scripted fake in `PerfFarmTestSupport`.
public protocol CommandRunner: Sendable {
    /// Runs `command` to its end and says how it ended.
    ///
    /// A non-zero exit status, a signal or a timeout is returned as data, never thrown.
    /// - Parameter command: what to run.
    /// - Returns: how it ended, with its captured output.
    /// - Throws: ``PerfFarmError`` with ``PerfFarmError/Code/commandNotStarted`` when the process could not
    ///   be started (program not found, working directory missing, unknown user), and `CancellationError`
    ///   when the calling task was cancelled (after the process group was terminated).
    func run(_ command: Command) async throws -> CommandOutcome

    /// What ends this runner's processes, and the servers registered with it, if this process is killed;
    /// `nil` (the default) when nothing does.
    var guardian: ProcessGuardian? { get }
}

extension CommandRunner {
    public var guardian: ProcessGuardian? { nil }
}

extension CommandRunner {
    /// Runs `command` and throws unless it exits with status 0.
    /// - Parameter command: what to run.
    /// - Returns: the outcome of a successful run.
    /// - Throws: ``PerfFarmError`` with ``PerfFarmError/Code/commandFailed`` (or
    ///   ``PerfFarmError/Code/commandTimedOut``) naming the command, its status and the end of its standard
    ///   error; and whatever ``run(_:)`` throws.
    @discardableResult
    public func runChecked(_ command: Command) async throws -> CommandOutcome {
        let outcome = try await run(command)
        guard !outcome.succeeded else { return outcome }
        if outcome.timedOut {
            throw PerfFarmError(.commandTimedOut, "`\(command.commandLine)` timed out", path: command.logPath)
        }
        var message = "`\(command.commandLine)` failed with \(outcome.termination)"
        let detail = outcome.standardErrorText.isEmpty ? outcome.standardOutputText : outcome.standardErrorText
        let lastLines = detail.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
        if !lastLines.isEmpty { message += ": \(lastLines)" }
        throw PerfFarmError(.commandFailed, message, path: command.logPath)
    }
}

extension Command {
    /// The log file, with ``Output/logFile(path:)``.
    var logPath: String? {
        if case .logFile(let path) = output { return path }
        return nil
    }
}
