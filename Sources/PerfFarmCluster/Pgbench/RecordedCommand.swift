import Foundation
import PerfFarmCore
import PerfFarmProcess
import Synchronization

/// A command run with its complete output kept in two files (stdout, stderr) and a ``CommandRecord``; the
/// output read before an interruption is kept too.
struct RecordedCommand: Sendable {
    /// The record for the result.
    var record: CommandRecord
    /// Standard output.
    var standardOutput: String
    /// Standard error.
    var standardError: String
    /// How the command ended; `nil` when it was interrupted or could not start.
    var outcome: CommandOutcome?
    /// Whether the calling task was cancelled while the command ran (its process group was terminated).
    var interrupted: Bool
    /// Why the command could not start.
    var startError: (any Error)?

    /// The most lines kept per stream; a run that floods its output keeps the first ones and a note.
    static let maximumLines = 200_000

    /// Runs `command` with its output streamed line by line into memory (and to `onLine`), then writes
    /// `<directory>/stdout.txt` and `<directory>/stderr.txt`.
    /// - Parameters:
    ///   - command: the command (its output setting is replaced).
    ///   - runner: the runner.
    ///   - directory: where the two files go (created).
    ///   - relativeDirectory: `directory` relative to the result document, for the record.
    ///   - onLine: every line as it arrives.
    static func run(
        _ command: Command, runner: any CommandRunner, directory: String, relativeDirectory: String,
        onLine: @escaping @Sendable (OutputLine) -> Void = { _ in }
    ) async -> RecordedCommand {
        let sink = LineSink()
        var command = command
        command.output = .lines { line in
            sink.append(line)
            onLine(line)
        }
        let startedAt = Date()
        let clock = ContinuousClock()
        let begin = clock.now
        var outcome: CommandOutcome?
        var interrupted = false
        var startError: (any Error)?
        do {
            outcome = try await runner.run(command)
        } catch is CancellationError {
            interrupted = true
        } catch {
            startError = error
            interrupted = Task.isCancelled
        }
        let elapsed = clock.now - begin
        let (standardOutput, standardError) = sink.texts()
        try? FileSystem.createDirectory(directory)
        let stdoutFile = directory + "/stdout.txt"
        let stderrFile = directory + "/stderr.txt"
        var stderrText = standardError
        if let startError { stderrText += "perffarm: \(startError)\n" }
        try? Data(standardOutput.utf8).write(to: URL(fileURLWithPath: stdoutFile))
        try? Data(stderrText.utf8).write(to: URL(fileURLWithPath: stderrFile))
        let seconds = elapsed.inSeconds
        let record = CommandRecord(
            commandLine: command.commandLine, exitStatus: outcome?.exitStatus.map(Int.init),
            signal: outcome?.signal.map(Int.init), timedOut: outcome?.timedOut ?? false, startedAt: startedAt,
            finishedAt: Date(), durationSeconds: outcome?.seconds ?? seconds,
            stdoutFile: relativeDirectory + "/stdout.txt", stderrFile: relativeDirectory + "/stderr.txt")
        return RecordedCommand(
            record: record, standardOutput: standardOutput, standardError: standardError, outcome: outcome,
            interrupted: interrupted, startError: startError)
    }
}

/// The lines of both streams of a running command, from any thread.
private final class LineSink: Sendable {
    private struct Lines {
        var standardOutput: [String] = []
        var standardError: [String] = []
        var dropped = 0
    }

    private let lines = Mutex(Lines())

    func append(_ line: OutputLine) {
        lines.withLock { lines in
            switch line.stream {
            case .standardOutput where lines.standardOutput.count < RecordedCommand.maximumLines:
                lines.standardOutput.append(line.text)
            case .standardError where lines.standardError.count < RecordedCommand.maximumLines:
                lines.standardError.append(line.text)
            default:
                lines.dropped += 1
            }
        }
    }

    func texts() -> (String, String) {
        lines.withLock { lines in
            func text(_ lines: [String]) -> String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }
            var error = text(lines.standardError)
            if lines.dropped > 0 { error += "perffarm: \(lines.dropped) more lines were not kept\n" }
            return (text(lines.standardOutput), error)
        }
    }
}
