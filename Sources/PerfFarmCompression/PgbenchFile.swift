public import PerfFarmCore

/// Parses a pgbench output file, plain or gzip-compressed: the composition of ``InputFile`` and
/// PerfFarmCore's ``PgbenchOutputParser``.
public enum PgbenchFile {
    /// Parses the file at `path`.
    /// - Parameters:
    ///   - path: a run's stdout/stderr (or both), `pgbench -i` output, a per-transaction or aggregate log.
    ///   - kind: the kind of output, or `nil` to recognise it.
    ///   - extraColumn: what a seventh per-transaction log column means.
    /// - Throws: ``PerfFarmError`` naming `path` (and the line, for logs): unreadable file, corrupt or cut
    ///   gzip data, binary data, a log cut in the middle of a line, nothing recognisable.
    public static func parse(
        path: String, kind: PgbenchOutputKind? = nil,
        extraColumn: PgbenchTransactionLogParser.ExtraColumn = .automatic
    ) throws -> PgbenchParsedOutput {
        var parser = PgbenchOutputParser(kind: kind, extraColumn: extraColumn)
        do {
            try InputFile.read(path: path) { try parser.consume($0) }
            return try parser.finish()
        } catch var error as PerfFarmError {
            if error.lineNumber == nil, error.code == .truncatedInput || error.code == .corruptCompressedInput {
                error.lineNumber = parser.currentLineNumber
            }
            throw error.at(path: path)
        }
    }
}
