import ArgumentParser
import Logging

/// `-v/--verbose` and `-q/--quiet`, and the logger they make.
///
/// The libraries log at `.debug` and `.trace` only; what a person sees by default comes from progress events
/// and results, not from logs.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log every command run and every step (to standard error).")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print only the final summary and errors (no progress).")
    var quiet = false

    func validate() throws {
        if verbose && quiet { throw ValidationError("give --verbose or --quiet, not both") }
    }

    /// Whether progress lines are shown.
    var showsProgress: Bool { !quiet }

    /// The logger of a command: debug with `--verbose`, errors only otherwise, on standard error.
    func makeLogger() -> Logger {
        var logger = Logger(label: "perffarm") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .error
        return logger
    }
}
