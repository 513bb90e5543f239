// MatrixOverheadBenchmark: the time a pgbench matrix takes beyond the pgbench runs themselves, perffarm's way
// next to the old farm client's way, on the same machine in one run.
//
//   swift run -c release --package-path Benchmarks MatrixOverheadBenchmark [--pg-bin DIR] [--scales 1,10]
//       [--clients 1,4] [--duration 5] [--runs 3] [--log none|transactions] [--only perffarm|old]
//
// 1. perffarm: `PgbenchBenchmark` (what `perffarm bench` runs): initdb, start, per scale one `pgbench -i`,
//    per writing run a `CREATE DATABASE ... TEMPLATE` copy, per run a CHECKPOINT and statistics resets, stop,
//    removal. Overhead = the result's total time − the pgbench processes' time.
// 2. the old client's way, with the same cluster code and the same pgbench options: initdb, start, and before
//    every run `DROP DATABASE`, `CREATE DATABASE`, `pgbench -i -s N`, `CHECKPOINT`; stop, removal.
//    Overhead = wall time − the pgbench processes' time.
// Both run the matrix scales × clients × {read-write, read-only} × runs, sequentially, -T duration, -P 1 -r,
// without pgbench logs by default (the old client kept none; `--log transactions` adds perffarm's log handling).
// Prints both overheads, as seconds and as a share of the pgbench time, and their ratio.
import Foundation
import Logging
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

func integers(_ text: String) -> [Int] { text.split(separator: ",").compactMap { Int($0) } }

func seconds(_ duration: Duration) -> Double {
    duration.inSeconds
}

struct Overhead {
    var name: String
    var totalSeconds: Double
    var pgbenchSeconds: Double
    var parts: [(String, Double)]
    var failedRuns: Int

    var overheadSeconds: Double { totalSeconds - pgbenchSeconds }
    var percent: Double { 100 * overheadSeconds / pgbenchSeconds }
}

let binDirectory = argument("--pg-bin") ?? "/usr/lib/postgresql/15/bin"
let scales = integers(argument("--scales") ?? "1,10")
let clients = integers(argument("--clients") ?? "1,4")
let duration = Int(argument("--duration") ?? "5") ?? 5
let runs = Int(argument("--runs") ?? "3") ?? 3
let logMode: BenchmarkMatrix.LogMode = argument("--log") == "transactions" ? .transactions : .none
let only = argument("--only")
let osUser: String? = geteuid() == 0 ? (argument("--os-user") ?? "postgres") : nil

let logger: Logger = {
    var logger = Logger(label: "matrix-overhead")
    logger.logLevel = .warning
    return logger
}()
let runner = LiveCommandRunner(logger: logger)
let base = FileManager.default.temporaryDirectory.path + "/perffarm-matrix-overhead-\(getpid())"
try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: base) }
let matrix = BenchmarkMatrix(
    scales: scales, clients: clients, workloads: [.readWrite, .readOnly], repetitions: runs,
    durationSeconds: duration, logMode: logMode)
let measuredRuns = scales.count * clients.count * 2 * runs
print(
    "matrix: scales \(scales), clients \(clients), read-write + read-only, \(runs) × \(duration) s = \(measuredRuns) runs, "
        + "logs: \(logMode.rawValue), \(ProcessInfo.processInfo.activeProcessorCount) CPUs, \(binDirectory)")

/// perffarm's way: the library behind `perffarm bench`.
func perffarmWay() async throws -> Overhead {
    let benchmark = PgbenchBenchmark(runner: runner, logger: logger)
    let result = try await benchmark.run(
        BenchmarkRequest(
            binDirectory: binDirectory, matrix: matrix, osUser: osUser, workDirectory: base + "/perffarm-work",
            outputDirectory: base + "/perffarm-out")
    ) { progress in
        if let run = progress.finishedRun {
            FileHandle.standardError.write(
                Data(
                    "  perffarm [\(progress.completedRuns)/\(progress.totalRuns)] \(progress.activity): \(run.status.rawValue)\n"
                        .utf8))
        }
    }
    let timings = result.timings
    return Overhead(
        name: "perffarm (one pgbench -i per scale, template copies for writing runs)",
        totalSeconds: timings.totalSeconds, pgbenchSeconds: timings.pgbenchSeconds,
        parts: [
            ("cluster", timings.clusterSeconds), ("pgbench -i", timings.initSeconds), ("copies", timings.copySeconds),
            ("checkpoints", timings.checkpointSeconds), ("logs", timings.logSeconds),
        ], failedRuns: result.runs.filter { $0.status != .succeeded }.count)
}

/// The old client's way: before every run, drop and recreate the database, `pgbench -i`, CHECKPOINT.
func oldWay() async throws -> Overhead {
    let clock = ContinuousClock()
    let start = clock.now
    let installation = try await PostgresInstallation.inspect(binDirectory: binDirectory, runner: runner)
    let directory = base + "/old-cluster"
    var cluster = try PostgresCluster(
        installation: installation,
        configuration: PostgresClusterConfiguration(directory: directory, osUser: osUser, firstPort: 57432),
        runner: runner, logger: logger)
    var parts: [String: Double] = [:]
    var pgbench = 0.0
    var failed = 0
    func timed(_ name: String, _ body: () async throws -> Void) async rethrows {
        let began = clock.now
        try await body()
        parts[name, default: 0] += seconds(clock.now - began)
    }
    try await timed("cluster") {
        try await cluster.initialize()
        try await cluster.start()
    }
    do {
        for scale in scales {
            for count in clients {
                for workload in matrix.workloads {
                    for repetition in 1...runs {
                        try await timed("drop + create + pgbench -i") {
                            try await cluster.execute(["DROP DATABASE IF EXISTS bench", "CREATE DATABASE bench"])
                            let initialize = cluster.command(
                                "pgbench", ["-i", "-s", String(scale)] + cluster.connectionArguments + ["bench"],
                                timeout: .seconds(7200))
                            try await runner.runChecked(initialize)
                        }
                        try await timed("checkpoints") { try await cluster.execute(["CHECKPOINT"], database: "bench") }
                        let arguments =
                            cluster.connectionArguments + [
                                "-c", String(count), "-j",
                                String(min(count, ProcessInfo.processInfo.activeProcessorCount)),
                                "-T", String(duration), "-P", "1", "-r", "-b", workload.scripts[0].name + "@1", "bench",
                            ]
                        let outcome = try await runner.run(
                            cluster.command("pgbench", arguments, timeout: .seconds(duration + 300)))
                        pgbench += outcome.seconds
                        if !outcome.succeeded { failed += 1 }
                        FileHandle.standardError.write(
                            Data(
                                "  old way: scale \(scale), \(count) clients, \(workload.name), run \(repetition): \(outcome.termination)\n"
                                    .utf8))
                    }
                }
            }
        }
    } catch {
        _ = try? await cluster.stop()
        try? cluster.remove()
        throw error
    }
    try await timed("cluster") {
        try await cluster.stop()
        try cluster.remove()
    }
    return Overhead(
        name: "old client (drop, create, pgbench -i and CHECKPOINT before every run)",
        totalSeconds: seconds(clock.now - start), pgbenchSeconds: pgbench,
        parts: parts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, failedRuns: failed)
}

func report(_ overhead: Overhead) {
    print(overhead.name)
    print(
        String(
            format: "  total %.1f s, pgbench %.1f s, overhead %.1f s = %.1f%% of the pgbench time%@",
            overhead.totalSeconds, overhead.pgbenchSeconds, overhead.overheadSeconds, overhead.percent,
            overhead.failedRuns > 0 ? " (\(overhead.failedRuns) runs failed)" : ""))
    print("  " + overhead.parts.map { String(format: "%@ %.1f s", $0.0, $0.1) }.joined(separator: ", "))
}

var results: [Overhead] = []
if only != "old" {
    let perffarm = try await perffarmWay()
    report(perffarm)
    results.append(perffarm)
}
if only != "perffarm" {
    let old = try await oldWay()
    report(old)
    results.append(old)
}
if results.count == 2 {
    print(
        String(
            format: "ratio: perffarm's overhead is %.2f × the old way's (%.1f s vs %.1f s)",
            results[0].overheadSeconds / results[1].overheadSeconds, results[0].overheadSeconds,
            results[1].overheadSeconds))
}
