import PerfFarmCore
import Testing

@Suite("pgbench -i output")
struct PgbenchInitParserTests {
    @Test("13+: done in ... with every step time")
    func stepTimes() throws {
        let summary = try Fixtures.initialization("pg15", "i07-init-steps-server-side-dtGvpf")
        #expect(summary.done)
        #expect(summary.totalSeconds == 0.28)
        #expect(summary.generation == "server-side")
        #expect(summary.scalingFactor == nil)  // server-side generation prints no tuple lines
        var steps = PgbenchInitSummary.Steps()
        steps.dropTablesSeconds = 0.01
        steps.createTablesSeconds = 0.00
        steps.serverSideGenerateSeconds = 0.16
        steps.vacuumSeconds = 0.05
        steps.primaryKeysSeconds = 0.04
        steps.foreignKeysSeconds = 0.02
        #expect(summary.steps == steps)
        #expect(summary.errors.isEmpty)
    }

    @Test("17: tuple lines name pgbench_accounts; the scale comes from them")
    func pg17Scale() throws {
        let summary = try Fixtures.initialization("pg17", "i02-init-scale5")
        #expect(summary.scalingFactor == 5)
        #expect(summary.accountsRows == 500_000)
        #expect(summary.totalSeconds == 0.51)
        #expect(summary.steps.clientSideGenerateSeconds == 0.28)
        #expect(summary.steps.primaryKeysSeconds == 0.16)
        #expect(summary.steps.foreignKeysSeconds == nil)
        #expect(summary.generation == "client-side")
    }

    @Test("10: the older done. form has no times")
    func pg10Done() throws {
        let summary = try Fixtures.initialization("pg10", "i02-init-scale5")
        #expect(summary.done)
        #expect(summary.totalSeconds == nil)
        #expect(summary.steps == PgbenchInitSummary.Steps())
        #expect(summary.scalingFactor == 5)
        #expect(summary.generation == nil)
    }

    @Test("a terminal's CRLF and \\r-overwritten progress lines", arguments: Fixtures.versions)
    func tty(_ version: String) throws {
        let summary = try Fixtures.initialization(version, "i15-init-tty-scale2")
        #expect(summary.done)
        #expect(summary.scalingFactor == 2)
    }

    @Test("13+: partitions")
    func partitions() throws {
        let summary = try Fixtures.initialization("pg15", "i12-init-partitions-hash")
        #expect(summary.partitions == 4)
        #expect(summary.scalingFactor == 2)
        #expect(summary.done)
    }

    @Test("a bad -I step is an init that did not complete, with the error")
    func badStep() throws {
        let pg13 = try PgbenchOutputParser.parse(bytes: Fixtures.named("pg13", "i09-init-bad-step").stderr)
        guard case .initialization(let summary) = pg13 else {
            Issue.record("recognised as \(pg13.kind)")
            return
        }
        #expect(summary.done == false)
        #expect(summary.errors == ["pgbench: fatal: unrecognized initialization step \"x\""])
    }

    @Test("a later step name is kept under other")
    func unknownStep() throws {
        let summary = try PgbenchInitParser.parse(
            text: "done in 1.50 s (drop tables 0.10 s, create tables 0.20 s, warm caches 0.30 s, vacuum 0.90 s).\n")
        #expect(summary.totalSeconds == 1.5)
        #expect(summary.steps.vacuumSeconds == 0.9)
        #expect(summary.steps.other == [.init(name: "warm caches", seconds: 0.3)])
    }
}
