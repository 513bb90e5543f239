import ArgumentParser
import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

/// `perffarm history`: a machine's results over commits, with their change points.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Results over commits per branch and cell, with change points (E-divisive means).",
        discussion: """
            Reads the results of perffarm run (files, or directories searched for result files; default: the \
            work area's results) and, per machine, branch and cell, orders them by commit date and finds the \
            change points of their median tps (docs/statistics.md). A change of environment fingerprint starts \
            a new segment; it is listed, never reported as a change. Results without a commit (perffarm bench of \
            a bin directory) are left out.
            """)

    @Argument(help: ArgumentHelp("Result files or directories (default: <work>/results).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only this branch.", valueName: "name"))
    var branch: String?

    @Option(help: ArgumentHelp("Only this cell.", valueName: "scale=S,clients=N,workload=W"))
    var cell: String?

    @OptionGroup
    var workArea: WorkAreaOptions

    @OptionGroup
    var format: OutputFormatOptions

    func run() throws {
        let roots = paths.isEmpty ? [WorkArea(root: workArea.workDirectory ?? WorkArea.defaultRoot()).results] : paths
        let results = try Self.loadResults(roots)
        let history = ResultHistory.build(results, branch: branch, cell: cell)
        if format.json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(history))
            return
        }
        if history.series.isEmpty {
            print("no results with a commit in \(roots.joined(separator: ", "))")
            return
        }
        for series in history.series {
            let machine = series.machine.map { "\($0) · " } ?? ""
            let first = series.points.first.map { String($0.commit.prefix(12)) } ?? "-"
            let last = series.points.last.map { String($0.commit.prefix(12)) } ?? "-"
            print("\(machine)\(series.branch) · \(series.cell) · \(series.points.count) commits \(first)..\(last)")
            for index in series.environmentChanges {
                print("  new environment from \(series.points[index].commit.prefix(12))")
            }
            for change in series.changes {
                let percent = String(format: "%+.1f%%", change.relativeChange * 100)
                print(
                    "  change \(percent) between \(change.lastBefore.prefix(12)) and \(change.firstAfter.prefix(12))"
                        + " (p \(String(format: "%.3f", change.pValue)))"
                        + (change.firstAfterSubject.map { ": \($0)" } ?? ""))
            }
            if series.changes.isEmpty { print("  no change point") }
        }
    }

    /// The results in `roots`: files (exit 2 with one line when one is not a result), or directories searched
    /// for files that decode as results (others skipped).
    static func loadResults(_ roots: [String]) throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("perffarm: \(root): no such file or directory\n".utf8))
                throw ExitCode(2)
            }
            if isDirectory.boolValue {
                let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix(".json") }.sorted()
                for file in files {
                    if let data = FileManager.default.contents(atPath: root + "/" + file),
                        let result = try? PerfFarmJSON.decode(BenchmarkResult.self, from: data)
                    {
                        results.append(result)
                    }
                }
            } else {
                do {
                    results.append(try CompareCommand.load(root))
                } catch let error as PerfFarmError {
                    FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
                    throw ExitCode(2)
                }
            }
        }
        return results
    }
}
