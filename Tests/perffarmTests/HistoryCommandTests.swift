import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

/// `perffarm history` on a directory of results made from a real `perffarm bench` result, one per commit.
@Suite("perffarm history: the real binary", .serialized, .timeLimit(.minutes(10)))
struct HistoryCommandTests {
    /// Runs a real small bench, then writes 24 results of it into `<area>/results` as commits c00 … c23 of
    /// master (tps 15% lower from c12, about 1% noise a commit), and a JSON file that is not a result.
    /// - Returns: the directory.
    static func writeSeries(_ area: BenchmarkTestArea) async throws -> String {
        try await CompareCommandTests.bench(area, "bench")
        let base = try BenchCommandBinaryTests.result(area, "bench")
        let directory = area.file("results")
        try FileManager.default.createDirectory(
            atPath: directory + "/run-dir", withIntermediateDirectories: true)
        // Something that is not a result, where a farm run keeps its run directories: skipped.
        try Data("{\"steps\": []}".utf8).write(to: URL(fileURLWithPath: directory + "/run-dir/summary.json"))
        var generator = SplitMix64(seed: 3)
        for index in 0..<24 {
            let noise = 1 + 0.01 * (Double(generator.next() % 2001) / 1000 - 1)
            var result = base.scalingTPS(by: (index >= 12 ? 0.85 : 1) * noise)
            result.source = SourceRevision(
                repositoryURL: "https://example.org/pg.git", fetchURL: "/mirror", branch: "master",
                commit: String(format: "c%02d", index),
                commitDate: Date(timeIntervalSince1970: Double(index) * 86_400), authorName: "a",
                authorEmail: "a@example.org", subject: "commit \(index)")
            try PerfFarmJSON.encode(result).write(
                to: URL(fileURLWithPath: directory + String(format: "/pluto-master-c%02d.json", index)))
        }
        return directory
    }

    @Test("a drop at commit 12 of 24 is printed between c11 and c12; --json, --branch; a missing path exits 2")
    func history() async throws {
        try await BenchmarkTestArea.run { area in
            let directory = try await Self.writeSeries(area)
            let outcome = try await CleanCommandTests.run(["history", directory])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            #expect(
                lines.first == "master · scale=1,clients=1,workload=read-only · 24 commits c00..c23",
                "\(outcome.stdout)")
            #expect(lines.count == 2, "\(outcome.stdout)")
            #expect(lines.last?.hasPrefix("  change -1") == true, "\(outcome.stdout)")
            #expect(lines.last?.contains("between c11 and c12 (p 0.0") == true, "\(outcome.stdout)")
            #expect(lines.last?.hasSuffix(": commit 12") == true, "\(outcome.stdout)")

            let json = try await CleanCommandTests.run(["history", "--json", "--branch", "master", directory])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let series = try #require(object["series"] as? [[String: Any]])
            #expect((series.first?["points"] as? [Any])?.count == 24)
            #expect(
                try await CleanCommandTests.run(["history", "--branch", "REL_17_STABLE", directory]).stdout
                    == "no results with a commit in \(directory)\n")

            let missing = try await CleanCommandTests.run(["history", area.file("none")])
            #expect(missing.status == 2)
            #expect(missing.stderr == "perffarm: \(area.file("none")): no such file or directory\n")
        }
    }
}
