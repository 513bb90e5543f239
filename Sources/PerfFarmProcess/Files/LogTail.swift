import Foundation
import PerfFarmCore

/// The last lines of a log file, read from its end (a build log can be tens of megabytes).
package enum LogTail {
    /// The last `count` lines of the file at `path` (fewer when it is shorter; empty when it is missing).
    /// Reads at most the last `maxBytes` bytes; the first line of that window may be partial and is dropped
    /// when the window does not start at the beginning of the file.
    package static func lines(ofFile path: String, count: Int = 100, maxBytes: Int = 256 << 10) -> [String] {
        guard count > 0, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        var splitter = ByteLineSplitter(terminators: .text)
        var lines = splitter.lines(in: data)
        if let last = splitter.finishText() { lines.append(last) }
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        return Array(lines.suffix(count))
    }
}
