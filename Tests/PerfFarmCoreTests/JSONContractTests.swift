import Foundation
import PerfFarmCore
import Testing

/// The JSON rules of docs/result-format.md: snake_case keys, numbers as numbers, explicit nulls.
@Suite("JSON contract of the parse models")
struct JSONContractTests {
    static func tree(_ output: PgbenchParsedOutput) throws -> [String: Any] {
        let data = try JSONEncoder().encode(output)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("every contract key of a run is present, absent values are null, numbers are numbers")
    func runKeys() throws {
        let object = try Self.tree(.run(try Fixtures.run("pg13", "r05-transactions-t")))
        let contract = [
            "kind", "pgbench_version", "server_version", "transaction_type", "scaling_factor", "query_mode", "clients",
            "threads", "max_tries", "duration_s", "transactions_per_client", "transactions_processed",
            "transactions_expected", "transactions_failed", "transactions_skipped", "transactions_retried",
            "total_retries", "serialization_failures", "deadlock_failures", "transactions_above_latency_limit",
            "latency_average_ms", "latency_stddev_ms", "initial_connection_time_ms", "average_connection_time_ms",
            "tps", "tps_including_connections", "aborted", "statements", "scripts", "progress", "errors",
        ]
        for key in contract { #expect(object.keys.contains(key), "missing \(key)") }
        #expect(object["kind"] as? String == "run")
        #expect(object["max_tries"] is NSNull)
        #expect(object["pgbench_version"] is NSNull)
        #expect(object["transactions_processed"] as? Int == 600)
        #expect(object["tps"] as? Double == 1935.140146)
        #expect(object["aborted"] as? Bool == false)
        for key in object.keys {
            #expect(key == key.lowercased() && !key.contains("-"), "\(key) is not snake_case")
        }
    }

    @Test("nested keys of statements, scripts and progress")
    func nestedKeys() throws {
        let run = try Self.tree(.run(try Fixtures.run("pg17", "e12-multi-script-failures-r")))
        let script = try #require((run["scripts"] as? [[String: Any]])?.first)
        for key in [
            "name", "weight", "transactions_processed", "tps", "latency_average_ms", "latency_stddev_ms",
            "transactions_failed", "statements",
        ] {
            #expect(script.keys.contains(key), "scripts[0] lacks \(key)")
        }
        let statement = try #require((script["statements"] as? [[String: Any]])?.first)
        #expect(Set(statement.keys) == ["latency_ms", "failures", "retries", "command"])
        let progress = try #require(
            (try Self.tree(.run(try Fixtures.run("pg15", "e05-serialization-max-tries-r-P")))["progress"]
                as? [[String: Any]])?.first)
        #expect(
            Set(progress.keys).isSuperset(of: [
                "elapsed_s", "tps", "latency_average_ms", "latency_stddev_ms", "failed", "lag_ms", "skipped", "retried",
                "retries",
            ]))
        #expect(progress["lag_ms"] is NSNull)
    }

    @Test("init, log and aggregate keys")
    func otherKinds() throws {
        let initialization = try Self.tree(.initialization(try Fixtures.initialization("pg10", "i01-init-scale1")))
        #expect(Set(initialization.keys).isSuperset(of: ["kind", "scaling_factor", "total_s", "steps", "done"]))
        #expect(initialization["kind"] as? String == "init")
        #expect(initialization["total_s"] is NSNull)
        let steps = try #require(initialization["steps"] as? [String: Any])
        #expect(
            Set(steps.keys).isSuperset(of: [
                "drop_tables_s", "create_tables_s", "client_side_generate_s", "server_side_generate_s", "vacuum_s",
                "primary_keys_s", "foreign_keys_s",
            ]))
        let log = try Self.tree(
            try PgbenchOutputParser.parse(
                bytes: Fixtures.bytes(Fixtures.named("pg15", "r21-log-sampling-rate").logFiles[0])))
        #expect(log["kind"] as? String == "log")
        #expect(Set(log.keys).isSuperset(of: ["transactions", "failed", "skipped", "latency_ms"]))
        let latency = try #require(log["latency_ms"] as? [String: Any])
        #expect(Set(latency.keys).isSuperset(of: ["min", "mean", "p50", "p90", "p95", "p99", "p999", "max"]))
        let aggregate = try Self.tree(
            try PgbenchOutputParser.parse(
                bytes: Fixtures.bytes(Fixtures.named("pg13", "r20-log-aggregate").logFiles[0])))
        #expect(aggregate["kind"] as? String == "aggregate")
        let interval = try #require((aggregate["intervals"] as? [[String: Any]])?.first)
        #expect(
            Set(interval.keys) == [
                "interval_start", "num_transactions", "sum_latency_us", "sum_latency_2_us", "min_latency_us",
                "max_latency_us", "sum_lag_us", "sum_lag_2_us", "min_lag_us", "max_lag_us", "skipped", "retried",
                "retries", "serialization_failures", "deadlock_failures", "other_failures",
            ])
        #expect(interval["skipped"] is NSNull)
        #expect(interval["sum_latency_us"] as? Int == 539976)
    }

    @Test("every capture survives an encode–decode round trip", arguments: Fixtures.cases)
    func roundTrip(_ fixture: Fixtures.Case) throws {
        guard let output = try? PgbenchOutputParser.parse(bytes: fixture.stdout + fixture.stderr) else { return }
        let decoded = try JSONDecoder().decode(PgbenchParsedOutput.self, from: try JSONEncoder().encode(output))
        #expect(decoded == output)
    }

    @Test("an error names file and line on one line")
    func errorDescription() {
        let error = PerfFarmError(
            .truncatedInput, "the log ends in the middle of a line", path: "a/log", lineNumber: 12)
        #expect(error.description == "a/log:12: the log ends in the middle of a line")
        #expect(
            PerfFarmError(.invalidConfiguration, "must be positive", key: "scales").description
                == "scales: must be positive")
    }
}
