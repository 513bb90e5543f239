import ArgumentParser
import Foundation
import PerfFarmBuild
import PerfFarmClient

/// The repository, branch and build options of `perffarm ab` and `perffarm bisect`.
struct SourceBuildOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The repository to fetch from: a URL or a local path.", valueName: "url-or-path"))
    var repo: String

    @Option(
        help: ArgumentHelp(
            "The branch the commits are on (it names the persistent build tree).", valueName: "name"))
    var branch = "master"

    @Option(
        name: .customLong("configure-opt"), parsing: .unconditionalSingleValue,
        help: "An option for configure (repeatable), e.g. --configure-opt=--without-icu.")
    var configureOptions: [String] = []

    @Option(help: ArgumentHelp("Parallel jobs for make (default: the number of CPUs).", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Compile through ccache when it is installed (cache in the work area).")
    var ccache = false

    @Flag(name: .customLong("no-fetch"), help: "Use the mirror as it is, without fetching.")
    var noFetch = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    }
}

/// Build and benchmark progress of `ab` and `bisect` on standard error.
struct PairedProgressPrinter: Sendable {
    let line: BenchProgressLine
    let quiet: Bool

    init(verbose: Bool, quiet: Bool) {
        line = BenchProgressLine(verbose: verbose, quiet: quiet)
        self.quiet = quiet
    }

    func show(_ progress: PairedRunProgress) {
        guard !quiet else { return }
        switch progress {
        case .build(let side, let build):
            if case .started = build.event { return }
            line.finish()
            FileHandle.standardError.write(Data("\(side): \(build.phrase)\n".utf8))
        case .benchmark(let benchmark):
            line.show(benchmark)
        }
    }

    func finish() { line.finish() }
}
