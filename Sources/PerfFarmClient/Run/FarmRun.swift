import Foundation
public import Logging
import PerfFarmBuild
import PerfFarmCluster
import PerfFarmCollectors
public import PerfFarmCore
public import PerfFarmPostgres
public import PerfFarmProcess
import PerfFarmResults

/// The farm run: for every branch of the configuration, fetch, build (install cache), benchmark in an
/// isolated cluster with statistics and samples around every run, and write one complete result per branch —
/// the library behind `perffarm run`, for any tool that drives a farm.
///
/// ```swift
/// let configuration = try FarmConfigurationLoader.load(path: "perffarm.toml").configuration
/// let summary = try await FarmRun(runner: LiveCommandRunner(logger: logger), logger: logger)
///     .run(FarmRunRequest(configuration: configuration)) { print($0) }
/// ```
///
/// The work area's lock is taken without waiting: when another run holds it, nothing is done and the summary
/// names the holder (a cron job overlapping the previous one ends at once). A branch whose head was
/// benchmarked already with the same configuration hash is skipped unless forced. A failure in one branch
/// (fetch, build, preflight, a run) is recorded in that branch's result and the loop goes on. A branch or a
/// whole run past its time limit is stopped and recorded as failed.
public struct FarmRun: Sendable {
    /// How commands run.
    public let runner: any CommandRunner
    /// How SQL sessions are opened.
    public let connector: any PostgresConnector
    /// Where the library logs (debug, trace).
    public let logger: Logger
    /// The environment (default work area, compiler variables).
    public let environment: [String: String]

    /// Creates a farm run.
    /// - Parameters:
    ///   - runner: how commands run (``LiveCommandRunner``).
    ///   - connector: how SQL sessions are opened; libpq when `nil`.
    ///   - logger: where the library logs (debug, trace).
    ///   - environment: the environment; this process's when `nil`.
    public init(
        runner: any CommandRunner, connector: (any PostgresConnector)? = nil, logger: Logger,
        environment: [String: String]? = nil
    ) {
        self.runner = runner
        self.connector = connector ?? LibPQConnector(logger: logger)
        self.logger = logger
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Runs every branch.
    /// - Parameters:
    ///   - request: the configuration and options.
    ///   - progress: called at every step (from any thread); return quickly.
    /// - Returns: how each branch ended; with ``FarmRunSummary/lockHolder`` set and no branch when another run
    ///   holds the work area.
    /// - Throws: ``PerfFarmError``: `invalid_configuration` for a bad configuration; `command_failed` when the
    ///   repository cannot be fetched and no mirror of it exists; `file_access` when the work area or the
    ///   results directory cannot be written.
    public func run(
        _ request: FarmRunRequest, progress: @escaping @Sendable (FarmProgress) -> Void = { _ in }
    ) async throws -> FarmRunSummary {
        let configuration = request.configuration
        try configuration.validate()
        // A run that would upload checks its secret and destination first, not after hours of benchmarks.
        let upload = try configuration.upload.enabled ? UploadPlan(configuration: configuration) : nil
        var summary = FarmRunSummary()
        let workArea = WorkArea(
            root: configuration.run.workDir.isEmpty
                ? WorkArea.defaultRoot(environment: environment) : configuration.run.workDir)
        try workArea.prepare()
        if request.installedBinDirectory == nil { try checkReach(of: workArea, configuration: configuration) }
        let lock: WorkAreaLock
        do {
            lock = try WorkAreaLock.acquire(
                path: workArea.lockFile, purpose: "perffarm run of \(configuration.repository.branches)")
        } catch let error as PerfFarmError where error.code == .workAreaLocked {
            summary.lockHolder = error.message
            return summary
        }
        defer { lock.release() }
        for mark in RunningResults(workArea: workArea).markAbandoned() {
            progress(
                .note(
                    mark.problem.map { "cannot mark \(mark.path) abandoned: \($0)" }
                        ?? "marked abandoned (the perffarm that wrote it ended without finishing it): \(mark.path)"))
        }

        let output = FileSystem.absolute(
            configuration.output.directory.isEmpty ? workArea.results : configuration.output.directory)
        let existed = FileSystem.exists(output)
        try FileSystem.createDirectory(output)
        if !existed { _ = chmod(output, 0o755) }
        try WorkArea.checkControlled(output, what: "the results directory")
        summary.outputDirectory = output
        let context = try await prepare(
            configuration, workArea: workArea, installed: request.installedBinDirectory != nil, progress: progress)
        progress(.started(branches: context.branches))

        let limit = configuration.run.runTimeout > 0 ? Duration.seconds(configuration.run.runTimeout) : nil
        let (outcomes, timedOut) = await Watchdog.run(limit: limit) {
            await runBranches(context, request: request, output: output, progress: progress)
        }
        summary.branches = outcomes
        summary.timedOut = timedOut
        summary.interrupted = !timedOut && outcomes.contains { $0.status == .interrupted }
        if timedOut {
            progress(.note("the run passed run.run_timeout (\(configuration.run.runTimeout) s) and was stopped"))
        }
        if let location = ResultStoring.location(configuration, environment: environment) {
            summary.storeLocation = location.description
            (summary.stored, summary.storeError) = await ResultStoring.store(
                summary.branches, at: location, logger: logger, progress: progress)
        }
        if let upload {
            (summary.upload, summary.uploadError) = await upload.deliver(
                summary.branches, interrupted: summary.interrupted, workArea: workArea, logger: logger,
                progress: progress)
        }
        for note in ResultPruning.prune(output, keep: configuration.output.keepResults) {
            progress(.note(note))
        }
        return summary
    }

    /// As root, PostgreSQL runs as another user, who must reach the builds installed in the work area: found
    /// now, not after a build.
    private func checkReach(of workArea: WorkArea, configuration: FarmConfiguration) throws {
        let requested = configuration.cluster.osUser.isEmpty ? nil : configuration.cluster.osUser
        guard let name = try PgbenchBenchmark.resolveOSUser(requested), let account = try? OSAccount.lookup(name),
            let blocked = FileOwnership.firstUnsearchableDirectory(on: workArea.installs, for: account)
        else { return }
        throw PerfFarmError(
            .invalidConfiguration,
            "the OS user \(name), which runs PostgreSQL, cannot reach the builds in \(workArea.root): no search "
                + "permission on \(blocked); use a work directory it can reach, such as \(WorkArea.rootDefault)",
            key: "run.work_dir")
    }

    /// What every branch of a run shares.
    struct RunContext: Sendable {
        var configuration: FarmConfiguration
        var workArea: WorkArea
        /// The fetched mirror; `nil` for a run of an installed PostgreSQL.
        var mirror: GitRepository?
        var branches: [String]
        var inventory: MachineInventory?
        var inventoryNotes: [String]
        var configurationRecord: ConfigurationRecord
        /// The log of this run's fetch of the mirror (every branch's run directory keeps a copy).
        var fetchLog: String? = nil
    }

    /// Fetches the mirror, resolves the branches, reads the machine's inventory.
    private func prepare(
        _ configuration: FarmConfiguration, workArea: WorkArea, installed: Bool,
        progress: @escaping @Sendable (FarmProgress) -> Void
    ) async throws -> RunContext {
        let compiler =
            configuration.build.configureOptions.last { $0.hasPrefix("CC=") }.map { String($0.dropFirst(3)) }
            ?? environment["CC"].flatMap { $0.isEmpty ? nil : $0 } ?? "cc"
        let inventory = try await MachineCollection(runner: runner, connector: connector, logger: logger).collect(
            CollectionRequest(system: true, compiler: compiler))
        if installed {
            return RunContext(
                configuration: configuration, workArea: workArea, mirror: nil,
                branches: [FarmRunRequest.installedBranch], inventory: inventory.system,
                inventoryNotes: inventory.notes, configurationRecord: try configuration.record())
        }
        let builder = PostgresBuilder(runner: runner, logger: logger, environment: environment)
        let logs = workArea.logs + "/run-" + Self.stamp(Date())
        try FileSystem.createDirectory(logs)
        let mirror: GitRepository
        let durations = StepDurations(workArea: workArea)
        let clock = ContinuousClock()
        // A first clone takes far longer than a later fetch: each has its own estimate.
        let kind =
            (try? await builder.existingMirror(repository: configuration.repository.url, workDirectory: workArea.root))
                .flatMap { $0 } == nil ? "clone" : "fetch"
        let fetchStart = clock.now
        progress(.build(branch: nil, BuildProgress(step: .fetch, event: .started), expected: durations.expected(kind)))
        do {
            mirror = try await builder.updateMirror(
                repository: configuration.repository.url, workDirectory: workArea.root, log: logs + "/fetch.log",
                lockWorkArea: false)
            let took = clock.now - fetchStart
            durations.record([kind: took.inSeconds])
            progress(
                .build(
                    branch: nil, BuildProgress(step: .fetch, event: .finished(duration: took, succeeded: true)),
                    expected: nil))
        } catch let error as PerfFarmError where error.code == .commandFailed {
            progress(
                .build(
                    branch: nil,
                    BuildProgress(step: .fetch, event: .finished(duration: clock.now - fetchStart, succeeded: false)),
                    expected: nil))
            // An unreachable repository with a mirror from an earlier run: go on with what the mirror has.
            let fallback = try await builder.existingMirror(
                repository: configuration.repository.url, workDirectory: workArea.root)
            guard let fallback else { throw error }
            progress(.note("cannot fetch \(configuration.repository.url); using the mirror as it is: \(error.message)"))
            mirror = fallback
        }
        let branches = BranchResolver.resolve(
            configuration.repository.branches, available: try await mirror.branches(),
            stableCount: configuration.repository.autoStableBranches)
        return RunContext(
            configuration: configuration, workArea: workArea, mirror: mirror, branches: branches,
            inventory: inventory.system, inventoryNotes: inventory.notes,
            configurationRecord: try configuration.record(),
            fetchLog: FileSystem.exists(logs + "/fetch.log") ? logs + "/fetch.log" : nil)
    }

    /// Every branch in turn, until the end or an interruption.
    private func runBranches(
        _ context: RunContext, request: FarmRunRequest, output: String,
        progress: @escaping @Sendable (FarmProgress) -> Void
    ) async -> [FarmBranchOutcome] {
        var outcomes: [FarmBranchOutcome] = []
        for (index, branch) in context.branches.enumerated() {
            if Task.isCancelled {
                outcomes.append(FarmBranchOutcome(branch: branch, status: .interrupted, message: "not started"))
                continue
            }
            progress(.branchStarted(branch: branch, index: index + 1, count: context.branches.count))
            let timeout = context.configuration.run.branchTimeout
            let (outcome, timedOut) = await Watchdog.run(limit: timeout > 0 ? .seconds(timeout) : nil) {
                await BranchRun(
                    farm: self, context: context, request: request, branch: branch, output: output, progress: progress
                ).run()
            }
            var final = outcome
            if timedOut {
                final = await BranchRun.markTimedOut(outcome, seconds: timeout)
            }
            outcomes.append(final)
            progress(.branchFinished(final))
            if final.status == .interrupted { break }
        }
        return outcomes
    }

    /// A UTC time stamp for file names: `20250301T120000Z`.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
