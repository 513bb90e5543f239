import Foundation
import PerfFarmCore

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
    public func prepare() throws {
        for directory in [root, mirrors, trees, builds, installs, logs, tmp] {
            try FileSystem.createDirectory(directory)
        }
    }
}
