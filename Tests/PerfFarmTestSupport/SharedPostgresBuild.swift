import Foundation
import Logging
public import PerfFarmBuild
public import PerfFarmCore
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One real build of PostgreSQL 15.18, made once per test process and shared by every test that needs
/// an installed PostgreSQL (`bin/postgres`, `bin/pg_ctl`, `bin/pgbench`, pg_stat_statements).
///
/// The first ``get()`` makes the source repository (``PostgresSourceFixture``) and builds `REL_15_STABLE`
/// with ``configureOptions`` through the real pipeline (mirror, worktree, configure, make, install); later
/// calls wait for the same build. Everything lives in `perffarm-build-fixture-<pid>` in the temporary
/// directory; directories left by earlier test processes that are gone are removed on the way.
///
/// Tests that build in ``workDirectory`` themselves take the work area's lock: run them in a `.serialized`
/// suite, and expect a cache hit for `REL_15_STABLE` with ``configureOptions``.
public struct SharedPostgresBuild: Sendable {
    /// The source repository.
    public let source: PostgresSourceFixture
    /// The work area of the shared build.
    public let workDirectory: String
    /// The request that was built.
    public let request: BuildRequest
    /// The result of the build (status `succeeded` unless the build failed).
    public let result: BuildResult
    /// The seconds the source repository took to make (extract, commit).
    public let sourceSeconds: Double

    /// The install prefix (`bin/`, `lib/`, `share/`).
    public var installPrefix: String { result.installPrefix ?? "" }
    /// The directory of `postgres`, `pg_ctl`, `initdb`, `pgbench`, `psql`.
    public var binDirectory: String { installPrefix + "/bin" }

    /// The configure options of the shared build: no readline, no ICU, to keep dependencies small.
    public static let configureOptions = ["--without-readline", "--without-icu"]

    private static let shared = Task { try await make() }

    /// The source fixture alone, without waiting for the build (tests that build commits of their own).
    public static func source() async throws -> PostgresSourceFixture {
        try await sharedSource.value
    }

    private static let sharedSource = Task { try await makeSource() }

    private static func makeSource() async throws -> PostgresSourceFixture {
        var logger = Logger(label: "perffarm-test-build") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        let base = FileManager.default.temporaryDirectory.path
        removeStaleFixtures(in: base)
        let root = rootPath
        try? FileManager.default.removeItem(atPath: root)
        // The build (about 640 MB) goes with the test process; a process killed before its exit leaves it to
        // removeStaleFixtures of the next run.
        atexit { try? FileManager.default.removeItem(atPath: SharedPostgresBuild.rootPath) }
        return try await PostgresSourceFixture.make(in: root + "/source", runner: LiveCommandRunner(logger: logger))
    }

    /// The shared build, made by the first caller.
    /// - Throws: when the source cannot be made or the build throws (a failed build is returned as a result).
    public static func get() async throws -> SharedPostgresBuild {
        try await shared.value
    }

    private static func make() async throws -> SharedPostgresBuild {
        var logger = Logger(label: "perffarm-test-build") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        let runner = LiveCommandRunner(logger: logger)
        let root = rootPath
        let clock = ContinuousClock()
        let start = clock.now
        let source = try await source()
        let sourceDuration = clock.now - start
        let request = BuildRequest(
            repository: source.repository, branch: PostgresSourceFixture.stableBranch,
            configureOptions: configureOptions, workDirectory: root + "/work")
        let result = try await PostgresBuilder(runner: runner, logger: logger).build(request)
        return SharedPostgresBuild(
            source: source, workDirectory: root + "/work", request: request, result: result,
            sourceSeconds: sourceDuration.inSeconds)
    }

    /// Where this test process builds: `<tmp>/perffarm-build-fixture-<pid>`.
    static let rootPath = FileManager.default.temporaryDirectory.path + "/perffarm-build-fixture-\(getpid())"

    /// Removes `perffarm-build-fixture-<pid>` directories whose process is gone.
    private static func removeStaleFixtures(in base: String) {
        let prefix = "perffarm-build-fixture-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: base + "/" + name)
            }
        }
    }
}
