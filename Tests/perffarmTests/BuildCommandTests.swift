import ArgumentParser
import Foundation
import PerfFarmBuild
import PerfFarmCore
import Testing

@testable import perffarm

@Suite("perffarm build: options")
struct BuildCommandTests {
    @Test("options map to the build request; configure options that look like flags are taken as values")
    func request() throws {
        let command = try BuildCommand.parse([
            "--repo", "/srv/postgresql", "--branch", "REL_16_STABLE", "--commit", "abc123",
            "--configure-opt", "--without-icu", "--configure-opt=--enable-debug", "--configure-opt", "CFLAGS=-O2",
            "--patch", "a.patch", "--patch", "b.patch", "--jobs", "4", "--work-dir", "/srv/work", "--force",
            "--ccache", "--report-url", "https://git.postgresql.org/git/postgresql.git", "--keep-installs", "3",
        ])
        let request = command.request
        #expect(request.repository == "/srv/postgresql")
        #expect(request.branch == "REL_16_STABLE")
        #expect(request.commit == "abc123")
        #expect(request.configureOptions == ["--without-icu", "--enable-debug", "CFLAGS=-O2"])
        #expect(request.patches == ["a.patch", "b.patch"])
        #expect(request.jobs == 4)
        #expect(request.workDirectory == "/srv/work")
        #expect(request.force)
        #expect(request.useCcache)
        #expect(!request.allowCassert)
        #expect(request.reportURL == "https://git.postgresql.org/git/postgresql.git")
        #expect(request.keepInstalls == 3)
        #expect(!command.json)
    }

    @Test("defaults: no commit, no options, CPU count, default work area, cache used")
    func defaults() throws {
        let request = try BuildCommand.parse(["--repo", "r", "--branch", "master", "--json"]).request
        #expect(request.commit == nil)
        #expect(request.configureOptions.isEmpty)
        #expect(request.jobs == nil)
        #expect(request.workDirectory == nil)
        #expect(!request.force)
        #expect(request.keepInstalls == 5)
    }

    @Test(
        "usage errors",
        arguments: [
            ["--branch", "master"],
            ["--repo", "r"],
            ["--repo", "r", "--branch", "master", "--jobs", "0"],
            ["--repo", "r", "--branch", "master", "--keep-installs", "0"],
            ["--repo", "r", "--branch", "master", "--configure-opt=--prefix=/usr"],
            ["--repo", "r", "--branch", ""],
        ])
    func usageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try BuildCommand.parse(arguments) }
    }

    @Test("the summary of a failed build names the step and shows the end of the log")
    func summary() {
        let source = SourceRevision(
            repositoryURL: "r", fetchURL: "r", branch: "broken", commit: String(repeating: "b", count: 40),
            commitDate: Date(timeIntervalSince1970: 0), authorName: "A", authorEmail: "a@b", subject: "Break it")
        let result = BuildResult(
            status: .failed, cached: false, cacheKey: String(repeating: "0", count: 64), source: source, patches: [],
            configureOptions: [], assertionsEnabled: nil,
            compiler: CompilerInfo(command: "gcc", family: nil, version: nil, target: nil, versionLine: "gcc 12"),
            ccache: false, jobs: 2, workDirectory: "/w", installPrefix: nil, postgresVersion: nil,
            logDirectory: "/w/logs/x", steps: [],
            timings: BuildResult.Timings(gitSeconds: 1, configureSeconds: 20, buildSeconds: 5, totalSeconds: 27),
            failure: BuildResult.Failure(
                step: .build, message: "`make -j2` failed with exit status 2", exitStatus: 2,
                logFile: "/w/logs/x/build.log", logTail: ["archive.c:122:29: error: expected expression"]),
            builtAt: nil, startedAt: Date(), finishedAt: Date())
        let text = BuildSummary.render(result)
        #expect(text.hasPrefix("FAILED: broken at bbbbbbbbbbbb (Break it)\n"))
        #expect(text.contains("timings:   git 1.0 s, configure 20.0 s, make 5.0 s, total 27.0 s"))
        #expect(text.contains("failed:    build — `make -j2` failed with exit status 2"))
        #expect(text.contains("    archive.c:122:29: error: expected expression"))
        #expect(!text.contains("install:"))
    }
}
