/// Whether a run's output holds all that pgbench prints, as far as the output itself can tell.
///
/// Checked once the summary has started (its `transaction type:` line): the lines every pgbench version prints
/// (scaling factor, query mode, clients, threads, the processed count, and, when transactions were processed,
/// the latency average and tps), each `SQL script` block's weight and share lines, a row in every statement
/// table, and a line break at the end. An output without a summary — standard error alone, or a run that
/// failed before it — is not cut: its errors say what happened. See `docs/pgbench-versions.md`.
public enum PgbenchRunCompleteness: Sendable, Equatable {
    /// Nothing is missing.
    case complete
    /// The output stops before the summary ends: why, and the number of the last line read.
    case truncated(reason: String, lineNumber: Int)
    /// A second run's output starts at this line: two runs in one input are not merged.
    case secondRun(lineNumber: Int)

    /// The error that a whole-input parse throws for this; `nil` when complete.
    public var error: PerfFarmError? {
        switch self {
        case .complete:
            return nil
        case .truncated(let reason, let lineNumber):
            return PerfFarmError(.truncatedInput, "the run's output is cut: \(reason)", lineNumber: lineNumber)
        case .secondRun(let lineNumber):
            return PerfFarmError(
                .multipleRuns, "a second pgbench run starts here; give each run's output on its own",
                lineNumber: lineNumber)
        }
    }
}
