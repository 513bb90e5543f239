import Foundation

/// Appends perffarm's own lines (the command run, how it ended) to a step's log file.
package enum StepLog {
    /// Appends `text` to the file at `path`, creating it when missing. Failures are ignored: the log is
    /// an aid, and the command's own output goes to the same file through its descriptor.
    package static func append(_ text: String, to path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// `seconds` with one decimal and a unit (`12.3 s`).
    package static func seconds(_ seconds: Double) -> String {
        String(format: "%.1f s", seconds)
    }
}
