import PerfFarmCore

/// When the outbox tries an item again after a network error, a timeout, a 5xx, a 408 or a 429: exponential
/// backoff (1 min, 2, 4, 8 … capped at 6 h) plus up to ``jitter`` of it at random, so that machines that failed
/// together do not come back together.
public struct RetryPolicy: Sendable, Equatable {
    /// The delay after the first failed attempt.
    public var firstDelay: Duration
    /// The longest delay.
    public var maximumDelay: Duration
    /// The random part, as a fraction of the delay (0.25: up to 25 % more).
    public var jitter: Double

    /// Creates a policy; the defaults are 1 min, 6 h and 25 %.
    public init(firstDelay: Duration = .seconds(60), maximumDelay: Duration = .seconds(6 * 3600), jitter: Double = 0.25)
    {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.jitter = jitter
    }

    /// The delay before the next attempt of an item that failed `failedAttempts` times (1 or more).
    /// - Parameters:
    ///   - failedAttempts: the failed attempts so far.
    ///   - random: a number in `0..<1` for the jitter.
    /// - Returns: `min(maximum, first × 2^(failedAttempts − 1))` plus `random × jitter` of it.
    public func delay(afterFailedAttempts failedAttempts: Int, random: Double) -> Duration {
        let first = firstDelay.inSeconds
        let maximum = maximumDelay.inSeconds
        let exponent = Double(max(0, min(failedAttempts - 1, 40)))
        let base = min(maximum, first * pow2(exponent))
        let seconds = base * (1 + max(0, min(random, 1)) * jitter)
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
