/// The data set of one scale: a database built once with `pgbench -i` and reused by the scale's runs.
public struct PgbenchDataSet: Codable, Sendable, Equatable {
    /// The scale factor (`-s`).
    public var scale: Int
    /// The database holding the data set (the template of the writing runs' copies).
    public var database: String
    /// How the initialization ended.
    public var status: BenchmarkStepStatus
    /// `pgbench -i`: its command line, exit, times and output files; `nil` when it never ran.
    @Nullable public var command: CommandRecord?
    /// The parsed output of `pgbench -i`.
    @Nullable public var initialization: PgbenchInitSummary?
    /// `pg_database_size` of the database after the initialization.
    @Nullable public var sizeBytes: Int?
    /// Why the initialization failed (pgbench's error lines, or perffarm's sentence).
    public var errors: [String]
    /// What went wrong without failing the data set (its size could not be read).
    @DefaultEmpty public var notes: [String]

    /// Creates a data-set record.
    public init(
        scale: Int, database: String, status: BenchmarkStepStatus, command: CommandRecord? = nil,
        initialization: PgbenchInitSummary? = nil, sizeBytes: Int? = nil, errors: [String] = [], notes: [String] = []
    ) {
        self.scale = scale
        self.database = database
        self.status = status
        self.command = command
        self.initialization = initialization
        self.sizeBytes = sizeBytes
        self.errors = errors
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case scale, database, status, command
        case initialization = "init"
        case sizeBytes = "size_bytes"
        case errors, notes
    }
}
