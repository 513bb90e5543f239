import ArgumentParser
import Foundation
import Logging
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmProcess

/// `perffarm collect`: the collectors alone — machine inventory, a server's settings and statistics, a
/// sampled series, the preflight checks.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect the machine inventory, a PostgreSQL server's statistics, or a sampled time series.",
        discussion: """
            --system prints the machine inventory (OS, CPU, memory, kernel settings, the compiler, and with \
            --data-dir the storage under the data directory) and the environment fingerprint. --postgres \
            connects with a libpq connection string and prints the server's version, its settings (normalised, \
            non-default ones singled out) and a snapshot of every statistics view it has. --sample N samples \
            CPU, load, memory and context switches every --interval seconds for N seconds (with \
            --data-dir, also the disk of the data directory and the CPU of the postgres processes whose \
            postmaster.pid is there; with --collectd, through a private collectd instead). --preflight runs the \
            benchmark preflight checks; --strict makes a failed check exit 1. Without a section flag, --system \
            is assumed. The connection string is never printed (its password never appears in an error).

            Examples:
              perffarm collect --system --json
              perffarm collect --json \\
                --postgres "host=/tmp port=5433 dbname=postgres"
              perffarm collect --sample 10 --interval 1 --data-dir /srv/pgdata --json
              perffarm collect --preflight --strict --data-dir /srv/pgdata
            """
    )

    @Flag(help: "Print the machine inventory and the environment fingerprint.")
    var system = false

    @Option(
        name: .customLong("postgres"),
        help: ArgumentHelp("A libpq connection string or URI of the server to read.", valueName: "conninfo"))
    var conninfo: String?

    @Option(help: ArgumentHelp("Sample the system for this many seconds.", valueName: "seconds"))
    var sample: Double?

    @Option(
        help: ArgumentHelp(
            "The sampling interval in seconds (default: \(CollectionRequest.defaultInterval.inSeconds)).",
            valueName: "seconds"))
    var interval: Double = CollectionRequest.defaultInterval.inSeconds

    @Flag(help: "Sample through a private collectd (collectd-core) instead of the built-in sampler.")
    var collectd = false

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("The cluster's data directory: its storage, disk and postmaster.", valueName: "dir"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("The compiler whose --version is recorded with --system.", valueName: "command"))
    var compiler = CollectionRequest.defaultCompiler

    @Flag(name: .customLong("all-kernel-settings"), help: "Record every readable file under /proc/sys.")
    var allKernelSettings = false

    @Option(help: ArgumentHelp("How many pg_stat_statements entries to keep.", valueName: "n"))
    var statements = CollectionRequest.defaultStatementLimit

    @Flag(help: "Run the preflight checks.")
    var preflight = false

    @Flag(help: "Exit 1 when a preflight check fails (implies --preflight).")
    var strict = false

    @OptionGroup(title: "Output")
    var format: OutputFormatOptions

    @OptionGroup(title: "Output")
    var logging: LoggingOptions

    /// Whether the report is printed as JSON.
    var json: Bool { format.json }

    func validate() throws {
        do {
            try MachineCollection.validate(try request())
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
    }

    /// The request these options describe.
    func request() throws -> CollectionRequest {
        func duration(_ seconds: Double, _ option: String) throws -> Duration {
            guard seconds.isFinite, seconds > 0 else { throw ValidationError("\(option) must be positive") }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        return CollectionRequest(
            system: system, conninfo: conninfo, statementLimit: statements,
            sampleDuration: try sample.map { try duration($0, "--sample") },
            interval: try duration(interval, "--interval"), useCollectd: collectd, dataDirectory: dataDirectory,
            compiler: compiler, allKernelSettings: allKernelSettings, preflight: preflight, strict: strict)
    }

    func run() async throws {
        let logger = logging.makeLogger()
        let collection = MachineCollection(runner: LiveCommandRunner(logger: logger), logger: logger)
        let request = try self.request()
        let report = try await CommandFailure.run { try await collection.collect(request) }
        if json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(report))
        } else {
            print(CollectSummary.render(report))
        }
        if strict, let preflight = report.preflight, !preflight.passed { throw ExitCode(1) }
    }

    /// Does what the flags ask (the library's collection, for tests).
    func collect(logger: Logger = Logger(label: "perffarm")) async throws -> CollectionReport {
        try await MachineCollection(runner: LiveCommandRunner(logger: logger), logger: logger).collect(try request())
    }
}
