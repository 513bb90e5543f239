import Foundation
import PerfFarmCompression
import PerfFarmCore

/// What `perffarm parse` found in its files, and how it prints it.
struct ParseReport {
    /// One file's outcome.
    struct Entry {
        var file: String
        var result: Result<PgbenchParsedOutput, PerfFarmError>
    }

    var entries: [Entry]

    /// Parses every file.
    static func make(
        files: [String], kind: PgbenchOutputKind?, extraColumn: PgbenchTransactionLogParser.ExtraColumn
    ) -> ParseReport {
        ParseReport(
            entries: files.map { file in
                Entry(
                    file: file,
                    result: Result {
                        file == "-"
                            ? try PgbenchFile.parse(
                                descriptor: STDIN_FILENO, name: "standard input", kind: kind, extraColumn: extraColumn)
                            : try PgbenchFile.parse(path: file, kind: kind, extraColumn: extraColumn)
                    }.mapError { ($0 as? PerfFarmError) ?? PerfFarmError(.fileAccess, "\($0)", path: file) })
            })
    }

    /// One line per file that failed.
    var errors: [String] {
        entries.compactMap { entry in
            if case .failure(let error) = entry.result { return error.description }
            return nil
        }
    }

    /// 0 when every file parsed; 2 when a file could not be read; 3 when a file was not pgbench output.
    var exitCode: Int32 {
        entries.reduce(0) { code, entry in
            guard case .failure(let error) = entry.result else { return code }
            return max(code, error.code == .fileAccess ? 2 : 3)
        }
    }

    /// The JSON of every file: one document, or an array for several. A file that failed is
    /// `{"schema_version", "file", "kind": null, "error": {...}}` in an array, and left out alone.
    func json() throws -> String {
        let encoder = PerfFarmJSON.documentEncoder()
        let documents = entries.map(ParseDocument.init)
        if documents.count == 1 {
            guard documents[0].error == nil else { return "" }
            return String(decoding: try encoder.encode(documents[0]), as: UTF8.self)
        }
        return String(decoding: try encoder.encode(documents), as: UTF8.self)
    }

    /// A short human-readable table per file.
    func table() -> String {
        entries.compactMap { entry -> String? in
            guard case .success(let output) = entry.result else { return nil }
            return ParseTable.render(file: entry.file, output: output)
        }.joined(separator: "\n")
    }
}

/// The JSON document `perffarm parse` prints for one file.
struct ParseDocument: Encodable {
    struct ErrorDescription: Encodable {
        var code: String
        var message: String
        @Nullable var line: Int?
    }

    var file: String
    var output: PgbenchParsedOutput?
    var error: ErrorDescription?

    init(_ entry: ParseReport.Entry) {
        file = entry.file
        switch entry.result {
        case .success(let output): self.output = output
        case .failure(let error):
            self.error = ErrorDescription(code: error.code.rawValue, message: error.description, line: error.lineNumber)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case file, kind, error
    }

    // Hand-written: a parsed file's document is the output's own keys (flattened), a failed one's has `error`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(PerfFarmSchema.version, forKey: .schemaVersion)
        try c.encode(file, forKey: .file)
        if let output {
            try output.encode(to: encoder)
        } else {
            try c.encodeNil(forKey: .kind)
            try c.encode(error, forKey: .error)
        }
    }
}
