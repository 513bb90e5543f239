/// The data set of one scale: a database built once with `pgbench -i` and reused by the scale's runs.
public struct PgbenchDataSet: Codable, Sendable, Equatable {
    /// The scale factor (`-s`).
    public var scale: Int
    /// The database holding the data set (the template of the writing runs' copies).
    public var database: String
    /// How the initialization ended.
    public var status: BenchmarkStepStatus
    /// `pgbench -i`: its command line, exit, times and output files; `nil` when it never ran.
    public var command: CommandRecord?
    /// The parsed output of `pgbench -i`.
    public var initialization: PgbenchInitSummary?
    /// `pg_database_size` of the database after the initialization.
    public var sizeBytes: Int?
    /// Why the initialization failed (pgbench's error lines, or perffarm's sentence).
    public var errors: [String]
    /// What went wrong without failing the data set (its size could not be read).
    public var notes: [String]

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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scale = try c.decode(Int.self, forKey: .scale)
        database = try c.decode(String.self, forKey: .database)
        status = try c.decode(BenchmarkStepStatus.self, forKey: .status)
        command = try c.decodeIfPresent(CommandRecord.self, forKey: .command)
        initialization = try c.decodeIfPresent(PgbenchInitSummary.self, forKey: .initialization)
        sizeBytes = try c.decodeIfPresent(Int.self, forKey: .sizeBytes)
        errors = try c.decode([String].self, forKey: .errors)
        // Documents written before notes existed have none.
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scale, forKey: .scale)
        try c.encode(database, forKey: .database)
        try c.encode(status, forKey: .status)
        try c.encode(command, forKey: .command)
        try c.encode(initialization, forKey: .initialization)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(errors, forKey: .errors)
        try c.encode(notes, forKey: .notes)
    }
}
