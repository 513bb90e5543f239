/// What watched a pgbench run from outside pgbench: a benchmark observer's findings, attached to the run's
/// record (``PgbenchRun/statisticsDelta``, ``PgbenchRun/systemSeries``, ``PgbenchRun/observerNotes``).
public struct PgbenchRunObservation: Sendable, Equatable {
    /// The server's statistics over the run: a snapshot after it minus one before it.
    public var statisticsDelta: PostgresStatisticsSnapshot?
    /// The machine sampled during the run.
    public var systemSeries: SystemSeries?
    /// What went wrong while watching (a snapshot that failed); the run itself is not failed by it.
    public var notes: [String]

    /// Creates an observation.
    public init(
        statisticsDelta: PostgresStatisticsSnapshot? = nil, systemSeries: SystemSeries? = nil, notes: [String] = []
    ) {
        self.statisticsDelta = statisticsDelta
        self.systemSeries = systemSeries
        self.notes = notes
    }
}
