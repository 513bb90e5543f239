import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real pipeline on the real PostgreSQL 15.18 source: mirror, worktree, configure, make, install.
/// One full build per test process (``SharedPostgresBuild``); the other builds here are a cache hit or
/// fail within seconds. Serialized: they share the work area and its lock.
@Suite(
    "PostgresBuilder: real builds of PostgreSQL 15.18", .serialized, .timeLimit(.minutes(60)), .sharedBuildWorkArea,
    // In CI a missing tarball is a failure, not a skip.
    .enabled(
        if: PostgresSourceFixture.tarballExists || ProcessInfo.processInfo.environment["CI"] != nil,
        "needs ../shared/upstream/postgresql-15.18.tar.bz2"))
struct PostgresBuildIntegrationTests {
    static let logger = Logger(label: "perffarm-test")
    let runner = LiveCommandRunner(logger: Self.logger)
    var builder: PostgresBuilder { PostgresBuilder(runner: runner, logger: Self.logger) }

    func git(_ arguments: [String], in directory: String) async throws -> String {
        let outcome = try await runner.runChecked(
            Command("git", ["-c", "safe.directory=*"] + arguments, workingDirectory: directory))
        return outcome.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a full build installs PostgreSQL 15.18 with timed, logged steps")
    func fullBuild() async throws {
        let shared = try await SharedPostgresBuild.get()
        let result = shared.result
        #expect(result.status == .succeeded, "failure: \(String(describing: result.failure))")
        #expect(!result.cached)
        #expect(result.failure == nil)
        let prefix = try #require(result.installPrefix)
        #expect(prefix.hasPrefix(shared.workDirectory + "/installs/"))

        let version = try await runner.runChecked(Command(prefix + "/bin/postgres", ["--version"]))
        #expect(version.standardOutputText == "postgres (PostgreSQL) 15.18\n")
        #expect(result.postgresVersion == "PostgreSQL 15.18")
        #expect(result.assertionsEnabled == false)
        // pg_stat_statements is installed where the server looks for it (a prefix without "postgres" in its
        // name gets share/postgresql and lib/postgresql).
        let directories = try await runner.runChecked(
            Command(prefix + "/bin/pg_config", ["--sharedir", "--pkglibdir"]))
        let lines = directories.standardOutputText.split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix(prefix + "/") })
        #expect(FileManager.default.fileExists(atPath: lines[0] + "/extension/pg_stat_statements.control"))
        #expect(FileManager.default.fileExists(atPath: lines[1] + "/pg_stat_statements.so"))
        for program in ["pg_ctl", "initdb", "pgbench", "psql", "pg_config"] {
            #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/" + program), "\(program)")
        }

        // The commit is the branch head, as git itself says.
        let head = try await git(["rev-parse", PostgresSourceFixture.stableBranch], in: shared.source.repository)
        #expect(result.source.commit == head)
        #expect(result.source.commit == shared.source.stableCommit)
        #expect(result.source.branch == "REL_15_STABLE")
        #expect(result.source.subject == "PostgreSQL 15.18")
        #expect(result.source.authorName == "PostgreSQL Global Development Group")
        #expect(result.source.fetchURL == shared.source.repository)
        #expect(result.source.repositoryURL == shared.source.repository)
        #expect(TimestampFormat.string(from: result.source.commitDate) == "2025-02-17T21:00:00.000Z")
        #expect(result.configureOptions == SharedPostgresBuild.configureOptions)
        #expect(result.compiler.versionLine.isEmpty == false)
        #expect(result.compiler.family == "gcc")  // the machine's gcc (Debian 12.2.0)
        #expect(result.compiler.version?.isEmpty == false)
        #expect(result.cacheKey.count == 64)

        // Every step timed and logged; the timings add up.
        #expect(result.steps.map(\.name) == [.fetch, .checkout, .configure, .build, .install, .contrib])
        for step in result.steps {
            #expect(step.succeeded, "\(step.name)")
            #expect(step.durationSeconds > 0, "\(step.name)")
            #expect(step.exitStatus == 0, "\(step.name)")
            let log = try #require(step.logFile)
            #expect(log.hasPrefix(result.logDirectory + "/"))
            #expect(((try? FileManager.default.attributesOfItem(atPath: log)[.size]) as? Int ?? 0) > 0, "\(log)")
        }
        let timings = result.timings
        let configure = try #require(timings.configureSeconds)
        let build = try #require(timings.buildSeconds)
        let install = try #require(timings.installSeconds)
        #expect(timings.gitSeconds > 0 && configure > 0 && build > 0 && install > 0)
        #expect(timings.patchSeconds == nil)
        let phases = timings.gitSeconds + configure + build + install
        let stepSum = result.steps.reduce(0) { $0 + $1.durationSeconds }
        #expect(abs(phases - stepSum) < 1e-6)
        #expect(phases <= timings.totalSeconds)
        #expect(timings.totalSeconds - phases < 30, "time outside the steps: \(timings.totalSeconds - phases) s")
        #expect(result.steps[3].command == "make -j\(result.jobs)")
        #expect(result.steps[2].command.contains("--prefix=\(prefix)"))
        #expect(result.steps[2].command.contains("--without-readline --without-icu"))
        #expect(result.finishedAt >= result.startedAt)

        // The result is written beside the logs and in the install, and reads back the same.
        let written = try Data(contentsOf: URL(fileURLWithPath: result.logDirectory + "/build-result.json"))
        #expect(written == (try BuildResultJSON.encode(result)))
        let stored = try Data(contentsOf: URL(fileURLWithPath: prefix + "/build-result.json"))
        #expect(stored == (try BuildResultJSON.encode(result)))
        print(
            "perffarm shared build: source repository \(String(format: "%.1f", shared.sourceSeconds)) s; "
                + "git \(String(format: "%.1f", timings.gitSeconds)) s, configure \(String(format: "%.1f", configure)) s, "
                + "make \(String(format: "%.1f", build)) s, install \(String(format: "%.1f", install)) s, "
                + "total \(String(format: "%.1f", timings.totalSeconds)) s")
    }

    @Test("the same commit, options and compiler again is a cache hit: nothing is configured or built")
    func cacheHit() async throws {
        let shared = try await SharedPostgresBuild.get()
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await builder.build(shared.request)
        let elapsed = clock.now - start
        #expect(result.status == .succeeded)
        #expect(result.cached)
        #expect(result.cacheKey == shared.result.cacheKey)
        #expect(result.installPrefix == shared.result.installPrefix)
        #expect(result.source == shared.result.source)
        #expect(result.steps.map(\.name) == [.fetch])
        #expect(result.timings.configureSeconds == nil)
        #expect(result.timings.buildSeconds == nil)
        #expect(result.timings.installSeconds == nil)
        #expect(
            result.builtAt.map(TimestampFormat.string(from:))
                == TimestampFormat.string(from: shared.result.startedAt))
        #expect(result.logDirectory != shared.result.logDirectory)
        let written = try Data(contentsOf: URL(fileURLWithPath: result.logDirectory + "/build-result.json"))
        #expect(written == (try BuildResultJSON.encode(result)))
        print("perffarm cache hit: \(elapsed)")
    }

    @Test("a commit that breaks a .c file gives a failed result naming the compile error")
    func brokenBranch() async throws {
        let shared = try await SharedPostgresBuild.get()
        var request = shared.request
        request.branch = PostgresSourceFixture.brokenBranch
        let result = try await builder.build(request)
        #expect(result.status == .failed)
        #expect(!result.cached)
        #expect(result.installPrefix == nil)
        #expect(result.source.commit == shared.source.brokenCommit)
        #expect(result.source.subject == "Break src/common/archive.c")
        let failure = try #require(result.failure)
        #expect(failure.step == .build)
        #expect(failure.exitStatus == 2)
        #expect(!failure.timedOut)
        #expect(failure.message.contains("make -j"))
        #expect(failure.logFile == result.logDirectory + "/build.log")
        #expect(failure.logTail.count <= 100)
        #expect(failure.logTail.contains { $0.contains("archive.c") && $0.contains("error:") })
        #expect(failure.logTail.contains { $0.contains(PostgresSourceFixture.brokenLine) })
        #expect(result.steps.map(\.name) == [.fetch, .checkout, .configure, .build])
        #expect(result.steps.last?.succeeded == false)
        // The failed result is written too, and no half install is left.
        let written = try Data(contentsOf: URL(fileURLWithPath: result.logDirectory + "/build-result.json"))
        #expect(written == (try BuildResultJSON.encode(result)))
        #expect(
            !FileManager.default.fileExists(atPath: shared.workDirectory + "/installs/" + result.cacheKey.prefix(16)))
        print("perffarm broken build: failed after \(String(format: "%.1f", result.timings.totalSeconds)) s")
    }

    @Test("a second build on a locked work area fails at once, naming the holder")
    func lock() async throws {
        let shared = try await SharedPostgresBuild.get()
        let lock = try WorkAreaLock.acquire(
            path: shared.workDirectory + "/perffarm.lock", purpose: "perffarm build --branch held-by-test")
        let error = await #expect(throws: PerfFarmError.self) { try await builder.build(shared.request) }
        #expect(error?.code == .workAreaLocked)
        #expect(error?.message.contains("pid \(getpid())") == true)
        #expect(error?.message.contains("held-by-test") == true)
        // Another process holding it: the CLI exits 1 and says who.
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/perffarm"
        if FileManager.default.isExecutableFile(atPath: binary) {
            let cli = try await runner.run(
                Command(
                    binary,
                    [
                        "build", "--repo", shared.source.repository, "--branch", "REL_15_STABLE", "--work-dir",
                        shared.workDirectory,
                    ]))
            #expect(cli.termination == .exited(1))
            #expect(cli.standardErrorText.contains("in use by pid \(getpid())"))
        }
        lock.release()
        let after = try await builder.build(shared.request)
        #expect(after.cached)
    }

    @Test("the README's command line: perffarm build --repo <local path> --branch REL_15_STABLE")
    func commandLine() async throws {
        let shared = try await SharedPostgresBuild.get()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/perffarm"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "built perffarm not found at \(binary)")
        let options = SharedPostgresBuild.configureOptions.flatMap { ["--configure-opt", $0] }
        let json = try await runner.run(
            Command(
                binary,
                [
                    "build", "--repo", shared.source.repository, "--branch", "REL_15_STABLE", "--work-dir",
                    shared.workDirectory, "--json",
                ] + options))
        #expect(json.termination == .exited(0), "\(json.standardErrorText)")
        let result = try BuildResultJSON.decode(Data(json.standardOutput))
        #expect(result.cached)
        #expect(result.installPrefix == shared.result.installPrefix)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput)) as? [String: Any])
        #expect(object["schema_version"] as? Int == 1)
        #expect(object["install_prefix"] as? String == shared.result.installPrefix)
        #expect(object["failure"] is NSNull)

        let summary = try await runner.run(
            Command(
                binary,
                [
                    "build", "--repo", shared.source.repository, "--branch", "REL_15_STABLE", "--work-dir",
                    shared.workDirectory,
                ] + options))
        #expect(summary.termination == .exited(0))
        #expect(
            summary.standardOutputText.hasPrefix("cached: REL_15_STABLE at \(shared.source.stableCommit.prefix(12))"))
        #expect(summary.standardOutputText.contains("install:   \(shared.installPrefix)"))

        let unknown = try await runner.run(
            Command(
                binary,
                [
                    "build", "--repo", shared.source.repository, "--branch", "no-such-branch", "--work-dir",
                    shared.workDirectory,
                ]))
        #expect(unknown.termination == .exited(2))
        #expect(unknown.standardErrorText.contains("no branch or tag named no-such-branch"))

        let cassert = try await runner.run(
            Command(
                binary,
                [
                    "build", "--repo", shared.source.repository, "--branch", "REL_15_STABLE", "--work-dir",
                    shared.workDirectory, "--configure-opt", "--enable-cassert",
                ]))
        #expect(cassert.termination == .exited(2))
        #expect(cassert.standardErrorText.contains("--allow-cassert"))
    }

    @Test(
        "a source repository owned by another user is fetched as root, without touching the global git config",
        .enabled(if: getuid() == 0, "needs root to chown"))
    func dubiousOwnership() async throws {
        let shared = try await SharedPostgresBuild.get()
        let foreign = shared.source.root + "/foreign-\(UUID().uuidString.prefix(8)).git"
        try await runner.runChecked(Command("cp", ["-R", shared.source.repository + "/.git", foreign]))
        _ = try await git(["--git-dir", foreign, "config", "core.bare", "true"], in: shared.source.root)
        try await runner.runChecked(Command("chown", ["-R", "nobody", foreign]))
        defer { try? FileManager.default.removeItem(atPath: foreign) }

        // Plain git refuses it: the case is real.
        let probeDirectory = try TemporaryDirectory()
        let plain = try await runner.run(
            Command(
                "git", ["clone", "--mirror", "--quiet", foreign, probeDirectory.path + "/probe.git"],
                environment: ["GIT_CONFIG_NOSYSTEM": "1"]))
        #expect(!plain.succeeded)
        #expect(plain.standardErrorText.contains("dubious ownership"))

        let globalConfig = try await runner.run(Command("git", ["config", "--global", "--list"]))
        var request = shared.request
        request.repository = foreign
        let first = try await builder.build(request)
        #expect(first.status == .succeeded, "\(String(describing: first.failure))")
        // Same commit, options and compiler: the install of the shared build is reused.
        #expect(first.cached)
        #expect(first.installPrefix == shared.result.installPrefix)
        #expect(first.source.fetchURL == foreign)
        #expect(first.source.commit == shared.source.stableCommit)
        let second = try await builder.build(request)  // the fetch into the existing mirror
        #expect(second.cached)
        #expect(second.steps.first?.command.contains("fetch --prune") == true)
        let globalAfter = try await runner.run(Command("git", ["config", "--global", "--list"]))
        #expect(globalAfter.standardOutputText == globalConfig.standardOutputText)
        #expect(globalAfter.exitStatus == globalConfig.exitStatus)
    }

    @Test("nothing is written outside the work area; the source repository is untouched")
    func workAreaContents() async throws {
        let shared = try await SharedPostgresBuild.get()
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: shared.workDirectory))
        #expect(entries.isSubset(of: WorkArea.entries), "unexpected: \(entries.subtracting(WorkArea.entries))")
        for folder in ["mirrors", "trees", "builds", "installs", "logs", "tmp"] {
            #expect(entries.contains(folder))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.workDirectory + "/tmp").isEmpty)
        // Beside the work area there is only the source (and what the tests themselves put there).
        let root = URL(fileURLWithPath: shared.workDirectory).deletingLastPathComponent().path
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root)) == ["source", "work"])
        let status = try await git(["status", "--porcelain"], in: shared.source.repository)
        #expect(status.isEmpty, "\(status)")
        let worktrees = try await git(["worktree", "list"], in: shared.source.repository)
        #expect(worktrees.split(separator: "\n").count == 1)
        let branches = try await git(["for-each-ref", "--format=%(refname)"], in: shared.source.repository)
        #expect(
            branches.split(separator: "\n").map(String.init).sorted() == [
                "refs/heads/REL_15_STABLE", "refs/heads/broken", "refs/heads/" + PostgresSourceFixture.bisectBranch,
            ])
        // The mirror and the trees are where the layout says.
        let mirrors = try FileManager.default.contentsOfDirectory(atPath: shared.workDirectory + "/mirrors")
        #expect(mirrors.contains { $0.hasPrefix("postgresql-15.18-") && $0.hasSuffix(".git") })
        let trees = try FileManager.default.contentsOfDirectory(atPath: shared.workDirectory + "/trees")
        for tree in trees {
            let branches = try FileManager.default.contentsOfDirectory(atPath: shared.workDirectory + "/trees/" + tree)
            #expect(Set(branches).isSubset(of: ["REL_15_STABLE", "broken"]))
        }
    }
}
