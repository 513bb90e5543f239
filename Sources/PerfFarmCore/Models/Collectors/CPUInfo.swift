/// The processor: model, topology, caches and frequency policy.
public struct CPUInfo: Codable, Sendable, Equatable {
    /// One cache level as the kernel describes it.
    public struct Cache: Codable, Sendable, Equatable {
        /// 1, 2, 3.
        public var level: Int
        /// `Data`, `Instruction` or `Unified`.
        public var type: String
        /// Size of one instance of the cache in bytes.
        public var sizeBytes: Int
        /// How many logical CPUs share one instance (`nil` when not exposed).
        @Nullable public var sharedByCPUs: Int?

        /// Creates a cache description.
        public init(level: Int, type: String, sizeBytes: Int, sharedByCPUs: Int? = nil) {
            self.level = level
            self.type = type
            self.sizeBytes = sizeBytes
            self.sharedByCPUs = sharedByCPUs
        }

        enum CodingKeys: String, CodingKey {
            case level, type
            case sizeBytes = "size_bytes"
            case sharedByCPUs = "shared_by_cpus"
        }
    }

    /// The model name (`AMD EPYC 7763 64-Core Processor`, `Apple M2`).
    @Nullable public var model: String?
    /// The vendor (`GenuineIntel`, `AuthenticAMD`, `Apple`, an ARM implementer code such as `0x41`).
    @Nullable public var vendor: String?
    /// Physical packages.
    public var sockets: Int
    /// Physical cores over all sockets.
    public var cores: Int
    /// Logical CPUs (hardware threads) online.
    public var threads: Int
    /// Current clock of the first CPU in MHz, as the kernel reports it.
    @Nullable public var mhz: Double?
    /// Highest clock in MHz (`cpuinfo_max_freq`; `hw.cpufrequency_max` on Intel Macs).
    @Nullable public var maxMHz: Double?
    /// Caches of the first CPU, by level.
    public var caches: [Cache]
    /// Feature flags (`flags` on x86, `Features` on ARM), sorted.
    public var flags: [String]
    /// The cpufreq scaling governor of the first CPU (`performance`, `powersave`, `schedutil`), when exposed.
    @Nullable public var scalingGovernor: String?
    /// Whether boost/turbo is enabled, when the kernel exposes it.
    @Nullable public var boostEnabled: Bool?

    /// Creates a description with counts of one.
    public init() {
        sockets = 1
        cores = 1
        threads = 1
        caches = []
        flags = []
    }

    enum CodingKeys: String, CodingKey {
        case model, vendor, sockets, cores, threads, mhz
        case maxMHz = "max_mhz"
        case caches, flags
        case scalingGovernor = "scaling_governor"
        case boostEnabled = "boost_enabled"
    }
}
