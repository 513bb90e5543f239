public import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads ``SystemCounters`` from `/proc` under a root: the collector the 1 Hz sampler calls.
///
/// Cheap by design: five small files and one `stat` file per postgres process, read with `open`/`read`
/// into a stack buffer and scanned as bytes.
public struct SystemCountersReader: Collector {
    /// The root `/proc` is read under (`/` on a live machine).
    public var root: String
    /// The block device whose `/proc/diskstats` line is read (`vda`, `nvme0n1p2`); none when `nil`.
    public var device: String?
    /// The postmaster whose process tree's CPU time is read; none when `nil`.
    public var postmasterPID: Int?

    public var name: String { "system_counters" }

    /// Creates a reader.
    /// - Parameters:
    ///   - root: the root `/proc` is read under.
    ///   - device: the data directory's block device (``StorageInfo/device``).
    ///   - postmasterPID: the cluster's postmaster (first line of `postmaster.pid`).
    public init(root: String = "/", device: String? = nil, postmasterPID: Int? = nil) {
        self.root = root
        self.device = device
        self.postmasterPID = postmasterPID
    }

    /// Reads the counters now.
    /// - Throws: ``PerfFarmError`` (`file_access`) when `/proc/stat` cannot be read (no `/proc`: not Linux).
    public func collect() throws -> SystemCounters {
        let proc = (root == "/" || root.isEmpty ? "" : (root.hasSuffix("/") ? String(root.dropLast()) : root)) + "/proc"
        guard let stat = SystemFile.withBytes(proc + "/stat", ProcStatParser.parse(bytes:)) else {
            throw PerfFarmError(.fileAccess, "cannot read the system counters", path: proc + "/stat")
        }
        let load = SystemFile.withBytes(proc + "/loadavg", LoadAverageParser.parse(bytes:)) ?? nil
        let memory = SystemFile.withBytes(proc + "/meminfo", MemInfoParser.parse(bytes:)) ?? MemInfoCounters()
        var disk: DiskCounters?
        if let device {
            disk =
                SystemFile.withBytes(proc + "/diskstats") { DiskStatsParser.parse(bytes: $0, device: device).first }
                ?? nil
        }
        let postgres = postmasterPID.flatMap { ProcessTreeReader(proc: proc).read(postmasterPID: $0) }
        return SystemCounters(stat: stat, load: load, memory: memory, disk: disk, postgres: postgres)
    }
}

/// Sums the CPU time of a postmaster and its direct children (every postgres process is one).
struct ProcessTreeReader {
    /// The `/proc` folder.
    var proc: String

    /// The tree's CPU, or `nil` when the postmaster is not running.
    func read(postmasterPID: Int) -> ProcessTreeCPU? {
        guard let postmaster = stat(of: postmasterPID) else { return nil }
        // Reaped children's time is in the postmaster's cutime/cstime.
        var user = postmaster.userTicks + postmaster.childrenUserTicks
        var system = postmaster.systemTicks + postmaster.childrenSystemTicks
        var processes = 1
        for child in children(of: postmasterPID) {
            guard let process = stat(of: child), process.parentPID == postmasterPID else { continue }
            user += process.userTicks + process.childrenUserTicks
            system += process.systemTicks + process.childrenSystemTicks
            processes += 1
        }
        return ProcessTreeCPU(userTicks: user, systemTicks: system, processes: processes)
    }

    func stat(of pid: Int) -> ProcessStat? {
        SystemFile.withBytes("\(proc)/\(pid)/stat", limit: 4096, ProcessStatParser.parse(bytes:)) ?? nil
    }

    /// The children of `pid`: from `/proc/PID/task/PID/children` (Linux 3.5+ with CONFIG_PROC_CHILDREN),
    /// else by scanning every process's parent.
    func children(of pid: Int) -> [Int] {
        if let list = SystemFile.withBytes(
            "\(proc)/\(pid)/task/\(pid)/children",
            { bytes -> [Int] in
                var scanner = ByteScanner(bytes)
                var pids: [Int] = []
                while let child = scanner.int() { pids.append(child) }
                return pids
            })
        {
            return list
        }
        return SystemFile.directoryEntries(proc).compactMap { Int($0) }.filter { candidate in
            stat(of: candidate)?.parentPID == pid
        }
    }
}

/// The clock ticks per second of `/proc/<pid>/stat` times (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
let clockTicksPerSecond: Double = {
    let ticks = sysconf(Int32(_SC_CLK_TCK))
    return ticks > 0 ? Double(ticks) : 100
}()
