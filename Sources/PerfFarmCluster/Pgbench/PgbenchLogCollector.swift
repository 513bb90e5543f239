import Foundation
import PerfFarmCompression
import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Moves the logs a pgbench run wrote (`pgbench_log.PID` and `pgbench_log.PID.THREAD`) next to the result,
/// gzip-compressed, and reads them in the same pass: per-transaction logs into one
/// ``PgbenchLogStatistics`` over all threads, aggregate logs into one ``PgbenchAggregateLog``.
enum PgbenchLogCollector {
    /// What was collected.
    struct Collected: Sendable {
        /// The compressed files' names, in thread order.
        var files: [String] = []
        /// Statistics of per-transaction logs.
        var statistics: PgbenchLogStatistics?
        /// Aggregate logs of all threads, intervals in time order.
        var aggregate: PgbenchAggregateLog?
        /// Errors reading a log (a cut line); what was read before stays counted.
        var errors: [String] = []
    }

    /// The log files in `directory`, main thread first.
    static func logFiles(in directory: ConfinedDirectory, prefix: String = PgbenchCommandLine.logPrefix) -> [String] {
        directory.entries().filter { $0.hasPrefix(prefix + ".") }.sorted { a, b in
            let threadA = a.split(separator: ".").count > 2 ? Int(a.split(separator: ".").last!) ?? 0 : 0
            let threadB = b.split(separator: ".").count > 2 ? Int(b.split(separator: ".").last!) ?? 0 : 0
            return (threadA, a) < (threadB, b)
        }
    }

    /// Compresses the logs of `directory` into `destination` (as `NAME.gz`), parses them, and deletes the
    /// originals. `directory` is the OS user's: a log is read only when it is a regular file of that user with one
    /// link (never through a symbolic link a script may have planted).
    static func collect(
        from directory: ConfinedDirectory, to destination: String, mode: BenchmarkMatrix.LogMode
    ) -> Collected {
        var collected = Collected()
        let names = logFiles(in: directory)
        guard !names.isEmpty, mode != .none else { return collected }
        var transactions = PgbenchTransactionLogParser()
        var aggregate = PgbenchAggregateLogParser()
        for name in names {
            let target = destination + "/" + name + ".gz"
            do {
                let source = try directory.openForReading(name)
                defer { close(source) }
                try compress(source, name: directory.path + "/" + name, to: target) { chunk in
                    switch mode {
                    case .transactions: try transactions.consume(chunk)
                    case .aggregate: try aggregate.consume(chunk)
                    case .none: break
                    }
                }
                switch mode {
                case .transactions: try transactions.endOfInput()
                case .aggregate: try aggregate.endOfInput()
                case .none: break
                }
                collected.files.append(name + ".gz")
            } catch {
                collected.errors.append("\(name): \(error)")
                if FileSystem.exists(target) { collected.files.append(name + ".gz") }
            }
            try? directory.remove(name)
        }
        switch mode {
        case .transactions:
            collected.statistics = transactions.statistics
        case .aggregate:
            var log = aggregate.result
            // Threads write their own files: put the intervals in time order, and measure the interval from
            // distinct starts.
            log.intervals.sort { $0.intervalStart < $1.intervalStart }
            let starts = Array(Set(log.intervals.map(\.intervalStart))).sorted()
            log.intervalSeconds = zip(starts, starts.dropFirst()).map { $1 - $0 }.min()
            collected.aggregate = log
        case .none:
            break
        }
        return collected
    }

    /// Writes `source` gzip-compressed to `target`, handing every chunk of the plain bytes to `body`.
    private static func compress(
        _ source: Int32, name: String, to target: String, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard FileManager.default.createFile(atPath: target, contents: nil),
            let handle = FileHandle(forWritingAtPath: target)
        else {
            throw PerfFarmError(.fileAccess, "cannot create the compressed log", path: target)
        }
        defer { try? handle.close() }
        var compressor = try GzipCompressor()
        var pending: (any Error)?
        try InputFile.read(descriptor: source, name: name) { chunk in
            try compressor.compress(chunk) { try handle.write(contentsOf: Data($0)) }
            if pending == nil {
                do { try body(chunk) } catch { pending = error }
            }
        }
        try compressor.finish { try handle.write(contentsOf: Data($0)) }
        if let pending { throw pending }
    }
}
