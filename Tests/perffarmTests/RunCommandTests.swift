import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

/// `perffarm run` as a user runs it: the built binary, the machine's installed PostgreSQL, a real HTTP server.
@Suite(
    "perffarm run: the binary", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: TestPostgresServer.isAvailable, "needs the machine's PostgreSQL binaries"))
struct RunCommandTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("perffarm")
    }

    static func arguments(_ area: BenchmarkTestArea, upload: String, secret: String) -> [String] {
        [
            "run", "--pg-bin", TestPostgresServer.findBinDirectory() ?? "", "--work-dir", area.workDirectory,
            "--output", area.file("results"), "--store", area.file("results.sqlite"), "--scales", "1", "--clients", "1",
            "--workloads", "read-only",
            "--duration", "1", "--runs", "1", "--machine", "clibox", "--upload-url", upload,
            "--machine-secret-file", secret,
        ]
    }

    @Test("a refused upload: exit 1, the report says so; the result is on disk; --json has the upload")
    func refusedUpload() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
        try await BenchmarkTestArea.run { area in
            let secret = area.file("secret")
            try Data("s3cr3t-for-the-cli-test-0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: secret))
            chmod(secret, 0o600)
            try await TestHTTPServer.run(status: 400) { server in
                let refused = try ParseCommandTests.run(
                    Self.binary, Self.arguments(area, upload: server.baseURL + "/r", secret: secret) + ["--quiet"])
                #expect(refused.status == 1, "\(refused.stderr)")
                #expect(refused.stdout.contains("upload: 0 delivered, 1 rejected (see outbox/rejected)"))
                #expect(refused.stdout.contains("HTTP 400"))
                #expect(
                    refused.stdout.contains("store: 1 stored in \(area.file("results.sqlite"))"), "\(refused.stdout)")

                try server.respond(status: 201)
                let delivered = try ParseCommandTests.run(
                    Self.binary, Self.arguments(area, upload: server.baseURL + "/r", secret: secret) + ["--json"])
                #expect(delivered.status == 0, "\(delivered.stderr)")
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(delivered.stdout.utf8)) as? [String: Any])
                let upload = try #require(document["upload"] as? [String: Any])
                let entries = try #require(upload["entries"] as? [[String: Any]])
                #expect(entries.map { $0["outcome"] as? String } == ["delivered"])
                #expect(document["upload_error"] is NSNull)
                let store = try #require(document["store"] as? [String: Any])
                #expect(store["location"] as? String == area.file("results.sqlite"))
                #expect((store["stored"] as? [[String: Any]])?.map { $0["outcome"] as? String } == ["stored"])
                let branches = try #require(document["branches"] as? [[String: Any]])
                #expect(branches.first?["status"] as? String == "succeeded")
                let file = try #require(branches.first?["result_file"] as? String)
                #expect(try server.requests().last?.body == (try Data(contentsOf: URL(fileURLWithPath: file))))
                #expect(!refused.stdout.contains("s3cr3t") && !delivered.stdout.contains("s3cr3t"))
                #expect(!refused.stderr.contains("s3cr3t") && !delivered.stderr.contains("s3cr3t"))
            }
            // No secret, upload asked for: exit 2 before anything runs, the one-line error names what to do.
            let missing = try ParseCommandTests.run(
                Self.binary, Self.arguments(area, upload: "http://127.0.0.1:9/r", secret: area.file("nope")))
            #expect(missing.status == 2, "\(missing.stderr)")
            #expect(missing.stderr.hasPrefix("perffarm: ") && missing.stderr.contains(area.file("nope")))
            #expect(missing.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("another run holds the work area: one line naming it, exit 0 at once (cron-friendly)")
    func heldLock() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
        let directory = try TemporaryDirectory(prefix: "perffarm-run-locked")
        let work = directory.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let lock = try WorkAreaLock.acquire(path: work + "/perffarm.lock", purpose: "perffarm run started by cron")
        defer { lock.release() }
        let locked = try ParseCommandTests.run(
            Self.binary,
            [
                "run", "--pg-bin", TestPostgresServer.findBinDirectory() ?? "", "--work-dir", work, "--quiet",
                "--no-upload",
            ])
        #expect(locked.status == 0, "\(locked.stderr)")
        #expect(locked.stdout.hasPrefix("nothing done: ") && locked.stdout.contains("perffarm run started by cron"))
        #expect(locked.stdout.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: work + "/results"))
    }
}

/// `perffarm branches` on a real git repository with several stable branches.
@Suite("perffarm branches: auto on a real repository")
struct BranchesCommandTests {
    static func git(_ directory: String, _ arguments: [String]) throws {
        let result = try ParseCommandTests.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "-C", directory, "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments)
        try #require(result.status == 0, "git \(arguments): \(result.stderr)")
    }

    @Test("master and the newest stable branches, newest first; other branches left out; --stable and --json")
    func auto() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-branches")
        let repository = directory.path + "/postgresql"
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try Self.git(repository, ["init", "-q", "-b", "master"])
        try Self.git(repository, ["commit", "-q", "--allow-empty", "-m", "initial"])
        for branch in [
            "REL9_6_STABLE", "REL_10_STABLE", "REL_12_STABLE", "REL_13_STABLE", "REL_14_STABLE", "REL_15_STABLE",
            "REL_16_STABLE", "REL_17_STABLE", "REL_17_BETA", "feature/fast-path",
        ] {
            try Self.git(repository, ["branch", branch])
        }
        let binary = RunCommandTests.binary
        let work = directory.path + "/work"
        let plain = try ParseCommandTests.run(binary, ["branches", "--repo", repository, "--work-dir", work])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(
            plain.stdout
                == "master\nREL_17_STABLE\nREL_16_STABLE\nREL_15_STABLE\nREL_14_STABLE\nREL_13_STABLE\n")

        // A new stable branch appears: the next call (a fetch of the same mirror) includes it.
        try Self.git(repository, ["branch", "REL_18_STABLE"])
        let json = try ParseCommandTests.run(
            binary, ["branches", "--repo", repository, "--work-dir", work, "--stable", "2", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String] == [
                "master", "REL_18_STABLE", "REL_17_STABLE",
            ])
    }
}
