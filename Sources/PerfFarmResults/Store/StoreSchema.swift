/// The store's schema, as versioned migrations applied in order, each in one transaction with its row in
/// `schema_migrations`. The SQL is the subset SQLite and PostgreSQL share: one schema, one code path.
///
/// Tables: `machines`, `environments` (fingerprints), `commits` and `branch_commits`, `runs` (one per result,
/// with its whole document), `cells` (per run and cell: the figures history queries read), `repetitions` (per
/// measured repetition: tps and latency percentiles), `noise_floors` (coefficients of variation measured by
/// A/A runs). Times are ISO 8601 UTC text (they sort as text); keys are text, so no dialect's sequence is
/// needed.
public enum StoreSchema {
    /// One migration.
    public struct Migration: Sendable {
        public var version: Int
        public var description: String
        public var statements: [String]
    }

    /// The migrations, oldest first. Append, never edit: a store records the versions it has applied.
    public static let migrations: [Migration] = [
        Migration(
            version: 1, description: "machines, environments, commits, runs, cells, repetitions, noise floors",
            statements: [
                """
                CREATE TABLE machines (
                    name TEXT PRIMARY KEY,
                    first_seen TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE environments (
                    fingerprint TEXT PRIMARY KEY,
                    inputs TEXT NOT NULL,
                    first_seen TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE commits (
                    hash TEXT PRIMARY KEY,
                    subject TEXT,
                    commit_date TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE branch_commits (
                    branch TEXT NOT NULL,
                    commit_hash TEXT NOT NULL REFERENCES commits (hash),
                    PRIMARY KEY (branch, commit_hash)
                )
                """,
                """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    machine TEXT REFERENCES machines (name),
                    fingerprint TEXT REFERENCES environments (fingerprint),
                    branch TEXT,
                    commit_hash TEXT REFERENCES commits (hash),
                    postgres_version TEXT,
                    status TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    stored_at TEXT NOT NULL,
                    schema_version BIGINT NOT NULL,
                    document TEXT NOT NULL
                )
                """,
                "CREATE INDEX runs_by_series ON runs (machine, branch, started_at)",
                "CREATE INDEX runs_by_commit ON runs (commit_hash)",
                """
                CREATE TABLE cells (
                    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    cell TEXT NOT NULL,
                    scale BIGINT NOT NULL,
                    clients BIGINT NOT NULL,
                    workload TEXT NOT NULL,
                    repetitions BIGINT NOT NULL,
                    failed BIGINT NOT NULL,
                    median_tps DOUBLE PRECISION,
                    tps_cv DOUBLE PRECISION,
                    median_latency_ms DOUBLE PRECISION,
                    median_p95_ms DOUBLE PRECISION,
                    PRIMARY KEY (run_id, cell)
                )
                """,
                "CREATE INDEX cells_by_cell ON cells (cell)",
                """
                CREATE TABLE repetitions (
                    run_id TEXT NOT NULL,
                    cell TEXT NOT NULL,
                    repetition BIGINT NOT NULL,
                    tps DOUBLE PRECISION,
                    latency_average_ms DOUBLE PRECISION,
                    latency_p50_ms DOUBLE PRECISION,
                    latency_p95_ms DOUBLE PRECISION,
                    latency_p99_ms DOUBLE PRECISION,
                    PRIMARY KEY (run_id, cell, repetition),
                    FOREIGN KEY (run_id, cell) REFERENCES cells (run_id, cell) ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE noise_floors (
                    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    cell TEXT NOT NULL,
                    machine TEXT,
                    fingerprint TEXT,
                    cv DOUBLE PRECISION NOT NULL,
                    repetitions BIGINT NOT NULL,
                    measured_at TEXT NOT NULL,
                    PRIMARY KEY (run_id, cell)
                )
                """,
                "CREATE INDEX noise_floors_by_cell ON noise_floors (machine, fingerprint, cell)",
            ])
    ]

    /// The newest version this perffarm knows.
    public static var currentVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// The table of applied versions, created before anything else.
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """
}
