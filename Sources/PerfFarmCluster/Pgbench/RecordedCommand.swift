import Foundation
import PerfFarmCore
import PerfFarmProcess
import Synchronization

/// A command run with its complete output written, line by line as it arrives, to two files (`stdout.txt`,
/// `stderr.txt`) and handed to the caller's parser; the output read before an interruption is kept too.
///
/// The runner splits the output into lines once; the files get each line and a `\n`, the caller's `onLine`
/// gets the same line (to parse it, or to report progress).
struct RecordedCommand: Sendable {
    /// The record for the result.
    var record: CommandRecord
    /// How the command ended; `nil` when it was interrupted or could not start.
    var outcome: CommandOutcome?
    /// Whether the calling task was cancelled while the command ran (its process group was terminated).
    var interrupted: Bool
    /// Why the command could not start.
    var startError: (any Error)?
    /// Why its output could not be written completely (a full disk): each file's first error.
    var writeErrors: [String]

    /// Runs `command` with its output streamed line by line into `<directory>/stdout.txt` and
    /// `<directory>/stderr.txt` and to `onLine`.
    /// - Parameters:
    ///   - command: the command (its output setting is replaced).
    ///   - runner: the runner.
    ///   - directory: where the two files go (created).
    ///   - relativeDirectory: `directory` relative to the result document, for the record.
    ///   - onLine: every line as it arrives, from either stream's reader.
    static func run(
        _ command: Command, runner: any CommandRunner, directory: String, relativeDirectory: String,
        onLine: @escaping @Sendable (OutputLine) -> Void = { _ in }
    ) async -> RecordedCommand {
        let files = OutputFiles(directory: directory)
        var command = command
        command.output = .lines { line in
            files.write(line)
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
        if let startError { files.write(OutputLine(stream: .standardError, text: "perffarm: \(startError)")) }
        let writeErrors = files.close()
        let elapsed = clock.now - begin
        let record = CommandRecord(
            commandLine: command.commandLine, exitStatus: outcome?.exitStatus.map(Int.init),
            signal: outcome?.signal.map(Int.init), timedOut: outcome?.timedOut ?? false, startedAt: startedAt,
            finishedAt: Date(), durationSeconds: outcome?.seconds ?? elapsed.inSeconds,
            stdoutFile: relativeDirectory + "/" + OutputFiles.standardOutputName,
            stderrFile: relativeDirectory + "/" + OutputFiles.standardErrorName)
        return RecordedCommand(
            record: record, outcome: outcome, interrupted: interrupted, startError: startError,
            writeErrors: writeErrors)
    }
}

/// The two output files of a recorded command, written from both streams' readers.
private final class OutputFiles: Sendable {
    static let standardOutputName = "stdout.txt"
    static let standardErrorName = "stderr.txt"

    private struct File {
        var handle: FileHandle?
        var path: String
        var error: String?
    }

    private let files: Mutex<[OutputLine.Stream: File]>

    init(directory: String) {
        var files: [OutputLine.Stream: File] = [:]
        var directoryError: String?
        do {
            try FileSystem.createDirectory(directory)
        } catch {
            directoryError = "\(error)"
        }
        for (stream, name) in [
            (OutputLine.Stream.standardOutput, Self.standardOutputName), (.standardError, Self.standardErrorName),
        ] {
            let path = directory + "/" + name
            var file = File(handle: nil, path: path, error: directoryError)
            if directoryError == nil {
                if FileManager.default.createFile(atPath: path, contents: nil),
                    let handle = FileHandle(forWritingAtPath: path)
                {
                    file.handle = handle
                } else {
                    file.error = "\(path): cannot create the file"
                }
            }
            files[stream] = file
        }
        self.files = Mutex(files)
    }

    func write(_ line: OutputLine) {
        files.withLock { files in
            guard var file = files[line.stream], file.error == nil, let handle = file.handle else { return }
            do {
                try handle.write(contentsOf: Data((line.text + "\n").utf8))
            } catch {
                file.error = "\(file.path): \(error.localizedDescription)"
                files[line.stream] = file
            }
        }
    }

    /// Flushes and closes both files.
    /// - Returns: each file's first error, if any.
    func close() -> [String] {
        files.withLock { files in
            var errors: [String] = []
            for stream in [OutputLine.Stream.standardOutput, .standardError] {
                guard var file = files[stream] else { continue }
                if let handle = file.handle {
                    do {
                        try handle.synchronize()
                        try handle.close()
                    } catch {
                        file.error = file.error ?? "\(file.path): \(error.localizedDescription)"
                    }
                }
                if let error = file.error { errors.append("cannot write the output: \(error)") }
                file.handle = nil
                files[stream] = file
            }
            return errors
        }
    }
}
