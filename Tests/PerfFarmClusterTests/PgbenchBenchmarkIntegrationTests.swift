import Foundation
import Logging
import PerfFarmCompression
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Synchronization
import Testing

@testable import PerfFarmCluster

/// The matrix runner against the machine's real PostgreSQL: short runs, each test in its own work area, and
/// no process of a test left at its end.
@Suite("PgbenchBenchmark: real matrix runs", .serialized, .timeLimit(.minutes(10)))
struct PgbenchBenchmarkIntegrationTests {
    let benchmark = PgbenchBenchmark(
        runner: LiveCommandRunner(logger: Logger(label: "test"), gracePeriod: .seconds(2)),
        logger: Logger(label: "test"))

    func request(_ area: BenchmarkTestArea, _ matrix: BenchmarkMatrix) throws -> BenchmarkRequest {
        BenchmarkRequest(
            binDirectory: try PostgresClusterTests.binDirectory(), matrix: matrix,
            settings: [.init(name: "shared_buffers", value: "64MB")], workDirectory: area.workDirectory,
            outputDirectory: area.file("out"), perffarmVersion: "test")
    }

    @Test("scale 1, clients 1 and 2, read-write and read-only, 2 s, 2 repetitions: parsed results, outputs kept")
    func smallMatrix() async throws {
        try await BenchmarkTestArea.run { area in
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [1, 2], workloads: [.readWrite, .readOnly], repetitions: 2, durationSeconds: 2)
            let progress = ProgressLog()
            let result = try await benchmark.run(try request(area, matrix)) { progress.append($0) }
            #expect(result.status == .succeeded)
            #expect(result.failure == nil)
            #expect(result.runs.count == 8)
            for run in result.runs {
                #expect(run.status == .succeeded, "\(run.errors)")
                let summary = try #require(run.summary)
                #expect((summary.tps ?? 0) > 0)
                #expect(summary.clients == run.clients)
                #expect(summary.threads == min(run.clients, result.cpuCount))
                #expect(summary.scalingFactor == 1)
                #expect(summary.durationSeconds == 2)
                #expect(!summary.progress.isEmpty)
                #expect(!summary.statements.isEmpty)
                #expect(run.command?.exitStatus == 0)
                // The per-transaction logs of every thread hold every transaction the summary counts.
                let log = try #require(run.logStatistics)
                #expect(log.transactions == summary.transactionsProcessed)
                #expect(log.clients == run.clients)
                #expect(run.logFiles.count == run.threads)
                // The compressed files next to the result hold them all.
                var fromFiles = 0
                for file in run.logFiles {
                    #expect(file.hasSuffix(".gz"))
                    if case .log(let statistics) = try PgbenchFile.parse(path: area.file("out/" + file), kind: .log) {
                        fromFiles += statistics.transactions
                    }
                }
                #expect(fromFiles == log.transactions)
                let stdout = try String(contentsOfFile: area.file("out/" + run.command!.stdoutFile!), encoding: .utf8)
                #expect(stdout.contains("tps = "))
                #expect((run.checkpointSeconds ?? -1) >= 0)
            }
            let writing = result.runs.filter { $0.workload == "read-write" }
            #expect(writing.allSatisfy { $0.freshCopy && $0.database == "pgbench_s1_copy" && $0.copySeconds != nil })
            let reading = result.runs.filter { $0.workload == "read-only" }
            #expect(reading.allSatisfy { !$0.freshCopy && $0.database == "pgbench_s1" && $0.copySeconds == nil })
            #expect(result.runs.map(\.repetition) == [1, 2, 1, 2, 1, 2, 1, 2])

            #expect(
                result.cells.map { "\($0.clients)/\($0.workload)" } == [
                    "1/read-write", "1/read-only", "2/read-write", "2/read-only",
                ])
            for cell in result.cells {
                #expect(cell.succeeded == 2 && cell.failed == 0)
                let tps = try #require(cell.tps)
                #expect(tps.count == 2)
                #expect(tps.coefficientOfVariation != nil)
                let expected = result.runs.filter { $0.clients == cell.clients && $0.workload == cell.workload }
                    .compactMap { $0.summary?.tps }
                #expect(tps.mean == SummaryStatistics(expected)?.mean)
                #expect(cell.latencyAverageMilliseconds?.count == 2)
            }

            let dataset = try #require(result.datasets.first)
            #expect(result.datasets.count == 1)
            #expect(dataset.status == .succeeded)
            #expect(dataset.initialization?.done == true)
            #expect(dataset.initialization?.scalingFactor == 1)
            #expect((dataset.sizeBytes ?? 0) > 10_000_000)

            let cluster = try #require(result.cluster)
            #expect(cluster.serverVersion?.hasPrefix("PostgreSQL ") == true)
            #expect(cluster.stopMode == "fast")
            #expect(!cluster.kept)
            #expect(cluster.serverLogFile == "server.log")
            #expect(FileManager.default.fileExists(atPath: area.file("out/server.log")))
            #expect(!FileManager.default.fileExists(atPath: cluster.directory))
            #expect(cluster.settings.contains(.init(name: "shared_buffers", value: "64MB")))

            #expect(result.timings.pgbenchSeconds >= 16)
            #expect(result.timings.totalSeconds > result.timings.pgbenchSeconds)
            #expect(
                result.timings.initSeconds > 0 && result.timings.copySeconds > 0 && result.timings.clusterSeconds > 0)

            let written = try BenchmarkResultJSON.decode(
                Data(contentsOf: URL(fileURLWithPath: area.file("out/result.json"))))
            #expect(written.status == .succeeded)
            #expect(written.runs.count == 8)
            #expect(progress.reports.contains { $0.finishedRun != nil && $0.completedRuns == 8 })
            #expect(progress.reports.contains { $0.currentTPS != nil })
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("a bad custom script: that cell fails with pgbench's error, the others succeed, the cluster is kept")
    func badCustomScript() async throws {
        try await BenchmarkTestArea.run { area in
            let script = area.file("bad.sql")
            try "SELECT * FROM no_such_table;\n".write(toFile: script, atomically: true, encoding: .utf8)
            let good = area.file("good.sql")
            try "\\set aid random(1, 100000 * :scale)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n"
                .write(toFile: good, atomically: true, encoding: .utf8)
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [1],
                workloads: [
                    .readOnly, .custom(name: "bad", files: [(script, 1)]),
                    .custom(name: "good", files: [(good, 3)], writes: false),
                ], repetitions: 1, durationSeconds: 1)
            let result = try await benchmark.run(try request(area, matrix))
            #expect(result.status == .failed)
            #expect(result.failure == nil)
            #expect(result.runs.map(\.workload) == ["read-only", "bad", "good"])
            #expect(result.runs.map(\.status) == [.succeeded, .failed, .succeeded])
            let bad = result.runs[1]
            #expect(bad.errors.contains { $0.contains("no_such_table") })
            #expect(bad.command?.exitStatus != 0)
            #expect(bad.command?.commandLine.contains("/scripts/1-0-bad.sql@1") == true)
            #expect(result.runs[2].command?.commandLine.contains("/scripts/2-0-good.sql@3") == true)
            #expect((result.runs[2].summary?.tps ?? 0) > 0)
            #expect(result.cells.map(\.failed) == [0, 1, 0])
            #expect(result.cells[1].tps == nil)
            #expect(FileManager.default.fileExists(atPath: area.file("out/scripts/1-0-bad.sql")))
            // Kept for diagnosis, and stopped.
            let cluster = try #require(result.cluster)
            #expect(cluster.kept)
            #expect(FileManager.default.fileExists(atPath: cluster.directory + "/KEPT"))
            #expect(FileManager.default.fileExists(atPath: cluster.dataDirectory + "/PG_VERSION"))
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("-t runs, aggregate logs, a warm-up per cell, random order with its seed")
    func transactionsWarmupRandomOrder() async throws {
        try await BenchmarkTestArea.run { area in
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [2], workloads: [.simpleUpdate, .readOnly], repetitions: 1, durationSeconds: nil,
                transactions: 200, warmupSeconds: 1, logMode: .aggregate, aggregateIntervalSeconds: 1,
                randomOrder: true, seed: 7)
            let result = try await benchmark.run(try request(area, matrix))
            #expect(result.status == .succeeded)
            #expect(result.matrix.seed == 7)
            #expect(result.runs.count == 4)
            #expect(result.runs.map(\.warmup) == [true, false, true, false])
            let expectedOrder = BenchmarkPlan(matrix: matrix).items.map { matrix.workloads[$0.workload].name }
            #expect(result.runs.map(\.workload) == expectedOrder)
            for run in result.runs where run.warmup {
                #expect(run.repetition == nil)
                #expect(run.logFiles.isEmpty && run.aggregateLog == nil)
                #expect(run.command?.commandLine.contains("-T 1") == true)
            }
            for run in result.runs where !run.warmup {
                #expect(run.summary?.transactionsProcessed == 400)
                #expect(run.summary?.transactionsExpected == 400)
                // pgbench leaves the last, partial interval out of an aggregate log.
                #expect((run.aggregateLog?.transactions ?? 401) <= 400)
                #expect(run.logFiles.count == 2)
                #expect(run.logStatistics == nil)
            }
            #expect(result.cells.allSatisfy { $0.succeeded == 1 && $0.tps?.count == 1 })
            #expect(await area.processesLeft().isEmpty)
        }
    }
}

/// Progress reports collected from any thread.
final class ProgressLog: Sendable {
    private let storage = Mutex<[BenchmarkProgress]>([])

    func append(_ progress: BenchmarkProgress) { storage.withLock { $0.append(progress) } }

    var reports: [BenchmarkProgress] { storage.withLock { $0 } }
}
