import Foundation
public import Logging
public import PerfFarmBuild
public import PerfFarmCluster
public import PerfFarmCore
public import PerfFarmProcess
public import PerfFarmResults

/// `perffarm ab`: two builds of one repository benchmarked on one machine in one session, alternating run by
/// run (A, B, A, B … with the order within each pair drawn from a recorded seed), each on a fresh cluster
/// prepared identically, then compared cell by cell as `perffarm compare` does. Interleaving puts the drift of
/// the machine (other load, thermal state, a day's cron) on both sides alike instead of on one.
///
/// Both builds go through the install cache, incrementally in the branch's persistent build tree. When both
/// sides are one commit it is an A/A run: the comparison should say `no change`, and the noise it measured per
/// cell is recorded in the store as the machine's noise floor, which later comparisons use.
public struct PairedRun: Sendable {
    public let runner: any CommandRunner
    public let logger: Logger
    public let environment: [String: String]

    public init(runner: any CommandRunner, logger: Logger, environment: [String: String]? = nil) {
        self.runner = runner
        self.logger = logger
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Builds both sides and runs them paired.
    /// - Parameters:
    ///   - request: the repository, the two commits, the matrix.
    ///   - store: where both results (and an A/A run's noise floors) go; none when `nil`.
    ///   - progress: builds and benchmark steps, as they happen.
    /// - Returns: both results and the comparison; a failed build is an outcome without a comparison.
    /// - Throws: ``PerfFarmError`` for a bad request (unknown ref: `invalid_configuration`), a fetch that fails,
    ///   a locked work area.
    public func run(
        _ request: PairedRunRequest, store: ResultStore? = nil,
        progress: @escaping @Sendable (PairedRunProgress) -> Void = { _ in }
    ) async throws -> PairedRunOutcome {
        let workArea = WorkArea(root: request.workDirectory ?? WorkArea.defaultRoot(environment: environment))
        try workArea.prepare()
        let lock = try WorkAreaLock.acquire(
            path: workArea.lockFile, purpose: "perffarm ab of \(request.baseline) and \(request.candidate)")
        defer { lock.release() }
        let builder = PairedBuilder(
            runner: runner, logger: logger, environment: environment, repository: request.repository,
            branch: request.branch, configureOptions: request.configureOptions, jobs: request.jobs,
            useCcache: request.useCcache, workDirectory: workArea.root)
        try await builder.prepare(fetch: request.fetch)
        let baselineBuild = try await builder.build(request.baseline) { progress(.build(side: "A", $0)) }
        let candidateBuild = try await builder.build(request.candidate) { progress(.build(side: "B", $0)) }
        let seed = request.seed ?? UInt64.random(in: 0..<(1 << 53))
        var request = request
        if request.outputDirectory == nil {
            request.outputDirectory = workArea.results + "/ab-" + FarmRun.stamp(Date())
        }
        var outcome = PairedRunOutcome(
            baseline: .init(commit: baselineBuild.commit, build: baselineBuild.result),
            candidate: .init(commit: candidateBuild.commit, build: candidateBuild.result), seed: seed,
            noiseFloors: [:])
        guard let baselineBin = baselineBuild.binDirectory, let candidateBin = candidateBuild.binDirectory else {
            return outcome
        }
        let results = try await benchmark(
            baseline: (baselineBin, baselineBuild), candidate: (candidateBin, candidateBuild), request: request,
            workArea: workArea, seed: seed, progress: progress)
        outcome.baseline.result = results.baseline
        outcome.candidate.result = results.candidate
        outcome.baseline.resultFile = results.baselineFile
        outcome.candidate.resultFile = results.candidateFile
        outcome.comparison = ResultComparison.compare(
            base: results.baseline, new: results.candidate,
            baseReference: "A " + String(outcome.baseline.commit.prefix(12)),
            newReference: "B " + String(outcome.candidate.commit.prefix(12)), options: request.comparison)
        if outcome.isAA { outcome.noiseFloors = Self.noiseFloors(results.baseline, results.candidate) }
        if let store {
            do {
                let baselineID = try await store.store(results.baseline).id
                let candidateID = try await store.store(results.candidate).id
                outcome.storedIDs = [baselineID, candidateID]
                if outcome.isAA, !outcome.noiseFloors.isEmpty {
                    try await store.recordNoiseFloors(runID: candidateID, floors: outcome.noiseFloors)
                }
            } catch {
                outcome.storeError = "\(error)"
            }
        }
        return outcome
    }

    /// Runs the matrix on both installs, alternating, and returns both results.
    func benchmark(
        baseline: (bin: String, build: PairedBuilder.Built), candidate: (bin: String, build: PairedBuilder.Built),
        request: PairedRunRequest, workArea: WorkArea, seed: UInt64,
        progress: @escaping @Sendable (PairedRunProgress) -> Void
    ) async throws -> (
        baseline: BenchmarkResult, candidate: BenchmarkResult, baselineFile: String, candidateFile: String
    ) {
        let labels = ["A-" + baseline.build.commit.prefix(12), "B-" + candidate.build.commit.prefix(12)]
        let output = request.outputDirectory ?? workArea.results + "/ab-" + FarmRun.stamp(Date())
        var benchmarkRequest = BenchmarkRequest(
            targets: [
                BenchmarkTarget(
                    label: labels[0], binDirectory: baseline.bin, source: baseline.build.result.source,
                    build: baseline.build.result),
                BenchmarkTarget(
                    label: labels[1], binDirectory: candidate.bin, source: candidate.build.result.source,
                    build: candidate.build.result),
            ], matrix: request.matrix, settings: request.settings, dataChecksums: request.dataChecksums,
            listenOnTCP: request.listenOnTCP, firstPort: request.firstPort, osUser: request.osUser,
            workDirectory: workArea.root, outputDirectory: output, keepCluster: request.keepCluster,
            perffarmVersion: request.perffarmVersion, lockWorkArea: false, shuffleTargetOrder: true,
            targetOrderSeed: seed)
        benchmarkRequest.keepClusters = request.keepClusters
        let benchmark = PgbenchBenchmark(runner: runner, logger: logger, environment: environment)
        var results = try await benchmark.runSession(
            benchmarkRequest, observer: ProgressObserver { progress(.benchmark($0)) })
        let files = labels.map { output + "/" + $0 + "/result.json" }
        if let machine = request.machine {
            // The machine's name is the farm's, not the benchmark's: written into the files as well.
            for index in results.indices {
                results[index].machine = machine
                try? FileSystem.writeDurably(try BenchmarkResultJSON.encode(results[index]), to: files[index])
            }
        }
        return (results[0], results[1], files[0], files[1])
    }

    /// Per cell, the coefficient of variation of tps of both sides' measured repetitions together.
    static func noiseFloors(_ a: BenchmarkResult, _ b: BenchmarkResult) -> [String: (cv: Double, repetitions: Int)] {
        var values: [String: [Double]] = [:]
        for run in a.runs + b.runs where !run.warmup && run.status == .succeeded {
            guard let tps = run.summary?.tps else { continue }
            values[ResultComparison.key(scale: run.scale, clients: run.clients, workload: run.workload), default: []]
                .append(tps)
        }
        var floors: [String: (cv: Double, repetitions: Int)] = [:]
        for (cell, tps) in values where tps.count >= 4 {
            if let cv = SummaryStatistics(tps)?.coefficientOfVariation { floors[cell] = (cv, tps.count) }
        }
        return floors
    }
}

/// What a paired run (or a bisection) is doing.
public enum PairedRunProgress: Sendable {
    /// A build step of side `A` or `B`.
    case build(side: String, BuildProgress)
    /// A benchmark step.
    case benchmark(BenchmarkProgress)
}
