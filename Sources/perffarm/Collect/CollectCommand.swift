import ArgumentParser
import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmPostgres
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
              perffarm collect --postgres "host=/tmp port=5433 dbname=postgres" --json
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

    @Option(help: "The sampling interval in seconds.")
    var interval: Double = 1

    @Flag(help: "Sample through a private collectd (collectd-core) instead of the built-in sampler.")
    var collectd = false

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("The cluster's data directory: its storage, disk and postmaster.", valueName: "dir"))
    var dataDirectory: String?

    @Option(help: "The compiler whose --version is recorded with --system.")
    var compiler = "cc"

    @Flag(name: .customLong("all-kernel-settings"), help: "Record every readable file under /proc/sys.")
    var allKernelSettings = false

    @Option(help: "How many pg_stat_statements entries to keep.")
    var statements = 20

    @Flag(help: "Run the preflight checks.")
    var preflight = false

    @Flag(help: "Exit 1 when a preflight check fails (implies --preflight).")
    var strict = false

    @Flag(help: "Print JSON instead of a summary.")
    var json = false

    @Flag(name: .shortAndLong, help: "Log what is done on standard error.")
    var verbose = false

    func validate() throws {
        if let sample, sample <= 0 { throw ValidationError("--sample must be a positive number of seconds") }
        if interval <= 0 { throw ValidationError("--interval must be positive") }
        if let sample, sample < interval { throw ValidationError("--sample must be at least one --interval") }
        if collectd && sample == nil { throw ValidationError("--collectd needs --sample") }
        if statements < 1 { throw ValidationError("--statements must be at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "perffarm") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        let options = self
        let report: CollectReport
        do {
            report = try await InterruptHandling.run { [logger] in try await options.collect(logger: logger) }
        } catch let error as PerfFarmError {
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(error.code == .invalidConfiguration ? 2 : 1)
        }
        if json {
            FileHandle.standardOutput.write(try report.json())
        } else {
            print(report.text())
        }
        if strict, let preflight = report.preflight, !preflight.passed { throw ExitCode(1) }
    }

    /// Does what the flags ask, in the order inventory, server, preflight, series.
    func collect(logger: Logger = Logger(label: "perffarm")) async throws -> CollectReport {
        let wantsSystem = system || (conninfo == nil && sample == nil && !preflight && !strict)
        let runner = LiveCommandRunner(logger: logger)
        var report = CollectReport(collectedAt: Date())
        let postmasterPID = dataDirectory.flatMap(Self.postmasterPID(dataDirectory:))
        if wantsSystem {
            let reader = MachineInventoryReader(
                dataDirectory: dataDirectory, allKernelSettings: allKernelSettings,
                compiler: CompilerVersionReader(compiler: compiler, runner: runner))
            var inventory: MachineInventory
            do {
                inventory = try await reader.collect()
            } catch let error as PerfFarmError where error.code.rawValue.hasPrefix("command") {
                logger.warning("compiler version not recorded: \(error)")
                var withoutCompiler = reader
                withoutCompiler.compiler = nil
                inventory = try await withoutCompiler.collect()
            }
            report.system = inventory
        }
        if let conninfo {
            let connection = try PostgresConnection(conninfo: conninfo, logger: logger)
            let collector = PostgresCollector(connection: connection, statementLimit: statements)
            let server = try await collector.serverInfo()
            let statistics = try await collector.snapshot()
            await connection.close()
            report.postgres = CollectReport.Postgres(
                connection: connection.target, server: server, statistics: statistics)
        }
        if let inventory = report.system {
            report.fingerprint = EnvironmentFingerprinter.fingerprint(
                inventory: inventory, server: report.postgres?.server)
        }
        if preflight || strict {
            report.preflight = PreflightChecker(dataDirectory: dataDirectory, ownPostmasterPID: postmasterPID)
                .check(strict: strict)
        }
        if let sample {
            let device = dataDirectory.flatMap { StorageReader().describe(path: $0).device }
            let count = max(1, Int((sample / interval).rounded()))
            let duration = Duration.milliseconds(Int64((interval * 1000).rounded()))
            if collectd {
                guard let executable = CollectdSampler.locate() else {
                    throw PerfFarmError(.commandFailed, "collectd is not installed (apt-get install collectd-core)")
                }
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "perffarm-collectd-\(getpid())"
                ).path
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let sampler = CollectdSampler(
                    executable: executable,
                    configuration: CollectdConfiguration(
                        directory: directory, intervalSeconds: interval, device: device),
                    runner: runner)
                report.series = try await sampler.sample {
                    try await Task.sleep(for: duration * count + .milliseconds(300))
                }.series
            } else {
                let sampler = SystemSampler(
                    reader: SystemCountersReader(device: device, postmasterPID: postmasterPID), interval: duration)
                report.series = try await sampler.sample(count: count)
            }
        }
        return report
    }

    /// The postmaster PID from the first line of `postmaster.pid`, when the file is there.
    static func postmasterPID(dataDirectory: String) -> Int? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else {
            return nil
        }
        return text.split(separator: "\n").first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
