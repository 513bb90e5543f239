import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import Synchronization

extension BenchmarkSession {
    /// Runs the plan: each item on every target (in that item's target order), recording every run, saving
    /// the results after each; in sequential order a scale's databases are dropped after its last run.
    /// - Throws: `CancellationError` after recording the interrupted run; a ``TargetFailure`` when a target's
    ///   cluster fails outside a run.
    mutating func runMatrix() async throws {
        let dropFinishedScales = !matrix.randomOrder && matrix.scales.count > 1
        for (position, item) in plan.items.enumerated() {
            for index in targetOrders[position] {
                try checkCancellation()
                let began = clock.now
                let run: PgbenchRun
                do {
                    run = try await runItem(item, target: index)
                } catch let error where !(error is CancellationError) && !Task.isCancelled {
                    throw TargetFailure(index: index, error: error)
                }
                targets[index].result.runs.append(run)
                runWallSeconds.append((clock.now - began).inSeconds)
                completedRuns += 1
                targets[index].result.cells = targets[index].cells(of: matrix)
                saveAll()
                observer.progress(
                    BenchmarkProgress(
                        activity: describe(item), target: label(index), completedRuns: completedRuns,
                        totalRuns: totalRuns, remainingSeconds: remainingSeconds(completed: completedRuns),
                        finishedRun: run))
            }
            if dropFinishedScales, plan.isLastUse(of: item.scale, at: position) {
                for index in targets.indices where targets[index].datasetReady[item.scale] == true {
                    try await dropDataSet(item.scale, target: index)
                }
            }
        }
    }

    /// Prepares and runs one item of the plan on one target; a failure is recorded in the run, an
    /// interruption is thrown after the run is recorded.
    private mutating func runItem(_ item: BenchmarkPlan.Item, target index: Int) async throws -> PgbenchRun {
        let workload = matrix.workloads[item.workload]
        let stage: BenchmarkStage = item.warmup ? .warmupRun : .run
        targets[index].stage = stage
        var run = PgbenchRun(
            index: targets[index].runCount, scale: item.scale, clients: item.clients,
            threads: PgbenchCommandLine.threads(clients: item.clients, matrix: matrix, cpuCount: cpuCount),
            workload: workload.name, repetition: item.repetition, warmup: item.warmup, status: .failed,
            database: DataSetNames.dataset(item.scale), freshCopy: workload.writes)
        guard try await ensureDataSet(item.scale, target: index) else {
            run.errors = ["the data set of scale \(item.scale) could not be built (see datasets)"]
            return run
        }
        targets[index].stage = stage
        try checkCancellation()
        report(describe(item) + " · preparing", target: index)
        do {
            if workload.writes {
                let copy = try await freshCopy(of: item.scale, target: index)
                run.database = copy.database
                run.copySeconds = copy.seconds
            }
            run.checkpointSeconds = try await checkpoint(database: run.database, target: index)
        } catch {
            if error is CancellationError || Task.isCancelled {
                run.status = .interrupted
                targets[index].result.runs.append(run)
                throw CancellationError()
            }
            run.errors = ["preparing the run failed: \(error)"]
            return run
        }
        try checkCancellation()
        return try await pgbench(run, item: item, workload: workload, target: index)
    }

    /// Runs pgbench for `run`, with the observer's watcher before, during and after it.
    private mutating func pgbench(
        _ run: PgbenchRun, item: BenchmarkPlan.Item, workload: PgbenchWorkload, target index: Int
    ) async throws -> PgbenchRun {
        guard let cluster = targets[index].cluster else { return run }
        var run = run
        let name =
            String(format: "%03d", run.index) + "-s\(item.scale)-c\(item.clients)-" + Self.safeName(workload.name)
            + (item.repetition.map { "-r\($0)" } ?? "-warmup")
        let relative = "runs/" + name
        let runDirectory = targets[index].outputDirectory + "/" + relative
        let scratchName = "run-\(run.index)"
        let scratch = cluster.workDirectory + "/" + scratchName
        // The work directory is the OS user's: the scratch directory is made, read and removed through its
        // descriptor, never by a path the OS user could turn into a link.
        let work = try ConfinedDirectory(cluster.workDirectory, owner: try osUser.map { try OSAccount.lookup($0) })
        _ = try work.makeDirectory(scratchName, mode: 0o700)
        defer {
            do {
                try work.remove(scratchName)
            } catch {
                targets[index].cluster?.notes.append(
                    "cannot remove the scratch directory of run \(run.index): \(error)")
            }
        }
        let arguments = PgbenchCommandLine.run(
            matrix: matrix, clients: item.clients, threads: run.threads, workload: workload,
            scriptPaths: targets[index].scriptPaths[item.workload] ?? [:],
            warmupSeconds: item.warmup ? matrix.warmupSeconds : nil, connection: cluster.connectionArguments,
            database: run.database)
        var command = cluster.command("pgbench", arguments, timeout: runTimeout(warmup: item.warmup))
        command.workingDirectory = scratch

        let connector = RunConnection { [database = run.database] in try cluster.connect(database: database) }
        let context = PgbenchRunContext(
            target: targets[index].target.label, index: run.index, scale: item.scale, clients: item.clients,
            workload: workload.name, repetition: item.repetition, database: run.database,
            dataDirectory: cluster.dataDirectory, serverVersionNumber: targets[index].serverVersion?.number,
            postmasterPID: PostmasterPIDFile.read(dataDirectory: cluster.dataDirectory)?.pid,
            runDirectory: runDirectory, connector: connector)
        var watcher: (any PgbenchRunWatcher)?
        do {
            watcher = try await observer.runWillStart(context)
        } catch {
            if error is CancellationError || Task.isCancelled {
                await connector.close()
                run.status = .interrupted
                targets[index].result.runs.append(run)
                throw CancellationError()
            }
            run.observerNotes.append("the observer failed before the run: \(error)")
        }

        let output = RunOutputParser()
        let activity = describe(item)
        let observer = self.observer
        let progressBase = BenchmarkProgress(
            activity: activity, target: label(index), completedRuns: completedRuns, totalRuns: totalRuns)
        let startEstimate = remainingSeconds(completed: completedRuns)
        let began = ContinuousClock.now
        observer.progress(
            BenchmarkProgress(
                activity: activity, target: label(index), completedRuns: completedRuns, totalRuns: totalRuns,
                remainingSeconds: startEstimate))
        logger.debug("pgbench", metadata: ["run": "\(name)", "command": "\(command.commandLine)"])
        let recorded = await Self.recordWatched(
            command, runner: runner, directory: runDirectory, relativeDirectory: relative, watcher: watcher
        ) { line in
            guard let report = output.consume(line) else { return }
            var progress = progressBase
            progress.report = report
            progress.currentTPS = report.tps
            let elapsed = (ContinuousClock.now - began).inSeconds
            progress.remainingSeconds = startEstimate.map { max(0, $0 - elapsed) }
            observer.progress(progress)
        }
        run.command = recorded.record
        targets[index].result.timings.pgbenchSeconds += recorded.record.durationSeconds
        var parseError: String?
        var completeness = PgbenchRunCompleteness.complete
        do {
            let parsed = try output.parsed()
            run.summary = parsed.0
            completeness = parsed.1
        } catch {
            parseError = "cannot parse pgbench's output: \(error)"
        }
        if !item.warmup, matrix.logMode != .none {
            let logStart = clock.now
            var collected = PgbenchLogCollector.Collected()
            do {
                collected = PgbenchLogCollector.collect(
                    from: try work.directory(scratchName), to: runDirectory, mode: matrix.logMode)
            } catch {
                collected.errors.append("cannot read the run's logs: \(error)")
            }
            run.logFiles = collected.files.map { relative + "/" + $0 }
            run.logStatistics = collected.statistics
            run.aggregateLog = collected.aggregate
            run.errors += collected.errors
            targets[index].result.timings.logSeconds += (clock.now - logStart).inSeconds
        }
        if recorded.interrupted {
            await connector.close()
            run.status = .interrupted
            targets[index].result.runs.append(run)
            throw CancellationError()
        }
        run.errors =
            Self.failures(recorded, summary: run.summary, completeness: completeness, parseError: parseError)
            + run.errors
            + recorded.writeErrors
        run.status = run.errors.isEmpty ? .succeeded : .failed
        if let watcher {
            run.attach(await watcher.runDidEnd(run))
        }
        await connector.close()
        if run.status == .failed {
            logger.debug("run failed", metadata: ["run": "\(name)", "error": "\(run.errors.first ?? "")"])
        }
        return run
    }

    /// Runs `command` recorded, with `watcher.whileRunning()` in a child task that is cancelled as soon as the
    /// command has ended.
    private static func recordWatched(
        _ command: Command, runner: any CommandRunner, directory: String, relativeDirectory: String,
        watcher: (any PgbenchRunWatcher)?, onLine: @escaping @Sendable (OutputLine) -> Void
    ) async -> RecordedCommand {
        await withTaskGroup(of: RecordedCommand?.self) { group in
            if let watcher {
                group.addTask {
                    await watcher.whileRunning()
                    return nil
                }
            }
            group.addTask {
                await RecordedCommand.run(
                    command, runner: runner, directory: directory, relativeDirectory: relativeDirectory,
                    onLine: onLine)
            }
            var recorded: RecordedCommand?
            while let next = await group.next() {
                if let next {
                    recorded = next
                    group.cancelAll()
                }
            }
            // The command's task always returns a record.
            return recorded!
        }
    }

    /// Why a run failed, or nothing when it succeeded.
    static func failures(
        _ recorded: RecordedCommand, summary: PgbenchRunSummary?, completeness: PgbenchRunCompleteness = .complete,
        parseError: String?
    ) -> [String] {
        var errors: [String] = []
        if let startError = recorded.startError { return ["pgbench could not start: \(startError)"] }
        guard let outcome = recorded.outcome else { return ["pgbench did not run"] }
        if outcome.timedOut {
            errors.append("pgbench ran past its timeout and was stopped")
        } else if !outcome.succeeded {
            errors.append("pgbench ended with \(outcome.termination)")
        }
        if summary?.aborted == true, outcome.succeeded { errors.append("pgbench reports an aborted run") }
        if outcome.succeeded, case .truncated(let reason, _) = completeness {
            // pgbench ended well but what it printed did not all arrive: no number of it is trusted.
            errors.append("pgbench's output is incomplete: \(reason)")
        } else if outcome.succeeded, summary != nil, summary?.tps == nil {
            errors.append("pgbench printed no tps")
        }
        if let parseError { errors.append(parseError) }
        if !errors.isEmpty { errors += summary?.errors ?? [] }
        return errors
    }

    /// How long a run may take before its process group is ended.
    private func runTimeout(warmup: Bool) -> Duration {
        if warmup { return .seconds(matrix.warmupSeconds + max(120, matrix.warmupSeconds)) }
        if let duration = matrix.durationSeconds { return .seconds(duration + max(120, duration)) }
        return request.transactionsRunTimeout
    }
}

/// A run's output parsed as it arrives (both streams' readers feed it).
final class RunOutputParser: Sendable {
    private let stream = Mutex(PgbenchRunStream())

    /// Takes a line; returns the parsed report of a `progress:` line.
    func consume(_ line: OutputLine) -> PgbenchProgressReport? {
        stream.withLock {
            $0.consume(line.text, from: line.stream == .standardOutput ? .standardOutput : .standardError)
        }
    }

    /// The summary of the lines taken, and whether they hold a whole run.
    func parsed() throws -> (PgbenchRunSummary, PgbenchRunCompleteness) {
        try stream.withLock { try $0.parsed() }
    }
}

/// The lines of a command's two streams, kept apart (both streams' readers feed it).
final class OutputLines: Sendable {
    private let lines = Mutex<(standardOutput: [String], standardError: [String])>(([], []))

    /// Takes a line.
    func append(_ line: OutputLine) {
        lines.withLock { lines in
            switch line.stream {
            case .standardOutput: lines.standardOutput.append(line.text)
            case .standardError: lines.standardError.append(line.text)
            }
        }
    }

    /// Standard output's lines, then standard error's.
    var all: [String] {
        lines.withLock { $0.standardOutput + $0.standardError }
    }
}
