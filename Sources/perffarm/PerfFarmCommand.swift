import ArgumentParser

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
            """,
        version: PerfFarmVersion.current,
        subcommands: [ParseCommand.self]
    )
}

/// The version of this perffarm.
enum PerfFarmVersion {
    static let current = "0.1.0"
}
