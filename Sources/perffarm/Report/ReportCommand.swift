import ArgumentParser
import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

/// `perffarm report`: one self-contained HTML file of the results.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: history charts, per-second tps, a comparison.",
        discussion: """
            Reads results like perffarm history (the results store, or files and directories) and \
            writes one HTML file with inline SVG charts and no script or network access: per machine, branch \
            and cell, tps over commits with change points and environment changes marked (commit subjects on \
            hover); the newest result's per-second tps and latency of every measured run and, for a run with a \
            sampler series (perffarm run), its CPU and disk on the same time axis; with --base and --new, the \
            comparison table of perffarm compare in colour (each a file or a store reference, as perffarm \
            compare takes them).
            """)

    @Argument(
        help: ArgumentHelp(
            "Result files or directories (default: the results store, else <work>/results).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file"))
    var out = "report.html"

    @Option(help: ArgumentHelp("A base result to compare (with --new).", valueName: "file-or-reference"))
    var base: String?

    @Option(help: ArgumentHelp("A new result to compare with --base.", valueName: "file-or-reference"))
    var new: String?

    @OptionGroup
    var workArea: WorkAreaOptions

    @OptionGroup
    var storeOptions: StoreOptions

    func validate() throws {
        if (base == nil) != (new == nil) { throw ValidationError("--base and --new go together") }
    }

    func run() async throws {
        let opener = StoreOpener(storeOptions, onlyIfPresent: true, logger: Logger(label: "perffarm"))
        let history: ResultHistory
        var latest: BenchmarkResult?
        var count = 0
        var comparison: ResultComparison?
        do {
            if !paths.isEmpty {
                let results = try ResultInputs.files(paths).map(\.result)
                history = ResultHistory.build(results)
                latest = results.max { $0.startedAt < $1.startedAt }
                count = results.count
            } else if let store = try await opener.store() {
                history = ResultHistory.build(
                    observations: try await store.observations(), noiseFloors: try await store.noiseFloorTable())
                let runs = try await store.runs()
                count = runs.count
                if let newest = runs.first { latest = try await store.result(id: newest.id) }
            } else {
                let results = try ResultInputs.files([
                    WorkArea(root: workArea.workDirectory ?? WorkArea.defaultRoot()).results
                ]).map(\.result)
                history = ResultHistory.build(results)
                latest = results.max { $0.startedAt < $1.startedAt }
                count = results.count
            }
            if let base, let new {
                comparison = ResultComparison.compare(
                    base: try await ResultInputs.result(base, store: opener),
                    new: try await ResultInputs.result(new, store: opener), baseReference: base, newReference: new)
            }
        } catch let error as PerfFarmError {
            await opener.close()
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(2)
        }
        await opener.close()
        let html = HTMLReport.render(
            title: "perffarm report", history: history, latest: latest, comparison: comparison)
        do {
            try FileSystem.writeDurably(Data(html.utf8), to: out)
        } catch {
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(
            "report: \(out) (\(history.series.count) series, \(count) results"
                + (comparison.map { ", \($0.cells.count) cells compared" } ?? "") + ")")
    }
}
