import PerfFarmCluster
public import PerfFarmCore

/// What `perffarm bisect` looks for: the first commit of a branch's first-parent line between a good and a bad
/// commit that makes one cell slower.
public struct BisectRequest: Sendable, Equatable {
    /// The URL or local path to fetch from.
    public var repository: String
    /// The branch whose first-parent line is searched.
    public var branch: String
    /// A commit (or ref) known good.
    public var good: String
    /// A commit (or ref) known bad, a descendant of ``good`` on ``branch``.
    public var bad: String
    /// The cell measured at each step.
    public var scale: Int
    public var clients: Int
    /// A built-in workload name (`read-only`, `read-write`, …).
    public var workload: String
    /// The smallest slowdown that counts (0.05: 5%); a step is bad when significant and at least this slower.
    public var threshold: Double = 0.05
    /// Repetitions per side and step (at least 4: the Mann–Whitney test of 3 + 3 can never reach p < 0.05).
    public var runs: Int = 5
    /// Seconds per repetition.
    public var duration: Int = 10
    /// postgresql.conf settings of the clusters.
    public var settings: [PostgresClusterInfo.Setting] = []
    /// `configure` options of every build.
    public var configureOptions: [String] = []
    /// `make -jN`; the number of CPUs when `nil`.
    public var jobs: Int?
    /// Compile through ccache when installed.
    public var useCcache = false
    /// The work area; the default one when `nil`.
    public var workDirectory: String?
    /// Where the state and each step's results go; `<work>/bisect/<branch>-<good12>-<bad12>` when `nil`.
    public var outputDirectory: String?
    /// The OS user PostgreSQL runs as when perffarm runs as root.
    public var osUser: String?
    /// The first port the clusters try.
    public var firstPort = BenchmarkRequest.defaultFirstPort
    /// Create the clusters with data checksums.
    public var dataChecksums = false
    /// Let the clusters also listen on 127.0.0.1.
    public var listenOnTCP = false
    /// Keep the clusters' directories after the benchmark.
    public var keepCluster = false
    /// How many kept clusters stay in the work area.
    public var keepClusters = BenchmarkRequest.defaultKeepClusters
    /// Fetch into the mirror first.
    public var fetch = true
    /// The machine's name in the results.
    public var machine: String?
    /// perffarm's version, for the results.
    public var perffarmVersion: String?
    /// The seed of each step's A/B order (step k uses seed + k); chosen when `nil` and kept in the state.
    public var seed: UInt64?

    public init(
        repository: String, branch: String, good: String, bad: String, scale: Int, clients: Int, workload: String
    ) {
        self.repository = repository
        self.branch = branch
        self.good = good
        self.bad = bad
        self.scale = scale
        self.clients = clients
        self.workload = workload
    }

    /// The cell key (`scale=1,clients=1,workload=read-only`).
    public var cell: String { "scale=\(scale),clients=\(clients),workload=\(workload)" }

    /// Refuses what cannot work, naming the option.
    public func validate() throws {
        func fail(_ key: String, _ message: String) -> PerfFarmError {
            PerfFarmError(.invalidConfiguration, message, key: key)
        }
        if runs < 4 {
            throw fail(
                "--runs", "at least 4 repetitions per side (with 3 the Mann–Whitney test can never reach p < 0.05)")
        }
        if duration < 1 { throw fail("--duration", "at least 1 second") }
        if !(threshold >= 0 && threshold < 1) { throw fail("--threshold", "a percentage from 0 to 99") }
        if scale < 1 { throw fail("--cell", "scale must be at least 1") }
        if clients < 1 { throw fail("--cell", "clients must be at least 1") }
        if PgbenchWorkload.builtin(named: workload) == nil {
            throw fail("--cell", "unknown workload \(workload) (read-write, read-only, simple-update)")
        }
    }
}
