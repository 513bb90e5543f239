import Foundation
import PerfFarmCore
import Testing

/// Truncated, shuffled and random input never crashes a parser: it gives a result or a `PerfFarmError`.
@Suite("Parsers on truncated, shuffled and random input")
struct RobustnessTests {
    /// Runs every parser on `bytes`; each must return or throw a `PerfFarmError`, nothing else.
    static func parseEverything(_ bytes: [UInt8]) {
        func check(_ body: () throws -> Void) {
            do { try body() } catch is PerfFarmError {} catch { Issue.record("unexpected error type: \(error)") }
        }
        check { _ = try PgbenchRunParser.parse(bytes: bytes) }
        check { _ = try PgbenchInitParser.parse(bytes: bytes) }
        check { _ = try PgbenchTransactionLogParser.parse(bytes: bytes) }
        check { _ = try PgbenchAggregateLogParser.parse(bytes: bytes) }
        for kind in [nil] + PgbenchOutputKind.allCases.map(Optional.some) {
            check { _ = try PgbenchOutputParser.parse(bytes: bytes, kind: kind) }
        }
    }

    static let samples: [[UInt8]] =
        [
            Fixtures.named("pg17", "e12-multi-script-failures-r"),
            Fixtures.named("pg10", "r10-rate-latency-limit-skip"),
            Fixtures.named("pg15", "e05-serialization-max-tries-r-P"),
            Fixtures.named("pg13", "i15-init-tty-scale2"),
            Fixtures.named("pg15", "i07-init-steps-server-side-dtGvpf"),
        ].map { $0.stdout + $0.stderr } + [
            Array(Fixtures.bytes(Fixtures.named("pg15", "e09-serialization-log-per-txn").logFiles[0]).prefix(3000)),
            Fixtures.bytes(Fixtures.named("pg15", "e10-serialization-log-aggregate").logFiles[0]),
        ]

    @Test("every truncation of real outputs", arguments: samples.indices)
    func truncations(_ index: Int) {
        let bytes = Self.samples[index]
        for end in stride(from: 0, through: bytes.count, by: max(1, bytes.count / 400)) {
            Self.parseEverything(Array(bytes[..<end]))
        }
    }

    @Test("cut logs are truncated input with the line, complete ones are not")
    func truncatedLogs() throws {
        let log = Array(Fixtures.bytes(Fixtures.named("pg13", "r19-log-per-txn-j2").logFiles[0]).prefix(5000))
        let lines = log.split(separator: 0x0A).count
        var cuts = 0
        for end in 1..<log.count where log[end - 1] != 0x0A {
            do {
                _ = try PgbenchTransactionLogParser.parse(bytes: log[..<end])
            } catch let error as PerfFarmError {
                #expect(error.code == .truncatedInput)
                #expect((1...lines).contains(error.lineNumber ?? 0))
                cuts += 1
            }
        }
        #expect(cuts > 100)
    }

    @Test("shuffled lines: no crash, and log statistics do not depend on line order")
    func shuffled() throws {
        var generator = SplitMix64(seed: 42)
        for sample in Self.samples {
            var lines = sample.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            for _ in 0..<20 {
                lines.shuffle(using: &generator)
                Self.parseEverything(Array(lines.joined(separator: [0x0A])))
            }
        }
        let log = Fixtures.bytes(Fixtures.named("pg17", "e09-serialization-log-per-txn").logFiles[0])
        var lines = log.split(separator: 0x0A).map(Array.init)
        let ordered = try PgbenchTransactionLogParser.parse(bytes: log)
        lines.shuffle(using: &generator)
        let shuffledLog = Array(lines.joined(separator: [0x0A])) + [0x0A]
        #expect(try PgbenchTransactionLogParser.parse(bytes: shuffledLog) == ordered)
    }

    @Test("random bytes: no crash; NUL bytes are binary input with a line number")
    func randomBytes() {
        var generator = SplitMix64(seed: 7)
        for round in 0..<300 {
            let count = Int.random(in: 0...2000, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            Self.parseEverything(bytes)
            bytes.append(0)
            do {
                _ = try PgbenchOutputParser.parse(bytes: bytes)
                Issue.record("round \(round): binary input accepted")
            } catch let error as PerfFarmError {
                #expect(error.code == .binaryInput, "round \(round)")
                #expect(error.lineNumber != nil)
            } catch {
                Issue.record("round \(round): \(error)")
            }
        }
    }

    @Test("random text: no crash, never called binary")
    func randomText() {
        var generator = SplitMix64(seed: 11)
        let alphabet = Array("0123456789 .:-/()%=,abcdefghijklmnopqrstuvwxyz\n\t\r".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            Self.parseEverything(bytes)
            do {
                _ = try PgbenchRunParser.parse(bytes: bytes)
            } catch let error as PerfFarmError where [.truncatedInput, .multipleRuns].contains(error.code) {
                // Text that stops mid-line or looks like two runs: refused as such, with the line.
                #expect(error.lineNumber != nil)
            } catch {
                Issue.record("text rejected: \(error)")
            }
        }
    }

    @Test("random mutations of real outputs")
    func mutations() {
        var generator = SplitMix64(seed: 99)
        for sample in Self.samples {
            for _ in 0..<100 {
                var bytes = sample
                for _ in 0..<Int.random(in: 1...20, using: &generator) where !bytes.isEmpty {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[position] = UInt8.random(in: 0x20...0x7E, using: &generator)
                    case 1: bytes.remove(at: position)
                    default: bytes.insert(UInt8.random(in: 0x20...0x7E, using: &generator), at: position)
                    }
                }
                Self.parseEverything(bytes)
            }
        }
    }
}
