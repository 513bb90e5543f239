import Foundation

/// The `postmaster.pid` of a data directory: the lock file a running server writes, and the only way
/// perffarm finds a server's process (never by name).
///
/// Lines: PID, data directory, start time (epoch), port, socket directory, listen address, shared-memory
/// key, status (`starting`, `ready`, `stopping`; 10+).
struct PostmasterPIDFile: Sendable, Equatable {
    /// The postmaster's PID.
    var pid: Int32
    /// The data directory the server wrote.
    var dataDirectory: String?
    /// The port.
    var port: Int?
    /// The first Unix socket directory.
    var socketDirectory: String?
    /// The status line (`ready`, ...).
    var status: String?

    /// Reads `<dataDirectory>/postmaster.pid`; `nil` when it is missing or holds no PID.
    static func read(dataDirectory: String) -> PostmasterPIDFile? {
        guard let text = try? String(contentsOfFile: path(dataDirectory: dataDirectory), encoding: .utf8) else {
            return nil
        }
        return parse(text)
    }

    /// Parses the text of a `postmaster.pid`; `nil` when the first line is not a PID.
    static func parse(_ text: String) -> PostmasterPIDFile? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = lines.first, let pid = Int32(first), pid > 0 else { return nil }
        func line(_ index: Int) -> String? {
            index < lines.count && !lines[index].isEmpty ? lines[index] : nil
        }
        return PostmasterPIDFile(
            pid: pid, dataDirectory: line(1), port: line(3).flatMap { Int($0) }, socketDirectory: line(4),
            status: line(7))
    }

    /// The file's path.
    static func path(dataDirectory: String) -> String {
        dataDirectory + "/postmaster.pid"
    }
}
