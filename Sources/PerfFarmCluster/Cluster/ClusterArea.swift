public import Foundation
public import Logging
public import PerfFarmCore
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

    /// The cluster directories in the folder (real paths), oldest name first. None when `<work>/clusters` is a
    /// link perffarm did not make (``prepare(osUser:)`` replaces it; it is never followed).
    public func clusterDirectories() -> [String] {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path),
            !Self.isFolderMadeByPerffarm(target)
        {
            return []
        }
        let root = FileSystem.realPath(path)
        return FileSystem.contents(root).map { root + "/" + $0 }.filter(FileSystem.isDirectory)
    }

    /// Stops and removes the clusters of earlier runs that were not kept on purpose. Call it holding the work
    /// area's lock. A running server is stopped by the PID in its own `postmaster.pid` only (SIGINT, SIGQUIT,
    /// SIGKILL), after checking that the PID is a postgres of that data directory.
    /// - Returns: the directories removed, and the ones that could not be (with why).
    public func removeStaleClusters(logger: Logger) async -> StaleClusterCleanup {
        var cleanup = StaleClusterCleanup()
        for directory in staleClusterDirectories() {
            do {
                try await Self.stopAndRemove(directory, logger: logger)
                cleanup.removed.append(directory)
            } catch {
                cleanup.failures.append("cannot clean up \(directory), left by an earlier run: \(error)")
            }
        }
        return cleanup
    }

    /// The clusters kept on purpose (a `KEPT` marker: `--keep-cluster`, or kept after a failure), newest first.
    public func keptClusters() -> [KeptCluster] {
        clusterDirectories().compactMap { directory -> KeptCluster? in
            let marker = directory + "/KEPT"
            var status = stat()
            // The marker is perffarm's own file in the cluster's (root-owned) directory: never a link.
            guard lstat(marker, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            let reason =
                (try? ConfinedDirectory(directory, owner: status.st_uid).read("KEPT"))
                .map { String(decoding: $0.prefix(4096), as: UTF8.self) }?
                .split(separator: "\n").last.map { String($0.replacing("kept: ", with: "")) } ?? ""
            let keptAt = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
            return KeptCluster(directory: directory, keptAt: keptAt, reason: reason)
        }.sorted { ($0.keptAt, $0.directory) > ($1.keptAt, $1.directory) }
    }

    /// Stops and removes the kept clusters beyond the newest `keep` (all of them when `keep` is 0). Call it holding
    /// the work area's lock.
    /// - Returns: the directories removed, and the ones that could not be (with why).
    public func pruneKeptClusters(keep: Int, logger: Logger) async -> StaleClusterCleanup {
        var cleanup = StaleClusterCleanup()
        for kept in keptClusters().dropFirst(max(0, keep)) {
            do {
                try await Self.stopAndRemove(kept.directory, logger: logger)
                cleanup.removed.append(kept.directory)
            } catch {
                cleanup.failures.append("cannot remove the kept cluster \(kept.directory): \(error)")
            }
        }
        return cleanup
    }

    /// The cluster directories without a `KEPT` marker: left by runs that crashed (or still running, when the
    /// caller does not hold the lock).
    public func staleClusterDirectories() -> [String] {
        clusterDirectories().filter { directory in
            var status = stat()
            return lstat(directory + "/KEPT", &status) != 0
        }
    }

    /// `perffarm clean`: stops and removes every stale cluster and the kept ones beyond the newest `keepKept`
    /// (or, with `dryRun`, says what it would remove). Call it holding the work area's lock.
    public func clean(keepKept: Int, dryRun: Bool, logger: Logger) async -> ClusterCleanReport {
        var report = ClusterCleanReport(dryRun: dryRun)
        var candidates = staleClusterDirectories().map {
            (entry: ClusterCleanReport.Entry(directory: $0, state: .stale, keptAt: nil, reason: nil), leave: false)
        }
        candidates += keptClusters().enumerated().map { index, cluster in
            (
                entry: ClusterCleanReport.Entry(
                    directory: cluster.directory, state: .kept, keptAt: cluster.keptAt, reason: cluster.reason),
                leave: index < max(0, keepKept)
            )
        }
        for (var entry, leave) in candidates {
            entry.bytes = ConfinedDirectory.treeSize(entry.directory)
            if !leave {
                if dryRun {
                    entry.action = .wouldRemove
                } else {
                    do {
                        try await Self.stopAndRemove(entry.directory, logger: logger)
                        entry.action = .removed
                    } catch {
                        entry.action = .failed
                        entry.error = "\(error)"
                    }
                }
            }
            report.clusters.append(entry)
        }
        return report
    }

    /// Stops the server of the cluster at `directory` (by the checked PID of its own `postmaster.pid`), then
    /// removes the directory.
    static func stopAndRemove(_ directory: String, logger: Logger) async throws {
        let mode = try await PostgresCluster.stopBySignals(dataDirectory: directory + "/data", logger: logger)
        logger.debug(
            "removing a cluster of an earlier run",
            metadata: ["directory": "\(directory)", "stopped": "\(mode?.rawValue ?? "not running")"])
        try PostgresCluster.removeDirectory(directory)
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

/// A cluster kept on purpose, as ``ClusterArea/keptClusters()`` lists it.
public struct KeptCluster: Sendable, Equatable {
    /// The cluster's directory.
    public var directory: String
    /// When it was kept (its marker's modification time).
    public var keptAt: Date
    /// Why (the marker's last line: `kept for diagnosis`, `the server could not be stopped`).
    public var reason: String
}

/// What ``ClusterArea/clean(keepKept:dryRun:logger:)`` did, cluster by cluster.
public struct ClusterCleanReport: Codable, Sendable, Equatable {
    /// One cluster directory.
    public struct Entry: Codable, Sendable, Equatable {
        /// Why the directory is there.
        public enum State: String, Codable, Sendable {
            /// Left by a run that crashed (no `KEPT` marker).
            case stale
            /// Kept on purpose (`--keep-cluster`, or after a failure).
            case kept
        }

        /// What was done with it.
        public enum Action: String, Codable, Sendable {
            /// Stopped if needed, and removed.
            case removed
            /// Would be removed (`--dry-run`).
            case wouldRemove = "would_remove"
            /// Left alone (among the newest kept ones).
            case left
            /// Could not be removed (``error`` says why).
            case failed
        }

        public var directory: String
        public var state: State
        @Nullable public var keptAt: Date?
        @Nullable public var reason: String?
        /// The bytes it took (or takes, when left or failed).
        public var bytes: UInt64 = 0
        public var action: Action = .left
        @Nullable public var error: String?

        init(directory: String, state: State, keptAt: Date?, reason: String?) {
            self.directory = directory
            self.state = state
            self.keptAt = keptAt
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case directory, state
            case keptAt = "kept_at"
            case reason, bytes, action, error
        }
    }

    /// Whether nothing was removed on purpose.
    public var dryRun: Bool
    /// Every cluster directory found, stale ones first, then kept ones newest first.
    public var clusters: [Entry] = []

    /// The bytes freed (or that would be, with ``dryRun``).
    public var freedBytes: UInt64 {
        clusters.filter { $0.action == .removed || $0.action == .wouldRemove }.reduce(0) { $0 + $1.bytes }
    }

    /// Whether every removal that was tried worked.
    public var succeeded: Bool { !clusters.contains { $0.action == .failed } }

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case clusters
        case freedBytes = "freed_bytes"
        case succeeded
    }

    public init(dryRun: Bool, clusters: [Entry] = []) {
        self.dryRun = dryRun
        self.clusters = clusters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        clusters = try container.decode([Entry].self, forKey: .clusters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(clusters, forKey: .clusters)
        try container.encode(freedBytes, forKey: .freedBytes)
        try container.encode(succeeded, forKey: .succeeded)
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
