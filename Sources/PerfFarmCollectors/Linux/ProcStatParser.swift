/// CPU time of one CPU (or of all) in clock ticks, as `/proc/stat` counts it since boot.
public struct CPUTimes: Codable, Sendable, Equatable {
    public var user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0
    /// `guest` and `guest_nice` are already part of `user` and `nice`, so they are not in ``total``.
    public var guest = 0, guestNice = 0

    /// Creates zero times.
    public init() {}

    /// The ticks of all states (guest time is inside user time).
    public var total: Int { user + nice + system + idle + iowait + irq + softirq + steal }

    enum CodingKeys: String, CodingKey {
        case user, nice, system, idle, iowait, irq, softirq, steal, guest
        case guestNice = "guest_nice"
    }
}

/// The counters of `/proc/stat` the sampler uses.
public struct ProcStat: Codable, Sendable, Equatable {
    /// The `cpu` line: all CPUs together.
    public var total: CPUTimes?
    /// The `cpuN` lines, in order of N (offline CPUs are missing from the file, and from here).
    public var perCPU: [CPUTimes] = []
    /// `ctxt`: context switches since boot.
    public var contextSwitches: Int?
    /// `procs_running`: runnable tasks now.
    public var procsRunning: Int?
    /// `procs_blocked`: tasks blocked on I/O now.
    public var procsBlocked: Int?
    /// `btime`: boot time in seconds since the epoch.
    public var bootTime: Int?

    /// Creates an empty reading.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case total
        case perCPU = "per_cpu"
        case contextSwitches = "ctxt"
        case procsRunning = "procs_running"
        case procsBlocked = "procs_blocked"
        case bootTime = "btime"
    }
}

/// Parses `/proc/stat`.
public enum ProcStatParser {
    /// Parses the text of `/proc/stat`. Lines and columns a kernel does not have stay zero or `nil`.
    /// - Parameter text: the file's contents.
    /// - Returns: the counters found.
    public static func parse(_ text: String) -> ProcStat {
        text.withUTF8Bytes(parse(bytes:))
    }

    /// Parses the bytes of `/proc/stat`.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> ProcStat {
        var result = ProcStat()
        var scanner = ByteScanner(bytes)
        while !scanner.atEnd {
            guard let key = scanner.word() else {
                scanner.skipLine()
                continue
            }
            if ByteScanner.hasPrefix(key, "cpu") {
                var times = CPUTimes()
                times.user = scanner.int() ?? 0
                times.nice = scanner.int() ?? 0
                times.system = scanner.int() ?? 0
                times.idle = scanner.int() ?? 0
                times.iowait = scanner.int() ?? 0
                times.irq = scanner.int() ?? 0
                times.softirq = scanner.int() ?? 0
                times.steal = scanner.int() ?? 0
                times.guest = scanner.int() ?? 0
                times.guestNice = scanner.int() ?? 0
                if key.count == 3 {
                    result.total = times
                } else {
                    result.perCPU.append(times)
                }
            } else if ByteScanner.equals(key, "ctxt") {
                result.contextSwitches = scanner.int()
            } else if ByteScanner.equals(key, "procs_running") {
                result.procsRunning = scanner.int()
            } else if ByteScanner.equals(key, "procs_blocked") {
                result.procsBlocked = scanner.int()
            } else if ByteScanner.equals(key, "btime") {
                result.bootTime = scanner.int()
            }
            scanner.skipLine()
        }
        return result
    }
}
