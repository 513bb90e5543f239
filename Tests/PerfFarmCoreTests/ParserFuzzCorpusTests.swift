import Foundation
import PerfFarmCore
import PerfFarmTesting
import Testing

/// Replays the fuzzer's kept corpus (`scripts/fuzz`, libFuzzer) and every input it ever failed on through the
/// same checks (`ParserFuzzCheck`), so that what the fuzzer found stays found.
@Suite("Fuzz corpus: pgbench parsers")
struct ParserFuzzCorpusTests {
    /// `Tests/PerfFarmCoreTests/Fuzz`, in the source tree.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz")
        .path

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map {
            directory + "/" + $0
        }
    }

    @Test("every kept input passes its target's checks", arguments: ParserFuzzCheck.Target.allCases)
    func corpus(target: ParserFuzzCheck.Target) throws {
        let files = Self.files(in: Self.directory + "/" + target.rawValue)
        // A corpus that vanished would make this test pass on nothing.
        #expect(files.count >= 50, "the \(target.rawValue) corpus has \(files.count) inputs; run scripts/fuzz")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let failure = target.check(bytes)
            #expect(failure == nil, "\(file): \(failure ?? "")")
        }
    }

    @Test("the inputs the fuzzer failed on, once fixed, pass (crashes/<target>-...)")
    func crashes() throws {
        for file in Self.files(in: Self.directory + "/crashes") {
            let name = (file as NSString).lastPathComponent
            let target = try #require(
                ParserFuzzCheck.Target.allCases.first { name.hasPrefix($0.rawValue + "-") }, "\(name): no target")
            let failure = target.check([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
            #expect(failure == nil, "\(file): \(failure ?? "")")
        }
    }

    @Test("the checks catch what they are for: a cut summary accepted, a parser that disagrees with itself")
    func checksCanFail() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pgbench/pg15/r01-tpcb-default-T.stdout")
        let bytes = [UInt8](try Data(contentsOf: fixture))
        // The real parser: a whole run passes; cut inside its tps it is refused (so the check passes too).
        #expect(ParserFuzzCheck.Target.run.check(bytes) == nil)
        let text = String(decoding: bytes, as: UTF8.self)
        let tps = try #require(text.range(of: "tps = "))
        let cut = Array(text[..<tps.lowerBound].utf8) + Array("tps = 4".utf8)
        #expect(throws: PerfFarmError.self) { try PgbenchRunParser.parse(bytes: cut) }
        #expect(ParserFuzzCheck.Target.run.check(cut) == nil)
        // A parser that accepts a cut summary, and one whose result depends on the chunks, are caught.
        #expect(ParserFuzzCheck.cutLastByte(ParserCheck<CutAcceptingParser>(), bytes) != nil)
        #expect(ParserFuzzCheck.failure(ParserCheck<ChunkDependentParser>(), bytes, chunk: 7) != nil)
        #expect(ParserFuzzCheck.failure(ParserCheck<CutAcceptingParser>(), bytes, chunk: 7) == nil)
    }
}

/// Accepts any input, cut or not: its byte count.
private struct CutAcceptingParser: PgbenchOutputParsing {
    var count = 0
    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws { count += chunk.count }
    mutating func finish() throws -> Int { count }
}

/// Wrong on purpose: counts chunks, so a chunked parse disagrees with a whole one.
private struct ChunkDependentParser: PgbenchOutputParsing {
    var chunks = 0
    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws { chunks += 1 }
    mutating func finish() throws -> Int { chunks }
}
