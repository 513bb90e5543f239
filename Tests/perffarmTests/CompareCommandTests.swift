import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

/// `perffarm compare` on results of real `perffarm bench` runs of the machine's PostgreSQL.
@Suite("perffarm compare: the real binary", .serialized, .timeLimit(.minutes(10)))
struct CompareCommandTests {
    /// A small bench (scale 1, 1 client, read-only, `runs` runs of 1 s) into `area/<name>`, with `settings`.
    static func bench(
        _ area: BenchmarkTestArea, _ name: String, runs: Int = 5, settings: [String] = []
    ) async throws {
        let outcome = try await CleanCommandTests.run(
            [
                "bench", "--pg-bin", try BenchCommandBinaryTests.binDirectory(), "--work-dir", area.workDirectory,
                "--output", area.file(name), "--scales", "1", "--clients", "1", "--workloads", "read-only",
                "--duration", "1", "--runs", "\(runs)", "--log", "transactions", "--sampling-rate", "0.1", "-q",
            ] + settings.flatMap { ["--set", $0] })
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test("A/A, the odd and even runs of one bench: no change (exit 0); a real slowdown: regression (exit 1)")
    func sameAndSlower() async throws {
        try await BenchmarkTestArea.run { area in
            // Two benches one after the other on a shared machine differ by whatever else ran meanwhile (this
            // test saw 5 553 against 15 481 tps while a build ran): the A/A pair interleaves in time instead,
            // as issue 12's paired runs will, by splitting one bench's 10 runs into its odd and even ones.
            try await Self.bench(area, "ten", runs: 10)
            let ten = try BenchCommandBinaryTests.result(area, "ten")
            for (name, parity) in [("a", 0), ("b", 1)] {
                var half = ten
                half.runs = ten.runs.filter { $0.warmup || ($0.repetition ?? 0) % 2 == parity }
                try FileManager.default.createDirectory(atPath: area.file(name), withIntermediateDirectories: true)
                try PerfFarmJSON.encode(half).write(to: URL(fileURLWithPath: area.file(name) + "/result.json"))
            }
            // JIT-compiling every query makes pgbench's one-row selects hundreds of times slower: a slowdown no
            // noise of a loaded machine can hide.
            try await Self.bench(
                area, "slow", settings: ["jit_above_cost=0", "jit_optimize_above_cost=0", "jit_inline_above_cost=0"])

            let same = try await CleanCommandTests.run(["compare", area.file("a"), area.file("b") + "/result.json"])
            #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
            let lines = same.stdout.split(separator: "\n").map(String.init)
            #expect(
                lines.first == "base: \(area.file("a")) · PostgreSQL 15.18" || lines.first?.hasPrefix("base: ") == true)
            #expect(lines.contains { $0.hasPrefix("scale  clients  workload") }, "\(same.stdout)")
            #expect(
                lines.contains { $0.hasPrefix("1      1        read-only") && $0.hasSuffix("no change") },
                "\(same.stdout)")
            #expect(lines.last == "no regression in 1 cells")

            let slower = try await CleanCommandTests.run(["compare", "--json", area.file("a"), area.file("slow")])
            #expect(slower.status == 1, "\(slower.stdout)\(slower.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(slower.stdout.utf8)) as? [String: Any])
            let cells = try #require(json["cells"] as? [[String: Any]])
            #expect(cells.count == 1)
            #expect(cells.first?["verdict"] as? String == "regression")
            let tps = try #require(cells.first?["tps"] as? [String: Any])
            let ratio = try #require(tps["ratio"] as? [String: Any])
            #expect((ratio["estimate"] as? Double ?? 1) < 0.5)
            #expect((ratio["upper"] as? Double ?? 1) < 1)
            #expect((tps["p_value"] as? Double ?? 1) < 0.05)
            // The latency percentiles of the logs, the other way round: higher is worse.
            let latency = try #require(cells.first?["latency"] as? [String: Any])
            #expect((latency["p95"] as? [String: Any])?["verdict"] as? String == "regression")
            #expect(await area.processesLeft().isEmpty)
        }
    }

    @Test("a file that is not a result, or missing: exit 2, one line naming it")
    func badInput() async throws {
        try await BenchmarkTestArea.run { area in
            try Data("{\"not\": \"a result\"}".utf8).write(to: URL(fileURLWithPath: area.file("x.json")))
            let bad = try await CleanCommandTests.run(["compare", area.file("x.json"), area.file("x.json")])
            #expect(bad.status == 2)
            #expect(bad.stderr == "perffarm: \(area.file("x.json")): not a perffarm result: no schema_version\n")
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
            let missing = try await CleanCommandTests.run(["compare", area.file("none.json"), area.file("x.json")])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("\(area.file("none.json")): cannot read the file"), "\(missing.stderr)")
        }
    }
}
