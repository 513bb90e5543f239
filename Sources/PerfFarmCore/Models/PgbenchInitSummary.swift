/// What `pgbench -i` printed (on stderr): the data set it built and how long each step took.
public struct PgbenchInitSummary: Codable, Sendable, Equatable {
    /// The time of each initialization step, from `done in X s (drop tables X s, ...)` (13+).
    public struct Steps: Codable, Sendable, Equatable {
        /// `drop tables` (step `d`).
        @Nullable public var dropTablesSeconds: Double?
        /// `create tables` (step `t`).
        @Nullable public var createTablesSeconds: Double?
        /// `client-side generate` (step `g`).
        @Nullable public var clientSideGenerateSeconds: Double?
        /// `server-side generate` (step `G`).
        @Nullable public var serverSideGenerateSeconds: Double?
        /// `vacuum` (step `v`).
        @Nullable public var vacuumSeconds: Double?
        /// `primary keys` (step `p`).
        @Nullable public var primaryKeysSeconds: Double?
        /// `foreign keys` (step `f`).
        @Nullable public var foreignKeysSeconds: Double?
        /// Steps with a name this parser does not know (a later pgbench), in the order printed.
        public var other: [NamedDuration]

        /// Creates an empty set of step times.
        public init() { other = [] }

        enum CodingKeys: String, CodingKey {
            case dropTablesSeconds = "drop_tables_s"
            case createTablesSeconds = "create_tables_s"
            case clientSideGenerateSeconds = "client_side_generate_s"
            case serverSideGenerateSeconds = "server_side_generate_s"
            case vacuumSeconds = "vacuum_s"
            case primaryKeysSeconds = "primary_keys_s"
            case foreignKeysSeconds = "foreign_keys_s"
            case other
        }
    }

    /// A step time with a name this parser does not know.
    public struct NamedDuration: Codable, Sendable, Equatable {
        /// The step name as printed.
        public var name: String
        /// Its duration in seconds.
        public var seconds: Double

        /// Creates a named duration.
        public init(name: String, seconds: Double) {
            self.name = name
            self.seconds = seconds
        }
    }

    /// The scale of the data set: accounts rows / 100000, from the `N of M tuples` progress lines
    /// (`nil` with server-side generation, which prints none).
    @Nullable public var scalingFactor: Int?
    /// Rows of `pgbench_accounts` generated client-side (the M of `N of M tuples`).
    @Nullable public var accountsRows: Int?
    /// `done in X s` (13+); `nil` for the older `done.`.
    @Nullable public var totalSeconds: Double?
    /// Step times (13+).
    public var steps: Steps
    /// Whether the initialization completed (`done.` or `done in ...`).
    public var done: Bool
    /// `client-side` or `server-side` data generation (13+ print it).
    @Nullable public var generation: String?
    /// `creating N partitions...` (13+).
    @Nullable public var partitions: Int?
    /// Error lines (bad step, connection failure, SQL errors).
    public var errors: [String]

    /// Creates an empty summary.
    public init() {
        steps = Steps()
        done = false
        errors = []
    }

    enum CodingKeys: String, CodingKey {
        case scalingFactor = "scaling_factor"
        case accountsRows = "accounts_rows"
        case totalSeconds = "total_s"
        case steps, done, generation, partitions, errors
    }
}
