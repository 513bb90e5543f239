import Foundation
public import PerfFarmCore
public import PerfFarmProcess
import Synchronization

/// A ``CommandRunner`` that runs nothing: it answers each command from a script and records every command,
/// for unit tests of argument vectors and failure paths.
///
/// Rules are tried newest first; a command no rule matches gets ``defaultOutcome``. With
/// ``Command/Output/logFile(path:)`` the scripted output is appended to the log file, with
/// ``Command/Output/lines(_:)`` it is handed over line by line, and with ``Command/Output/captured(limitBytes:)``
/// it is returned (cut at the limit), as the live runner would.
///
/// ```swift
/// let runner = ScriptedCommandRunner()
/// runner.on(["make", "-j2"], .exit(2, standardError: "gram.c:12: error: expected ';'\n"))
/// runner.on { $0.executable == "git" && $0.arguments.contains("fetch") } respond: { _ in throw CancellationError() }
/// ```
public final class ScriptedCommandRunner: CommandRunner {
    /// One scripted answer.
    public struct Rule: Sendable {
        /// Whether the rule answers `command`.
        public var matches: @Sendable (Command) -> Bool
        /// The answer (or a thrown error, as for a command that cannot start).
        public var respond: @Sendable (Command) throws -> CommandOutcome
    }

    private struct State {
        var rules: [Rule] = []
        var commands: [Command] = []
    }

    private let state = Mutex(State())
    /// The answer when no rule matches: exit status 0, no output.
    public let defaultOutcome: CommandOutcome

    /// Creates a runner that answers `defaultOutcome` until rules are added.
    public init(defaultOutcome: CommandOutcome = .exit(0)) {
        self.defaultOutcome = defaultOutcome
    }

    /// Adds a rule for the commands whose argument vector (program name, then arguments) contains
    /// `words` as consecutive elements; the program name matches on its last path component.
    /// - Parameters:
    ///   - words: consecutive words of the argument vector, e.g. `["git", "fetch"]` or `["make", "install"]`.
    ///   - outcome: the answer.
    public func on(_ words: [String], _ outcome: CommandOutcome) {
        on({ Self.argv(of: $0).containsConsecutive(words) }, respond: { _ in outcome })
    }

    /// Adds a rule answering the commands whose argument vector contains `words` consecutively with `respond`
    /// (which may throw, as for a command that cannot start or a cancelled task).
    public func on(_ words: [String], respond: @escaping @Sendable (Command) throws -> CommandOutcome) {
        on({ Self.argv(of: $0).containsConsecutive(words) }, respond: respond)
    }

    /// Adds a rule answering the commands `matches` accepts with `respond`.
    public func on(
        _ matches: @escaping @Sendable (Command) -> Bool,
        respond: @escaping @Sendable (Command) throws -> CommandOutcome
    ) {
        state.withLock { $0.rules.append(Rule(matches: matches, respond: respond)) }
    }

    /// Every command run so far, in order.
    public var commands: [Command] { state.withLock { $0.commands } }

    /// The argument vectors of every command run so far (program name as its last path component).
    public var argvs: [[String]] { commands.map(Self.argv(of:)) }

    /// The commands run so far whose argument vector contains `words` consecutively.
    public func commands(containing words: [String]) -> [Command] {
        commands.filter { Self.argv(of: $0).containsConsecutive(words) }
    }

    public func run(_ command: Command) async throws -> CommandOutcome {
        try Task.checkCancellation()
        let rule = state.withLock { state -> Rule? in
            state.commands.append(command)
            return state.rules.last(where: { $0.matches(command) })
        }
        let outcome = try rule?.respond(command) ?? defaultOutcome
        switch command.output {
        case .captured(let limit):
            var result = outcome
            result.standardOutput = Array(outcome.standardOutput.prefix(limit))
            result.standardError = Array(outcome.standardError.prefix(limit))
            result.outputTruncated =
                outcome.standardOutput.count > limit || outcome.standardError.count > limit || outcome.outputTruncated
            return result
        case .logFile(let path):
            let bytes = outcome.standardOutput + outcome.standardError
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            if let handle = FileHandle(forWritingAtPath: path) {
                _ = try? handle.seekToEnd()
                try? handle.write(contentsOf: Data(bytes))
                try? handle.close()
            }
        case .lines(let handler):
            for (stream, bytes) in [
                (OutputLine.Stream.standardOutput, outcome.standardOutput), (.standardError, outcome.standardError),
            ] {
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                    handler(OutputLine(stream: stream, text: String(line)))
                }
            }
        case .discarded:
            break
        }
        var result = outcome
        result.standardOutput = []
        result.standardError = []
        return result
    }

    /// The program's last path component followed by the arguments.
    public static func argv(of command: Command) -> [String] {
        [String(command.executable.split(separator: "/").last ?? "")] + command.arguments
    }
}

extension CommandOutcome {
    /// An outcome that exited with `status`, with the given output.
    public static func exit(_ status: Int32, standardOutput: String = "", standardError: String = "") -> CommandOutcome
    {
        CommandOutcome(
            termination: .exited(status), duration: .milliseconds(1), standardOutput: Array(standardOutput.utf8),
            standardError: Array(standardError.utf8))
    }
}

extension Array where Element == String {
    /// Whether `words` appear in this array as consecutive elements.
    func containsConsecutive(_ words: [String]) -> Bool {
        guard !words.isEmpty else { return true }
        guard words.count <= count else { return false }
        return (0...(count - words.count)).contains { start in Array(self[start..<(start + words.count)]) == words }
    }
}
