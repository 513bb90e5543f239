public import PerfFarmCore

/// How a command ended: exit status or signal, how long it ran, and its captured output.
///
/// A non-zero exit is data, not an error: the caller decides (``CommandRunner/runChecked(_:)`` throws for it).
public struct CommandOutcome: Sendable, Equatable {
    /// How the process ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it (a timeout or a cancellation sends SIGTERM, then SIGKILL).
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signaled(let signal): "signal \(signal)"
            }
        }
    }

    /// How the process ended.
    public var termination: Termination
    /// How long it ran, from start to end (wall-clock).
    public var duration: Duration
    /// Whether the runner ended it because its ``Command/timeout`` passed.
    public var timedOut: Bool
    /// Standard output, with ``Command/Output/captured(limitBytes:)``; empty otherwise.
    public var standardOutput: [UInt8]
    /// Standard error, with ``Command/Output/captured(limitBytes:)``; empty otherwise.
    public var standardError: [UInt8]
    /// Whether a captured stream was longer than the limit (the rest was dropped).
    public var outputTruncated: Bool

    /// Creates an outcome.
    public init(
        termination: Termination,
        duration: Duration = .zero,
        timedOut: Bool = false,
        standardOutput: [UInt8] = [],
        standardError: [UInt8] = [],
        outputTruncated: Bool = false
    ) {
        self.termination = termination
        self.duration = duration
        self.timedOut = timedOut
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.outputTruncated = outputTruncated
    }

    /// Whether the command exited with status 0 (and did not time out).
    public var succeeded: Bool { termination == .exited(0) && !timedOut }

    /// The exit status, or `nil` when a signal ended the process.
    public var exitStatus: Int32? {
        if case .exited(let status) = termination { return status }
        return nil
    }

    /// The signal that ended the process, or `nil` when it exited.
    public var signal: Int32? {
        if case .signaled(let signal) = termination { return signal }
        return nil
    }

    /// Standard output as text (invalid UTF-8 repaired).
    public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }

    /// Standard error as text (invalid UTF-8 repaired).
    public var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }

    /// `duration` in seconds.
    public var seconds: Double { duration.inSeconds }
}
