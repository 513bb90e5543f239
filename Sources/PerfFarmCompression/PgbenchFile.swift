public import PerfFarmCore

/// Parses a pgbench output file, plain or gzip-compressed: the composition of ``InputFile`` and
/// PerfFarmCore's ``PgbenchOutputParser``.
public enum PgbenchFile {
    /// Parses the file at `path`.
    /// - Parameters:
    ///   - path: a run's stdout/stderr (or both), `pgbench -i` output, a per-transaction or aggregate log.
    ///   - kind: the kind of output, or `nil` to recognise it.
    ///   - extraColumn: what a seventh per-transaction log column means.
    /// - Throws: ``PerfFarmError`` naming `path` (and the line): unreadable file, corrupt or cut gzip data,
    ///   binary data, a log cut in the middle of a line, a run's output cut short or holding two runs, nothing
    ///   recognisable.
    public static func parse(
        path: String, kind: PgbenchOutputKind? = nil,
        extraColumn: PgbenchTransactionLogParser.ExtraColumn = .automatic
    ) throws -> PgbenchParsedOutput {
        try parse(name: path, kind: kind, extraColumn: extraColumn) { try InputFile.read(path: path, $0) }
    }

    /// Parses what `descriptor` holds up to its end (standard input: `STDIN_FILENO`), plain or gzip-compressed.
    /// - Parameters:
    ///   - descriptor: an open descriptor; it stays open.
    ///   - name: what errors call it (`standard input`).
    ///   - kind: the kind of output, or `nil` to recognise it.
    ///   - extraColumn: what a seventh per-transaction log column means.
    /// - Throws: ``PerfFarmError`` naming `name`, as ``parse(path:kind:extraColumn:)``.
    public static func parse(
        descriptor: Int32, name: String, kind: PgbenchOutputKind? = nil,
        extraColumn: PgbenchTransactionLogParser.ExtraColumn = .automatic
    ) throws -> PgbenchParsedOutput {
        try parse(name: name, kind: kind, extraColumn: extraColumn) {
            try InputFile.read(descriptor: descriptor, name: name, $0)
        }
    }

    private static func parse(
        name: String, kind: PgbenchOutputKind?, extraColumn: PgbenchTransactionLogParser.ExtraColumn,
        read: ((UnsafeRawBufferPointer) throws -> Void) throws -> Bool
    ) throws -> PgbenchParsedOutput {
        var parser = PgbenchOutputParser(kind: kind, extraColumn: extraColumn)
        do {
            _ = try read { try parser.consume($0) }
            return try parser.finish()
        } catch var error as PerfFarmError {
            if error.lineNumber == nil, error.code == .truncatedInput || error.code == .corruptCompressedInput {
                error.lineNumber = parser.currentLineNumber
            }
            throw error.at(path: name)
        }
    }
}
