import Foundation
import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one directory perffarm builds in: git mirrors, working trees, build trees, installs, logs.
///
/// ```
/// <root>/perffarm.lock          the lock of concurrent runs (flock), naming its holder
/// <root>/mirrors/<repo>.git     one `git clone --mirror` per repository URL
/// <root>/trees/<repo>/<branch>  one git worktree per branch
/// <root>/builds/<repo>/<branch> the build directory of a branch (VPATH build, emptied before each build)
/// <root>/installs/<key>         one install prefix per cache key, with its build-result.json
/// <root>/logs/<run>             one directory per invocation: step logs and build-result.json
/// <root>/ccache                 ccache's cache, when ccache is used
/// <root>/tmp                    TMPDIR of every command, and clones in progress
/// <root>/clusters/<run>         the private cluster of a benchmark (removed after it, unless kept)
/// <root>/results/<run>          a benchmark's result and raw outputs, unless --output says elsewhere
/// <root>/state                  a farm run's index of benchmarked commits (what it skips)
/// <root>/outbox                 results waiting for delivery to the farm's server (and outbox/rejected)
/// ```
/// Nothing outside the root is written.
public struct WorkArea: Sendable, Equatable {
    /// The absolute path of the work area.
    public let root: String

    /// A work area at `root` (made absolute).
    public init(root: String) {
        self.root = FileSystem.absolute(root)
    }

    /// The default work area: `$XDG_CACHE_HOME/perffarm`; otherwise ``rootDefault`` for root and
    /// `~/.cache/perffarm` for any other user.
    /// - Parameter environment: the environment to read `XDG_CACHE_HOME` and `HOME` from; this process's
    ///   when `nil`.
    public static func defaultRoot(environment: [String: String]? = nil) -> String {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return cache + "/perffarm"
        }
        // Root's home is mode 0700: the unprivileged user PostgreSQL runs as could not reach the builds there.
        if geteuid() == 0 { return rootDefault }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/perffarm"
    }

    /// The default work area of root: `/var/cache/perffarm`, which the user PostgreSQL runs as can reach.
    public static let rootDefault = "/var/cache/perffarm"

    /// The names that may appear directly under ``root``.
    public static let entries: Set<String> = [
        "perffarm.lock", "mirrors", "trees", "builds", "installs", "logs", "ccache", "tmp", "clusters", "results",
        "state", "outbox",
    ]

    /// The lock file.
    public var lockFile: String { root + "/perffarm.lock" }
    /// The git mirrors.
    public var mirrors: String { root + "/mirrors" }
    /// The working trees.
    public var trees: String { root + "/trees" }
    /// The build directories.
    public var builds: String { root + "/builds" }
    /// The install prefixes.
    public var installs: String { root + "/installs" }
    /// The logs of every invocation.
    public var logs: String { root + "/logs" }
    /// ccache's cache directory.
    public var ccache: String { root + "/ccache" }
    /// Temporary files.
    public var tmp: String { root + "/tmp" }
    /// The private PostgreSQL clusters of benchmarks (see `ClusterArea`).
    public var clusters: String { root + "/clusters" }
    /// The default output directories of `perffarm bench` and results of `perffarm run`.
    public var results: String { root + "/results" }
    /// A farm run's state (the index of benchmarked commits).
    public var state: String { root + "/state" }
    /// The upload outbox (mode 0700; see `Outbox` in PerfFarmClient).
    public var outbox: String { root + "/outbox" }

    /// Creates the work area and its folders, with every missing parent.
    /// - Throws: ``PerfFarmError`` (`file_access`) when a directory cannot be created.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) when the work area or one of its entries is controlled
    ///   by someone else (``checkControl()``).
    public func prepare() throws {
        for directory in [root, mirrors, trees, builds, installs, logs, tmp] {
            let existed = FileSystem.exists(directory) || FileSystem.isSymbolicLink(directory)
            try FileSystem.createDirectory(directory)
            // Whatever the umask: a directory perffarm made is writable by its user only.
            if !existed { _ = chmod(directory, 0o755) }
        }
        try checkControl()
    }

    /// Refuses a work area that another user controls: the root, and every entry directly under it, must be owned
    /// by the effective user and not writable by group or others (else another user could put a link where
    /// perffarm writes, creates, deletes or chowns as root). An entry that is a symbolic link is followed once,
    /// and both the link and what it names are checked; `clusters` is checked by the cluster code, which accepts
    /// only a link it made itself.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the path, its owner and what to do.
    public func checkControl() throws {
        try Self.checkControlled(root, what: "the work area")
        for name in Self.entries.sorted() where name != "perffarm.lock" {
            let path = root + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFLNK {
                guard name != "clusters" else { continue }
                try Self.checkControlled(path, what: "a work area entry", status: status, link: true)
                var target = stat()
                guard stat(path, &target) == 0 else { continue }
                try Self.checkControlled(path, what: "what the work area entry links to", status: target)
            } else {
                try Self.checkControlled(path, what: "a work area entry", status: status)
            }
        }
    }

    /// Refuses `path` (not followed when it is a link) unless the effective user owns it and, for anything but a
    /// link, group and others cannot write it. A missing path passes.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`).
    public static func checkControlled(_ path: String, what: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        try checkControlled(path, what: what, status: status, link: status.st_mode & S_IFMT == S_IFLNK)
    }

    static func checkControlled(_ path: String, what: String, status: stat, link: Bool = false) throws {
        let me = geteuid()
        if status.st_uid != me {
            throw PerfFarmError(
                .invalidConfiguration,
                "\(what) is owned by \(OSAccount.describe(userID: status.st_uid)), not by "
                    + "\(OSAccount.describe(userID: me)) who runs perffarm: refused, another user could redirect what "
                    + "perffarm writes there; use a directory of your own", path: path)
        }
        if !link, status.st_mode & 0o022 != 0 {
            throw PerfFarmError(
                .invalidConfiguration,
                "\(what) is writable by group or others (mode \(String(status.st_mode & 0o7777, radix: 8))): "
                    + "refused, another user could redirect what perffarm writes there; `chmod go-w` it or use "
                    + "another directory", path: path)
        }
    }
}
