import ArgumentParser
import Foundation
import Testing

@testable import perffarm

/// Help that reads well in an 80-column terminal: examples that survive copy-paste (no example line wrapped,
/// long ones continued with a backslash), defaults shown.
@Suite("perffarm --help")
struct HelpTests {
    static let commands: [any ParsableCommand.Type] = [
        PerfFarmCommand.self, ParseCommand.self, BuildCommand.self, BenchCommand.self, CollectCommand.self,
        UploadCommand.self, MachineCommand.self, MachineInitCommand.self,
    ]

    /// The example lines of a command's discussion (after `Examples:`).
    static func examples(_ command: any ParsableCommand.Type) -> [String] {
        let discussion = command.configuration.discussion
        guard let start = discussion.range(of: "Examples:\n") else { return [] }
        return discussion[start.upperBound...].split(separator: "\n").map(String.init)
    }

    @Test("every example line is printed whole at 80 columns", arguments: 0..<commands.count)
    func examplesAreNotWrapped(_ index: Int) {
        let command = Self.commands[index]
        let help = command.helpMessage(columns: 80)
        let examples = Self.examples(command)
        #expect(!examples.isEmpty, "\(command) has no examples")
        for line in examples {
            #expect(line.count <= 80, "longer than 80 columns: \(line)")
            #expect(help.contains("\n" + line + "\n") || help.hasSuffix("\n" + line), "wrapped: \(line)")
            #expect(line.hasPrefix("  perffarm") || line.hasPrefix("    "), "not an example line: \(line)")
        }
    }

    @Test("a continued example ends every line but its last with a backslash", arguments: 0..<commands.count)
    func continuationLines(_ index: Int) {
        let examples = Self.examples(Self.commands[index])
        for (line, next) in zip(examples, examples.dropFirst()) where next.hasPrefix("    ") {
            #expect(line.hasSuffix(" \\"), "continued without a backslash: \(line)")
        }
    }

    @Test("bench shows its defaults and groups its options under titles")
    func benchDefaultsAndGroups() {
        let help = BenchCommand.helpMessage(columns: 80)
        for title in ["MATRIX:", "PGBENCH:", "CLUSTER:", "OUTPUT:"] {
            #expect(help.contains("\n" + title + "\n"), "no \(title) group")
        }
        for fragment in ["(default: 1,10)", "(default: 1,2,4)", "(default: 10;", "(default: 3)", "(default: 55432)"] {
            #expect(help.contains(fragment), "default not shown: \(fragment)")
        }
    }
}
