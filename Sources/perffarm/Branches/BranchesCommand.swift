import ArgumentParser
import Foundation
import PerfFarmBuild
import PerfFarmClient
import PerfFarmCore
import PerfFarmProcess

/// `perffarm branches`: what `branches = "auto"` resolves to in a repository.
struct BranchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branches",
        abstract: "Print the branches auto resolves to: master and the newest REL_N_STABLE branches.",
        discussion: """
            Fetches the repository into the work area's mirror (as perffarm run does at each run) and prints \
            one branch per line, in the order a farm run benchmarks them.

            Examples:
              perffarm branches --repo https://git.postgresql.org/git/postgresql.git
              perffarm branches --repo ~/src/postgresql --stable 3 --json
            """
    )

    @Option(help: ArgumentHelp("The repository: a URL or a local path.", valueName: "url-or-path"))
    var repo: String = FarmConfiguration.Repository.official

    @Option(help: ArgumentHelp("How many REL_N_STABLE branches (the newest).", valueName: "n"))
    var stable = FarmConfiguration.Repository().autoStableBranches

    @OptionGroup(title: "Output")
    var common: CommonOptions

    func validate() throws {
        if stable < 0 { throw ValidationError("--stable must be 0 or more") }
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let builder = PostgresBuilder(runner: LiveCommandRunner(logger: logger), logger: logger)
        let (repo, stable, json, work) = (self.repo, self.stable, common.json, common.workArea.workDirectory)
        let branches = try await CommandFailure.run {
            let workArea = WorkArea(root: work ?? WorkArea.defaultRoot())
            try workArea.prepare()
            let log = workArea.logs + "/branches-fetch.log"
            let mirror = try await builder.updateMirror(repository: repo, workDirectory: workArea.root, log: log)
            return BranchResolver.resolve(.auto, available: try await mirror.branches(), stableCount: stable)
        }
        if json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(branches))
        } else {
            print(branches.joined(separator: "\n"))
        }
    }
}
