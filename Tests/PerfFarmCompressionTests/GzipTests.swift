import Foundation
import PerfFarmCompression
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@Suite("gzip through zlib")
struct GzipTests {
    static func compress(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
        var compressor = try GzipCompressor(level: level)
        var output: [UInt8] = []
        try bytes.withUnsafeBytes { try compressor.compress($0) { output.append(contentsOf: $0) } }
        try compressor.finish { output.append(contentsOf: $0) }
        return output
    }

    static func decompress(_ bytes: [UInt8], chunk: Int = 65536) throws -> [UInt8] {
        var decompressor = try GzipDecompressor()
        var output: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            try bytes[offset..<end].withUnsafeBytes {
                try decompressor.decompress($0) { output.append(contentsOf: $0) }
            }
            offset = end
        }
        try decompressor.finish()
        return output
    }

    static func sample(_ count: Int) -> [UInt8] {
        (0..<count).map { i in UInt8(truncatingIfNeeded: (i * 7919) % 251 + (i / 1000)) }
    }

    @Test("round trip, whatever the chunk size", arguments: [1, 13, 4096, 1 << 20])
    func roundTrip(chunk: Int) throws {
        let input = Self.sample(300_000) + Array(String(repeating: "0 1 1926 0 1795921160 711190\n", count: 5000).utf8)
        let compressed = try Self.compress(input)
        #expect(compressed.count < input.count)
        #expect(Array(compressed.prefix(2)) == [0x1F, 0x8B])
        #expect(try Self.decompress(compressed, chunk: chunk) == input)
    }

    @Test("empty input")
    func empty() throws {
        #expect(try Self.decompress(try Self.compress([])) == [])
    }

    @Test("several gzip members one after the other read as one stream, like gzip -d")
    func members() throws {
        let first = Array("0 1 100 0 1700000000 1\n".utf8)
        let second = Array("0 2 200 0 1700000000 2\n".utf8)
        #expect(try Self.decompress(try Self.compress(first) + Self.compress(second), chunk: 5) == first + second)
    }

    @Test("a cut stream is truncated input; a damaged one is corrupt")
    func damaged() throws {
        let compressed = try Self.compress(Self.sample(100_000))
        let cut = try #require(throws: PerfFarmError.self) { try Self.decompress(Array(compressed.dropLast(20))) }
        #expect(cut.code == .truncatedInput)
        var broken = compressed
        for index in 20..<60 { broken[index] ^= 0x5A }
        let corrupt = try #require(throws: PerfFarmError.self) { try Self.decompress(broken) }
        #expect(corrupt.code == .corruptCompressedInput)
    }

    @Test("levels outside 1...9 are refused")
    func level() throws {
        let error = try #require(throws: PerfFarmError.self) { try GzipCompressor(level: 0) }
        #expect(error.code == .invalidConfiguration)
    }

    @Test("interoperates with the gzip command in both directions")
    func gzipCommand() throws {
        let directory = try TemporaryDirectory()
        let input = Self.sample(200_000)
        let plain = URL(fileURLWithPath: directory.path).appendingPathComponent("data")
        try Data(input).write(to: plain)
        try run("/bin/sh", "-c", "gzip -c '\(plain.path)' > '\(plain.path).gz'")
        #expect(try InputFile.contents(path: plain.path + ".gz") == input)
        #expect(try InputFile.contents(path: plain.path) == input)
        let ours = URL(fileURLWithPath: directory.path).appendingPathComponent("ours.gz")
        try Data(try Self.compress(input)).write(to: ours)
        try run("/bin/sh", "-c", "gzip -dc '\(ours.path)' > '\(ours.path).out'")
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: ours.path + ".out"))) == input)
    }

    @Test("InputFile names the file it cannot open")
    func missingFile() throws {
        let error = try #require(throws: PerfFarmError.self) { try InputFile.contents(path: "/nonexistent/perffarm/x") }
        #expect(error.code == .fileAccess)
        #expect(error.path == "/nonexistent/perffarm/x")
        #expect(error.description.hasPrefix("/nonexistent/perffarm/x: cannot open: "))
    }

    @Test("a compressed log parses like the plain one; a cut one names the file and the line")
    func compressedLog() throws {
        let directory = try TemporaryDirectory()
        var log = ""
        for i in 1...20000 { log += "\(i % 4) \(i) \(100 + i % 977) 0 \(1_700_000_000 + i / 1000) \(i % 1_000_000)\n" }
        let plain = URL(fileURLWithPath: directory.path).appendingPathComponent("pgbench_log.1")
        try Data(log.utf8).write(to: plain)
        let compressed = try Self.compress(Array(log.utf8))
        let gz = URL(fileURLWithPath: directory.path).appendingPathComponent("pgbench_log.1.gz")
        try Data(compressed).write(to: gz)
        let fromPlain = try PgbenchFile.parse(path: plain.path)
        let fromGzip = try PgbenchFile.parse(path: gz.path)
        #expect(fromPlain == fromGzip)
        guard case .log(let statistics) = fromGzip else {
            Issue.record("recognised as \(fromGzip.kind)")
            return
        }
        #expect(statistics.transactions == 20000)
        #expect(statistics.clients == 4)

        let cut = URL(fileURLWithPath: directory.path).appendingPathComponent("cut.gz")
        try Data(compressed.prefix(compressed.count / 2)).write(to: cut)
        let error = try #require(throws: PerfFarmError.self) { try PgbenchFile.parse(path: cut.path) }
        #expect(error.code == .truncatedInput)
        #expect(error.path == cut.path)
        #expect((error.lineNumber ?? 0) > 1)
    }

    private func run(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments)")
    }
}
