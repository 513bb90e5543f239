import ArgumentParser
import Foundation
import PerfFarmCore

/// The one mapping from an error to what a person sees and to perffarm's exit code: 2 for a usage or
/// configuration error (`invalid_configuration`), 1 for work that ran and failed, 128 + signal when interrupted.
enum CommandFailure {
    /// The exit code of `error`.
    static func exitCode(for error: PerfFarmError) -> Int32 {
        error.code == .invalidConfiguration ? 2 : 1
    }

    /// Runs `operation` with SIGINT and SIGTERM turned into cancellation; a ``PerfFarmError`` is printed as one
    /// line (`perffarm: <error>`) and exits with its code.
    /// - Parameters:
    ///   - cleanUp: called before the error line is printed (to end a progress line).
    ///   - operation: the command's work.
    static func run<T: Sendable>(
        cleanUp: @Sendable () -> Void = {}, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        do {
            return try await InterruptHandling.run(operation)
        } catch let error as PerfFarmError {
            cleanUp()
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(exitCode(for: error))
        }
    }
}
