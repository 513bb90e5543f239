/// One cell of a benchmark matrix (scale × clients × workload) and the statistics of its measured runs.
public struct BenchmarkCell: Codable, Sendable, Equatable {
    /// The scale factor.
    public var scale: Int
    /// The client count.
    public var clients: Int
    /// The workload's name.
    public var workload: String
    /// The measured runs planned (the matrix's repetitions).
    public var runs: Int
    /// The measured runs that succeeded (the statistics are over these).
    public var succeeded: Int
    /// The measured runs that failed.
    public var failed: Int
    /// Statistics of the runs' headline tps; `nil` when no run succeeded.
    @Nullable public var tps: SummaryStatistics?
    /// Statistics of the runs' average latency (`latency average`, ms); `nil` when no run succeeded.
    @Nullable public var latencyAverageMilliseconds: SummaryStatistics?
    /// The latency percentiles of the cell: statistics of each run's percentile, from the runs' per-transaction
    /// logs (`nil` without them, or with sampled logs of too few transactions).
    @Nullable public var latencyPercentiles: LatencyPercentiles?

    /// Statistics over the runs of each latency percentile (ms) of their per-transaction logs.
    public struct LatencyPercentiles: Codable, Sendable, Equatable {
        @Nullable public var p50: SummaryStatistics?
        @Nullable public var p90: SummaryStatistics?
        @Nullable public var p95: SummaryStatistics?
        @Nullable public var p99: SummaryStatistics?
        @Nullable public var p999: SummaryStatistics?
        @Nullable public var max: SummaryStatistics?

        /// The percentiles of `distributions` (one per run); `nil` without any.
        public init?(_ distributions: [PgbenchLogStatistics.LatencyDistribution]) {
            guard !distributions.isEmpty else { return nil }
            p50 = SummaryStatistics(distributions.map(\.p50))
            p90 = SummaryStatistics(distributions.map(\.p90))
            p95 = SummaryStatistics(distributions.map(\.p95))
            p99 = SummaryStatistics(distributions.map(\.p99))
            p999 = SummaryStatistics(distributions.map(\.p999))
            max = SummaryStatistics(distributions.map(\.max))
        }
    }

    /// Creates a cell.
    public init(
        scale: Int, clients: Int, workload: String, runs: Int, succeeded: Int = 0, failed: Int = 0,
        tps: SummaryStatistics? = nil, latencyAverageMilliseconds: SummaryStatistics? = nil,
        latencyPercentiles: LatencyPercentiles? = nil
    ) {
        self.scale = scale
        self.clients = clients
        self.workload = workload
        self.runs = runs
        self.succeeded = succeeded
        self.failed = failed
        self.tps = tps
        self.latencyAverageMilliseconds = latencyAverageMilliseconds
        self.latencyPercentiles = latencyPercentiles
    }

    /// The cell of `runs` (the measured, non-warm-up runs of this cell are picked out).
    public static func make(
        scale: Int, clients: Int, workload: String, planned: Int, from runs: [PgbenchRun]
    ) -> BenchmarkCell {
        let mine = runs.filter {
            !$0.warmup && $0.scale == scale && $0.clients == clients && $0.workload == workload
        }
        let good = mine.filter { $0.status == .succeeded }
        return BenchmarkCell(
            scale: scale, clients: clients, workload: workload, runs: planned, succeeded: good.count,
            failed: mine.filter { $0.status == .failed }.count,
            tps: SummaryStatistics(good.compactMap { $0.summary?.tps }),
            latencyAverageMilliseconds: SummaryStatistics(good.compactMap { $0.summary?.latencyAverageMilliseconds }),
            latencyPercentiles: LatencyPercentiles(good.compactMap { $0.logStatistics?.latencyMilliseconds }))
    }

    enum CodingKeys: String, CodingKey {
        case scale, clients, workload, runs, succeeded, failed, tps
        case latencyAverageMilliseconds = "latency_average_ms"
        case latencyPercentiles = "latency_percentiles_ms"
    }
}
