public import Foundation
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

extension BenchmarkResult {
    /// This result as if a farm run had measured `commit` of `branch`, committed `day` days after 1970 (for
    /// history and store tests); a new `result_id` when `id` is given.
    public func measuring(
        branch: String = "master", commit: String, day: Int, subject: String? = nil, id: String? = nil
    ) -> BenchmarkResult {
        var result = self
        result.source = SourceRevision(
            repositoryURL: "https://example.org/pg.git", fetchURL: "/mirror", branch: branch, commit: commit,
            commitDate: Date(timeIntervalSince1970: Double(day) * 86_400), authorName: "a",
            authorEmail: "a@example.org", subject: subject ?? "commit \(commit)")
        if let id { result.resultID = id }
        return result
    }
}
