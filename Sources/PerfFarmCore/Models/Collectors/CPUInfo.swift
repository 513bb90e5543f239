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
        public var sharedByCPUs: Int?

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

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(level, forKey: .level)
            try c.encode(type, forKey: .type)
            try c.encode(sizeBytes, forKey: .sizeBytes)
            try c.encode(sharedByCPUs, forKey: .sharedByCPUs)
        }
    }

    /// The model name (`AMD EPYC 7763 64-Core Processor`, `Apple M2`).
    public var model: String?
    /// The vendor (`GenuineIntel`, `AuthenticAMD`, `Apple`, an ARM implementer code such as `0x41`).
    public var vendor: String?
    /// Physical packages.
    public var sockets: Int
    /// Physical cores over all sockets.
    public var cores: Int
    /// Logical CPUs (hardware threads) online.
    public var threads: Int
    /// Current clock of the first CPU in MHz, as the kernel reports it.
    public var mhz: Double?
    /// Highest clock in MHz (`cpuinfo_max_freq`; `hw.cpufrequency_max` on Intel Macs).
    public var maxMHz: Double?
    /// Caches of the first CPU, by level.
    public var caches: [Cache]
    /// Feature flags (`flags` on x86, `Features` on ARM), sorted.
    public var flags: [String]
    /// The cpufreq scaling governor of the first CPU (`performance`, `powersave`, `schedutil`), when exposed.
    public var scalingGovernor: String?
    /// Whether boost/turbo is enabled, when the kernel exposes it.
    public var boostEnabled: Bool?

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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(sockets, forKey: .sockets)
        try c.encode(cores, forKey: .cores)
        try c.encode(threads, forKey: .threads)
        try c.encode(mhz, forKey: .mhz)
        try c.encode(maxMHz, forKey: .maxMHz)
        try c.encode(caches, forKey: .caches)
        try c.encode(flags, forKey: .flags)
        try c.encode(scalingGovernor, forKey: .scalingGovernor)
        try c.encode(boostEnabled, forKey: .boostEnabled)
    }
}
