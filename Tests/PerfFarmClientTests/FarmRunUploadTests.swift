import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmClient

/// The upload at the end of a farm run, on real parts: the machine's installed PostgreSQL benchmarked (no
/// build), a real HTTP server on 127.0.0.1, the secret in a 0600 file.
@Suite(
    "FarmRun: upload at the end of the run (installed PostgreSQL, real HTTP server)", .serialized,
    .timeLimit(.minutes(10)),
    .enabled(if: TestPostgresServer.isAvailable, "needs the machine's PostgreSQL binaries"))
struct FarmRunUploadTests {
    static let logger = Logger(label: "perffarm-test")

    static func configuration(area: BenchmarkTestArea, url: String, secretFile: String) -> FarmConfiguration {
        var configuration = FarmConfiguration()
        configuration.machine.name = "uploadbox"
        configuration.machine.secretFile = secretFile
        configuration.matrix.scales = [1]
        configuration.matrix.clients = [1]
        configuration.matrix.workloads = ["read-only"]
        configuration.matrix.duration = 1
        configuration.matrix.runs = 1
        configuration.collectors.sampleInterval = 0.5
        configuration.output.directory = area.file("results")
        configuration.store.location = area.file("results.sqlite")
        configuration.upload.enabled = true
        configuration.upload.url = url
        configuration.run.workDir = area.workDirectory
        return configuration
    }

    /// Writes a fresh secret to a 0600 file in the area.
    static func secretFile(in area: BenchmarkTestArea) throws -> (MachineSecret, String) {
        let secret = MachineSecret.generate()
        let path = area.file("secret")
        try Data((secret.value + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return (secret, path)
    }

    static func run(_ configuration: FarmConfiguration) async throws -> FarmRunSummary {
        try await FarmRun(runner: LiveCommandRunner(logger: logger), logger: logger).run(
            FarmRunRequest(
                configuration: configuration, perffarmVersion: "test",
                installedBinDirectory: TestPostgresServer.findBinDirectory()))
    }

    @Test("delivered: the server got the result file's bytes, signed; 503 keeps it for a later flush")
    func deliveredThenKept() async throws {
        try await BenchmarkTestArea.run { area in
            let (secret, secretPath) = try Self.secretFile(in: area)
            try await TestHTTPServer.run { server in
                let configuration = Self.configuration(
                    area: area, url: server.baseURL + "/results", secretFile: secretPath)
                let first = try await Self.run(configuration)
                #expect(first.succeeded, "\(first.branches.map(\.message))")
                #expect(first.uploadError == nil)
                let upload = try #require(first.upload)
                #expect(upload.delivered.count == 1 && upload.kept.isEmpty && upload.rejected.isEmpty)
                let file = try #require(first.branches.first?.resultFile)
                let request = try #require(try server.requests().first)
                #expect(try server.requests().count == 1)
                #expect(request.path == "/results")
                #expect(request.body == (try Data(contentsOf: URL(fileURLWithPath: file))))
                #expect(request.header("X-PerfFarm-Machine") == "uploadbox")
                let result = try PerfFarmJSON.decode(BenchmarkResult.self, from: request.body)
                #expect(request.header("X-PerfFarm-Result-Id") == result.resultID)
                #expect(upload.delivered.first?.resultID == result.resultID)
                let timestamp = try #require(request.header("X-PerfFarm-Timestamp").flatMap { Int64($0) })
                let signature = try #require(request.header("X-PerfFarm-Signature"))
                #expect(UploadSignature.verify(signature, timestamp: timestamp, body: request.body, secret: secret))

                // The server is down for maintenance: the run's result waits in the outbox.
                try server.respond(status: 503)
                let second = try await Self.run(configuration)
                #expect(second.branches.map(\.status) == [.succeeded])
                let kept = try #require(second.upload)
                #expect(kept.delivered.isEmpty && kept.kept.count == 1 && kept.kept.first?.status == 503)
                let outbox = Outbox(directory: WorkArea(root: area.workDirectory).outbox, logger: Self.logger)
                #expect(try outbox.pending().count == 1)

                // Back up: `perffarm upload --flush --force` delivers it, once.
                try server.respond(status: 201)
                let flushed = try await outbox.flush(secret: secret, timeout: .seconds(10), force: true)
                #expect(flushed.delivered.map(\.resultID) == kept.kept.map(\.resultID))
                #expect(try outbox.pending().isEmpty)
                let bodies = try server.requests().map(\.body)
                #expect(bodies.count == 3 && bodies[1] == bodies[2] && bodies[0] != bodies[1])
            }
            // The secret is in no file the run wrote: results, logs, outbox, state.
            #expect(UploadTestArea.filesContaining(secret.value, under: area.workDirectory).isEmpty)
            #expect(UploadTestArea.filesContaining(secret.value, under: area.file("results")).isEmpty)
        }
    }

    @Test("upload on without a machine secret: refused before anything is benchmarked")
    func noSecret() async throws {
        try await BenchmarkTestArea.run { area in
            var configuration = Self.configuration(
                area: area, url: "http://127.0.0.1:9/results", secretFile: area.file("missing-secret"))
            await #expect(throws: PerfFarmError.self) { try await Self.run(configuration) }
            configuration.upload.url = ""
            configuration.machine.secretFile = ""
            let error = await #expect(throws: PerfFarmError.self) { try await Self.run(configuration) }
            #expect(error?.code == .invalidConfiguration)
            #expect(!FileManager.default.fileExists(atPath: area.file("results")))
        }
    }

    @Test("a server that refuses the result (400): the run reports it, the result stays on disk and in rejected/")
    func rejected() async throws {
        try await BenchmarkTestArea.run { area in
            let (_, secretPath) = try Self.secretFile(in: area)
            try await TestHTTPServer.run(status: 400) { server in
                let configuration = Self.configuration(
                    area: area, url: server.baseURL + "/results", secretFile: secretPath)
                let summary = try await Self.run(configuration)
                #expect(summary.succeeded)
                let upload = try #require(summary.upload)
                #expect(upload.rejected.count == 1 && upload.rejected.first?.status == 400)
                let file = try #require(summary.branches.first?.resultFile)
                #expect(FileManager.default.fileExists(atPath: file))
                let outbox = Outbox(directory: WorkArea(root: area.workDirectory).outbox, logger: Self.logger)
                #expect(try outbox.rejected().count == 1)
            }
        }
    }
}

/// Which of a run's results the upload takes, per format and status.
@Suite("UploadPlan: which results go")
struct UploadPlanTests {
    static func plan(format: UploadFormat, directory: TemporaryDirectory) throws -> UploadPlan {
        var configuration = FarmConfiguration()
        configuration.machine.name = "pluto"
        configuration.upload.enabled = true
        configuration.upload.url = "https://farm.example.org/api"
        configuration.upload.format = format
        configuration.machine.secretFile = directory.path + "/secret"
        try Data(MachineSecret.generate().value.utf8).write(to: URL(fileURLWithPath: configuration.machine.secretFile))
        chmod(configuration.machine.secretFile, 0o600)
        return try UploadPlan(configuration: configuration)
    }

    @Test("native: succeeded and failed go; interrupted and running never; pgperffarm: only with a completed run")
    func selection() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-upload-plan")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let native = try Self.plan(format: .native, directory: directory)
        let pgperffarm = try Self.plan(format: .pgperffarm, directory: directory)
        var result = fixture.result
        #expect(result.status == .succeeded && native.skipReason(result) == nil && pgperffarm.skipReason(result) == nil)
        result.status = .failed
        #expect(native.skipReason(result) == nil)
        #expect(pgperffarm.skipReason(result) == nil, "a failed result with completed runs still has runs to send")
        result.runs = []
        #expect(native.skipReason(result) == nil)
        #expect(pgperffarm.skipReason(result)?.contains("pgperffarm format carries benchmark runs only") == true)
        for status in [BenchmarkResult.Status.interrupted, .running] {
            result.status = status
            #expect(native.skipReason(result)?.contains("partial result is not uploaded") == true)
        }
    }

    @Test("an interrupted run enqueues what it finished, says so, and does not flush")
    func interrupted() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-upload-plan")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let plan = try Self.plan(format: .native, directory: directory)
        var partial = fixture.result
        partial.status = .interrupted
        partial.resultID = "0d9d7d1e-0000-4000-8000-000000000001"
        let workArea = WorkArea(root: directory.path + "/work")
        try workArea.prepare()
        let events = FarmEvents()
        let (report, error) = await plan.deliver(
            [
                FarmBranchOutcome(
                    branch: "master", status: .succeeded, resultFile: fixture.documentPath, result: fixture.result),
                FarmBranchOutcome(
                    branch: "REL_17_STABLE", status: .interrupted, resultFile: fixture.documentPath, result: partial),
            ], interrupted: true, workArea: workArea, logger: Logger(label: "test"), progress: events.append)
        #expect(report == nil && error == nil)
        let pending = try Outbox(directory: workArea.outbox, logger: Logger(label: "test")).pending()
        #expect(pending.map(\.resultID) == [fixture.result.resultID])
        let skipped = "REL_17_STABLE: not uploaded (interrupted: a partial result is not uploaded)"
        #expect(events.contains { if case .note(let text) = $0 { text == skipped } else { false } })
        #expect(
            events.contains {
                if case .note(let text) = $0 { text.hasPrefix("interrupted: the outbox") } else { false }
            })
    }
}

@Suite("StepDurations: the last durations behind the ETAs")
struct StepDurationsTests {
    @Test("recorded and read back; a later record replaces a step and keeps the others; a bad file is no estimate")
    func roundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-step-durations")
        let durations = StepDurations(workArea: WorkArea(root: directory.path))
        #expect(durations.expected("build") == nil)
        durations.record(["build": 81.25, "configure": 12])
        durations.record(["build": 90])
        #expect(durations.expected("build") == .seconds(90))
        #expect(durations.expected("configure") == .seconds(12))
        try Data("not json".utf8).write(to: URL(fileURLWithPath: durations.file))
        #expect(durations.expected("build") == nil)
        durations.record(["fetch": 1.5])
        #expect(durations.expected("fetch") == .milliseconds(1500))
    }
}

@Suite("FarmRun: a work area the OS user cannot reach")
struct FarmRunReachTests {
    @Test(
        "as root, a work directory under a 0700 directory: refused before any fetch, naming run.work_dir",
        .enabled(if: geteuid() == 0 && TestPostgresServer.isAvailable, "needs root and the postgres user"))
    func unreachableWorkArea() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-reach")
        let hidden = directory.path + "/hidden"
        try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
        chmod(hidden, 0o700)
        var configuration = FarmConfiguration()
        configuration.repository.url = directory.path + "/no-such-repository"
        configuration.repository.branches = .list(["master"])
        configuration.run.workDir = hidden + "/work"
        configuration.output.directory = directory.path + "/results"
        configuration.store.location = directory.path + "/results.sqlite"
        let logger = Logger(label: "test")
        let farm = FarmRun(runner: LiveCommandRunner(logger: logger), logger: logger)
        let error = try await #require(throws: PerfFarmError.self) {
            try await farm.run(FarmRunRequest(configuration: configuration))
        }
        #expect(error.code == .invalidConfiguration && error.key == "run.work_dir")
        #expect(error.message.contains("cannot reach the builds in \(hidden)/work: no search permission on \(hidden)"))
        #expect(!FileManager.default.fileExists(atPath: hidden + "/work/mirrors/no-such-repository.git"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/results"))
    }
}
