import Foundation
import PerfFarmCore
import Testing

@Suite("Summary statistics")
struct SummaryStatisticsTests {
    @Test("odd count: median is the middle value; sample standard deviation")
    func odd() throws {
        let statistics = try #require(SummaryStatistics([5175.0, 5004.0, 5302.0]))
        #expect(statistics.count == 3)
        #expect(statistics.median == 5175)
        #expect(abs(statistics.mean - 5160.333333333333) < 1e-9)
        // Python's statistics.stdev([5175, 5004, 5302]) = 149.54040702543688
        #expect(abs((statistics.standardDeviation ?? 0) - 149.54040702543688) < 1e-9)
        #expect(abs((statistics.coefficientOfVariation ?? 0) - 0.028978827018688112) < 1e-12)
        #expect(statistics.min == 5004)
        #expect(statistics.max == 5302)
    }

    @Test("even count: median is the mean of the middle two")
    func even() throws {
        #expect(SummaryStatistics([4, 1, 3, 2])?.median == 2.5)
    }

    @Test("one value: no deviation; none: no statistics; non-finite values are left out")
    func edges() throws {
        let one = try #require(SummaryStatistics([7]))
        #expect(one.standardDeviation == nil)
        #expect(one.coefficientOfVariation == nil)
        #expect(SummaryStatistics([Double]()) == nil)
        #expect(SummaryStatistics([.nan, .infinity]) == nil)
        #expect(SummaryStatistics([1, .nan, 3])?.count == 2)
    }

    @Test("a tiny spread around a large mean stays accurate")
    func precision() throws {
        let statistics = try #require(SummaryStatistics([1e9 + 1, 1e9 + 2, 1e9 + 3]))
        #expect(statistics.standardDeviation == 1)
    }

    @Test("JSON keys")
    func json() throws {
        let data = try JSONEncoder().encode(SummaryStatistics([1]))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["count", "mean", "median", "stddev", "cv", "min", "max"])
        #expect(object["stddev"] is NSNull)
    }
}
