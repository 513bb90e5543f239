import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// One invocation of ``PostgresBuilder/build(_:progress:)``, with the work area locked: runs the steps, records
/// them, reports them to the progress observer, and makes the result.
struct BuildSession {
    let request: BuildRequest
    let patches: [PatchFile]
    let workArea: WorkArea
    let runner: any CommandRunner
    let logger: Logger
    let environment: [String: String]
    /// Told when each step starts and ends, and of a cache hit.
    let progress: @Sendable (BuildProgress) -> Void

    private let clock = ContinuousClock()
    private let startedAt = Date()
    private let start: ContinuousClock.Instant
    private var steps: [BuildStep] = []
    private var logDirectory = ""

    init(
        request: BuildRequest, patches: [PatchFile], workArea: WorkArea, runner: any CommandRunner, logger: Logger,
        environment: [String: String], progress: @escaping @Sendable (BuildProgress) -> Void = { _ in }
    ) {
        self.request = request
        self.patches = patches
        self.workArea = workArea
        self.runner = runner
        self.logger = logger
        self.environment = environment
        self.progress = progress
        start = clock.now
    }

    /// What every result of this session shares.
    private struct Context {
        var cacheKey: String
        var source: SourceRevision
        var compiler: CompilerSelection
        var jobs: Int
    }

    mutating func run() async throws -> BuildResult {
        logDirectory = try makeLogDirectory()
        let location = RepositoryLocation(request.repository)
        let probe = GitMirror(location: location, workArea: workArea, git: git(trusting: []))
        let mirror = GitMirror(
            location: location, workArea: workArea,
            git: git(trusting: [probe.path, probe.treePath(branch: request.branch)]))
        logger.debug("fetching", metadata: ["repository": "\(location.fetchURL)", "mirror": "\(mirror.path)"])
        if request.fetch || !FileSystem.exists(mirror.path + "/HEAD") {
            try await gitStep(.fetch) { log in try await mirror.update(log: log) }
        }

        let commit = try await mirror.resolve(branch: request.branch, commit: request.commit)
        let source = try await mirror.revision(
            commit: commit, branch: request.branch, reportURL: request.reportURL ?? location.fetchURL)
        let compiler = try await CompilerSelection.choose(
            configureOptions: request.configureOptions, useCcache: request.useCcache, environment: environment,
            runner: runner, workArea: workArea)
        let inputs = InstallCache.KeyInputs(
            commit: commit, configureOptions: request.configureOptions, compilerCommand: compiler.command,
            compilerVersion: compiler.versionLine,
            compilerEnvironment: environment.filter { InstallCache.compilerEnvironmentVariables.contains($0.key) },
            patches: patches.map(\.record))
        let context = Context(
            cacheKey: inputs.key, source: source, compiler: compiler,
            jobs: request.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let cache = InstallCache(workArea: workArea)

        if !request.force, let stored = cache.lookup(context.cacheKey) {
            let prefix = cache.prefix(for: context.cacheKey)
            logger.debug("install cache hit", metadata: ["commit": "\(commit)", "prefix": "\(prefix)"])
            progress(BuildProgress(step: .installCache, event: .cacheHit(installPrefix: prefix)))
            return try finish(cachedResult(stored, context: context))
        }

        logger.debug("checking out", metadata: ["commit": "\(commit)", "branch": "\(request.branch)"])
        var tree = ""
        let branch = request.branch
        guard
            try await gitStep(
                .checkout,
                { log in
                    tree = try await mirror.checkout(commit: commit, branch: branch, log: log)
                })
        else {
            return try finish(failedResult(context: context))
        }

        if !patches.isEmpty {
            guard try await applyPatches(mirror: mirror, tree: tree) else {
                return try finish(failedResult(context: context))
            }
        }

        let prefix = cache.prefix(for: context.cacheKey)
        let buildDirectory = mirror.buildPath(branch: request.branch)
        var configure =
            [tree + "/configure", "--prefix=" + prefix] + request.configureOptions
            + (compiler.configureArgument.map { [$0] } ?? [])
        if request.incremental, !configure.contains("--enable-depend") { configure.append("--enable-depend") }
        // The configure line without the prefix, which differs per commit: what makes a build tree reusable.
        let stamp = ([compiler.command, compiler.versionLine] + configure.dropFirst(2)).joined(separator: "\n") + "\n"
        let stampFile = buildDirectory + "/perffarm-configure.stamp"
        let reuse = request.incremental && Self.canReuse(buildDirectory, tree: tree, stamp: stamp, stampFile: stampFile)
        if !reuse {
            try FileSystem.remove(buildDirectory)
            try FileSystem.createDirectory(buildDirectory)
        }
        try FileSystem.remove(prefix)
        if compiler.ccache { try FileSystem.createDirectory(workArea.ccache) }

        let make = ["-j\(context.jobs)"]
        var plan: [(name: BuildStep.Name, program: String, arguments: [String], timeout: Duration)] = [
            (.configure, configure[0], Array(configure.dropFirst()), request.timeouts.configure),
            (.build, "make", make, request.timeouts.build),
            (.install, "make", make + ["install"], request.timeouts.install),
            (.contrib, "make", make + ["-C", "contrib/pg_stat_statements", "install"], request.timeouts.install),
        ]
        if reuse {
            // The tree was configured for the prefix of an earlier build: PostgreSQL installs are relocatable
            // (paths are found relative to the programs), so the same objects install into this build's prefix
            // with `prefix=` on make's command line.
            plan.removeFirst()
            plan = plan.map { step in
                var step = step
                if step.arguments.contains("install") { step.arguments.append("prefix=" + prefix) }
                return step
            }
        }
        for (name, program, arguments, timeout) in plan {
            logger.debug("\(name)", metadata: ["directory": "\(buildDirectory)"])
            let command = Command(
                program, arguments, environment: buildEnvironment(compiler: compiler), workingDirectory: buildDirectory,
                timeout: timeout, output: .logFile(path: logPath(name)))
            guard try await commandStep(name, command) else {
                try? FileSystem.remove(prefix)
                return try finish(failedResult(context: context))
            }
            if name == .configure, request.incremental {
                try FileSystem.writeAtomically(Data(stamp.utf8), to: stampFile)
            }
        }

        let pgConfig = prefix + "/bin/pg_config"
        let configureLine = try await runner.runChecked(Command(pgConfig, ["--configure"], timeout: .seconds(60)))
        let version = try await runner.runChecked(Command(pgConfig, ["--version"], timeout: .seconds(60)))
        let finishedAt = Date()
        let result = makeResult(
            status: .succeeded, cached: false, context: context, ccache: compiler.ccache, jobs: context.jobs,
            installPrefix: prefix,
            postgresVersion: version.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines),
            assertionsEnabled: configureLine.standardOutputText.contains("'--enable-cassert'"),
            failure: nil, builtAt: startedAt, finishedAt: finishedAt)
        try cache.store(result)
        cache.prune(keep: request.keepInstalls, current: context.cacheKey, logger: logger)
        return try finish(result)
    }

    /// Whether an incremental build can reuse `buildDirectory`: it was configured (by perffarm) with the same
    /// command line and compiler, and the checkout left the `configure` script older than that configuration.
    static func canReuse(_ buildDirectory: String, tree: String, stamp: String, stampFile: String) -> Bool {
        guard let recorded = FileManager.default.contents(atPath: stampFile), recorded == Data(stamp.utf8),
            FileSystem.exists(buildDirectory + "/GNUmakefile"),
            let configured = modificationTime(buildDirectory + "/config.status"),
            let script = modificationTime(tree + "/configure")
        else { return false }
        return script <= configured
    }

    private static func modificationTime(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    // MARK: - Steps

    /// Runs one git step (several commands, logged to `<step>.log`) and records it.
    /// - Returns: whether it succeeded. A failed fetch is thrown (there is no commit to report yet).
    @discardableResult
    private mutating func gitStep(_ name: BuildStep.Name, _ body: (String) async throws -> Void) async throws -> Bool {
        let log = logPath(name)
        let stepStart = clock.now
        let stepStartedAt = Date()
        progress(BuildProgress(step: name, event: .started))
        do {
            try await body(log)
            progress(BuildProgress(step: name, event: .finished(duration: clock.now - stepStart, succeeded: true)))
            steps.append(
                BuildStep(
                    name: name, command: Self.commandLines(inLog: log), startedAt: stepStartedAt,
                    durationSeconds: seconds(since: stepStart), succeeded: true, exitStatus: 0, logFile: log))
            return true
        } catch let error as PerfFarmError where error.code == .commandFailed || error.code == .fileAccess {
            progress(BuildProgress(step: name, event: .finished(duration: clock.now - stepStart, succeeded: false)))
            logger.debug("\(name) failed", metadata: ["log": "\(log)", "error": "\(error.message)"])
            steps.append(
                BuildStep(
                    name: name, command: Self.commandLines(inLog: log), startedAt: stepStartedAt,
                    durationSeconds: seconds(since: stepStart), succeeded: false, exitStatus: nil, logFile: log))
            StepLog.append("# \(error.message)\n", to: log)
            failureMessage = error.message
            if name == .fetch { throw error }
            return false
        }
    }

    private var failureMessage: String?

    /// The commands a step's log says were run (its `$ ` lines), joined with ` && `.
    private static func commandLines(inLog log: String) -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.hasPrefix("$ ") }.map { $0.dropFirst(2) }
            .joined(separator: " && ")
    }

    /// Runs one command as a step logged to its own file, and records it.
    /// - Returns: whether it succeeded.
    private mutating func commandStep(_ name: BuildStep.Name, _ command: Command) async throws -> Bool {
        let log = logPath(name)
        StepLog.append("$ \(command.commandLine)\n", to: log)
        let stepStartedAt = Date()
        progress(BuildProgress(step: name, event: .started))
        let outcome = try await runner.run(command)
        progress(BuildProgress(step: name, event: .finished(duration: outcome.duration, succeeded: outcome.succeeded)))
        StepLog.append(
            "# \(outcome.termination)\(outcome.timedOut ? " (timed out)" : "") after \(StepLog.seconds(outcome.seconds))\n",
            to: log)
        steps.append(
            BuildStep(
                name: name, command: command.commandLine, startedAt: stepStartedAt, durationSeconds: outcome.seconds,
                succeeded: outcome.succeeded, exitStatus: outcome.exitStatus.map(Int.init),
                signal: outcome.signal.map(Int.init), timedOut: outcome.timedOut, logFile: log))
        if !outcome.succeeded {
            failureMessage =
                "`\(command.commandLine)` failed with \(outcome.termination)\(outcome.timedOut ? " (timed out)" : "")"
            logger.debug("\(name) failed", metadata: ["log": "\(log)", "termination": "\(outcome.termination)"])
        }
        return outcome.succeeded
    }

    /// Applies the patches in order, all logged to `patch.log`, as one step.
    private mutating func applyPatches(mirror: GitMirror, tree: String) async throws -> Bool {
        let log = logPath(.patch)
        let stepStartedAt = Date()
        let stepStart = clock.now
        progress(BuildProgress(step: .patch, event: .started))
        var failed: (PatchFile, CommandOutcome)?
        for patch in patches {
            let outcome = try await mirror.apply(patch: patch.path, tree: tree, log: log)
            if !outcome.succeeded {
                failed = (patch, outcome)
                break
            }
        }
        progress(
            BuildProgress(step: .patch, event: .finished(duration: clock.now - stepStart, succeeded: failed == nil)))
        steps.append(
            BuildStep(
                name: .patch,
                command: patches.map { "git apply \(Command.shellQuoted($0.path))" }.joined(separator: " && "),
                startedAt: stepStartedAt, durationSeconds: seconds(since: stepStart), succeeded: failed == nil,
                exitStatus: failed.map { $0.1.exitStatus.map(Int.init) } ?? 0, signal: failed?.1.signal.map(Int.init),
                timedOut: failed?.1.timedOut ?? false, logFile: log))
        if let (patch, outcome) = failed {
            failureMessage = "patch \(patch.record.name) does not apply: git apply failed with \(outcome.termination)"
        }
        return failed == nil
    }

    // MARK: - Results

    private func cachedResult(_ stored: BuildResult, context: Context) -> BuildResult {
        makeResult(
            status: .succeeded, cached: true, context: context, ccache: stored.ccache, jobs: stored.jobs,
            installPrefix: stored.installPrefix, postgresVersion: stored.postgresVersion,
            assertionsEnabled: stored.assertionsEnabled, failure: nil, builtAt: stored.builtAt ?? stored.startedAt,
            finishedAt: Date())
    }

    private func failedResult(context: Context) -> BuildResult {
        let step = steps.last(where: { !$0.succeeded })
        let failure = BuildResult.Failure(
            step: step?.name ?? .build, message: failureMessage ?? "the build failed",
            exitStatus: step?.exitStatus, signal: step?.signal, timedOut: step?.timedOut ?? false,
            logFile: step?.logFile, logTail: step?.logFile.map { LogTail.lines(ofFile: $0, count: 100) } ?? [])
        return makeResult(
            status: .failed, cached: false, context: context, ccache: context.compiler.ccache, jobs: context.jobs,
            installPrefix: nil, postgresVersion: nil, assertionsEnabled: nil, failure: failure, builtAt: nil,
            finishedAt: Date())
    }

    private func makeResult(
        status: BuildResult.Status, cached: Bool, context: Context, ccache: Bool, jobs: Int, installPrefix: String?,
        postgresVersion: String?, assertionsEnabled: Bool?, failure: BuildResult.Failure?, builtAt: Date?,
        finishedAt: Date
    ) -> BuildResult {
        func total(_ names: BuildStep.Name...) -> Double? {
            let matching = steps.filter { names.contains($0.name) }
            return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.durationSeconds }
        }
        let timings = BuildResult.Timings(
            gitSeconds: total(.fetch, .checkout) ?? 0, patchSeconds: total(.patch),
            configureSeconds: total(.configure), buildSeconds: total(.build), installSeconds: total(.install, .contrib),
            totalSeconds: seconds(since: start))
        return BuildResult(
            status: status, cached: cached, cacheKey: context.cacheKey, source: context.source,
            patches: patches.map(\.record), configureOptions: request.configureOptions,
            assertionsEnabled: assertionsEnabled, compiler: context.compiler.info, ccache: ccache, jobs: jobs,
            workDirectory: workArea.root, installPrefix: installPrefix, postgresVersion: postgresVersion,
            logDirectory: logDirectory, steps: steps, timings: timings, failure: failure, builtAt: builtAt,
            startedAt: startedAt, finishedAt: finishedAt)
    }

    /// Writes the result into the log directory, prunes old log directories, and returns it.
    private func finish(_ result: BuildResult) throws -> BuildResult {
        try FileSystem.writeAtomically(
            try BuildResultJSON.encode(result), to: logDirectory + "/" + InstallCache.resultFileName)
        pruneLogs()
        logger.debug(
            "build \(result.status.rawValue)",
            metadata: ["cached": "\(result.cached)", "result": "\(logDirectory)/\(InstallCache.resultFileName)"])
        return result
    }

    // MARK: - Paths and environment

    private func git(trusting directories: [String]) -> GitClient {
        let location = RepositoryLocation(request.repository)
        let source = location.localPath.map(GitClient.safeDirectoryVariants) ?? []
        return GitClient(
            runner: runner, logger: logger, safeDirectories: source + directories,
            environment: ["TMPDIR": workArea.tmp, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"],
            timeout: request.timeouts.git)
    }

    private func buildEnvironment(compiler: CompilerSelection) -> [String: String?] {
        var variables: [String: String?] = ["TMPDIR": workArea.tmp, "LC_ALL": "C", "LANG": "C"]
        if compiler.ccache { variables["CCACHE_DIR"] = workArea.ccache }
        return variables
    }

    private func logPath(_ step: BuildStep.Name) -> String {
        logDirectory + "/" + step.rawValue + ".log"
    }

    private func seconds(since instant: ContinuousClock.Instant) -> Double {
        (clock.now - instant).inSeconds
    }

    /// `logs/<UTC start time>-<branch>`, with `-2`, `-3`, ... when taken.
    private func makeLogDirectory() throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base =
            workArea.logs + "/" + formatter.string(from: startedAt) + "-"
            + RepositoryLocation.branchFolder(request.branch)
        var path = base
        var counter = 2
        while FileSystem.exists(path) {
            path = base + "-\(counter)"
            counter += 1
        }
        try FileSystem.createDirectory(path)
        return path
    }

    /// Keeps the newest ``BuildRequest/keepLogs`` log directories (names sort by start time).
    private func pruneLogs() {
        let names = FileSystem.contents(workArea.logs)
        guard names.count > request.keepLogs else { return }
        for name in names.dropLast(max(1, request.keepLogs)) where workArea.logs + "/" + name != logDirectory {
            try? FileSystem.remove(workArea.logs + "/" + name)
        }
    }
}
