public import PerfFarmCore

extension BenchmarkResult {
    /// This result with every run's tps multiplied by `factor` (a slower or faster build, made on purpose for
    /// comparison and history tests).
    public func scalingTPS(by factor: Double) -> BenchmarkResult {
        var result = self
        result.runs = runs.map { run in
            var run = run
            if var summary = run.summary {
                let tps = summary.tps
                summary.tps = tps.map { $0 * factor }
                run.summary = summary
            }
            return run
        }
        return result
    }
}
