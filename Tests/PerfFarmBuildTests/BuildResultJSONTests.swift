import Foundation
import PerfFarmBuild
import PerfFarmCore
import Testing

@Suite("BuildResult JSON: snake_case keys, explicit nulls, millisecond timestamps")
struct BuildResultJSONTests {
    static let started = Date(timeIntervalSince1970: 1_764_394_123.0067)

    static func failedResult() -> BuildResult {
        let source = SourceRevision(
            repositoryURL: "https://git.postgresql.org/git/postgresql.git", fetchURL: "/srv/mirror/postgresql.git",
            branch: "REL_15_STABLE", commit: String(repeating: "a", count: 40),
            commitDate: Date(timeIntervalSince1970: 1_739_826_000), authorName: "Ann", authorEmail: "ann@example.org",
            subject: "Fix a thing")
        let step = BuildStep(
            name: .build, command: "make -j2", startedAt: started, durationSeconds: 5.5, succeeded: false,
            exitStatus: 2, logFile: "/w/logs/x/build.log")
        return BuildResult(
            status: .failed, cached: false, cacheKey: String(repeating: "0", count: 64), source: source,
            patches: [SourcePatch(name: "fix.patch", sha256: String(repeating: "1", count: 64))],
            configureOptions: ["--without-icu"], assertionsEnabled: nil,
            compiler: CompilerInfo(command: "gcc", family: nil, version: nil, target: nil, versionLine: "gcc 12"),
            ccache: false, jobs: 2, workDirectory: "/w", installPrefix: nil, postgresVersion: nil,
            logDirectory: "/w/logs/x", steps: [step],
            timings: BuildResult.Timings(gitSeconds: 0.5, configureSeconds: 20, buildSeconds: 5.5, totalSeconds: 27),
            failure: BuildResult.Failure(
                step: .build, message: "`make -j2` failed with exit status 2", exitStatus: 2,
                logFile: "/w/logs/x/build.log", logTail: ["archive.c:1:2: error: expected ';'"]),
            builtAt: nil, startedAt: started, finishedAt: started.addingTimeInterval(27))
    }

    @Test("every field is written, null when absent, with the documented names")
    func fields() throws {
        let data = try BuildResultJSON.encode(Self.failedResult())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "schema_version", "status", "cached", "cache_key", "source", "patches", "configure_options",
                "assertions_enabled", "compiler", "ccache", "jobs", "work_directory", "install_prefix",
                "postgres_version", "log_directory", "steps", "timings", "failure", "built_at", "started_at",
                "finished_at",
            ])
        #expect(object["schema_version"] as? Int == 1)
        #expect(object["status"] as? String == "failed")
        #expect(object["install_prefix"] is NSNull)
        #expect(object["assertions_enabled"] is NSNull)
        #expect(object["built_at"] is NSNull)
        #expect(object["started_at"] as? String == "2025-11-29T05:28:43.007Z")
        let source = try #require(object["source"] as? [String: Any])
        #expect(
            Set(source.keys) == [
                "repository_url", "fetch_url", "branch", "commit", "commit_date", "author_name", "author_email",
                "subject",
            ])
        #expect(source["commit_date"] as? String == "2025-02-17T21:00:00.000Z")
        let timings = try #require(object["timings"] as? [String: Any])
        #expect(Set(timings.keys) == ["git_s", "patch_s", "configure_s", "build_s", "install_s", "total_s"])
        #expect(timings["patch_s"] is NSNull)
        #expect(timings["build_s"] as? Double == 5.5)
        let step = try #require((object["steps"] as? [[String: Any]])?.first)
        #expect(
            Set(step.keys) == [
                "name", "command", "started_at", "duration_s", "succeeded", "exit_status", "signal", "timed_out",
                "log_file",
            ])
        #expect(step["name"] as? String == "build")
        #expect(step["signal"] is NSNull)
        let failure = try #require(object["failure"] as? [String: Any])
        #expect(
            Set(failure.keys) == ["step", "message", "exit_status", "signal", "timed_out", "log_file", "log_tail"])
        #expect(failure["log_tail"] as? [String] == ["archive.c:1:2: error: expected ';'"])
        let patch = try #require((object["patches"] as? [[String: Any]])?.first)
        #expect(Set(patch.keys) == ["name", "sha256"])
    }

    @Test("decoding and encoding again gives the same bytes (timestamps rounded to the millisecond)")
    func roundTrip() throws {
        let data = try BuildResultJSON.encode(Self.failedResult())
        let decoded = try BuildResultJSON.decode(data)
        #expect(try BuildResultJSON.encode(decoded) == data)
        #expect(try BuildResultJSON.encode(BuildResultJSON.decode(BuildResultJSON.encode(decoded))) == data)
        #expect(decoded.failure?.step == .build)
        #expect(abs(decoded.startedAt.timeIntervalSince(Self.started)) < 0.001)
        for fraction in [0.0, 0.001, 0.007, 0.0995, 0.5, 0.999, 0.9996] {
            var result = Self.failedResult()
            result.startedAt = Date(timeIntervalSince1970: 1_764_394_123 + fraction)
            let once = try BuildResultJSON.encode(result)
            #expect(try BuildResultJSON.encode(BuildResultJSON.decode(once)) == once, "\(fraction)")
        }
    }
}
