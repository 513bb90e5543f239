/// Where a benchmark's time went, in seconds: the pgbench runs themselves and everything around them.
public struct BenchmarkTimings: Codable, Sendable, Equatable {
    /// The whole benchmark, from the start to the result (cluster removal included).
    public var totalSeconds: Double
    /// `initdb`, the server starts and stops.
    public var clusterSeconds: Double
    /// Building the data sets: `CREATE DATABASE` and `pgbench -i`.
    public var initSeconds: Double
    /// Dropping and copying databases for the writing runs.
    public var copySeconds: Double
    /// `CHECKPOINT` and statistics resets before the runs.
    public var checkpointSeconds: Double
    /// The pgbench runs (warm-up runs included), as long as each process ran.
    public var pgbenchSeconds: Double
    /// Reading, parsing and compressing the runs' logs and outputs.
    public var logSeconds: Double

    /// Creates timings.
    public init(
        totalSeconds: Double = 0, clusterSeconds: Double = 0, initSeconds: Double = 0, copySeconds: Double = 0,
        checkpointSeconds: Double = 0, pgbenchSeconds: Double = 0, logSeconds: Double = 0
    ) {
        self.totalSeconds = totalSeconds
        self.clusterSeconds = clusterSeconds
        self.initSeconds = initSeconds
        self.copySeconds = copySeconds
        self.checkpointSeconds = checkpointSeconds
        self.pgbenchSeconds = pgbenchSeconds
        self.logSeconds = logSeconds
    }

    /// Everything but the pgbench runs: `total − pgbench`.
    public var overheadSeconds: Double { Swift.max(0, totalSeconds - pgbenchSeconds) }

    /// The overhead in percent of the pgbench time; `nil` when no pgbench run took any time.
    public var overheadPercent: Double? { pgbenchSeconds > 0 ? 100 * overheadSeconds / pgbenchSeconds : nil }

    enum CodingKeys: String, CodingKey {
        case totalSeconds = "total_s"
        case clusterSeconds = "cluster_s"
        case initSeconds = "init_s"
        case copySeconds = "copy_s"
        case checkpointSeconds = "checkpoint_s"
        case pgbenchSeconds = "pgbench_s"
        case logSeconds = "log_s"
        case overheadSeconds = "overhead_s"
        case overheadPercent = "overhead_percent"
    }

    // Hand-written because the document also carries the computed `overhead_s` and `overhead_percent`, which
    // synthesized coding would neither write nor skip when reading.

    /// Decodes timings; the overhead is recomputed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totalSeconds = try c.decode(Double.self, forKey: .totalSeconds)
        clusterSeconds = try c.decode(Double.self, forKey: .clusterSeconds)
        initSeconds = try c.decode(Double.self, forKey: .initSeconds)
        copySeconds = try c.decode(Double.self, forKey: .copySeconds)
        checkpointSeconds = try c.decode(Double.self, forKey: .checkpointSeconds)
        pgbenchSeconds = try c.decode(Double.self, forKey: .pgbenchSeconds)
        logSeconds = try c.decode(Double.self, forKey: .logSeconds)
    }

    /// Encodes the timings with the computed overhead (`overhead_percent` is `null` without pgbench time).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(totalSeconds, forKey: .totalSeconds)
        try c.encode(clusterSeconds, forKey: .clusterSeconds)
        try c.encode(initSeconds, forKey: .initSeconds)
        try c.encode(copySeconds, forKey: .copySeconds)
        try c.encode(checkpointSeconds, forKey: .checkpointSeconds)
        try c.encode(pgbenchSeconds, forKey: .pgbenchSeconds)
        try c.encode(logSeconds, forKey: .logSeconds)
        try c.encode(overheadSeconds, forKey: .overheadSeconds)
        try c.encode(overheadPercent, forKey: .overheadPercent)
    }
}
