/// The error thrown by PerfFarmCore and the modules built on it.
///
/// One public struct per module with an open ``Code`` and typed context, as postgres-nio's `PSQLError`
/// does: callers switch on ``code``, and ``description`` is one human sentence that names the file,
/// line or key involved. A description never contains a password, a connection string or a secret.
public struct PerfFarmError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as an open set of codes (new codes are not a breaking change).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable identifier of the code, e.g. `binary_input`.
        public let rawValue: String

        /// Creates a code; modules built on PerfFarmCore may define their own.
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The input contains bytes that pgbench never writes (NUL or control characters).
        public static let binaryInput = Code("binary_input")
        /// The input ends in the middle of a record (a cut log line, a cut gzip stream).
        public static let truncatedInput = Code("truncated_input")
        /// The input holds the output of more than one run where one is expected.
        public static let multipleRuns = Code("multiple_runs")
        /// The input contains nothing this parser recognises.
        public static let unrecognizedInput = Code("unrecognized_input")
        /// The input is larger than the parser accepts for its kind.
        public static let inputTooLarge = Code("input_too_large")
        /// A compressed stream is corrupt.
        public static let corruptCompressedInput = Code("corrupt_compressed_input")
        /// A file could not be opened, read or written.
        public static let fileAccess = Code("file_access")
        /// A configuration value or option is invalid.
        public static let invalidConfiguration = Code("invalid_configuration")
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence without the location (the location is added by ``description``).
    public var message: String
    /// The file concerned, when there is one.
    public var path: String?
    /// The 1-based line number in the input, when the error is tied to a line.
    public var lineNumber: Int?
    /// The configuration key or option concerned, when there is one.
    public var key: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: what went wrong.
    ///   - message: a sentence describing it, without location.
    ///   - path: the file concerned.
    ///   - lineNumber: the 1-based line number in the input.
    ///   - key: the configuration key or option concerned.
    public init(_ code: Code, _ message: String, path: String? = nil, lineNumber: Int? = nil, key: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.lineNumber = lineNumber
        self.key = key
    }

    /// A copy of this error that names `path` (kept when the error already names a file).
    public func at(path: String) -> PerfFarmError {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }

    /// One line: `path:line: message` (or `key: message`), in the style of compilers and pgbench.
    public var description: String {
        var location = ""
        if let path { location += path }
        if let lineNumber { location += location.isEmpty ? "line \(lineNumber)" : ":\(lineNumber)" }
        if let key { location += location.isEmpty ? key : " (\(key))" }
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
