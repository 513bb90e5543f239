// FarmOverheadBenchmark: what a farm run costs around pgbench, and what its observation costs pgbench.
//
//   swift run -c release --package-path Benchmarks FarmOverheadBenchmark --repo DIR [--branch master]
//       [--pg-bin DIR] [--duration 10] [--pairs 5] [--work-dir DIR] [--only farm|observer]
//       [--sample-interval 1] [--observer farm|sampler|none] [--workloads read-write,read-only]
//
// 1. farm: `perffarm run --quick` (scale 1, clients 1 and 2, read-write and read-only, one run each) of a local
//    repository's branch with its build in the install cache (a first run fills the cache and is not counted):
//    the run's wall time outside pgbench (fetch, cache look-up, preflight, cluster, data set, copies,
//    checkpoints, snapshots, result) as a share of the pgbench time.
// 2. observer: the same matrix on an installed PostgreSQL (--pg-bin), each pair of runs once with the farm's
//    observer (statistics snapshots before and after, the sampler at 1 Hz during the run) and once without, in
//    alternating order: the tps ratio (with / without) per pair, its median and its spread.
import Foundation
import Logging
import PerfFarmClient
import PerfFarmCollectors
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#endif

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let repository = argument("--repo")
let branch = argument("--branch") ?? "master"
let binDirectory = argument("--pg-bin") ?? "/usr/lib/postgresql/15/bin"
let duration = Int(argument("--duration") ?? "10") ?? 10
let pairs = Int(argument("--pairs") ?? "5") ?? 5
let only = argument("--only")
// The observer's sampling interval in seconds (a large value leaves the snapshots alone, to tell them apart).
let sampleInterval = Double(argument("--sample-interval") ?? "1") ?? 1
// What the observed side runs: the farm's observer (`farm`), the sampler alone (`sampler`), or nothing (`none`:
// an A/A comparison that shows the noise and any order effect of the pairs themselves).
let observerMode = argument("--observer") ?? "farm"
// Added to the pair number that decides which side goes first (so that separate invocations alternate too).
let pairOffset = Int(argument("--pair-offset") ?? "0") ?? 0
let workloads = (argument("--workloads") ?? "read-write,read-only").split(separator: ",").map(String.init)
let work =
    argument("--work-dir") ?? FileManager.default.temporaryDirectory.path + "/perffarm-farm-overhead-\(getpid())"
var logger = Logger(label: "farm-overhead")
logger.logLevel = .warning
let runner = LiveCommandRunner(logger: logger)

func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

// MARK: - 1. The farm run around pgbench

if only != "observer", let repository {
    var configuration = FarmConfiguration()
    configuration.repository.url = repository
    configuration.repository.branches = .list([branch])
    configuration.run.workDir = work
    configuration.output.directory = work + "/results"
    configuration.applyQuick()
    configuration.matrix.duration = duration
    let farm = FarmRun(runner: runner, logger: logger)
    say("farm: a first run fills the install cache (not counted)")
    _ = try await farm.run(FarmRunRequest(configuration: configuration, force: true))
    for attempt in 1...3 {
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try await farm.run(FarmRunRequest(configuration: configuration, force: true))
        let wall = (clock.now - start).inSeconds
        guard let result = summary.branches.first?.result, result.status == .succeeded else {
            say("farm: the run failed: \(summary.branches.first?.message ?? "?")")
            exit(1)
        }
        let pgbench = result.timings.pgbenchSeconds
        let phases = result.phases.map { String(format: "%@ %.2f s", $0.name, $0.seconds) }.joined(separator: ", ")
        print(
            String(
                format:
                    "farm run %d: wall %.1f s, pgbench %.1f s, outside pgbench %.1f s = %.1f%% (%@; cached build: %@)",
                attempt, wall, pgbench, wall - pgbench, 100 * (wall - pgbench) / pgbench, phases,
                result.build?.cached == true ? "yes" : "no"))
    }
}

// MARK: - 2. What observing a run costs pgbench

struct NoObserver: BenchmarkObserver {}

/// The sampler alone during each run: no connection, no snapshot.
struct SamplerOnlyObserver: BenchmarkObserver {
    let interval: Duration

    actor Watcher: PgbenchRunWatcher {
        let sampler: SystemSampler
        init(sampler: SystemSampler) { self.sampler = sampler }
        func whileRunning() async {
            _ = try? await sampler.sample { try? await Task.sleep(for: .seconds(86400)) }
        }
        func runDidEnd(_ run: PgbenchRun) async -> PgbenchRunObservation { PgbenchRunObservation() }
    }

    func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)? {
        let device = StorageReader().describe(path: context.dataDirectory).device
        let reader = SystemCountersReader(device: device, postmasterPID: context.postmasterPID.map(Int.init))
        return Watcher(sampler: SystemSampler(reader: reader, interval: interval))
    }
}

if only != "farm" {
    let matrix = BenchmarkMatrix(
        scales: [1], clients: [2], workloads: workloads.compactMap { PgbenchWorkload.builtin(named: $0) }, repetitions: 1,
        durationSeconds: duration,
        logMode: .none)
    var ratios: [String: [Double]] = [:]
    let benchmark = PgbenchBenchmark(runner: runner, logger: logger)
    for pair in 1...pairs {
        var tps: [Bool: BenchmarkResult] = [:]
        // Alternate which goes first, so that a drift of the machine does not favour one.
        for observed in (pair + pairOffset) % 2 == 0 ? [true, false] : [false, true] {
            let request = BenchmarkRequest(
                binDirectory: binDirectory, matrix: matrix, workDirectory: work,
                outputDirectory: work + "/observer-\(pair)-\(observed)")
            let interval = Duration.milliseconds(Int64(sampleInterval * 1000))
            let observer: any BenchmarkObserver
            if !observed || observerMode == "none" {
                observer = NoObserver()
            } else if observerMode == "sampler" {
                observer = SamplerOnlyObserver(interval: interval)
            } else {
                observer = FarmObserver(sampling: .init(interval: interval), runner: runner)
            }
            tps[observed] = try await benchmark.run(request, observer: observer)
        }
        for workload in workloads {
            let with = tps[true]?.cells.first { $0.workload == workload }?.tps?.median
            let without = tps[false]?.cells.first { $0.workload == workload }?.tps?.median
            if let with, let without {
                ratios[workload, default: []].append(with / without)
                say(
                    String(
                        format: "observer pair %d %@: %.1f vs %.1f tps (%.4f)", pair, workload, with, without,
                        with / without))
            }
        }
    }
    for (workload, values) in ratios.sorted(by: { $0.key < $1.key }) {
        print(
            String(
                format: "observer %@: tps with / without, median %.4f (min %.4f, max %.4f) over %d pairs of %d s",
                workload, median(values), values.min() ?? 0, values.max() ?? 0, values.count, duration))
    }
}
try? FileManager.default.removeItem(atPath: work)
