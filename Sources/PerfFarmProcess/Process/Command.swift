public import PerfFarmCore

/// One external command to run: what to execute, where, for how long, as whom, and where its output goes.
///
/// A value with no behaviour of its own: a ``CommandRunner`` runs it. The live runner lives in
/// `PerfFarmBuild`; tests use a scripted fake from `PerfFarmTestSupport`.
public struct Command: Sendable, CustomStringConvertible {
    /// Where the standard output and standard error of a command go.
    public enum Output: Sendable {
        /// Both streams are kept in memory, separately, up to `limitBytes` each; bytes past the limit are
        /// read and dropped (the process is never blocked or killed for writing too much), and
        /// ``CommandOutcome/outputTruncated`` says so.
        case captured(limitBytes: Int)
        /// Both streams are appended, interleaved as written, to the file at `path` (created when missing).
        /// Children of the command (make's compilers) write to the same file.
        case logFile(path: String)
        /// Each line of either stream is handed to `handler` as it arrives, without its line break; a last
        /// line without a line break is handed over when the stream ends. Nothing is kept.
        case lines(@Sendable (OutputLine) -> Void)
        /// Both streams are thrown away.
        case discarded

        /// The default: 1 MiB per stream, enough for `--version` output and error messages.
        public static let captured = Output.captured(limitBytes: 1 << 20)
    }

    /// The program: a name looked up in `PATH`, or a path when it contains a `/`.
    public var executable: String
    /// The arguments after the program name.
    public var arguments: [String]
    /// Variables to set (a value) or remove (`nil`) on top of the environment of the current process.
    public var environment: [String: String?]
    /// The directory to run in; the current directory when `nil`.
    public var workingDirectory: String?
    /// How long the command may run before its whole process group is terminated; no limit when `nil`.
    public var timeout: Duration?
    /// Where the output goes.
    public var output: Output
    /// The OS user to run the command as (its uid, primary gid and supplementary groups); the current
    /// user when `nil`. Needs root unless it names the current user.
    public var user: String?

    /// Creates a command.
    /// - Parameters:
    ///   - executable: a program name looked up in `PATH`, or a path.
    ///   - arguments: the arguments after the program name.
    ///   - environment: variables to set or (with `nil`) remove.
    ///   - workingDirectory: the directory to run in.
    ///   - timeout: the longest the command may run.
    ///   - output: where standard output and standard error go.
    ///   - user: the OS user to run as.
    public init(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String?] = [:],
        workingDirectory: String? = nil,
        timeout: Duration? = nil,
        output: Output = .captured,
        user: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.output = output
        self.user = user
    }

    /// The program followed by its arguments.
    public var argv: [String] { [executable] + arguments }

    /// The command line as a shell would show it, arguments quoted where needed (for logs and errors).
    public var commandLine: String { argv.map(Command.shellQuoted).joined(separator: " ") }

    public var description: String { commandLine }

    /// `word` quoted for a POSIX shell when it holds anything but letters, digits and `-_./=:,+@%`.
    public static func shellQuoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", "=", ":", ",", "+", "@", "%": true
                default: false
                }
            }
        if plain { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }
}

/// One line of a command's output, for ``Command/Output/lines(_:)``.
public struct OutputLine: Sendable, Equatable {
    /// Which stream the line came from.
    public enum Stream: String, Sendable, Equatable {
        case standardOutput = "stdout"
        case standardError = "stderr"
    }

    /// The stream.
    public var stream: Stream
    /// The text of the line, without its line break (invalid UTF-8 repaired).
    public var text: String

    /// Creates a line.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}
