import Foundation
public import PerfFarmCore

/// How a ``PostgresCluster`` is laid out and configured.
public struct PostgresClusterConfiguration: Sendable, Equatable {
    /// The cluster's own directory: `data/`, `socket/`, `work/`, `server.log`, `initdb.log`. Created by
    /// ``PostgresCluster/initialize()``; it must not hold a cluster yet.
    public var directory: String
    /// The OS user that runs initdb, postgres, pgbench and psql (needs root); `nil` for perffarm's own user.
    public var osUser: String?
    /// The database superuser created by initdb and used by every client.
    public var superuser: String
    /// Whether initdb enables data checksums.
    public var dataChecksums: Bool
    /// `postgresql.conf` settings, in order (later ones win). Settings perffarm owns are refused.
    public var settings: [PostgresClusterInfo.Setting]
    /// Whether the server also listens on 127.0.0.1 (a TCP port chosen free by perffarm).
    public var listenOnTCP: Bool
    /// The first port tried; later candidates count up from it, skipping 5432.
    public var firstPort: Int
    /// How many candidate ports are tried.
    public var portAttempts: Int
    /// Whether `pg_stat_statements` is preloaded and created when the install has it.
    public var preloadPgStatStatements: Bool
    /// The longest a start may take (`pg_ctl start -w -t`).
    public var startTimeout: Duration
    /// The longest each stop attempt may take (`pg_ctl stop -w -t`).
    public var stopTimeout: Duration

    /// The settings perffarm writes itself; `settings` may not name them.
    public static let reservedSettings: Set<String> = [
        "port", "unix_socket_directories", "unix_socket_directory", "listen_addresses", "data_directory",
        "config_file", "hba_file", "ident_file", "external_pid_file",
        // An included file could set any of the above behind perffarm's back.
        "include", "include_dir", "include_if_exists",
    ]

    /// Creates a configuration.
    public init(
        directory: String, osUser: String? = nil, superuser: String = "postgres", dataChecksums: Bool = false,
        settings: [PostgresClusterInfo.Setting] = [], listenOnTCP: Bool = false, firstPort: Int = 55432,
        portAttempts: Int = 100, preloadPgStatStatements: Bool = true, startTimeout: Duration = .seconds(120),
        stopTimeout: Duration = .seconds(120)
    ) {
        self.directory = directory
        self.osUser = osUser
        self.superuser = superuser
        self.dataChecksums = dataChecksums
        self.settings = settings
        self.listenOnTCP = listenOnTCP
        self.firstPort = firstPort
        self.portAttempts = portAttempts
        self.preloadPgStatStatements = preloadPgStatStatements
        self.startTimeout = startTimeout
        self.stopTimeout = stopTimeout
    }

    /// Checks the settings: valid names, none of perffarm's own.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`, key `--set`).
    public func validate() throws {
        for setting in settings {
            let name = setting.name
            let valid =
                !name.isEmpty && name.first.map({ $0.isLetter || $0 == "_" }) == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
            guard valid else {
                throw PerfFarmError(.invalidConfiguration, "not a setting name: \(name)", key: "--set")
            }
            guard !Self.reservedSettings.contains(name.lowercased()) else {
                let why =
                    name.lowercased().hasPrefix("include")
                    ? "would include settings perffarm does not check" : "is chosen by perffarm for its private cluster"
                throw PerfFarmError(.invalidConfiguration, "\(name) \(why)", key: "--set")
            }
            // One setting is one line of postgresql.conf: a line break or another control character would end
            // it and start another.
            if let bad = setting.value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw PerfFarmError(
                    .invalidConfiguration,
                    "the value of \(name) holds a control character (U+\(String(format: "%04X", bad.value)))",
                    key: "--set")
            }
        }
        guard (1024...65535).contains(firstPort) else {
            throw PerfFarmError(.invalidConfiguration, "the first port must be 1024 to 65535", key: "--port")
        }
    }
}
