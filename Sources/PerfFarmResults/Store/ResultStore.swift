public import Foundation
public import Logging
public import PerfFarmCore
import PerfFarmPostgres
import PerfFarmProcess

/// The results store: every result of this machine (or of a farm, on PostgreSQL), for `compare` by reference,
/// `history`, `report` and the noise floors of the comparison.
///
/// ``open(_:logger:)`` connects and applies the migrations the store lacks (``StoreSchema``). ``store(_:)``
/// keeps a result: its whole document, and the rows history queries read (machine, environment, commit, run,
/// cells, repetitions). Storing is idempotent: a result is keyed by its `result_id` (`perffarm run`) or by the
/// SHA-256 of its canonical JSON (`perffarm bench`), so the same result stored twice is stored once.
public final class ResultStore: Sendable {
    /// What ``store(_:)`` did.
    public enum Outcome: String, Sendable, Equatable {
        case stored
        case alreadyStored = "already_stored"
    }

    /// A stored result, as listed.
    public struct Run: Sendable, Equatable {
        public var id: String
        public var kind: String
        public var machine: String?
        public var branch: String?
        public var commit: String?
        public var status: String
        public var startedAt: Date
    }

    public let database: any StoreDatabase

    /// Where the store is, without a password.
    public var description: String { database.description }

    /// A store on `database`, migrated to ``StoreSchema/currentVersion``.
    /// - Throws: `PerfFarmError` (`store`) when a migration fails, or when the store was written by a newer
    ///   perffarm (a schema version this one does not know).
    public init(database: any StoreDatabase) async throws {
        self.database = database
        try await migrate()
    }

    /// Opens the store at `location`.
    public static func open(_ location: StoreLocation, logger: Logger) async throws -> ResultStore {
        let database: any StoreDatabase =
            switch location {
            case .sqlite(let path): try SQLiteStoreDatabase(path: path)
            case .postgres(let conninfo):
                try PostgresStoreDatabase(conninfo: conninfo, connector: LibPQConnector(logger: logger))
            }
        do {
            return try await ResultStore(database: database)
        } catch {
            await database.close()
            throw error
        }
    }

    public func close() async {
        await database.close()
    }

    // MARK: - Migrations

    /// The versions applied.
    public func appliedVersions() async throws -> [Int] {
        try await database.query("SELECT version FROM schema_migrations ORDER BY version", []).compactMap {
            $0.first.flatMap { $0 }.flatMap { Int($0) }
        }
    }

    private func migrate() async throws {
        try await database.transaction([StoreStatement(StoreSchema.migrationsTable)])
        var applied = Set(try await appliedVersions())
        if let newest = applied.max(), newest > StoreSchema.currentVersion {
            throw PerfFarmError(
                .store,
                "the store is at schema version \(newest), newer than this perffarm knows "
                    + "(\(StoreSchema.currentVersion)): use a newer perffarm",
                path: database.description)
        }
        for migration in StoreSchema.migrations where !applied.contains(migration.version) {
            let statements =
                migration.statements.map { StoreStatement($0) } + [
                    StoreStatement(
                        "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
                        [String(migration.version), migration.description, TimestampFormat.string(from: Date())])
                ]
            do {
                try await database.transaction(statements)
            } catch {
                // Another perffarm may have applied it in the meantime: its transaction won.
                applied = Set(try await appliedVersions())
                if !applied.contains(migration.version) { throw error }
            }
        }
    }

    // MARK: - Storing

    /// The store's key of `result`.
    public static func identifier(of result: BenchmarkResult) throws -> String {
        if let id = result.resultID, !id.isEmpty { return id }
        return "sha256:" + SHA256Hex.digest(try PerfFarmJSON.canonical(result))
    }

    /// Stores `result` (idempotent).
    /// - Returns: its key, and whether it was stored now or already.
    /// - Throws: `PerfFarmError` (`store`) for a result still running (store it when it has ended) or when the
    ///   database refuses the rows; nothing is stored then.
    @discardableResult
    public func store(_ result: BenchmarkResult) async throws -> (id: String, outcome: Outcome) {
        let id = try Self.identifier(of: result)
        guard result.status != .running else {
            throw PerfFarmError(.store, "the result \(id) is still running; store it when it has ended")
        }
        if try await contains(id: id) { return (id, .alreadyStored) }
        // The run's row has no `ON CONFLICT` clause: a second process storing the same result at the same moment
        // fails on its key, and finds it stored.
        let statements = try StoreRows.statements(for: result, id: id, storedAt: Date())
        do {
            try await database.transaction(statements)
        } catch {
            // Stored by another process between the check and the transaction.
            if try await contains(id: id) { return (id, .alreadyStored) }
            throw error
        }
        return (id, .stored)
    }

    /// Whether a result with this key is stored.
    public func contains(id: String) async throws -> Bool {
        !(try await database.query("SELECT 1 FROM runs WHERE id = $1", [id])).isEmpty
    }

    // MARK: - Reading

    /// The stored results, newest first.
    public func runs(branch: String? = nil, machine: String? = nil) async throws -> [Run] {
        let rows = try await database.query(
            """
            SELECT id, kind, machine, branch, commit_hash, status, started_at FROM runs
            WHERE (CAST($1 AS TEXT) IS NULL OR branch = $1) AND (CAST($2 AS TEXT) IS NULL OR machine = $2)
            ORDER BY started_at DESC, id
            """, [branch, machine])
        return rows.map { row in
            Run(
                id: row[0] ?? "", kind: row[1] ?? "", machine: row[2], branch: row[3], commit: row[4],
                status: row[5] ?? "", startedAt: row[6].flatMap(TimestampFormat.date(from:)) ?? .distantPast)
        }
    }

    /// The document of the result `id`.
    /// - Throws: `PerfFarmError` (`store_reference`) when there is none, (`store`) when it does not decode.
    public func result(id: String) async throws -> BenchmarkResult {
        guard let row = try await database.query("SELECT document FROM runs WHERE id = $1", [id]).first,
            let text = row[0]
        else {
            throw PerfFarmError(.storeReference, "no stored result \(id)", path: database.description)
        }
        return try decode(text, id: id)
    }

    /// Every stored document (optionally of one branch), oldest first.
    public func results(branch: String? = nil) async throws -> [BenchmarkResult] {
        let rows = try await database.query(
            "SELECT id, document FROM runs WHERE (CAST($1 AS TEXT) IS NULL OR branch = $1) ORDER BY started_at, id",
            [branch])
        return try rows.map { try decode($0[1] ?? "", id: $0[0] ?? "") }
    }

    private func decode(_ text: String, id: String) throws -> BenchmarkResult {
        do {
            return try PerfFarmJSON.decode(BenchmarkResult.self, from: Data(text.utf8))
        } catch {
            throw PerfFarmError(
                .store, "the stored result \(id) does not decode: " + PerfFarmJSON.describe(decodingError: error),
                path: database.description)
        }
    }

    /// The history observations, from the `cells` table (no document is decoded).
    public func observations(branch: String? = nil, cell: String? = nil) async throws -> [ResultHistory.Observation] {
        let rows = try await database.query(
            """
            SELECT r.machine, r.branch, c.cell, r.commit_hash, m.subject, m.commit_date, c.median_tps, r.fingerprint,
                r.started_at
            FROM cells c JOIN runs r ON r.id = c.run_id JOIN commits m ON m.hash = r.commit_hash
            WHERE c.median_tps IS NOT NULL AND r.branch IS NOT NULL
                AND (CAST($1 AS TEXT) IS NULL OR r.branch = $1) AND (CAST($2 AS TEXT) IS NULL OR c.cell = $2)
            """, [branch, cell])
        return rows.compactMap { row in
            guard let branch = row[1], let cell = row[2], let commit = row[3],
                let commitDate = row[5].flatMap(TimestampFormat.date(from:)), let tps = row[6].flatMap(Double.init),
                let started = row[8].flatMap(TimestampFormat.date(from:))
            else { return nil }
            return ResultHistory.Observation(
                machine: row[0], branch: branch, cell: cell,
                point: ResultHistory.Point(
                    commit: commit, subject: row[4], commitDate: commitDate, tps: tps, fingerprint: row[7]),
                startedAt: started)
        }
    }

    /// The result a reference names: a stored result's key, or `branch@commit` where the commit is a stored
    /// commit or an unambiguous prefix of one (at least 4 hex digits), or `branch@latest`. When a commit was measured
    /// more than once, its newest result.
    /// - Throws: `PerfFarmError` (`store_reference`) naming the reference when nothing or several commits match.
    public func resolve(_ reference: String) async throws -> (id: String, result: BenchmarkResult) {
        if try await contains(id: reference) { return (reference, try await result(id: reference)) }
        guard let at = reference.lastIndex(of: "@"), at != reference.startIndex else {
            throw PerfFarmError(
                .storeReference, "\(reference): not a stored result (expected branch@commit or a result id)",
                path: database.description)
        }
        let branch = String(reference[..<at])
        let commit = String(reference[reference.index(after: at)...]).lowercased()
        let rows: [[String?]]
        if commit == "latest" {
            rows = try await database.query(
                "SELECT id, commit_hash FROM runs WHERE branch = $1 ORDER BY started_at DESC, id LIMIT 1", [branch])
        } else {
            let exact = try await database.query(
                "SELECT id, commit_hash FROM runs WHERE branch = $1 AND lower(commit_hash) = $2 ORDER BY started_at DESC, id",
                [branch, commit])
            if !exact.isEmpty {
                rows = exact
            } else {
                guard commit.count >= 4, commit.allSatisfy(\.isHexDigit) else {
                    throw PerfFarmError(
                        .storeReference,
                        "\(reference): no stored result (an abbreviated commit needs 4 or more hex digits)",
                        path: database.description)
                }
                rows = try await database.query(
                    """
                    SELECT id, commit_hash FROM runs
                    WHERE branch = $1 AND substr(lower(commit_hash), 1, CAST($2 AS INTEGER)) = $3
                    ORDER BY started_at DESC, id
                    """, [branch, String(commit.count), commit])
            }
        }
        let commits = Set(rows.compactMap { $0[1] })
        guard let first = rows.first, let id = first[0] else {
            throw PerfFarmError(.storeReference, "\(reference): no stored result", path: database.description)
        }
        guard commits.count <= 1 else {
            throw PerfFarmError(
                .storeReference,
                "\(reference): the prefix matches \(commits.count) commits (\(commits.sorted().map { String($0.prefix(12)) }.joined(separator: ", ")))",
                path: database.description)
        }
        return (id, try await result(id: id))
    }

    // MARK: - Noise

    /// The noise floor of each cell of `result` that the store can give: the newest A/A measurement of the
    /// machine and environment (``recordNoiseFloors(runID:floors:)``; an A/A run without a fingerprint, as
    /// `perffarm ab` records, counts for every environment of its machine when none of the same environment
    /// exists), else the coefficient of variation of
    /// the median tps of at least 3 stored results of the same binary (machine, environment fingerprint and
    /// commit) — the run-to-run noise a comparison of two separate runs suffers.
    /// - Returns: coefficients of variation by cell key, for ``ResultComparison/compare``.
    public func noiseFloors(for result: BenchmarkResult) async throws -> [String: Double] {
        var floors: [String: Double] = [:]
        let machine = result.machine
        let fingerprint = result.fingerprint?.hash
        if let commit = result.source?.commit {
            let rows = try await database.query(
                """
                SELECT c.cell, c.median_tps FROM cells c JOIN runs r ON r.id = c.run_id
                WHERE r.commit_hash = $1 AND (r.machine = $2 OR (r.machine IS NULL AND CAST($2 AS TEXT) IS NULL))
                    AND (r.fingerprint = $3 OR (r.fingerprint IS NULL AND CAST($3 AS TEXT) IS NULL)) AND c.median_tps IS NOT NULL
                """, [commit, machine, fingerprint])
            let medians = Dictionary(grouping: rows, by: { $0[0] ?? "" }).mapValues {
                $0.compactMap { $0[1].flatMap(Double.init) }
            }
            for (cell, values) in medians where values.count >= 3 {
                if let cv = SummaryStatistics(values)?.coefficientOfVariation { floors[cell] = cv }
            }
        }
        let measured = try await database.query(
            """
            SELECT cell, cv FROM noise_floors
            WHERE (machine = $1 OR (machine IS NULL AND CAST($1 AS TEXT) IS NULL))
                AND (fingerprint = $2 OR fingerprint IS NULL)
            ORDER BY CASE WHEN fingerprint IS NULL THEN 0 ELSE 1 END, measured_at
            """, [machine, fingerprint])
        for row in measured {
            if let cell = row[0], let cv = row[1].flatMap(Double.init) { floors[cell] = cv }
        }
        return floors
    }

    /// Every noise floor A/A runs measured, oldest first (for history: ``ResultHistory/build(observations:branch:cell:noiseFloors:options:)``).
    public func noiseFloorTable() async throws -> [ResultHistory.NoiseFloor] {
        try await database.query(
            "SELECT machine, fingerprint, cell, cv FROM noise_floors ORDER BY measured_at, run_id, cell", []
        ).compactMap { row in
            guard let cell = row[2], let cv = row[3].flatMap(Double.init) else { return nil }
            return ResultHistory.NoiseFloor(machine: row[0], fingerprint: row[1], cell: cell, cv: cv)
        }
    }

    /// Records the noise an A/A run (`perffarm ab` of one commit against itself) measured: coefficients of
    /// variation of tps by cell key. The run must be stored.
    public func recordNoiseFloors(runID: String, floors: [String: (cv: Double, repetitions: Int)]) async throws {
        let stored = try await result(id: runID)
        let now = TimestampFormat.string(from: Date())
        try await database.transaction(
            floors.sorted { $0.key < $1.key }.map { cell, floor in
                StoreStatement(
                    """
                    INSERT INTO noise_floors (run_id, cell, machine, fingerprint, cv, repetitions, measured_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (run_id, cell) DO NOTHING
                    """,
                    [
                        runID, cell, stored.machine, stored.fingerprint?.hash, String(floor.cv),
                        String(floor.repetitions), now,
                    ])
            })
    }
}
