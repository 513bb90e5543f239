import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Synchronization
import Testing

@testable import PerfFarmBuild

/// The pipeline's argument vectors and failure paths, with a scripted runner (no git, no compiler).
@Suite("PostgresBuilder: argument vectors and failure paths (scripted runner)")
struct PostgresBuilderTests {
    static let commit = String(repeating: "ab", count: 20)
    static let otherCommit = String(repeating: "cd", count: 20)

    /// A work area, a fake repository path and a runner that behaves like git, gcc, configure and make.
    final class Fixture: Sendable {
        let directory: TemporaryDirectory
        let runner = ScriptedCommandRunner()
        var work: String { directory.path + "/work" }
        var repository: String { directory.path + "/postgresql" }
        var logger: Logger { Logger(label: "test") }

        init(branches: [String: String] = ["REL_15_STABLE": PostgresBuilderTests.commit], tags: [String: String] = [:])
            throws
        {
            directory = try TemporaryDirectory()
            try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
            let runner = self.runner
            // git clone --mirror … <target>: make the target look like a mirror.
            runner.on({ Self.isGit($0, "clone") }) { command in
                try Self.makeDirectory(command.arguments.last!, file: "HEAD")
                return .exit(0)
            }
            // git worktree add --force --detach <tree> <commit>: make the tree look like a worktree.
            runner.on({ Self.isGit($0, "worktree") && $0.arguments.contains("add") }) { command in
                try Self.makeDirectory(command.arguments[command.arguments.count - 2], file: ".git")
                return .exit(0)
            }
            // rev-parse --verify [--quiet] <ref>^{commit}
            runner.on({ Self.isGit($0, "rev-parse") }) { command in
                let ref = String(command.arguments.last!.dropLast("^{commit}".count))
                let known = Set(branches.values).union(tags.values)
                let hash =
                    ref.hasPrefix("refs/heads/")
                    ? branches[String(ref.dropFirst(11))]
                    : ref.hasPrefix("refs/tags/") ? tags[String(ref.dropFirst(10))] : (known.contains(ref) ? ref : nil)
                return hash.map { .exit(0, standardOutput: $0 + "\n") } ?? .exit(1)
            }
            runner.on({ Self.isGit($0, "merge-base") }) { command in
                let hash = command.arguments[command.arguments.count - 2]
                let ref = command.arguments.last!
                let head =
                    ref.hasPrefix("refs/tags/") ? tags[String(ref.dropFirst(10))] : branches[String(ref.dropFirst(11))]
                return .exit(head == hash ? 0 : 1)
            }
            // log -1 <hash> --: one record, fields as GitRepository's format asks (hash, parents, author and
            // committer dates, author, e-mail, subject).
            runner.on({ Self.isGit($0, "log") }) { command in
                let hash = command.arguments[command.arguments.count - 2]
                return .exit(
                    0,
                    standardOutput: "\u{1e}\(hash)\u{1f}\u{1f}1739825000\u{1f}1739826000\u{1f}Ann Author\u{1f}"
                        + "ann@example.org\u{1f}Subject line\n")
            }
            runner.on(["gcc", "--version"], .exit(0, standardOutput: "gcc (Fake 1) 12.2.0\nCopyright\n"))
            // make install: put a postgres binary into the prefix configure was given.
            runner.on({ $0.executable == "make" && $0.arguments.last == "install" && !$0.arguments.contains("-C") }) {
                [weak runner] command in
                let configure = runner?.commands.last(where: { $0.executable.hasSuffix("/configure") })
                let prefix = configure?.arguments.first { $0.hasPrefix("--prefix=") }?.dropFirst("--prefix=".count)
                try Self.makeDirectory(String(prefix ?? "") + "/bin", file: "postgres")
                return .exit(0)
            }
            runner.on(["pg_config", "--configure"], .exit(0, standardOutput: "'--prefix=/x' '--without-icu'\n"))
            runner.on(["pg_config", "--version"], .exit(0, standardOutput: "PostgreSQL 15.18\n"))
        }

        func request(_ branch: String = "REL_15_STABLE", options: [String] = ["--without-icu"]) -> BuildRequest {
            BuildRequest(
                repository: repository, branch: branch, configureOptions: options, jobs: 3, workDirectory: work)
        }

        func builder(environment: [String: String] = ProcessInfo.processInfo.environment) -> PostgresBuilder {
            PostgresBuilder(runner: runner, logger: logger, environment: environment)
        }

        static func isGit(_ command: Command, _ subcommand: String) -> Bool {
            command.executable == "git" && command.arguments.contains(subcommand)
        }

        static func makeDirectory(_ path: String, file: String) throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path + "/" + file, contents: Data())
        }
    }

    @Test("a first build: clone --mirror, worktree, configure, make -jN, make install, contrib; then a cache hit")
    func argumentVectors() async throws {
        let fixture = try Fixture()
        let result = try await fixture.builder().build(fixture.request())
        #expect(result.status == .succeeded)
        #expect(!result.cached)
        #expect(result.steps.map(\.name) == [.fetch, .checkout, .configure, .build, .install, .contrib])
        #expect(result.postgresVersion == "PostgreSQL 15.18")
        #expect(result.assertionsEnabled == false)
        #expect(result.compiler.command == "gcc")
        #expect(result.compiler.versionLine == "gcc (Fake 1) 12.2.0")
        #expect(result.compiler.family == "gcc")
        #expect(result.compiler.version == "12.2.0")
        #expect(result.jobs == 3)
        #expect(result.source.commit == Self.commit)
        #expect(result.source.authorName == "Ann Author")
        #expect(result.source.subject == "Subject line")
        #expect(result.source.commitDate == Date(timeIntervalSince1970: 1_739_826_000))

        let location = RepositoryLocation(fixture.repository)
        let mirror = fixture.work + "/mirrors/" + location.mirrorName + ".git"
        let tree = fixture.work + "/trees/" + location.mirrorName + "/REL_15_STABLE"
        let prefix = fixture.work + "/installs/" + result.cacheKey.prefix(16)
        #expect(result.installPrefix == prefix)

        // Every git command trusts the source repository explicitly (no global configuration).
        let gitCommands = fixture.runner.commands.filter { $0.executable == "git" }
        for command in gitCommands {
            #expect(Array(command.arguments.prefix(2)) == ["-c", "safe.directory=\(fixture.repository)"])
            #expect(command.environment["GIT_TERMINAL_PROMPT"] == "0")
            #expect(command.environment["TMPDIR"] == fixture.work + "/tmp")
            #expect(command.timeout != nil)
        }
        let clone = try #require(fixture.runner.commands(containing: ["clone", "--mirror"]).first)
        let uploadPack = try #require(clone.arguments.firstIndex(of: "--upload-pack").map { clone.arguments[$0 + 1] })
        #expect(
            uploadPack
                == "git -c safe.directory=\(fixture.repository) -c safe.directory=\(fixture.repository)/.git upload-pack"
        )
        #expect(clone.arguments.suffix(3).first == "--")
        #expect(clone.arguments.suffix(2).first == fixture.repository)
        #expect(clone.arguments.last?.hasPrefix(fixture.work + "/tmp/clone-") == true)
        #expect(FileManager.default.fileExists(atPath: mirror + "/HEAD"))
        #expect(
            fixture.runner.commands(containing: ["worktree", "add", "--force", "--detach", tree, Self.commit]).count
                == 1)

        let configure = try #require(fixture.runner.commands.first { $0.executable.hasSuffix("/configure") })
        #expect(configure.executable == tree + "/configure")
        #expect(configure.arguments == ["--prefix=" + prefix, "--without-icu", "CC=gcc"])
        let buildDirectory = fixture.work + "/builds/" + location.mirrorName + "/REL_15_STABLE"
        #expect(configure.workingDirectory == buildDirectory)
        #expect(configure.environment["TMPDIR"] == fixture.work + "/tmp")
        #expect(configure.environment["LC_ALL"] == "C")
        let makes = fixture.runner.commands.filter { $0.executable == "make" }
        #expect(
            makes.map(\.arguments) == [
                ["-j3"], ["-j3", "install"], ["-j3", "-C", "contrib/pg_stat_statements", "install"],
            ])
        #expect(makes.allSatisfy { $0.workingDirectory == buildDirectory })
        if case .logFile(let path) = makes[0].output {
            #expect(path == result.logDirectory + "/build.log")
        } else {
            Issue.record("make -j3 does not log to a file")
        }

        // The same request again: fetch, no configure, cached.
        let before = fixture.runner.commands.count
        let again = try await fixture.builder().build(fixture.request())
        let later = Array(fixture.runner.commands.dropFirst(before))
        #expect(again.cached)
        #expect(again.status == .succeeded)
        #expect(again.installPrefix == prefix)
        #expect(again.cacheKey == result.cacheKey)
        #expect(again.steps.map(\.name) == [.fetch])
        #expect(
            later.contains {
                $0.arguments.suffix(6) == ["fetch", "--prune", "--quiet", "--upload-pack", uploadPack, "origin"]
            })
        #expect(!later.contains { $0.executable.hasSuffix("/configure") || $0.executable == "make" })

        // --force builds again.
        var forced = fixture.request()
        forced.force = true
        let rebuilt = try await fixture.builder().build(forced)
        #expect(!rebuilt.cached)
        #expect(fixture.runner.commands.filter { $0.executable.hasSuffix("/configure") }.count == 2)
    }

    /// The progress reports of a build, collected from the observer.
    final class ProgressLog: Sendable {
        private let reports = Mutex<[BuildProgress]>([])

        func record(_ report: BuildProgress) { reports.withLock { $0.append(report) } }

        /// The reports so far, as `step event` words (durations of git steps vary, so they are left out).
        var words: [String] {
            reports.withLock { reports in
                reports.map { report in
                    switch report.event {
                    case .started: "\(report.step) started"
                    case .finished(_, let succeeded): "\(report.step) \(succeeded ? "succeeded" : "failed")"
                    case .cacheHit(let prefix): "\(report.step) hit \(prefix)"
                    }
                }
            }
        }

        var all: [BuildProgress] { reports.withLock { $0 } }
    }

    @Test("progress: every step started and finished in order, then a cache hit naming the prefix")
    func progress() async throws {
        let fixture = try Fixture()
        let log = ProgressLog()
        let result = try await fixture.builder().build(fixture.request()) { log.record($0) }
        #expect(result.status == .succeeded)
        #expect(
            log.words == [
                "fetch started", "fetch succeeded", "checkout started", "checkout succeeded", "configure started",
                "configure succeeded", "build started", "build succeeded", "install started", "install succeeded",
                "contrib started", "contrib succeeded",
            ])
        let configure = log.all[5]
        #expect(configure.event == .finished(duration: .milliseconds(1), succeeded: true))
        #expect(configure.phrase == "configure (0.0 s)")
        #expect(log.all[0].phrase == "fetch")
        #expect(log.all[1].phrase.hasPrefix("fetch ("))

        // The same request again: fetched, then taken from the cache.
        let cached = ProgressLog()
        let again = try await fixture.builder().build(fixture.request()) { cached.record($0) }
        let prefix = try #require(again.installPrefix)
        #expect(again.cached)
        #expect(cached.words == ["fetch started", "fetch succeeded", "install_cache hit \(prefix)"])
        #expect(cached.all.last?.phrase == "install cache hit: \(prefix)")
        #expect(cached.all.last?.description == "install cache hit: \(prefix)")
    }

    @Test("progress: a failed step is the last report, saying it failed")
    func progressOfAFailure() async throws {
        let fixture = try Fixture()
        fixture.runner.on({ $0.executable.hasSuffix("/configure") }, respond: { _ in .exit(1) })
        let log = ProgressLog()
        var request = fixture.request()
        request.force = true
        let result = try await fixture.builder().build(request) { log.record($0) }
        #expect(result.status == .failed)
        #expect(
            log.words == [
                "fetch started", "fetch succeeded", "checkout started", "checkout succeeded", "configure started",
                "configure failed",
            ])
        #expect(log.all.last?.phrase == "configure failed (0.0 s)")
    }

    @Test("a failed configure is a failed result with its exit status and the end of its log")
    func configureFails() async throws {
        let fixture = try Fixture()
        fixture.runner.on(
            { $0.executable.hasSuffix("/configure") },
            respond: { _ in
                .exit(
                    1, standardOutput: "checking for gcc... gcc\n",
                    standardError: "configure: error: zlib library not found\n")
            })
        let result = try await fixture.builder().build(fixture.request())
        #expect(result.status == .failed)
        let failure = try #require(result.failure)
        #expect(failure.step == .configure)
        #expect(failure.exitStatus == 1)
        #expect(failure.logFile == result.logDirectory + "/configure.log")
        #expect(failure.logTail.contains("configure: error: zlib library not found"))
        #expect(failure.logTail.first?.hasPrefix("$ ") == true)
        #expect(failure.logTail.last == "# exit status 1 after 0.0 s")
        #expect(result.installPrefix == nil)
        #expect(result.timings.buildSeconds == nil)
        #expect(!fixture.runner.commands.contains { $0.executable == "make" })
        let written = try Data(contentsOf: URL(fileURLWithPath: result.logDirectory + "/build-result.json"))
        #expect(written == (try BuildResultJSON.encode(result)))
        #expect(try BuildResultJSON.encode(BuildResultJSON.decode(written)) == written)
        #expect(!FileManager.default.fileExists(atPath: fixture.work + "/installs/" + result.cacheKey.prefix(16)))
        // A failed build is not cached: the next run builds again.
        let again = try await fixture.builder().build(fixture.request())
        #expect(!again.cached)
        #expect(again.status == .failed)
    }

    @Test("a make that runs past its timeout is a failed result that says so")
    func buildTimesOut() async throws {
        let fixture = try Fixture()
        fixture.runner.on(["make", "-j3"]) { _ in
            CommandOutcome(termination: .signaled(15), duration: .seconds(2), timedOut: true)
        }
        // Later rules win: keep make install working.
        let result = try await fixture.builder().build(fixture.request())
        let failure = try #require(result.failure)
        #expect(failure.step == .build)
        #expect(failure.timedOut)
        #expect(failure.signal == 15)
        #expect(failure.exitStatus == nil)
        #expect(failure.message.contains("timed out"))
        #expect(result.steps.last?.timedOut == true)
    }

    @Test("patches are applied in order, recorded by name and SHA-256, and part of the cache key")
    func patches() async throws {
        let fixture = try Fixture()
        let patch = fixture.directory.path + "/fix.patch"
        try "abc".write(toFile: patch, atomically: true, encoding: .utf8)
        let plain = try await fixture.builder().build(fixture.request())
        var request = fixture.request()
        request.patches = [patch]
        let patched = try await fixture.builder().build(request)
        #expect(patched.status == .succeeded)
        #expect(!patched.cached)
        #expect(
            patched.patches == [
                SourcePatch(
                    name: "fix.patch", sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            ])
        #expect(patched.cacheKey != plain.cacheKey)
        #expect(patched.steps.map(\.name) == [.fetch, .checkout, .patch, .configure, .build, .install, .contrib])
        #expect(patched.timings.patchSeconds != nil)
        let apply = try #require(fixture.runner.commands(containing: ["apply", "--whitespace=nowarn", patch]).first)
        #expect(
            apply.workingDirectory?.hasSuffix(
                "/trees/" + RepositoryLocation(fixture.repository).mirrorName + "/REL_15_STABLE") == true)

        // A patch that does not apply: a failed result, nothing configured.
        fixture.runner.on(["apply"], .exit(1, standardError: "error: patch failed: src/backend/main/main.c:10\n"))
        try "abcd".write(toFile: patch, atomically: true, encoding: .utf8)
        let configuresBefore = fixture.runner.commands.filter { $0.executable.hasSuffix("/configure") }.count
        let failed = try await fixture.builder().build(request)
        #expect(failed.status == .failed)
        #expect(failed.failure?.step == .patch)
        #expect(failed.failure?.message.contains("fix.patch") == true)
        #expect(failed.failure?.logTail.contains("error: patch failed: src/backend/main/main.c:10") == true)
        #expect(fixture.runner.commands.filter { $0.executable.hasSuffix("/configure") }.count == configuresBefore)

        request.patches = [fixture.directory.path + "/missing.patch"]
        let missing = await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(request) }
        #expect(missing?.code == .fileAccess)
    }

    @Test("--enable-cassert is refused unless allowed, before anything runs; the result records assertions")
    func cassert() async throws {
        let fixture = try Fixture()
        var request = fixture.request(options: ["--enable-debug", "--enable-cassert"])
        let refused = await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(request) }
        #expect(refused?.code == .invalidConfiguration)
        #expect(refused?.message.contains("--allow-cassert") == true)
        #expect(fixture.runner.commands.isEmpty)
        #expect(
            BuildRequest(repository: "r", branch: "b", configureOptions: ["--enable-cassert", "--disable-cassert"])
                .enablesCassert == false)

        request.allowCassert = true
        fixture.runner.on(["pg_config", "--configure"], .exit(0, standardOutput: "'--prefix=/x' '--enable-cassert'\n"))
        let result = try await fixture.builder().build(request)
        #expect(result.assertionsEnabled == true)
        #expect(result.configureOptions == ["--enable-debug", "--enable-cassert"])
    }

    @Test("unknown branch, tag fallback, commits on and off the branch")
    func branchesAndCommits() async throws {
        let fixture = try Fixture(branches: ["REL_15_STABLE": Self.commit], tags: ["REL_15_0": Self.otherCommit])
        let unknown = await #expect(throws: PerfFarmError.self) {
            try await fixture.builder().build(fixture.request("no-such-branch"))
        }
        #expect(unknown?.code == .invalidConfiguration)
        #expect(unknown?.key == "--branch")
        #expect(unknown?.message.contains("no branch or tag named no-such-branch") == true)

        // Not a branch, but a tag: refs/tags/REL_15_0.
        let tag = try await fixture.builder().build(fixture.request("REL_15_0"))
        #expect(tag.source.commit == Self.otherCommit)
        #expect(
            fixture.runner.commands(containing: ["rev-parse", "--verify", "--quiet", "refs/tags/REL_15_0^{commit}"])
                .count == 1)

        var request = fixture.request()
        request.commit = Self.commit
        let onBranch = try await fixture.builder().build(request)
        #expect(onBranch.source.commit == Self.commit)
        request.commit = Self.otherCommit
        let offBranch = await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(request) }
        #expect(offBranch?.key == "--commit")
        #expect(offBranch?.message.contains("is not on REL_15_STABLE") == true)
    }

    @Test("a failed fetch is thrown with the end of git's output; a spawn failure is thrown as is")
    func fetchFails() async throws {
        let fixture = try Fixture()
        fixture.runner.on({ Fixture.isGit($0, "clone") }) { _ in
            .exit(128, standardError: "fatal: repository '/nowhere' does not exist\n")
        }
        let error = await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(fixture.request()) }
        #expect(error?.code == .commandFailed)
        #expect(error?.message.contains("does not exist") == true)
        #expect(error?.path?.hasSuffix("/fetch.log") == true)
        // Nothing half-made stays in the work area, and the lock was released.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.work + "/mirrors").isEmpty)
        let lock = try WorkAreaLock.acquire(path: fixture.work + "/perffarm.lock", purpose: "test")
        lock.release()
    }

    @Test("ccache goes in front of the compiler, with its cache in the work area")
    func ccache() async throws {
        let fixture = try Fixture()
        let bin = fixture.directory.path + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: bin + "/ccache", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["CC"] = nil
        var request = fixture.request()
        request.useCcache = true
        let result = try await fixture.builder(environment: environment).build(request)
        #expect(result.ccache)
        let configure = try #require(fixture.runner.commands.first { $0.executable.hasSuffix("/configure") })
        #expect(configure.arguments.last == "CC=ccache gcc")
        #expect(configure.environment["CCACHE_DIR"] == fixture.work + "/ccache")
        // ccache does not change the binaries: the key is the same as without it.
        let other = try Fixture()
        let plain = try await other.builder(environment: environment).build(other.request())
        #expect(!plain.ccache)
        #expect(plain.cacheKey == result.cacheKey)
    }

    @Test("CC= among the configure options chooses the compiler and is part of the key")
    func compilerFromOptions() async throws {
        let fixture = try Fixture()
        fixture.runner.on(["clang", "--version"], .exit(0, standardOutput: "clang version 16.0.6\nTarget: x86_64\n"))
        let gcc = try await fixture.builder().build(fixture.request())
        let clang = try await fixture.builder().build(fixture.request(options: ["--without-icu", "CC=clang"]))
        #expect(clang.compiler.command == "clang")
        #expect(clang.compiler.versionLine == "clang version 16.0.6")
        #expect(clang.compiler.family == "clang")
        #expect(clang.compiler.version == "16.0.6")
        #expect(clang.cacheKey != gcc.cacheKey)
        let configure = try #require(fixture.runner.commands.last { $0.executable.hasSuffix("/configure") })
        #expect(configure.arguments.filter { $0.hasPrefix("CC=") } == ["CC=clang"])
    }

    @Test("a cancelled build throws CancellationError and releases the lock")
    func cancellation() async throws {
        let fixture = try Fixture()
        fixture.runner.on(["make", "-j3"]) { _ in throw CancellationError() }
        await #expect(throws: CancellationError.self) { try await fixture.builder().build(fixture.request()) }
        let lock = try WorkAreaLock.acquire(path: fixture.work + "/perffarm.lock", purpose: "test")
        lock.release()
    }

    @Test("bad numbers and branch names are refused")
    func validation() async throws {
        let fixture = try Fixture()
        var request = fixture.request()
        request.jobs = 0
        await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(request) }
        request = fixture.request("--upload-pack=evil")
        await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(request) }
        request = fixture.request()
        request.commit = "--output=/etc/passwd"
        await #expect(throws: PerfFarmError.self) { try await fixture.builder().build(request) }
        #expect(fixture.runner.commands.isEmpty)
    }
}

@Suite("Install cache, work area, lock, repository names")
struct InstallCacheTests {
    static let inputs = InstallCache.KeyInputs(
        commit: String(repeating: "a", count: 40), configureOptions: ["--without-icu"], compilerCommand: "gcc",
        compilerVersion: "gcc (Debian 12.2.0-14) 12.2.0", compilerEnvironment: ["CFLAGS": "-O2"],
        patches: [SourcePatch(name: "a.patch", sha256: "11")])

    @Test("the key is SHA-256 of a canonical text, and changes with each input")
    func key() {
        let base = Self.inputs
        #expect(
            base.canonicalText == """
                perffarm install cache 1
                commit aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                configure --without-icu
                compiler gcc
                compiler-version gcc (Debian 12.2.0-14) 12.2.0
                environment CFLAGS=-O2
                patch 11
                contrib pg_stat_statements

                """)
        #expect(base.key == SHA256Hex.digest(base.canonicalText))
        #expect(base.key.count == 64)
        #expect(SHA256Hex.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var variants: [InstallCache.KeyInputs] = []
        var copy = base
        copy.commit = String(repeating: "b", count: 40)
        variants.append(copy)
        copy = base
        copy.configureOptions = ["--without-icu", "--enable-debug"]
        variants.append(copy)
        copy = base
        copy.compilerVersion = "gcc (Debian 12.2.0-15) 12.2.0"
        variants.append(copy)
        copy = base
        copy.compilerEnvironment = [:]
        variants.append(copy)
        copy = base
        copy.patches = [SourcePatch(name: "a.patch", sha256: "12")]
        variants.append(copy)
        #expect(Set(variants.map(\.key) + [base.key]).count == variants.count + 1)
        // The patch's name is not part of the key, only its content.
        copy = base
        copy.patches = [SourcePatch(name: "renamed.patch", sha256: "11")]
        #expect(copy.key == base.key)
    }

    @Test("pruning keeps the most recently used complete installs and removes incomplete ones")
    func prune() throws {
        let directory = try TemporaryDirectory()
        let workArea = WorkArea(root: directory.path)
        try workArea.prepare()
        let cache = InstallCache(workArea: workArea)
        let now = Date()
        for (index, name) in ["aaaa", "bbbb", "cccc", "dddd"].enumerated() {
            let path = workArea.installs + "/" + name
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path + "/build-result.json", contents: Data("{}".utf8))
            try FileManager.default.setAttributes(
                [.modificationDate: now.addingTimeInterval(Double(index) * 60)],
                ofItemAtPath: path + "/build-result.json")
        }
        try FileManager.default.createDirectory(atPath: workArea.installs + "/half", withIntermediateDirectories: true)
        let removed = cache.prune(keep: 2, current: "aaaa", logger: Logger(label: "test"))
        #expect(Set(removed.map { ($0 as NSString).lastPathComponent }) == ["bbbb", "cccc", "half"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: workArea.installs).sorted() == ["aaaa", "dddd"])
    }

    @Test("the lock refuses a second holder, names the first, and is released")
    func lock() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/nested/dir/perffarm.lock"
        try FileManager.default.createDirectory(
            atPath: directory.path + "/nested/dir", withIntermediateDirectories: true)
        let first = try WorkAreaLock.acquire(path: path, purpose: "perffarm build --branch master")
        let error = #expect(throws: PerfFarmError.self) { try WorkAreaLock.acquire(path: path, purpose: "second") }
        #expect(error?.code == .workAreaLocked)
        #expect(error?.path == path)
        #expect(error?.message.contains("pid \(ProcessInfo.processInfo.processIdentifier)") == true)
        #expect(error?.message.contains("perffarm build --branch master") == true)
        first.release()
        first.release()
        let second = try WorkAreaLock.acquire(path: path, purpose: "second")
        second.release()
    }

    @Test(
        "the work area is created with every missing parent; the default follows XDG_CACHE_HOME, root's is /var/cache")
    func workArea() throws {
        let directory = try TemporaryDirectory()
        let workArea = WorkArea(root: directory.path + "/a/b/c/perffarm")
        try workArea.prepare()
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: workArea.root))
                == ["mirrors", "trees", "builds", "installs", "logs", "tmp"])
        #expect(
            WorkArea.defaultRoot(environment: ["XDG_CACHE_HOME": "/var/cache/x", "HOME": "/home/u"])
                == "/var/cache/x/perffarm")
        // Root's home is not reachable by the user PostgreSQL runs as: root's default is /var/cache/perffarm.
        let home = geteuid() == 0 ? "/var/cache/perffarm" : "/home/u/.cache/perffarm"
        #expect(WorkArea.defaultRoot(environment: ["HOME": "/home/u"]) == home)
        #expect(WorkArea.defaultRoot(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == home)
    }

    @Test(
        "repository locations: URLs, scp-like, file://, paths; mirror and branch folder names",
        arguments: [
            ("https://git.postgresql.org/git/postgresql.git", nil as String?, "postgresql-"),
            ("git@github.com:postgres/postgres.git", nil, "postgres-"),
            ("file:///srv/mirror/postgresql.git/", "/srv/mirror/postgresql.git/", "postgresql-"),
            ("/srv/src/postgresql/", "/srv/src/postgresql", "postgresql-"),
        ])
    func locations(url: String, local: String?, namePrefix: String) {
        let location = RepositoryLocation(url)
        #expect(location.localPath == local)
        #expect(location.mirrorName.hasPrefix(namePrefix))
        #expect(location.mirrorName.count == namePrefix.count + 12)
    }

    @Test("branch folders are safe and distinct")
    func branchFolders() {
        #expect(RepositoryLocation.branchFolder("REL_15_STABLE") == "REL_15_STABLE")
        #expect(RepositoryLocation.branchFolder("feature/x").hasPrefix("feature_x-"))
        #expect(RepositoryLocation.branchFolder("feature/x") != RepositoryLocation.branchFolder("feature_x"))
        #expect(RepositoryLocation.branchFolder("..").hasPrefix("..-"))
        #expect(RepositoryLocation(".").fetchURL == FileManager.default.currentDirectoryPath)
    }

    @Test("the log tail is the last lines, without a partial first line")
    func logTail() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/build.log"
        let text = (1...500).map { "line \($0)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let tail = LogTail.lines(ofFile: path, count: 100)
        #expect(tail.count == 100)
        #expect(tail.first == "line 401")
        #expect(tail.last == "line 500")
        let window = LogTail.lines(ofFile: path, count: 100, maxBytes: 30)
        #expect(window == ["line 498", "line 499", "line 500"])
        #expect(LogTail.lines(ofFile: directory.path + "/missing.log").isEmpty)
    }
}
