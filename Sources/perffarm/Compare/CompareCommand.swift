import ArgumentParser
import Foundation
import Logging
import PerfFarmCore
import PerfFarmResults

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `perffarm compare BASE NEW`: two results, cell by cell.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two results cell by cell: ratio of medians with a 95% interval, p-value, verdict.",
        discussion: """
            BASE and NEW are result.json files of perffarm bench or perffarm run (or their directories), or \
            references to the results store: branch@commit (a hash or a prefix of 4 or more hex digits; the \
            newest result of that commit), branch@latest, or a result id. For each \
            cell both have, the measured repetitions' tps are compared (Mann–Whitney U, a bootstrap interval of \
            the ratio of medians, and a minimum effect from the cell's noise; docs/statistics.md); latency \
            percentiles from the transaction logs are shown too. A cell is a regression only when the change is \
            both significant and larger than the noise. The noise floor of a cell is --noise-floor, else \
            what the store knows of the base's binary (an A/A run of perffarm ab, or the spread of 3 or more \
            stored results of the same commit, machine and environment), else the two samples' own spread.

            Exit codes: 0 no cell regressed; 1 a cell regressed; 2 usage error, a file that is not a result, \
            a reference the store does not hold, or a store that cannot be read.

            Examples:
              perffarm compare base/result.json new/result.json
              perffarm compare master@3f1c2a9e master@latest
              perffarm compare --store postgresql://perffarm@db/perffarm master@3f1c2a9e REL_17_STABLE@latest
            """)

    @Argument(
        help: ArgumentHelp("The base result (result.json, its directory, or branch@commit).", valueName: "base"))
    var base: String

    @Argument(help: ArgumentHelp("The new result.", valueName: "new"))
    var new: String

    @Option(help: ArgumentHelp("The significance level (default 0.05).", valueName: "alpha"))
    var alpha: Double?

    @Option(
        name: .customLong("noise-floor"),
        help: ArgumentHelp(
            "The machine's known coefficient of variation of tps (for example 0.02, from A/A runs).",
            valueName: "cv"))
    var noiseFloor: Double?

    @OptionGroup
    var storeOptions: StoreOptions

    @OptionGroup
    var format: OutputFormatOptions

    func validate() throws {
        if let alpha, !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1") }
        if let noiseFloor, !(noiseFloor >= 0 && noiseFloor < 1) {
            throw ValidationError("--noise-floor must be between 0 and 1")
        }
    }

    func run() async throws {
        let opener = StoreOpener(storeOptions, onlyIfPresent: true, logger: Logger(label: "perffarm"))
        let baseResult: BenchmarkResult
        let newResult: BenchmarkResult
        var floors: [String: Double] = [:]
        do {
            baseResult = try await ResultInputs.result(base, store: opener)
            newResult = try await ResultInputs.result(new, store: opener)
            if let noiseFloor {
                for cell in newResult.cells {
                    floors[ResultComparison.key(scale: cell.scale, clients: cell.clients, workload: cell.workload)] =
                        noiseFloor
                }
            } else if let store = try await opener.store() {
                floors = try await store.noiseFloors(for: baseResult)
            }
        } catch let error as PerfFarmError {
            await opener.close()
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(2)
        }
        await opener.close()
        var options = SampleComparison.Options()
        if let alpha { options.alpha = alpha }
        let comparison = ResultComparison.compare(
            base: baseResult, new: newResult, baseReference: base, newReference: new, noiseFloors: floors,
            options: options)
        if format.json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(comparison))
        } else {
            print(CompareTable.render(comparison, colour: isatty(STDOUT_FILENO) == 1))
        }
        if !comparison.regressions.isEmpty { throw ExitCode(1) }
    }

    /// The result at `path` (a file, or a directory holding result.json).
    static func load(_ path: String) throws -> BenchmarkResult {
        try ResultInputs.file(path).result
    }
}

/// The aligned table of a comparison.
enum CompareTable {
    static func render(_ comparison: ResultComparison, colour: Bool) -> String {
        func describe(_ side: ResultComparison.Side) -> String {
            var parts = [side.reference]
            if let branch = side.branch { parts.append(branch) }
            if let commit = side.commit { parts.append(String(commit.prefix(12))) }
            // `PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, ...`: the first two words.
            if let version = side.postgresVersion {
                parts.append(version.split(separator: " ").prefix(2).joined(separator: " "))
            }
            return parts.joined(separator: " · ")
        }
        var lines = ["base: " + describe(comparison.base), "new:  " + describe(comparison.new), ""]
        let header = ["scale", "clients", "workload", "base tps", "new tps", "ratio", "95% interval", "p", "verdict"]
        var rows: [[String]] = []
        for cell in comparison.cells {
            let tps = cell.tps
            rows.append([
                "\(cell.scale)", "\(cell.clients)", cell.workload,
                tps.baseMedian.map { String(format: "%.1f", $0) } ?? "-",
                tps.newMedian.map { String(format: "%.1f", $0) } ?? "-",
                tps.ratio.map { String(format: "%.3f", $0.estimate) } ?? "-",
                tps.ratio.map { String(format: "%.3f–%.3f", $0.lower, $0.upper) } ?? "-",
                tps.pValue.map { String(format: "%.3f", $0) } ?? "-",
                cell.verdict.rawValue.replacing("_", with: " "),
            ])
        }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, text in
                column < 3 || column == cells.count - 1
                    ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        lines.append(line(header))
        for (row, cell) in zip(rows, comparison.cells) {
            var text = line(row)
            if colour {
                switch cell.verdict {
                case .regression: text = "\u{1B}[31m" + text + "\u{1B}[0m"
                case .improvement: text = "\u{1B}[32m" + text + "\u{1B}[0m"
                default: break
                }
            }
            lines.append(text)
        }
        for cell in comparison.cells {
            if let reason = cell.reason {
                lines.append("scale \(cell.scale), \(cell.clients) clients, \(cell.workload): \(reason)")
            }
        }
        for key in comparison.unmatched { lines.append("only in one result: \(key)") }
        let regressions = comparison.regressions.count
        lines.append(
            regressions == 0
                ? "no regression in \(comparison.cells.count) cells"
                : "\(regressions) of \(comparison.cells.count) cells regressed")
        return lines.joined(separator: "\n")
    }
}
