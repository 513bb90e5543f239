import Foundation
import Logging
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

/// The library behind `perffarm collect`: sections by request, the compiler's failure as a note, a real server.
@Suite("MachineCollection", .serialized)
struct MachineCollectionTests {
    let logger = Logger(label: "test")

    @Test("a compiler that does not answer: the inventory without it, and a note saying why")
    func compilerFailureIsANote() async throws {
        let runner = ScriptedCommandRunner()
        runner.on(["no-such-cc", "--version"], .exit(127, standardError: "no-such-cc: not found\n"))
        let collection = MachineCollection(runner: runner, logger: logger)
        let report = try await collection.collect(CollectionRequest(system: true, compiler: "no-such-cc"))
        let system = try #require(report.system)
        #expect(system.compiler == nil)
        #expect(system.cpu.threads >= 1)
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.hasPrefix("the compiler's version is not recorded: ") == true)
        #expect(report.fingerprint?.hash.hasPrefix("sha256:") == true)
        #expect(report.postgres == nil && report.series == nil && report.preflight == nil)
    }

    @Test("nothing asked: the inventory; a sample of 2 intervals of 0.5 s: the baseline and two samples")
    func defaultsAndSeries() async throws {
        let collection = MachineCollection(runner: LiveCommandRunner(logger: logger), logger: logger)
        let nothing = try await collection.collect(CollectionRequest())
        #expect(nothing.system != nil)
        let sampled = try await collection.collect(
            CollectionRequest(sampleDuration: .seconds(1), interval: .milliseconds(500)))
        #expect(sampled.system == nil)
        #expect(sampled.series?.samples.count == 2)
    }

    @Test(
        "bad requests name their option",
        arguments: [
            (CollectionRequest(sampleDuration: .zero), "--sample"),
            (CollectionRequest(interval: .zero), "--interval"),
            (CollectionRequest(sampleDuration: .milliseconds(500), interval: .seconds(1)), "--sample"),
            (CollectionRequest(useCollectd: true), "--collectd"),
            (CollectionRequest(statementLimit: 0), "--statements"),
        ])
    func badRequests(request: CollectionRequest, key: String) {
        let error = #expect(throws: PerfFarmError.self) { try MachineCollection.validate(request) }
        #expect(error?.key == key)
        #expect(error?.code == .invalidConfiguration)
    }

    @Test("a real server: its section, and a fingerprint that includes its settings", .timeLimit(.minutes(2)))
    func server() async throws {
        try await TestPostgresServer.withServer(settings: ["shared_buffers": "16MB"]) { server in
            let collection = MachineCollection(runner: LiveCommandRunner(logger: logger), logger: logger)
            let report = try await collection.collect(
                CollectionRequest(system: true, conninfo: server.conninfo(), statementLimit: 5, compiler: "true"))
            let postgres = try #require(report.postgres)
            #expect(
                postgres.connection
                    == "host=\(server.socketDirectory) port=\(server.port) dbname=postgres user=postgres")
            #expect(postgres.server.versionNumber >= 120_000)
            #expect(postgres.statistics.database?.database == "postgres")
            #expect(report.fingerprint?.inputs.nonDefaultSettings.contains { $0.hasPrefix("shared_buffers=") } == true)
        }
    }
}
