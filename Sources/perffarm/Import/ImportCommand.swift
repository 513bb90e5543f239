import ArgumentParser
import Foundation
import Logging
import PerfFarmCore
import PerfFarmResults

/// `perffarm import FILE...`: result files into the results store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store result files in the results store (idempotent: a result already stored is left alone).",
        discussion: """
            PATH is a result file of perffarm run or perffarm bench, a bench output directory (its \
            result.json), or a directory searched for result files (other JSON documents are skipped). Each \
            result is stored with its whole document and the rows perffarm history and compare read; a result \
            is keyed by its result_id (perffarm run) or the SHA-256 of its content (perffarm bench), so \
            importing it again stores nothing. A result still running is skipped. The store: --store, else \
            [store] location of the configuration, else $XDG_DATA_HOME/perffarm/results.sqlite (created).

            Exit codes: 0 every result stored or already there; 1 the store could not be opened or written \
            (what was stored before stays); 2 a path that does not exist or a file that is not a result (the \
            others are stored).

            Examples:
              perffarm import /var/cache/perffarm/results
              perffarm import --store postgresql://perffarm@db/perffarm results/*.json
            """)

    @Argument(help: ArgumentHelp("Result files or directories.", valueName: "path"))
    var paths: [String]

    @OptionGroup
    var storeOptions: StoreOptions

    @OptionGroup
    var format: OutputFormatOptions

    /// What `--json` prints.
    struct Report: Encodable {
        struct Entry: Encodable {
            var file: String
            @Nullable var id: String?
            /// `stored`, `already_stored`, `skipped` (still running) or `failed`.
            var outcome: String
            @Nullable var message: String?
        }

        var store: String
        var results: [Entry] = []
        var errors: [String] = []
    }

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one result file or directory") }
    }

    func run() async throws {
        var inputs: [ResultInputs.Loaded] = []
        var errors: [String] = []
        for path in paths {
            do {
                inputs += try ResultInputs.files([path])
            } catch let error as PerfFarmError {
                errors.append("\(error)")
            }
        }
        let store: ResultStore
        do {
            let location = try storeOptions.location().location
            store = try await ResultStore.open(location, logger: Logger(label: "perffarm"))
        } catch let error as PerfFarmError {
            for error in errors { FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8)) }
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(error.code == .invalidConfiguration ? 2 : 1)
        }
        var report = Report(store: store.description, errors: errors)
        var failed = false
        for input in inputs {
            if input.result.status == .running {
                report.results.append(
                    .init(
                        file: input.path, id: nil, outcome: "skipped",
                        message: "still running; import it when it has ended"))
                continue
            }
            do {
                let (id, outcome) = try await store.store(input.result)
                report.results.append(.init(file: input.path, id: id, outcome: outcome.rawValue, message: nil))
            } catch let error as PerfFarmError {
                failed = true
                report.results.append(.init(file: input.path, id: nil, outcome: "failed", message: error.message))
                break
            }
        }
        await store.close()
        if format.json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(report))
        } else {
            for entry in report.results {
                let outcome = entry.outcome.replacing("_", with: " ")
                print("\(outcome)  \(entry.id ?? "-")  \(entry.file)" + (entry.message.map { "  (\($0))" } ?? ""))
            }
            let stored = report.results.filter { $0.outcome == "stored" }.count
            let already = report.results.filter { $0.outcome == "already_stored" }.count
            print("\(stored) stored, \(already) already there, in \(report.store)")
        }
        for error in errors { FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8)) }
        if failed {
            if let message = report.results.last?.message {
                FileHandle.standardError.write(Data("perffarm: \(report.store): \(message)\n".utf8))
            }
            throw ExitCode(1)
        }
        if !errors.isEmpty { throw ExitCode(2) }
    }
}
