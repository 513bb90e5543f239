public import Foundation

/// One timed step of a build (`fetch`, `checkout`, `patch`, `configure`, `build`, `install`, `contrib`):
/// when it started, how long it took, how it ended and where its log is.
public struct BuildStep: Codable, Sendable, Equatable {
    /// The name of a step: an open set, as a string in JSON.
    public struct Name: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue }

        // Hand-written so that a name is a bare string in JSON, not an object with a `rawValue` key.

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(rawValue)
        }

        public var description: String { rawValue }

        /// `git clone --mirror` or `git fetch --prune` of the mirror.
        public static let fetch = Name(rawValue: "fetch")
        /// Creating or updating the branch's working tree and checking the commit out.
        public static let checkout = Name(rawValue: "checkout")
        /// `git apply` of the patches.
        public static let patch = Name(rawValue: "patch")
        /// `configure`.
        public static let configure = Name(rawValue: "configure")
        /// `make -jN`.
        public static let build = Name(rawValue: "build")
        /// `make install`.
        public static let install = Name(rawValue: "install")
        /// `make -C contrib/pg_stat_statements install`.
        public static let contrib = Name(rawValue: "contrib")
    }

    /// Which step.
    public var name: Name
    /// The command line(s) run, as a shell would show them (several joined with ` && `).
    public var command: String
    /// When the step started.
    @Timestamp public var startedAt: Date
    /// How long it took, in seconds.
    public var durationSeconds: Double
    /// Whether it succeeded.
    public var succeeded: Bool
    /// The exit status of the command that ended the step; `nil` when a signal ended it.
    @Nullable public var exitStatus: Int?
    /// The signal that ended the command, if any.
    @Nullable public var signal: Int?
    /// Whether the command was ended because it ran past its timeout.
    public var timedOut: Bool
    /// The log file of the step (standard output and standard error).
    @Nullable public var logFile: String?

    /// Creates a step record.
    public init(
        name: Name, command: String, startedAt: Date, durationSeconds: Double, succeeded: Bool,
        exitStatus: Int?, signal: Int? = nil, timedOut: Bool = false, logFile: String?
    ) {
        self.name = name
        self.command = command
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.succeeded = succeeded
        self.exitStatus = exitStatus
        self.signal = signal
        self.timedOut = timedOut
        self.logFile = logFile
    }

    enum CodingKeys: String, CodingKey {
        case name, command
        case startedAt = "started_at"
        case durationSeconds = "duration_s"
        case succeeded
        case exitStatus = "exit_status"
        case signal
        case timedOut = "timed_out"
        case logFile = "log_file"
    }
}
