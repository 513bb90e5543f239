import Foundation
public import Logging
import PerfFarmBuild
import PerfFarmCluster
public import PerfFarmCore
public import PerfFarmProcess
public import PerfFarmResults

/// `perffarm bisect`: finds the first commit of a branch's first-parent line that made one cell slower.
///
/// The good commit is built first, then the bad one is compared with it (the regression must be there); then a
/// binary search (``BisectSearch``): each step builds the middle commit incrementally in the branch's persistent
/// build tree (a step after a small change rebuilds in seconds; a commit already in the install cache is not
/// rebuilt), runs a paired A/B of it against the good commit (``PairedRun``: alternating runs, a fresh cluster
/// each side), and calls it bad when the comparison says `regression` (significant, p < 0.05, and a slowdown of
/// at least the threshold), good otherwise. A commit that does not build is skipped and a neighbour
/// tried. The state is saved after every step (``BisectState``), so an interrupted bisection resumes; every
/// step's results go to the store.
public struct Bisection: Sendable {
    /// How a bisection ended.
    public struct Outcome: Sendable {
        public enum Kind: String, Sendable {
            /// The first bad commit is known.
            case found
            /// Only skipped commits are left: the first bad commit is one of ``candidates``.
            case ambiguous
            /// The bad commit is not slower than the good one in this cell: nothing to search.
            case noRegression = "no_regression"
            /// Stopped after the number of steps asked for (`maximumSteps`); resume to go on.
            case incomplete
        }

        public var kind: Kind
        public var state: BisectState
        /// Where the state is saved.
        public var statePath: String
        /// The first bad commit, when found.
        public var firstBad: BisectState.Commit?
        /// The commits that may be the first bad one (oldest first).
        public var candidates: [BisectState.Commit]
        /// The comparison that showed the first bad commit slower than the good one.
        public var effect: SampleComparison?
    }

    /// What a bisection is doing.
    public enum Progress: Sendable {
        /// The search is set: the commits between good and bad, and at most how many steps it takes.
        case started(commits: Int, maximumSteps: Int, resumed: Int)
        /// A step (or the verification, `number` 0) ended.
        case step(number: Int, BisectState.Step)
        /// Builds and benchmarks within a step.
        case paired(PairedRunProgress)
    }

    public let runner: any CommandRunner
    public let logger: Logger
    public let environment: [String: String]

    public init(runner: any CommandRunner, logger: Logger, environment: [String: String]? = nil) {
        self.runner = runner
        self.logger = logger
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Runs (or resumes) a bisection.
    /// - Parameters:
    ///   - request: the search.
    ///   - resume: continue from the saved state (it must describe the same search); without it, a saved state
    ///     is started over.
    ///   - maximumSteps: stop after this many new steps of the search (the outcome is then `incomplete`); the
    ///     comparison of the bad commit that comes first is not one of them.
    ///   - store: where every step's results go.
    ///   - progress: steps as they end.
    /// - Throws: ``PerfFarmError``: `invalid_configuration` for a bad request, unknown commits, a good commit that
    ///   is not an ancestor of the bad one, a saved state of another search, or a good commit that does not
    ///   build; a locked work area; a fetch that fails.
    public func run(
        _ request: BisectRequest, resume: Bool = false, maximumSteps: Int? = nil, store: ResultStore? = nil,
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Outcome {
        try request.validate()
        let workArea = WorkArea(root: request.workDirectory ?? WorkArea.defaultRoot(environment: environment))
        try workArea.prepare()
        let lock = try WorkAreaLock.acquire(
            path: workArea.lockFile, purpose: "perffarm bisect of \(request.branch) (\(request.good)..\(request.bad))")
        defer { lock.release() }
        let builder = PairedBuilder(
            runner: runner, logger: logger, environment: environment, repository: request.repository,
            branch: request.branch, configureOptions: request.configureOptions, jobs: request.jobs,
            useCcache: request.useCcache, workDirectory: workArea.root)
        try await builder.prepare(fetch: request.fetch)
        let mirror = try await builder.mirror()
        let good = try await mirror.resolve(request.good, key: "--good")
        let bad = try await mirror.resolve(request.bad, key: "--bad")
        guard try await mirror.isAncestor(good, of: request.branch) else {
            throw PerfFarmError(.invalidConfiguration, "\(request.good) is not on \(request.branch)", key: "--good")
        }
        let line = try await mirror.firstParentCommits(from: good, to: bad)
        guard !line.isEmpty else {
            throw PerfFarmError(.invalidConfiguration, "--good and --bad are the same commit", key: "--bad")
        }
        let output =
            request.outputDirectory
            ?? workArea.root + "/bisect/" + request.branch.replacing("/", with: "_") + "-" + good.prefix(12) + "-"
            + bad.prefix(12)
        try FileSystem.createDirectory(output)
        let statePath = output + "/bisect-state.json"
        var state = BisectState(
            repository: request.repository, branch: request.branch, good: good, bad: bad, cell: request.cell,
            threshold: request.threshold, runs: request.runs, duration: request.duration,
            configureOptions: request.configureOptions, seed: request.seed ?? UInt64.random(in: 0..<(1 << 40)),
            commits: line.map { BisectState.Commit(hash: $0.hash, subject: $0.subject) })
        if resume, let data = try? FileSystem.read(statePath) {
            let saved: BisectState
            do {
                saved = try PerfFarmJSON.decode(BisectState.self, from: data)
            } catch {
                throw PerfFarmError(
                    .invalidConfiguration, "not a bisection state: " + PerfFarmJSON.describe(decodingError: error),
                    path: statePath)
            }
            guard saved.isSameSearch(as: state), saved.commits == state.commits else {
                throw PerfFarmError(
                    .invalidConfiguration,
                    "the saved bisection is of another search (\(saved.branch) \(saved.good.prefix(12))..\(saved.bad.prefix(12)), \(saved.cell)); start it over without --resume",
                    path: statePath)
            }
            state = saved
        }
        progress(
            .started(
                commits: line.count, maximumSteps: BisectSearch.maximumSteps(count: line.count),
                resumed: state.steps.count))

        let goodBuild = try await builder.build(good) { progress(.paired(.build(side: "A", $0))) }
        guard let goodBin = goodBuild.binDirectory else {
            throw PerfFarmError(
                .invalidConfiguration,
                "the good commit \(good.prefix(12)) does not build: "
                    + (goodBuild.result.failure?.message ?? "see \(goodBuild.result.logDirectory)"), key: "--good")
        }
        let context = StepContext(
            request: request, builder: builder, goodBuild: goodBuild, goodBin: goodBin, workArea: workArea,
            output: output, store: store, progress: progress)

        var newSteps = 0
        if state.verification == nil {
            let verification = try await step(index: line.count - 1, number: 0, state: state, context: context)
            state.verification = verification
            try save(state, to: statePath)
            progress(.step(number: 0, verification))
        }
        guard let verification = state.verification, verification.verdict == .bad else {
            return Outcome(
                kind: .noRegression, state: state, statePath: statePath, firstBad: nil, candidates: [],
                effect: state.verification?.comparison)
        }
        var search = state.search
        while let index = search.next {
            if let maximumSteps, newSteps >= maximumSteps {
                return Outcome(
                    kind: .incomplete, state: state, statePath: statePath, firstBad: nil, candidates: [], effect: nil)
            }
            let step = try await step(index: index, number: state.steps.count + 1, state: state, context: context)
            state.steps.append(step)
            search.record(index, step.verdict)
            try save(state, to: statePath)
            progress(.step(number: state.steps.count, step))
            newSteps += 1
        }
        let candidates = search.candidates.map { state.commits[$0] }
        guard search.isExact else {
            return Outcome(
                kind: .ambiguous, state: state, statePath: statePath, firstBad: nil, candidates: candidates,
                effect: nil)
        }
        let effect =
            search.bad == line.count - 1
            ? verification.comparison : state.steps.last { $0.index == search.bad }?.comparison
        return Outcome(
            kind: .found, state: state, statePath: statePath, firstBad: state.commits[search.bad],
            candidates: candidates, effect: effect)
    }

    /// What every step shares.
    struct StepContext: Sendable {
        var request: BisectRequest
        var builder: PairedBuilder
        var goodBuild: PairedBuilder.Built
        var goodBin: String
        var workArea: WorkArea
        var output: String
        var store: ResultStore?
        var progress: @Sendable (Progress) -> Void
    }

    /// Builds commit `index` and compares it with the good commit.
    private func step(index: Int, number: Int, state: BisectState, context: StepContext) async throws
        -> BisectState.Step
    {
        let commit = state.commits[index]
        let progress = context.progress
        let built = try await context.builder.build(commit.hash) { progress(.paired(.build(side: "B", $0))) }
        guard let bin = built.binDirectory else {
            return BisectState.Step(
                index: index, commit: commit.hash, subject: commit.subject, verdict: .skip,
                reason: "does not build: " + (built.result.failure?.message ?? "see \(built.result.logDirectory)"),
                comparison: nil, resultFiles: [], finishedAt: Date())
        }
        let request = context.request
        var matrix = BenchmarkMatrix(
            scales: [request.scale], clients: [request.clients],
            workloads: [PgbenchWorkload.builtin(named: request.workload)].compactMap { $0 },
            repetitions: request.runs, durationSeconds: request.duration)
        matrix.logMode = .none
        var paired = PairedRunRequest(
            repository: request.repository, branch: request.branch, baseline: state.good, candidate: commit.hash,
            matrix: matrix,
            outputDirectory: context.output + "/step-\(number)-\(commit.hash.prefix(12))")
        paired.settings = request.settings
        paired.osUser = request.osUser
        paired.firstPort = request.firstPort
        paired.dataChecksums = request.dataChecksums
        paired.listenOnTCP = request.listenOnTCP
        paired.keepCluster = request.keepCluster
        paired.keepClusters = request.keepClusters
        paired.machine = request.machine
        paired.perffarmVersion = request.perffarmVersion
        paired.comparison.minimumEffect = request.threshold
        // A step asks "is this commit slower than the good one by at least the threshold?", of a regression
        // already confirmed between the ends: significance and the threshold decide. The noise-scaled minimum
        // effect of `compare` (there against false alarms between unrelated runs) made a loaded CI machine
        // (1-second runs, a coefficient of variation near 60%) call the slow commit, ratio 0.29 at p 0.008,
        // "no change", and so good.
        paired.comparison.noiseMultiplier = 0
        paired.comparison.knownNoiseMultiplier = 0
        let seed = state.seed &+ UInt64(number)
        let results = try await PairedRun(runner: runner, logger: logger, environment: environment).benchmark(
            baseline: (context.goodBin, context.goodBuild), candidate: (bin, built), request: paired,
            workArea: context.workArea, seed: seed, progress: { progress(.paired($0)) })
        if let store = context.store {
            _ = try? await store.store(results.baseline)
            _ = try? await store.store(results.candidate)
        }
        let comparison = ResultComparison.compare(
            base: results.baseline, new: results.candidate, baseReference: "good", newReference: commit.hash,
            options: paired.comparison)
        let files = [results.baselineFile, results.candidateFile]
        guard let cell = comparison.cells.first, cell.verdict != .notComparable else {
            return BisectState.Step(
                index: index, commit: commit.hash, subject: commit.subject, verdict: .skip,
                reason: "not measurable: " + (comparison.cells.first?.reason ?? "the cell did not run"),
                comparison: comparison.cells.first?.tps, resultFiles: files, finishedAt: Date())
        }
        return BisectState.Step(
            index: index, commit: commit.hash, subject: commit.subject,
            verdict: cell.verdict == .regression ? .bad : .good, reason: cell.reason, comparison: cell.tps,
            resultFiles: files, finishedAt: Date())
    }

    private func save(_ state: BisectState, to path: String) throws {
        try FileSystem.writeDurably(try PerfFarmJSON.encode(state), to: path)
    }
}
