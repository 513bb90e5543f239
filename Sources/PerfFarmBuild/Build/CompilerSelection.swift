import Foundation
import PerfFarmCore
import PerfFarmProcess

/// The C compiler of a build: the one asked for (`CC=` among the configure options, else `$CC`), else
/// `gcc` when installed, else `cc`, with its `--version` line; and ccache in front when asked for and installed.
struct CompilerSelection: Sendable, Equatable {
    /// The compiler command without ccache (`gcc`, `clang -m64`).
    var command: String
    /// The first line of `<command> --version`.
    var versionLine: String
    /// The compiler as recorded in a result: family, version and target parsed from its `--version` output.
    var info: CompilerInfo
    /// Whether ccache is put in front of it.
    var ccache: Bool
    /// Whether the user's configure options already set `CC=` to ``command``.
    var setByConfigureOption: Bool

    /// The `CC=` argument perffarm adds to configure, or `nil` when the user's option stands as it is.
    var configureArgument: String? {
        if ccache { return "CC=ccache \(command)" }
        return setByConfigureOption ? nil : "CC=\(command)"
    }

    /// Chooses the compiler for `configureOptions` and runs its `--version`.
    /// - Throws: ``PerfFarmError`` (`command_not_started`, `command_failed`) when the compiler does not run.
    static func choose(
        configureOptions: [String], useCcache: Bool, environment: [String: String], runner: any CommandRunner,
        workArea: WorkArea
    ) async throws -> CompilerSelection {
        let fromOption = configureOptions.last(where: { $0.hasPrefix("CC=") }).map { String($0.dropFirst(3)) }
        let fromEnvironment = environment["CC"].flatMap { $0.isEmpty ? nil : $0 }
        let command =
            fromOption ?? fromEnvironment
            ?? (ExecutableLookup.find("gcc", environment: environment) != nil ? "gcc" : "cc")
        let words = command.split(separator: " ").map(String.init)
        guard let program = words.first else {
            throw PerfFarmError(.invalidConfiguration, "the C compiler is empty", key: "CC")
        }
        let outcome = try await runner.runChecked(
            Command(
                program, Array(words.dropFirst()) + ["--version"], environment: ["TMPDIR": workArea.tmp],
                timeout: .seconds(60), output: .captured(limitBytes: 64 << 10)))
        let text = outcome.standardOutputText.isEmpty ? outcome.standardErrorText : outcome.standardOutputText
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let ccache = useCcache && ExecutableLookup.find("ccache", environment: environment) != nil
        return CompilerSelection(
            command: command, versionLine: line, info: CompilerVersionParser.parse(text, command: command),
            ccache: ccache, setByConfigureOption: fromOption != nil)
    }
}

/// Finds programs in `PATH`.
enum ExecutableLookup {
    /// The path of the executable `name` in `environment["PATH"]`, or `nil`.
    static func find(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
