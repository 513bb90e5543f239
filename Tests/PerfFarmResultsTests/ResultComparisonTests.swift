import Foundation
import PerfFarmCore
import PerfFarmResults
import PerfFarmTestSupport
import Testing

/// ResultComparison on a real `perffarm bench` result (scale 1, 1 client, read-only, 5 runs), changed on purpose.
@Suite("ResultComparison")
struct ResultComparisonTests {
    static func fixture() throws -> BenchmarkResult {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/bench-read-only", withExtension: "json"))
        return try PerfFarmJSON.decode(BenchmarkResult.self, from: Data(contentsOf: url))
    }

    @Test("the same result against itself: no change, p = 1, ratio 1")
    func same() throws {
        let result = try Self.fixture()
        let comparison = ResultComparison.compare(base: result, new: result, baseReference: "a", newReference: "b")
        #expect(comparison.cells.count == 1)
        let cell = try #require(comparison.cells.first)
        #expect(cell.verdict == .noChange)
        #expect(cell.tps.pValue == 1)
        #expect(cell.tps.ratio?.estimate == 1)
        #expect(cell.tps.baseCount == 5)
        #expect(comparison.regressions.isEmpty)
        #expect(comparison.unmatched.isEmpty)
    }

    @Test("half the tps: regression; twice: improvement")
    func changes() throws {
        let result = try Self.fixture()
        let slower = ResultComparison.compare(
            base: result, new: result.scalingTPS(by: 0.5), baseReference: "a", newReference: "b")
        #expect(slower.cells.first?.verdict == .regression)
        #expect(abs((slower.cells.first?.tps.ratio?.estimate ?? 0) - 0.5) < 1e-9)
        #expect(slower.regressions.count == 1)
        let faster = ResultComparison.compare(
            base: result, new: result.scalingTPS(by: 2.0), baseReference: "a", newReference: "b")
        #expect(faster.cells.first?.verdict == .improvement)
    }

    @Test("different environment fingerprints: not comparable, with both fingerprints named")
    func differentEnvironments() throws {
        let inputs = EnvironmentFingerprint.Inputs(
            kernelRelease: "6.1", cpuModel: "x", cpuThreads: 2, memoryMiB: 24_000, os: "Debian 12", compiler: nil,
            configureOptions: nil, nonDefaultSettings: [])
        var result = try Self.fixture()
        result.fingerprint = EnvironmentFingerprint(hash: "sha256:one", inputs: inputs)
        var other = result.scalingTPS(by: 0.8)
        other.fingerprint = EnvironmentFingerprint(hash: "sha256:other", inputs: inputs)
        let comparison = ResultComparison.compare(base: result, new: other, baseReference: "a", newReference: "b")
        let cell = try #require(comparison.cells.first)
        #expect(cell.verdict == .notComparable)
        #expect(cell.reason?.contains("different environments") == true)
        #expect(cell.reason?.contains("sha256:other") == true)
        #expect(comparison.regressions.isEmpty)
    }

    @Test("cells of one side only are listed; too few repetitions are said so")
    func unmatchedAndFew() throws {
        let result = try Self.fixture()
        var other = result
        other.cells[0].clients = 8
        let comparison = ResultComparison.compare(base: result, new: other, baseReference: "a", newReference: "b")
        #expect(comparison.cells.isEmpty)
        #expect(
            comparison.unmatched == [
                "scale=1,clients=1,workload=read-only", "scale=1,clients=8,workload=read-only",
            ])
        var few = result
        few.runs = Array(few.runs.filter { !$0.warmup }.prefix(2))
        let short = ResultComparison.compare(base: result, new: few, baseReference: "a", newReference: "b")
        #expect(short.cells.first?.verdict == .notComparable)
        #expect(short.cells.first?.reason?.contains("too few repetitions (5 and 2") == true)
    }
}
