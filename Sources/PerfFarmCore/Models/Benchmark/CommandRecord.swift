public import Foundation

/// One external command as a result keeps it: the command line, how it ended, when, and where its output is.
public struct CommandRecord: Codable, Sendable, Equatable {
    /// The command line as a shell would show it.
    public var commandLine: String
    /// The exit status; `nil` when a signal ended the command (or it never started).
    @Nullable public var exitStatus: Int?
    /// The signal that ended the command, if any.
    @Nullable public var signal: Int?
    /// Whether the command was ended because it ran past its timeout.
    public var timedOut: Bool
    /// When it started.
    @Timestamp public var startedAt: Date
    /// When it ended.
    @Timestamp public var finishedAt: Date
    /// How long it ran, in seconds.
    public var durationSeconds: Double
    /// Its complete standard output, relative to the result document's directory.
    @Nullable public var stdoutFile: String?
    /// Its complete standard error, relative to the result document's directory.
    @Nullable public var stderrFile: String?

    /// Creates a record.
    public init(
        commandLine: String, exitStatus: Int?, signal: Int? = nil, timedOut: Bool = false, startedAt: Date,
        finishedAt: Date, durationSeconds: Double, stdoutFile: String? = nil, stderrFile: String? = nil
    ) {
        self.commandLine = commandLine
        self.exitStatus = exitStatus
        self.signal = signal
        self.timedOut = timedOut
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationSeconds = durationSeconds
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
    }

    enum CodingKeys: String, CodingKey {
        case commandLine = "command_line"
        case exitStatus = "exit_status"
        case signal
        case timedOut = "timed_out"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationSeconds = "duration_s"
        case stdoutFile = "stdout_file"
        case stderrFile = "stderr_file"
    }
}
