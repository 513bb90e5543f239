import ArgumentParser
import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmClient
@testable import perffarm

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("perffarm upload and machine init: options")
struct UploadCommandOptionTests {
    @Test("every option reaches the plan; flags win over the configuration file")
    func options() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-upload-cli")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let config = directory.path + "/perffarm.toml"
        try """
        [machine]
        name = "saturn"
        secret_file = "/etc/perffarm/secret"
        [upload]
        url = "https://configured.example.org/api"
        format = "pgperffarm"
        timeout = 5
        [run]
        work_dir = "/srv/perffarm"
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let fromFile = try #require(
            try PerfFarmCommand.parseAsRoot(["upload", "--config", config, fixture.documentPath]) as? UploadCommand)
        let plan = try fromFile.plan()
        #expect(plan.settings?.destination.absoluteString == "https://configured.example.org/api/run/upload/")
        #expect(plan.settings?.timeout == .seconds(5))
        #expect(plan.secretFile == "/etc/perffarm/secret" && plan.machine == "saturn")
        #expect(plan.workDirectory == "/srv/perffarm" && plan.files == [fixture.documentPath] && !plan.flushAll)

        let flags = try #require(
            try PerfFarmCommand.parseAsRoot([
                "upload", "--config", config, "--upload-url", "https://flag.example.org/r", "--upload-format", "native",
                "--machine-secret-file", "/s", "--machine", "pluto", "--work-dir", "/w", "--flush", "--force", "--json",
                fixture.documentPath,
            ]) as? UploadCommand)
        let overridden = try flags.plan()
        #expect(overridden.settings?.destination.absoluteString == "https://flag.example.org/r")
        #expect(overridden.settings?.format == .native)
        #expect(overridden.secretFile == "/s" && overridden.machine == "pluto" && overridden.workDirectory == "/w")
        #expect(overridden.flushAll && overridden.force && flags.common.json)

        let bare = try #require(try PerfFarmCommand.parseAsRoot(["upload", "--config", config]) as? UploadCommand)
        #expect(try bare.plan().flushAll)
    }

    @Test(
        "usage errors",
        arguments: [
            ["upload", "/nonexistent/result.json"],
            ["upload", "--upload-format", "xml"],
            ["upload", "--upload-url", "ftp://x/"],
            ["upload", "--upload-url", "https://user:pw@x.example.org/"],
            ["machine", "init", "--bogus"],
        ])
    func usageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try PerfFarmCommand.parseAsRoot(arguments) }
    }

    @Test("a file that is not a result document is a usage error naming it")
    func notAResult() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-upload-cli")
        let path = directory.path + "/notes.json"
        try "{\"hello\": 1}".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: (any Error).self) { try PerfFarmCommand.parseAsRoot(["upload", path]) }
        #expect(
            PerfFarmCommand.message(for: error).contains("\(path): not a perffarm result document (no schema_version)"))
    }

    @Test("the summary: one line per result and a count")
    func summary() throws {
        let item = OutboxItem(
            id: "r-native-00000000", resultID: "r", machine: "pluto", url: "https://farm.example.org/x",
            format: .native,
            document: nil, payloadBytes: 1, payloadSHA256: "", createdAt: Date(timeIntervalSince1970: 0))
        let report = OutboxFlushReport(entries: [
            .init(item: item, outcome: .delivered, status: 201, attempted: true),
            .init(
                item: item, outcome: .kept, status: 503, reason: "HTTP 503", attempted: true,
                nextAttemptAt: Date(timeIntervalSince1970: 60)),
            .init(
                item: item, outcome: .rejected, status: 400, reason: "HTTP 400: no", attempted: true,
                rejectedFile: "/o/rejected/r.json"),
        ])
        #expect(
            UploadSummary.render(report) == """
                delivered r (pluto, native) to https://farm.example.org/x: HTTP 201
                kept      r (pluto, native): HTTP 503; next attempt 1970-01-01T00:01:00.000Z
                rejected  r (pluto, native): HTTP 400: no; see /o/rejected/r.json
                1 delivered, 1 kept, 1 rejected
                """)
        #expect(UploadSummary.render(report, quiet: true).split(separator: "\n").count == 2)
        #expect(UploadSummary.render(OutboxFlushReport()) == "nothing to upload: the outbox is empty")
    }
}

/// The built `perffarm` binary against a real HTTP server on 127.0.0.1.
@Suite("perffarm upload and machine init: the real binary", .serialized, .timeLimit(.minutes(3)))
struct UploadCommandBinaryTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A scratch area: HOME and XDG_CONFIG_HOME of its own, a work area, a fixture result and a secret file.
    struct Area {
        let directory: TemporaryDirectory
        let fixture: ResultDocumentFixture
        let secret = MachineSecret.generate()

        init() throws {
            directory = try TemporaryDirectory(prefix: "perffarm-upload-bin")
            fixture = try ResultDocumentFixture(in: directory.path)
            try FileManager.default.createDirectory(atPath: directory.path + "/home", withIntermediateDirectories: true)
            try secret.write(to: secretFile)
        }

        var workDirectory: String { directory.path + "/work" }
        var secretFile: String { directory.path + "/secret" }
        var outbox: String { workDirectory + "/outbox" }

        /// Runs the binary with `arguments` and waits (at most 60 s).
        func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Outcome {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BenchCommandBinaryTests.binary)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["PERFFARM_MACHINE_SECRET"] = nil
            environment["HOME"] = directory.path + "/home"
            environment["XDG_CONFIG_HOME"] = directory.path + "/home/.config"
            environment["XDG_CACHE_HOME"] = directory.path + "/home/.cache"
            for (key, value) in extra { environment[key] = value }
            process.environment = environment
            let stdout = directory.path + "/stdout.txt"
            let stderr = directory.path + "/stderr.txt"
            _ = FileManager.default.createFile(atPath: stdout, contents: nil)
            _ = FileManager.default.createFile(atPath: stderr, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
                Issue.record("perffarm \(arguments.joined(separator: " ")) did not end within 60 s")
            }
            return Outcome(
                status: process.terminationStatus, stdout: try String(contentsOfFile: stdout, encoding: .utf8),
                stderr: try String(contentsOfFile: stderr, encoding: .utf8))
        }

        func upload(_ arguments: [String]) throws -> Outcome {
            try run(["upload", "--work-dir", workDirectory, "--machine-secret-file", secretFile] + arguments)
        }

        func files(_ directory: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }
                .sorted()
        }
    }

    @Test("native: delivered, exit 0, the server's body is the document and its signature verifies")
    func native() async throws {
        let area = try Area()
        try await TestHTTPServer.run { server in
            let outcome = try area.upload(["--upload-url", server.baseURL + "/results", area.fixture.documentPath])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(
                outcome.stdout.hasPrefix(
                    "delivered 6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13 (pluto, native) to \(server.baseURL)/results: HTTP 201\n"
                ))
            #expect(outcome.stdout.hasSuffix("1 delivered, 0 kept, 0 rejected\n"))
            let request = try #require(try server.requests().first)
            #expect(request.body == area.fixture.bytes)
            let timestamp = try #require(request.header("X-PerfFarm-Timestamp").flatMap { Int64($0) })
            #expect(
                UploadSignature.verify(
                    request.header("X-PerfFarm-Signature") ?? "", timestamp: timestamp, body: request.body,
                    secret: area.secret))
            #expect(area.files(area.outbox) == ["rejected"])
        }
    }

    @Test("503 keeps it (exit 1); switched to 201, upload --flush --force delivers it exactly once (exit 0)")
    func keptThenFlushed() async throws {
        let area = try Area()
        try await TestHTTPServer.run(status: 503) { server in
            let kept = try area.upload(["--upload-url", server.baseURL + "/results", area.fixture.documentPath])
            #expect(kept.status == 1)
            #expect(
                kept.stdout.contains(
                    "kept      6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13 (pluto, native): HTTP 503; next attempt "))
            #expect(area.files(area.outbox).count == 3)
            // Not due yet: nothing is sent, it is still failing.
            let waiting = try area.upload(["--flush"])
            #expect(
                waiting.status == 1 && waiting.stdout.contains("not due yet (1 failed attempt; last error: HTTP 503"))
            #expect(try server.requests().count == 1)

            try server.respond(status: 201)
            let flushed = try area.upload(["--flush", "--force"])
            #expect(flushed.status == 0, "\(flushed.stdout)\(flushed.stderr)")
            #expect(flushed.stdout.components(separatedBy: "delivered 6f1c2a4e").count == 2)
            #expect(try server.requests().map(\.body) == [area.fixture.bytes, area.fixture.bytes])
            #expect(area.files(area.outbox) == ["rejected"] && area.files(area.outbox + "/rejected").isEmpty)
            let again = try area.upload(["--flush", "--force"])
            #expect(again.status == 0 && again.stdout == "nothing to upload: the outbox is empty\n")
            #expect(try server.requests().count == 2)
        }
    }

    @Test("400 goes to rejected/ with the answer (exit 1); --json prints the report")
    func rejected() async throws {
        let area = try Area()
        try await TestHTTPServer.run(status: 400) { server in
            try server.respond(status: 400, body: "bad document")
            let outcome = try area.upload([
                "--json", "--upload-url", server.baseURL + "/results", area.fixture.documentPath,
            ])
            #expect(outcome.status == 1)
            let report = try PerfFarmJSON.decode(OutboxFlushReport.self, from: Data(outcome.stdout.utf8))
            #expect(report.rejected.first?.reason == "HTTP 400: bad document")
            let rejected = area.files(area.outbox + "/rejected")
            #expect(
                rejected.count == 2
                    && rejected.allSatisfy { $0.hasPrefix("6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13-native-") })
        }
    }

    @Test("pgperffarm: /run/upload/ with the secret as Authorization; 406 is rejected; the secret is in no file")
    func pgperffarm() async throws {
        let area = try Area()
        try await TestHTTPServer.run { server in
            let delivered = try area.upload([
                "--upload-format", "pgperffarm", "--upload-url", server.baseURL + "/api/", area.fixture.documentPath,
            ])
            #expect(delivered.status == 0, "\(delivered.stderr)")
            let request = try #require(try server.requests().first)
            #expect(request.path == "/api/run/upload/" && request.header("Authorization") == area.secret.value)
            let array = try #require(try JSONSerialization.jsonObject(with: request.body) as? [[String: Any]])
            #expect(array.count == 1 && array.first?["meta"] is [String: Any])

            try server.respond(status: 406)
            let refused = try area.upload([
                "--upload-format", "pgperffarm", "--upload-url", server.baseURL + "/api/", area.fixture.documentPath,
            ])
            #expect(refused.status == 1)
            #expect(
                refused.stdout.contains(
                    "rejected  6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13 (pluto, pgperffarm): HTTP 406; see "))
            for output in [delivered.stdout, delivered.stderr, refused.stdout, refused.stderr] {
                #expect(!output.contains(area.secret.value))
            }
        }
        let secretBytes = Data(area.secret.value.utf8)
        let enumerator = try #require(FileManager.default.enumerator(atPath: area.workDirectory))
        var scanned = 0
        for case let relative as String in enumerator {
            let path = area.workDirectory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            scanned += 1
            #expect(
                FileManager.default.contents(atPath: path)?.range(of: secretBytes) == nil,
                "the secret is in \(relative)")
        }
        #expect(scanned >= 3)
    }

    @Test("a locked work area: exit 1, naming who holds it; an empty outbox needs no secret")
    func lockedAndEmpty() throws {
        let area = try Area()
        let empty = try area.run(["upload", "--work-dir", area.workDirectory])
        #expect(empty.status == 0 && empty.stdout == "nothing to upload: the outbox is empty\n")
        let lock = try WorkAreaLock.acquire(path: area.workDirectory + "/perffarm.lock", purpose: "perffarm run")
        defer { lock.release() }
        let locked = try area.run(["upload", "--work-dir", area.workDirectory, "--flush"])
        #expect(locked.status == 1)
        #expect(
            locked.stderr.hasPrefix(
                "perffarm: \(area.workDirectory)/perffarm.lock: the work area is in use by pid \(getpid())"))
    }

    @Test("no URL for a file, or a group-readable secret file: exit 2 and one line")
    func configurationErrors() async throws {
        let area = try Area()
        let noURL = try area.upload([area.fixture.documentPath])
        #expect(
            noURL.status == 2
                && noURL.stderr == "perffarm: upload.url: no upload URL: set [upload] url or give --upload-url\n")
        try await TestHTTPServer.run { server in
            chmod(area.secretFile, 0o640)
            let shared = try area.upload(["--upload-url", server.baseURL, area.fixture.documentPath])
            #expect(shared.status == 2)
            #expect(
                shared.stderr
                    == "perffarm: \(area.secretFile): machine secret file: can be read or written by its group or others (mode 0640); chmod 600 it\n"
            )
            #expect(try server.requests().isEmpty)
            // The result waits in the outbox for the next attempt.
            #expect(area.files(area.outbox).count == 3)
        }
    }

    @Test("machine init: a 0600 file at the default place, never printed; exists → exit 2; --force replaces it")
    func machineInit() throws {
        let area = try Area()
        let first = try area.run(["machine", "init"])
        let path = area.directory.path + "/home/.config/perffarm/secret"
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("wrote a new machine secret to \(path) (mode 0600, 128 characters)\n"))
        let secret = try MachineSecret.read(file: path)
        #expect(
            !first.stdout.contains(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(area.directory.path + "/home/.config/perffarm", &info) == 0 && info.st_mode & 0o777 == 0o700)

        let refused = try area.run(["machine", "init"])
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == "perffarm: \(path): machine secret file: exists; --force replaces it (the server must then get the new secret)\n"
        )
        #expect(try MachineSecret.read(file: path) == secret)

        let forced = try area.run(["machine", "init", "--force"])
        #expect(forced.status == 0)
        let replaced = try MachineSecret.read(file: path)
        #expect(replaced != secret)
        let elsewhere = area.directory.path + "/etc/secret"
        #expect(try area.run(["machine", "init", "--secret-file", elsewhere]).status == 0)
        #expect(stat(elsewhere, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }
}

extension PerfFarmCommand {
    /// The one line argument-parser prints for `error`.
    static func message(for error: any Error) -> String {
        fullMessage(for: error)
    }
}
