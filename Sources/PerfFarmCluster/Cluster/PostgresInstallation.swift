import Foundation
public import PerfFarmCore
public import PerfFarmProcess

/// A PostgreSQL install to benchmark: its `bin/` directory and what perffarm needs to know about it (the
/// library directory for `LD_LIBRARY_PATH`, whether it has `pg_stat_statements`, its version).
///
/// Every program perffarm runs for a cluster comes from ``binDirectory`` by absolute path, with the install's
/// library directory first in `LD_LIBRARY_PATH`, so that pgbench and psql load the install's own libpq.
public struct PostgresInstallation: Sendable, Equatable {
    /// The programs perffarm runs from the install.
    public static let requiredPrograms = ["initdb", "pg_ctl", "postgres", "pg_isready", "pgbench"]

    /// The `bin/` directory (absolute).
    public let binDirectory: String
    /// The library directory (`pg_config --libdir`, else `bin/../lib`).
    public let libDirectory: String?
    /// The directory of loadable modules (`pg_config --pkglibdir`).
    public let moduleDirectory: String?
    /// The shared data directory (`pg_config --sharedir`), where extension control files live.
    public let shareDirectory: String?
    /// `postgres --version` (`postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`).
    public let version: String
    /// The major version (`15`; `10` and later count one number).
    public let majorVersion: Int?
    /// Whether the install has `pg_stat_statements` (its module and its extension control file).
    public let hasPgStatStatements: Bool

    /// Creates a description by hand (tests).
    public init(
        binDirectory: String, libDirectory: String?, moduleDirectory: String?, shareDirectory: String?,
        version: String, hasPgStatStatements: Bool
    ) {
        self.binDirectory = binDirectory
        self.libDirectory = libDirectory
        self.moduleDirectory = moduleDirectory
        self.shareDirectory = shareDirectory
        self.version = version
        self.majorVersion = Self.majorVersion(of: version)
        self.hasPgStatStatements = hasPgStatStatements
    }

    /// Looks at the install whose programs are in `binDirectory`.
    /// - Parameters:
    ///   - binDirectory: the `bin/` directory (`/usr/lib/postgresql/15/bin`, `<prefix>/bin`).
    ///   - runner: runs `postgres --version` and `pg_config`.
    ///   - user: the OS user that runs them (the cluster's): a program of a directory someone gave on the command
    ///     line never runs as root.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`, key `--pg-bin`) when the directory lacks a program
    ///   perffarm needs or `postgres --version` fails.
    public static func inspect(
        binDirectory: String, runner: any CommandRunner, user: String? = nil
    ) async throws -> PostgresInstallation {
        let bin = FileSystem.absolute(binDirectory)
        guard FileSystem.isDirectory(bin) else {
            throw PerfFarmError(.invalidConfiguration, "not a directory: \(bin)", key: "--pg-bin")
        }
        let missing = requiredPrograms.filter { !FileManager.default.isExecutableFile(atPath: bin + "/" + $0) }
        guard missing.isEmpty else {
            throw PerfFarmError(
                .invalidConfiguration,
                "\(bin) lacks \(missing.joined(separator: ", ")); give the bin/ directory of a PostgreSQL install",
                key: "--pg-bin")
        }
        let parent = (bin as NSString).deletingLastPathComponent
        var libDirectory: String? = FileSystem.isDirectory(parent + "/lib") ? parent + "/lib" : nil
        var moduleDirectory = [parent + "/lib/postgresql", parent + "/lib"].first(where: FileSystem.isDirectory)
        var shareDirectory = [parent + "/share/postgresql", parent + "/share"].first(where: FileSystem.isDirectory)
        if FileManager.default.isExecutableFile(atPath: bin + "/pg_config") {
            let outcome = try await runner.run(
                Command(
                    bin + "/pg_config", ["--libdir", "--pkglibdir", "--sharedir"], workingDirectory: "/",
                    timeout: .seconds(60), user: user))
            let lines = outcome.standardOutputText.split(separator: "\n").map(String.init)
            if outcome.succeeded, lines.count == 3 {
                libDirectory = lines[0]
                moduleDirectory = lines[1]
                shareDirectory = lines[2]
            }
        }
        let versionCommand = Command(
            bin + "/postgres", ["--version"], environment: environment(libDirectory: libDirectory),
            workingDirectory: "/", timeout: .seconds(60), user: user)
        let outcome = try await runner.run(versionCommand)
        let version = outcome.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.succeeded, !version.isEmpty else {
            throw PerfFarmError(
                .invalidConfiguration,
                "`\(versionCommand.commandLine)` failed (\(outcome.termination)): "
                    + outcome.standardErrorText.trimmingCharacters(in: .whitespacesAndNewlines),
                key: "--pg-bin")
        }
        let hasStatements =
            moduleDirectory.map { directory in
                ["so", "dylib"].contains { FileSystem.exists(directory + "/pg_stat_statements." + $0) }
            } ?? false
            && shareDirectory.map { FileSystem.exists($0 + "/extension/pg_stat_statements.control") } ?? false
        return PostgresInstallation(
            binDirectory: bin, libDirectory: libDirectory, moduleDirectory: moduleDirectory,
            shareDirectory: shareDirectory, version: version, hasPgStatStatements: hasStatements)
    }

    /// The absolute path of one of the install's programs.
    public func program(_ name: String) -> String {
        binDirectory + "/" + name
    }

    /// The environment changes of every command run from the install: its library directory first in
    /// `LD_LIBRARY_PATH`, C messages (the parsers read English), and no `PG*` variable that could point a
    /// client at another server.
    public var environment: [String: String?] {
        Self.environment(libDirectory: libDirectory)
    }

    /// The libpq variables that choose a server, a user or connection options; removed from every command.
    public static let connectionVariables = [
        "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGPASSFILE", "PGSERVICE",
        "PGSERVICEFILE", "PGOPTIONS", "PGDATA", "PGSSLMODE", "PGREQUIRESSL", "PGTARGETSESSIONATTRS",
        "PGCONNECT_TIMEOUT", "PGCLIENTENCODING", "PGAPPNAME", "PGSYSCONFDIR", "PGLOCALEDIR",
    ]

    static func environment(libDirectory: String?) -> [String: String?] {
        var environment: [String: String?] = ["LC_ALL": "C", "LANG": "C", "LANGUAGE": nil]
        // updateValue keeps the key with a nil value, which removes the variable (a subscript set to nil
        // would drop the key instead).
        for name in connectionVariables { environment.updateValue(nil, forKey: name) }
        if let libDirectory {
            let existing = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"].flatMap { $0.isEmpty ? nil : $0 }
            environment["LD_LIBRARY_PATH"] = existing.map { libDirectory + ":" + $0 } ?? libDirectory
        }
        return environment
    }

    /// The major version in a `--version` line: `15` of `... 15.18 ...`, `9` of `9.6.24`, `19` of `19devel`.
    static func majorVersion(of line: String) -> Int? {
        guard let range = line.range(of: #"\b\d+(?=[.a-z\s]|$)"#, options: .regularExpression) else { return nil }
        return Int(line[range])
    }
}
