import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// Runs the `git` command line through a ``CommandRunner``.
///
/// Every invocation names the repositories it trusts with `-c safe.directory=…` (git's refusal of
/// repositories owned by another user, "dubious ownership", when perffarm runs as root), never through the
/// user's global configuration; for a local source, the `upload-pack` that git starts in the source repository
/// gets the same options. Output goes to the step's log file when one is given.
struct GitClient: Sendable {
    /// How commands are run.
    let runner: any CommandRunner
    /// Where the client logs what it runs.
    let logger: Logger
    /// Directories trusted despite their owner.
    let safeDirectories: [String]
    /// Variables added to git's environment (`TMPDIR`, `LC_ALL`, `GIT_TERMINAL_PROMPT`).
    let environment: [String: String?]
    /// The longest one git command may run.
    let timeout: Duration

    /// The argument vector of `git <arguments>` with the trusted directories in front.
    func command(_ arguments: [String], in directory: String? = nil, output: Command.Output) -> Command {
        var argv: [String] = []
        for directory in safeDirectories { argv += ["-c", "safe.directory=\(directory)"] }
        return Command(
            "git", argv + arguments, environment: environment, workingDirectory: directory, timeout: timeout,
            output: output)
    }

    /// The `--upload-pack` program for fetching from `localPath`: `git upload-pack` trusting that repository.
    func uploadPack(trusting localPath: String) -> String {
        var words = ["git"]
        for directory in Self.safeDirectoryVariants(localPath) { words += ["-c", "safe.directory=\(directory)"] }
        words.append("upload-pack")
        return words.map(Command.shellQuoted).joined(separator: " ")
    }

    /// The spellings git may compare with `safe.directory` for a repository at `path`: the path as given and
    /// resolved, each with and without `/.git`.
    static func safeDirectoryVariants(_ path: String) -> [String] {
        var variants: [String] = []
        for base in [path, FileSystem.realPath(path)] {
            var trimmed = base
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            let top = trimmed.hasSuffix("/.git") ? String(trimmed.dropLast(5)) : trimmed
            for variant in [top, top + "/.git"] where !variants.contains(variant) { variants.append(variant) }
        }
        return variants
    }

    /// Runs `git <arguments>`, appending its command line and output to `log`.
    /// - Returns: the outcome (a failure is data).
    func run(_ arguments: [String], in directory: String? = nil, log: String) async throws -> CommandOutcome {
        let command = command(arguments, in: directory, output: .logFile(path: log))
        StepLog.append("$ \(command.commandLine)\n", to: log)
        let outcome = try await runner.run(command)
        StepLog.append("# \(outcome.termination) after \(StepLog.seconds(outcome.seconds))\n", to: log)
        return outcome
    }

    /// Runs `git <arguments>`, appending to `log`, and throws when it fails.
    /// - Throws: ``PerfFarmError`` (`command_failed`) with the last lines of the log.
    func runChecked(_ arguments: [String], in directory: String? = nil, log: String) async throws {
        let outcome = try await run(arguments, in: directory, log: log)
        guard outcome.succeeded else {
            throw Self.failure(command(arguments, in: directory, output: .discarded), outcome, log: log)
        }
    }

    /// Runs `git <arguments>` and returns its standard output without the final line break.
    /// - Parameters:
    ///   - arguments: the arguments after `git` and the trusted directories.
    ///   - directory: the working directory.
    ///   - limitBytes: the most output expected; longer output is an error, never silently cut.
    /// - Throws: ``PerfFarmError`` (`command_failed`) when git fails or writes more than `limitBytes`.
    func output(_ arguments: [String], in directory: String? = nil, limitBytes: Int = 1 << 20) async throws -> String {
        let command = command(arguments, in: directory, output: .captured(limitBytes: limitBytes))
        let outcome = try await runner.runChecked(command)
        guard !outcome.outputTruncated else {
            throw PerfFarmError(.commandFailed, "`\(command.commandLine)` wrote more than \(limitBytes) bytes")
        }
        var text = outcome.standardOutputText
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Runs `git <arguments>`, capturing its output, and returns how it ended (for commands whose exit status
    /// is an answer: `rev-parse --verify --quiet` exits 1 for an unknown ref, `merge-base --is-ancestor` 1 for
    /// "no").
    func outcome(_ arguments: [String], in directory: String? = nil) async throws -> CommandOutcome {
        try await runner.run(command(arguments, in: directory, output: .captured))
    }

    static func failure(_ command: Command, _ outcome: CommandOutcome, log: String) -> PerfFarmError {
        let tail = LogTail.lines(ofFile: log, count: 4).filter { !$0.hasPrefix("# ") && !$0.hasPrefix("$ ") }
        var message = "`\(command.commandLine)` failed with \(outcome.termination)"
        if outcome.timedOut { message += " (timed out)" }
        if !tail.isEmpty { message += ": " + tail.joined(separator: " / ") }
        return PerfFarmError(.commandFailed, message, path: log)
    }
}
