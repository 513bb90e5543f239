import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// One invocation of ``PgbenchBenchmark/run(_:progress:)``, with the work area locked: sets the cluster up,
/// runs the matrix, tears the cluster down on every path, and keeps the result up to date on disk.
struct BenchmarkSession {
    let request: BenchmarkRequest
    let installation: PostgresInstallation
    let osUser: String?
    let workArea: WorkArea
    let outputDirectory: String
    let clusterName: String
    let cpuCount: Int
    let runner: any CommandRunner
    let logger: Logger
    let progress: @Sendable (BenchmarkProgress) -> Void

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var result: BenchmarkResult
    private var cluster: PostgresCluster?
    private var serverVersion: (text: String, number: Int?)?
    private var staleClusters: [String] = []
    /// The failed stage, while the session runs.
    private var stage = "cluster_init"
    private var interrupted = false
    /// Per scale: whether its data set was built.
    private var datasetReady: [Int: Bool] = [:]
    /// Per workload index and script index: the script's copy that the OS user reads.
    private var scriptPaths: [Int: [Int: String]] = [:]
    private var totalRuns = 0
    /// Wall time of each finished run, preparation included (for the ETA).
    private var runWallSeconds: [Double] = []

    private var matrix: BenchmarkMatrix { request.matrix }

    init(
        request: BenchmarkRequest, installation: PostgresInstallation, osUser: String?, workArea: WorkArea,
        outputDirectory: String, clusterName: String, cpuCount: Int, startedAt: Date, runner: any CommandRunner,
        logger: Logger, progress: @escaping @Sendable (BenchmarkProgress) -> Void
    ) {
        self.request = request
        self.installation = installation
        self.osUser = osUser
        self.workArea = workArea
        self.outputDirectory = outputDirectory
        self.clusterName = clusterName
        self.cpuCount = cpuCount
        self.runner = runner
        self.logger = logger
        self.progress = progress
        start = ContinuousClock().now
        result = BenchmarkResult(
            status: .running, perffarmVersion: request.perffarmVersion, hostname: ProcessInfo.processInfo.hostName,
            startedAt: startedAt, outputDirectory: outputDirectory, matrix: request.matrix, cpuCount: cpuCount)
    }

    // MARK: - The whole session

    mutating func run() async -> BenchmarkResult {
        totalRuns = BenchmarkPlan(matrix: matrix).items.count
        do {
            try await setUp()
            try await runMatrix()
        } catch {
            if error is CancellationError || Task.isCancelled {
                interrupted = true
                result.failure = .init(stage: "interrupted", message: "stopped by a signal during \(stage)")
            } else {
                result.failure = .init(stage: stage, message: "\(error)")
                logger.error("benchmark stopped", metadata: ["stage": "\(stage)", "error": "\(error)"])
            }
        }
        await tearDown()
        result.cells = cells()
        result.timings.totalSeconds = seconds(clock.now - start)
        result.finishedAt = Date()
        result.status = interrupted ? .interrupted : hasFailures ? .failed : .succeeded
        save()
        return result
    }

    private var hasFailures: Bool {
        result.failure != nil || result.datasets.contains { $0.status == .failed }
            || result.runs.contains { $0.status == .failed }
    }

    // MARK: - Set-up

    private mutating func setUp() async throws {
        stage = "cluster_init"
        report("cleaning up")
        let area = ClusterArea(workArea: workArea)
        let root = try area.prepare(osUser: osUser)
        staleClusters = await area.removeStaleClusters(logger: logger)
        let configuration = PostgresClusterConfiguration(
            directory: root + "/" + clusterName, osUser: osUser, dataChecksums: request.dataChecksums,
            settings: request.settings, listenOnTCP: request.listenOnTCP, firstPort: request.firstPort)
        cluster = try PostgresCluster(
            installation: installation, configuration: configuration, runner: runner, logger: logger)
        updateClusterInfo()
        save()
        try checkCancellation()
        report("initdb")
        logger.info("initdb", metadata: ["directory": "\(configuration.directory)"])
        result.timings.clusterSeconds += seconds(try await cluster!.initialize())
        stage = "cluster_start"
        report("starting the server")
        try checkCancellation()
        result.timings.clusterSeconds += seconds(try await cluster!.start())
        let version = try await cluster!.serverVersion()
        serverVersion = (version.version, version.number)
        updateClusterInfo()
        logger.info(
            "server started",
            metadata: ["port": "\(cluster!.port ?? 0)", "version": "\(serverVersion?.text ?? "")"])
        stage = "prepare"
        try copyScripts()
        save()
    }

    /// Copies the workloads' script files where the OS user can read them (the cluster's work directory) and
    /// next to the result.
    private mutating func copyScripts() throws {
        guard let cluster else { return }
        let account = try osUser.map { try OSAccount.lookup($0) }
        for (workloadIndex, workload) in matrix.workloads.enumerated() {
            for (scriptIndex, script) in workload.scripts.enumerated() where script.kind == .file {
                let name = "\(workloadIndex)-\(scriptIndex)-" + (script.name as NSString).lastPathComponent
                let data = try FileSystem.read(script.name)
                let scripts = cluster.workDirectory + "/scripts"
                try FileSystem.createDirectory(scripts)
                try FileOwnership.give(scripts, to: account, mode: 0o700)
                try FileSystem.writeAtomically(data, to: scripts + "/" + name)
                try FileOwnership.give(scripts + "/" + name, to: account, mode: 0o600)
                try FileSystem.createDirectory(outputDirectory + "/scripts")
                try FileSystem.writeAtomically(data, to: outputDirectory + "/scripts/" + name)
                scriptPaths[workloadIndex, default: [:]][scriptIndex] = scripts + "/" + name
            }
        }
    }

    // MARK: - The matrix

    private mutating func runMatrix() async throws {
        let plan = BenchmarkPlan(matrix: matrix)
        let dropFinishedScales = !matrix.randomOrder && matrix.scales.count > 1
        for (index, item) in plan.items.enumerated() {
            try checkCancellation()
            let began = clock.now
            let run = try await runItem(item, index: index)
            result.runs.append(run)
            runWallSeconds.append(seconds(clock.now - began))
            result.cells = cells()
            save()
            progress(
                BenchmarkProgress(
                    activity: describe(item), completedRuns: index + 1, totalRuns: totalRuns,
                    remainingSeconds: remainingSeconds(completed: index + 1, elapsedInCurrent: 0), finishedRun: run))
            if dropFinishedScales, plan.isLastUse(of: item.scale, at: index), datasetReady[item.scale] == true {
                try await dropDataSet(item.scale)
            }
        }
    }

    /// Prepares and runs one item of the plan; a failure is recorded in the run, an interruption is thrown
    /// after the run is recorded.
    private mutating func runItem(_ item: BenchmarkPlan.Item, index: Int) async throws -> PgbenchRun {
        let workload = matrix.workloads[item.workload]
        stage = item.warmup ? "warm-up run" : "run"
        var run = PgbenchRun(
            index: index, scale: item.scale, clients: item.clients,
            threads: PgbenchCommandLine.threads(clients: item.clients, matrix: matrix, cpuCount: cpuCount),
            workload: workload.name, repetition: item.repetition, warmup: item.warmup, status: .failed,
            database: Self.datasetName(item.scale), freshCopy: workload.writes)
        guard try await ensureDataSet(item.scale) else {
            run.errors = ["the data set of scale \(item.scale) could not be built (see datasets)"]
            return run
        }
        stage = item.warmup ? "warm-up run" : "run"
        try checkCancellation()
        report(describe(item) + " · preparing", completed: index)
        do {
            if workload.writes {
                let copy = try await freshCopy(of: item.scale)
                run.database = copy.database
                run.copySeconds = copy.seconds
            }
            run.checkpointSeconds = try await checkpoint(database: run.database)
        } catch {
            if error is CancellationError || Task.isCancelled {
                run.status = .interrupted
                result.runs.append(run)
                throw CancellationError()
            }
            run.errors = ["preparing the run failed: \(error)"]
            return run
        }
        try checkCancellation()
        return try await pgbench(run, item: item, workload: workload)
    }

    private mutating func pgbench(_ run: PgbenchRun, item: BenchmarkPlan.Item, workload: PgbenchWorkload)
        async throws -> PgbenchRun
    {
        guard let cluster else { return run }
        var run = run
        let name =
            String(format: "%03d", run.index) + "-s\(item.scale)-c\(item.clients)-" + Self.safeName(workload.name)
            + (item.repetition.map { "-r\($0)" } ?? "-warmup")
        let relative = "runs/" + name
        let runDirectory = outputDirectory + "/" + relative
        let scratch = cluster.workDirectory + "/run-\(run.index)"
        try FileSystem.createDirectory(scratch)
        try FileOwnership.give(scratch, to: try osUser.map { try OSAccount.lookup($0) }, mode: 0o700)
        defer { try? FileSystem.remove(scratch) }

        let arguments = PgbenchCommandLine.run(
            matrix: matrix, clients: item.clients, threads: run.threads, workload: workload,
            scriptPaths: scriptPaths[item.workload] ?? [:], warmupSeconds: item.warmup ? matrix.warmupSeconds : nil,
            connection: cluster.connectionArguments, database: run.database)
        var command = cluster.command("pgbench", arguments, timeout: runTimeout(warmup: item.warmup))
        command.workingDirectory = scratch
        let activity = describe(item)
        let completed = run.index
        let startEstimate = remainingSeconds(completed: completed, elapsedInCurrent: 0)
        let began = ContinuousClock.now
        let progress = self.progress
        let total = totalRuns
        report(activity, completed: completed)
        logger.debug("pgbench", metadata: ["run": "\(name)", "command": "\(command.commandLine)"])
        let recorded = await RecordedCommand.run(
            command, runner: runner, directory: runDirectory, relativeDirectory: relative
        ) { line in
            guard line.stream == .standardError, let tps = Self.progressTPS(line.text) else { return }
            let elapsed = Double((ContinuousClock.now - began).components.seconds)
            progress(
                BenchmarkProgress(
                    activity: activity, completedRuns: completed, totalRuns: total, currentTPS: tps,
                    remainingSeconds: startEstimate.map { max(0, $0 - elapsed) }))
        }
        run.command = recorded.record
        result.timings.pgbenchSeconds += recorded.record.durationSeconds
        run.summary = try? PgbenchRunParser.parse(stdout: recorded.standardOutput, stderr: recorded.standardError)

        if !item.warmup, matrix.logMode != .none {
            let logStart = clock.now
            let collected = PgbenchLogCollector.collect(from: scratch, to: runDirectory, mode: matrix.logMode)
            run.logFiles = collected.files.map { relative + "/" + $0 }
            run.logStatistics = collected.statistics
            run.aggregateLog = collected.aggregate
            run.errors += collected.errors
            result.timings.logSeconds += seconds(clock.now - logStart)
        }
        if recorded.interrupted {
            run.status = .interrupted
            result.runs.append(run)
            throw CancellationError()
        }
        run.errors = Self.failures(recorded, summary: run.summary) + run.errors
        run.status = run.errors.isEmpty ? .succeeded : .failed
        if run.status == .failed {
            logger.warning("run failed", metadata: ["run": "\(name)", "error": "\(run.errors.first ?? "")"])
        }
        return run
    }

    /// Why a run failed, or nothing when it succeeded.
    static func failures(_ recorded: RecordedCommand, summary: PgbenchRunSummary?) -> [String] {
        var errors: [String] = []
        if let startError = recorded.startError { return ["pgbench could not start: \(startError)"] }
        guard let outcome = recorded.outcome else { return ["pgbench did not run"] }
        if outcome.timedOut {
            errors.append("pgbench ran past its timeout and was stopped")
        } else if !outcome.succeeded {
            errors.append("pgbench ended with \(outcome.termination)")
        }
        if summary?.aborted == true, outcome.succeeded { errors.append("pgbench reports an aborted run") }
        if outcome.succeeded, summary?.tps == nil { errors.append("pgbench printed no tps") }
        if !errors.isEmpty { errors += summary?.errors ?? [] }
        if errors.isEmpty, summary == nil { errors.append("pgbench's output is not text") }
        return errors
    }

    /// The tps of a pgbench `progress:` line (`progress: 5.0 s, 1234.5 tps, lat 0.8 ms stddev 0.1, 0 failed`).
    static func progressTPS(_ line: String) -> Double? {
        guard line.hasPrefix("progress: "), let end = line.range(of: " tps") else { return nil }
        let before = line[..<end.lowerBound]
        guard let start = before.lastIndex(of: " ") else { return nil }
        return Double(before[before.index(after: start)...])
    }

    // MARK: - Data sets, copies, checkpoints

    static func datasetName(_ scale: Int) -> String { "pgbench_s\(scale)" }
    static func copyName(_ scale: Int) -> String { "pgbench_s\(scale)_copy" }

    /// Builds the data set of `scale` the first time it is needed.
    /// - Returns: whether it is there.
    private mutating func ensureDataSet(_ scale: Int) async throws -> Bool {
        if let ready = datasetReady[scale] { return ready }
        guard let cluster else { return false }
        let database = Self.datasetName(scale)
        stage = "dataset"
        report("pgbench -i -s \(scale)")
        logger.info("building the data set", metadata: ["scale": "\(scale)", "database": "\(database)"])
        let began = clock.now
        defer { result.timings.initSeconds += seconds(clock.now - began) }
        var dataset = PgbenchDataSet(scale: scale, database: database, status: .failed)
        do {
            try await cluster.sql(["DROP DATABASE IF EXISTS \(database)", "CREATE DATABASE \(database)"])
        } catch {
            if error is CancellationError || Task.isCancelled {
                dataset.status = .interrupted
                result.datasets.append(dataset)
                throw CancellationError()
            }
            dataset.errors = ["\(error)"]
            result.datasets.append(dataset)
            datasetReady[scale] = false
            return false
        }
        let relative = "datasets/scale-\(scale)"
        let command = cluster.command(
            "pgbench",
            PgbenchCommandLine.initialize(
                scale: scale, database: database, connection: cluster.connectionArguments),
            timeout: request.initTimeout)
        let recorded = await RecordedCommand.run(
            command, runner: runner, directory: outputDirectory + "/" + relative, relativeDirectory: relative)
        dataset.command = recorded.record
        dataset.initialization = try? PgbenchInitParser.parse(
            text: recorded.standardOutput + recorded.standardError)
        if recorded.interrupted {
            dataset.status = .interrupted
            result.datasets.append(dataset)
            throw CancellationError()
        }
        if let outcome = recorded.outcome, outcome.succeeded, dataset.initialization?.done == true {
            dataset.status = .succeeded
            if let size = try? await cluster.sql(["SELECT pg_database_size('\(database)')"], timeout: .seconds(300)) {
                dataset.sizeBytes = Int(size.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        } else {
            dataset.errors =
                [
                    recorded.startError.map { "pgbench -i could not start: \($0)" }
                        ?? "pgbench -i ended with \(recorded.outcome.map { "\($0.termination)" } ?? "no status")"
                ]
                + (dataset.initialization?.errors ?? [])
        }
        result.datasets.append(dataset)
        datasetReady[scale] = dataset.status == .succeeded
        save()
        return dataset.status == .succeeded
    }

    /// Drops the previous copy of `scale`'s data set and creates a fresh one from it.
    private mutating func freshCopy(of scale: Int) async throws -> (database: String, seconds: Double) {
        guard let cluster else { throw CancellationError() }
        let copy = Self.copyName(scale)
        let version = serverVersion?.number ?? 0
        // FILE_COPY (15+) checkpoints and copies files: for pgbench data sets much quicker than WAL_LOG, and it
        // leaves little for the CHECKPOINT before the run.
        let strategy = version >= 150000 ? " STRATEGY = FILE_COPY" : ""
        let force = version >= 130000 ? " WITH (FORCE)" : ""
        let began = clock.now
        try await cluster.sql([
            "DROP DATABASE IF EXISTS \(copy)\(force)",
            "CREATE DATABASE \(copy) TEMPLATE \(Self.datasetName(scale))\(strategy)",
        ])
        let elapsed = seconds(clock.now - began)
        result.timings.copySeconds += elapsed
        return (copy, elapsed)
    }

    /// `CHECKPOINT` (which waits for the checkpoint), then the statistics resets, in `database`.
    private mutating func checkpoint(database: String) async throws -> Double {
        guard let cluster else { throw CancellationError() }
        let began = clock.now
        try await cluster.sql(
            Self.resetStatements(serverVersion: serverVersion?.number ?? 0, pgStatStatements: cluster.pgStatStatements),
            database: database)
        let elapsed = seconds(clock.now - began)
        result.timings.checkpointSeconds += elapsed
        return elapsed
    }

    /// The statements run before every run: a checkpoint, then every statistics reset the version has.
    static func resetStatements(serverVersion: Int, pgStatStatements: Bool) -> [String] {
        var statements = ["CHECKPOINT", "SELECT pg_stat_reset()", "SELECT pg_stat_reset_shared('bgwriter')"]
        if serverVersion >= 140000 { statements.append("SELECT pg_stat_reset_shared('wal')") }
        if serverVersion >= 160000 { statements.append("SELECT pg_stat_reset_shared('io')") }
        if serverVersion >= 170000 { statements.append("SELECT pg_stat_reset_shared('checkpointer')") }
        if pgStatStatements { statements.append("SELECT pg_stat_statements_reset()") }
        return statements
    }

    /// Drops a scale's data set and copy once no later run needs them (sequential order), to free the disk.
    private mutating func dropDataSet(_ scale: Int) async throws {
        guard let cluster else { return }
        let began = clock.now
        let force = (serverVersion?.number ?? 0) >= 130000 ? " WITH (FORCE)" : ""
        do {
            try await cluster.sql([
                "DROP DATABASE IF EXISTS \(Self.copyName(scale))\(force)",
                "DROP DATABASE IF EXISTS \(Self.datasetName(scale))\(force)",
            ])
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            logger.warning("cannot drop a finished data set", metadata: ["scale": "\(scale)", "error": "\(error)"])
        }
        result.timings.copySeconds += seconds(clock.now - began)
    }

    // MARK: - Tear-down

    /// Stops the cluster, keeps its log, and removes it (or keeps it), in a task of its own so that it runs to
    /// its end even when the session's task was cancelled.
    private mutating func tearDown() async {
        guard let cluster else { return }
        let keep = request.keepCluster || (hasFailures && !interrupted)
        let output = outputDirectory
        let logger = self.logger
        report("stopping the server")
        let outcome = await Task { () -> (PostgresCluster, Duration, (any Error)?, Bool) in
            var cluster = cluster
            let clock = ContinuousClock()
            let began = clock.now
            var stopError: (any Error)?
            do {
                try await cluster.stop()
            } catch {
                stopError = error
            }
            let elapsed = clock.now - began
            if FileSystem.exists(cluster.serverLog) {
                try? FileSystem.remove(output + "/server.log")
                try? FileManager.default.copyItem(atPath: cluster.serverLog, toPath: output + "/server.log")
            }
            var kept = keep || stopError != nil
            if kept {
                cluster.keep(reason: stopError != nil ? "the server could not be stopped" : "kept for diagnosis")
            } else {
                do {
                    try cluster.remove()
                } catch {
                    logger.error("cannot remove the cluster", metadata: ["error": "\(error)"])
                    kept = true
                }
            }
            return (cluster, elapsed, stopError, kept)
        }.value
        self.cluster = outcome.0
        result.timings.clusterSeconds += seconds(outcome.1)
        if let stopError = outcome.2 {
            result.failure = result.failure ?? .init(stage: "cluster_stop", message: "\(stopError)")
            logger.error("the server could not be stopped", metadata: ["error": "\(stopError)"])
        }
        updateClusterInfo()
        result.cluster?.kept = outcome.3
        if FileSystem.exists(outputDirectory + "/server.log") { result.cluster?.serverLogFile = "server.log" }
        if outcome.3 { logger.info("cluster kept", metadata: ["directory": "\(outcome.0.directory)"]) }
    }

    // MARK: - Result

    private mutating func updateClusterInfo() {
        guard let cluster else { return }
        var info = cluster.info(serverVersion: serverVersion?.text, serverVersionNumber: serverVersion?.number)
        info.staleClustersRemoved = staleClusters
        info.serverLogFile = result.cluster?.serverLogFile
        info.kept = result.cluster?.kept ?? false
        result.cluster = info
    }

    /// The cells in matrix order, with statistics over their measured runs.
    private func cells() -> [BenchmarkCell] {
        var cells: [BenchmarkCell] = []
        for scale in matrix.scales {
            for clients in matrix.clients {
                for workload in matrix.workloads {
                    cells.append(
                        .make(
                            scale: scale, clients: clients, workload: workload.name, planned: matrix.repetitions,
                            from: result.runs))
                }
            }
        }
        return cells
    }

    /// Writes the result as it is now; a failure to write is logged (the caller still gets the result).
    private func save() {
        do {
            try BenchmarkResultJSON.write(result, toDirectory: outputDirectory)
        } catch {
            logger.error("cannot write the result", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Progress

    private func report(_ activity: String, completed: Int? = nil) {
        let done = completed ?? result.runs.count
        progress(
            BenchmarkProgress(
                activity: activity, completedRuns: done, totalRuns: totalRuns,
                remainingSeconds: remainingSeconds(completed: done, elapsedInCurrent: 0)))
    }

    private func describe(_ item: BenchmarkPlan.Item) -> String {
        let workload = matrix.workloads[item.workload].name
        let clients = item.clients == 1 ? "1 client" : "\(item.clients) clients"
        let run = item.repetition.map { "run \($0)/\(matrix.repetitions)" } ?? "warm-up"
        return "scale \(item.scale) · \(clients) · \(workload) · \(run)"
    }

    /// The time left: the runs left times the mean wall time of the runs so far (or, before the first, the
    /// planned length of each run plus a second); `nil` for `-t` runs before the first has finished.
    private func remainingSeconds(completed: Int, elapsedInCurrent: Double) -> Double? {
        let left = max(0, totalRuns - completed)
        if !runWallSeconds.isEmpty {
            return Double(left) * runWallSeconds.reduce(0, +) / Double(runWallSeconds.count) - elapsedInCurrent
        }
        guard let duration = matrix.durationSeconds else { return nil }
        let warmups = matrix.warmupSeconds > 0 ? matrix.scales.count * matrix.clients.count * matrix.workloads.count : 0
        let measuredLeft = max(0, left - warmups)
        return Double(measuredLeft * (duration + 1) + min(left, warmups) * (matrix.warmupSeconds + 1))
    }

    private func runTimeout(warmup: Bool) -> Duration {
        if warmup { return .seconds(matrix.warmupSeconds + max(120, matrix.warmupSeconds)) }
        if let duration = matrix.durationSeconds { return .seconds(duration + max(120, duration)) }
        return request.transactionsRunTimeout
    }

    // MARK: - Helpers

    private func checkCancellation() throws {
        if Task.isCancelled { throw CancellationError() }
    }

    private func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    /// `name` for a directory name: letters, digits, `-`, `_`, `.`; anything else becomes `_`.
    static func safeName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }
}
