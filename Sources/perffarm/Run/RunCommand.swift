import ArgumentParser
import Foundation
import PerfFarmClient
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

/// `perffarm run`: the farm run — every branch of the configuration fetched, built, benchmarked, one result each.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The farm run: build and benchmark every configured branch, one result per branch.",
        discussion: """
            Reads the configuration (perffarm.toml: see examples/perffarm.toml; flags override it), takes the \
            work area without waiting (another run holding it: a line saying who, exit 0, for cron), fetches \
            the repository, and for each branch — a list, or auto: master and the newest REL_N_STABLE \
            branches — resolves its head, skips it when that commit was benchmarked with the same \
            configuration hash (unless --force), builds it (install cache), runs the preflight checks, and \
            benchmarks it in a private cluster with statistics snapshots before and after every run and the \
            machine sampled during it. Each branch's result goes to the results directory as \
            <machine>-<branch>-<commit12>-<UTC time>.json, next to a directory of the same name with every \
            log. A failed branch is a result too, and the loop goes on.

            Exit codes: 0 every branch succeeded or was skipped (or the work area was in use; a result the \
            server could not take yet waits in the outbox); 1 a branch failed, the server refused a result, or a \
            result could not be stored (its file is kept for perffarm import); \
            2 usage or configuration error (naming the key); 130/143 interrupted (the branch's \
            result is written with status interrupted).

            Examples:
              perffarm run --quick --repo ~/src/postgresql --branches master
              perffarm run --config /etc/perffarm/perffarm.toml --quiet
              perffarm run --quick --pg-bin /usr/lib/postgresql/15/bin
              perffarm run --branches auto --scales 1,100 --clients 1,16 \\
                --duration 300 --runs 3
            """
    )

    @OptionGroup(title: "Configuration")
    var options: RunOptions

    @Flag(help: "Benchmark a commit again even when it was benchmarked with the same configuration.")
    var force = false

    @Option(
        name: .customLong("pg-bin"),
        help: ArgumentHelp(
            "Benchmark this installed PostgreSQL (its bin/ directory) instead of building branches.",
            valueName: "dir"))
    var pgBin: String?

    @OptionGroup(title: "Matrix")
    var matrix: MatrixOptions

    @OptionGroup(title: "Output")
    var common: CommonOptions

    func validate() throws {
        do {
            _ = try options.effectiveConfiguration(matrix: matrix, workDirectory: common.workArea.workDirectory)
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let effective = try options.effectiveConfiguration(matrix: matrix, workDirectory: common.workArea.workDirectory)
        let request = FarmRunRequest(
            configuration: effective.configuration, force: force, perffarmVersion: PerfFarmVersion.current,
            installedBinDirectory: pgBin)
        let farm = FarmRun(runner: LiveCommandRunner(logger: logger), logger: logger)
        let printer = FarmProgressPrinter(quiet: common.logging.quiet, verbose: common.logging.verbose)
        let json = common.json
        try await CommandFailure.run(cleanUp: { printer.finish() }) {
            let summary = try await farm.run(request) { printer.show($0) }
            printer.finish()
            if json {
                FileHandle.standardOutput.write(try PerfFarmJSON.encode(RunDocument(summary)))
            } else {
                print(RunReport.render(summary))
            }
            if summary.interrupted { throw CancellationError() }
            let uploadRejected = summary.upload.map { !$0.rejected.isEmpty } ?? false
            if !summary.succeeded || uploadRejected || summary.uploadError != nil || summary.storeError != nil {
                throw ExitCode(1)
            }
        }
    }
}

/// What `perffarm run --json` prints: each branch's outcome and result file.
struct RunDocument: Encodable {
    struct Branch: Encodable {
        var branch: String
        var status: String
        @Nullable var commit: String?
        @Nullable var resultFile: String?
        @Nullable var message: String?

        enum CodingKeys: String, CodingKey {
            case branch, status, commit
            case resultFile = "result_file"
            case message
        }
    }

    var schemaVersion = PerfFarmSchema.version
    @Nullable var lockHolder: String?
    @Nullable var outputDirectory: String?
    var interrupted: Bool
    var timedOut: Bool
    var branches: [Branch]
    @Nullable var upload: OutboxFlushReport?
    @Nullable var uploadError: String?
    @Nullable var store: StoreReport?

    /// Where the results went in the store.
    struct StoreReport: Encodable {
        struct Entry: Encodable {
            var branch: String
            var id: String
            var outcome: String
        }

        var location: String
        var stored: [Entry]
        @Nullable var error: String?
    }

    init(_ summary: FarmRunSummary) {
        lockHolder = summary.lockHolder
        outputDirectory = summary.outputDirectory
        interrupted = summary.interrupted
        timedOut = summary.timedOut
        upload = summary.upload
        uploadError = summary.uploadError
        store = summary.storeLocation.map { location in
            StoreReport(
                location: location,
                stored: summary.stored.map { .init(branch: $0.branch, id: $0.id, outcome: $0.outcome.rawValue) },
                error: summary.storeError)
        }
        branches = summary.branches.map {
            Branch(
                branch: $0.branch, status: $0.status.rawValue, commit: $0.commit, resultFile: $0.resultFile,
                message: $0.message)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case lockHolder = "lock_holder"
        case outputDirectory = "output_directory"
        case interrupted
        case timedOut = "timed_out"
        case branches, upload
        case uploadError = "upload_error"
        case store
    }
}
