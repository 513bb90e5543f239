public import PerfFarmCore

/// How one branch of a farm run ended.
public struct FarmBranchOutcome: Sendable {
    /// How the branch ended.
    public enum Status: String, Sendable, Equatable {
        /// Benchmarked; every run succeeded.
        case succeeded
        /// Something failed (fetch, build, preflight, a run); the result says what.
        case failed
        /// Not benchmarked: this commit was benchmarked already with the same configuration.
        case skipped
        /// SIGINT or SIGTERM stopped it.
        case interrupted
    }

    /// The branch.
    public var branch: String
    /// How it ended.
    public var status: Status
    /// The commit, when known.
    public var commit: String?
    /// The result document written (or, when skipped, the earlier one).
    public var resultFile: String?
    /// The result, when one was made.
    public var result: BenchmarkResult?
    /// One sentence: why it failed or was skipped.
    public var message: String?

    /// Creates an outcome.
    public init(
        branch: String, status: Status, commit: String? = nil, resultFile: String? = nil,
        result: BenchmarkResult? = nil, message: String? = nil
    ) {
        self.branch = branch
        self.status = status
        self.commit = commit
        self.resultFile = resultFile
        self.result = result
        self.message = message
    }
}

/// How a farm run ended.
public struct FarmRunSummary: Sendable {
    /// Each branch, in order.
    public var branches: [FarmBranchOutcome] = []
    /// Who held the work area when the run found it in use (nothing was done then).
    public var lockHolder: String?
    /// Whether SIGINT or SIGTERM stopped the run.
    public var interrupted = false
    /// Whether the whole run passed its time limit (`run.run_timeout`).
    public var timedOut = false
    /// The results directory.
    public var outputDirectory: String?
    /// What the upload at the end of the run did (this run's results and the outbox's earlier ones); `nil`
    /// when uploads are off.
    public var upload: OutboxFlushReport?
    /// Why the upload could not be done (the results stay in the outbox for `perffarm upload --flush`).
    public var uploadError: String?
    /// The results store (without a password); `nil` when storing is off.
    public var storeLocation: String?
    /// The results this run stored.
    public var stored: [FarmStoredResult] = []
    /// Why a result could not be stored (its file is kept for `perffarm import`).
    public var storeError: String?

    /// Creates an empty summary.
    public init() {}

    /// Whether every branch succeeded or was skipped.
    public var succeeded: Bool {
        lockHolder == nil
            ? branches.allSatisfy { $0.status == .succeeded || $0.status == .skipped } && !interrupted
                && !timedOut : true
    }
}
