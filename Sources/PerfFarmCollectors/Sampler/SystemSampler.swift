public import PerfFarmCore

/// The sampler of a benchmark run: reads ``SystemCounters`` every interval (1 s by default) while the run
/// goes on, and returns the aligned ``SystemSeries``.
public struct SystemSampler: Sendable {
    /// What is read each tick.
    public var reader: SystemCountersReader
    /// The sampling interval.
    public var interval: Duration

    /// Creates a sampler.
    /// - Parameters:
    ///   - reader: the counters reader (device and postmaster set).
    ///   - interval: the interval; 1 s by default.
    public init(reader: SystemCountersReader = SystemCountersReader(), interval: Duration = .seconds(1)) {
        self.reader = reader
        self.interval = interval
    }

    /// Samples while `work` runs.
    /// - Parameter work: the run.
    /// - Returns: what `work` returned and the series of the run.
    /// - Throws: what `work` throws; ``PerfFarmError`` when `/proc` cannot be read at the start.
    public func sample<R: Sendable>(while work: () async throws -> R) async throws -> (result: R, series: SystemSeries)
    {
        let sampler = try PeriodicSampler(interval: interval)
        let (result, readings) = try await sampler.sample(reader, while: work)
        return (result, series(readings))
    }

    /// Samples `count` intervals.
    /// - Parameter count: the number of samples wanted.
    /// - Returns: a series of `count` samples.
    /// - Throws: ``PerfFarmError`` when `/proc` cannot be read; `CancellationError`.
    public func sample(count: Int) async throws -> SystemSeries {
        let sampler = try PeriodicSampler(interval: interval)
        return series(try await sampler.sample(reader, count: count))
    }

    private func series(_ readings: [TimedSample<SystemCounters>]) -> SystemSeries {
        SystemSeriesBuilder.build(
            readings, interval: interval.inSeconds, device: reader.device, postmasterPID: reader.postmasterPID)
    }
}
