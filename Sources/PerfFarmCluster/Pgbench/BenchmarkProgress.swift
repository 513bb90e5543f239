public import PerfFarmCore

/// What a running benchmark is doing, for a progress line: handed to the caller's callback at every step and
/// at every pgbench `progress:` line.
public struct BenchmarkProgress: Sendable {
    /// What is happening, as a short phrase (`initdb`, `starting the server`, `pgbench -i -s 10`,
    /// `scale 1 · 2 clients · read-only · run 2/3`).
    public var activity: String
    /// The runs finished so far (warm-ups included).
    public var completedRuns: Int
    /// The runs of the whole matrix (warm-ups included).
    public var totalRuns: Int
    /// The latest `progress:` tps of the running pgbench.
    public var currentTPS: Double?
    /// The estimated time left, in seconds; `nil` before anything can be estimated.
    public var remainingSeconds: Double?
    /// The run that just finished, with its result.
    public var finishedRun: PgbenchRun?

    /// Creates a progress report.
    public init(
        activity: String, completedRuns: Int, totalRuns: Int, currentTPS: Double? = nil,
        remainingSeconds: Double? = nil, finishedRun: PgbenchRun? = nil
    ) {
        self.activity = activity
        self.completedRuns = completedRuns
        self.totalRuns = totalRuns
        self.currentTPS = currentTPS
        self.remainingSeconds = remainingSeconds
        self.finishedRun = finishedRun
    }
}
