/// What to collect, for ``MachineCollection``: the sections of a ``CollectionReport`` and how to collect them.
/// Every default is here.
public struct CollectionRequest: Sendable, Equatable {
    /// The compiler whose `--version` goes into the inventory when none is given.
    public static let defaultCompiler = "cc"
    /// How many `pg_stat_statements` entries a snapshot keeps when not given.
    public static let defaultStatementLimit = 20
    /// The sampling interval when not given.
    public static let defaultInterval: Duration = .seconds(1)

    /// Whether to read the machine inventory (and the environment fingerprint).
    public var system: Bool
    /// A libpq connection string of a server to read; `nil` for none.
    public var conninfo: String?
    /// How many `pg_stat_statements` entries to keep.
    public var statementLimit: Int
    /// How long to sample the system; `nil` for no series.
    public var sampleDuration: Duration?
    /// The sampling interval.
    public var interval: Duration
    /// Whether to sample through a private collectd instead of the built-in sampler.
    public var useCollectd: Bool
    /// A cluster's data directory: its storage, its disk in the series, its postmaster's processes.
    public var dataDirectory: String?
    /// The compiler whose `--version` the inventory records.
    public var compiler: String
    /// Whether to record every readable file under `/proc/sys`.
    public var allKernelSettings: Bool
    /// Whether to run the preflight checks.
    public var preflight: Bool
    /// Whether a failed preflight check fails the collection (``PerfFarmError/Code/preflightFailed``).
    public var strict: Bool

    /// Creates a request; with no section asked for, the inventory is collected.
    public init(
        system: Bool = false, conninfo: String? = nil, statementLimit: Int = CollectionRequest.defaultStatementLimit,
        sampleDuration: Duration? = nil, interval: Duration = CollectionRequest.defaultInterval,
        useCollectd: Bool = false, dataDirectory: String? = nil, compiler: String = CollectionRequest.defaultCompiler,
        allKernelSettings: Bool = false, preflight: Bool = false, strict: Bool = false
    ) {
        self.system = system
        self.conninfo = conninfo
        self.statementLimit = statementLimit
        self.sampleDuration = sampleDuration
        self.interval = interval
        self.useCollectd = useCollectd
        self.dataDirectory = dataDirectory
        self.compiler = compiler
        self.allKernelSettings = allKernelSettings
        self.preflight = preflight
        self.strict = strict
    }

    /// Whether the inventory is collected: asked for, or nothing else was.
    public var collectsSystem: Bool {
        system || (conninfo == nil && sampleDuration == nil && !preflight && !strict)
    }

    /// The samples of the series: the duration divided by the interval, at least one.
    public var sampleCount: Int {
        guard let sampleDuration else { return 0 }
        return max(1, Int((sampleDuration / interval).rounded()))
    }
}
