public import Foundation

/// What the system did during a run: one sample per interval, every sample aligned on
/// `offset_s = k × interval_s` from the start.
public struct SystemSeries: Codable, Sendable, Equatable {
    /// `perffarm` for the built-in sampler, `collectd` for a series parsed from collectd's CSV files.
    public var source: String
    /// The sampling interval in seconds.
    public var intervalSeconds: Double
    /// When sampling started (the baseline reading).
    @Timestamp public var startedAt: Date
    /// The block device whose disk statistics are sampled (`nil`: none, e.g. a data directory on tmpfs).
    @Nullable public var device: String?
    /// The postmaster PID whose processes' CPU time is sampled (`nil`: none given).
    @Nullable public var postmasterPID: Int?
    /// The samples, in time order.
    public var samples: [SystemSample]

    /// Creates a series.
    public init(
        source: String, intervalSeconds: Double, startedAt: Date, device: String? = nil,
        postmasterPID: Int? = nil, samples: [SystemSample] = []
    ) {
        self.source = source
        self.intervalSeconds = intervalSeconds
        self.startedAt = startedAt
        self.device = device
        self.postmasterPID = postmasterPID
        self.samples = samples
    }

    enum CodingKeys: String, CodingKey {
        case source
        case intervalSeconds = "interval_s"
        case startedAt = "started_at"
        case device
        case postmasterPID = "postmaster_pid"
        case samples
    }
}

/// One interval of a ``SystemSeries``: rates and percentages over the interval that ends at `offset_s`,
/// levels (load, memory) at its end. A value the source does not provide is `nil`.
public struct SystemSample: Codable, Sendable, Equatable {
    /// Where CPU time went during the interval, in percent of the CPU time available (sums to about 100).
    public struct CPUSplit: Codable, Sendable, Equatable {
        /// Time in user mode, without `nice`.
        public var user: Double
        /// Time in user mode at a positive nice value.
        public var nice: Double
        /// Time in the kernel.
        public var system: Double
        /// Idle while I/O was outstanding.
        public var iowait: Double
        /// Servicing hardware interrupts.
        public var irq: Double
        /// Servicing soft interrupts.
        public var softirq: Double
        /// Stolen by the hypervisor.
        public var steal: Double
        /// Idle.
        public var idle: Double

        /// Creates a split.
        public init(
            user: Double = 0, nice: Double = 0, system: Double = 0, iowait: Double = 0, irq: Double = 0,
            softirq: Double = 0, steal: Double = 0, idle: Double = 0
        ) {
            self.user = user
            self.nice = nice
            self.system = system
            self.iowait = iowait
            self.irq = irq
            self.softirq = softirq
            self.steal = steal
            self.idle = idle
        }
    }

    /// Disk activity of the sampled device during the interval.
    public struct Disk: Codable, Sendable, Equatable {
        /// Bytes read per second.
        public var readBytesPerSecond: Double
        /// Bytes written per second.
        public var writeBytesPerSecond: Double
        /// Read requests completed per second.
        public var readsPerSecond: Double
        /// Write requests completed per second.
        public var writesPerSecond: Double
        /// Percent of the interval the device had I/O in flight (`%util` of iostat; `nil` from collectd).
        @Nullable public var utilizationPercent: Double?

        /// Creates disk rates.
        public init(
            readBytesPerSecond: Double, writeBytesPerSecond: Double, readsPerSecond: Double,
            writesPerSecond: Double, utilizationPercent: Double?
        ) {
            self.readBytesPerSecond = readBytesPerSecond
            self.writeBytesPerSecond = writeBytesPerSecond
            self.readsPerSecond = readsPerSecond
            self.writesPerSecond = writesPerSecond
            self.utilizationPercent = utilizationPercent
        }

        enum CodingKeys: String, CodingKey {
            case readBytesPerSecond = "read_bytes_per_s"
            case writeBytesPerSecond = "write_bytes_per_s"
            case readsPerSecond = "reads_per_s"
            case writesPerSecond = "writes_per_s"
            case utilizationPercent = "utilization_percent"
        }
    }

    /// CPU time used by the cluster's postgres processes during the interval.
    public struct PostgresCPU: Codable, Sendable, Equatable {
        /// User-mode CPU seconds (of all cores) used during the interval, exited backends included.
        public var userSeconds: Double
        /// Kernel-mode CPU seconds used during the interval, exited backends included.
        public var systemSeconds: Double
        /// Postgres processes alive at the end of the interval (postmaster included).
        public var processes: Int

        /// Creates a postgres CPU figure.
        public init(userSeconds: Double, systemSeconds: Double, processes: Int) {
            self.userSeconds = userSeconds
            self.systemSeconds = systemSeconds
            self.processes = processes
        }

        enum CodingKeys: String, CodingKey {
            case userSeconds = "user_s"
            case systemSeconds = "system_s"
            case processes
        }
    }

    /// The nominal end of the interval, seconds after the start (`k × interval_s`).
    public var offsetSeconds: Double
    /// The measured end of the interval, seconds after the start on the monotonic clock.
    public var elapsedSeconds: Double
    /// CPU split over all CPUs.
    @Nullable public var cpu: CPUSplit?
    /// CPU split per logical CPU, in CPU number order.
    public var cpuPerCore: [CPUSplit]
    /// Runnable tasks at the end of the interval (`procs_running`).
    @Nullable public var runQueue: Int?
    /// Tasks blocked on I/O at the end of the interval (`procs_blocked`).
    @Nullable public var blockedTasks: Int?
    /// One-minute load average.
    @Nullable public var load1: Double?
    /// Five-minute load average.
    @Nullable public var load5: Double?
    /// Fifteen-minute load average.
    @Nullable public var load15: Double?
    /// Memory in use by processes and the kernel: total − free − buffers − page cache − reclaimable slab.
    @Nullable public var memoryUsedBytes: Int?
    /// The page cache (`Cached`).
    @Nullable public var pageCacheBytes: Int?
    /// `MemAvailable`.
    @Nullable public var memoryAvailableBytes: Int?
    /// Swap in use.
    @Nullable public var swapUsedBytes: Int?
    /// Context switches per second.
    @Nullable public var contextSwitchesPerSecond: Double?
    /// Disk rates of the series' device.
    @Nullable public var disk: Disk?
    /// CPU of the cluster's postgres processes.
    @Nullable public var postgresCPU: PostgresCPU?

    /// Creates a sample with nothing measured.
    public init(offsetSeconds: Double, elapsedSeconds: Double) {
        self.offsetSeconds = offsetSeconds
        self.elapsedSeconds = elapsedSeconds
        cpuPerCore = []
    }

    enum CodingKeys: String, CodingKey {
        case offsetSeconds = "offset_s"
        case elapsedSeconds = "elapsed_s"
        case cpu
        case cpuPerCore = "cpu_per_core"
        case runQueue = "run_queue"
        case blockedTasks = "blocked_tasks"
        case load1, load5, load15
        case memoryUsedBytes = "memory_used_bytes"
        case pageCacheBytes = "page_cache_bytes"
        case memoryAvailableBytes = "memory_available_bytes"
        case swapUsedBytes = "swap_used_bytes"
        case contextSwitchesPerSecond = "context_switches_per_s"
        case disk
        case postgresCPU = "postgres_cpu"
    }
}
