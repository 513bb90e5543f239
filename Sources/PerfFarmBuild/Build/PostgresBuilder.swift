import Foundation
public import Logging
public import PerfFarmCore
public import PerfFarmProcess

/// Turns a branch of a PostgreSQL repository into an installed build: mirror, worktree, patches,
/// configure, make, install, with an install cache. The library behind `perffarm build`.
///
/// ```swift
/// let builder = PostgresBuilder(runner: LiveCommandRunner(logger: logger), logger: logger)
/// let result = try await builder.build(BuildRequest(repository: "https://git.postgresql.org/git/postgresql.git",
///                                                   branch: "REL_17_STABLE"))
/// if result.status == .succeeded { print(result.installPrefix!) }
/// ```
///
/// A failed step (checkout, patch, configure, make, install) is a result, not an error: its status is
/// `failed`, and ``BuildResult/failure`` names the step, its exit status and the last 100 lines of its log.
/// Every result, failed or not, is written as `build-result.json` in the invocation's log directory.
public struct PostgresBuilder: Sendable {
    /// How commands are run.
    public let runner: any CommandRunner
    /// Where the builder logs (`.debug` per step and per command); progress goes to the `progress` observer of
    /// ``build(_:progress:)``.
    public let logger: Logger
    /// The environment configure, make and git run in (plus perffarm's own `TMPDIR`, `LC_ALL`, ...); this
    /// process's when `nil`.
    public let environment: [String: String]

    /// Creates a builder.
    /// - Parameters:
    ///   - runner: how commands are run (``LiveCommandRunner`` for real builds).
    ///   - logger: where the steps and commands are logged (`.debug`).
    ///   - environment: the environment to read `CC`, `CFLAGS`, `PATH` and the default work area from; this
    ///     process's when `nil`.
    public init(runner: any CommandRunner, logger: Logger, environment: [String: String]? = nil) {
        self.runner = runner
        self.logger = logger
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Builds (or finds in the cache) the install `request` describes.
    /// - Parameters:
    ///   - request: what to build.
    ///   - progress: told when each step starts and finishes, and when the install comes from the cache (see
    ///     ``BuildProgress``); called on the building task, so it should return quickly. Ignored by default.
    /// - Returns: the result, succeeded or failed; also written to the log directory.
    /// - Throws: ``PerfFarmError``: `invalid_configuration` for a refused request (`--enable-cassert` without
    ///   ``BuildRequest/allowCassert``, an unknown branch or commit, a bad number), ``PerfFarmError/Code/workAreaLocked``
    ///   when another build holds the work area, `file_access` for an unreadable patch or an unwritable work
    ///   area, `command_failed` when fetching fails; `CancellationError` when the task is cancelled (the
    ///   running command's process group is terminated first).
    public func build(
        _ request: BuildRequest, progress: @escaping @Sendable (BuildProgress) -> Void = { _ in }
    ) async throws -> BuildResult {
        if request.enablesCassert, !request.allowCassert {
            throw PerfFarmError(
                .invalidConfiguration,
                "--enable-cassert makes benchmark results meaningless; pass --allow-cassert to build with it anyway",
                key: "--configure-opt")
        }
        if let jobs = request.jobs, jobs < 1 {
            throw PerfFarmError(.invalidConfiguration, "must be at least 1, not \(jobs)", key: "--jobs")
        }
        if request.keepInstalls < 1 {
            throw PerfFarmError(.invalidConfiguration, "must be at least 1", key: "--keep-installs")
        }
        if request.branch.isEmpty || request.branch.hasPrefix("-") {
            throw PerfFarmError(.invalidConfiguration, "not a branch name: \(request.branch)", key: "--branch")
        }
        if let commit = request.commit, commit.isEmpty || commit.hasPrefix("-") {
            throw PerfFarmError(.invalidConfiguration, "not a commit: \(commit)", key: "--commit")
        }
        let patches = try request.patches.map(PatchFile.init(path:))
        let workArea = WorkArea(root: request.workDirectory ?? WorkArea.defaultRoot(environment: environment))
        try workArea.prepare()
        let lock =
            request.lockWorkArea
            ? try WorkAreaLock.acquire(
                path: workArea.lockFile, purpose: "perffarm build --branch \(request.branch) of \(request.repository)")
            : nil
        defer { lock?.release() }
        var session = BuildSession(
            request: request, patches: patches, workArea: workArea, runner: runner, logger: logger,
            environment: environment, progress: progress)
        return try await session.run()
    }
}

extension PostgresBuilder {
    /// Clones or fetches the mirror of `repository` in the work area, and opens it.
    /// - Parameters:
    ///   - repository: the URL or local path to fetch from.
    ///   - workDirectory: the work area; the default one when `nil`.
    ///   - log: the file git's output is appended to.
    ///   - lockWorkArea: whether to take the work area's lock for the fetch (`false` when the caller holds it).
    ///   - timeout: the longest one git command may take.
    /// - Returns: the mirror, for reading refs and commits.
    /// - Throws: ``PerfFarmError`` (`command_failed`) when git fails, ``PerfFarmError/Code/workAreaLocked``.
    public func updateMirror(
        repository: String, workDirectory: String?, log: String, lockWorkArea: Bool = true,
        timeout: Duration = BuildRequest.Timeouts().git
    ) async throws -> GitRepository {
        let workArea = WorkArea(root: workDirectory ?? WorkArea.defaultRoot(environment: environment))
        try workArea.prepare()
        let lock =
            lockWorkArea
            ? try WorkAreaLock.acquire(path: workArea.lockFile, purpose: "perffarm fetch of \(repository)") : nil
        defer { lock?.release() }
        let location = RepositoryLocation(repository)
        let source = location.localPath.map(GitClient.safeDirectoryVariants) ?? []
        let probe = GitMirror(
            location: location, workArea: workArea,
            git: GitClient(
                runner: runner, logger: logger, safeDirectories: source, environment: [:], timeout: timeout))
        let git = GitClient(
            runner: runner, logger: logger, safeDirectories: source + [probe.path],
            environment: ["TMPDIR": workArea.tmp, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"], timeout: timeout)
        let mirror = GitMirror(location: location, workArea: workArea, git: git)
        try await mirror.update(log: log)
        return GitRepository(path: mirror.path, runner: runner, logger: logger, timeout: timeout)
    }
}

extension PostgresBuilder {
    /// The mirror of `repository` in the work area as it is (no fetch), when an earlier run made it.
    /// - Parameters:
    ///   - repository: the URL or local path the mirror was fetched from.
    ///   - workDirectory: the work area; the default one when `nil`.
    /// - Returns: the mirror, or `nil` when there is none.
    public func existingMirror(repository: String, workDirectory: String?) async throws -> GitRepository? {
        let workArea = WorkArea(root: workDirectory ?? WorkArea.defaultRoot(environment: environment))
        let location = RepositoryLocation(repository)
        let path = workArea.mirrors + "/" + location.mirrorName + ".git"
        guard FileSystem.exists(path + "/HEAD") else { return nil }
        return GitRepository(path: path, runner: runner, logger: logger)
    }
}

/// A patch file given to a build: its path, and its name and hash for the result and the cache key.
struct PatchFile: Sendable, Equatable {
    /// The absolute path.
    var path: String
    /// The name and SHA-256.
    var record: SourcePatch

    /// Reads and hashes the patch at `path`.
    /// - Throws: ``PerfFarmError`` (`file_access`) when it cannot be read.
    init(path: String) throws {
        self.path = FileSystem.absolute(path)
        let data = try FileSystem.read(self.path)
        record = SourcePatch(name: (self.path as NSString).lastPathComponent, sha256: SHA256Hex.digest(data))
    }
}
