import Foundation
public import Logging
import PerfFarmCore
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder of perffarm's clusters in a work area (`<work>/clusters`), and the clean-up of the clusters
/// that crashed runs left behind.
///
/// Every cluster directory in it belongs to a perffarm run of this work area; while perffarm holds the work
/// area's lock no other run uses any of them, so a cluster found there (still running or not) is a leftover,
/// unless it carries a `KEPT` marker (`--keep-cluster`, or kept after a failure for diagnosis).
///
/// When the server runs as another OS user that cannot search a directory on the way to the work area (root's
/// home is mode 0700), `<work>/clusters` is a symbolic link to a fresh directory under `/tmp` (mode 0711).
public struct ClusterArea: Sendable {
    /// The work area.
    public let workArea: WorkArea

    /// The clusters of `workArea`.
    public init(workArea: WorkArea) {
        self.workArea = workArea
    }

    /// `<work>/clusters` (a directory, or a symbolic link to one).
    public var path: String { workArea.clusters }

    /// Makes sure the clusters folder exists and that `osUser` (when given) can reach it.
    /// - Parameter osUser: the OS user the servers run as; `nil` for perffarm's own user.
    /// - Returns: the folder's real path.
    /// - Throws: ``PerfFarmError`` (`file_access`, ``PerfFarmError/Code/clusterInitFailed``) when it cannot be
    ///   made or reached.
    public func prepare(osUser: String?) throws -> String {
        let account = try osUser.map { try OSAccount.lookup($0) }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            if Self.isFolderMadeByPerffarm(target), account.map({ reachable(target, by: $0) }) ?? true {
                return target
            }
            // A link perffarm did not make (or to a folder that is not what it made): the link goes, never what
            // it names, and a new folder is made.
            try FileSystem.remove(path)
        }
        try WorkArea.checkControlled(path, what: "the clusters folder")
        if !FileSystem.exists(path) {
            try FileSystem.createDirectory(path)
            try FileOwnership.give(path, to: nil, mode: 0o711)
        }
        guard let account, !reachable(path, by: account) else { return FileSystem.realPath(path) }
        // The OS user cannot get there: move the (empty) folder to /tmp behind a link.
        guard FileSystem.contents(path).isEmpty else {
            throw PerfFarmError(
                .clusterInitFailed,
                "the OS user \(account.name) cannot reach the clusters folder, which holds clusters already; "
                    + "remove them or use another work directory (--work-dir)", path: path)
        }
        try FileSystem.remove(path)
        var template = Array("/tmp/perffarm-clusters-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PerfFarmError(.fileAccess, "cannot create a clusters folder under /tmp", path: "/tmp")
        }
        let target = String(cString: made)
        try FileOwnership.give(target, to: nil, mode: 0o711)
        guard reachable(target, by: account) else {
            try? FileSystem.remove(target)
            throw PerfFarmError(
                .clusterInitFailed, "the OS user \(account.name) cannot reach \(target) either", path: path)
        }
        do {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        } catch {
            throw PerfFarmError(
                .fileAccess, "cannot link the clusters folder: \(error.localizedDescription)", path: path)
        }
        return target
    }

    /// The cluster directories in the folder (real paths), oldest name first.
    public func clusterDirectories() -> [String] {
        let root = FileSystem.realPath(path)
        return FileSystem.contents(root).map { root + "/" + $0 }.filter(FileSystem.isDirectory)
    }

    /// Stops and removes the clusters of earlier runs that were not kept on purpose. Call it holding the work
    /// area's lock. A running server is stopped by the PID in its own `postmaster.pid` only (SIGINT, SIGQUIT,
    /// SIGKILL), after checking that the PID is a postgres of that data directory.
    /// - Returns: the directories removed, and the ones that could not be (with why).
    public func removeStaleClusters(logger: Logger) async -> StaleClusterCleanup {
        var cleanup = StaleClusterCleanup()
        for directory in clusterDirectories() where !FileSystem.exists(directory + "/KEPT") {
            let dataDirectory = directory + "/data"
            do {
                let mode = try await PostgresCluster.stopBySignals(dataDirectory: dataDirectory, logger: logger)
                logger.debug(
                    "removing a cluster left by an earlier run",
                    metadata: ["directory": "\(directory)", "stopped": "\(mode?.rawValue ?? "not running")"])
                try PostgresCluster.removeDirectory(directory)
                cleanup.removed.append(directory)
            } catch {
                cleanup.failures.append("cannot clean up \(directory), left by an earlier run: \(error)")
            }
        }
        return cleanup
    }

    /// The prefix of the folders perffarm makes under `/tmp` for clusters (`mkdtemp`).
    static let temporaryFolderPrefix = "/tmp/perffarm-clusters-"

    /// Whether `target` is a clusters folder perffarm made: `/tmp/perffarm-clusters-XXXXXX` exactly, a directory
    /// (not a link) of the effective user, mode 0711 or stricter (nobody else may list or write it).
    static func isFolderMadeByPerffarm(_ target: String) -> Bool {
        guard target.hasPrefix(temporaryFolderPrefix), target.count == temporaryFolderPrefix.count + 6,
            !target.dropFirst(temporaryFolderPrefix.count).contains("/")
        else { return false }
        var status = stat()
        return lstat(target, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR && status.st_uid == geteuid()
            && status.st_mode & 0o066 == 0
    }

    private func reachable(_ path: String, by account: OSAccount) -> Bool {
        FileOwnership.firstUnsearchableDirectory(on: FileSystem.realPath(path), for: account) == nil
    }
}

/// What ``ClusterArea/removeStaleClusters(logger:)`` did.
public struct StaleClusterCleanup: Sendable, Equatable {
    /// The cluster directories removed.
    public var removed: [String] = []
    /// The ones that could not be stopped or removed, each with why (one sentence).
    public var failures: [String] = []

    /// Creates an empty record.
    public init() {}
}
