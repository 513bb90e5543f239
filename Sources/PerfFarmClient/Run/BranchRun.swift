import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCluster
import PerfFarmCollectors
import PerfFarmCompression
import PerfFarmCore
import PerfFarmProcess

/// One branch of a farm run: resolve, skip or build, preflight, benchmark, one complete result.
struct BranchRun: Sendable {
    let farm: FarmRun
    let context: FarmRun.RunContext
    let request: FarmRunRequest
    let branch: String
    let output: String
    let progress: @Sendable (FarmProgress) -> Void

    private var configuration: FarmConfiguration { context.configuration }

    /// Everything the branch's result is made of before the benchmark.
    private struct Draft: Sendable {
        var resultID = UUID().uuidString.lowercased()
        var startedAt = Date()
        var commit: String?
        var source: SourceRevision?
        var build: BuildResult?
        var preflight: PreflightReport?
        var phases: [PhaseTiming] = []
        var name = ""
        var runDirectory = ""
        var resultFile = ""
    }

    func run() async -> FarmBranchOutcome {
        if let binDirectory = request.installedBinDirectory {
            return await runInstalled(binDirectory)
        }
        var draft = Draft()
        let clock = ContinuousClock()
        guard let mirror = context.mirror else {
            return await finishEarly(draft, stage: .fetch, error: PerfFarmError(.invalidConfiguration, "no repository"))
        }
        // Resolve the branch's head in the fetched mirror.
        do {
            let commit = try await mirror.resolve("refs/heads/" + branch, key: "repository.branches")
            let info = try await mirror.commit(commit)
            draft.commit = commit
            draft.source = SourceRevision(
                repositoryURL: configuration.repository.reportURL.isEmpty
                    ? configuration.repository.url : configuration.repository.reportURL,
                fetchURL: configuration.repository.url, branch: branch, commit: commit, commitDate: info.committerDate,
                authorName: info.authorName, authorEmail: info.authorEmail, subject: info.subject)
            progress(.resolved(branch: branch, commit: commit, subject: info.subject))
        } catch {
            return await finishEarly(draft, stage: .fetch, error: error)
        }
        let commit = draft.commit ?? ""
        let index = ResultIndex(workArea: context.workArea.root)
        if !request.force {
            do {
                if let earlier = try index.earlier(
                    branch: branch, commit: commit, configurationHash: context.configurationRecord.hash)
                {
                    progress(.skipped(branch: branch, commit: commit, previousResult: earlier.resultFile))
                    return FarmBranchOutcome(
                        branch: branch, status: .skipped, commit: commit, resultFile: earlier.resultFile,
                        message:
                            "benchmarked already with this configuration (\(earlier.resultFile)); --force runs it again"
                    )
                }
            } catch {
                progress(.note("the index of benchmarked commits cannot be read, so nothing is skipped: \(error)"))
            }
        }
        draft.name = [
            configuration.machineName, Self.safe(branch), String(commit.prefix(12)), FarmRun.stamp(draft.startedAt),
        ]
        .joined(separator: "-")
        draft.runDirectory = output + "/" + draft.name
        draft.resultFile = output + "/" + draft.name + ".json"

        // Build (or take from the install cache).
        let buildStart = clock.now
        do {
            let builder = PostgresBuilder(runner: farm.runner, logger: farm.logger, environment: farm.environment)
            let branch = self.branch
            let progress = self.progress
            let durations = StepDurations(workArea: context.workArea)
            draft.build = try await builder.build(
                BuildRequest(
                    repository: configuration.repository.url, branch: branch, commit: commit,
                    reportURL: draft.source?.repositoryURL, configureOptions: configuration.build.configureOptions,
                    jobs: configuration.build.jobs > 0 ? configuration.build.jobs : nil,
                    workDirectory: context.workArea.root, useCcache: configuration.build.ccache,
                    keepInstalls: configuration.build.keepInstalls, fetch: false, lockWorkArea: false)
            ) { event in
                let expected = event.event == .started ? durations.expected(event.step.rawValue) : nil
                progress(.build(branch: branch, event, expected: expected))
            }
            if let build = draft.build { durations.record(build) }
        } catch {
            draft.phases.append(PhaseTiming(name: "build", seconds: (clock.now - buildStart).inSeconds))
            return await finishEarly(draft, stage: .build, error: error)
        }
        draft.phases.append(PhaseTiming(name: "build", seconds: (clock.now - buildStart).inSeconds))
        guard let build = draft.build, build.status == .succeeded, let prefix = build.installPrefix else {
            let message = draft.build?.failure?.message ?? "the build failed"
            return await finishEarly(draft, stage: .build, error: PerfFarmError(.commandFailed, message))
        }

        return await benchmark(binDirectory: prefix + "/bin", draft: draft)
    }

    /// An installed PostgreSQL: no fetch and no build, the same preflight, benchmark and result.
    private func runInstalled(_ binDirectory: String) async -> FarmBranchOutcome {
        var draft = Draft()
        draft.name = [configuration.machineName, Self.safe(branch), FarmRun.stamp(draft.startedAt)]
            .joined(separator: "-")
        draft.runDirectory = output + "/" + draft.name
        draft.resultFile = output + "/" + draft.name + ".json"
        return await benchmark(binDirectory: binDirectory, draft: draft)
    }

    /// Preflight, then the benchmark of the install in `binDirectory`, then the result.
    private func benchmark(binDirectory: String, draft: Draft) async -> FarmBranchOutcome {
        var draft = draft
        let clock = ContinuousClock()
        // Preflight.
        let preflightStart = clock.now
        let preflight = PreflightChecker(dataDirectory: context.workArea.root).check(
            strict: configuration.collectors.strictPreflight)
        draft.preflight = preflight
        draft.phases.append(PhaseTiming(name: "preflight", seconds: (clock.now - preflightStart).inSeconds))
        for warning in preflight.warnings { progress(.note("preflight (\(branch)): \(warning)")) }
        if configuration.collectors.strictPreflight, !preflight.passed {
            return await finishEarly(
                draft, stage: .preflight,
                error: PerfFarmError(
                    .preflightFailed, "preflight checks failed: " + preflight.warnings.joined(separator: "; ")))
        }

        // Benchmark, with snapshots and samples around every run.
        let benchmarkStart = clock.now
        let observer = FarmObserver(
            statementLimit: configuration.collectors.statements,
            sampling: FarmObserver.Sampling(
                interval: .milliseconds(Int64((configuration.collectors.sampleInterval * 1000).rounded())),
                collectd: configuration.collectors.collectd),
            runner: farm.runner
        ) { [branch, progress] in progress(.benchmark(branch: branch, $0)) }
        var result: BenchmarkResult
        do {
            var benchmarkRequest = BenchmarkRequest(
                targets: [
                    BenchmarkTarget(
                        label: Self.safe(branch), binDirectory: binDirectory, source: draft.source, build: draft.build)
                ], matrix: try configuration.benchmarkMatrix(), settings: configuration.clusterSettings,
                dataChecksums: configuration.cluster.checksums, listenOnTCP: configuration.cluster.tcp,
                firstPort: configuration.cluster.port,
                osUser: configuration.cluster.osUser.isEmpty ? nil : configuration.cluster.osUser,
                workDirectory: context.workArea.root, outputDirectory: draft.runDirectory,
                perffarmVersion: request.perffarmVersion, lockWorkArea: false)
            benchmarkRequest.keepClusters = configuration.run.keepClusters
            result = try await PgbenchBenchmark(
                runner: farm.runner, logger: farm.logger, environment: farm.environment, connector: farm.connector
            ).run(benchmarkRequest, observer: observer)
        } catch {
            draft.phases.append(PhaseTiming(name: "benchmark", seconds: (clock.now - benchmarkStart).inSeconds))
            return await finishEarly(draft, stage: .clusterInit, error: error)
        }
        draft.phases.append(PhaseTiming(name: "benchmark", seconds: (clock.now - benchmarkStart).inSeconds))
        result.cluster?.notes += observer.notes
        return await finish(result, draft: draft, server: observer.serverInfo)
    }

    // MARK: - Results

    /// A result for a branch that stopped before its benchmark.
    private func finishEarly(_ draft: Draft, stage: BenchmarkStage, error: any Error) async -> FarmBranchOutcome {
        var draft = draft
        let interrupted = error is CancellationError || Task.isCancelled
        if draft.name.isEmpty {
            draft.name = [
                configuration.machineName, Self.safe(branch), String((draft.commit ?? "unknown").prefix(12)),
                FarmRun.stamp(draft.startedAt),
            ].joined(separator: "-")
            draft.runDirectory = output + "/" + draft.name
            draft.resultFile = output + "/" + draft.name + ".json"
        }
        let message = interrupted ? "stopped by a signal during \(stage.rawValue)" : Self.message(of: error)
        var result = BenchmarkResult(
            status: interrupted ? .interrupted : .failed,
            failure: .init(stage: interrupted ? .interrupted : stage, message: message),
            perffarmVersion: request.perffarmVersion, hostname: ProcessInfo.processInfo.hostName,
            startedAt: draft.startedAt, outputDirectory: draft.runDirectory, source: draft.source, build: draft.build,
            matrix: (try? configuration.benchmarkMatrix()) ?? BenchmarkMatrix(scales: [], clients: [], workloads: []),
            cpuCount: ProcessInfo.processInfo.activeProcessorCount)
        result.cells = []
        return await finish(result, draft: draft, server: nil)
    }

    /// Completes the result with the farm's sections, copies the build logs, writes it, and records it.
    private func finish(_ result: BenchmarkResult, draft: Draft, server: PostgresServerInfo?) async
        -> FarmBranchOutcome
    {
        var result = result
        let clock = ContinuousClock()
        let saveStart = clock.now
        result.resultID = draft.resultID
        result.machine = configuration.machineName
        result.configuration = context.configurationRecord
        result.source = result.source ?? draft.source
        result.build = result.build ?? draft.build
        result.system = context.inventory
        result.preflight = draft.preflight
        result.postgres = server
        if let inventory = context.inventory {
            result.fingerprint = EnvironmentFingerprinter.fingerprint(
                inventory: inventory, server: server,
                configureOptions: draft.build.map { $0.configureOptions.joined(separator: " ") })
        }
        result.finishedAt = result.finishedAt ?? Date()
        var notes: [String] = []
        do {
            try FileSystem.createDirectory(draft.runDirectory)
            if let build = draft.build {
                notes += BuildLogs.copy(from: build.logDirectory, to: draft.runDirectory + "/build")
            }
            if let fetchLog = context.fetchLog {
                notes += BuildLogs.copy([fetchLog], to: draft.runDirectory + "/build")
            }
        } catch {
            notes.append("cannot create the run directory: \(error)")
        }
        for note in notes { progress(.note(note)) }
        result.phases = draft.phases + [PhaseTiming(name: "save", seconds: (clock.now - saveStart).inSeconds)]
        var outcome = FarmBranchOutcome(
            branch: branch, status: Self.status(of: result), commit: draft.commit, resultFile: draft.resultFile,
            result: result, message: result.failure.map { "\($0.stage.rawValue): \($0.message)" })
        do {
            let data = try PerfFarmJSON.encode(result)
            try FileSystem.writeDurably(data, to: draft.resultFile)
            try FileSystem.writeDurably(data, to: draft.runDirectory + "/" + BenchmarkResultJSON.fileName)
        } catch {
            outcome.status = outcome.status == .interrupted ? .interrupted : .failed
            outcome.message = "the result could not be written: \(error)"
            outcome.resultFile = nil
            return outcome
        }
        if let commit = draft.commit, result.status != .interrupted {
            do {
                try ResultIndex(workArea: context.workArea.root).record(
                    .init(
                        branch: branch, commit: commit, configurationHash: context.configurationRecord.hash,
                        resultFile: draft.resultFile, status: result.status.rawValue, finishedAt: Date()))
            } catch {
                progress(.note("the result is written but not indexed (it will be benchmarked again): \(error)"))
            }
        }
        return outcome
    }

    /// The outcome of a branch that passed its time limit: failed, with why.
    static func markTimedOut(_ outcome: FarmBranchOutcome, seconds: Int) async -> FarmBranchOutcome {
        var outcome = outcome
        outcome.status = .failed
        outcome.message = "the branch passed run.branch_timeout (\(seconds) s) and was stopped"
        guard let path = outcome.resultFile, var result = outcome.result else { return outcome }
        result.status = .failed
        result.failure = .init(stage: result.failure?.stage ?? .run, message: outcome.message ?? "")
        outcome.result = result
        do {
            try FileSystem.writeDurably(try PerfFarmJSON.encode(result), to: path)
        } catch {
            outcome.message = (outcome.message ?? "") + "; the result could not be rewritten: \(error)"
        }
        return outcome
    }

    private static func status(of result: BenchmarkResult) -> FarmBranchOutcome.Status {
        switch result.status {
        case .succeeded: .succeeded
        case .interrupted: .interrupted
        case .failed, .running, .abandoned: .failed
        }
    }

    private static func message(of error: any Error) -> String {
        if let error = error as? PerfFarmError { return error.description }
        return "\(error)"
    }

    /// `name` for a file name: letters, digits, `-`, `_`, `.`; anything else becomes `_` (`feature/x` →
    /// `feature_x`).
    static func safe(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.".contains($0)) ? $0 : "_" })
    }
}

/// The build's logs in a branch's run directory: every log of the build's invocation, gzip-compressed when over
/// 64 KiB.
enum BuildLogs {
    /// Copies the logs of `logDirectory` into `destination`.
    /// - Returns: a note per log that could not be copied.
    static func copy(from logDirectory: String, to destination: String) -> [String] {
        copy(
            FileSystem.contents(logDirectory).filter { $0.hasSuffix(".log") || $0.hasSuffix(".json") }.map {
                logDirectory + "/" + $0
            }, to: destination)
    }

    /// Copies `files` into `destination` under their own names.
    /// - Returns: a note per file that could not be copied.
    static func copy(_ files: [String], to destination: String) -> [String] {
        var notes: [String] = []
        do {
            try FileSystem.createDirectory(destination)
        } catch {
            return ["cannot keep the build logs: \(error)"]
        }
        for source in files {
            let name = (source as NSString).lastPathComponent
            do {
                let data = try FileSystem.read(source)
                if data.count > 64 << 10 {
                    var compressor = try GzipCompressor()
                    var compressed = Data()
                    try data.withUnsafeBytes { bytes in
                        try compressor.compress(bytes) { compressed.append(contentsOf: $0) }
                    }
                    try compressor.finish { compressed.append(contentsOf: $0) }
                    try FileSystem.writeDurably(compressed, to: destination + "/" + name + ".gz")
                } else {
                    try FileSystem.writeDurably(data, to: destination + "/" + name)
                }
            } catch {
                notes.append("cannot keep the build log \(name): \(error)")
            }
        }
        return notes
    }
}
