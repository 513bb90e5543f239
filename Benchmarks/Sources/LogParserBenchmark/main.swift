// Measures the per-transaction log parser: throughput on one core and peak memory, on a generated log.
//
//   swift run -c release --package-path Benchmarks LogParserBenchmark [--size-mib 1024] [--gzip] [--dir DIR]
//
// The log is generated once into DIR (default: a temporary directory, removed at the end), then parsed in a
// child process of this same program, so that the child's peak RSS (getrusage of the child) is the parser's
// alone. The parse runs on one thread: the figure is per core.
import Foundation
import PerfFarmCompression
import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `bytes` of a realistic pgbench 15+ log: 32 clients, latencies from about 0.1 ms to 100 ms with a
/// long tail, one failed transaction in 1000.
func generateLog(path: String, bytes target: Int) throws {
    guard let file = fopen(path, "w") else { throw PerfFarmError(.fileAccess, "cannot create", path: path) }
    defer { fclose(file) }
    var random = SplitMix64(seed: 2026)
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 20)
    var written = 0
    var transaction = [Int](repeating: 0, count: 32)
    var epoch = 1_795_921_160
    var microseconds = 0
    while written < target {
        let client = Int(random.next() % 32)
        transaction[client] += 1
        let r = random.next()
        // Mostly a few hundred µs, sometimes milliseconds, rarely 100 ms.
        let latency = 80 + Int(r % 400) + (r % 10 == 0 ? Int((r >> 20) % 5000) : 0) + (r % 1000 == 0 ? 100_000 : 0)
        microseconds += 30
        if microseconds >= 1_000_000 {
            microseconds -= 1_000_000
            epoch += 1
        }
        let time = (r >> 40) % 1000 == 7 ? "failed" : String(latency)
        let line = "\(client) \(transaction[client]) \(time) 0 \(epoch) \(microseconds)\n"
        buffer.append(contentsOf: line.utf8)
        if buffer.count >= (1 << 20) - 64 {
            fwrite(buffer, 1, buffer.count, file)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
    }
    if !buffer.isEmpty { fwrite(buffer, 1, buffer.count, file) }
}

func gzipFile(_ source: String, to destination: String) throws {
    guard let output = fopen(destination, "w") else {
        throw PerfFarmError(.fileAccess, "cannot create", path: destination)
    }
    defer { fclose(output) }
    var compressor = try GzipCompressor(level: 1)
    try InputFile.read(path: source) { chunk in
        try compressor.compress(chunk) { fwrite($0.baseAddress, 1, $0.count, output) }
    }
    try compressor.finish { fwrite($0.baseAddress, 1, $0.count, output) }
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The child: parses one file and prints "seconds bytes transactions".
func parseChild(_ path: String) throws {
    let start = now()
    var bytes = 0
    var parser = PgbenchTransactionLogParser()
    try InputFile.read(path: path) { chunk in
        bytes += chunk.count
        try parser.consume(chunk)
    }
    try parser.endOfInput()
    let statistics = parser.statistics
    let seconds = now() - start
    print(
        "\(seconds) \(peakResidentBytes()) \(bytes) \(statistics.transactions) \(statistics.failed) "
            + "\(statistics.latencyMilliseconds?.p99 ?? 0)")
}

/// This process's peak resident set size. On Linux from VmHWM, which covers this program only (a spawned
/// child's ru_maxrss also counts the parent's memory at the time of the spawn).
func peakResidentBytes() -> Int {
    #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        {
            return kilobytes * 1024
        }
        return 0
    #else
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
    #endif
}

/// Runs the child on `path` and returns its figures: seconds, peak RSS, bytes, transactions, and the counts.
func measure(_ path: String) throws -> (seconds: Double, peakRSS: Int, bytes: Int, transactions: Int, counts: String) {
    let output = try child(["--child", path])
    let fields = output.split(separator: " ")
    return (Double(fields[0])!, Int(fields[1])!, Int(fields[2])!, Int(fields[3])!, fields[2...].joined(separator: " "))
}

/// Runs this program again with `arguments` and returns what it printed.
func child(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PerfFarmError(.fileAccess, "the benchmark child \(arguments) failed")
    }
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "--child" {
    try parseChild(arguments[2])
    exit(0)
}
if arguments.count == 4, arguments[1] == "--generate" {
    try generateLog(path: arguments[2], bytes: Int(arguments[3])!)
    exit(0)
}
if arguments.count == 4, arguments[1] == "--compress" {
    try gzipFile(arguments[2], to: arguments[3])
    exit(0)
}
var sizeMiB = 1024
var withGzip = false
var directory: String?
var index = 1
while index < arguments.count {
    switch arguments[index] {
    case "--size-mib":
        index += 1
        sizeMiB = Int(arguments[index]) ?? sizeMiB
    case "--gzip": withGzip = true
    case "--dir":
        index += 1
        directory = arguments[index]
    default:
        FileHandle.standardError.write(Data("usage: LogParserBenchmark [--size-mib N] [--gzip] [--dir DIR]\n".utf8))
        exit(2)
    }
    index += 1
}
let folder = directory ?? NSTemporaryDirectory() + "perffarm-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }

let logPath = folder + "/pgbench_log.\(sizeMiB)MiB"
if !FileManager.default.fileExists(atPath: logPath) {
    let start = now()
    _ = try child(["--generate", logPath, String(sizeMiB << 20)])
    print(String(format: "generated %d MiB log in %.1f s: %@", sizeMiB, now() - start, logPath))
}
let plain = try measure(logPath)
print(
    String(
        format: "plain: %.1f MB/s (%.1f MiB/s), %.2f s for %.0f MB, %d transactions, peak RSS %.1f MiB",
        Double(plain.bytes) / plain.seconds / 1e6, Double(plain.bytes) / plain.seconds / 1048576, plain.seconds,
        Double(plain.bytes) / 1e6, plain.transactions, Double(plain.peakRSS) / 1048576))
if withGzip {
    let gzPath = logPath + ".gz"
    if !FileManager.default.fileExists(atPath: gzPath) { _ = try child(["--compress", logPath, gzPath]) }
    let compressed = try measure(gzPath)
    print(
        String(
            format: "gzip:  %.1f MB/s of log (%.2f s), peak RSS %.1f MiB; same result: %@",
            Double(compressed.bytes) / compressed.seconds / 1e6, compressed.seconds,
            Double(compressed.peakRSS) / 1048576, compressed.counts == plain.counts ? "yes" : "no (counts differ)"))
}
