import Foundation
import Synchronization
import Testing

@testable import perffarm

@Suite("StepTicker: the elapsed time and ETA of a long step", .timeLimit(.minutes(1)))
struct StepTickerTests {
    @Test("the text: ETA before the expected duration, the last time's duration after it, elapsed alone without")
    func text() {
        #expect(
            StepTicker.text("build: configure", elapsed: .seconds(12), expected: .seconds(40))
                == "build: configure · 12s · ETA 28s")
        #expect(
            StepTicker.text("build: build", elapsed: .seconds(95), expected: .seconds(90))
                == "build: build · 1m35s (1m30s last time)")
        #expect(StepTicker.text("repository: fetch", elapsed: .seconds(3), expected: nil) == "repository: fetch · 3s")
    }

    @Test("the line is rewritten until stop, which clears it; nothing is written after stop")
    func ticks() async throws {
        let written = Mutex<[String]>([])
        let ticker = StepTicker { text in written.withLock { $0.append(text) } }
        ticker.start("build: build", expected: .seconds(100))
        // Wait (without a deadline on the ticker's pace: the machine may be busy) for a rewrite of the line.
        while written.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(50)) }
        ticker.stop()
        let atStop = written.withLock { $0 }
        #expect(atStop.count >= 3, "\(atStop)")
        #expect(atStop.dropLast().allSatisfy { $0.hasPrefix("\r\u{1B}[Kbuild: build · ") && $0.contains("ETA") })
        #expect(atStop.last == "\r\u{1B}[K")
        try await Task.sleep(for: .milliseconds(1500))
        #expect(written.withLock { $0 } == atStop)

        // A new step replaces the line of the one before.
        ticker.start("build: configure", expected: nil)
        ticker.start("build: install", expected: nil)
        // Wait (no deadline: a busy machine may delay the ticker) for the new step's line.
        while !written.withLock({ $0.dropFirst(atStop.count).contains { $0.contains("build: install") } }) {
            try await Task.sleep(for: .milliseconds(50))
        }
        ticker.stop()
        let lines = written.withLock { Array($0.dropFirst(atStop.count)) }
        #expect(!lines.contains { $0.contains("configure") })
        #expect(lines.contains { $0.hasPrefix("\r\u{1B}[Kbuild: install · ") })
    }
}
