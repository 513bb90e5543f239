/// The isolated cluster a benchmark ran on: the install under test, where the cluster lived, how it was
/// configured, and how it was started and stopped.
public struct PostgresClusterInfo: Codable, Sendable, Equatable {
    /// One `postgresql.conf` setting perffarm wrote.
    public struct Setting: Codable, Sendable, Equatable {
        /// The parameter's name.
        public var name: String
        /// Its value, as written (unquoted).
        public var value: String

        /// Creates a setting.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case name, value
        }
    }

    /// The `bin/` directory of the install under test.
    public var binDirectory: String
    /// The library directory put first in `LD_LIBRARY_PATH` (`pg_config --libdir`), so its libpq is used.
    public var libDirectory: String?
    /// `postgres --version` of the install (`postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`).
    public var postgresVersion: String?
    /// `SELECT version()` of the running server.
    public var serverVersion: String?
    /// `server_version_num` of the running server (`150018`).
    public var serverVersionNumber: Int?
    /// The directory of the cluster (data directory, socket directory, server log).
    public var directory: String
    /// The data directory.
    public var dataDirectory: String
    /// The Unix socket directory (private to the cluster).
    public var socketDirectory: String
    /// The port: the socket's name, and the TCP port when ``listenAddresses`` is set.
    public var port: Int?
    /// `listen_addresses`: `127.0.0.1` when TCP was asked for, `nil` for Unix sockets only.
    public var listenAddresses: String?
    /// The OS user the server and pgbench ran as; `nil` for perffarm's own user.
    public var osUser: String?
    /// The database superuser perffarm connects as.
    public var superuser: String
    /// Whether the cluster has data checksums (`initdb --data-checksums`).
    public var dataChecksums: Bool
    /// The settings perffarm wrote to `postgresql.conf`, in order (its own, then the user's).
    public var settings: [Setting]
    /// Whether `pg_stat_statements` was preloaded and created.
    public var pgStatStatements: Bool
    /// The server log, relative to the result document's directory (copied there after the stop).
    public var serverLogFile: String?
    /// How the server was stopped: `fast`, `immediate` or `kill`; `nil` when it never ran or did not stop.
    public var stopMode: String?
    /// Whether the cluster's directory was kept (`--keep-cluster`, or a failure), at ``directory``.
    public var kept: Bool
    /// Cluster directories of earlier crashed runs found in the work area and removed before this one.
    public var staleClustersRemoved: [String]
    /// What did not work as asked without stopping the benchmark (`pg_stat_statements` not usable, a stale
    /// cluster that could not be removed, a scratch directory left behind).
    public var notes: [String]

    /// Creates a record.
    public init(
        binDirectory: String, libDirectory: String? = nil, postgresVersion: String? = nil,
        serverVersion: String? = nil, serverVersionNumber: Int? = nil, directory: String, dataDirectory: String,
        socketDirectory: String, port: Int? = nil, listenAddresses: String? = nil, osUser: String? = nil,
        superuser: String = "postgres", dataChecksums: Bool = false, settings: [Setting] = [],
        pgStatStatements: Bool = false, serverLogFile: String? = nil, stopMode: String? = nil, kept: Bool = false,
        staleClustersRemoved: [String] = [], notes: [String] = []
    ) {
        self.binDirectory = binDirectory
        self.libDirectory = libDirectory
        self.postgresVersion = postgresVersion
        self.serverVersion = serverVersion
        self.serverVersionNumber = serverVersionNumber
        self.directory = directory
        self.dataDirectory = dataDirectory
        self.socketDirectory = socketDirectory
        self.port = port
        self.listenAddresses = listenAddresses
        self.osUser = osUser
        self.superuser = superuser
        self.dataChecksums = dataChecksums
        self.settings = settings
        self.pgStatStatements = pgStatStatements
        self.serverLogFile = serverLogFile
        self.stopMode = stopMode
        self.kept = kept
        self.staleClustersRemoved = staleClustersRemoved
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case binDirectory = "bin_directory"
        case libDirectory = "lib_directory"
        case postgresVersion = "postgres_version"
        case serverVersion = "server_version"
        case serverVersionNumber = "server_version_num"
        case directory
        case dataDirectory = "data_directory"
        case socketDirectory = "socket_directory"
        case port
        case listenAddresses = "listen_addresses"
        case osUser = "os_user"
        case superuser
        case dataChecksums = "data_checksums"
        case settings
        case pgStatStatements = "pg_stat_statements"
        case serverLogFile = "server_log_file"
        case stopMode = "stop_mode"
        case kept
        case staleClustersRemoved = "stale_clusters_removed"
        case notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        binDirectory = try c.decode(String.self, forKey: .binDirectory)
        libDirectory = try c.decodeIfPresent(String.self, forKey: .libDirectory)
        postgresVersion = try c.decodeIfPresent(String.self, forKey: .postgresVersion)
        serverVersion = try c.decodeIfPresent(String.self, forKey: .serverVersion)
        serverVersionNumber = try c.decodeIfPresent(Int.self, forKey: .serverVersionNumber)
        directory = try c.decode(String.self, forKey: .directory)
        dataDirectory = try c.decode(String.self, forKey: .dataDirectory)
        socketDirectory = try c.decode(String.self, forKey: .socketDirectory)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        listenAddresses = try c.decodeIfPresent(String.self, forKey: .listenAddresses)
        osUser = try c.decodeIfPresent(String.self, forKey: .osUser)
        superuser = try c.decode(String.self, forKey: .superuser)
        dataChecksums = try c.decode(Bool.self, forKey: .dataChecksums)
        settings = try c.decode([Setting].self, forKey: .settings)
        pgStatStatements = try c.decode(Bool.self, forKey: .pgStatStatements)
        serverLogFile = try c.decodeIfPresent(String.self, forKey: .serverLogFile)
        stopMode = try c.decodeIfPresent(String.self, forKey: .stopMode)
        kept = try c.decode(Bool.self, forKey: .kept)
        staleClustersRemoved = try c.decode([String].self, forKey: .staleClustersRemoved)
        // Documents written before notes existed have none.
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(binDirectory, forKey: .binDirectory)
        try c.encode(libDirectory, forKey: .libDirectory)
        try c.encode(postgresVersion, forKey: .postgresVersion)
        try c.encode(serverVersion, forKey: .serverVersion)
        try c.encode(serverVersionNumber, forKey: .serverVersionNumber)
        try c.encode(directory, forKey: .directory)
        try c.encode(dataDirectory, forKey: .dataDirectory)
        try c.encode(socketDirectory, forKey: .socketDirectory)
        try c.encode(port, forKey: .port)
        try c.encode(listenAddresses, forKey: .listenAddresses)
        try c.encode(osUser, forKey: .osUser)
        try c.encode(superuser, forKey: .superuser)
        try c.encode(dataChecksums, forKey: .dataChecksums)
        try c.encode(settings, forKey: .settings)
        try c.encode(pgStatStatements, forKey: .pgStatStatements)
        try c.encode(serverLogFile, forKey: .serverLogFile)
        try c.encode(stopMode, forKey: .stopMode)
        try c.encode(kept, forKey: .kept)
        try c.encode(staleClustersRemoved, forKey: .staleClustersRemoved)
        try c.encode(notes, forKey: .notes)
    }
}
