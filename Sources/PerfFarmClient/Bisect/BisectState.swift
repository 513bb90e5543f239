public import Foundation
public import PerfFarmCore

/// A bisection as far as it went: saved after every step (`<output>/bisect-state.json`), so that an interrupted
/// bisection resumes (`perffarm bisect --resume`) without testing a commit twice.
public struct BisectState: Codable, Sendable, Equatable {
    /// A commit of the searched line.
    public struct Commit: Codable, Sendable, Equatable {
        public var hash: String
        public var subject: String

        public init(hash: String, subject: String) {
            self.hash = hash
            self.subject = subject
        }
    }

    /// One step: a commit built and compared with the good commit.
    public struct Step: Codable, Sendable, Equatable {
        /// The commit's index in ``BisectState/commits``.
        public var index: Int
        public var commit: String
        public var subject: String
        public var verdict: BisectSearch.Verdict
        /// Why a commit was skipped (`does not build: …`), or what the comparison said otherwise.
        @Nullable public var reason: String?
        /// The comparison of the cell's tps against the good commit; `nil` for a skipped commit.
        @Nullable public var comparison: SampleComparison?
        /// The two results of the step (good, then this commit).
        public var resultFiles: [String]
        @Timestamp public var finishedAt: Date

        enum CodingKeys: String, CodingKey {
            case index, commit, subject, verdict, reason, comparison
            case resultFiles = "result_files"
            case finishedAt = "finished_at"
        }
    }

    public var schemaVersion = 1
    public var repository: String
    public var branch: String
    /// The good commit's full hash.
    public var good: String
    /// The bad commit's full hash.
    public var bad: String
    public var cell: String
    public var threshold: Double
    public var runs: Int
    public var duration: Int
    public var configureOptions: [String]
    public var seed: UInt64
    /// The first-parent line from ``good`` (excluded) to ``bad`` (included), oldest first.
    public var commits: [Commit]
    /// The bad commit compared with the good one first: the regression must be there to be searched.
    @Nullable public var verification: Step?
    /// The steps, in order.
    public var steps: [Step] = []

    /// A state before any step.
    public init(
        repository: String, branch: String, good: String, bad: String, cell: String, threshold: Double, runs: Int,
        duration: Int, configureOptions: [String], seed: UInt64, commits: [Commit]
    ) {
        self.repository = repository
        self.branch = branch
        self.good = good
        self.bad = bad
        self.cell = cell
        self.threshold = threshold
        self.runs = runs
        self.duration = duration
        self.configureOptions = configureOptions
        self.seed = seed
        self.commits = commits
    }

    /// Whether `other` describes the same bisection (what `--resume` requires).
    public func isSameSearch(as other: BisectState) -> Bool {
        (repository, branch, good, bad, cell) == (other.repository, other.branch, other.good, other.bad, other.cell)
            && (threshold, runs, duration) == (other.threshold, other.runs, other.duration)
            && configureOptions == other.configureOptions
    }

    /// The search with every step recorded.
    public var search: BisectSearch {
        var search = BisectSearch(count: commits.count)
        for step in steps { search.record(step.index, step.verdict) }
        return search
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case repository, branch, good, bad, cell, threshold, runs, duration
        case configureOptions = "configure_options"
        case seed, commits, verification, steps
    }
}
