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
    /// The System V shared-memory key and id of line 7 (the server's interlock segment).
    var sharedMemory: (key: Int, id: Int)?
    /// The status line (`ready`, ...).
    var status: String?

    static func == (a: PostmasterPIDFile, b: PostmasterPIDFile) -> Bool {
        a.pid == b.pid && a.dataDirectory == b.dataDirectory && a.port == b.port
            && a.socketDirectory == b.socketDirectory && a.status == b.status
            && a.sharedMemory?.key == b.sharedMemory?.key && a.sharedMemory?.id == b.sharedMemory?.id
    }

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
        let segment = line(6)?.split(separator: " ").compactMap { Int($0) }
        return PostmasterPIDFile(
            pid: pid, dataDirectory: line(1), port: line(3).flatMap { Int($0) }, socketDirectory: line(4),
            sharedMemory: segment?.count == 2 ? (segment![0], segment![1]) : nil, status: line(7))
    }

    /// Removes the `postmaster.pid` of `dataDirectory`, left by a server that is gone, with the shared-memory
    /// segment it names when no process is attached to it.
    static func removeStale(dataDirectory: String) {
        if let segment = read(dataDirectory: dataDirectory)?.sharedMemory {
            SharedMemorySegment.removeOrphan(key: segment.key, id: segment.id)
        }
        try? FileManager.default.removeItem(atPath: path(dataDirectory: dataDirectory))
    }

    /// The file's path.
    static func path(dataDirectory: String) -> String {
        dataDirectory + "/postmaster.pid"
    }
}
