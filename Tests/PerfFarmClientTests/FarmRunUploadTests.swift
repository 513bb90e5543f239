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
