/// Change points in a history of measurements (a cell's tps over commits) by E-divisive means: the hierarchical
/// divisive method of Matteson and James (2014, "A nonparametric approach for multiple change point analysis
/// of multivariate data", JASA 109:505) with α = 1, as Apache Otava (formerly Hunter) and MongoDB's performance
/// CI use it, instead of a fixed threshold on the mean.
///
/// Each step finds the split of a segment that maximises the energy statistic between its two sides, then
/// tests it by permutation: the same maximum over shuffled copies of the segment. A split whose p-value is
/// below ``Options/pValue`` is a change point, and both sides are searched again; the search stops at the
/// first segment with none. Segments given by the caller (a change of environment fingerprint) are searched
/// separately, so a boundary between them is never reported as a change.
///
/// ```swift
/// let points = ChangePointDetector().detect([100, 101, 99, 100, 90, 91, 89, 90])
/// points.first?.index   // 4: the first value after the change
/// ```
public struct ChangePointDetector: Sendable {
    /// The thresholds of a detection.
    public struct Options: Sendable, Equatable {
        /// The permutation p-value under which a split is a change point.
        public var pValue: Double = 0.01
        /// Permutations per tested split (the smallest p-value is 1 / (permutations + 1)).
        public var permutations: Int = 199
        /// The fewest values on each side of a change point.
        public var minimumSegment: Int = 3
        /// The permutations' seed.
        public var seed: UInt64 = 1

        public init() {}
    }

    /// A change point.
    public struct ChangePoint: Codable, Sendable, Equatable {
        /// The index of the first value after the change.
        public var index: Int
        /// The permutation p-value of the split.
        public var pValue: Double
        /// The medians of the segment before and after (between the neighbouring change points).
        public var medianBefore: Double
        public var medianAfter: Double
        /// medianAfter / medianBefore − 1.
        public var relativeChange: Double

        enum CodingKeys: String, CodingKey {
            case index
            case pValue = "p_value"
            case medianBefore = "median_before"
            case medianAfter = "median_after"
            case relativeChange = "relative_change"
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The change points of `values`, in index order.
    /// - Parameter segmentStarts: indexes where a new segment starts whatever the values (a new environment);
    ///   no change point is reported at or across them.
    public func detect(_ values: [Double], segmentStarts: [Int] = []) -> [ChangePoint] {
        var generator = SplitMix64(seed: options.seed)
        let bounds = ([0] + segmentStarts.filter { $0 > 0 && $0 < values.count } + [values.count]).sorted()
        var indexes: [(index: Int, pValue: Double)] = []
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            indexes += search(values, start, end, &generator)
        }
        indexes.sort { $0.index < $1.index }
        // Medians between neighbouring change points (and segment bounds).
        let edges = Set(bounds).union(indexes.map(\.index)).sorted()
        return indexes.map { point in
            let before = edges.last { $0 < point.index } ?? 0
            let after = edges.first { $0 > point.index } ?? values.count
            let medianBefore = BootstrapInterval.median(Array(values[before..<point.index]))
            let medianAfter = BootstrapInterval.median(Array(values[point.index..<after]))
            return ChangePoint(
                index: point.index, pValue: point.pValue, medianBefore: medianBefore, medianAfter: medianAfter,
                relativeChange: medianBefore != 0 ? medianAfter / medianBefore - 1 : 0)
        }
    }

    /// The change points in `values[start..<end]`, by bisection.
    private func search(
        _ values: [Double], _ start: Int, _ end: Int, _ generator: inout SplitMix64
    ) -> [(index: Int, pValue: Double)] {
        let segment = Array(values[start..<end])
        guard let best = Self.bestSplit(segment, minimumSegment: options.minimumSegment) else { return [] }
        var shuffled = segment
        var atLeast = 0
        for _ in 0..<options.permutations {
            shuffled.shuffle(using: &generator)
            if let other = Self.bestSplit(shuffled, minimumSegment: options.minimumSegment),
                other.statistic >= best.statistic
            {
                atLeast += 1
            }
        }
        let pValue = Double(atLeast + 1) / Double(options.permutations + 1)
        guard pValue < options.pValue else { return [] }
        let index = start + Self.refinedSplit(segment, near: best.split, minimumSegment: options.minimumSegment)
        return search(values, start, index, &generator) + [(index, pValue)] + search(values, index, end, &generator)
    }

    /// The split within `near` ± 3 that maximises the mean-shift statistic τ(n−τ)/n · (mean left − mean
    /// right)²: the likelihood estimate of a step's position, sharper than the energy statistic's argmax, which
    /// only says that a step is there.
    static func refinedSplit(_ values: [Double], near: Int, minimumSegment: Int) -> Int {
        let n = values.count
        let least = max(2, minimumSegment)
        var prefix = [0.0]
        for value in values { prefix.append(prefix.last! + value) }
        var best = (split: near, statistic: -Double.infinity)
        for tau in max(least, near - 3)...min(n - least, near + 3) {
            let left = prefix[tau] / Double(tau)
            let right = (prefix[n] - prefix[tau]) / Double(n - tau)
            let statistic = Double(tau * (n - tau)) / Double(n) * (left - right) * (left - right)
            if statistic > best.statistic { best = (tau, statistic) }
        }
        return best.split
    }

    /// The split τ of `values` maximising Q̂(τ) = τ(n−τ)/n · Ê(τ), where Ê is the energy distance (α = 1)
    /// between values[..<τ] and values[τ...]; `nil` when no split leaves `minimumSegment` values a side.
    static func bestSplit(_ values: [Double], minimumSegment: Int) -> (split: Int, statistic: Double)? {
        let n = values.count
        let least = max(2, minimumSegment)
        guard n >= 2 * least else { return nil }
        // Running sums of |x_i − x_j|: within the left side, within the right side, between them.
        var within = [Double](repeating: 0, count: n)  // Σ_{i<k} |x_i − x_k| for each k
        var across = [Double](repeating: 0, count: n)  // Σ_{k>i} |x_i − x_k| for each i
        for i in 0..<n {
            for k in (i + 1)..<max(i + 1, n) {
                let distance = abs(values[i] - values[k])
                within[k] += distance
                across[i] += distance
            }
        }
        var left = 0.0
        var right = across.reduce(0, +)
        var between = 0.0
        var best: (split: Int, statistic: Double)?
        for tau in 1..<n {
            // Move value tau − 1 from the right side to the left.
            let moved = tau - 1
            left += within[moved]
            right -= across[moved]
            between += across[moved] - within[moved]
            guard tau >= least, n - tau >= least else { continue }
            let a = Double(tau)
            let b = Double(n - tau)
            let energy = 2 * between / (a * b) - left / (a * (a - 1) / 2) - right / (b * (b - 1) / 2)
            let statistic = a * b / Double(n) * energy
            if best == nil || statistic > best!.statistic { best = (tau, statistic) }
        }
        return best
    }
}
