import BalanceCheck
import Foundation
import PerfFarmCore
import PerfFarmTesting
import Testing

/// `BalanceCheckParser` on a real capture of `pgbench -c 2 -j 1 -t 6 -f balance-check.sql` (pgbench 15), with
/// perffarm's test helpers: golden JSON, chunked parsing, every truncation.
@Suite("BalanceCheckParser")
struct BalanceCheckParserTests {
    /// pgbench's stdout: 12 `balance-check` lines, then pgbench's summary.
    static func capture() throws -> [UInt8] {
        try Fixture("Fixtures/balance-check.stdout", in: .module).bytes()
    }

    @Test("the capture's values")
    func values() throws {
        let report = try BalanceCheckParser.parse(bytes: try Self.capture())
        #expect(report.checks == 12)
        #expect(report.clients == [0, 1])
        #expect(report.accounts == 12)
        #expect(report.deltaSum == -24431)
        #expect(report.minimumBalance == -4267)
        #expect(report.maximumBalance == 1731)
        #expect(report.driftedAccounts == [])
        #expect(report.otherLines == 13)
    }

    @Test("the report's JSON equals the golden file (PERFFARM_UPDATE_GOLDEN=1 rewrites it)")
    func golden() throws {
        let report = try BalanceCheckParser.parse(bytes: try Self.capture())
        let comparison = try GoldenJSON(directory: "Fixtures/golden").compare(report, toFile: "balance-check.json")
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("chunks of 1 to 64 bytes give what the whole output gives")
    func chunking() throws {
        let report = ParserCheck<BalanceCheckParser>().checkChunking(try Self.capture(), chunkSizes: 1...64)
        #expect(report.passed, "\(report)")
        #expect(report.whole.value?.checks == 12)
    }

    @Test("every truncation parses or throws a PerfFarmError with its line")
    func truncations() throws {
        let bytes = try Self.capture()
        let report = ParserCheck<BalanceCheckParser>().checkTruncations(bytes)
        #expect(report.passed, "\(report)")
        #expect(report.parses == bytes.count + 1)
        // Cut inside the second balance-check line (after pgbench's banner): truncated input at line 3.
        let cut = ParserCheck<BalanceCheckParser>().parseWhole(bytes[..<140])
        #expect(cut.error?.code == .truncatedInput)
        #expect(cut.error?.lineNumber == 3)
    }

    @Test("a line without a value and binary bytes are errors at their line")
    func errors() {
        let missing = Array("pgbench (15.18)\nbalance-check client=0 aid=7 delta=12\n".utf8)
        let error = #expect(throws: PerfFarmError.self) { try BalanceCheckParser.parse(bytes: missing) }
        #expect(error?.code == .unrecognizedInput)
        #expect(error?.lineNumber == 2)
        #expect(error?.message.contains("`balance`") == true)

        let binary = Array("balance-check client=0 aid=7 delta=12 balance=12\n\u{0}\u{1}\n".utf8)
        let binaryError = #expect(throws: PerfFarmError.self) { try BalanceCheckParser.parse(bytes: binary) }
        #expect(binaryError?.code == .binaryInput)
        #expect(binaryError?.lineNumber == 2)
    }

    @Test("an account updated twice drifts when its balance is not the sum of its deltas")
    func drift() throws {
        let output = """
            balance-check client=0 aid=7 delta=12 balance=12
            balance-check client=1 aid=7 delta=-5 balance=7
            balance-check client=1 aid=9 delta=3 balance=10
            balance-check balance=1 delta=1 aid=11 client=2 note=keys-in-any-order

            """
        let report = try BalanceCheckParser.parse(bytes: Array(output.utf8))
        #expect(report.checks == 4)
        #expect(report.clients == [0, 1, 2])
        #expect(report.accounts == 3)
        #expect(report.driftedAccounts == [9])
    }
}
