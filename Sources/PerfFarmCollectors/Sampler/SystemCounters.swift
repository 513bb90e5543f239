/// One raw reading of the system's cumulative counters and current levels, as the sampler takes it every
/// interval; ``SystemSeriesBuilder`` turns consecutive readings into rates.
public struct SystemCounters: Codable, Sendable, Equatable {
    /// `/proc/stat`.
    public var stat: ProcStat
    /// `/proc/loadavg`.
    public var load: LoadAverage?
    /// `/proc/meminfo`.
    public var memory: MemInfoCounters
    /// `/proc/diskstats` for the sampled device.
    public var disk: DiskCounters?
    /// CPU of the cluster's postgres processes.
    public var postgres: ProcessTreeCPU?

    /// Creates a reading.
    public init(
        stat: ProcStat, load: LoadAverage?, memory: MemInfoCounters, disk: DiskCounters?, postgres: ProcessTreeCPU?
    ) {
        self.stat = stat
        self.load = load
        self.memory = memory
        self.disk = disk
        self.postgres = postgres
    }
}

/// The CPU time of a postmaster and its children, in clock ticks.
public struct ProcessTreeCPU: Codable, Sendable, Equatable {
    /// User time of the live processes plus the user time of the children the postmaster has reaped, so that
    /// a backend that exits between two readings keeps counting.
    public var userTicks: Int
    /// The same for kernel time.
    public var systemTicks: Int
    /// Live processes (postmaster included).
    public var processes: Int

    /// Creates a reading.
    public init(userTicks: Int, systemTicks: Int, processes: Int) {
        self.userTicks = userTicks
        self.systemTicks = systemTicks
        self.processes = processes
    }

    enum CodingKeys: String, CodingKey {
        case userTicks = "user_ticks"
        case systemTicks = "system_ticks"
        case processes
    }
}
