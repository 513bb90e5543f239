import ArgumentParser
import Foundation
import PerfFarmClient
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess
import PerfFarmResults

/// `perffarm bisect`: the first commit that made a cell slower.
struct BisectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisect",
        abstract: "Find the first commit between a good and a bad one that made a cell slower.",
        discussion: """
            Searches the first-parent line of --branch from --good (excluded) to --bad (included). The good \
            commit is built, then the bad one is compared with it (the regression must show in the cell, else \
            there is nothing to search: exit 1). Each step then builds the middle commit incrementally in the \
            branch's persistent build tree (a step after a small change takes seconds, a commit already built \
            comes from the install cache), runs --runs repetitions of --duration seconds of the cell on it and \
            on the good commit alternately (as perffarm ab), and calls it bad when the comparison is a \
            regression: significant (Mann–Whitney, p < 0.05) and a slowdown of at least --threshold \
            (docs/statistics.md). A commit that does not build is skipped and a neighbour tried. Each step is \
            printed as it ends and saved (<output>/bisect-state.json): --resume continues an interrupted \
            bisection. Every step's results go to the results store. The last line says \
            "first bad commit: <hash> <subject>", with the measured effect.

            Exit codes: 0 the first bad commit was found (or --max-steps steps were done); 1 the bad commit is \
            not slower in this cell, or only commits that do not build are left (they are listed); 2 usage \
            error; 130/143 interrupted (resume with --resume).

            Examples:
              perffarm bisect --repo ~/src/postgresql --branch master --good 3f1c2a9e --bad 7d0b1e44 \\
                --cell scale=1,clients=1,workload=read-only --runs 5 --duration 10
              perffarm bisect --repo ~/src/postgresql --branch master --good 3f1c2a9e --bad 7d0b1e44 \\
                --cell scale=1,clients=1,workload=read-only --resume
            """)

    @OptionGroup(title: "Source")
    var source: SourceBuildOptions

    @Option(help: ArgumentHelp("A commit known good.", valueName: "commit"))
    var good: String

    @Option(help: ArgumentHelp("A commit known bad (a descendant of --good on --branch).", valueName: "commit"))
    var bad: String

    @Option(help: ArgumentHelp("The cell measured at each step.", valueName: "scale=S,clients=N,workload=W"))
    var cell: String

    @Option(
        help: ArgumentHelp(
            "The smallest slowdown that counts, in percent (default: 5).",
            valueName: "pct"))
    var threshold: Double = 5

    @Option(help: ArgumentHelp("Repetitions per side and step (at least 4; default: 5).", valueName: "n"))
    var runs = 5

    @Option(help: ArgumentHelp("Seconds per repetition (default: 10).", valueName: "s"))
    var duration = 10

    @Flag(help: "Continue the bisection saved in the output directory.")
    var resume = false

    @Option(
        name: .customLong("max-steps"),
        help: ArgumentHelp(
            "Stop after this many steps of the search (resume later with --resume).", valueName: "n"))
    var maxSteps: Int?

    @Option(
        help: ArgumentHelp(
            "Where the state and each step's results go (default: <work>/bisect/<branch>-<good>-<bad>).",
            valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("The machine's name in the results.", valueName: "name"))
    var machine: String?

    @OptionGroup(title: "Cluster")
    var cluster: ClusterOptions

    @OptionGroup(title: "Store")
    var storeOptions: StoreOptions

    @Flag(name: .customLong("no-store"), help: "Do not store the steps' results.")
    var noStore = false

    @OptionGroup(title: "Output")
    var common: CommonOptions

    func validate() throws {
        do {
            try request().validate()
        } catch let error as PerfFarmError {
            throw ValidationError("\(error)")
        }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
    }

    /// `scale=S,clients=N,workload=W`.
    static func parseCell(_ text: String) throws -> (scale: Int, clients: Int, workload: String) {
        var values: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, ["scale", "clients", "workload"].contains(pair[0]) else {
                throw ValidationError("--cell takes scale=S,clients=N,workload=W, not \(text)")
            }
            values[pair[0]] = pair[1]
        }
        guard let scale = values["scale"].flatMap(Int.init), let clients = values["clients"].flatMap(Int.init),
            let workload = values["workload"]
        else { throw ValidationError("--cell takes scale=S,clients=N,workload=W, not \(text)") }
        return (scale, clients, workload)
    }

    func request() throws -> BisectRequest {
        let cell = try Self.parseCell(self.cell)
        var request = BisectRequest(
            repository: source.repo, branch: source.branch, good: good, bad: bad, scale: cell.scale,
            clients: cell.clients, workload: cell.workload)
        request.threshold = threshold / 100
        request.runs = runs
        request.duration = duration
        request.settings = try cluster.parsedSettings()
        request.configureOptions = source.configureOptions
        request.jobs = source.jobs
        request.useCcache = source.ccache
        request.workDirectory = common.workArea.workDirectory
        request.outputDirectory = output
        request.osUser = cluster.osUser
        request.firstPort = cluster.port ?? BenchmarkRequest.defaultFirstPort
        request.dataChecksums = cluster.checksums
        request.listenOnTCP = cluster.tcp
        request.keepCluster = cluster.keepCluster
        request.keepClusters = cluster.keepClusters ?? BenchmarkRequest.defaultKeepClusters
        request.fetch = !source.noFetch
        request.machine = machine
        request.perffarmVersion = PerfFarmVersion.current
        return request
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let request = try self.request()
        let printer = PairedProgressPrinter(verbose: common.logging.verbose, quiet: common.logging.quiet)
        let json = common.json
        let storeOptions = self.storeOptions
        let noStore = self.noStore
        let resume = self.resume
        let maxSteps = self.maxSteps
        let bisection = Bisection(runner: LiveCommandRunner(logger: logger), logger: logger)
        try await CommandFailure.run(cleanUp: { printer.finish() }) {
            let store = noStore ? nil : try await storeOptions.open(onlyIfPresent: false, logger: logger)
            let outcome: Bisection.Outcome
            do {
                outcome = try await bisection.run(request, resume: resume, maximumSteps: maxSteps, store: store) {
                    progress in
                    switch progress {
                    case .paired(let paired): printer.show(paired)
                    case .started, .step:
                        printer.finish()
                        if !json, let line = BisectReport.line(progress) {
                            FileHandle.standardOutput.write(Data((line + "\n").utf8))
                        }
                    }
                }
            } catch {
                await store?.close()
                throw error
            }
            await store?.close()
            printer.finish()
            if json {
                FileHandle.standardOutput.write(try PerfFarmJSON.encode(BisectDocument(outcome)))
            } else {
                print(BisectReport.ending(outcome))
            }
            switch outcome.kind {
            case .found, .incomplete: break
            case .ambiguous, .noRegression: throw ExitCode(1)
            }
        }
    }
}

/// The lines `perffarm bisect` prints.
enum BisectReport {
    static func line(_ progress: Bisection.Progress) -> String? {
        switch progress {
        case .started(let commits, let maximumSteps, let resumed):
            return "\(commits) commits to search, at most \(maximumSteps) steps"
                + (resumed > 0 ? "; resumed after \(resumed) steps" : "")
        case .step(let number, let step):
            let name = number == 0 ? "bad commit" : "step \(number)"
            return "\(name): \(step.commit.prefix(12)) \(step.subject): " + describe(step)
        case .paired:
            return nil
        }
    }

    static func describe(_ step: BisectState.Step) -> String {
        switch step.verdict {
        case .skip: return "skipped (\(step.reason ?? "not testable"))"
        case .good, .bad:
            return "\(step.verdict.rawValue)" + (step.comparison.map { " (" + effect($0) + ")" } ?? "")
        }
    }

    static func effect(_ comparison: SampleComparison) -> String {
        var parts: [String] = []
        if let ratio = comparison.ratio {
            parts.append(
                String(format: "tps ratio %.3f, 95%% interval %.3f–%.3f", ratio.estimate, ratio.lower, ratio.upper))
        }
        if let p = comparison.pValue { parts.append(String(format: "p %.4f", p)) }
        return parts.joined(separator: ", ")
    }

    static func ending(_ outcome: Bisection.Outcome) -> String {
        var lines: [String] = []
        let skipped = outcome.state.steps.filter { $0.verdict == .skip }
        for step in skipped where outcome.kind == .found || outcome.kind == .ambiguous {
            lines.append("skipped \(step.commit.prefix(12)) \(step.subject): \(step.reason ?? "")")
        }
        switch outcome.kind {
        case .found:
            if let commit = outcome.firstBad {
                lines.append("first bad commit: \(commit.hash) \(commit.subject)")
                if let effect = outcome.effect { lines.append("  " + Self.effect(effect)) }
            }
        case .ambiguous:
            lines.append("the first bad commit is one of (the others do not build):")
            for commit in outcome.candidates { lines.append("  \(commit.hash) \(commit.subject)") }
        case .noRegression:
            lines.append(
                "the bad commit is not slower than the good one in \(outcome.state.cell)"
                    + (outcome.effect.map { " (" + effect($0) + ")" } ?? "") + ": nothing to bisect")
        case .incomplete:
            lines.append("stopped after the steps asked for; continue with --resume (state: \(outcome.statePath))")
        }
        return lines.joined(separator: "\n")
    }
}

/// What `perffarm bisect --json` prints: the outcome and the saved state.
struct BisectDocument: Encodable {
    var outcome: String
    @Nullable var firstBad: BisectState.Commit?
    var candidates: [BisectState.Commit]
    @Nullable var effect: SampleComparison?
    var statePath: String
    var state: BisectState

    init(_ outcome: Bisection.Outcome) {
        self.outcome = outcome.kind.rawValue
        firstBad = outcome.firstBad
        candidates = outcome.candidates
        effect = outcome.effect
        statePath = outcome.statePath
        state = outcome.state
    }

    enum CodingKeys: String, CodingKey {
        case outcome
        case firstBad = "first_bad"
        case candidates, effect
        case statePath = "state_path"
        case state
    }
}
