import Foundation
import PerfFarmCore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The statistics of `perffarm compare` against textbook values and, by simulation with fixed seeds, their
/// false-alarm rate and power.
@Suite("Statistics: Mann–Whitney U, bootstrap intervals, verdicts")
struct ComparisonStatisticsTests {
    /// One textbook case: two samples, U of the first, the two-sided p-value, whether it is exact.
    struct MannWhitneyCase: Sendable, CustomTestStringConvertible {
        let first: [Double]
        let second: [Double]
        let u: Double
        let pValue: Double
        let exact: Bool
        var testDescription: String { "\(first) against \(second)" }
    }

    /// Against the exact tables and SciPy 1.17 (`mannwhitneyu(x, y, method="auto")`).
    static let mannWhitneyCases: [MannWhitneyCase] = [
        MannWhitneyCase(
            first: [1, 2, 3, 4, 5], second: [6, 7, 8, 9, 10], u: 0, pValue: 0.007936507936507936, exact: true),
        MannWhitneyCase(
            first: [1, 2, 3, 4, 6], second: [5, 7, 8, 9, 10], u: 1, pValue: 0.015873015873015872, exact: true),
        MannWhitneyCase(first: [1.1, 2.2, 3.3], second: [0.5, 4.4, 5.5, 6.6], u: 3, pValue: 0.4, exact: true),
        // Ties: the normal approximation with the tie and continuity corrections.
        MannWhitneyCase(
            first: [100, 101, 99, 102, 98], second: [97, 96, 99, 95, 94], u: 23.5, pValue: 0.027802962434649296,
            exact: false),
        MannWhitneyCase(
            first: [1, 2, 2, 3, 3, 3], second: [3, 4, 4, 5], u: 1.5, pValue: 0.026826219079541514, exact: false),
        // Both samples above 8: the normal approximation.
        MannWhitneyCase(
            first: (0..<20).map(Double.init), second: (0..<20).map { Double($0) + 5.5 }, u: 105,
            pValue: 0.010581211443165648, exact: false),
    ]

    @Test("Mann–Whitney U and its two-sided p-value", arguments: mannWhitneyCases)
    func mannWhitney(_ example: MannWhitneyCase) {
        let test = MannWhitneyU(example.first, example.second)
        #expect(test.u == example.u)
        #expect(abs(test.pValue - example.pValue) < 1e-12, "\(test.pValue) against \(example.pValue)")
        #expect(test.isExact == example.exact)
    }

    @Test("the exact distribution of U matches the table of Mann and Whitney (n1 = n2 = 4: 70 arrangements)")
    func distribution() {
        // P(U ≤ u) for n1 = n2 = 4, Mann and Whitney (1947), table I: 0.014, 0.029, 0.057, 0.100, 0.171.
        let samples: [([Double], [Double])] = [
            ([1, 2, 3, 4], [5, 6, 7, 8]), ([1, 2, 3, 5], [4, 6, 7, 8]), ([1, 2, 3, 6], [4, 5, 7, 8]),
            ([1, 2, 3, 7], [4, 5, 6, 8]), ([1, 2, 3, 8], [4, 5, 6, 7]),
        ]
        let table = [0.014, 0.029, 0.057, 0.100, 0.171]
        for (index, (first, second)) in samples.enumerated() {
            let test = MannWhitneyU(first, second)
            #expect(test.u == Double(index))
            #expect(abs(test.pValue / 2 - table[index]) < 0.0005, "U = \(index): \(test.pValue / 2)")
        }
        #expect(MannWhitneyU([], [1, 2]).pValue == 1)
    }

    @Test("bootstrap interval of a median ratio: the estimate inside, seeded, and 95% coverage on simulated data")
    func bootstrapCoverage() throws {
        let interval = try #require(
            BootstrapInterval.ratioOfMedians(base: [100, 102, 98, 101], new: [90, 91, 89, 92]))
        #expect(abs(interval.estimate - 90.5 / 100.5) < 1e-12)
        #expect(interval.contains(interval.estimate))
        #expect(interval.upper < 1)
        #expect(BootstrapInterval.ratioOfMedians(base: [100, 102, 98, 101], new: [90, 91, 89, 92]) == interval)
        #expect(BootstrapInterval.ratioOfMedians(base: [], new: [1]) == nil)

        // Coverage: samples of 15 from normal distributions whose medians have the ratio 0.95; the interval
        // holds the true ratio in about 95% of 400 trials (the percentile bootstrap of a median is somewhat
        // liberal at this size: 88% to 99% is accepted).
        var generator = SplitMix64(seed: 42)
        var covered = 0
        let trials = 400
        for trial in 0..<trials {
            let base = (0..<15).map { _ in Self.normal(&generator, mean: 1000, deviation: 30) }
            let new = (0..<15).map { _ in Self.normal(&generator, mean: 950, deviation: 30) }
            let ratio = try #require(
                BootstrapInterval.ratioOfMedians(base: base, new: new, resamples: 500, seed: UInt64(trial)))
            if ratio.contains(0.95) { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        #expect(coverage >= 0.88 && coverage <= 0.99, "coverage \(coverage)")
    }

    @Test("verdicts: a clear drop of tps is a regression, a rise an improvement; latency the other way round")
    func verdicts() {
        let base = [1000.0, 1010, 990, 1005, 995]
        let slower = base.map { $0 * 0.9 }
        #expect(SampleComparison.compare(base: base, new: slower, direction: .higherIsBetter).verdict == .regression)
        #expect(SampleComparison.compare(base: slower, new: base, direction: .higherIsBetter).verdict == .improvement)
        #expect(SampleComparison.compare(base: base, new: slower, direction: .lowerIsBetter).verdict == .improvement)
        #expect(SampleComparison.compare(base: base, new: base, direction: .higherIsBetter).verdict == .noChange)
        let few = SampleComparison.compare(base: [1, 2], new: [1, 2, 3], direction: .higherIsBetter)
        #expect(few.verdict == .notComparable)
        #expect(few.reason?.contains("too few repetitions") == true)
        // Significant but smaller than the noise floor measured by A/A runs: no change.
        let small = base.map { $0 * 0.97 }
        #expect(SampleComparison.compare(base: base, new: small, direction: .higherIsBetter).verdict == .regression)
        #expect(
            SampleComparison.compare(base: base, new: small, direction: .higherIsBetter, noiseFloor: 0.05).verdict
                == .noChange)
    }

    /// The targets of issue 11 by simulation: normal noise of CV 2%, 5 repetitions a side, 4000 trials each.
    @Test("A/A at most 1% false alarms, a 5% drop found 80% of the time (noise floor known); 1.5%, 70% without")
    func falseAlarmsAndPower() {
        var options = SampleComparison.Options()
        options.resamples = 20
        func rates(noiseFloor: Double?, seed: UInt64) -> (falseAlarms: Double, power: Double) {
            var generator = SplitMix64(seed: seed)
            let trials = 4000
            var falseAlarms = 0
            var found = 0
            for _ in 0..<trials {
                let base = (0..<5).map { _ in Self.normal(&generator, mean: 1000, deviation: 20) }
                let same = (0..<5).map { _ in Self.normal(&generator, mean: 1000, deviation: 20) }
                let slower = (0..<5).map { _ in Self.normal(&generator, mean: 950, deviation: 19) }
                let aa = SampleComparison.compare(
                    base: base, new: same, direction: .higherIsBetter, noiseFloor: noiseFloor, options: options)
                if aa.verdict != .noChange { falseAlarms += 1 }
                let ab = SampleComparison.compare(
                    base: base, new: slower, direction: .higherIsBetter, noiseFloor: noiseFloor, options: options)
                if ab.verdict == .regression { found += 1 }
            }
            return (Double(falseAlarms) / Double(trials), Double(found) / Double(trials))
        }
        let known = rates(noiseFloor: 0.02, seed: 7)
        let estimated = rates(noiseFloor: nil, seed: 8)
        print("simulation: noise floor known \(known), estimated from the samples \(estimated)")
        #expect(known.falseAlarms <= 0.01, "\(known)")
        #expect(known.power >= 0.80, "\(known)")
        #expect(estimated.falseAlarms <= 0.015, "\(estimated)")
        #expect(estimated.power >= 0.70, "\(estimated)")
    }

    /// A normal deviate (Box–Muller).
    static func normal(_ generator: inout SplitMix64, mean: Double, deviation: Double) -> Double {
        let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), .leastNonzeroMagnitude)
        let u2 = Double(generator.next() >> 11) / Double(1 << 53)
        return mean + deviation * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
