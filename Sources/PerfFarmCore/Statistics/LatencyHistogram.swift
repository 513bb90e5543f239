public import Histogram

/// A latency histogram in constant memory: HdrHistogram with three significant digits.
///
/// Values are integers (microseconds in perffarm). Values above ``highestTrackableValue`` are counted at
/// that value, so a pathological outlier never grows the histogram.
public struct LatencyHistogram: Sendable, Equatable {
    /// The histogram itself, for callers that need more than percentiles.
    public private(set) var histogram: Histogram<UInt64>

    /// Creates an empty histogram resolving values from 1 to `highestTrackableValue`.
    public init(highestTrackableValue: UInt64) {
        histogram = Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableValue,
            numberOfSignificantValueDigits: .three)
    }

    /// The highest value resolved; larger values are counted at this value.
    public var highestTrackableValue: UInt64 { histogram.highestTrackableValue }

    /// The number of values recorded.
    public var count: UInt64 { histogram.totalCount }

    /// Records one value.
    public mutating func record(_ value: UInt64) {
        histogram.record(Swift.min(value, histogram.highestTrackableValue))
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
    }

    /// The value below or at which `percentile` percent of the values lie (nearest rank, within the
    /// histogram's resolution: exact below 2048, within 0.1 % above).
    public func value(atPercentile percentile: Double) -> UInt64 {
        histogram.valueAtPercentile(percentile)
    }
}
