import Foundation
import PerfFarmCore

/// What `perffarm collect` prints for a person (without `--json`): a few lines per section.
enum CollectSummary {
    /// A short text summary of `report` for a person.
    static func render(_ report: CollectionReport) -> String {
        let (system, fingerprint, preflight, postgres, series) = (
            report.system, report.fingerprint, report.preflight, report.postgres, report.series
        )
        var lines: [String] = []
        if let system {
            lines.append(
                "os: \(system.os.prettyName ?? system.os.name ?? "?"), kernel \(system.os.kernelRelease ?? "?") \(system.os.machine ?? "")"
            )
            lines.append(
                "cpu: \(system.cpu.model ?? "?"), \(system.cpu.sockets) socket(s), \(system.cpu.cores) core(s), \(system.cpu.threads) thread(s)"
                    + (system.cpu.scalingGovernor.map { ", governor \($0)" } ?? ""))
            lines.append(
                "memory: \(system.memory.totalBytes >> 20) MiB, available \(system.memory.availableBytes.map { "\($0 >> 20) MiB" } ?? "?"), THP \(system.memory.transparentHugePages ?? "?")"
            )
            if let storage = system.storage {
                lines.append(
                    "storage: \(storage.path) on \(storage.mountPoint ?? "?") (\(storage.filesystem ?? "?"), device \(storage.device ?? "none")), \((storage.availableBytes ?? 0) >> 30) GiB free"
                )
            }
            if let compiler = system.compiler { lines.append("compiler: \(compiler.versionLine)") }
            lines.append("kernel settings: \(system.kernelSettings.count)")
        }
        if let fingerprint { lines.append("fingerprint: \(fingerprint.hash)") }
        if let preflight {
            lines.append("preflight: \(preflight.passed ? "passed" : "failed")")
            for check in preflight.checks {
                lines.append(
                    "  \(check.status.padding(toLength: 8, withPad: " ", startingAt: 0)) \(check.name): \(check.message)"
                )
            }
        }
        if let postgres {
            lines.append("server: \(postgres.server.version)")
            lines.append(
                "settings: \(postgres.server.settings.count), non-default: \(postgres.server.nonDefaultSettings.joined(separator: ", "))"
            )
            let stats = postgres.statistics
            if let database = stats.database {
                lines.append(
                    "pg_stat_database \(database.database): xact_commit \(database.transactionsCommitted ?? 0), blks_hit \(database.blocksHit ?? 0), blks_read \(database.blocksRead ?? 0)"
                )
            }
            let present = [
                ("pg_stat_bgwriter", stats.bgwriter != nil), ("pg_stat_checkpointer", stats.checkpointer != nil),
                ("pg_stat_wal", stats.wal != nil), ("pg_stat_io", stats.io != nil),
                ("pg_stat_statements", stats.statements != nil),
            ]
            lines.append("views: " + present.map { "\($0.0) \($0.1 ? "yes" : "absent")" }.joined(separator: ", "))
            for note in stats.notes { lines.append("  note: \(note)") }
        }
        if let series {
            lines.append("series (\(series.source)): \(series.samples.count) samples every \(series.intervalSeconds) s")
            lines.append("  offset_s  user%  sys%  iowait%  idle%  load1  ctxsw/s  mem_used_MiB")
            for sample in series.samples {
                let cpu = sample.cpu
                lines.append(
                    String(
                        format: "  %8.1f  %5.1f  %4.1f  %7.1f  %5.1f  %5.2f  %7.0f  %12d", sample.offsetSeconds,
                        cpu?.user ?? 0, cpu?.system ?? 0, cpu?.iowait ?? 0, cpu?.idle ?? 0, sample.load1 ?? 0,
                        sample.contextSwitchesPerSecond ?? 0, (sample.memoryUsedBytes ?? 0) >> 20))
            }
        }
        for note in report.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
