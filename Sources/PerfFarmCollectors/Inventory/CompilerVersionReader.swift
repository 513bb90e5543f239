public import PerfFarmCore
public import PerfFarmProcess

/// Runs `<compiler> --version` through a ``CommandRunner`` and parses the answer.
public struct CompilerVersionReader: Collector {
    /// The compiler command (`cc`, `gcc-13`, `/usr/bin/clang`).
    public var compiler: String
    /// How the command is run (the live runner of `PerfFarmBuild`, or a fake in tests).
    public var runner: any CommandRunner

    public var name: String { "compiler" }

    /// Creates a reader.
    /// - Parameters:
    ///   - compiler: the compiler used for the build; `cc` by default.
    ///   - runner: how to run it.
    public init(compiler: String = "cc", runner: any CommandRunner) {
        self.compiler = compiler
        self.runner = runner
    }

    /// Runs `<compiler> --version` (10 s at most).
    /// - Returns: what the compiler said, parsed.
    /// - Throws: ``PerfFarmError`` when the compiler cannot be run or fails.
    public func collect() async throws -> CompilerInfo {
        let outcome = try await runner.runChecked(
            Command(compiler, ["--version"], timeout: .seconds(10), output: .captured(limitBytes: 64 << 10)))
        let text = outcome.standardOutputText.isEmpty ? outcome.standardErrorText : outcome.standardOutputText
        return CompilerVersionParser.parse(text, command: compiler)
    }
}
