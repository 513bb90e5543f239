import ArgumentParser
import Foundation
import PerfFarmCollectors
import PerfFarmCore
import Testing

@testable import perffarm

@Suite("perffarm collect")
struct CollectCommandTests {
    @Test func parsesEveryOption() throws {
        let command = try CollectCommand.parse([
            "--system", "--postgres", "host=/tmp port=5433", "--sample", "10", "--interval", "0.5", "--data-dir",
            "/srv/pgdata", "--compiler", "clang", "--all-kernel-settings", "--statements", "5", "--preflight",
            "--strict", "--json",
        ])
        #expect(command.system)
        #expect(command.conninfo == "host=/tmp port=5433")
        #expect(command.sample == 10)
        #expect(command.interval == 0.5)
        #expect(command.dataDirectory == "/srv/pgdata")
        #expect(command.compiler == "clang")
        #expect(command.allKernelSettings)
        #expect(command.statements == 5)
        #expect(command.preflight && command.strict && command.json)
        #expect(!command.collectd)
    }

    @Test func defaults() throws {
        let command = try CollectCommand.parse([])
        #expect(!command.system)
        #expect(command.conninfo == nil)
        #expect(command.interval == 1)
        #expect(command.compiler == "cc")
        #expect(command.statements == 20)
    }

    @Test(arguments: [
        ["--sample", "0"], ["--interval", "0"], ["--sample", "0.5", "--interval", "1"], ["--collectd"],
        ["--statements", "0"],
    ])
    func rejectsBadOptions(arguments: [String]) {
        #expect(throws: (any Error).self) { try CollectCommand.parse(arguments) }
    }

    @Test func optionsBecomeTheLibrarysRequest() throws {
        let request = try CollectCommand.parse([
            "--sample", "2.5", "--interval", "0.5", "--data-dir", "/srv/pgdata", "--collectd", "--statements", "7",
        ]).request()
        #expect(request.sampleDuration == .milliseconds(2500))
        #expect(request.interval == .milliseconds(500))
        #expect(request.sampleCount == 5)
        #expect(request.useCollectd && request.dataDirectory == "/srv/pgdata" && request.statementLimit == 7)
        #expect(!request.collectsSystem)
        #expect(try CollectCommand.parse([]).request().collectsSystem)
    }

    @Test func systemReportAsJSON() async throws {
        let report = try await CollectCommand.parse(["--system", "--preflight"]).collect()
        let object = try #require(
            JSONSerialization.jsonObject(with: try PerfFarmJSON.encode(report)) as? [String: Any])
        #expect(object["schema_version"] as? Int == PerfFarmSchema.version)
        #expect(object["system"] is [String: Any])
        #expect(((object["fingerprint"] as? [String: Any])?["hash"] as? String)?.hasPrefix("sha256:") == true)
        #expect(object["preflight"] is [String: Any])
        #expect(object["postgres"] is NSNull)
        #expect(object["series"] is NSNull)
        #expect(object["notes"] as? [String] == report.notes)
        #expect(CollectSummary.render(report).contains("cpu: "))
    }
}
