import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults
import PerfFarmTestSupport
import Synchronization
import Testing

@testable import PerfFarmClient

/// The farm run end to end on real parts: the PostgreSQL 15.18 source as a local repository with a branch that
/// builds and one that does not, the shared build's work area (a cache hit for the good branch), real clusters,
/// a small matrix.
@Suite(
    "FarmRun: real branches, builds and clusters", .serialized, .sharedBuildWorkArea, .timeLimit(.minutes(30)),
    .enabled(
        if: PostgresSourceFixture.tarballExists || ProcessInfo.processInfo.environment["CI"] != nil,
        "needs ../shared/upstream/postgresql-15.18.tar.bz2"))
struct FarmRunIntegrationTests {
    static let logger = Logger(label: "perffarm-test")

    static func configuration(
        _ build: SharedPostgresBuild, output: String, branches: [String]
    ) -> FarmConfiguration {
        var configuration = FarmConfiguration()
        configuration.machine.name = "testbox"
        configuration.repository.url = build.source.repository
        configuration.repository.branches = .list(branches)
        configuration.build.configureOptions = SharedPostgresBuild.configureOptions
        configuration.cluster.settings = ["shared_buffers": "48MB"]
        configuration.matrix.scales = [1]
        configuration.matrix.clients = [1]
        configuration.matrix.workloads = ["read-write", "read-only"]
        configuration.matrix.duration = 2
        configuration.matrix.runs = 1
        configuration.collectors.sampleInterval = 0.5
        configuration.output.directory = output
        configuration.store.location = output + ".sqlite"
        configuration.run.workDir = build.workDirectory
        return configuration
    }

    @Test("two branches: a complete result each, the broken build named, both uploaded; a rerun skips; lock")
    func twoBranches() async throws {
        let build = try await SharedPostgresBuild.get()
        try #require(build.result.status == .succeeded, "the shared PostgreSQL build failed")
        try await BenchmarkTestArea.run { area in
            try await TestHTTPServer.run { server in
                try await twoBranches(build: build, area: area, server: server)
            }
        }
    }

    func twoBranches(build: SharedPostgresBuild, area: BenchmarkTestArea, server: TestHTTPServer) async throws {
        var configuration = Self.configuration(
            build, output: area.file("results"),
            branches: [PostgresSourceFixture.stableBranch, PostgresSourceFixture.brokenBranch])
        let secret = MachineSecret.generate()
        configuration.machine.secretFile = area.file("secret")
        try Data(secret.value.utf8).write(to: URL(fileURLWithPath: configuration.machine.secretFile))
        chmod(configuration.machine.secretFile, 0o600)
        configuration.upload.enabled = true
        configuration.upload.url = server.baseURL + "/results"
        let farm = FarmRun(runner: LiveCommandRunner(logger: Self.logger), logger: Self.logger)
        let events = FarmEvents()
        let summary = try await farm.run(
            FarmRunRequest(configuration: configuration, perffarmVersion: "test"), progress: events.append)
        #expect(summary.lockHolder == nil && !summary.interrupted && !summary.timedOut)
        #expect(!summary.succeeded)
        #expect(summary.branches.map(\.branch) == ["REL_15_STABLE", "broken"])
        #expect(summary.branches.map(\.status) == [.succeeded, .failed])
        // Both results went to the store, the failed one too (a failed build is a result).
        #expect(summary.storeError == nil)
        #expect(summary.storeLocation == area.file("results") + ".sqlite")
        #expect(summary.stored.map(\.branch) == ["REL_15_STABLE", "broken"])
        #expect(summary.stored.map(\.outcome) == [.stored, .stored])
        let store = try await ResultStore.open(.sqlite(path: area.file("results") + ".sqlite"), logger: Self.logger)
        let stored = try await store.resolve("REL_15_STABLE@" + build.source.stableCommit.prefix(8))
        // What the store keeps is the document on disk (timestamps in milliseconds), not the one in memory.
        let onDisk = try PerfFarmJSON.decode(
            BenchmarkResult.self,
            from: Data(contentsOf: URL(fileURLWithPath: try #require(summary.branches.first?.resultFile))))
        #expect(stored.result == onDisk)
        #expect(try await store.observations(branch: "REL_15_STABLE").count == 2)
        await store.close()

        // The good branch: every section of the document filled.
        let good = try #require(summary.branches.first)
        let file = try #require(good.resultFile)
        let name = (file as NSString).lastPathComponent
        #expect(name.hasPrefix("testbox-REL_15_STABLE-\(build.source.stableCommit.prefix(12))-"))
        #expect(name.hasSuffix("Z.json"))
        let result = try PerfFarmJSON.decode(
            BenchmarkResult.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(result.status == .succeeded)
        #expect(result.machine == "testbox")
        #expect(result.resultID?.count == 36)
        #expect(result.configuration?.hash == (try configuration.hash()))
        #expect(result.source?.commit == build.source.stableCommit)
        #expect(result.source?.subject == "PostgreSQL 15.18")
        #expect(result.build?.cached == true)
        #expect(result.system?.cpu.threads ?? 0 >= 1)
        #expect(result.fingerprint?.hash.hasPrefix("sha256:") == true)
        #expect(result.preflight != nil)
        let postgres = try #require(result.postgres)
        #expect(postgres.versionNumber == 150018)
        #expect(postgres.settings.count > 200)
        #expect(postgres.nonDefaultSettings.contains("shared_buffers"))
        #expect(result.runs.count == 2)
        for run in result.runs {
            #expect(run.status == .succeeded, "\(run.errors)")
            #expect(run.observerNotes.isEmpty, "\(run.observerNotes)")
            let delta = try #require(run.statisticsDelta)
            #expect((delta.database?.transactionsCommitted ?? 0) >= (run.summary?.transactionsProcessed ?? 1))
            if run.workload == "read-write" {
                #expect((delta.database?.tuplesUpdated ?? 0) > 0)
                #expect((delta.wal?.records ?? 0) > 0)
            }
            // 2 s sampled every 0.5 s: the baseline and about four more.
            let samples = try #require(run.systemSeries?.samples.count)
            #expect(samples >= 4 && samples <= 8, "\(samples) samples")
            #expect(run.logStatistics?.latencyMilliseconds != nil)
        }
        for cell in result.cells {
            #expect(cell.latencyPercentiles?.p50?.median != nil && cell.latencyPercentiles?.p99?.median != nil)
        }
        #expect(result.phases.map(\.name) == ["build", "preflight", "benchmark", "save"])
        let runDirectory = String(file.dropLast(5))
        #expect(result.outputDirectory == runDirectory)
        #expect(FileManager.default.fileExists(atPath: runDirectory + "/server.log"))
        #expect(FileManager.default.fileExists(atPath: runDirectory + "/result.json"))
        // The mirror's fetch of this run is in every branch's run directory (pgperffarm's git_pull_log).
        let fetchLog = try String(contentsOfFile: runDirectory + "/build/fetch.log", encoding: .utf8)
        #expect(fetchLog.contains("git"))

        // The broken branch: a result naming the compile error, with its build logs.
        let broken = try #require(summary.branches.last)
        let brokenResult = try PerfFarmJSON.decode(
            BenchmarkResult.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(broken.resultFile))))
        #expect(brokenResult.status == .failed)
        #expect(brokenResult.failure?.stage == .build)
        #expect(brokenResult.source?.commit == build.source.brokenCommit)
        let failure = try #require(brokenResult.build?.failure)
        #expect(failure.step == .build)
        #expect(failure.logTail.contains { $0.contains("perffarm_broken_build") })
        let brokenLogs = try FileManager.default.contentsOfDirectory(
            atPath: brokenResult.outputDirectory + "/build")
        #expect(brokenLogs.contains("configure.log") || brokenLogs.contains("configure.log.gz"))
        #expect(brokenLogs.contains { $0.hasPrefix("build.log") })
        #expect(brokenLogs.contains("fetch.log"))
        #expect(events.contains { if case .build(branch: "broken", _, _) = $0 { true } else { false } })

        // Both results were delivered, each body the bytes of its file, each signature valid.
        #expect(summary.uploadError == nil)
        #expect(summary.upload?.delivered.count == 2)
        let requests = try server.requests()
        #expect(requests.count == 2)
        for (request, outcome) in zip(requests, summary.branches) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: try #require(outcome.resultFile)))
            #expect(request.body == bytes)
            let timestamp = try #require(request.header("X-PerfFarm-Timestamp").flatMap { Int64($0) })
            let signature = try #require(request.header("X-PerfFarm-Signature"))
            #expect(UploadSignature.verify(signature, timestamp: timestamp, body: request.body, secret: secret))
            #expect(request.header("X-PerfFarm-Result-Id") == outcome.result?.resultID)
        }

        // The steps' durations are kept for the next run's ETAs.
        let durations = StepDurations(workArea: WorkArea(root: build.workDirectory))
        for step in ["configure", "fetch"] { #expect(durations.expected(step) != nil, "\(step)") }

        // No new commit: both branches are skipped, nothing is built or benchmarked.
        let againEvents = FarmEvents()
        let again = try await farm.run(FarmRunRequest(configuration: configuration), progress: againEvents.append)
        #expect(
            againEvents.contains {
                if case .build(branch: nil, let event, let expected) = $0 {
                    event.step == .fetch && event.event == .started && expected != nil
                } else {
                    false
                }
            })
        #expect(again.branches.map(\.status) == [.skipped, .skipped])
        #expect(again.stored.allSatisfy { $0.outcome == .alreadyStored }, "\(again.stored)")
        #expect(again.branches.first?.resultFile == file)
        #expect(again.succeeded)
        #expect(again.upload?.entries.isEmpty == true)
        #expect(try server.requests().count == 2)

        // Another run holds the work area: nothing is done, and the holder is named.
        let lock = try WorkAreaLock.acquire(
            path: build.workDirectory + "/perffarm.lock", purpose: "perffarm run held by the test")
        let locked = try await farm.run(FarmRunRequest(configuration: configuration, force: true))
        lock.release()
        #expect(locked.branches.isEmpty)
        #expect(locked.lockHolder?.contains("held by the test") == true)
        #expect(await area.processesLeft().isEmpty)
        for root in [build.workDirectory, area.path] {
            #expect(UploadTestArea.filesContaining(secret.value, under: root) == (root == area.path ? ["secret"] : []))
        }
    }
}

/// Farm progress events collected from any thread.
final class FarmEvents: Sendable {
    private let events = Mutex<[FarmProgress]>([])

    func append(_ event: FarmProgress) { events.withLock { $0.append(event) } }

    func contains(where predicate: (FarmProgress) -> Bool) -> Bool {
        events.withLock { $0.contains(where: predicate) }
    }
}
