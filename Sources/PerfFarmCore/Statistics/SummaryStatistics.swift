/// Descriptive statistics of a small sample — the repetitions of one benchmark cell.
///
/// The standard deviation is the sample one (n − 1), as every benchmark comparison needs; the coefficient of
/// variation is that deviation over the mean. Values that are not finite are left out.
public struct SummaryStatistics: Codable, Sendable, Equatable {
    /// The number of values.
    public var count: Int
    /// The arithmetic mean.
    public var mean: Double
    /// The median (the mean of the two middle values for an even count).
    public var median: Double
    /// The sample standard deviation; `nil` for fewer than two values.
    @Nullable public var standardDeviation: Double?
    /// The standard deviation over the mean; `nil` for fewer than two values or a zero mean.
    @Nullable public var coefficientOfVariation: Double?
    /// The smallest value.
    public var min: Double
    /// The largest value.
    public var max: Double

    /// The statistics of `values`, or `nil` when none is finite.
    public init?(_ values: some Sequence<Double>) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        count = sorted.count
        min = first
        max = last
        // Two passes (mean first) keep the variance accurate when the deviation is tiny next to the mean.
        mean = sorted.reduce(0, +) / Double(count)
        let middle = count / 2
        median = count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        if count >= 2 {
            let mean = self.mean
            let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let deviation = (squares / Double(count - 1)).squareRoot()
            standardDeviation = deviation
            coefficientOfVariation = mean != 0 ? deviation / abs(mean) : nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case count, mean, median
        case standardDeviation = "stddev"
        case coefficientOfVariation = "cv"
        case min, max
    }
}
