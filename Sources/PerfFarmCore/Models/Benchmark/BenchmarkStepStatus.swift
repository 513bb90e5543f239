/// How one step of a benchmark ended: a data set's initialization or a pgbench run.
public enum BenchmarkStepStatus: String, Codable, Sendable, Equatable {
    /// It completed and its output was recognised.
    case succeeded
    /// It failed; the record's `errors` say why.
    case failed
    /// SIGINT or SIGTERM stopped it.
    case interrupted
}
