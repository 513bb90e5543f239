import ArgumentParser
import Foundation
import PerfFarmCompression
import PerfFarmCore

/// `perffarm parse`: pgbench output files to JSON.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse pgbench output files (run, init, per-transaction or aggregate logs) into JSON.",
        discussion: """
            Each FILE (- for standard input) is read plain or gzip-compressed (recognised by content) and its \
            kind is recognised unless \
            --kind says it: a run's stdout and/or stderr (in either order, or concatenated), `pgbench -i` output, \
            a per-transaction log (-l) or an aggregate log (--aggregate-interval). pgbench 9.6 to 18 are \
            supported; lines that are not understood are skipped.

            With --json, prints one JSON document per file, or a JSON array for several; without it, a short \
            table. Values absent from the output are null. Exits 3 with a one-line error naming the file and line \
            when a file holds nothing recognisable, is binary, is cut (a log or a run's output ending in the \
            middle of a line, a run's summary missing lines every pgbench prints), or holds two runs' output.

            Examples:
              perffarm parse run.stdout
              perffarm parse --json run.stdout run.stderr
              perffarm parse --kind log --json pgbench_log.4242 pgbench_log.4242.1
              perffarm parse --json pgbench_log.4242.gz
              perffarm parse --json - < run.out
              perffarm parse --kind log --log-seventh-column retries pgbench_log.4242
            """
    )

    /// `--kind`: what the files hold.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case auto, run, `init`, log, aggregate

        var outputKind: PgbenchOutputKind? {
            switch self {
            case .auto: nil
            case .run: .run
            case .`init`: .initialization
            case .log: .log
            case .aggregate: .aggregate
            }
        }
    }

    @Option(help: "What the files hold: auto, run, init, log or aggregate.")
    var kind: Kind = .auto

    @Option(
        name: .customLong("log-seventh-column"),
        help: "What a seventh per-transaction log column is: automatic, lag (--rate) or retries (--max-tries).")
    var seventhColumn: SeventhColumn = .automatic

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Argument(help: "pgbench output files, plain or gzip-compressed; - reads standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE to parse") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
    }

    func run() throws {
        let report = ParseReport.make(files: files, kind: kind.outputKind, extraColumn: seventhColumn.extraColumn)
        let output = json ? try report.json() : report.table()
        if !output.isEmpty { print(output) }
        for error in report.errors { FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8)) }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// `--log-seventh-column`: what a seventh per-transaction log column is.
enum SeventhColumn: String, ExpressibleByArgument, CaseIterable {
    case automatic, lag, retries

    var extraColumn: PgbenchTransactionLogParser.ExtraColumn {
        switch self {
        case .automatic: .automatic
        case .lag: .lag
        case .retries: .retries
        }
    }
}
