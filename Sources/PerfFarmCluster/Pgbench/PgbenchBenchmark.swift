import Foundation
public import Logging
public import PerfFarmCore
public import PerfFarmPostgres
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Benchmarks PostgreSQL installs with pgbench over a matrix, each in a private cluster that is always
/// stopped. The library behind `perffarm bench` (one install) and paired A/B runs (two installs alternating).
///
/// ```swift
/// let benchmark = PgbenchBenchmark(runner: LiveCommandRunner(logger: logger), logger: logger)
/// let matrix = BenchmarkMatrix(scales: [1], clients: [1, 2], workloads: [.readWrite, .readOnly],
///                              repetitions: 2, durationSeconds: 5)
/// let result = try await benchmark.run(BenchmarkRequest(binDirectory: "/usr/lib/postgresql/15/bin", matrix: matrix))
/// for cell in result.cells { print(cell.workload, cell.clients, cell.tps?.median ?? .nan) }
/// ```
///
/// Steps: clean up clusters that crashed runs left in the work area; per install, initdb and start a cluster;
/// per scale, build the data set once (`CREATE DATABASE`, `pgbench -i`, timed and parsed); per run, a fresh copy
/// of the data set for writing workloads (`CREATE DATABASE ... TEMPLATE`), `CHECKPOINT` and statistics resets,
/// the observer's watcher, then pgbench with its output and logs kept; finally stop the clusters and remove
/// them (kept on failure or when asked). Each result is rewritten after every run (status `running`), so a
/// crash loses nothing measured. SQL goes to the cluster through libpq (`PerfFarmPostgres`).
///
/// A failed data set, copy or run is recorded and the matrix goes on. A cancelled task (SIGINT or SIGTERM in
/// the CLI) stops pgbench and the clusters and returns the results with status `interrupted`.
public struct PgbenchBenchmark: Sendable {
    /// How commands are run.
    public let runner: any CommandRunner
    /// Where the library logs, at `.debug` and `.trace` only (progress goes to the observer).
    public let logger: Logger
    /// How SQL sessions with the clusters are opened.
    public let connector: any PostgresConnector
    /// The environment to read the default work area from; this process's when `nil`.
    public let environment: [String: String]

    /// Creates a benchmark.
    /// - Parameters:
    ///   - runner: how commands are run (``LiveCommandRunner`` for real benchmarks).
    ///   - logger: where the library logs (debug and trace).
    ///   - environment: the environment to read `XDG_CACHE_HOME` and `HOME` from; this process's when `nil`.
    ///   - connector: how SQL sessions with the clusters are opened; libpq when `nil`.
    public init(
        runner: any CommandRunner, logger: Logger, environment: [String: String]? = nil,
        connector: (any PostgresConnector)? = nil
    ) {
        self.runner = runner
        self.logger = logger
        self.connector = connector ?? LibPQConnector(logger: logger)
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Runs the benchmark of one install.
    /// - Parameters:
    ///   - request: one target, the matrix, the cluster's settings, the output directory.
    ///   - progress: called at every step and every pgbench progress line (from any thread).
    /// - Returns: the result, also written to `<output>/result.json`.
    /// - Throws: as ``run(_:observer:)``.
    public func run(
        _ request: BenchmarkRequest, progress: @escaping @Sendable (BenchmarkProgress) -> Void
    ) async throws -> BenchmarkResult {
        try await run(request, observer: ProgressObserver(progress))
    }

    /// Runs the benchmark of one install, watched by `observer`.
    /// - Parameters:
    ///   - request: one target, the matrix, the cluster's settings, the output directory.
    ///   - observer: told of progress, and given each run before, during and after it.
    /// - Returns: the result, also written to `<output>/result.json`: status `succeeded`, `failed` (a data set
    ///   or run failed, or the cluster did not start) or `interrupted`.
    /// - Throws: ``PerfFarmError`` before anything runs: `invalid_configuration` for a bad matrix, setting, OS
    ///   user or install (root without an unprivileged user), or a request with several targets;
    ///   ``PerfFarmError/Code/workAreaLocked``; `file_access` when the output directory cannot be created; and
    ///   after the run, `file_access` when the final result cannot be written (the clusters are stopped first).
    public func run(_ request: BenchmarkRequest, observer: any BenchmarkObserver = ProgressObserver { _ in })
        async throws -> BenchmarkResult
    {
        guard request.targets.count == 1 else {
            throw PerfFarmError(
                .invalidConfiguration, "run takes one install; use runSession for \(request.targets.count)",
                key: "targets")
        }
        return try await runSession(request, observer: observer)[0]
    }

    /// Runs the matrix on every target of `request`, alternating them run by run, each on its own cluster.
    /// - Parameters:
    ///   - request: the targets, the matrix, the clusters' settings, the output directory (with several
    ///     targets, each result goes to `<output>/<label>/result.json`).
    ///   - observer: told of progress, and given each run before, during and after it.
    /// - Returns: each target's result, in the order of the request.
    /// - Throws: as ``run(_:observer:)``; `invalid_configuration` (key `targets`) for no target, a label that is
    ///   not a directory name, or a repeated label.
    public func runSession(_ request: BenchmarkRequest, observer: any BenchmarkObserver = ProgressObserver { _ in })
        async throws -> [BenchmarkResult]
    {
        var request = request
        try Self.validate(targets: request.targets)
        let cpuCount = request.cpuCount ?? ProcessInfo.processInfo.activeProcessorCount
        if request.matrix.randomOrder, request.matrix.seed == nil {
            request.matrix.seed = Int(UInt64.random(in: 0..<(1 << 53)))
        }
        if request.shuffleTargetOrder, request.targetOrderSeed == nil {
            request.targetOrderSeed = UInt64.random(in: 0..<(1 << 53))
        }
        try Self.validate(request.matrix)
        let osUser = try Self.resolveOSUser(request.osUser)
        let clusterSettings = PostgresClusterConfiguration(
            directory: "/", osUser: osUser, settings: request.settings, firstPort: request.firstPort)
        try clusterSettings.validate()
        var installations: [PostgresInstallation] = []
        for target in request.targets {
            installations.append(
                try await PostgresInstallation.inspect(
                    binDirectory: target.binDirectory, runner: runner, user: osUser))
        }

        let workArea = WorkArea(root: request.workDirectory ?? WorkArea.defaultRoot(environment: environment))
        try workArea.prepare()
        let lock =
            request.lockWorkArea
            ? try WorkAreaLock.acquire(
                path: workArea.lockFile,
                purpose: "perffarm bench of " + installations.map(\.binDirectory).joined(separator: ", ")) : nil
        defer { lock?.release() }
        let running = RunningResults(workArea: workArea)
        if lock != nil {
            for mark in running.markAbandoned() {
                observer.progress(
                    BenchmarkProgress(
                        activity: mark.problem.map { "cannot mark \(mark.path) abandoned: \($0)" }
                            ?? "marked abandoned (its perffarm ended without finishing it): \(mark.path)",
                        completedRuns: 0, totalRuns: 0, remainingSeconds: nil))
            }
        }

        let startedAt = Date()
        let stamp = Self.stamp(startedAt)
        let base = FileSystem.absolute(request.outputDirectory ?? workArea.results + "/bench-" + stamp)
        var targets: [TargetRun] = []
        var createdDirectories: [String] = []
        for (target, installation) in zip(request.targets, installations) {
            let output = request.targets.count == 1 ? base : base + "/" + target.label
            try WorkArea.checkControlled(base, what: "the output directory")
            let existed = FileSystem.exists(output)
            try FileSystem.createDirectory(output)
            if !existed {
                _ = chmod(output, 0o755)
                createdDirectories.append(output)
            }
            try WorkArea.checkControlled(output, what: "the output directory")
            if FileSystem.exists(output + "/" + BenchmarkResultJSON.fileName) {
                throw PerfFarmError(
                    .invalidConfiguration, "holds a result already; choose an empty output directory", path: output)
            }
            let suffix = request.targets.count == 1 ? "" : "-" + target.label
            var result = BenchmarkResult(
                status: .running, perffarmVersion: request.perffarmVersion,
                hostname: ProcessInfo.processInfo.hostName, startedAt: startedAt, outputDirectory: output,
                source: target.source, build: target.build, matrix: request.matrix, cpuCount: cpuCount)
            result.timings = BenchmarkTimings()
            targets.append(
                TargetRun(
                    target: target, installation: installation, outputDirectory: output,
                    clusterName: "bench-\(stamp)-\(getpid())\(suffix)", result: result))
        }
        // The result says `running` on disk before anything starts: an output that cannot be written (read-only,
        // full) stops the benchmark here, before a cluster exists, instead of after it ran.
        for target in targets {
            do {
                try BenchmarkResultJSON.write(target.result, toDirectory: target.outputDirectory)
            } catch {
                for made in createdDirectories.reversed() { try? FileSystem.remove(made) }
                throw PerfFarmError(.fileAccess, "the result cannot be written, so nothing was run: \(error)")
            }
        }
        try running.register(targets.map { $0.outputDirectory + "/" + BenchmarkResultJSON.fileName })
        var session = BenchmarkSession(
            request: request, targets: targets, osUser: osUser, workArea: workArea, cpuCount: cpuCount,
            runner: runner, connector: connector, logger: logger, observer: observer)
        let results = try await session.run()
        // Every result is final on disk (a failed final save throws above and leaves the record: the next
        // session marks that result abandoned).
        running.unregister()
        return results
    }

    /// Checks the targets: at least one, labels usable as directory names and distinct.
    static func validate(targets: [BenchmarkTarget]) throws {
        guard !targets.isEmpty else {
            throw PerfFarmError(.invalidConfiguration, "give at least one install to benchmark", key: "targets")
        }
        for target in targets where !target.hasValidLabel {
            throw PerfFarmError(
                .invalidConfiguration, "not a usable label (letters, digits, -, _, .): \(target.label)",
                key: "targets")
        }
        if Set(targets.map(\.label)).count != targets.count {
            throw PerfFarmError(.invalidConfiguration, "two installs have the same label", key: "targets")
        }
    }

    /// The OS user to run PostgreSQL as: as root, `requested` or `postgres`; otherwise perffarm's own user (`nil`).
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`, key `--os-user`) with what to do.
    public static func resolveOSUser(_ requested: String?) throws -> String? {
        guard geteuid() == 0 else {
            if let requested, requested != OSAccount.currentUserName {
                throw PerfFarmError(
                    .invalidConfiguration,
                    "running PostgreSQL as \(requested) needs root; run perffarm as root, or without --os-user",
                    key: "--os-user")
            }
            return nil
        }
        let name = requested ?? BenchmarkRequest.defaultRootOSUser
        guard let account = try? OSAccount.lookup(name) else {
            if requested == nil {
                throw PerfFarmError(
                    .invalidConfiguration,
                    "perffarm runs as root, and PostgreSQL refuses to run as root; there is no `postgres` user "
                        + "here, so pass --os-user with an unprivileged user (or run perffarm as that user)",
                    key: "--os-user")
            }
            throw PerfFarmError(.invalidConfiguration, "no such OS user: \(name)", key: "--os-user")
        }
        guard account.userID != 0 else {
            throw PerfFarmError(
                .invalidConfiguration, "PostgreSQL refuses to run as root; give an unprivileged user",
                key: "--os-user")
        }
        return name
    }

    /// Checks a matrix.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the option.
    public static func validate(_ matrix: BenchmarkMatrix) throws {
        func fail(_ message: String, _ key: String) -> PerfFarmError {
            PerfFarmError(.invalidConfiguration, message, key: key)
        }
        if matrix.scales.isEmpty || matrix.scales.contains(where: { $0 < 1 }) {
            throw fail("give one or more scales, each at least 1", "--scales")
        }
        if Set(matrix.scales).count != matrix.scales.count { throw fail("a scale is repeated", "--scales") }
        if matrix.clients.isEmpty || matrix.clients.contains(where: { $0 < 1 }) {
            throw fail("give one or more client counts, each at least 1", "--clients")
        }
        if Set(matrix.clients).count != matrix.clients.count { throw fail("a client count is repeated", "--clients") }
        if matrix.workloads.isEmpty { throw fail("give one or more workloads", "--workloads") }
        if Set(matrix.workloads.map(\.name)).count != matrix.workloads.count {
            throw fail("a workload is repeated", "--workloads")
        }
        for workload in matrix.workloads {
            if workload.scripts.isEmpty { throw fail("workload \(workload.name) has no script", "--workloads") }
            for script in workload.scripts {
                if script.weight < 1 { throw fail("a script's weight must be at least 1: \(script.name)", "--script") }
                if script.kind == .file, !FileManager.default.isReadableFile(atPath: script.name) {
                    throw fail("cannot read the script file \(script.name)", "--script")
                }
            }
        }
        if matrix.repetitions < 1 { throw fail("must be at least 1", "--runs") }
        switch (matrix.durationSeconds, matrix.transactions) {
        case (let duration?, nil) where duration >= 1: break
        case (nil, let transactions?) where transactions >= 1: break
        case (.some, .some): throw fail("give either --duration or --transactions, not both", "--duration")
        default: throw fail("give --duration or --transactions, at least 1", "--duration")
        }
        if let threads = matrix.threads, threads < 1 { throw fail("must be at least 1", "--threads") }
        if matrix.warmupSeconds < 0 { throw fail("must be 0 or more seconds", "--warmup") }
        if let rate = matrix.samplingRate {
            if !(rate > 0 && rate <= 1) { throw fail("must be above 0 and at most 1", "--sampling-rate") }
            if matrix.logMode != .transactions {
                throw fail("needs per-transaction logs (--log transactions)", "--sampling-rate")
            }
        }
        if let interval = matrix.aggregateIntervalSeconds {
            if interval < 1 { throw fail("must be at least 1 second", "--aggregate-interval") }
            if matrix.logMode != .aggregate {
                throw fail("needs aggregate logs (--log aggregate)", "--aggregate-interval")
            }
        }
        if let option = PgbenchCommandLine.reservedOption(in: matrix.extraOptions) {
            throw fail("\(option) is set by perffarm", "--pgbench-option")
        }
        if let seed = matrix.seed, !(0..<(1 << 53)).contains(seed) {
            throw fail("must be 0 to 2^53 − 1", "--seed")
        }
    }

    /// A UTC time stamp for directory names: `20250301T120000Z`.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
