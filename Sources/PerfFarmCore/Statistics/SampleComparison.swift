#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The comparison of one metric of one benchmark cell between a base and a new sample of repetitions (tps, or
/// a latency percentile): the ratio of medians with its bootstrap confidence interval, the Mann–Whitney
/// p-value, the Hodges–Lehmann ratio (the median of every new/base ratio: the estimate that goes with the
/// Mann–Whitney test, steadier than the ratio of two medians of five), and a verdict that needs both
/// significance and a Hodges–Lehmann change larger than the cell's noise times a multiplier.
///
/// Why both: with enough repetitions any difference becomes significant, even one far below what the machine
/// reproduces from day to day; and a large difference between two noisy samples may be chance. The minimum
/// effect adapts to the noise of the cell (its coefficient of variation, or the machine's noise floor for the
/// cell measured by A/A runs when that is larger), so a quiet cell flags a small change and a noisy one does
/// not cry wolf. `docs/statistics.md` gives the defaults and their measured false-alarm rate and power.
public struct SampleComparison: Codable, Sendable, Equatable {
    /// Which way is better.
    public enum Direction: String, Codable, Sendable {
        /// Throughput: a lower new value is a regression.
        case higherIsBetter = "higher_is_better"
        /// Latency: a higher new value is a regression.
        case lowerIsBetter = "lower_is_better"
    }

    /// What the comparison concludes.
    public enum Verdict: String, Codable, Sendable {
        case regression
        case improvement
        case noChange = "no_change"
        /// Too few repetitions, or values that cannot be compared (``reason`` says which).
        case notComparable = "not_comparable"
    }

    /// The thresholds of a verdict.
    public struct Options: Codable, Sendable, Equatable {
        /// The significance level of the Mann–Whitney test.
        public var alpha: Double = 0.05
        /// The smallest relative change ever flagged (1%).
        public var minimumEffect: Double = 0.01
        /// The minimum effect in units of the cell's coefficient of variation, estimated from the two samples.
        public var noiseMultiplier: Double = 2.0
        /// The minimum effect in units of a noise floor measured by A/A runs (known better than the samples'
        /// own, hence smaller).
        public var knownNoiseMultiplier: Double = 1.5
        /// The fewest repetitions per side.
        public var minimumRepetitions: Int = 3
        /// Bootstrap resamples of the confidence interval.
        public var resamples: Int = 2000
        /// The confidence level of the interval.
        public var confidence: Double = 0.95
        /// The bootstrap's seed.
        public var seed: UInt64 = 1

        public init() {}

        enum CodingKeys: String, CodingKey {
            case alpha
            case minimumEffect = "minimum_effect"
            case noiseMultiplier = "noise_multiplier"
            case knownNoiseMultiplier = "known_noise_multiplier"
            case minimumRepetitions = "minimum_repetitions"
            case resamples, confidence, seed
        }
    }

    public var direction: Direction
    /// The repetitions on each side.
    public var baseCount: Int
    public var newCount: Int
    @Nullable public var baseMedian: Double?
    @Nullable public var newMedian: Double?
    /// new median / base median, with its interval; `nil` when not comparable.
    @Nullable public var ratio: BootstrapInterval?
    /// The Hodges–Lehmann ratio: the median of new/base over every pair of repetitions.
    @Nullable public var shift: Double?
    /// The two-sided Mann–Whitney p-value.
    @Nullable public var pValue: Double?
    /// The noise used for the minimum effect: the larger of the samples' pooled coefficient of variation and
    /// the noise floor given.
    @Nullable public var noise: Double?
    /// The change a verdict other than `no_change` needs, as |ln(Hodges–Lehmann ratio)| (about the relative
    /// change when small).
    @Nullable public var minimumEffect: Double?
    public var verdict: Verdict
    /// Why the cell is `not_comparable`.
    @Nullable public var reason: String?

    /// Compares `new` against `base`.
    /// - Parameters:
    ///   - noiseFloor: the machine's coefficient of variation for this cell from A/A runs, when known.
    public static func compare(
        base: [Double], new: [Double], direction: Direction, noiseFloor: Double? = nil, options: Options = Options()
    ) -> SampleComparison {
        let base = base.filter(\.isFinite)
        let new = new.filter(\.isFinite)
        var comparison = SampleComparison(
            direction: direction, baseCount: base.count, newCount: new.count, verdict: .notComparable)
        guard base.count >= options.minimumRepetitions, new.count >= options.minimumRepetitions else {
            comparison.reason =
                "too few repetitions (\(base.count) and \(new.count); at least \(options.minimumRepetitions) a side)"
            return comparison
        }
        let baseMedian = BootstrapInterval.median(base)
        comparison.baseMedian = baseMedian
        comparison.newMedian = BootstrapInterval.median(new)
        guard baseMedian > 0,
            let ratio = BootstrapInterval.ratioOfMedians(
                base: base, new: new, resamples: options.resamples, confidence: options.confidence,
                seed: options.seed)
        else {
            comparison.reason = "the base median is not positive"
            return comparison
        }
        comparison.ratio = ratio
        let test = MannWhitneyU(base, new)
        comparison.pValue = test.pValue
        let pooled = (((Self.cv(base) ?? 0) * (Self.cv(base) ?? 0) + (Self.cv(new) ?? 0) * (Self.cv(new) ?? 0)) / 2)
            .squareRoot()
        let noise = max(pooled, noiseFloor ?? 0)
        comparison.noise = noise
        let multiplier = noiseFloor == nil ? options.noiseMultiplier : options.knownNoiseMultiplier
        let minimumEffect = max(options.minimumEffect, multiplier * noise)
        comparison.minimumEffect = minimumEffect
        let shift = BootstrapInterval.median(new.flatMap { value in base.map { value / $0 } })
        comparison.shift = shift
        // On the log scale: ln(ratio) is the relative change for small changes, and a halving weighs what a
        // doubling does (a drop can never pass 100%, while a noisy cell's minimum effect can).
        let change = log(shift)
        guard shift > 0, test.pValue < options.alpha, abs(change) >= minimumEffect else {
            comparison.verdict = .noChange
            return comparison
        }
        let better = direction == .higherIsBetter ? change > 0 : change < 0
        comparison.verdict = better ? .improvement : .regression
        return comparison
    }

    /// The coefficient of variation of `values` (sample standard deviation over the mean).
    static func cv(_ values: [Double]) -> Double? {
        SummaryStatistics(values)?.coefficientOfVariation
    }

    enum CodingKeys: String, CodingKey {
        case direction
        case baseCount = "base_count"
        case newCount = "new_count"
        case baseMedian = "base_median"
        case newMedian = "new_median"
        case ratio, shift
        case pValue = "p_value"
        case noise
        case minimumEffect = "minimum_effect"
        case verdict, reason
    }
}
