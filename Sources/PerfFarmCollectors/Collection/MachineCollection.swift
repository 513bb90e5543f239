import Foundation
public import Logging
public import PerfFarmCore
public import PerfFarmPostgres
public import PerfFarmProcess

/// Collects what a ``CollectionRequest`` asks for — inventory and fingerprint, a server's settings and
/// statistics, the preflight checks, a sampled series — into one ``CollectionReport``: the library behind
/// `perffarm collect`, for any tool that wants the same document.
///
/// ```swift
/// let collection = MachineCollection(runner: LiveCommandRunner(logger: logger), logger: logger)
/// let report = try await collection.collect(CollectionRequest(system: true, sampleDuration: .seconds(3)))
/// print(report.system?.cpu.model ?? "?", report.series?.samples.count ?? 0)
/// ```
///
/// A compiler that does not answer `--version` is not an error: the inventory is taken without it and the
/// report says why in its notes.
public struct MachineCollection: Sendable {
    /// How the compiler's `--version` and collectd run.
    public let runner: any CommandRunner
    /// How the server's session is opened.
    public let connector: any PostgresConnector
    /// Where the collection logs (debug).
    public let logger: Logger
    /// The root of `/proc`, `/sys` and `/etc` (tests point it at captured files).
    public let root: String

    /// Creates a collection.
    /// - Parameters:
    ///   - runner: how commands run (``LiveCommandRunner``).
    ///   - connector: how the server's session is opened; libpq when `nil`.
    ///   - logger: where the collection logs (debug).
    ///   - root: the root of `/proc`, `/sys` and `/etc`.
    public init(
        runner: any CommandRunner, connector: (any PostgresConnector)? = nil, logger: Logger, root: String = "/"
    ) {
        self.runner = runner
        self.connector = connector ?? LibPQConnector(logger: logger)
        self.logger = logger
        self.root = root
    }

    /// Collects, in the order inventory, server, fingerprint, preflight, series.
    /// - Parameter request: what to collect.
    /// - Returns: the report.
    /// - Throws: ``PerfFarmError``: `invalid_configuration` for a bad connection string or request,
    ///   `postgres_connection` when the server cannot be reached, `command_failed` when collectd is asked for
    ///   but not installed; `CancellationError`.
    public func collect(_ request: CollectionRequest) async throws -> CollectionReport {
        try Self.validate(request)
        var report = CollectionReport(collectedAt: Date())
        let postmasterPID = request.dataDirectory.flatMap { PostmasterPIDFile.read(dataDirectory: $0) }.map {
            Int($0.pid)
        }
        if request.collectsSystem {
            report.system = try await inventory(request, notes: &report.notes)
        }
        if let conninfo = request.conninfo {
            report.postgres = try await server(conninfo: conninfo, statementLimit: request.statementLimit)
        }
        if let inventory = report.system {
            report.fingerprint = EnvironmentFingerprinter.fingerprint(
                inventory: inventory, server: report.postgres?.server)
        }
        if request.preflight || request.strict {
            report.preflight = PreflightChecker(
                root: root, dataDirectory: request.dataDirectory, ownPostmasterPID: postmasterPID
            ).check(strict: request.strict)
        }
        if request.sampleDuration != nil {
            report.series = try await series(request, postmasterPID: postmasterPID)
        }
        return report
    }

    /// Checks a request.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the option.
    public static func validate(_ request: CollectionRequest) throws {
        if let duration = request.sampleDuration, duration <= .zero {
            throw PerfFarmError(.invalidConfiguration, "must be a positive number of seconds", key: "--sample")
        }
        if request.interval <= .zero {
            throw PerfFarmError(.invalidConfiguration, "must be positive", key: "--interval")
        }
        if let duration = request.sampleDuration, duration < request.interval {
            throw PerfFarmError(.invalidConfiguration, "must be at least one --interval", key: "--sample")
        }
        if request.useCollectd && request.sampleDuration == nil {
            throw PerfFarmError(.invalidConfiguration, "needs --sample", key: "--collectd")
        }
        if request.statementLimit < 1 {
            throw PerfFarmError(.invalidConfiguration, "must be at least 1", key: "--statements")
        }
    }

    // MARK: - Sections

    /// The inventory, with the compiler's version when the compiler answers.
    private func inventory(_ request: CollectionRequest, notes: inout [String]) async throws -> MachineInventory {
        let reader = MachineInventoryReader(
            root: root, dataDirectory: request.dataDirectory, allKernelSettings: request.allKernelSettings,
            compiler: CompilerVersionReader(compiler: request.compiler, runner: runner))
        do {
            return try await reader.collect()
        } catch let error as PerfFarmError
            where [.commandFailed, .commandNotStarted, .commandTimedOut].contains(error.code)
        {
            logger.debug("compiler version not recorded", metadata: ["error": "\(error)"])
            notes.append("the compiler's version is not recorded: \(error.message)")
            var withoutCompiler = reader
            withoutCompiler.compiler = nil
            return try await withoutCompiler.collect()
        }
    }

    /// The server's version, settings and a statistics snapshot.
    private func server(conninfo: String, statementLimit: Int) async throws -> CollectionReport.Postgres {
        let session = try connector.connect(conninfo: conninfo)
        do {
            let collector = PostgresCollector(connection: session, statementLimit: statementLimit)
            let server = try await collector.serverInfo()
            let statistics = try await collector.snapshot()
            await session.close()
            return CollectionReport.Postgres(connection: session.target, server: server, statistics: statistics)
        } catch {
            await session.close()
            throw error
        }
    }

    /// The series: the built-in sampler, or a private collectd in a temporary directory removed afterwards.
    private func series(_ request: CollectionRequest, postmasterPID: Int?) async throws -> SystemSeries {
        let device = request.dataDirectory.flatMap { StorageReader(root: root).describe(path: $0).device }
        let count = request.sampleCount
        guard request.useCollectd else {
            let sampler = SystemSampler(
                reader: SystemCountersReader(root: root, device: device, postmasterPID: postmasterPID),
                interval: request.interval)
            return try await sampler.sample(count: count)
        }
        guard let executable = CollectdSampler.locate() else {
            throw PerfFarmError(.commandFailed, "collectd is not installed (apt-get install collectd-core)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perffarm-collectd-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        ).path
        defer {
            do {
                try FileSystem.remove(directory)
            } catch {
                logger.debug("cannot remove collectd's directory", metadata: ["error": "\(error)"])
            }
        }
        let sampler = CollectdSampler(
            executable: executable,
            configuration: CollectdConfiguration(
                directory: directory, intervalSeconds: request.interval.inSeconds, device: device),
            runner: runner)
        let interval = request.interval
        return try await sampler.sample {
            try await Task.sleep(for: interval * count + .milliseconds(300))
        }.series
    }
}
