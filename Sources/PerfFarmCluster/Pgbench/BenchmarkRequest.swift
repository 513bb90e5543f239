public import PerfFarmCore

/// What a benchmark session runs: the installs (targets), the matrix, the clusters' settings, and where results
/// go. Every default is here, so that a caller (the CLI, the farm run) states only what differs.
public struct BenchmarkRequest: Sendable {
    /// The first port tried when none is given (5432 is never chosen).
    public static let defaultFirstPort = 55432
    /// The OS user PostgreSQL runs as when perffarm runs as root and none is given.
    public static let defaultRootOSUser = "postgres"

    /// The installs to benchmark, in order; their runs alternate cell by cell. At least one.
    public var targets: [BenchmarkTarget]
    /// The matrix.
    public var matrix: BenchmarkMatrix
    /// `postgresql.conf` settings (`--set name=value`), the same for every target.
    public var settings: [PostgresClusterInfo.Setting]
    /// Whether initdb enables data checksums.
    public var dataChecksums: Bool
    /// Whether the servers also listen on 127.0.0.1.
    public var listenOnTCP: Bool
    /// The first port tried (5432 is never chosen).
    public var firstPort: Int
    /// The OS user for initdb, postgres, pgbench when perffarm runs as root; `nil` chooses
    /// ``defaultRootOSUser`` as root, and perffarm's own user otherwise.
    public var osUser: String?
    /// The work area; `nil` for `WorkArea.defaultRoot(environment:)`.
    public var workDirectory: String?
    /// Where the result and the raw outputs go; `nil` for `<work>/results/bench-<UTC time>`. With several
    /// targets, each has a directory named after its label inside it.
    public var outputDirectory: String?
    /// Whether the cluster directories are kept after a successful benchmark (always after a failure).
    public var keepCluster: Bool
    /// How many clusters kept by earlier runs (after a failure, or with ``keepCluster``) stay when this one
    /// starts; the older ones are removed with the stale clusters (``defaultKeepClusters``).
    public var keepClusters: Int = BenchmarkRequest.defaultKeepClusters
    /// The default of ``keepClusters``.
    public static let defaultKeepClusters = 3
    /// The longest a `-t` run may take (a `-T` run gets its duration plus max(120 s, its duration)).
    public var transactionsRunTimeout: Duration
    /// The longest `pgbench -i` may take.
    public var initTimeout: Duration
    /// The longest one SQL statement perffarm sends may take (`CREATE DATABASE` of a large data set, a
    /// `CHECKPOINT` after it).
    public var statementTimeout: Duration
    /// The CPUs to count for the default threads; `nil` for the machine's active processors.
    public var cpuCount: Int?
    /// The perffarm version to record.
    public var perffarmVersion: String?
    /// Whether to take the work area's lock (`false` when the caller holds it already, as `perffarm run`).
    public var lockWorkArea: Bool
    /// With several targets: whether the order of the targets within each cell's repetition is shuffled
    /// (seeded by ``targetOrderSeed``) instead of always the order of ``targets``.
    public var shuffleTargetOrder: Bool
    /// The seed of the shuffled target order; chosen and recorded when `nil`.
    public var targetOrderSeed: UInt64?

    /// A request for one install.
    public init(
        binDirectory: String, matrix: BenchmarkMatrix, source: SourceRevision? = nil, build: BuildResult? = nil,
        settings: [PostgresClusterInfo.Setting] = [], dataChecksums: Bool = false, listenOnTCP: Bool = false,
        firstPort: Int = BenchmarkRequest.defaultFirstPort, osUser: String? = nil, workDirectory: String? = nil,
        outputDirectory: String? = nil, keepCluster: Bool = false, transactionsRunTimeout: Duration = .seconds(7200),
        initTimeout: Duration = .seconds(4 * 3600), cpuCount: Int? = nil, perffarmVersion: String? = nil,
        lockWorkArea: Bool = true
    ) {
        self.init(
            targets: [BenchmarkTarget(binDirectory: binDirectory, source: source, build: build)], matrix: matrix,
            settings: settings, dataChecksums: dataChecksums, listenOnTCP: listenOnTCP, firstPort: firstPort,
            osUser: osUser, workDirectory: workDirectory, outputDirectory: outputDirectory, keepCluster: keepCluster,
            transactionsRunTimeout: transactionsRunTimeout, initTimeout: initTimeout, cpuCount: cpuCount,
            perffarmVersion: perffarmVersion, lockWorkArea: lockWorkArea)
    }

    /// A request for one or more installs.
    public init(
        targets: [BenchmarkTarget], matrix: BenchmarkMatrix, settings: [PostgresClusterInfo.Setting] = [],
        dataChecksums: Bool = false, listenOnTCP: Bool = false, firstPort: Int = BenchmarkRequest.defaultFirstPort,
        osUser: String? = nil, workDirectory: String? = nil, outputDirectory: String? = nil, keepCluster: Bool = false,
        transactionsRunTimeout: Duration = .seconds(7200), initTimeout: Duration = .seconds(4 * 3600),
        statementTimeout: Duration = .seconds(4 * 3600), cpuCount: Int? = nil, perffarmVersion: String? = nil,
        lockWorkArea: Bool = true, shuffleTargetOrder: Bool = false, targetOrderSeed: UInt64? = nil
    ) {
        self.targets = targets
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
        self.statementTimeout = statementTimeout
        self.cpuCount = cpuCount
        self.perffarmVersion = perffarmVersion
        self.lockWorkArea = lockWorkArea
        self.shuffleTargetOrder = shuffleTargetOrder
        self.targetOrderSeed = targetOrderSeed
    }

    /// The `bin/` directory of the first target (the only one of a single-install request).
    public var binDirectory: String {
        get { targets.first?.binDirectory ?? "" }
        set {
            if targets.isEmpty {
                targets = [BenchmarkTarget(binDirectory: newValue)]
            } else {
                targets[0].binDirectory = newValue
            }
        }
    }
}
