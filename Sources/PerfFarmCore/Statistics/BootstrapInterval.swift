/// A percentile bootstrap confidence interval of a statistic of two independent samples, such as the ratio of
/// their medians (Efron and Tibshirani, 1993, §13): each sample is resampled with replacement, the statistic
/// computed on every pair of resamples, and the interval read from the quantiles of those values. Seeded, so
/// the same inputs give the same interval.
///
/// ```swift
/// let interval = BootstrapInterval.ratioOfMedians(base: [100, 102, 98], new: [90, 91, 89], seed: 1)
/// interval.estimate   // 0.89: the new median over the base median
/// interval.lower, interval.upper
/// ```
public struct BootstrapInterval: Codable, Sendable, Equatable {
    /// The statistic on the samples themselves.
    public var estimate: Double
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double
    /// The confidence level (0.95).
    public var confidence: Double

    public init(estimate: Double, lower: Double, upper: Double, confidence: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    /// Whether `value` lies inside the interval.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// The interval of `statistic(first, second)`.
    /// - Parameters:
    ///   - resamples: the number of bootstrap resamples (10 000 by default).
    ///   - confidence: the confidence level, in (0, 1).
    ///   - seed: the generator's seed.
    /// - Returns: `nil` when a sample is empty or the statistic is not finite on the samples.
    public static func of(
        _ first: [Double], _ second: [Double], resamples: Int = 10_000, confidence: Double = 0.95, seed: UInt64 = 1,
        statistic: ([Double], [Double]) -> Double
    ) -> BootstrapInterval? {
        guard !first.isEmpty, !second.isEmpty, resamples > 0, confidence > 0, confidence < 1 else { return nil }
        let estimate = statistic(first, second)
        guard estimate.isFinite else { return nil }
        var generator = SplitMix64(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var a = first
        var b = second
        for _ in 0..<resamples {
            for index in a.indices { a[index] = first[Int(generator.next() % UInt64(first.count))] }
            for index in b.indices { b[index] = second[Int(generator.next() % UInt64(second.count))] }
            let value = statistic(a, b)
            if value.isFinite { values.append(value) }
        }
        guard !values.isEmpty else { return nil }
        values.sort()
        let tail = (1 - confidence) / 2
        return BootstrapInterval(
            estimate: estimate, lower: quantile(values, tail), upper: quantile(values, 1 - tail),
            confidence: confidence)
    }

    /// The interval of median(`new`) / median(`base`).
    public static func ratioOfMedians(
        base: [Double], new: [Double], resamples: Int = 10_000, confidence: Double = 0.95, seed: UInt64 = 1
    ) -> BootstrapInterval? {
        of(base, new, resamples: resamples, confidence: confidence, seed: seed) { base, new in
            median(new) / median(base)
        }
    }

    /// The median of `values` (the mean of the two middle ones for an even count).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `p` quantile of sorted `values`, linearly interpolated (type 7, as R and NumPy by default).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
}
