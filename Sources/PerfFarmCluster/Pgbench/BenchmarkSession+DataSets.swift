import Foundation
import Logging
import PerfFarmCore
import PerfFarmPostgres
import PerfFarmProcess

/// The databases of a benchmark: one data set per scale, and the fresh copy of the writing runs.
enum DataSetNames {
    /// `pgbench_s<scale>`: the data set built by `pgbench -i`.
    static func dataset(_ scale: Int) -> String { "pgbench_s\(scale)" }
    /// `pgbench_s<scale>_copy`: the writing runs' fresh copy of it.
    static func copy(_ scale: Int) -> String { "pgbench_s\(scale)_copy" }
}

extension BenchmarkSession {
    /// Builds the data set of `scale` on target `index` the first time it is needed.
    /// - Returns: whether it is there.
    /// - Throws: `CancellationError` after recording the interrupted data set.
    mutating func ensureDataSet(_ scale: Int, target index: Int) async throws -> Bool {
        if let ready = targets[index].datasetReady[scale] { return ready }
        guard let cluster = targets[index].cluster else { return false }
        let database = DataSetNames.dataset(scale)
        targets[index].stage = .dataset
        report("pgbench -i -s \(scale)", target: index)
        logger.debug("building the data set", metadata: ["scale": "\(scale)", "database": "\(database)"])
        let began = clock.now
        defer { targets[index].result.timings.initSeconds += (clock.now - began).inSeconds }
        var dataset = PgbenchDataSet(scale: scale, database: database, status: .failed)
        do {
            try await cluster.execute(
                ["DROP DATABASE IF EXISTS \(database)", "CREATE DATABASE \(database)"],
                timeout: request.statementTimeout)
        } catch {
            if error is CancellationError || Task.isCancelled {
                dataset.status = .interrupted
                targets[index].result.datasets.append(dataset)
                throw CancellationError()
            }
            dataset.errors = ["\(error)"]
            targets[index].result.datasets.append(dataset)
            targets[index].datasetReady[scale] = false
            return false
        }
        let relative = "datasets/scale-\(scale)"
        let command = cluster.command(
            "pgbench",
            PgbenchCommandLine.initialize(scale: scale, database: database, connection: cluster.connectionArguments),
            timeout: request.initTimeout)
        let lines = OutputLines()
        let recorded = await RecordedCommand.run(
            command, runner: runner, directory: targets[index].outputDirectory + "/" + relative,
            relativeDirectory: relative, onLine: lines.append)
        dataset.command = recorded.record
        do {
            dataset.initialization = PgbenchInitParser.parse(lines: try PgbenchTextLines(lines: lines.all))
        } catch {
            dataset.errors.append("cannot parse the output of pgbench -i: \(error)")
        }
        if recorded.interrupted {
            dataset.status = .interrupted
            targets[index].result.datasets.append(dataset)
            throw CancellationError()
        }
        let succeeded =
            recorded.outcome?.succeeded == true && dataset.initialization?.done == true && recorded.writeErrors.isEmpty
        if succeeded {
            dataset.status = .succeeded
            do {
                let connection = try cluster.connect()
                let rows = try await connection.query(
                    "SELECT pg_database_size($1) AS size", [database], timeout: .seconds(300))
                await connection.close()
                dataset.sizeBytes = try rows.first?.decode(Int.self, "size")
            } catch {
                if error is CancellationError || Task.isCancelled {
                    targets[index].result.datasets.append(dataset)
                    throw CancellationError()
                }
                // The data set is there; only its size is unknown.
                dataset.notes.append("cannot read the data set's size: \(error)")
            }
        } else {
            let ending =
                recorded.startError.map { "pgbench -i could not start: \($0)" }
                ?? "pgbench -i ended with \(recorded.outcome.map { "\($0.termination)" } ?? "no status")"
            dataset.errors = [ending] + recorded.writeErrors + dataset.errors + (dataset.initialization?.errors ?? [])
        }
        targets[index].result.datasets.append(dataset)
        targets[index].datasetReady[scale] = dataset.status == .succeeded
        saveAll()
        return dataset.status == .succeeded
    }

    /// Drops the previous copy of `scale`'s data set on target `index` and creates a fresh one from it.
    mutating func freshCopy(of scale: Int, target index: Int) async throws -> (database: String, seconds: Double) {
        guard let cluster = targets[index].cluster else { throw CancellationError() }
        let copy = DataSetNames.copy(scale)
        let features = PostgresFeatures(serverVersion: targets[index].versionNumber)
        // FILE_COPY (15+) checkpoints and copies files: for pgbench data sets much quicker than WAL_LOG, and it
        // leaves little for the CHECKPOINT before the run.
        let strategy = features.has(.createDatabaseStrategy) ? " STRATEGY = FILE_COPY" : ""
        let force = features.has(.dropDatabaseForce) ? " WITH (FORCE)" : ""
        let began = clock.now
        try await cluster.execute(
            [
                "DROP DATABASE IF EXISTS \(copy)\(force)",
                "CREATE DATABASE \(copy) TEMPLATE \(DataSetNames.dataset(scale))\(strategy)",
            ], timeout: request.statementTimeout)
        let elapsed = (clock.now - began).inSeconds
        targets[index].result.timings.copySeconds += elapsed
        return (copy, elapsed)
    }

    /// `CHECKPOINT` (which waits for the checkpoint), then the statistics resets, in `database`.
    mutating func checkpoint(database: String, target index: Int) async throws -> Double {
        guard let cluster = targets[index].cluster else { throw CancellationError() }
        let began = clock.now
        let features = PostgresFeatures(serverVersion: targets[index].versionNumber)
        try await cluster.execute(
            ["CHECKPOINT"] + features.statisticsResets(pgStatStatements: cluster.pgStatStatements),
            database: database, timeout: request.statementTimeout)
        let elapsed = (clock.now - began).inSeconds
        targets[index].result.timings.checkpointSeconds += elapsed
        return elapsed
    }

    /// Drops a scale's data set and copy on target `index` once no later run needs them (sequential order), to
    /// free the disk.
    mutating func dropDataSet(_ scale: Int, target index: Int) async throws {
        guard let cluster = targets[index].cluster else { return }
        let began = clock.now
        let force =
            PostgresFeatures(serverVersion: targets[index].versionNumber).has(.dropDatabaseForce)
            ? " WITH (FORCE)" : ""
        do {
            try await cluster.execute(
                [
                    "DROP DATABASE IF EXISTS \(DataSetNames.copy(scale))\(force)",
                    "DROP DATABASE IF EXISTS \(DataSetNames.dataset(scale))\(force)",
                ], timeout: request.statementTimeout)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            targets[index].cluster?.notes.append("cannot drop the finished data set of scale \(scale): \(error)")
        }
        targets[index].result.timings.copySeconds += (clock.now - began).inSeconds
    }
}
