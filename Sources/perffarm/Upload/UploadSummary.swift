import Foundation
import PerfFarmClient
import PerfFarmCore

/// The lines `perffarm upload` prints: one per result, then a count.
enum UploadSummary {
    /// The text of `report` (no trailing newline); with `quiet`, only what was not delivered.
    static func render(_ report: OutboxFlushReport, quiet: Bool = false) -> String {
        var lines: [String] = []
        for entry in report.entries {
            let result = "\(entry.resultID) (\(entry.machine), \(entry.format.rawValue))"
            switch entry.outcome {
            case .delivered:
                if quiet { continue }
                var line = "delivered \(result) to \(entry.url): HTTP \(entry.status.map(String.init) ?? "2xx")"
                if let reason = entry.reason { line += " (\(reason))" }
                lines.append(line)
            case .kept:
                var line = "kept      \(result): \(entry.reason ?? "not delivered")"
                if let next = entry.nextAttemptAt { line += "; next attempt \(TimestampFormat.string(from: next))" }
                lines.append(line)
            case .rejected:
                var line = "rejected  \(result): \(entry.reason ?? "HTTP \(entry.status.map(String.init) ?? "?")")"
                if let file = entry.rejectedFile { line += "; see \(file)" }
                lines.append(line)
            }
        }
        if report.entries.isEmpty {
            if !quiet { lines.append("nothing to upload: the outbox is empty") }
        } else if !quiet {
            lines.append(
                "\(report.delivered.count) delivered, \(report.kept.count) kept, \(report.rejected.count) rejected")
        }
        return lines.joined(separator: "\n")
    }
}
