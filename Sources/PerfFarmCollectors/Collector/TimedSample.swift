public import Foundation
public import PerfFarmCore

/// A collector's output at one tick of a ``PeriodicSampler``.
public struct TimedSample<Value: Codable & Sendable>: Codable, Sendable {
    /// The tick: 0 for the baseline read before the work starts, then 1, 2, ….
    public var tick: Int
    /// Seconds after the baseline on the monotonic clock, as measured after the read.
    public var elapsedSeconds: Double
    /// Wall-clock time of the read.
    @Timestamp public var timestamp: Date
    /// What the collector returned.
    public var value: Value

    /// Creates a sample.
    public init(tick: Int, elapsedSeconds: Double, timestamp: Date, value: Value) {
        self.tick = tick
        self.elapsedSeconds = elapsedSeconds
        self.timestamp = timestamp
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case tick
        case elapsedSeconds = "elapsed_s"
        case timestamp, value
    }
}
