import Foundation
import Logging
import PerfFarmClient
import PerfFarmCore
import PerfFarmResults
import PerfFarmTestSupport
import Testing

/// `perffarm bisect` and `perffarm ab` as a user runs them, on the PostgreSQL 15.18 source as a local repository
/// whose test branch has 8 commits after the stable one: one breaks the build (and the next repairs it), one
/// makes every simple query spin (the regression), the others touch the README. Real builds (the first one full,
/// the others incremental in the branch's persistent build tree), real clusters, read-only pgbench.
@Suite(
    "perffarm bisect and ab: the binary on a real history", .serialized, .timeLimit(.minutes(30)),
    .enabled(if: PostgresSourceFixture.tarballExists && TestPostgresServer.isAvailable))
struct BisectCommandTests {
    static func common(_ area: BenchmarkTestArea, _ source: PostgresSourceFixture) -> [String] {
        [
            "--repo", source.repository, "--branch", PostgresSourceFixture.bisectBranch, "--work-dir",
            area.workDirectory, "--store", area.file("results.sqlite"),
        ] + SharedPostgresBuild.configureOptions.map { "--configure-opt=" + $0 }
    }

    @Test(
        "bisect finds the slow commit in 3 steps, skipping the one that does not build, across an interruption; A/A says no change; a range without the regression is not searched"
    )
    func bisect() async throws {
        let source = try await SharedPostgresBuild.source()
        let commits = source.bisectCommits
        try #require(commits.count == 8)
        let slow = commits[PostgresSourceFixture.bisectSlowIndex]
        let broken = commits[PostgresSourceFixture.bisectBrokenIndex]
        let repaired = commits[PostgresSourceFixture.bisectBrokenIndex + 1]
        try await BenchmarkTestArea.run { area in
            let bisect =
                ["bisect"] + Self.common(area, source) + [
                    "--good", source.stableCommit, "--bad", PostgresSourceFixture.bisectBranch, "--cell",
                    "scale=1,clients=1,workload=read-only", "--runs", "5", "--duration", "1", "--threshold", "20",
                    "--output",
                    area.file("bisect"), "-q",
                ]
            // The first session stops after one step, as an interrupted one would.
            let first = try await CleanCommandTests.run(bisect + ["--max-steps", "1"])
            print("bisect, first session:\n" + first.stdout)
            #expect(first.status == 0, "\(first.stderr)")
            let firstLines = first.stdout.split(separator: "\n").map(String.init)
            #expect(firstLines.first == "8 commits to search, at most 3 steps", "\(first.stdout)")
            try #require(firstLines.count == 4, "\(first.stdout)")
            #expect(
                firstLines[1].hasPrefix(
                    "bad commit: \(commits[7].prefix(12)) Add a fourth line to the README: bad (tps ratio 0."),
                "\(first.stdout)")
            #expect(
                firstLines[2].hasPrefix(
                    "step 1: \(broken.prefix(12)) Break src/common/archive.c: skipped (does not build: "),
                "\(first.stdout)")
            #expect(firstLines[3].hasPrefix("stopped after the steps asked for; continue with --resume"))

            let second = try await CleanCommandTests.run(bisect + ["--resume"])
            print("bisect, resumed:\n" + second.stdout)
            #expect(second.status == 0, "\(second.stderr)")
            let lines = second.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "8 commits to search, at most 3 steps; resumed after 1 steps", "\(second.stdout)")
            try #require(lines.count == 6, "\(second.stdout)")
            #expect(
                lines[1].hasPrefix("step 2: \(repaired.prefix(12)) Repair src/common/archive.c: good"),
                "\(second.stdout)")
            #expect(
                lines[2].hasPrefix("step 3: \(slow.prefix(12)) Spin in exec_simple_query: bad (tps ratio 0."),
                "\(second.stdout)")
            #expect(lines[3].hasPrefix("skipped \(broken.prefix(12)) Break src/common/archive.c: does not build"))
            #expect(lines[4] == "first bad commit: \(slow) Spin in exec_simple_query")
            #expect(lines[5].hasPrefix("  tps ratio 0."), "\(second.stdout)")

            // The state: every commit tested once; the repaired commit was built incrementally (no configure).
            let state = try PerfFarmJSON.decode(
                BisectState.self, from: Data(contentsOf: URL(fileURLWithPath: area.file("bisect/bisect-state.json"))))
            #expect(state.steps.map(\.index) == [3, 4, 5])
            #expect(state.steps.map(\.verdict) == [.skip, .good, .bad])
            let repairedResult = try PerfFarmJSON.decode(
                BenchmarkResult.self,
                from: Data(contentsOf: URL(fileURLWithPath: try #require(state.steps[1].resultFiles.last))))
            #expect(repairedResult.source?.commit == repaired)
            let stepNames = repairedResult.build?.steps.map(\.name.rawValue) ?? []
            #expect(!stepNames.contains("configure") && stepNames.contains("build"), "\(stepNames)")
            print(
                "bisect step builds: "
                    + state.steps.compactMap { step -> String? in
                        guard let file = step.resultFiles.last,
                            let result = try? PerfFarmJSON.decode(
                                BenchmarkResult.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
                        else { return nil }
                        return "\(step.commit.prefix(8)): "
                            + (result.build?.steps.map {
                                "\($0.name.rawValue) \(String(format: "%.1f", $0.durationSeconds ?? 0)) s"
                            }.joined(separator: ", ") ?? "")
                    }.joined(separator: "; "))

            // A/A of the good commit (from the install cache): no change, and the noise floor is stored.
            let ab =
                ["ab"] + Self.common(area, source) + [
                    "--scales", "1", "--clients", "1", "--workloads", "read-only", "--duration", "1", "--runs", "5",
                    "--threshold", "20", "-q",
                ]
            let aa = try await CleanCommandTests.run(
                ab + [
                    "--baseline", source.stableCommit, "--candidate", source.stableCommit, "--output", area.file("aa"),
                ])
            #expect(aa.status == 0, "\(aa.stdout)\n\(aa.stderr)")
            #expect(aa.stdout.contains("A/A run (one commit on both sides)"), "\(aa.stdout)")
            #expect(aa.stdout.contains("no regression in 1 cells"), "\(aa.stdout)")
            #expect(aa.stdout.contains("noise floors stored in \(area.file("results.sqlite"))"), "\(aa.stdout)")
            let store = try await ResultStore.open(
                .sqlite(path: area.file("results.sqlite")), logger: .init(label: "test"))
            let aaResult = try PerfFarmJSON.decode(
                BenchmarkResult.self,
                from: Data(
                    contentsOf: URL(fileURLWithPath: area.file("aa/B-\(source.stableCommit.prefix(12))/result.json"))))
            let floors = try await store.noiseFloors(for: aaResult)
            #expect(floors["scale=1,clients=1,workload=read-only"] != nil, "\(floors)")
            // Every step's two results were stored too.
            #expect(try await store.runs().count >= 2 * 3 + 2)
            await store.close()

            // A/B of the good and the slow commit: a regression, exit 1.
            let slower = try await CleanCommandTests.run(
                ab + [
                    "--baseline", source.stableCommit, "--candidate", slow, "--output", area.file("ab"), "--order-seed",
                    "7",
                ])
            #expect(slower.status == 1, "\(slower.stdout)\n\(slower.stderr)")
            #expect(slower.stdout.contains("order seed 7"), "\(slower.stdout)")
            #expect(slower.stdout.contains("1 of 1 cells regressed"), "\(slower.stdout)")

            // A range without the regression (good .. the repaired commit, both in the install cache): the bad
            // end is compared first, is not slower, and nothing is searched: exit 1 with one line saying so.
            let clean = try await CleanCommandTests.run(
                ["bisect"] + Self.common(area, source) + [
                    "--good", source.stableCommit, "--bad", repaired, "--cell", "scale=1,clients=1,workload=read-only",
                    "--runs", "5", "--duration", "1", "--threshold", "20", "-q",
                ])
            #expect(clean.status == 1, "\(clean.stdout)\n\(clean.stderr)")
            let cleanLines = clean.stdout.split(separator: "\n").map(String.init)
            #expect(cleanLines.first == "5 commits to search, at most 3 steps", "\(clean.stdout)")
            #expect(cleanLines.count == 3, "\(clean.stdout)")
            #expect(
                cleanLines.last?.hasPrefix(
                    "the bad commit is not slower than the good one in scale=1,clients=1,workload=read-only (tps ratio "
                )
                    == true, "\(clean.stdout)")
            #expect(cleanLines.last?.hasSuffix("): nothing to bisect") == true, "\(clean.stdout)")
            // Its state went to the default output directory, under the work area.
            let defaultState =
                area.workDirectory + "/bisect/" + PostgresSourceFixture.bisectBranch + "-"
                + source.stableCommit.prefix(12) + "-" + repaired.prefix(12) + "/bisect-state.json"
            #expect(FileManager.default.fileExists(atPath: defaultState))
        }
    }
}
