/// The fields of `/proc/<pid>/stat` the sampler uses; times in clock ticks.
public struct ProcessStat: Codable, Sendable, Equatable {
    public var pid: Int
    /// The command name (`postgres`), without the parentheses.
    public var command: String
    /// The state letter (`S`, `R`, `D`, `Z`).
    public var state: String
    public var parentPID: Int
    /// CPU time in user and kernel mode.
    public var userTicks: Int, systemTicks: Int
    /// CPU time of the children this process has waited for.
    public var childrenUserTicks: Int, childrenSystemTicks: Int

    enum CodingKeys: String, CodingKey {
        case pid, command, state
        case parentPID = "ppid"
        case userTicks = "utime"
        case systemTicks = "stime"
        case childrenUserTicks = "cutime"
        case childrenSystemTicks = "cstime"
    }
}

/// Parses `/proc/<pid>/stat`, whose command name may contain spaces and parentheses.
public enum ProcessStatParser {
    /// Parses the text of `/proc/<pid>/stat`.
    /// - Parameter text: the file's contents.
    /// - Returns: the fields, or `nil` when the text is not such a line.
    public static func parse(_ text: String) -> ProcessStat? {
        text.withUTF8Bytes(parse(bytes:))
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> ProcessStat? {
        // The command is between the first "(" and the last ")".
        guard let open = bytes.firstIndex(of: 0x28), let close = bytes.lastIndex(of: 0x29), close > open else {
            return nil
        }
        var head = ByteScanner(UnsafeBufferPointer(rebasing: bytes[0..<open]))
        guard let pid = head.int() else { return nil }
        let command = String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<close]), as: UTF8.self)
        var scanner = ByteScanner(UnsafeBufferPointer(rebasing: bytes[(close + 1)...]))
        guard let state = scanner.string(), let parent = scanner.int() else { return nil }
        // Fields 5 to 13 (pgrp .. cmajflt), then utime stime cutime cstime (14–17).
        for _ in 5...13 where scanner.word() == nil { return nil }
        guard let utime = scanner.int(), let stime = scanner.int(), let cutime = scanner.int(),
            let cstime = scanner.int()
        else { return nil }
        return ProcessStat(
            pid: pid, command: command, state: state, parentPID: parent, userTicks: utime, systemTicks: stime,
            childrenUserTicks: cutime, childrenSystemTicks: cstime)
    }
}
