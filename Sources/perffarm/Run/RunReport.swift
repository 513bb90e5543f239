import Foundation
import PerfFarmClient
import PerfFarmCore
import PerfFarmResults

/// The summary `perffarm run` prints at the end: each branch's outcome and, per benchmarked cell, tps and
/// latency percentiles.
enum RunReport {
    static func render(_ summary: FarmRunSummary) -> String {
        if let holder = summary.lockHolder { return "nothing done: \(holder)" }
        var lines: [String] = []
        for outcome in summary.branches {
            var line =
                "\(outcome.branch)  \(outcome.commit.map { String($0.prefix(12)) } ?? "-")  \(outcome.status.rawValue)"
            if let message = outcome.message { line += "  (\(message))" }
            lines.append(line)
            if let result = outcome.result, !result.cells.isEmpty {
                lines.append(
                    "  "
                        + [
                            pad("scale", 6), pad("clients", 8), pad("workload", 14, left: true), pad("runs", 5),
                            pad("tps", 11), pad("p50 ms", 9), pad("p99 ms", 9),
                        ].joined(separator: " "))
                for cell in result.cells {
                    lines.append(
                        "  "
                            + [
                                pad("\(cell.scale)", 6), pad("\(cell.clients)", 8), pad(cell.workload, 14, left: true),
                                pad("\(cell.succeeded)/\(cell.runs)", 5), pad(number(cell.tps?.median, "%.1f"), 11),
                                pad(number(cell.latencyPercentiles?.p50?.median, "%.3f"), 9),
                                pad(number(cell.latencyPercentiles?.p99?.median, "%.3f"), 9),
                            ].joined(separator: " "))
                }
            }
            if let file = outcome.resultFile { lines.append("  result: \(file)") }
        }
        if summary.branches.isEmpty { lines.append("no branch to benchmark") }
        if let location = summary.storeLocation, !summary.stored.isEmpty || summary.storeError != nil {
            let stored = summary.stored.filter { $0.outcome == .stored }.count
            let already = summary.stored.count - stored
            lines.append(
                "store: \(stored) stored" + (already > 0 ? ", \(already) already there" : "") + " in \(location)")
        }
        if let error = summary.storeError { lines.append("store: \(error)") }
        if let upload = summary.upload {
            var line = "upload: \(upload.delivered.count) delivered"
            if !upload.kept.isEmpty {
                line += ", \(upload.kept.count) kept in the outbox for later (perffarm upload --flush)"
            }
            if !upload.rejected.isEmpty { line += ", \(upload.rejected.count) rejected (see outbox/rejected)" }
            lines.append(line)
            for entry in upload.kept + upload.rejected {
                lines.append("  \(entry.resultID): \(entry.outcome.rawValue)" + (entry.reason.map { ": \($0)" } ?? ""))
            }
            for warning in upload.warnings { lines.append("  warning: \(warning)") }
        }
        if let error = summary.uploadError { lines.append("upload: \(error)") }
        if summary.timedOut { lines.append("the run passed its time limit (run.run_timeout) and was stopped") }
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
