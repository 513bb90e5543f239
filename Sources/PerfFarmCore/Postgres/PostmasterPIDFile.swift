import Foundation

/// The `postmaster.pid` of a data directory: the lock file a running server writes, and the only way
/// perffarm finds a server's process (never by name).
///
/// Lines: PID, data directory, start time (epoch), port, socket directory, listen address, shared-memory
/// key and id, status (`starting`, `ready`, `stopping`; 10+). This type parses the text; reading the file is
/// `PostmasterPIDFile.read(dataDirectory:)` of `PerfFarmProcess`.
public struct PostmasterPIDFile: Sendable, Equatable {
    /// The System V shared-memory segment of line 7: the server's interlock.
    public struct SharedMemory: Sendable, Equatable {
        /// The segment's key.
        public var key: Int
        /// The segment's id.
        public var id: Int

        /// Creates a segment reference.
        public init(key: Int, id: Int) {
            self.key = key
            self.id = id
        }
    }

    /// The postmaster's PID.
    public var pid: Int32
    /// The data directory the server wrote.
    public var dataDirectory: String?
    /// The start time of the postmaster (Unix seconds).
    public var startTime: Int?
    /// The port.
    public var port: Int?
    /// The first Unix socket directory.
    public var socketDirectory: String?
    /// The first listen address (`*`, `127.0.0.1`; empty without TCP).
    public var listenAddress: String?
    /// The interlock segment, when the line names one.
    public var sharedMemory: SharedMemory?
    /// The status line (`ready`, ...).
    public var status: String?

    /// Creates a description by hand.
    public init(
        pid: Int32, dataDirectory: String? = nil, startTime: Int? = nil, port: Int? = nil,
        socketDirectory: String? = nil, listenAddress: String? = nil, sharedMemory: SharedMemory? = nil,
        status: String? = nil
    ) {
        self.pid = pid
        self.dataDirectory = dataDirectory
        self.startTime = startTime
        self.port = port
        self.socketDirectory = socketDirectory
        self.listenAddress = listenAddress
        self.sharedMemory = sharedMemory
        self.status = status
    }

    /// The file's name in a data directory.
    public static let fileName = "postmaster.pid"

    /// The file's path in `dataDirectory`.
    public static func path(dataDirectory: String) -> String {
        dataDirectory + "/" + fileName
    }

    /// Parses the text of a `postmaster.pid`.
    /// - Parameter text: the file's content.
    /// - Returns: the description, or `nil` when the first line is not a positive PID.
    public static func parse(_ text: String) -> PostmasterPIDFile? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = lines.first, let pid = Int32(first), pid > 0 else { return nil }
        func line(_ index: Int) -> String? {
            index < lines.count && !lines[index].isEmpty ? lines[index] : nil
        }
        let segment = line(6)?.split(separator: " ").compactMap { Int($0) } ?? []
        return PostmasterPIDFile(
            pid: pid, dataDirectory: line(1), startTime: line(2).flatMap { Int($0) }, port: line(3).flatMap { Int($0) },
            socketDirectory: line(4), listenAddress: index(5, in: lines),
            sharedMemory: segment.count == 2 ? SharedMemory(key: segment[0], id: segment[1]) : nil, status: line(7))
    }

    /// Line `index`, also when it is empty (an empty listen address means no TCP); `nil` past the end.
    private static func index(_ index: Int, in lines: [String]) -> String? {
        index < lines.count ? lines[index] : nil
    }
}
