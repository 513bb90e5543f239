import PerfFarmCluster
public import PerfFarmCore

/// What `perffarm ab` runs: two commits of a repository, built, then benchmarked alternately run by run.
public struct PairedRunRequest: Sendable, Equatable {
    /// The URL or local path to fetch from.
    public var repository: String
    /// The branch the commits are on: names the persistent build tree, and a commit that is not a branch must
    /// be on it.
    public var branch: String
    /// The baseline (A): a branch, tag or commit.
    public var baseline: String
    /// The candidate (B): a branch, tag or commit; the baseline's commit for an A/A run.
    public var candidate: String
    /// The matrix each side runs; its cells alternate A and B run by run.
    public var matrix: BenchmarkMatrix
    /// postgresql.conf settings of both clusters.
    public var settings: [PostgresClusterInfo.Setting] = []
    /// `configure` options of both builds.
    public var configureOptions: [String] = []
    /// `make -jN`; the number of CPUs when `nil`.
    public var jobs: Int?
    /// Compile through ccache when installed.
    public var useCcache = false
    /// The work area; the default one when `nil`.
    public var workDirectory: String?
    /// Where the two results go (`<output>/A-<commit12>/result.json`, `<output>/B-<commit12>/…`);
    /// `<work>/results/ab-<UTC time>` when `nil`.
    public var outputDirectory: String?
    /// The seed of the order within each pair (A first or B first); chosen and recorded when `nil`.
    public var seed: UInt64?
    /// The OS user PostgreSQL runs as when perffarm runs as root.
    public var osUser: String?
    /// Fetch into the mirror first.
    public var fetch = true
    /// The machine's name in the results (the store keys noise floors by it).
    public var machine: String?
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
    /// perffarm's version, for the results.
    public var perffarmVersion: String?
    /// The comparison's options (significance level, minimum effect).
    public var comparison = SampleComparison.Options()

    public init(
        repository: String, branch: String, baseline: String, candidate: String, matrix: BenchmarkMatrix,
        outputDirectory: String? = nil
    ) {
        self.repository = repository
        self.branch = branch
        self.baseline = baseline
        self.candidate = candidate
        self.matrix = matrix
        self.outputDirectory = outputDirectory
    }
}
