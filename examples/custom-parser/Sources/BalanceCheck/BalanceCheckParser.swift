public import PerfFarmCore

/// Parses what pgbench prints on stdout while it runs `balance-check.sql`: the script's own lines,
/// `balance-check client=0 aid=94567 delta=1148 balance=1148` (printed by `\shell printf`), among pgbench's banner
/// and summary.
///
/// A streaming ``PgbenchOutputParsing`` parser: chunks of any size, lines cut by perffarm's `ByteLineSplitter`,
/// constant memory per account. Keys may come in any order and unknown keys are ignored; `client`, `aid`, `delta`
/// and `balance` are required integers.
///
/// Errors, all ``PerfFarmError`` with the line number: ``PerfFarmError/Code/binaryInput`` for control bytes,
/// ``PerfFarmError/Code/unrecognizedInput`` for a `balance-check` line that lacks a value, and
/// ``PerfFarmError/Code/truncatedInput`` when the output ends inside a `balance-check` line (pgbench ends every
/// line it prints; a last line without its line break was cut, and its last number may be too).
public struct BalanceCheckParser: PgbenchOutputParsing {
    /// The first word of the script's lines.
    public static let tag = "balance-check"

    private var splitter = ByteLineSplitter(terminators: .text)
    private var checks = 0
    private var otherLines = 0
    private var clients: Set<Int> = []
    private var deltaSum = 0
    private var minimumBalance: Int?
    private var maximumBalance: Int?
    /// Per account: the sum of its deltas and its last balance.
    private var accounts: [Int: (deltas: Int, balance: Int)] = [:]

    /// Creates a parser for one output.
    public init() {}

    /// Reads the next chunk of pgbench's stdout.
    /// - Parameter chunk: the bytes that follow the previous chunk.
    /// - Throws: ``PerfFarmError`` (`binary_input`, `unrecognized_input`) with the line number.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        // Take the splitter out of `self` so that the closure may update the counts.
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.feed(chunk) { line, number, _ in try self.line(line, number: number, terminated: true) }
    }

    /// Ends the output and sums it up.
    /// - Returns: the report.
    /// - Throws: ``PerfFarmError`` (`truncated_input`) when the output ends inside a `balance-check` line.
    public mutating func finish() throws -> BalanceCheckReport {
        var splitter = ByteLineSplitter()
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.finish { line, number, _ in try self.line(line, number: number, terminated: false) }
        return BalanceCheckReport(
            checks: checks, clients: clients.sorted(), accounts: accounts.count, deltaSum: deltaSum,
            minimumBalance: minimumBalance, maximumBalance: maximumBalance,
            driftedAccounts: accounts.filter { $0.value.deltas != $0.value.balance }.keys.sorted(),
            otherLines: otherLines)
    }

    private mutating func line(_ bytes: UnsafeRawBufferPointer, number: Int, terminated: Bool) throws {
        for (offset, byte) in bytes.enumerated() where (byte < 0x20 && byte != 0x09 && byte != 0x1B) || byte == 0x7F {
            throw PerfFarmError(
                .binaryInput, "control byte 0x\(String(byte, radix: 16)) at column \(offset + 1)", lineNumber: number)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.first == Substring(Self.tag) else {
            if !words.isEmpty { otherLines += 1 }
            return
        }
        guard terminated else {
            throw PerfFarmError(.truncatedInput, "the output ends inside a \(Self.tag) line", lineNumber: number)
        }
        var values: [Substring: Int] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { continue }
            values[word[..<equals]] = Int(word[word.index(after: equals)...])
        }
        func value(_ key: Substring) throws -> Int {
            guard let value = values[key] else {
                throw PerfFarmError(
                    .unrecognizedInput, "a \(Self.tag) line without an integer `\(key)`", lineNumber: number)
            }
            return value
        }
        let client = try value("client")
        let aid = try value("aid")
        let delta = try value("delta")
        let balance = try value("balance")
        checks += 1
        clients.insert(client)
        deltaSum += delta
        minimumBalance = min(minimumBalance ?? balance, balance)
        maximumBalance = max(maximumBalance ?? balance, balance)
        let deltas = (accounts[aid]?.deltas ?? 0) + delta
        accounts[aid] = (deltas, balance)
    }
}
