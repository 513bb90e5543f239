import Foundation
import PerfFarmBuild
import PerfFarmClient
import PerfFarmCluster
import PerfFarmCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `perffarm run` shows while it runs, on standard error: on a terminal, a line per step and a progress
/// line rewritten in place during the benchmark (elapsed time, ETA); otherwise timestamped plain lines (cron
/// mail, journald); with `--quiet`, nothing (the summary and errors come at the end).
final class FarmProgressPrinter: Sendable {
    private let quiet: Bool
    private let terminal: Bool
    private let benchLine: BenchProgressLine
    private let ticker = StepTicker()
    private let started = ContinuousClock.now

    init(quiet: Bool, verbose: Bool) {
        self.quiet = quiet
        terminal = isatty(STDERR_FILENO) == 1 && !verbose
        benchLine = BenchProgressLine(verbose: verbose || !(isatty(STDERR_FILENO) == 1), quiet: quiet)
    }

    func show(_ progress: FarmProgress) {
        guard !quiet else { return }
        switch progress {
        case .benchmark(_, let bench):
            if terminal {
                benchLine.show(bench)
            } else if bench.finishedRun != nil || (bench.currentTPS == nil && !bench.activity.contains(" · ")) {
                let text = bench.finishedRun.map { _ in bench.activity + ": done" } ?? bench.activity
                line("  " + text)
            }
        case .build(let branch, let build, let expected):
            let label = branch == nil ? "  repository: " : "  build: "
            if build.event == .started {
                if terminal {
                    ticker.start(label + build.phrase, expected: expected)
                } else {
                    line(label + build.phrase + (expected.map { " (\(Self.duration($0)) last time)" } ?? ""))
                }
            } else {
                line(label + build.phrase)
            }
        default:
            if let text = Self.text(progress) { line(text) }
        }
    }

    /// Ends a progress line left on the terminal.
    func finish() {
        ticker.stop()
        benchLine.finish()
    }

    private func line(_ text: String) {
        ticker.stop()
        benchLine.finish()
        let elapsed = BenchProgressLine.duration((ContinuousClock.now - started).inSeconds)
        let prefix = terminal ? "[\(elapsed)] " : TimestampFormat.string(from: Date()) + " "
        FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
    }

    private static func duration(_ duration: Duration) -> String {
        BenchProgressLine.duration(duration.inSeconds)
    }

    static func text(_ progress: FarmProgress) -> String? {
        switch progress {
        case .started(let branches):
            return "perffarm run: " + (branches.isEmpty ? "no branch" : branches.joined(separator: ", "))
        case .branchStarted(let branch, let index, let count):
            return "[\(index)/\(count)] \(branch)"
        case .resolved(let branch, let commit, let subject):
            return "  \(branch) is at \(commit.prefix(12)) \(subject)"
        case .skipped(_, let commit, let previous):
            return "  skipped: \(commit.prefix(12)) was benchmarked with this configuration (\(previous))"
        case .branchFinished(let outcome):
            var text = "  \(outcome.branch): \(outcome.status.rawValue)"
            if let message = outcome.message, outcome.status != .skipped { text += " — \(message)" }
            if let file = outcome.resultFile, outcome.status != .skipped { text += "\n  result: \(file)" }
            return text
        case .note(let note):
            return "  note: " + note
        case .build, .benchmark:
            return nil
        }
    }
}
