import Foundation
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmProcess
import Testing

/// The captured machine files: `linux-2core` (this machine's real /proc, /sys, /etc), `linux-64core` and
/// `linux-arm-old` (hand-edited: many cores; an arm64 machine with an old kernel and missing fields),
/// `collectd-csv` (a real collectd 5.12 run).
enum CollectorFixtures {
    static let root: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// A fixture machine's root folder.
    static func machine(_ name: String) -> String {
        root.appendingPathComponent(name).path
    }

    /// A file of a fixture machine as text.
    static func text(_ machine: String, _ path: String) -> String {
        (try? String(contentsOfFile: Self.machine(machine) + path, encoding: .utf8)) ?? ""
    }
}

/// A `CommandRunner` answering from a table, for the compiler reader.
struct CannedCommandRunner: CommandRunner {
    var answers: [String: CommandOutcome]

    func run(_ command: Command) async throws -> CommandOutcome {
        guard let outcome = answers[command.commandLine] else {
            throw PerfFarmError(.commandNotStarted, "\(command.executable): not found")
        }
        return outcome
    }
}
