public import PerfFarmBuild
public import PerfFarmCluster
public import PerfFarmCore

/// What a farm run is doing, for the person or log watching it: handed to the caller's closure at every step.
public enum FarmProgress: Sendable {
    /// The run took the work area and will benchmark these branches.
    case started(branches: [String])
    /// A branch begins (`index` from 1 of `count`).
    case branchStarted(branch: String, index: Int, count: Int)
    /// The branch's head is this commit.
    case resolved(branch: String, commit: String, subject: String)
    /// The branch's commit was benchmarked already with the same configuration hash.
    case skipped(branch: String, commit: String, previousResult: String)
    /// A step of the branch's build, or of the mirror's fetch (`branch` `nil`, step `fetch`) that every branch
    /// shares. With a step's start, `expected` is how long that step took the last time it succeeded in this
    /// work area (`nil` the first time): what an ETA is computed from.
    case build(branch: String?, BuildProgress, expected: Duration?)
    /// The benchmark of the branch.
    case benchmark(branch: String, BenchmarkProgress)
    /// A branch ended.
    case branchFinished(FarmBranchOutcome)
    /// Something worth a line that is not a failure (a preflight warning, a pruned result).
    case note(String)
}
