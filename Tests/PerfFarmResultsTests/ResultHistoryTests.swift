import Foundation
import PerfFarmCore
import PerfFarmResults
import PerfFarmTestSupport
import Testing

/// ResultHistory on a series made from a real bench result: one result per commit, tps changed on purpose.
@Suite("ResultHistory")
struct ResultHistoryTests {
    /// 30 results of branch `master`, commits c00 … c29 a day apart, with tps × `factor(i)` and fingerprint
    /// `fingerprint(i)`; the noise is the fixture's own (its 5 runs, their order rotated per commit).
    static func series(
        factor: (Int) -> Double, fingerprint: (Int) -> String = { _ in "sha256:one" }
    ) throws -> [BenchmarkResult] {
        let base = try ResultComparisonTests.fixture()
        let inputs = EnvironmentFingerprint.Inputs(
            kernelRelease: nil, cpuModel: nil, cpuThreads: nil, memoryMiB: nil, os: nil, compiler: nil,
            configureOptions: nil, nonDefaultSettings: [])
        var generator = SplitMix64(seed: 5)
        return (0..<30).map { index in
            var result = base.scalingTPS(by: factor(index))
            // Each commit's median gets a noise of about 1% (the fixture's runs are identical across copies).
            result = result.scalingTPS(by: 1 + 0.01 * (Double(generator.next() % 2001) / 1000 - 1))
            result.source = SourceRevision(
                repositoryURL: "https://example.org/pg.git", fetchURL: "/mirror", branch: "master",
                commit: String(format: "c%02d", index), commitDate: Date(timeIntervalSince1970: Double(index) * 86_400),
                authorName: "a", authorEmail: "a@example.org", subject: "commit \(index)")
            result.fingerprint = EnvironmentFingerprint(hash: fingerprint(index), inputs: inputs)
            result.machine = "pluto"
            return result
        }.shuffled(using: &generator)
    }

    @Test("a 10% drop at commit 15 is one change between c14 and c15, in commit order whatever the file order")
    func drop() throws {
        let history = ResultHistory.build(try Self.series(factor: { $0 >= 15 ? 0.9 : 1 }))
        #expect(history.series.count == 1)
        let series = try #require(history.series.first)
        #expect(series.branch == "master")
        #expect(series.machine == "pluto")
        #expect(series.cell == "scale=1,clients=1,workload=read-only")
        #expect(series.points.map(\.commit) == (0..<30).map { String(format: "c%02d", $0) })
        #expect(series.changes.count == 1, "\(series.changes)")
        let change = try #require(series.changes.first)
        #expect(change.lastBefore == "c14")
        #expect(change.firstAfter == "c15")
        #expect(change.firstAfterSubject == "commit 15")
        #expect(abs(change.relativeChange + 0.1) < 0.02)
        #expect(change.pValue < 0.01)
    }

    @Test("a new environment at commit 10 (30% faster) is a segment, not a change; filters by branch and cell")
    func environment() throws {
        let results = try Self.series(
            factor: { $0 >= 10 ? 1.3 : 1 }, fingerprint: { $0 >= 10 ? "sha256:two" : "sha256:one" })
        let history = ResultHistory.build(results)
        let series = try #require(history.series.first)
        #expect(series.environmentChanges == [10])
        #expect(series.changes.isEmpty, "\(series.changes)")
        #expect(ResultHistory.build(results, branch: "REL_17_STABLE").series.isEmpty)
        #expect(ResultHistory.build(results, cell: "scale=10,clients=1,workload=read-only").series.isEmpty)
        // Without the fingerprints, the jump is a change.
        let unmarked = try Self.series(factor: { $0 >= 10 ? 1.3 : 1 })
        #expect(ResultHistory.build(unmarked).series.first?.changes.map(\.firstAfter) == ["c10"])
    }

    @Test("results without a commit (a bench of a bin directory) are left out")
    func withoutSource() throws {
        #expect(ResultHistory.build([try ResultComparisonTests.fixture()]).series.isEmpty)
    }

    @Test("the report escapes what results hold: a commit subject with markup stays text")
    func reportEscapes() throws {
        var results = try Self.series(factor: { $0 >= 15 ? 0.9 : 1 })
        for index in results.indices {
            guard var source = results[index].source else { continue }
            source.subject = "<script>alert('x')</script> & more"
            results[index].source = source
        }
        let html = HTMLReport.render(
            title: "t <b>", history: ResultHistory.build(results), latest: results.first, comparison: nil)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"))
        // One history chart, the newest result's tps and latency charts.
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 3)
    }
}
