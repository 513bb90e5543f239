import ArgumentParser
import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

/// `perffarm history`: a machine's results over commits, with their change points.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Results over commits per branch and cell, with change points (E-divisive means).",
        discussion: """
            Reads the results of perffarm run — from the results store (perffarm run stores every result; \
            perffarm import stores files), or from files and directories searched for result files when \
            given; without a store yet, from the work area's results — and, per machine, branch and cell, \
            orders them by commit date and finds the \
            change points of their median tps (docs/statistics.md). A change of environment fingerprint starts \
            a new segment; it is listed, never reported as a change. Results without a commit (perffarm bench of \
            a bin directory) are left out.
            """)

    @Argument(
        help: ArgumentHelp(
            "Result files or directories (default: the results store, else <work>/results).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only this branch.", valueName: "name"))
    var branch: String?

    @Option(help: ArgumentHelp("Only this cell.", valueName: "scale=S,clients=N,workload=W"))
    var cell: String?

    @OptionGroup
    var workArea: WorkAreaOptions

    @OptionGroup
    var storeOptions: StoreOptions

    @OptionGroup
    var format: OutputFormatOptions

    func run() async throws {
        let (history, source) = try await Self.history(
            paths: paths, storeOptions: storeOptions, workDirectory: workArea.workDirectory, branch: branch,
            cell: cell)
        let roots = [source]
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

    /// Where history comes from: `paths`; else the store (chosen, or the default one when it exists); else
    /// the work area's results directory.
    /// - Returns: the history and a description of its source.
    static func history(
        paths: [String], storeOptions: StoreOptions, workDirectory: String?, branch: String?, cell: String?
    ) async throws -> (ResultHistory, String) {
        if !paths.isEmpty {
            return (
                ResultHistory.build(try loadResults(paths), branch: branch, cell: cell), paths.joined(separator: ", ")
            )
        }
        let opener = StoreOpener(storeOptions, onlyIfPresent: true, logger: Logger(label: "perffarm"))
        do {
            if let store = try await opener.store() {
                let observations = try await store.observations(branch: branch, cell: cell)
                let floors = try await store.noiseFloorTable()
                await opener.close()
                return (ResultHistory.build(observations: observations, noiseFloors: floors), store.description)
            }
        } catch let error as PerfFarmError {
            await opener.close()
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let results = WorkArea(root: workDirectory ?? WorkArea.defaultRoot()).results
        return (ResultHistory.build(try loadResults([results]), branch: branch, cell: cell), results)
    }

    /// The results in `roots`: files (exit 2 with one line when one is not a result), or directories searched
    /// for files that decode as results (others skipped).
    static func loadResults(_ roots: [String]) throws -> [BenchmarkResult] {
        do {
            return try ResultInputs.files(roots).map(\.result)
        } catch let error as PerfFarmError {
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
