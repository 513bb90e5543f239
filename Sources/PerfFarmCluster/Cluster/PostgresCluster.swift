import Foundation
public import Logging
public import PerfFarmCore
public import PerfFarmPostgres
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL cluster that perffarm creates, starts, stops and removes, and that nothing else uses.
///
/// ```
/// <directory>/              perffarm's (mode 0711 when the server runs as another OS user)
/// <directory>/data/         the data directory (initdb: C locale, UTF8, optional checksums)
/// <directory>/socket/       the Unix socket directory (mode 0700), or a link to /tmp/perffarm-sock-*
///                           when a socket path under <directory> would not fit in sun_path
/// <directory>/work/         the working directory of pgbench and psql (per-run logs, script copies)
/// <directory>/server.log    the server log (pg_ctl -l)
/// <directory>/initdb.log    initdb's output
/// <directory>/KEPT          present when the cluster was kept on purpose (--keep-cluster, a failure)
/// <directory>/socket-directory  perffarm's record of the short socket directory, when there is one
/// ```
///
/// Only `data/`, `socket/` and `work/` (and the files `server.log` and `superuser.password`, which the
/// server's programs open) belong to the OS user. Inside those three directories, which the OS user can
/// change at any moment, perffarm never follows a path: it works through ``ConfinedDirectory`` (`openat`,
/// `O_NOFOLLOW`, and checks of kind and owner with `fstat`), and removes them without following links.
///
/// The server listens on the private socket directory and, only with
/// ``PostgresClusterConfiguration/listenOnTCP``, on 127.0.0.1; its port is chosen free (never 5432), and a
/// start that collides with another server moves to the next candidate. ``stop()`` tries `pg_ctl stop -m
/// fast`, then `-m immediate`, then SIGKILL of the PID in this data directory's `postmaster.pid`, and only
/// when that PID is a postgres process working in this data directory. Nothing is ever found or killed by
/// process name.
///
/// Call ``stop()`` and ``remove()`` from a task that is not cancelled (an unstructured `Task`), because a
/// cancelled task cannot run commands.
public struct PostgresCluster: Sendable {
    /// How the server was stopped.
    public enum StopMode: String, Sendable, Equatable {
        /// `pg_ctl stop -m fast`.
        case fast
        /// `pg_ctl stop -m immediate`.
        case immediate
        /// SIGKILL of the postmaster (and of backends left behind).
        case kill
    }

    /// The install whose programs run the cluster.
    public let installation: PostgresInstallation
    /// The layout and settings.
    public let configuration: PostgresClusterConfiguration
    let runner: any CommandRunner
    /// How SQL sessions with the server are opened (libpq, or a scripted fake in tests).
    let connector: any PostgresConnector
    let logger: Logger
    let account: OSAccount?

    /// The port of the running (or last started) server.
    public internal(set) var port: Int?
    /// Whether `pg_stat_statements` is preloaded and created in `template1` and `postgres`.
    public internal(set) var pgStatStatements = false
    /// The settings written to `perffarm.conf` at the last start, in order.
    public internal(set) var writtenSettings: [PostgresClusterInfo.Setting] = []
    /// How the server was last stopped.
    public internal(set) var stopMode: StopMode?
    /// What did not work as asked but did not stop the cluster (`pg_stat_statements` not usable).
    public internal(set) var notes: [String] = []

    /// Creates a cluster description; nothing is created before ``initialize()``.
    /// - Parameters:
    ///   - installation: the install whose programs run the cluster (any `bin/` directory).
    ///   - configuration: the layout and settings.
    ///   - runner: how initdb, pg_ctl, pgbench run.
    ///   - connector: how SQL sessions are opened; libpq when `nil`.
    ///   - logger: where the cluster logs (debug).
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for a bad setting or an unknown OS user.
    public init(
        installation: PostgresInstallation, configuration: PostgresClusterConfiguration, runner: any CommandRunner,
        connector: (any PostgresConnector)? = nil,
        logger: Logger
    ) throws {
        try configuration.validate()
        var configuration = configuration
        configuration.directory = FileSystem.absolute(configuration.directory)
        self.installation = installation
        self.configuration = configuration
        self.runner = runner
        self.connector = connector ?? LibPQConnector(logger: logger)
        self.logger = logger
        account = try configuration.osUser.map { name in
            do {
                return try OSAccount.lookup(name)
            } catch {
                throw PerfFarmError(.invalidConfiguration, "no such OS user: \(name)", key: "--os-user")
            }
        }
    }

    // MARK: - Layout

    /// The cluster's directory.
    public var directory: String { configuration.directory }
    /// The data directory.
    public var dataDirectory: String { directory + "/data" }
    /// The Unix socket directory.
    /// The Unix socket directory: `<directory>/socket`, or, when a socket path there would be too long for
    /// `sun_path`, the short directory under `/tmp` that `<directory>/socket` links to.
    public var socketDirectory: String {
        let link = directory + "/socket"
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? link
    }

    /// The prefix of the short socket directories made under `/tmp` for clusters whose own path is too long.
    static let shortSocketPrefix = "/tmp/perffarm-sock-"
    /// The working directory of pgbench and psql.
    public var workDirectory: String { directory + "/work" }
    /// The server log.
    public var serverLog: String { directory + "/server.log" }
    /// initdb's output.
    public var initdbLog: String { directory + "/initdb.log" }
    /// perffarm's record of the short socket directory under `/tmp`, when there is one.
    var shortSocketRecord: String { directory + "/socket-directory" }
    /// The marker of a cluster kept on purpose.
    public var keptMarker: String { directory + "/KEPT" }
    /// The superuser's password (mode 0600, the OS user's), for TCP connections: over 127.0.0.1 the cluster
    /// asks for it (`scram-sha-256`), so that no other local user gets in; over its private socket directory
    /// (mode 0700) it trusts the OS user.
    public var passwordFile: String { directory + "/superuser.password" }
    /// The settings file perffarm rewrites at every start (included by `postgresql.conf`).
    var settingsFile: String { dataDirectory + "/perffarm.conf" }

    /// `-h socket -p port -U superuser`, for psql and pgbench.
    public var connectionArguments: [String] {
        ["-h", socketDirectory, "-p", String(port ?? 0), "-U", configuration.superuser]
    }

    /// A command running `program` of the install as the cluster's OS user, in ``workDirectory``.
    public func command(
        _ program: String, _ arguments: [String], timeout: Duration?, output: Command.Output = .captured
    ) -> Command {
        Command(
            installation.program(program), arguments, environment: installation.environment,
            workingDirectory: workDirectory, timeout: timeout, output: output, user: configuration.osUser)
    }

    // MARK: - Record

    /// The cluster as a result records it.
    public func info(serverVersion: String?, serverVersionNumber: Int?) -> PostgresClusterInfo {
        PostgresClusterInfo(
            binDirectory: installation.binDirectory, libDirectory: installation.libDirectory,
            postgresVersion: installation.version, serverVersion: serverVersion,
            serverVersionNumber: serverVersionNumber, directory: directory, dataDirectory: dataDirectory,
            socketDirectory: socketDirectory, port: port,
            listenAddresses: configuration.listenOnTCP ? "127.0.0.1" : nil, osUser: configuration.osUser,
            superuser: configuration.superuser, dataChecksums: configuration.dataChecksums,
            settings: writtenSettings, pgStatStatements: pgStatStatements, stopMode: stopMode?.rawValue, notes: notes)
    }
}
