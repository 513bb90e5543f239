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
    @Nullable public var libDirectory: String?
    /// `postgres --version` of the install (`postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`).
    @Nullable public var postgresVersion: String?
    /// `SELECT version()` of the running server.
    @Nullable public var serverVersion: String?
    /// `server_version_num` of the running server (`150018`).
    @Nullable public var serverVersionNumber: Int?
    /// The directory of the cluster (data directory, socket directory, server log).
    public var directory: String
    /// The data directory.
    public var dataDirectory: String
    /// The Unix socket directory (private to the cluster).
    public var socketDirectory: String
    /// The port: the socket's name, and the TCP port when ``listenAddresses`` is set.
    @Nullable public var port: Int?
    /// `listen_addresses`: `127.0.0.1` when TCP was asked for, `nil` for Unix sockets only.
    @Nullable public var listenAddresses: String?
    /// The OS user the server and pgbench ran as; `nil` for perffarm's own user.
    @Nullable public var osUser: String?
    /// The database superuser perffarm connects as.
    public var superuser: String
    /// Whether the cluster has data checksums (`initdb --data-checksums`).
    public var dataChecksums: Bool
    /// The settings perffarm wrote to `postgresql.conf`, in order (its own, then the user's).
    public var settings: [Setting]
    /// Whether `pg_stat_statements` was preloaded and created.
    public var pgStatStatements: Bool
    /// The server log, relative to the result document's directory (copied there after the stop).
    @Nullable public var serverLogFile: String?
    /// How the server was stopped: `fast`, `immediate` or `kill`; `nil` when it never ran or did not stop.
    @Nullable public var stopMode: String?
    /// Whether the cluster's directory was kept (`--keep-cluster`, or a failure), at ``directory``.
    public var kept: Bool
    /// Cluster directories of earlier runs removed before this one: those crashed runs left, and kept ones beyond
    /// the newest `--keep-clusters`.
    public var staleClustersRemoved: [String]
    /// What did not work as asked without stopping the benchmark (`pg_stat_statements` not usable, a stale
    /// cluster that could not be removed, a scratch directory left behind).
    @DefaultEmpty public var notes: [String]

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
}
