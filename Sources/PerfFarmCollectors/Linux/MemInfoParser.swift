/// The fields of `/proc/meminfo` perffarm uses, in bytes (huge page counts are pages).
public struct MemInfoCounters: Codable, Sendable, Equatable {
    public var total: Int?, free: Int?, available: Int?, buffers: Int?, cached: Int?, reclaimableSlab: Int?
    public var swapTotal: Int?, swapFree: Int?
    public var hugePagesTotal: Int?, hugePagesFree: Int?, hugePageSize: Int?

    /// Creates an empty reading.
    public init() {}

    /// Memory in use as `free` counts it: total − free − buffers − cached − reclaimable slab.
    public var used: Int? {
        guard let total, let free else { return nil }
        return total - free - (buffers ?? 0) - (cached ?? 0) - (reclaimableSlab ?? 0)
    }

    enum CodingKeys: String, CodingKey {
        case total = "mem_total"
        case free = "mem_free"
        case available = "mem_available"
        case buffers, cached
        case reclaimableSlab = "s_reclaimable"
        case swapTotal = "swap_total"
        case swapFree = "swap_free"
        case hugePagesTotal = "huge_pages_total"
        case hugePagesFree = "huge_pages_free"
        case hugePageSize = "huge_page_size"
    }
}

/// Parses `/proc/meminfo`.
public enum MemInfoParser {
    /// Parses the text of `/proc/meminfo`; `kB` values become bytes, fields not in the file stay `nil`.
    /// - Parameter text: the file's contents.
    /// - Returns: the fields found.
    public static func parse(_ text: String) -> MemInfoCounters {
        text.withUTF8Bytes(parse(bytes:))
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> MemInfoCounters {
        var result = MemInfoCounters()
        var scanner = ByteScanner(bytes)
        while !scanner.atEnd {
            guard let key = scanner.word(), let number = scanner.int() else {
                scanner.skipLine()
                continue
            }
            var value = number
            if let unit = scanner.word(), ByteScanner.equals(unit, "kB") {
                // A value no kernel prints (found by fuzzing: an overflow crash before): the line is skipped.
                let (bytes, overflow) = number.multipliedReportingOverflow(by: 1024)
                guard !overflow else {
                    scanner.skipLine()
                    continue
                }
                value = bytes
            }
            if ByteScanner.equals(key, "MemTotal:") {
                result.total = value
            } else if ByteScanner.equals(key, "MemFree:") {
                result.free = value
            } else if ByteScanner.equals(key, "MemAvailable:") {
                result.available = value
            } else if ByteScanner.equals(key, "Buffers:") {
                result.buffers = value
            } else if ByteScanner.equals(key, "Cached:") {
                result.cached = value
            } else if ByteScanner.equals(key, "SReclaimable:") {
                result.reclaimableSlab = value
            } else if ByteScanner.equals(key, "SwapTotal:") {
                result.swapTotal = value
            } else if ByteScanner.equals(key, "SwapFree:") {
                result.swapFree = value
            } else if ByteScanner.equals(key, "HugePages_Total:") {
                result.hugePagesTotal = value
            } else if ByteScanner.equals(key, "HugePages_Free:") {
                result.hugePagesFree = value
            } else if ByteScanner.equals(key, "Hugepagesize:") {
                result.hugePageSize = value
            }
            scanner.skipLine()
        }
        return result
    }
}
