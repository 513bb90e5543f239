public import PerfFarmCore
import PerfFarmProcess

/// What `perffarm bench` (or `perffarm run` for one branch) asks of ``PgbenchBenchmark``: the install, the
/// matrix, the cluster's settings, and where results go.
public struct BenchmarkRequest: Sendable {
    /// The `bin/` directory of the install to benchmark.
    public var binDirectory: String
    /// The matrix.
    public var matrix: BenchmarkMatrix
    /// `postgresql.conf` settings (`--set name=value`).
    public var settings: [PostgresClusterInfo.Setting]
    /// Whether initdb enables data checksums.
    public var dataChecksums: Bool
    /// Whether the server also listens on 127.0.0.1.
    public var listenOnTCP: Bool
    /// The first port tried (5432 is never chosen).
    public var firstPort: Int
    /// The OS user for initdb, postgres, pgbench and psql when perffarm runs as root; `nil` chooses
    /// `postgres` as root, and perffarm's own user otherwise.
    public var osUser: String?
    /// The work area; `nil` for ``WorkArea/defaultRoot(environment:)``.
    public var workDirectory: String?
    /// Where the result and the raw outputs go; `nil` for `<work>/results/bench-<UTC time>`.
    public var outputDirectory: String?
    /// Whether the cluster directory is kept after a successful benchmark (it is always kept after a failure).
    public var keepCluster: Bool
    /// The longest a `-t` run may take (a `-T` run gets its duration plus max(120 s, its duration)).
    public var transactionsRunTimeout: Duration
    /// The longest `pgbench -i` may take.
    public var initTimeout: Duration
    /// The CPUs to count for the default threads; `nil` for the machine's active processors.
    public var cpuCount: Int?
    /// The perffarm version to record.
    public var perffarmVersion: String?
    /// Whether to take the work area's lock (`false` when the caller holds it already, as `perffarm run`).
    public var lockWorkArea: Bool

    /// Creates a request.
    public init(
        binDirectory: String, matrix: BenchmarkMatrix, settings: [PostgresClusterInfo.Setting] = [],
        dataChecksums: Bool = false, listenOnTCP: Bool = false, firstPort: Int = 55432, osUser: String? = nil,
        workDirectory: String? = nil, outputDirectory: String? = nil, keepCluster: Bool = false,
        transactionsRunTimeout: Duration = .seconds(7200), initTimeout: Duration = .seconds(4 * 3600),
        cpuCount: Int? = nil, perffarmVersion: String? = nil, lockWorkArea: Bool = true
    ) {
        self.binDirectory = binDirectory
        self.matrix = matrix
        self.settings = settings
        self.dataChecksums = dataChecksums
        self.listenOnTCP = listenOnTCP
        self.firstPort = firstPort
        self.osUser = osUser
        self.workDirectory = workDirectory
        self.outputDirectory = outputDirectory
        self.keepCluster = keepCluster
        self.transactionsRunTimeout = transactionsRunTimeout
        self.initTimeout = initTimeout
        self.cpuCount = cpuCount
        self.perffarmVersion = perffarmVersion
        self.lockWorkArea = lockWorkArea
    }
}
