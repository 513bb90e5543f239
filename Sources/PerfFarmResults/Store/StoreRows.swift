import Foundation
import PerfFarmCore
import PerfFarmProcess

/// The rows of one result: what ``ResultStore/store(_:)`` inserts, in one transaction. Shared rows (machine,
/// environment, commit) are inserted when missing (`ON CONFLICT DO NOTHING`), so two results of one commit
/// share them.
enum StoreRows {
    static func statements(for result: BenchmarkResult, id: String, storedAt: Date) throws -> [StoreStatement] {
        let now = TimestampFormat.string(from: storedAt)
        let machine = result.machine
        var statements: [StoreStatement] = []
        if let machine {
            statements.append(
                StoreStatement(
                    "INSERT INTO machines (name, first_seen) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                    [machine, now]))
        }
        if let fingerprint = result.fingerprint {
            let inputs = String(decoding: try PerfFarmJSON.canonical(fingerprint.inputs), as: UTF8.self)
            statements.append(
                StoreStatement(
                    """
                    INSERT INTO environments (fingerprint, inputs, first_seen) VALUES ($1, $2, $3)
                    ON CONFLICT (fingerprint) DO NOTHING
                    """, [fingerprint.hash, inputs, now]))
        }
        if let source = result.source {
            statements.append(
                StoreStatement(
                    """
                    INSERT INTO commits (hash, subject, commit_date) VALUES ($1, $2, $3)
                    ON CONFLICT (hash) DO NOTHING
                    """, [source.commit, source.subject, TimestampFormat.string(from: source.commitDate)]))
            statements.append(
                StoreStatement(
                    """
                    INSERT INTO branch_commits (branch, commit_hash) VALUES ($1, $2)
                    ON CONFLICT (branch, commit_hash) DO NOTHING
                    """, [source.branch, source.commit]))
        }
        let document = String(decoding: try PerfFarmJSON.canonical(result), as: UTF8.self)
        statements.append(
            StoreStatement(
                """
                INSERT INTO runs (id, kind, machine, fingerprint, branch, commit_hash, postgres_version, status,
                    started_at, finished_at, stored_at, schema_version, document)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                """,
                [
                    id, result.configuration == nil ? "bench" : "run", machine, result.fingerprint?.hash,
                    result.source?.branch, result.source?.commit,
                    result.postgres?.version ?? result.cluster?.serverVersion ?? result.build?.postgresVersion,
                    result.status.rawValue, TimestampFormat.string(from: result.startedAt),
                    result.finishedAt.map(TimestampFormat.string(from:)), now, String(result.schemaVersion), document,
                ]))
        let measured = Dictionary(grouping: result.runs.filter { !$0.warmup }, by: \.cellKey)
        for cell in result.cells {
            let key = cell.cellKey
            let runs = (measured[key] ?? []).sorted { $0.index < $1.index }
            let succeeded = runs.filter { $0.status == .succeeded }
            let tps = succeeded.compactMap(\.summary?.tps)
            let latency = succeeded.compactMap(\.summary?.latencyAverageMilliseconds)
            let p95 = succeeded.compactMap { $0.logStatistics?.latencyMilliseconds?.p95 }
            statements.append(
                StoreStatement(
                    """
                    INSERT INTO cells (run_id, cell, scale, clients, workload, repetitions, failed, median_tps, tps_cv,
                        median_latency_ms, median_p95_ms)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    ON CONFLICT (run_id, cell) DO NOTHING
                    """,
                    [
                        id, key, String(cell.scale), String(cell.clients), cell.workload, String(succeeded.count),
                        String(runs.count - succeeded.count), median(tps),
                        SummaryStatistics(tps)?.coefficientOfVariation.map { String($0) }, median(latency),
                        median(p95),
                    ]))
            var seen = Set<Int>()
            for run in succeeded {
                let repetition = run.repetition ?? run.index
                guard seen.insert(repetition).inserted else { continue }
                let distribution = run.logStatistics?.latencyMilliseconds
                statements.append(
                    StoreStatement(
                        """
                        INSERT INTO repetitions (run_id, cell, repetition, tps, latency_average_ms, latency_p50_ms,
                            latency_p95_ms, latency_p99_ms)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        ON CONFLICT (run_id, cell, repetition) DO NOTHING
                        """,
                        [
                            id, key, String(repetition), run.summary?.tps.map { String($0) },
                            run.summary?.latencyAverageMilliseconds.map { String($0) },
                            distribution.map { String($0.p50) }, distribution.map { String($0.p95) },
                            distribution.map { String($0.p99) },
                        ]))
            }
        }
        return statements
    }

    static func median(_ values: [Double]) -> String? {
        values.isEmpty ? nil : String(BootstrapInterval.median(values))
    }
}
