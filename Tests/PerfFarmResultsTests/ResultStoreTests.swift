import Foundation
import Logging
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmProcess
import PerfFarmResults
import PerfFarmTestSupport
import Testing

@testable import PerfFarmCluster

/// The results store on both of its databases: a SQLite file, and a real PostgreSQL server started with the
/// cluster code (the machine's `postgresql` binaries, as the OS user `postgres` when the tests run as root).
/// Every test runs on its own file or server, which is always stopped; one at a time (a server each).
@Suite("ResultStore", .serialized, .timeLimit(.minutes(5)))
struct ResultStoreTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite, postgresql
        var testDescription: String { rawValue }
    }

    static let logger = Logger(label: "test")

    /// Runs `body` with a fresh, migrated store on `backend`, and closes and removes it (stopping the server).
    static func withStore<T>(
        _ backend: Backend, _ body: (ResultStore, StoreLocation) async throws -> T
    ) async throws -> T {
        try await withLocation(backend) { location in
            let store = try await ResultStore.open(location, logger: logger)
            do {
                let value = try await body(store, location)
                await store.close()
                return value
            } catch {
                await store.close()
                throw error
            }
        }
    }

    /// Runs `body` with the location of an empty store on `backend`.
    static func withLocation<T>(_ backend: Backend, _ body: (StoreLocation) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "perffarm-store")
            return try await body(.sqlite(path: directory.path + "/data/results.sqlite"))
        case .postgresql:
            return try await withServer { cluster in
                try await cluster.execute(["CREATE DATABASE perffarm_results"])
                return try await body(.postgres(conninfo: cluster.conninfo(database: "perffarm_results")))
            }
        }
    }

    /// A running cluster of the machine's PostgreSQL, stopped and removed after `body` on every path.
    static func withServer<T>(_ body: (PostgresCluster) async throws -> T) async throws -> T {
        try await BenchmarkTestArea.run { area in
            let bin = try #require(
                TestPostgresServer.findBinDirectory(),
                "no PostgreSQL binaries: scripts/test installs the postgresql package")
            let runner = LiveCommandRunner(logger: logger, gracePeriod: .seconds(2))
            let installation = try await PostgresInstallation.inspect(binDirectory: bin, runner: runner)
            var cluster = try PostgresCluster(
                installation: installation,
                configuration: PostgresClusterConfiguration(
                    directory: area.file("store"), osUser: try PgbenchBenchmark.resolveOSUser(nil),
                    settings: [.init(name: "shared_buffers", value: "16MB")],
                    firstPort: Int.random(in: 56_000...60_000)),
                runner: runner, logger: logger)
            try await cluster.initialize()
            try await cluster.start()
            do {
                let value = try await body(cluster)
                _ = try await cluster.stop()
                return value
            } catch {
                _ = try? await cluster.stop()
                throw error
            }
        }
    }

    static func fixture() throws -> BenchmarkResult { try ResultComparisonTests.fixture() }

    @Test(
        "migrations from an empty database: version 1 applied once, tables there; reopening applies nothing",
        arguments: Backend.allCases)
    func migrations(_ backend: Backend) async throws {
        try await Self.withLocation(backend) { location in
            let store = try await ResultStore.open(location, logger: Self.logger)
            #expect(try await store.appliedVersions() == [1])
            #expect(StoreSchema.currentVersion == 1)
            for table in [
                "machines", "environments", "commits", "branch_commits", "runs", "cells", "repetitions", "noise_floors",
            ] {
                #expect(try await store.database.query("SELECT count(*) FROM \(table)", []) == [["0"]], "\(table)")
            }
            await store.close()
            let again = try await ResultStore.open(location, logger: Self.logger)
            #expect(try await again.appliedVersions() == [1])
            // A store a newer perffarm migrated: refused, naming the version, instead of writing rows it does not know.
            try await again.database.transaction([
                StoreStatement(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 'x')")
            ])
            await again.close()
            let error = await #expect(throws: PerfFarmError.self) {
                _ = try await ResultStore.open(location, logger: Self.logger)
            }
            #expect(error?.code == .store)
            #expect(
                error?.message.contains("schema version 99, newer than this perffarm knows (1)") == true,
                "\(String(describing: error))")
        }
    }

    @Test(
        "a result stored twice is stored once; its document, cells and repetitions read back",
        arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        let result = try Self.fixture().measuring(
            commit: "0123456789abcdef0123456789abcdef01234567", day: 3, id: "run-1")
        try await Self.withStore(backend) { store, _ async throws in
            let first = try await store.store(result)
            #expect(first.outcome == .stored)
            #expect(first.id == result.resultID)
            let second = try await store.store(result)
            #expect(second == (first.id, .alreadyStored))
            #expect(try await store.runs().map(\.id) == [first.id])
            #expect(try await store.result(id: first.id) == result)
            let cells = try await store.database.query(
                "SELECT cell, repetitions, failed, median_tps FROM cells WHERE run_id = $1", [first.id])
            let measured = result.runs.filter { !$0.warmup && $0.status == .succeeded }.compactMap(\.summary?.tps)
            #expect(cells.count == 1)
            #expect(cells.first?[0] == "scale=1,clients=1,workload=read-only")
            #expect(cells.first?[1] == String(measured.count))
            #expect(cells.first?[2] == "0")
            #expect(cells.first?[3].flatMap(Double.init) == BootstrapInterval.median(measured))
            let repetitions = try await store.database.query(
                "SELECT tps FROM repetitions WHERE run_id = $1 ORDER BY repetition", [first.id])
            #expect(repetitions.compactMap { $0[0].flatMap(Double.init) }.sorted() == measured.sorted())
            #expect(
                try await store.database.query("SELECT hash, subject FROM commits", []) == [
                    [result.source?.commit, "commit 0123456789abcdef0123456789abcdef01234567"]
                ])

            // A bench result has no id of its own: the SHA-256 of its canonical JSON keys it.
            var bench = try Self.fixture()
            bench.resultID = nil
            let stored = try await store.store(bench)
            #expect(stored.outcome == .stored)
            #expect(stored.id.hasPrefix("sha256:") && stored.id.count == 71)
            #expect(try await store.store(bench).outcome == .alreadyStored)
            #expect(try await store.runs().count == 2)
        }
    }

    @Test("a result still running is refused; nothing is stored", arguments: Backend.allCases)
    func running(_ backend: Backend) async throws {
        var result = try Self.fixture()
        result.status = .running
        try await Self.withStore(backend) { store, _ async throws in
            let error = await #expect(throws: PerfFarmError.self) { try await store.store(result) }
            #expect(error?.code == .store)
            #expect(error?.message.contains("still running") == true)
            #expect(try await store.runs().isEmpty)
        }
    }

    @Test(
        "branch@commit, a prefix, branch@latest and an id resolve; unknown, short and ambiguous references are refused",
        arguments: Backend.allCases)
    func references(_ backend: Backend) async throws {
        let base = try Self.fixture()
        try await Self.withStore(backend) { store, location async throws in
            try await store.store(base.measuring(commit: "abcd1111aaaa", day: 1, id: "r1"))
            try await store.store(base.measuring(commit: "abcd2222bbbb", day: 2, id: "r2"))
            var newer = base.measuring(commit: "abcd2222bbbb", day: 2, id: "r3")
            newer.startedAt = base.startedAt.addingTimeInterval(3600)
            try await store.store(newer)
            try await store.store(base.measuring(branch: "REL_15_STABLE", commit: "ffff0000", day: 4, id: "r4"))
            #expect(try await store.resolve("master@abcd1111aaaa").id == "r1")
            #expect(try await store.resolve("master@ABCD1").id == "r1")
            // Measured twice: the newest.
            #expect(try await store.resolve("master@abcd2").id == "r3")
            #expect(try await store.resolve("master@latest").id == "r3")
            #expect(try await store.resolve("REL_15_STABLE@ffff").id == "r4")
            #expect(try await store.resolve("r2").result.resultID == "r2")
            for (reference, message) in [
                ("master@abcd", "the prefix matches 2 commits (abcd1111aaaa, abcd2222bbbb)"),
                ("master@abc", "no stored result (an abbreviated commit needs 4 or more hex digits)"),
                ("master@ffff0000", "no stored result"),
                ("nothing", "not a stored result (expected branch@commit or a result id)"),
            ] {
                let error = await #expect(throws: PerfFarmError.self) { try await store.resolve(reference) }
                #expect(error?.code == .storeReference)
                #expect(error?.description == "\(location): \(reference): \(message)")
            }
        }
    }

    @Test("compare by reference after storing gives what comparing the documents gives", arguments: Backend.allCases)
    func compareFromStore(_ backend: Backend) async throws {
        let base = try Self.fixture().measuring(commit: "aaaa0001", day: 1, id: "base")
        let slower = try Self.fixture().scalingTPS(by: 0.5).measuring(commit: "aaaa0002", day: 2, id: "new")
        try await Self.withStore(backend) { store, _ async throws in
            try await store.store(base)
            try await store.store(slower)
            let direct = ResultComparison.compare(base: base, new: slower, baseReference: "a", newReference: "b")
            let stored = ResultComparison.compare(
                base: try await store.resolve("master@aaaa0001").result,
                new: try await store.resolve("master@aaaa0002").result, baseReference: "a", newReference: "b")
            #expect(stored == direct)
            #expect(stored.cells.map(\.verdict) == [.regression])
        }
    }

    @Test("history from the store's cells equals the history of the documents", arguments: Backend.allCases)
    func history(_ backend: Backend) async throws {
        let base = try Self.fixture()
        var results: [BenchmarkResult] = []
        var generator = SplitMix64(seed: 5)
        for index in 0..<16 {
            let noise = 1 + 0.01 * (Double(generator.next() % 2001) / 1000 - 1)
            results.append(
                base.scalingTPS(by: (index >= 8 ? 0.8 : 1) * noise).measuring(
                    commit: String(format: "c%03d", index), day: index, id: "h\(index)"))
        }
        try await Self.withStore(backend) { store, _ async throws in
            for result in results.shuffled() { try await store.store(result) }
            let fromStore = ResultHistory.build(observations: try await store.observations())
            let fromFiles = ResultHistory.build(results)
            #expect(fromStore == fromFiles)
            #expect(fromStore.series.first?.changes.first?.firstAfter == "c008")
            #expect(try await store.observations(branch: "other").isEmpty)
            #expect(try await store.observations(cell: "scale=1,clients=1,workload=read-only").count == 16)
        }
    }

    @Test(
        "noise floors: the spread of 3 same-binary results, then an A/A measurement, which wins",
        arguments: Backend.allCases)
    func noiseFloors(_ backend: Backend) async throws {
        let base = try Self.fixture().measuring(commit: "bbbb0001", day: 1)
        let medians = [1000.0, 1100, 900]
        try await Self.withStore(backend) { store, _ async throws in
            #expect(try await store.noiseFloors(for: base).isEmpty)
            for (index, median) in medians.enumerated() {
                var result = base
                result.resultID = "n\(index)"
                let tps = result.runs.filter { !$0.warmup }.compactMap(\.summary?.tps)
                result = result.scalingTPS(by: median / BootstrapInterval.median(tps))
                try await store.store(result)
                if index == 1 { #expect(try await store.noiseFloors(for: base).isEmpty) }
            }
            let floors = try await store.noiseFloors(for: base)
            let expected = try #require(SummaryStatistics(medians)?.coefficientOfVariation)
            #expect(abs((floors["scale=1,clients=1,workload=read-only"] ?? 0) - expected) < 1e-9)
            // Another commit's results are another binary.
            #expect(try await store.noiseFloors(for: base.measuring(commit: "bbbb0002", day: 2)).isEmpty)
            try await store.recordNoiseFloors(
                runID: "n0", floors: ["scale=1,clients=1,workload=read-only": (cv: 0.012, repetitions: 10)])
            #expect(try await store.noiseFloors(for: base)["scale=1,clients=1,workload=read-only"] == 0.012)
            #expect(
                try await store.noiseFloors(for: base.measuring(commit: "bbbb0002", day: 2)) == [
                    "scale=1,clients=1,workload=read-only": 0.012
                ])
        }
    }

    @Test(
        "two stores of one result at once, over two connections: one stores it, the other finds it",
        arguments: Backend.allCases)
    func concurrentStores(_ backend: Backend) async throws {
        let result = try Self.fixture().measuring(commit: "cccc0001", day: 1, id: "same")
        try await Self.withLocation(backend) { location in
            _ = try await ResultStore.open(location, logger: Self.logger)
            let outcomes = try await withThrowingTaskGroup(of: ResultStore.Outcome.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let store = try await ResultStore.open(location, logger: Self.logger)
                        let outcome = try await store.store(result).outcome
                        await store.close()
                        return outcome
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.sorted { $0.rawValue < $1.rawValue } == [.alreadyStored, .stored])
        }
    }

    @Test(
        "a SQLite path under a file: one line naming it; a PostgreSQL store that refuses the connection: no password in the error"
    )
    func openFailures() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-store")
        let file = directory.path + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let error = await #expect(throws: PerfFarmError.self) {
            _ = try await ResultStore.open(.sqlite(path: file + "/results.sqlite"), logger: Self.logger)
        }
        #expect(error?.code == .store)
        #expect(
            error?.description.hasPrefix(file + "/results.sqlite: cannot create the store's directory") == true,
            "\(String(describing: error))")

        let secret = "s3cret-Pw-\(UUID().uuidString.prefix(6))"
        let refused = await #expect(throws: PerfFarmError.self) {
            _ = try await ResultStore.open(
                StoreLocation("postgresql://farm:\(secret)@127.0.0.1:1/perffarm?connect_timeout=2"), logger: Self.logger
            )
        }
        #expect(refused?.code == .store)
        #expect(refused?.message.contains("cannot open the store") == true)
        #expect(refused.map { !"\($0)".contains(secret) } == true, "\(String(describing: refused))")
    }

    @Test(
        "locations: URIs and keyword strings are PostgreSQL, anything else a SQLite file; the default follows XDG_DATA_HOME"
    )
    func locations() {
        #expect(StoreLocation("postgresql://db/perffarm") == .postgres(conninfo: "postgresql://db/perffarm"))
        #expect(StoreLocation("postgres://db/perffarm") == .postgres(conninfo: "postgres://db/perffarm"))
        #expect(StoreLocation("host=db dbname=perffarm") == .postgres(conninfo: "host=db dbname=perffarm"))
        #expect(StoreLocation("/var/lib/perffarm/results.sqlite") == .sqlite(path: "/var/lib/perffarm/results.sqlite"))
        #expect(StoreLocation("results.sqlite") == .sqlite(path: "results.sqlite"))
        #expect(
            StoreLocation.defaultLocation(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == .sqlite(path: "/data/perffarm/results.sqlite"))
        #expect(
            StoreLocation.defaultLocation(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"])
                == .sqlite(path: "/home/a/.local/share/perffarm/results.sqlite"))
        #expect(StoreLocation("postgresql://farm:pw@db/perffarm").description.contains("pw") == false)
    }
}

extension ResultStoreTests {
    @Test("history: a change point smaller than the machine's A/A noise floor for the cell is not reported")
    func historyNoiseFloor() async throws {
        let base = try Self.fixture()
        var results: [BenchmarkResult] = []
        for index in 0..<16 {
            results.append(
                base.scalingTPS(by: index >= 8 ? 0.9 : 1).measuring(
                    commit: String(format: "d%03d", index), day: index, id: "f\(index)"))
        }
        try await Self.withStore(.sqlite) { store, _ async throws in
            for result in results { try await store.store(result) }
            let cell = "scale=1,clients=1,workload=read-only"
            #expect(ResultHistory.build(observations: try await store.observations()).series.first?.changes.count == 1)
            // An A/A run measured 5% noise: the 10% drop stays; 12% noise: it goes.
            try await store.recordNoiseFloors(runID: "f0", floors: [cell: (cv: 0.05, repetitions: 10)])
            let kept = ResultHistory.build(
                observations: try await store.observations(), noiseFloors: try await store.noiseFloorTable())
            #expect(kept.series.first?.changes.count == 1)
            try await store.recordNoiseFloors(runID: "f1", floors: [cell: (cv: 0.12, repetitions: 10)])
            let table = try await store.noiseFloorTable()
            #expect(table.map(\.cv) == [0.05, 0.12])
            let dropped = ResultHistory.build(observations: try await store.observations(), noiseFloors: table)
            #expect(dropped.series.first?.changes.isEmpty == true)
            #expect(dropped.series.first?.points.count == 16)
        }
    }
}
