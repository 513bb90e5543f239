import PerfFarmProcess

/// What to build: a repository, a branch (or tag) and optionally a commit, with configure options and
/// patches, and how (jobs, ccache, cache policy, timeouts).
public struct BuildRequest: Sendable, Equatable {
    /// How long each kind of step may run before its process group is terminated.
    public struct Timeouts: Sendable, Equatable {
        /// One git command (clone, fetch, checkout, apply).
        public var git: Duration
        /// `configure`.
        public var configure: Duration
        /// `make -jN`.
        public var build: Duration
        /// `make install` and the contrib install.
        public var install: Duration

        /// Creates timeouts; the defaults suit a slow machine building from scratch.
        public init(
            git: Duration = .seconds(3600), configure: Duration = .seconds(1800), build: Duration = .seconds(4 * 3600),
            install: Duration = .seconds(1800)
        ) {
            self.git = git
            self.configure = configure
            self.build = build
            self.install = install
        }
    }

    /// The URL or local path to fetch the repository from.
    public var repository: String
    /// The URL to report in the result (the canonical repository); ``repository`` when `nil`.
    public var reportURL: String?
    /// The branch (or tag) to build.
    public var branch: String
    /// A commit on ``branch`` to build instead of its head.
    public var commit: String?
    /// Options for `configure`, after the `--prefix` perffarm sets (`--enable-debug`, `CFLAGS=-O2`, ...).
    public var configureOptions: [String]
    /// Patch files applied in order with `git apply` on top of the commit.
    public var patches: [String]
    /// The parallel jobs of `make -jN`; the number of CPUs when `nil`.
    public var jobs: Int?
    /// The work area; ``WorkArea/defaultRoot(environment:)`` when `nil`.
    public var workDirectory: String?
    /// Build even when the install cache has this build.
    public var force: Bool
    /// Compile through `ccache` when it is installed.
    public var useCcache: Bool
    /// Allow `--enable-cassert` (assertions slow PostgreSQL down and make benchmark results meaningless).
    public var allowCassert: Bool
    /// How many installs to keep in the work area (the least recently used beyond it are removed).
    public var keepInstalls: Int
    /// How many invocation log directories to keep.
    public var keepLogs: Int
    /// The timeouts of the steps.
    public var timeouts: Timeouts
    /// Whether to fetch into the mirror first (`false` when the caller fetched it already, as a farm run that
    /// resolved its branches); a missing mirror is cloned either way.
    public var fetch: Bool
    /// Whether to take the work area's lock (`false` when the caller holds it, as `perffarm run`).
    public var lockWorkArea: Bool
    /// Build incrementally in the branch's persistent build directory (`perffarm bisect`, `perffarm ab`):
    /// `make` recompiles only what the checkout changed (`configure` gets `--enable-depend`, so that header
    /// changes are followed), and `configure` runs again only when its command line changed or the commit
    /// changed the `configure` script. Off: the build directory is made anew for every build.
    public var incremental: Bool = false

    /// Creates a request.
    public init(
        repository: String, branch: String, commit: String? = nil, reportURL: String? = nil,
        configureOptions: [String] = [], patches: [String] = [], jobs: Int? = nil, workDirectory: String? = nil,
        force: Bool = false, useCcache: Bool = false, allowCassert: Bool = false, keepInstalls: Int = 5,
        keepLogs: Int = 50, timeouts: Timeouts = Timeouts(), fetch: Bool = true, lockWorkArea: Bool = true
    ) {
        self.repository = repository
        self.branch = branch
        self.commit = commit
        self.reportURL = reportURL
        self.configureOptions = configureOptions
        self.patches = patches
        self.jobs = jobs
        self.workDirectory = workDirectory
        self.force = force
        self.useCcache = useCcache
        self.allowCassert = allowCassert
        self.keepInstalls = keepInstalls
        self.keepLogs = keepLogs
        self.timeouts = timeouts
        self.fetch = fetch
        self.lockWorkArea = lockWorkArea
    }

    /// Whether the configure options turn assertions on.
    public var enablesCassert: Bool {
        var enabled = false
        for option in configureOptions {
            if option == "--enable-cassert" || option == "--enable-cassert=yes" { enabled = true }
            if option == "--disable-cassert" || option == "--enable-cassert=no" { enabled = false }
        }
        return enabled
    }
}
