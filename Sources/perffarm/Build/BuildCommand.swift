import ArgumentParser
import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCore
import PerfFarmProcess

/// `perffarm build`: one branch of a PostgreSQL repository to an installed build, through the install cache.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build and install one branch of a PostgreSQL repository (git mirror, worktree, install cache).",
        discussion: """
            Fetches REPO into a mirror in the work area (git clone --mirror, then git fetch --prune), checks the \
            branch (or --commit) out in the branch's own worktree, applies the --patch files, then runs \
            configure (with a --prefix in the work area and the --configure-opt options), make -jN, make \
            install and the install of contrib/pg_stat_statements, each timed and logged to its own file. The \
            same commit, options, compiler and patches are built once: later runs take the install from the \
            cache in about a second (--force rebuilds). --enable-cassert is refused without --allow-cassert.

            The work area ($XDG_CACHE_HOME/perffarm or ~/.cache/perffarm, root's /var/cache/perffarm, or --work-dir) holds mirrors/, \
            trees/, builds/, installs/, logs/ and tmp/; nothing outside it is written. A second build on the \
            same work area while one runs exits 1 at once, naming the process that holds the lock.

            Prints a summary, or with --json the result (fields in docs/result-format.md). A failed build prints \
            the failed step and the end of its log. Exit codes: 0 built or cached; 1 the build failed (or git \
            failed, or the work area is locked); 2 usage error (unknown branch, refused option); 130/143 \
            interrupted (the running step's processes are stopped).

            Examples:
              perffarm build --branch REL_17_STABLE \\
                --repo https://git.postgresql.org/git/postgresql.git
              perffarm build --repo ~/src/postgresql --branch master \\
                --configure-opt=--enable-debug --json
              perffarm build --repo ~/src/postgresql --branch master \\
                --patch fix.patch --jobs 8
              perffarm build --repo /srv/mirror/postgresql.git \\
                --report-url https://git.postgresql.org/git/postgresql.git \\
                --branch REL_16_STABLE --commit 1a2b3c4d --work-dir /srv/perffarm
            """
    )

    @Option(help: "The repository to fetch from: a URL or a local path.")
    var repo: String

    @Option(help: "The branch (or tag) to build.")
    var branch: String

    @Option(help: "A commit on the branch to build instead of its head.")
    var commit: String?

    @Option(name: .customLong("report-url"), help: "The repository URL to report in the result (default: --repo).")
    var reportURL: String?

    @Option(
        name: .customLong("configure-opt"), parsing: .unconditionalSingleValue,
        help: "An option for configure (repeatable), e.g. --configure-opt=--enable-debug.")
    var configureOptions: [String] = []

    @Option(name: .customLong("patch"), help: "A patch file to apply with git apply (repeatable, in order).")
    var patches: [String] = []

    @Option(help: "Parallel jobs for make (default: the number of CPUs).")
    var jobs: Int?

    @Option(name: .customLong("keep-installs"), help: "How many installs to keep in the work area.")
    var keepInstalls = 5

    @Flag(help: "Build even when the install cache has this build.")
    var force = false

    @Flag(help: "Compile through ccache when it is installed (cache in the work area).")
    var ccache = false

    @Flag(name: .customLong("allow-cassert"), help: "Allow --enable-cassert (assertions make benchmarks meaningless).")
    var allowCassert = false

    @OptionGroup(title: "Output")
    var common: CommonOptions

    /// Whether the result is printed as JSON.
    var json: Bool { common.json }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if keepInstalls < 1 { throw ValidationError("--keep-installs must be at least 1") }
        if branch.isEmpty { throw ValidationError("--branch must not be empty") }
        if configureOptions.contains(where: { $0.hasPrefix("--prefix") }) {
            throw ValidationError("--prefix is set by perffarm (an install directory in the work area)")
        }
    }

    /// The request these options describe.
    var request: BuildRequest {
        BuildRequest(
            repository: repo, branch: branch, commit: commit, reportURL: reportURL, configureOptions: configureOptions,
            patches: patches, jobs: jobs, workDirectory: common.workArea.workDirectory, force: force, useCcache: ccache,
            allowCassert: allowCassert, keepInstalls: keepInstalls)
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let builder = PostgresBuilder(runner: LiveCommandRunner(logger: logger), logger: logger)
        let request = self.request
        // One plain line per step on standard error (`fetch`, `configure (12.3 s)`), unless --json or --quiet.
        let showsProgress = !json && common.logging.showsProgress
        let result = try await CommandFailure.run {
            try await builder.build(request) { progress in
                if showsProgress { FileHandle.standardError.write(Data("\(progress.phrase)\n".utf8)) }
            }
        }
        if json {
            FileHandle.standardOutput.write(try BuildResultJSON.encode(result))
        } else {
            print(BuildSummary.render(result))
        }
        if result.status == .failed { throw ExitCode(1) }
    }
}
