import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults
import PerfFarmTestSupport
import Testing

/// `perffarm import` and the store through the binary: results of a real bench imported, then read back by
/// `history`, `compare branch@commit` and `report`; a run whose store cannot be written.
@Suite(
    "perffarm import and the store: the binary", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: TestPostgresServer.isAvailable, "needs the machine's PostgreSQL binaries"))
struct ImportCommandTests {
    @Test(
        "import a results directory (twice: stored once); history, compare and report from the store agree with the files"
    )
    func importAndRead() async throws {
        try await BenchmarkTestArea.run { area in
            let directory = try await HistoryCommandTests.writeSeries(area)
            let store = area.file("store/results.sqlite")
            let first = try await CleanCommandTests.run(["import", "--store", store, directory])
            #expect(first.status == 0, "\(first.stderr)")
            let lines = first.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 25, "\(first.stdout)")
            #expect(lines.first?.hasPrefix("stored  sha256:") == true, "\(first.stdout)")
            #expect(lines.last == "24 stored, 0 already there, in \(store)")
            let again = try await CleanCommandTests.run(["import", "--store", store, directory, "--json"])
            #expect(again.status == 0, "\(again.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            let entries = try #require(report["results"] as? [[String: Any]])
            #expect(entries.count == 24)
            #expect(entries.allSatisfy { $0["outcome"] as? String == "already_stored" })

            // History: the same from the store as from the files.
            let fromFiles = try await CleanCommandTests.run(["history", directory])
            let fromStore = try await CleanCommandTests.run(["history", "--store", store])
            #expect(fromStore.status == 0, "\(fromStore.stderr)")
            #expect(fromStore.stdout == fromFiles.stdout)
            #expect(fromStore.stdout.contains("between c11 and c12"), "\(fromStore.stdout)")
            // The default store ($XDG_DATA_HOME) is used when it exists and no path is given.
            let data = area.file("data")
            try FileManager.default.createDirectory(atPath: data + "/perffarm", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: store, toPath: data + "/perffarm/results.sqlite")
            let byDefault = try await CleanCommandTests.run(
                ["history", "--work-dir", area.workDirectory], environment: ["XDG_DATA_HOME": data])
            #expect(byDefault.stdout == fromFiles.stdout, "\(byDefault.stderr)")

            // Compare by reference: what comparing the two files gives.
            let files = try await CleanCommandTests.run([
                "compare", "--json", directory + "/pluto-master-c00.json", directory + "/pluto-master-c23.json",
            ])
            let references = try await CleanCommandTests.run([
                "compare", "--json", "--store", store, "master@c00", "master@c23",
            ])
            #expect(references.status == files.status, "\(references.stderr)")
            func cells(_ json: String) throws -> [String] {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                return try #require(object["cells"] as? [[String: Any]]).map { "\($0["verdict"] ?? "")" }
            }
            #expect(try cells(references.stdout) == cells(files.stdout))
            #expect(try cells(references.stdout).count == 1)
            let unknown = try await CleanCommandTests.run(["compare", "--store", store, "master@c00", "master@dddd"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr == "perffarm: \(store): master@dddd: no stored result\n")
            let missing = try await CleanCommandTests.run(["compare", "--store", store, "gone.json", "master@c00"])
            #expect(missing.status == 2)
            #expect(missing.stderr == "perffarm: gone.json: cannot read the file\n")

            // The report from the store, with a comparison by reference.
            let html = area.file("report.html")
            let written = try await CleanCommandTests.run([
                "report", "--store", store, "--out", html, "--base", "master@c00", "--new", "master@latest",
            ])
            #expect(written.status == 0, "\(written.stderr)")
            #expect(written.stdout == "report: \(html) (1 series, 24 results, 1 cells compared)\n")
            let text = try String(contentsOfFile: html, encoding: .utf8)
            #expect(text.contains("commit 23"))
        }
    }

    @Test("import of a missing path and of a file that is not a result: one line each, exit 2, the rest stored")
    func badInputs() async throws {
        try await BenchmarkTestArea.run { area in
            try await CompareCommandTests.bench(area, "bench", runs: 1)
            let notResult = area.file("config.json")
            try Data("{\"matrix\": 1}".utf8).write(to: URL(fileURLWithPath: notResult))
            let store = area.file("results.sqlite")
            let outcome = try await CleanCommandTests.run([
                "import", "--store", store, area.file("gone.json"), notResult, area.file("bench"),
            ])
            #expect(outcome.status == 2)
            let errors = outcome.stderr.split(separator: "\n").map(String.init)
            #expect(errors.count == 2, "\(outcome.stderr)")
            #expect(errors.first == "perffarm: \(area.file("gone.json")): no such file or directory")
            #expect(
                errors.last?.hasPrefix("perffarm: \(notResult): not a perffarm result: ") == true, "\(outcome.stderr)")
            #expect(outcome.stdout.hasSuffix("1 stored, 0 already there, in \(store)\n"), "\(outcome.stdout)")
            // A store that cannot be created: exit 1, one line naming it.
            let blocked = try await CleanCommandTests.run([
                "import", "--store", notResult + "/results.sqlite", area.file("bench"),
            ])
            #expect(blocked.status == 1)
            #expect(
                blocked.stderr.hasPrefix("perffarm: \(notResult)/results.sqlite: cannot create the store's directory"),
                "\(blocked.stderr)")
        }
    }

    @Test("a run whose store cannot be written: exit 1, the result file kept and named; import stores it later")
    func runStoreFailure() async throws {
        try await BenchmarkTestArea.run { area in
            let blocker = area.file("plain-file")
            try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
            let outcome = try await CleanCommandTests.run([
                "run", "--pg-bin", try BenchCommandBinaryTests.binDirectory(), "--work-dir", area.workDirectory,
                "--output", area.file("results"), "--store", blocker + "/results.sqlite", "--scales", "1",
                "--clients", "1", "--workloads", "read-only", "--duration", "1", "--runs", "1", "--no-upload",
                "--json",
            ])
            #expect(outcome.status == 1, "\(outcome.stderr)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let branches = try #require(document["branches"] as? [[String: Any]])
            #expect(branches.first?["status"] as? String == "succeeded")
            let file = try #require(branches.first?["result_file"] as? String)
            let store = try #require(document["store"] as? [String: Any])
            let error = try #require(store["error"] as? String)
            #expect(error.contains("cannot create the store's directory"), "\(error)")
            #expect(error.hasSuffix("the result files are kept: store them with perffarm import"), "\(error)")
            #expect(FileManager.default.fileExists(atPath: file))

            let imported = try await CleanCommandTests.run(["import", "--store", area.file("results.sqlite"), file])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.hasSuffix("1 stored, 0 already there, in \(area.file("results.sqlite"))\n"))
            let result = try PerfFarmJSON.decode(
                BenchmarkResult.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            let id = try #require(result.resultID)
            let same = try await CleanCommandTests.run(["compare", "--store", area.file("results.sqlite"), id, id])
            #expect(same.status == 0, "\(same.stderr)")
            #expect(same.stdout.contains("no regression in 1 cells"), "\(same.stdout)")
        }
    }
}
