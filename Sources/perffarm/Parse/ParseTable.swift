import PerfFarmCore

/// The human-readable form of a parsed pgbench output: a few aligned lines per file.
enum ParseTable {
    static func render(file: String, output: PgbenchParsedOutput) -> String {
        var rows: [(String, String)] = []
        switch output {
        case .run(let run):
            rows.append(("kind", "run"))
            if let version = run.pgbenchVersion {
                rows.append(
                    ("pgbench", version + (run.serverVersion.map { $0 == version ? "" : ", server \($0)" } ?? "")))
            }
            if let type = run.transactionType { rows.append(("transaction type", type)) }
            rows.append(
                (
                    "scale / clients / threads",
                    "\(text(run.scalingFactor)) / \(text(run.clients)) / \(text(run.threads))"
                ))
            var processed = text(run.transactionsProcessed)
            if let expected = run.transactionsExpected { processed += "/\(expected)" }
            if let failed = run.transactionsFailed { processed += ", \(failed) failed" }
            if let skipped = run.transactionsSkipped { processed += ", \(skipped) skipped" }
            rows.append(("transactions", processed))
            rows.append(("tps", text(run.tps, digits: 2) + (run.tpsMeasure.map { " (\($0.rawValue))" } ?? "")))
            rows.append(
                (
                    "latency avg / stddev",
                    "\(text(run.latencyAverageMilliseconds)) / \(text(run.latencyStddevMilliseconds)) ms"
                ))
            if !run.progress.isEmpty { rows.append(("progress reports", "\(run.progress.count)")) }
            if !run.statements.isEmpty { rows.append(("statements", "\(run.statements.count)")) }
            for script in run.scripts {
                rows.append(
                    (
                        "script \(script.number)",
                        "\(script.name): \(text(script.transactionsProcessed)) transactions, tps \(text(script.tps, digits: 2))"
                    ))
            }
            if run.aborted { rows.append(("aborted", "yes")) }
            for error in run.errors.prefix(5) { rows.append(("error", error)) }
            if run.errors.count > 5 { rows.append(("error", "... \(run.errors.count - 5) more")) }
        case .initialization(let initialization):
            rows.append(("kind", "init"))
            rows.append(("scale", text(initialization.scalingFactor)))
            rows.append(("done", initialization.done ? "yes" : "no"))
            rows.append(("total", text(initialization.totalSeconds, digits: 2) + " s"))
            let steps = initialization.steps
            let named: [(String, Double?)] = [
                ("drop tables", steps.dropTablesSeconds), ("create tables", steps.createTablesSeconds),
                ("client-side generate", steps.clientSideGenerateSeconds),
                ("server-side generate", steps.serverSideGenerateSeconds), ("vacuum", steps.vacuumSeconds),
                ("primary keys", steps.primaryKeysSeconds), ("foreign keys", steps.foreignKeysSeconds),
            ]
            for (name, seconds) in named { if let seconds { rows.append((name, text(seconds, digits: 2) + " s")) } }
            for error in initialization.errors.prefix(5) { rows.append(("error", error)) }
        case .log(let log):
            rows.append(("kind", "per-transaction log"))
            rows.append(("transactions", "\(log.transactions) (\(log.failed) failed, \(log.skipped) skipped)"))
            if let latency = log.latencyMilliseconds {
                rows.append(
                    (
                        "latency min / mean / max",
                        "\(text(latency.min)) / \(text(latency.mean)) / \(text(latency.max)) ms"
                    ))
                rows.append(
                    (
                        "latency p50 / p90 / p99 / p99.9",
                        "\(text(latency.p50)) / \(text(latency.p90)) / \(text(latency.p99)) / \(text(latency.p999)) ms"
                    ))
            }
            if let retries = log.retries { rows.append(("retries", "\(retries) (\(log.retried ?? 0) transactions)")) }
            if let lag = log.lagMilliseconds {
                rows.append(("lag mean / max", "\(text(lag.mean)) / \(text(lag.max)) ms"))
            }
        case .aggregate(let log):
            rows.append(("kind", "aggregate log"))
            rows.append(("intervals", "\(log.intervals.count)" + (log.intervalSeconds.map { " of \($0) s" } ?? "")))
            rows.append(("transactions", "\(log.transactions)"))
            rows.append(("latency average", text(log.latencyAverageMilliseconds) + " ms"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let body = rows.map { "  " + $0.0.padding(width) + "  " + $0.1 }
        return ([file] + body).joined(separator: "\n")
    }

    private static func text(_ value: Int?) -> String {
        value.map(String.init) ?? "-"
    }

    private static func text(_ value: Double?, digits: Int = 3) -> String {
        guard let value else { return "-" }
        var scaled = (value * pow10(digits)).rounded() / pow10(digits)
        if scaled == 0 { scaled = 0 }  // no "-0.0"
        return "\(scaled)"
    }

    private static func pow10(_ digits: Int) -> Double {
        (0..<digits).reduce(1.0) { result, _ in result * 10 }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
