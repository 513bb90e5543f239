import Foundation
import PerfFarmCore
import PerfFarmProcess

/// How long each long step (the mirror's fetch, configure, build, install, contrib) took the last time it
/// succeeded in this work area: the expected duration behind a step's ETA. Kept in
/// `<work>/state/step-durations.json`; a missing or unreadable file means no estimate, never an error.
struct StepDurations: Sendable {
    let file: String

    init(workArea: WorkArea) {
        file = workArea.state + "/step-durations.json"
    }

    /// The step's last successful duration, if any.
    func expected(_ step: String) -> Duration? {
        all()[step].map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }

    /// Records successful steps' durations (seconds), keeping the others.
    func record(_ durations: [String: Double]) {
        guard !durations.isEmpty else { return }
        var table = all()
        table.merge(durations) { _, new in new }
        guard let data = try? PerfFarmJSON.encode(table) else { return }
        try? FileSystem.createDirectory((file as NSString).deletingLastPathComponent)
        try? FileSystem.writeDurably(data, to: file)
    }

    /// Records the successful steps of `build`.
    func record(_ build: BuildResult) {
        record(
            Dictionary(build.steps.filter(\.succeeded).map { ($0.name.rawValue, $0.durationSeconds) }) { _, last in last
            })
    }

    private func all() -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: file) else { return [:] }
        return (try? JSONDecoder().decode([String: Double].self, from: data)) ?? [:]
    }
}
