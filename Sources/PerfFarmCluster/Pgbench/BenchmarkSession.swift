import Foundation
import Logging
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmProcess

/// One invocation of ``PgbenchBenchmark``, with the work area locked: sets up a cluster per target, runs the
/// matrix (alternating the targets run by run), tears every cluster down on every path, and keeps each
/// target's result up to date on disk.
///
/// The concerns live in extensions: `+SetUp` (clean-up, initdb, start, scripts), `+Matrix` (the plan, one
/// run with its observer), `+DataSets` (data sets, copies, checkpoints), `+TearDown` (stop, keep or remove).
struct BenchmarkSession {
    let request: BenchmarkRequest
    let osUser: String?
    let workArea: WorkArea
    let cpuCount: Int
    let runner: any CommandRunner
    let connector: any PostgresConnector
    let logger: Logger
    let observer: any BenchmarkObserver
    let plan: BenchmarkPlan
    /// The order of the targets within each plan item (indices into ``targets``).
    let targetOrders: [[Int]]

    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    var targets: [TargetRun]
    /// Whether SIGINT or SIGTERM stopped the session.
    var interrupted = false
    /// Wall time of each finished run, preparation included (for the ETA).
    var runWallSeconds: [Double] = []
    /// The runs finished, all targets together.
    var completedRuns = 0
    /// The first error of an intermediate save (the final save throws instead).
    var saveError: PerfFarmError?

    var matrix: BenchmarkMatrix { request.matrix }
    var totalRuns: Int { plan.items.count * targets.count }

    init(
        request: BenchmarkRequest, targets: [TargetRun], osUser: String?, workArea: WorkArea, cpuCount: Int,
        runner: any CommandRunner, connector: any PostgresConnector, logger: Logger, observer: any BenchmarkObserver
    ) {
        self.request = request
        self.targets = targets
        self.osUser = osUser
        self.workArea = workArea
        self.cpuCount = cpuCount
        self.runner = runner
        self.connector = connector
        self.logger = logger
        self.observer = observer
        plan = BenchmarkPlan(matrix: request.matrix)
        targetOrders = Self.targetOrders(
            items: plan.items.count, targets: targets.count, shuffled: request.shuffleTargetOrder,
            seed: request.targetOrderSeed ?? 0)
        start = clock.now
    }

    /// Per plan item, the order in which the targets run it: always the targets' order, or shuffled with the
    /// seed (one shuffle per item, so that neither target always runs first).
    static func targetOrders(items: Int, targets: Int, shuffled: Bool, seed: UInt64) -> [[Int]] {
        var generator = SplitMix64(seed: seed)
        return (0..<items).map { _ in
            var order = Array(0..<targets)
            if shuffled { order.shuffle(using: &generator) }
            return order
        }
    }

    // MARK: - The whole session

    /// Runs the session to its end.
    /// - Returns: each target's result, in the order of the request.
    /// - Throws: ``PerfFarmError`` (`file_access`) when a final result cannot be written (after every cluster
    ///   was stopped): a benchmark whose result is not on disk did not succeed.
    mutating func run() async throws -> [BenchmarkResult] {
        do {
            try await setUp()
            try await runMatrix()
        } catch {
            if error is CancellationError || Task.isCancelled {
                interrupted = true
                for index in targets.indices {
                    let stage = targets[index].stage
                    targets[index].fail(.interrupted, "stopped by a signal during \(stage.rawValue)")
                }
            } else if let failure = error as? TargetFailure {
                // The target whose step failed has its stage; the others stop with it.
                targets[failure.index].fail(targets[failure.index].stage, "\(failure.error)")
                let label = targets[failure.index].target.label
                for index in targets.indices where index != failure.index {
                    targets[index].fail(targets[index].stage, "stopped because \(label) failed: \(failure.error)")
                }
            } else {
                for index in targets.indices {
                    targets[index].fail(targets[index].stage, "\(error)")
                }
            }
        }
        await tearDown()
        var saveFailures: [String] = []
        for index in targets.indices {
            targets[index].result.cells = targets[index].cells(of: matrix)
            targets[index].result.timings.totalSeconds = (clock.now - start).inSeconds
            targets[index].result.finishedAt = Date()
            let failed = targets[index].hasFailures
            targets[index].result.status = interrupted ? .interrupted : failed ? .failed : .succeeded
            do {
                try save(index)
            } catch {
                saveFailures.append("\(error)")
            }
        }
        if !saveFailures.isEmpty {
            throw PerfFarmError(
                .fileAccess, "the result could not be written: " + saveFailures.joined(separator: "; "))
        }
        return targets.map(\.result)
    }

    // MARK: - Result

    /// Writes target `index`'s result as it is now.
    /// - Throws: ``PerfFarmError`` (`file_access`) when it cannot be written.
    func save(_ index: Int) throws {
        try BenchmarkResultJSON.write(targets[index].result, toDirectory: targets[index].outputDirectory)
    }

    /// Writes every target's result as it is now; a failure is remembered (the final save throws).
    mutating func saveAll() {
        for index in targets.indices {
            do {
                try save(index)
            } catch let error as PerfFarmError {
                logger.debug("cannot write the result", metadata: ["error": "\(error)"])
                saveError = saveError ?? error
            } catch {
                saveError = saveError ?? PerfFarmError(.fileAccess, "\(error)")
            }
        }
    }

    // MARK: - Progress

    func report(_ activity: String, target: Int? = nil) {
        observer.progress(
            BenchmarkProgress(
                activity: activity, target: label(target), completedRuns: completedRuns, totalRuns: totalRuns,
                remainingSeconds: remainingSeconds(completed: completedRuns)))
    }

    /// The label of target `index` when the session has several targets.
    func label(_ index: Int?) -> String? {
        guard let index, targets.count > 1 else { return nil }
        return targets[index].target.label
    }

    func describe(_ item: BenchmarkPlan.Item) -> String {
        let workload = matrix.workloads[item.workload].name
        let clients = item.clients == 1 ? "1 client" : "\(item.clients) clients"
        let run = item.repetition.map { "run \($0)/\(matrix.repetitions)" } ?? "warm-up"
        return "scale \(item.scale) · \(clients) · \(workload) · \(run)"
    }

    /// The time left: the runs left times the mean wall time of the runs so far (or, before the first, the
    /// planned length of each run plus a second); `nil` for `-t` runs before the first has finished.
    func remainingSeconds(completed: Int) -> Double? {
        let left = max(0, totalRuns - completed)
        if !runWallSeconds.isEmpty {
            return Double(left) * runWallSeconds.reduce(0, +) / Double(runWallSeconds.count)
        }
        guard let duration = matrix.durationSeconds else { return nil }
        let warmups =
            matrix.warmupSeconds > 0
            ? matrix.scales.count * matrix.clients.count * matrix.workloads.count * targets.count : 0
        let measuredLeft = max(0, left - warmups)
        return Double(measuredLeft * (duration + 1) + min(left, warmups) * (matrix.warmupSeconds + 1))
    }

    // MARK: - Helpers

    func checkCancellation() throws {
        if Task.isCancelled { throw CancellationError() }
    }

    /// `name` for a directory name: letters, digits, `-`, `_`, `.`; anything else becomes `_`.
    static func safeName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }
}

/// A step of one target failed and stopped the session.
struct TargetFailure: Error {
    /// The target.
    var index: Int
    /// What failed.
    var error: any Error
}
