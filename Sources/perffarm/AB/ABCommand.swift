import ArgumentParser
import Foundation
import PerfFarmClient
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `perffarm ab`: two commits built and benchmarked alternately, then compared.
struct ABCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract: "Build two commits and benchmark them alternately (A, B, A, B …), then compare them cell by cell.",
        discussion: """
            Builds the baseline (A) and the candidate (B) — branches of the repository, or commits and tags on \
            --branch — through the install cache, incrementally in the branch's persistent build tree, then runs \
            the matrix on both in one session: for every cell the runs alternate A and B, the order within each \
            pair drawn from a recorded seed (--order-seed to repeat it), each side on a fresh cluster prepared \
            identically. The two results are compared as perffarm compare does (docs/statistics.md, "Paired \
            runs"), stored in the results store, and written under --output. When both sides are one commit it \
            is an A/A run: every cell should say no change, and the noise measured per cell is stored as the \
            machine's noise floor, which perffarm compare then uses.

            Exit codes: 0 no cell regressed; 1 a cell regressed, or a build failed; 2 usage error; 130/143 \
            interrupted.

            Examples:
              perffarm ab --repo ~/src/postgresql --branch master --baseline HEAD~1 --candidate HEAD \\
                --scales 1 --clients 1,4 --workloads read-only --duration 10 --runs 5
              perffarm ab --repo ~/src/postgresql --baseline master --candidate my-patch
              perffarm ab --repo ~/src/postgresql --baseline 3f1c2a9e --candidate 3f1c2a9e   # A/A
            """)

    @OptionGroup(title: "Source")
    var source: SourceBuildOptions

    @Option(help: ArgumentHelp("The baseline (A): a branch, or a commit or tag on --branch.", valueName: "ref"))
    var baseline: String

    @Option(help: ArgumentHelp("The candidate (B); the baseline again for an A/A run.", valueName: "ref"))
    var candidate: String

    @Option(
        name: .customLong("order-seed"),
        help: ArgumentHelp("The seed of the order within each pair (default: chosen and printed).", valueName: "n"))
    var orderSeed: UInt64?

    @Option(help: ArgumentHelp("The machine's name in the results.", valueName: "name"))
    var machine: String?

    @Option(
        help: ArgumentHelp(
            "The smallest change that counts, in percent, on top of the measured noise (default: 1).",
            valueName: "pct"))
    var threshold: Double = 1

    @OptionGroup(title: "Matrix")
    var matrixOptions: MatrixOptions

    @OptionGroup(title: "pgbench")
    var pgbench: PgbenchOptions

    @OptionGroup(title: "Cluster")
    var cluster: ClusterOptions

    @OptionGroup(title: "Store")
    var storeOptions: StoreOptions

    @Flag(name: .customLong("no-store"), help: "Do not store the results.")
    var noStore = false

    @OptionGroup(title: "Output")
    var destination: OutputDirectoryOptions

    @OptionGroup(title: "Output")
    var common: CommonOptions

    func validate() throws {
        _ = try matrixOptions.benchMatrix(pgbench: pgbench)
        if !(threshold >= 0 && threshold < 100) {
            throw ValidationError("--threshold must be a percentage from 0 to 99")
        }
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        var request = PairedRunRequest(
            repository: source.repo, branch: source.branch, baseline: baseline, candidate: candidate,
            matrix: try matrixOptions.benchMatrix(pgbench: pgbench), outputDirectory: destination.output)
        request.settings = try cluster.parsedSettings()
        request.configureOptions = source.configureOptions
        request.jobs = source.jobs
        request.useCcache = source.ccache
        request.workDirectory = common.workArea.workDirectory
        request.seed = orderSeed
        request.osUser = cluster.osUser
        request.fetch = !source.noFetch
        request.machine = machine
        request.firstPort = cluster.port ?? BenchmarkRequest.defaultFirstPort
        request.dataChecksums = cluster.checksums
        request.listenOnTCP = cluster.tcp
        request.keepCluster = cluster.keepCluster
        request.keepClusters = cluster.keepClusters ?? BenchmarkRequest.defaultKeepClusters
        request.perffarmVersion = PerfFarmVersion.current
        request.comparison.minimumEffect = threshold / 100
        let printer = PairedProgressPrinter(verbose: common.logging.verbose, quiet: common.logging.quiet)
        let json = common.json
        let storeOptions = self.storeOptions
        let noStore = self.noStore
        let paired = PairedRun(runner: LiveCommandRunner(logger: logger), logger: logger)
        let pairedRequest = request
        try await CommandFailure.run(cleanUp: { printer.finish() }) {
            let store = noStore ? nil : try await storeOptions.open(onlyIfPresent: false, logger: logger)
            let outcome: PairedRunOutcome
            do {
                outcome = try await paired.run(pairedRequest, store: store) { printer.show($0) }
            } catch {
                await store?.close()
                throw error
            }
            await store?.close()
            printer.finish()
            if json {
                FileHandle.standardOutput.write(try PerfFarmJSON.encode(ABDocument(outcome, store: store?.description)))
            } else {
                print(ABReport.render(outcome, store: store?.description))
            }
            let interrupted = [outcome.baseline.result, outcome.candidate.result].contains {
                $0?.status == .interrupted
            }
            if interrupted { throw CancellationError() }
            if outcome.comparison == nil || !(outcome.comparison?.regressions.isEmpty ?? false) { throw ExitCode(1) }
        }
    }
}

/// The text `perffarm ab` prints.
enum ABReport {
    static func render(_ outcome: PairedRunOutcome, store: String?) -> String {
        var lines: [String] = []
        for (label, side) in [("A", outcome.baseline), ("B", outcome.candidate)] {
            var line = "\(label)  \(side.commit.prefix(12))  \(side.build.source.subject)"
            if side.build.status != .succeeded {
                line += "  (does not build: \(side.build.failure?.message ?? side.build.logDirectory))"
            }
            if let file = side.resultFile { line += "\n   result: \(file)" }
            lines.append(line)
        }
        lines.append("order seed \(outcome.seed)" + (outcome.isAA ? " · A/A run (one commit on both sides)" : ""))
        guard let comparison = outcome.comparison else {
            lines.append("no comparison: a build failed")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append(CompareTable.render(comparison, colour: isatty(STDOUT_FILENO) == 1))
        if outcome.isAA {
            for (cell, floor) in outcome.noiseFloors.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    String(format: "noise floor %.2f%% (%d runs): ", floor.cv * 100, floor.repetitions) + cell)
            }
            if let store, outcome.storeError == nil, !outcome.noiseFloors.isEmpty {
                lines.append("noise floors stored in \(store)")
            }
        }
        if let error = outcome.storeError { lines.append("store: \(error)") }
        return lines.joined(separator: "\n")
    }
}

/// What `perffarm ab --json` prints.
struct ABDocument: Encodable {
    struct Side: Encodable {
        var commit: String
        var subject: String
        var build: String
        @Nullable var resultFile: String?

        enum CodingKeys: String, CodingKey {
            case commit, subject, build
            case resultFile = "result_file"
        }
    }

    struct Floor: Encodable {
        var cell: String
        var cv: Double
        var repetitions: Int
    }

    var baseline: Side
    var candidate: Side
    var seed: UInt64
    var aa: Bool
    @Nullable var comparison: ResultComparison?
    var noiseFloors: [Floor]
    @Nullable var store: String?
    var storedIDs: [String]
    @Nullable var storeError: String?

    init(_ outcome: PairedRunOutcome, store: String?) {
        func side(_ side: PairedRunOutcome.Side) -> Side {
            Side(
                commit: side.commit, subject: side.build.source.subject, build: side.build.status.rawValue,
                resultFile: side.resultFile)
        }
        baseline = side(outcome.baseline)
        candidate = side(outcome.candidate)
        seed = outcome.seed
        aa = outcome.isAA
        comparison = outcome.comparison
        noiseFloors = outcome.noiseFloors.sorted { $0.key < $1.key }.map {
            Floor(cell: $0.key, cv: $0.value.cv, repetitions: $0.value.repetitions)
        }
        self.store = store
        storedIDs = outcome.storedIDs
        storeError = outcome.storeError
    }

    enum CodingKeys: String, CodingKey {
        case baseline, candidate, seed, aa, comparison
        case noiseFloors = "noise_floors"
        case store
        case storedIDs = "stored_ids"
        case storeError = "store_error"
    }
}
