import Foundation
import PerfFarmCore
import Testing

@Suite("BenchmarkResult: the document's JSON and the cells' statistics")
struct BenchmarkResultTests {
    static let start = Date(timeIntervalSince1970: 1_740_830_400.25)

    static func run(
        _ index: Int, clients: Int, workload: String, tps: Double?, latency: Double?, warmup: Bool = false,
        status: BenchmarkStepStatus = .succeeded
    ) -> PgbenchRun {
        var summary = PgbenchRunSummary()
        summary.tps = tps
        summary.latencyAverageMilliseconds = latency
        return PgbenchRun(
            index: index, scale: 1, clients: clients, threads: 1, workload: workload, repetition: warmup ? nil : index,
            warmup: warmup, status: status, database: "pgbench_s1", freshCopy: false, summary: summary)
    }

    @Test("a cell's statistics are over its succeeded measured runs only")
    func cellStatistics() throws {
        let runs = [
            Self.run(0, clients: 1, workload: "read-only", tps: 5000, latency: 9, warmup: true),
            Self.run(1, clients: 1, workload: "read-only", tps: 100, latency: 1.0),
            Self.run(2, clients: 1, workload: "read-only", tps: 110, latency: 1.2),
            Self.run(3, clients: 1, workload: "read-only", tps: 120, latency: 0.8),
            Self.run(4, clients: 1, workload: "read-only", tps: nil, latency: nil, status: .failed),
            Self.run(5, clients: 2, workload: "read-only", tps: 999, latency: 2),
        ]
        let cell = BenchmarkCell.make(scale: 1, clients: 1, workload: "read-only", planned: 4, from: runs)
        #expect(cell.runs == 4 && cell.succeeded == 3 && cell.failed == 1)
        let tps = try #require(cell.tps)
        #expect(tps.count == 3 && tps.median == 110 && tps.mean == 110 && tps.min == 100 && tps.max == 120)
        #expect(tps.standardDeviation == 10)
        #expect(abs((tps.coefficientOfVariation ?? 0) - 10.0 / 110.0) < 1e-12)
        #expect(cell.latencyAverageMilliseconds?.median == 1.0)
        let empty = BenchmarkCell.make(scale: 10, clients: 1, workload: "read-only", planned: 2, from: runs)
        #expect(empty.succeeded == 0 && empty.tps == nil && empty.latencyAverageMilliseconds == nil)
    }

    @Test("snake_case keys, explicit nulls for the sections of later commands, timestamps, overhead")
    func json() throws {
        var result = BenchmarkResult(
            status: .failed, failure: .init(stage: .clusterStart, message: "no"), startedAt: Self.start,
            outputDirectory: "/out", matrix: BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly]),
            cpuCount: 2, timings: BenchmarkTimings(totalSeconds: 12, pgbenchSeconds: 10))
        result.runs = [Self.run(0, clients: 1, workload: "read-only", tps: 1, latency: 1)]
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        #expect(object["schema_version"] as? Int == PerfFarmSchema.version)
        #expect(object["status"] as? String == "failed")
        #expect(object["started_at"] as? String == "2025-03-01T12:00:00.250Z")
        for key in [
            "finished_at", "source", "build", "system", "fingerprint", "preflight", "cluster", "perffarm_version",
        ] {
            #expect(object[key] is NSNull, "\(key)")
        }
        let timings = try #require(object["timings"] as? [String: Any])
        #expect(timings["overhead_s"] as? Double == 2)
        #expect(timings["overhead_percent"] as? Double == 20)
        let matrix = try #require(object["matrix"] as? [String: Any])
        #expect(matrix["duration_s"] as? Int == 60)
        #expect(matrix["transactions"] is NSNull)
        #expect(matrix["log_mode"] as? String == "transactions")
        let workloads = try #require(matrix["workloads"] as? [[String: Any]])
        #expect(workloads[0]["name"] as? String == "read-only")
        #expect(workloads[0]["writes"] as? Bool == false)
        #expect((workloads[0]["scripts"] as? [[String: Any]])?[0]["kind"] as? String == "builtin")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        for key in ["copy_s", "checkpoint_s", "command", "log_statistics", "aggregate_log"] {
            #expect(run[key] is NSNull, "\(key)")
        }
        #expect(run["fresh_copy"] as? Bool == false)
        #expect((run["summary"] as? [String: Any])?["tps"] as? Double == 1)
        let decoded = try JSONDecoder().decode(BenchmarkResult.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
    }

    @Test("a command record round-trips with millisecond timestamps and null exit for a signal")
    func commandRecord() throws {
        let record = CommandRecord(
            commandLine: "pgbench -T 5", exitStatus: nil, signal: 15, startedAt: Self.start,
            finishedAt: Self.start.addingTimeInterval(5), durationSeconds: 5.0001, stdoutFile: "runs/000/stdout.txt")
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any])
        #expect(object["exit_status"] is NSNull)
        #expect(object["signal"] as? Int == 15)
        #expect(object["stderr_file"] is NSNull)
        #expect(object["finished_at"] as? String == "2025-03-01T12:00:05.250Z")
        #expect(try JSONDecoder().decode(CommandRecord.self, from: JSONEncoder().encode(record)) == record)
    }
}
