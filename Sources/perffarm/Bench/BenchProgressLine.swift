import Foundation
import PerfFarmCluster
import PerfFarmCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The progress line of `perffarm bench` on standard error: rewritten in place on a terminal, one line per
/// step and per finished run otherwise (logs, CI).
final class BenchProgressLine: Sendable {
    private struct State {
        var lastActivity = ""
        var shown = false
    }

    private let state = Mutex(State())
    private let terminal: Bool

    private let quiet: Bool

    init(verbose: Bool, quiet: Bool = false) {
        terminal = isatty(STDERR_FILENO) == 1 && !verbose && !quiet
        self.quiet = quiet
    }

    func show(_ progress: BenchmarkProgress) {
        guard !quiet else { return }
        let counter =
            "[\(min(progress.completedRuns + (progress.finishedRun == nil ? 1 : 0), progress.totalRuns))/\(progress.totalRuns)]"
        var text = "\(counter) \(progress.activity)"
        if let tps = progress.currentTPS { text += String(format: " · %.0f tps", tps) }
        if let run = progress.finishedRun {
            text = "[\(progress.completedRuns)/\(progress.totalRuns)] \(progress.activity): " + Self.outcome(run)
        }
        if let eta = progress.remainingSeconds { text += " · ETA " + Self.duration(eta) }
        state.withLock { state in
            if terminal {
                let width = 118
                let line = text.count > width ? String(text.prefix(width)) : text
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
                state.shown = true
                if let run = progress.finishedRun, run.status != .succeeded {
                    FileHandle.standardError.write(Data("\n".utf8))
                }
            } else if progress.finishedRun != nil
                || (progress.currentTPS == nil && progress.activity != state.lastActivity
                    && !progress.activity.contains(" · run ") && !progress.activity.contains(" · warm-up"))
            {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            state.lastActivity = progress.activity
        }
    }

    /// Ends the line on a terminal.
    func finish() {
        state.withLock { state in
            if terminal, state.shown {
                FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
                state.shown = false
            }
        }
    }

    private static func outcome(_ run: PgbenchRun) -> String {
        switch run.status {
        case .succeeded:
            let tps = run.summary?.tps.map { String(format: "%.1f tps", $0) } ?? "? tps"
            let latency = run.summary?.latencyAverageMilliseconds.map { String(format: ", %.3f ms", $0) } ?? ""
            return tps + latency
        case .failed:
            return "FAILED (\(run.errors.first ?? "see the result"))"
        case .interrupted:
            return "interrupted"
        }
    }

    /// `45s`, `3m05s`, `2h03m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
    }
}
