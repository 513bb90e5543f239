/// A pgbench run's output fed line by line as pgbench prints it, stdout and stderr apart: the lines are split
/// once (by whoever reads the process), `progress:` lines are parsed as they arrive, and the summary is
/// parsed when the run has ended.
///
/// The summary is exactly what ``PgbenchRunParser/parse(stdout:stderr:)`` gives for the same lines: stdout
/// first, then stderr, whatever their interleaving in time.
///
/// ```swift
/// var stream = PgbenchRunStream()
/// if let report = stream.consume("progress: 1.0 s, 512.0 tps, lat 1.9 ms stddev 0.2", from: .standardError) {
///     print(report.tps ?? 0)
/// }
/// let summary = try stream.summary()
/// ```
public struct PgbenchRunStream: Sendable {
    /// The stream a line came from.
    public enum Source: Sendable, Equatable {
        case standardOutput
        case standardError
    }

    private enum Entry: Sendable {
        case text(String)
        case progress(PgbenchProgressReport)
    }

    /// The most lines kept per stream; later lines are counted in ``droppedLines`` (a run that floods its
    /// output with errors keeps the first ones).
    public static let maximumLines = 200_000

    private var standardOutput: [String] = []
    private var standardError: [Entry] = []
    /// Lines not kept because a stream passed ``maximumLines``.
    public private(set) var droppedLines = 0

    /// Creates an empty stream.
    public init() {}

    /// Takes one line (without its line break).
    /// - Parameters:
    ///   - line: the line.
    ///   - source: the stream it came from.
    /// - Returns: the parsed report when the line is a `progress:` line (on stderr), `nil` otherwise.
    @discardableResult
    public mutating func consume(_ line: String, from source: Source) -> PgbenchProgressReport? {
        switch source {
        case .standardOutput:
            guard standardOutput.count < Self.maximumLines else {
                droppedLines += 1
                return nil
            }
            standardOutput.append(line)
            return nil
        case .standardError:
            guard standardError.count < Self.maximumLines else {
                droppedLines += 1
                return nil
            }
            if line.hasPrefix("progress: "),
                let report = PgbenchRunParser.progressReport(
                    line.trimmingWhitespace().dropFirst("progress: ".count)[...])
            {
                standardError.append(.progress(report))
                return report
            }
            standardError.append(.text(line))
            return nil
        }
    }

    /// Parses the lines taken so far: what was read, whole or not (see ``completeness()``).
    /// - Returns: the run's summary.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) naming the stream and line when a line
    ///   holds bytes that text output never contains.
    public func summary() throws -> PgbenchRunSummary {
        try parsed().summary
    }

    /// Whether the lines taken so far hold a whole run; line numbers count stdout's lines, then stderr's.
    /// - Throws: ``PerfFarmError`` as ``summary()``.
    public func completeness() throws -> PgbenchRunCompleteness {
        try parsed().completeness
    }

    /// The summary of the lines taken so far, and whether they hold a whole run.
    /// - Throws: ``PerfFarmError`` as ``summary()``.
    public func parsed() throws -> (summary: PgbenchRunSummary, completeness: PgbenchRunCompleteness) {
        var parser = PgbenchRunParser()
        for (index, line) in standardOutput.enumerated() {
            try Self.requireText(line, number: index + 1, stream: "stdout")
            parser.consume(line)
        }
        parser.endBlock()
        for (index, entry) in standardError.enumerated() {
            switch entry {
            case .progress(let report):
                parser.appendProgress(report)
            case .text(let line):
                try Self.requireText(line, number: index + 1, stream: "stderr")
                parser.consume(line)
            }
        }
        return (parser.summary, parser.completeness(endsWithoutLineBreak: false))
    }

    private static func requireText(_ line: String, number: Int, stream: String) throws {
        var copy = line
        try copy.withUTF8 { buffer in
            do {
                try PgbenchTextLines.requireText(UnsafeRawBufferPointer(buffer), number: number, what: "pgbench output")
            } catch var error as PerfFarmError {
                error.path = stream
                throw error
            }
        }
    }
}
