/// The counters of one block device from `/proc/diskstats`, since boot.
public struct DiskCounters: Codable, Sendable, Equatable {
    /// The device name (`vda`, `nvme0n1p2`).
    public var device: String
    /// Reads completed.
    public var readsCompleted: Int
    /// Sectors read (512 bytes each, whatever the device's sector size).
    public var sectorsRead: Int
    /// Writes completed.
    public var writesCompleted: Int
    /// Sectors written.
    public var sectorsWritten: Int
    /// Milliseconds with I/O in flight (`io_ticks`).
    public var ioMilliseconds: Int

    /// Creates counters.
    public init(
        device: String, readsCompleted: Int, sectorsRead: Int, writesCompleted: Int, sectorsWritten: Int,
        ioMilliseconds: Int
    ) {
        self.device = device
        self.readsCompleted = readsCompleted
        self.sectorsRead = sectorsRead
        self.writesCompleted = writesCompleted
        self.sectorsWritten = sectorsWritten
        self.ioMilliseconds = ioMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case device
        case readsCompleted = "reads_completed"
        case sectorsRead = "sectors_read"
        case writesCompleted = "writes_completed"
        case sectorsWritten = "sectors_written"
        case ioMilliseconds = "io_ms"
    }
}

/// Parses `/proc/diskstats`: 14 fields per line before Linux 4.18, 18 from 4.18, 20 from 5.5; only the
/// first 14 are used.
public enum DiskStatsParser {
    /// Parses every device of `/proc/diskstats`.
    /// - Parameter text: the file's contents.
    /// - Returns: one entry per line that has at least the classic 14 fields, in file order.
    public static func parse(_ text: String) -> [DiskCounters] {
        text.withUTF8Bytes { parse(bytes: $0, device: nil) }
    }

    /// Parses the line of one device.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - device: the device name.
    /// - Returns: its counters, or `nil` when the device is not in the file.
    public static func parse(_ text: String, device: String) -> DiskCounters? {
        text.withUTF8Bytes { parse(bytes: $0, device: device).first }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>, device: String?) -> [DiskCounters] {
        var result: [DiskCounters] = []
        var scanner = ByteScanner(bytes)
        let wanted = device.map { Array($0.utf8) }
        while !scanner.atEnd {
            defer { scanner.skipLine() }
            guard scanner.int() != nil, scanner.int() != nil, let name = scanner.word() else { continue }
            if let wanted, !name.elementsEqual(wanted) { continue }
            var fields = [Int](repeating: 0, count: 10)
            var complete = true
            for index in 0..<10 {
                guard let value = scanner.int() else {
                    complete = false
                    break
                }
                fields[index] = value
            }
            guard complete else { continue }
            result.append(
                DiskCounters(
                    device: String(decoding: name, as: UTF8.self), readsCompleted: fields[0], sectorsRead: fields[2],
                    writesCompleted: fields[4], sectorsWritten: fields[6], ioMilliseconds: fields[9]))
            if wanted != nil { break }
        }
        return result
    }
}
