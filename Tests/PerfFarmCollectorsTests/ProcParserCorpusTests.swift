import Foundation
import PerfFarmCollectors
import Testing

/// Replays the fuzzer's kept corpus of the `/proc` and `/sys` parsers (`scripts/fuzz proc`, libFuzzer) and every
/// input it ever crashed on: each parser on each input, none may crash.
@Suite("Fuzz corpus: /proc and /sys parsers")
struct ProcParserCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz")
        .path

    /// What `Fuzz/Sources/PerfFarmFuzz/ProcParsersFuzzCheck.swift` runs on every input.
    static func parseWithEveryParser(_ text: String) -> Int {
        var answers = 0
        answers += CPUInfoParser.parse(text).model == nil ? 0 : 1
        answers += DiskStatsParser.parse(text).count
        answers += DiskStatsParser.parse(text, device: "sda") == nil ? 0 : 1
        answers += LoadAverageParser.parse(text) == nil ? 0 : 1
        answers += MemInfoParser.parse(text) == MemInfoCounters() ? 0 : 1
        answers += MountInfoParser.parse(text).count
        answers += OSReleaseParser.parse(text).count
        answers += ProcStatParser.parse(text) == ProcStat() ? 0 : 1
        answers += ProcessStatParser.parse(text) == nil ? 0 : 1
        answers += SysfsValueParser.selected(text) == nil ? 0 : 1
        answers += SysfsValueParser.size(text) == nil ? 0 : 1
        answers += SysfsValueParser.cpuCount(text) == nil ? 0 : 1
        answers += SysfsValueParser.keyValues(text).count
        return answers
    }

    @Test("every kept input and every crash input goes through every parser")
    func corpus() throws {
        var files: [String] = []
        for folder in ["proc", "crashes"] {
            let path = Self.directory + "/" + folder
            files += ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map {
                path + "/" + $0
            }
        }
        #expect(files.count >= 50, "the proc corpus has \(files.count) inputs; run scripts/fuzz proc")
        var answered = 0
        for file in files {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            if Self.parseWithEveryParser(text) > 0 { answered += 1 }
        }
        // The corpus is seeded from real files, which the parsers understand.
        #expect(answered > files.count / 10, "\(answered) of \(files.count) inputs gave any value")
    }
}
