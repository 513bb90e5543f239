import ArgumentParser
import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

/// `perffarm report`: one self-contained HTML file of the results.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: history charts, per-second tps, a comparison.",
        discussion: """
            Reads results like perffarm history (files or directories; default: the work area's results) and \
            writes one HTML file with inline SVG charts and no script or network access: per machine, branch \
            and cell, tps over commits with change points and environment changes marked (commit subjects on \
            hover); the newest result's per-second tps and latency of every measured run and, for a run with a \
            sampler series (perffarm run), its CPU and disk on the same time axis; with --base and --new, the \
            comparison table of perffarm compare in colour.
            """)

    @Argument(help: ArgumentHelp("Result files or directories (default: <work>/results).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file"))
    var out = "report.html"

    @Option(help: ArgumentHelp("A base result to compare (with --new).", valueName: "file"))
    var base: String?

    @Option(help: ArgumentHelp("A new result to compare with --base.", valueName: "file"))
    var new: String?

    @OptionGroup
    var workArea: WorkAreaOptions

    func validate() throws {
        if (base == nil) != (new == nil) { throw ValidationError("--base and --new go together") }
    }

    func run() throws {
        let roots = paths.isEmpty ? [WorkArea(root: workArea.workDirectory ?? WorkArea.defaultRoot()).results] : paths
        let results = try HistoryCommand.loadResults(roots)
        var comparison: ResultComparison?
        if let base, let new {
            do {
                comparison = ResultComparison.compare(
                    base: try CompareCommand.load(base), new: try CompareCommand.load(new), baseReference: base,
                    newReference: new)
            } catch let error as PerfFarmError {
                FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        let history = ResultHistory.build(results)
        let latest = results.max { $0.startedAt < $1.startedAt }
        let html = HTMLReport.render(
            title: "perffarm report", history: history, latest: latest, comparison: comparison)
        do {
            try FileSystem.writeDurably(Data(html.utf8), to: out)
        } catch {
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(
            "report: \(out) (\(history.series.count) series, \(results.count) results"
                + (comparison.map { ", \($0.cells.count) cells compared" } ?? "") + ")")
    }
}
