import Foundation
import PerfFarmCluster
import PerfFarmCore

/// The table `perffarm bench` prints at the end: tps and latency per cell, then the status, the failures,
/// where the time went and where the result is.
enum BenchReport {
    static func render(_ result: BenchmarkResult) -> String {
        var lines: [String] = []
        if let cluster = result.cluster {
            lines.append("PostgreSQL: \(cluster.serverVersion ?? cluster.postgresVersion ?? cluster.binDirectory)")
        }
        let header = [
            pad("scale", 6), pad("clients", 8), pad("workload", 14, left: true), pad("runs", 6), pad("tps median", 12),
            pad("tps mean", 12), pad("tps cv", 8), pad("lat median", 11), pad("lat mean", 10),
        ]
        lines.append(header.joined(separator: " ") + "  (latency in ms)")
        for cell in result.cells {
            let tps = cell.tps
            let latency = cell.latencyAverageMilliseconds
            let row = [
                pad("\(cell.scale)", 6), pad("\(cell.clients)", 8), pad(cell.workload, 14, left: true),
                pad("\(cell.succeeded)/\(cell.runs)", 6), pad(number(tps?.median, "%.1f"), 12),
                pad(number(tps?.mean, "%.1f"), 12),
                pad(tps?.coefficientOfVariation.map { String(format: "%.1f%%", 100 * $0) } ?? "-", 8),
                pad(number(latency?.median, "%.3f"), 11), pad(number(latency?.mean, "%.3f"), 10),
            ]
            lines.append(row.joined(separator: " "))
        }
        lines.append("")
        var status = "status: \(result.status.rawValue)"
        if let failure = result.failure { status += " (\(failure.stage): \(failure.message))" }
        lines.append(status)
        for dataset in result.datasets where dataset.status == .failed {
            lines.append("  data set of scale \(dataset.scale) failed: \(dataset.errors.first ?? "")")
        }
        for run in result.runs where run.status == .failed {
            let what = "scale \(run.scale), \(run.clients) clients, \(run.workload)"
            lines.append("  run \(run.index) (\(what)) failed: \(run.errors.first ?? "")")
        }
        let timings = result.timings
        var time = String(
            format:
                "time: %.1f s in pgbench, %.1f s around it (init %.1f, copies %.1f, checkpoints %.1f, cluster %.1f)",
            timings.pgbenchSeconds, timings.overheadSeconds, timings.initSeconds, timings.copySeconds,
            timings.checkpointSeconds, timings.clusterSeconds)
        if let percent = timings.overheadPercent { time += String(format: " = %.1f%% overhead", percent) }
        lines.append(time)
        if let seed = result.matrix.seed { lines.append("random order, seed \(seed)") }
        if let cluster = result.cluster, cluster.kept { lines.append("cluster kept: \(cluster.directory)") }
        lines.append("result: \(result.outputDirectory)/\(BenchmarkResultJSON.fileName)")
        return lines.joined(separator: "\n")
    }

    private static func number(_ value: Double?, _ format: String) -> String {
        value.map { String(format: format, $0) } ?? "-"
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        guard text.count < width else { return text }
        let space = String(repeating: " ", count: width - text.count)
        return left ? text + space : space + text
    }
}
