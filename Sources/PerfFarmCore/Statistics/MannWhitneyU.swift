#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples: does one tend to hold larger values
/// than the other? No assumption of normality, which benchmark repetitions rarely satisfy.
///
/// The two-sided p-value is exact (the distribution of U by counting, as the tables give it) when one sample has
/// at most ``exactLimit`` values and there are no ties; otherwise it comes from the normal approximation
/// with the tie correction and a continuity correction — the choices of SciPy's `mannwhitneyu(method="auto")`.
///
/// ```swift
/// let test = MannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
/// test.u        // 0: every value of the first sample is below every value of the second
/// test.pValue   // 0.0079 (2 / 252)
/// ```
public struct MannWhitneyU: Sendable, Equatable {
    /// The exact distribution is used (without ties) when one sample has at most this many values.
    public static let exactLimit = 8

    /// U of the first sample: the number of pairs (x from the first, y from the second) with x > y, ties
    /// counting one half.
    public let u: Double
    /// The two-sided p-value: the probability, if both samples came from the same distribution, of a U at least
    /// as far from its mean n₁n₂/2.
    public let pValue: Double
    /// Whether ``pValue`` is exact (else the normal approximation).
    public let isExact: Bool

    /// Tests `first` against `second`. Values that are not finite are left out; with an empty sample the
    /// p-value is 1.
    public init(_ first: [Double], _ second: [Double]) {
        let x = first.filter(\.isFinite)
        let y = second.filter(\.isFinite)
        let n1 = x.count
        let n2 = y.count
        guard n1 > 0, n2 > 0 else {
            u = 0
            pValue = 1
            isExact = false
            return
        }
        // Ranks of the pooled values, ties given their mean rank.
        let pooled = (x.map { ($0, 0) } + y.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for index in start...end { ranks[index] = rank }
            let tied = Double(end - start + 1)
            tieTerm += tied * tied * tied - tied
            start = end + 1
        }
        let rankSum = zip(pooled, ranks).filter { $0.0.1 == 0 }.reduce(0) { $0 + $1.1 }
        let u1 = rankSum - Double(n1 * (n1 + 1)) / 2
        u = u1
        let mean = Double(n1 * n2) / 2
        if tieTerm == 0, min(n1, n2) <= Self.exactLimit {
            // P(U ≥ max(u, n1n2 − u)) × 2, from the counts of every U.
            let counts = Self.distribution(n1, n2)
            let total = counts.reduce(0, +)
            let high = Int(max(u1, Double(n1 * n2) - u1).rounded())
            let tail = counts[high...].reduce(0, +)
            pValue = min(1, 2 * tail / total)
            isExact = true
        } else {
            let n = Double(n1 + n2)
            let variance = Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
            guard variance > 0 else {
                pValue = 1
                isExact = false
                return
            }
            let z = max(0, abs(u1 - mean) - 0.5) / variance.squareRoot()
            pValue = min(1, erfc(z / 2.0.squareRoot()))
            isExact = false
        }
    }

    /// The number of arrangements giving each U from 0 to n1·n2 (the recurrence of Mann and Whitney, 1947).
    static func distribution(_ n1: Int, _ n2: Int) -> [Double] {
        // f(n1, n2, u) = f(n1 − 1, n2, u − n2) + f(n1, n2 − 1, u)
        var table: [[[Double]]] = Array(
            repeating: Array(repeating: [], count: n2 + 1), count: n1 + 1)
        for i in 0...n1 {
            for j in 0...n2 {
                var counts = [Double](repeating: 0, count: i * j + 1)
                if i == 0 || j == 0 {
                    counts[0] = 1
                } else {
                    for value in 0...(i * j) {
                        let withLargestInFirst = value >= j ? table[i - 1][j][value - j] : 0
                        let withLargestInSecond = value < table[i][j - 1].count ? table[i][j - 1][value] : 0
                        counts[value] = withLargestInFirst + withLargestInSecond
                    }
                }
                table[i][j] = counts
            }
        }
        return table[n1][n2]
    }
}
