import Foundation
public import PerfFarmCore

/// Calls a collector every `interval` on the monotonic clock, aligned on the start: tick `k` is read at
/// `start + k × interval` (a late read does not shift the following ones), either a fixed number of
/// times or for as long as some work runs.
public struct PeriodicSampler: Sendable {
    /// The time between two reads.
    public var interval: Duration

    /// Creates a sampler.
    /// - Parameter interval: the time between two reads; must be positive.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for a zero or negative interval.
    public init(interval: Duration) throws {
        guard interval > .zero else {
            throw PerfFarmError(.invalidConfiguration, "the sampling interval must be positive", key: "interval")
        }
        self.interval = interval
    }

    /// Reads `collector` once now (tick 0) and then `count` more times, one interval apart.
    /// - Parameters:
    ///   - collector: what to read.
    ///   - count: the number of reads after the baseline.
    /// - Returns: `count + 1` samples, the baseline first.
    /// - Throws: what the collector throws, or `CancellationError` when the task is cancelled.
    public func sample<C: Collector>(_ collector: C, count: Int) async throws -> [TimedSample<C.Output>] {
        let start = ContinuousClock.now
        var samples = [try await read(collector, tick: 0, start: start)]
        samples.reserveCapacity(count + 1)
        for tick in stride(from: 1, through: count, by: 1) {
            try await Task.sleep(until: start + interval * tick, clock: .continuous)
            samples.append(try await read(collector, tick: tick, start: start))
        }
        return samples
    }

    /// Reads `collector` once (tick 0), runs `work`, and reads the collector every interval until `work`
    /// returns or throws; then the sampling stops at once (a sleeping tick is cancelled, not awaited).
    /// - Parameters:
    ///   - collector: what to read.
    ///   - work: the work to watch (a pgbench run).
    /// - Returns: what `work` returned, and the samples read, the baseline first.
    /// - Throws: what `work` throws (sampling stops first), or what the collector throws at tick 0. A
    ///   collector that throws at a later tick ends the sampling and keeps the samples read so far.
    public func sample<C: Collector, R: Sendable>(
        _ collector: C, while work: () async throws -> R
    ) async throws -> (result: R, samples: [TimedSample<C.Output>]) {
        let start = ContinuousClock.now
        let baseline = try await read(collector, tick: 0, start: start)
        let interval = self.interval
        return try await withThrowingTaskGroup(of: [TimedSample<C.Output>].self) { group in
            group.addTask {
                var samples: [TimedSample<C.Output>] = []
                var tick = 1
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(until: start + interval * tick, clock: .continuous)
                    } catch {
                        break
                    }
                    guard let sample = try? await PeriodicSampler.readSample(collector, tick: tick, start: start)
                    else { break }
                    samples.append(sample)
                    tick += 1
                }
                return samples
            }
            let result = try await work()
            group.cancelAll()
            var samples = [baseline]
            for try await later in group {
                samples += later
            }
            return (result, samples)
        }
    }

    private func read<C: Collector>(_ collector: C, tick: Int, start: ContinuousClock.Instant) async throws
        -> TimedSample<C.Output>
    {
        try await Self.readSample(collector, tick: tick, start: start)
    }

    private static func readSample<C: Collector>(_ collector: C, tick: Int, start: ContinuousClock.Instant)
        async throws -> TimedSample<C.Output>
    {
        let value = try await collector.collect()
        let elapsed = ContinuousClock.now - start
        return TimedSample(
            tick: tick, elapsedSeconds: elapsed.inSeconds, timestamp: Date(),
            value: value)
    }
}
