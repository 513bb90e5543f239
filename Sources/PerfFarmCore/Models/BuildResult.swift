public import Foundation

/// What `perffarm build` produced for one branch: the source, the install (or why there is none), the
/// compiler, every step timed, and whether the install came from the cache.
///
/// A failed build is a result too: ``status`` is `failed` and ``failure`` names the step, its exit status
/// and the end of its log. Written as `build-result.json` in the build's log directory (and, for a
/// successful build, in the install directory, where the install cache finds it).
public struct BuildResult: Codable, Sendable, Equatable {
    /// Whether the build produced an install.
    public enum Status: String, Codable, Sendable, Equatable {
        /// The install is complete (built now, or taken from the cache).
        case succeeded
        /// A step failed; see ``BuildResult/failure``.
        case failed
    }

    /// The time spent in each phase of this invocation, in seconds; `nil` for a phase that did not run
    /// (a cache hit runs only `git`).
    public struct Timings: Codable, Sendable, Equatable {
        /// Fetching the mirror and checking out the working tree.
        public var gitSeconds: Double
        /// Applying the patches.
        @Nullable public var patchSeconds: Double?
        /// `configure`.
        @Nullable public var configureSeconds: Double?
        /// `make -jN`.
        @Nullable public var buildSeconds: Double?
        /// `make install` and the contrib modules' install.
        @Nullable public var installSeconds: Double?
        /// The whole invocation, lock to result (more than the sum of the phases: git look-ups, cache work).
        public var totalSeconds: Double

        /// Creates timings.
        public init(
            gitSeconds: Double, patchSeconds: Double? = nil, configureSeconds: Double? = nil,
            buildSeconds: Double? = nil, installSeconds: Double? = nil, totalSeconds: Double
        ) {
            self.gitSeconds = gitSeconds
            self.patchSeconds = patchSeconds
            self.configureSeconds = configureSeconds
            self.buildSeconds = buildSeconds
            self.installSeconds = installSeconds
            self.totalSeconds = totalSeconds
        }

        enum CodingKeys: String, CodingKey {
            case gitSeconds = "git_s"
            case patchSeconds = "patch_s"
            case configureSeconds = "configure_s"
            case buildSeconds = "build_s"
            case installSeconds = "install_s"
            case totalSeconds = "total_s"
        }
    }

    /// Why a build failed.
    public struct Failure: Codable, Sendable, Equatable {
        /// The step that failed.
        public var step: BuildStep.Name
        /// One sentence: the command and how it ended.
        public var message: String
        /// The exit status of the failed command; `nil` when a signal ended it.
        @Nullable public var exitStatus: Int?
        /// The signal that ended the failed command, if any.
        @Nullable public var signal: Int?
        /// Whether the command ran past its timeout.
        public var timedOut: Bool
        /// The log file of the failed step.
        @Nullable public var logFile: String?
        /// The last lines of that log (at most 100), oldest first.
        public var logTail: [String]

        /// Creates a failure.
        public init(
            step: BuildStep.Name, message: String, exitStatus: Int?, signal: Int? = nil, timedOut: Bool = false,
            logFile: String?, logTail: [String]
        ) {
            self.step = step
            self.message = message
            self.exitStatus = exitStatus
            self.signal = signal
            self.timedOut = timedOut
            self.logFile = logFile
            self.logTail = logTail
        }

        enum CodingKeys: String, CodingKey {
            case step, message
            case exitStatus = "exit_status"
            case signal
            case timedOut = "timed_out"
            case logFile = "log_file"
            case logTail = "log_tail"
        }
    }

    /// The version of this document's format (``PerfFarmSchema/version``).
    public var schemaVersion: Int
    /// Whether the build produced an install.
    public var status: Status
    /// Whether the install was taken from the cache (configure, make and install skipped).
    public var cached: Bool
    /// The install-cache key: SHA-256 (hex) of the commit, configure options, compiler and its version,
    /// the compiler environment and the patches.
    public var cacheKey: String
    /// The source built.
    public var source: SourceRevision
    /// The patches applied on top of ``source``, in order.
    public var patches: [SourcePatch]
    /// The configure options given by the user (perffarm adds `--prefix` and `CC`).
    public var configureOptions: [String]
    /// Whether assertions are compiled in (`--enable-cassert` in `pg_config --configure`); `nil` when no
    /// install was made.
    @Nullable public var assertionsEnabled: Bool?
    /// The C compiler and its `--version` line.
    public var compiler: CompilerInfo
    /// Whether the compiler ran through ccache.
    public var ccache: Bool
    /// The parallel jobs of `make -jN`.
    public var jobs: Int
    /// The work area.
    public var workDirectory: String
    /// The installation prefix (`bin/postgres`, `bin/pg_config`, ...); `nil` when the build failed.
    @Nullable public var installPrefix: String?
    /// `pg_config --version` of the install (`PostgreSQL 15.18`); `nil` when the build failed.
    @Nullable public var postgresVersion: String?
    /// The directory holding this invocation's step logs and its `build-result.json`.
    public var logDirectory: String
    /// The steps this invocation ran, in order.
    public var steps: [BuildStep]
    /// The time spent in each phase of this invocation.
    public var timings: Timings
    /// Why the build failed; `nil` when it succeeded.
    @Nullable public var failure: Failure?
    /// When the install was built (earlier than ``startedAt`` for a cache hit); `nil` when the build failed.
    @Timestamp public var builtAt: Date?
    /// When this invocation started.
    @Timestamp public var startedAt: Date
    /// When this invocation ended.
    @Timestamp public var finishedAt: Date

    /// Creates a result.
    public init(
        status: Status, cached: Bool, cacheKey: String, source: SourceRevision, patches: [SourcePatch],
        configureOptions: [String], assertionsEnabled: Bool?, compiler: CompilerInfo, ccache: Bool, jobs: Int,
        workDirectory: String, installPrefix: String?, postgresVersion: String?, logDirectory: String,
        steps: [BuildStep], timings: Timings, failure: Failure?, builtAt: Date?, startedAt: Date, finishedAt: Date
    ) {
        self.schemaVersion = PerfFarmSchema.version
        self.status = status
        self.cached = cached
        self.cacheKey = cacheKey
        self.source = source
        self.patches = patches
        self.configureOptions = configureOptions
        self.assertionsEnabled = assertionsEnabled
        self.compiler = compiler
        self.ccache = ccache
        self.jobs = jobs
        self.workDirectory = workDirectory
        self.installPrefix = installPrefix
        self.postgresVersion = postgresVersion
        self.logDirectory = logDirectory
        self.steps = steps
        self.timings = timings
        self.failure = failure
        self.builtAt = builtAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case status, cached
        case cacheKey = "cache_key"
        case source, patches
        case configureOptions = "configure_options"
        case assertionsEnabled = "assertions_enabled"
        case compiler, ccache, jobs
        case workDirectory = "work_directory"
        case installPrefix = "install_prefix"
        case postgresVersion = "postgres_version"
        case logDirectory = "log_directory"
        case steps, timings, failure
        case builtAt = "built_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}
