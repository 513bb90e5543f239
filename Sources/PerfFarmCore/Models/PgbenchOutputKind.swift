/// The kinds of pgbench output perffarm parses.
public enum PgbenchOutputKind: String, Codable, Sendable, CaseIterable {
    /// A run: the summary on stdout, progress and errors on stderr.
    case run
    /// `pgbench -i` output.
    case initialization = "init"
    /// A per-transaction log (`-l`).
    case log
    /// An aggregate log (`-l --aggregate-interval`).
    case aggregate
}
