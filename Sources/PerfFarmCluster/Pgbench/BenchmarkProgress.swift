public import PerfFarmCore

/// What a running benchmark is doing, for a progress line: handed to the observer at every step, at every
/// pgbench `progress:` line, and when a run has finished.
public struct BenchmarkProgress: Sendable {
    /// What is happening, as a short phrase (`initdb`, `starting the server`, `pgbench -i -s 10`,
    /// `scale 1 · 2 clients · read-only · run 2/3`).
    public var activity: String
    /// The install's label when the session has several installs; `nil` with one.
    public var target: String?
    /// The runs finished so far, all targets together (warm-ups included).
    public var completedRuns: Int
    /// The runs of the whole session (warm-ups included).
    public var totalRuns: Int
    /// The latest `progress:` tps of the running pgbench.
    public var currentTPS: Double?
    /// The latest `progress:` line of the running pgbench, parsed.
    public var report: PgbenchProgressReport?
    /// The estimated time left, in seconds; `nil` before anything can be estimated.
    public var remainingSeconds: Double?
    /// The run that just finished, with its result.
    public var finishedRun: PgbenchRun?

    /// Creates a progress report.
    public init(
        activity: String, target: String? = nil, completedRuns: Int, totalRuns: Int, currentTPS: Double? = nil,
        report: PgbenchProgressReport? = nil, remainingSeconds: Double? = nil, finishedRun: PgbenchRun? = nil
    ) {
        self.activity = activity
        self.target = target
        self.completedRuns = completedRuns
        self.totalRuns = totalRuns
        self.currentTPS = currentTPS ?? report?.tps
        self.report = report
        self.remainingSeconds = remainingSeconds
        self.finishedRun = finishedRun
    }
}
