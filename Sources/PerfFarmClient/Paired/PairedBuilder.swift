import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCore
import PerfFarmProcess

/// Builds commits of one branch of a repository incrementally, in the branch's persistent build tree, through
/// the install cache: what `perffarm ab` and `perffarm bisect` build with.
struct PairedBuilder: Sendable {
    /// One commit built (or not).
    struct Built: Sendable {
        var commit: String
        var result: BuildResult
        /// The install's `bin/`; `nil` when the build failed.
        var binDirectory: String? {
            result.status == .succeeded ? result.installPrefix.map { $0 + "/bin" } : nil
        }
    }

    var runner: any CommandRunner
    var logger: Logger
    var environment: [String: String]
    var repository: String
    var branch: String
    var configureOptions: [String]
    var jobs: Int?
    var useCcache: Bool
    var workDirectory: String

    private var builder: PostgresBuilder { PostgresBuilder(runner: runner, logger: logger, environment: environment) }

    /// Fetches into the mirror (or clones it).
    func prepare(fetch: Bool) async throws {
        let existing = try await builder.existingMirror(repository: repository, workDirectory: workDirectory)
        guard fetch || existing == nil else { return }
        // Kept when git fails (the error names it); removed after a fetch that worked.
        let log = WorkArea(root: workDirectory).tmp + "/fetch-\(getpid()).log"
        _ = try await builder.updateMirror(
            repository: repository, workDirectory: workDirectory, log: log, lockWorkArea: false)
        try? FileSystem.remove(log)
    }

    /// The mirror, for commits and first-parent lists.
    func mirror() async throws -> GitRepository {
        guard let mirror = try await builder.existingMirror(repository: repository, workDirectory: workDirectory)
        else {
            throw PerfFarmError(.invalidConfiguration, "no mirror of \(repository) in \(workDirectory)", key: "--repo")
        }
        return mirror
    }

    /// Builds `ref`: a branch of the repository (its head), or a commit or tag on ``branch``.
    func build(_ ref: String, progress: @escaping @Sendable (BuildProgress) -> Void) async throws -> Built {
        let mirror = try await mirror()
        let isBranch = try await mirror.branches().contains(ref)
        var request = BuildRequest(
            repository: repository, branch: isBranch ? ref : branch, commit: isBranch ? nil : ref,
            configureOptions: configureOptions, jobs: jobs, workDirectory: workDirectory, useCcache: useCcache,
            fetch: false, lockWorkArea: false)
        request.incremental = true
        let result = try await builder.build(request, progress: progress)
        return Built(commit: result.source.commit, result: result)
    }
}
