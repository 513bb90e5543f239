import Foundation
import PerfFarmCore
import Synchronization

/// On a terminal, the line of a long step (clone, fetch, configure, build, install) rewritten every second
/// with its elapsed time and, from how long the step took last time, an ETA.
final class StepTicker: Sendable {
    private struct State {
        var generation = 0
        var shown = false
    }

    private let state = Mutex(State())
    private let write: @Sendable (String) -> Void

    /// - Parameter write: where the text goes (standard error).
    init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    /// Shows `label` with the elapsed time, rewritten every second until ``stop()`` or the next `start`.
    func start(_ label: String, expected: Duration?) {
        let generation = state.withLock { state -> Int in
            state.generation += 1
            return state.generation
        }
        let started = ContinuousClock.now
        Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let text = Self.text(label, elapsed: ContinuousClock.now - started, expected: expected)
                let current = self.state.withLock { state -> Bool in
                    guard state.generation == generation else { return false }
                    self.write("\r\u{1B}[K" + text)
                    state.shown = true
                    return true
                }
                if !current { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Stops the line and clears it.
    func stop() {
        state.withLock { state in
            state.generation += 1
            if state.shown { write("\r\u{1B}[K") }
            state.shown = false
        }
    }

    /// `build · 0:12 · ETA 0:28`; past the expected duration `build · 0:45 (0:40 last time)`; without an
    /// expectation `build · 0:12`.
    static func text(_ label: String, elapsed: Duration, expected: Duration?) -> String {
        let seconds = elapsed.inSeconds
        var text = label + " · " + BenchProgressLine.duration(seconds)
        if let expected = expected?.inSeconds {
            text +=
                seconds < expected
                ? " · ETA " + BenchProgressLine.duration(expected - seconds)
                : " (" + BenchProgressLine.duration(expected) + " last time)"
        }
        return text
    }
}
