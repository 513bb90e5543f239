import Foundation
import Logging
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmCluster

/// The runner's seams against real servers: an observer's hooks around every run with a live connection, what
/// they return attached to the run's record, and one session over two installs (the machine's PostgreSQL and
/// the PostgreSQL 15.18 built from source).
@Suite("Benchmark observers and sessions of several installs (real servers)", .serialized, .timeLimit(.minutes(20)))
struct BenchmarkObserverTests {
    let benchmark = PgbenchBenchmark(
        runner: LiveCommandRunner(logger: Logger(label: "test"), gracePeriod: .seconds(2)),
        logger: Logger(label: "test"))

    @Test("before, during and after every run, in order, with a live connection; snapshots and samples attached")
    func hooksAroundEveryRun() async throws {
        try await BenchmarkTestArea.run { area in
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [1], workloads: [.readWrite, .readOnly], repetitions: 1, durationSeconds: 2,
                logMode: .none)
            let request = BenchmarkRequest(
                binDirectory: try PostgresClusterTests.binDirectory(), matrix: matrix,
                workDirectory: area.workDirectory, outputDirectory: area.file("out"))
            let log = EventLog()
            let result = try await benchmark.run(request, observer: SnapshotObserver(log: log))
            #expect(result.status == .succeeded)
            #expect(result.runs.count == 2)
            var expected: [String] = []
            for run in result.runs {
                expected += [
                    "before \(run.index)", "database \(run.index) \(run.database)", "during \(run.index)",
                    "during end \(run.index)", "after \(run.index) succeeded",
                ]
            }
            #expect(await log.events == expected)
            for run in result.runs {
                #expect(run.observerNotes.isEmpty, "\(run.observerNotes)")
                let delta = try #require(run.statisticsDelta)
                // pgbench's transactions, counted by the server in the run's own database.
                #expect((delta.database?.transactionsCommitted ?? 0) >= (run.summary?.transactionsProcessed ?? 1))
                #expect(delta.database?.database == run.database)
                #expect((delta.statements?.statements.first?.calls ?? 0) > 0)
                let series = try #require(run.systemSeries)
                // 2 s of pgbench sampled every 0.5 s: the baseline and at least three more.
                #expect(series.samples.count >= 4, "\(series.samples.count) samples")
                #expect(series.postmasterPID != nil)
            }
            let written =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: area.file("out/result.json")))) as? [String: Any]
            let firstRun = try #require((written?["runs"] as? [[String: Any]])?.first)
            #expect(firstRun["statistics_delta"] is [String: Any])
            #expect(firstRun["system_series"] is [String: Any])
            #expect(firstRun["observer_notes"] as? [String] == [])
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("an observer that fails before a run: the run is measured anyway and the failure is noted")
    func failingObserver() async throws {
        try await BenchmarkTestArea.run { area in
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [1], workloads: [.readOnly], repetitions: 1, durationSeconds: 1, logMode: .none)
            let request = BenchmarkRequest(
                binDirectory: try PostgresClusterTests.binDirectory(), matrix: matrix,
                workDirectory: area.workDirectory, outputDirectory: area.file("out"))
            let result = try await benchmark.run(request, observer: FailingObserver())
            #expect(result.status == .succeeded)
            let run = try #require(result.runs.first)
            #expect(run.status == .succeeded)
            #expect((run.summary?.tps ?? 0) > 0)
            #expect(run.observerNotes == ["the observer failed before the run: no snapshot today"])
            #expect(run.statisticsDelta == nil)
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("a session of two installs: the machine's PostgreSQL and the 15.18 source build, runs alternating")
    func twoInstallsInOneSession() async throws {
        let build = try await SharedPostgresBuild.get()
        try #require(build.result.status == .succeeded, "the shared PostgreSQL build failed")
        try await BenchmarkTestArea.run { area in
            let matrix = BenchmarkMatrix(
                scales: [1], clients: [1, 2], workloads: [.readOnly], repetitions: 1, durationSeconds: 1,
                logMode: .none)
            let request = BenchmarkRequest(
                targets: [
                    BenchmarkTarget(label: "machine", binDirectory: try PostgresClusterTests.binDirectory()),
                    BenchmarkTarget(
                        label: "source", binDirectory: build.binDirectory, source: build.result.source,
                        build: build.result),
                ],
                matrix: matrix, workDirectory: area.workDirectory, outputDirectory: area.file("out"))
            let progress = ProgressLog()
            let results = try await benchmark.runSession(request, observer: ProgressObserver { progress.append($0) })
            #expect(results.count == 2)
            let (machine, source) = (results[0], results[1])
            #expect(machine.status == .succeeded && source.status == .succeeded)
            #expect(machine.outputDirectory == area.file("out/machine"))
            #expect(source.outputDirectory == area.file("out/source"))
            for result in results {
                #expect(FileManager.default.fileExists(atPath: result.outputDirectory + "/result.json"))
                #expect(result.runs.count == 2 && result.runs.allSatisfy { $0.status == .succeeded })
                #expect(result.cluster?.stopMode == "fast")
            }
            // Each ran on its own install, at the same time, each behind its own socket directory.
            #expect(machine.cluster?.binDirectory == (try PostgresClusterTests.binDirectory()))
            #expect(source.cluster?.binDirectory == build.binDirectory)
            #expect(source.cluster?.serverVersionNumber == 150018)
            #expect(source.cluster?.socketDirectory != machine.cluster?.socketDirectory)
            #expect(source.source?.commit == build.result.source.commit)
            #expect(source.build?.cacheKey == build.result.cacheKey)
            #expect(machine.source == nil && machine.build == nil)
            // The runs alternate: machine, source, machine, source.
            let finished = progress.reports.filter { $0.finishedRun != nil }.compactMap(\.target)
            #expect(finished == ["machine", "source", "machine", "source"])
            #expect(await area.processesLeft().isEmpty)
        }
    }
}

/// Events from any task, in the order they happened.
actor EventLog {
    private(set) var events: [String] = []

    func add(_ event: String) { events.append(event) }
}

/// What the farm run will do around each run: a statistics snapshot before and after, the sampler during it.
struct SnapshotObserver: BenchmarkObserver {
    let log: EventLog

    func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)? {
        await log.add("before \(context.index)")
        let connection = try context.connection()
        let name = try await connection.query("SELECT current_database() AS name").first?.require(String.self, "name")
        await log.add("database \(context.index) \(name ?? "?")")
        let collector = PostgresCollector(connection: connection)
        let before = try await collector.snapshot()
        let sampler = SystemSampler(
            reader: SystemCountersReader(postmasterPID: context.postmasterPID.map(Int.init)),
            interval: .milliseconds(500))
        return SnapshotWatcher(index: context.index, log: log, collector: collector, before: before, sampler: sampler)
    }
}

actor SnapshotWatcher: PgbenchRunWatcher {
    let index: Int
    let log: EventLog
    let collector: PostgresCollector
    let before: PostgresStatisticsSnapshot
    let sampler: SystemSampler
    private var series: SystemSeries?

    init(
        index: Int, log: EventLog, collector: PostgresCollector, before: PostgresStatisticsSnapshot,
        sampler: SystemSampler
    ) {
        self.index = index
        self.log = log
        self.collector = collector
        self.before = before
        self.sampler = sampler
    }

    func whileRunning() async {
        await log.add("during \(index)")
        // Samples until the runner cancels this task, as pgbench ends.
        series = try? await sampler.sample { try? await Task.sleep(for: .seconds(3600)) }.series
        await log.add("during end \(index)")
    }

    func runDidEnd(_ run: PgbenchRun) async -> PgbenchRunObservation {
        await log.add("after \(index) \(run.status.rawValue)")
        do {
            let after = try await collector.snapshot()
            return PgbenchRunObservation(statisticsDelta: after.delta(since: before), systemSeries: series)
        } catch {
            return PgbenchRunObservation(systemSeries: series, notes: ["snapshot after the run: \(error)"])
        }
    }
}

/// An observer whose preparation fails.
struct FailingObserver: BenchmarkObserver {
    struct NoSnapshot: Error, CustomStringConvertible {
        var description: String { "no snapshot today" }
    }

    func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)? {
        throw NoSnapshot()
    }
}
