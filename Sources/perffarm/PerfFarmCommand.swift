import ArgumentParser
import Foundation

/// The `perffarm` command: subcommands compose the PerfFarm libraries; no logic of their own.
@main
struct PerfFarmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perffarm",
        abstract: "Benchmark PostgreSQL the way a performance farm does.",
        discussion: """
            perffarm builds PostgreSQL branches, benchmarks them with pgbench in an isolated cluster, collects \
            machine and server statistics, and writes one typed JSON result per branch.

            Exit codes: 0 success; 1 the work ran and something failed; 2 usage or configuration error; \
            3 input not recognised (parse); 130/143 interrupted.

            Examples:
              perffarm parse --json run.stdout run.stderr
              perffarm parse pgbench_log.12345.gz
              perffarm build --repo ~/src/postgresql --branch REL_17_STABLE
              perffarm upload --flush
            """,
        version: PerfFarmVersion.current,
        subcommands: [
            RunCommand.self, BranchesCommand.self, ConfigCommand.self, UploadCommand.self, MachineCommand.self,
            ParseCommand.self, BuildCommand.self, BenchCommand.self, CollectCommand.self,
            CleanCommand.self, CompareCommand.self, HistoryCommand.self,
            ReportCommand.self, ImportCommand.self, ABCommand.self, BisectCommand.self,
        ]
    )

    /// Runs the command, with perffarm's exit codes: usage errors exit 2 (argument-parser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// The version of this perffarm.
enum PerfFarmVersion {
    static let current = "0.1.0"
}
