public import PerfFarmCore

/// Everything a farm run is configured with: what `perffarm.toml` holds, every key with a default.
///
/// ```toml
/// [machine]
/// name = "pluto"
/// secret_file = "/etc/perffarm/secret"
///
/// [repository]
/// branches = ["master", "REL_17_STABLE"]     # or "auto"
///
/// [matrix]
/// scales = [1, 100]
/// clients = [1, 8, 32]
/// duration = 300
/// ```
///
/// `examples/perffarm.toml` shows and explains every key; `docs/configuration.md` lists their defaults. Values
/// decode from the file over the defaults; command-line flags override both (``FarmConfigurationLoader``).
public struct FarmConfiguration: Codable, Sendable, Equatable {
    /// Who runs the benchmarks.
    public struct Machine: Codable, Sendable, Equatable {
        /// The machine's name on the farm (its results are filed under it); the host name when empty.
        public var name: String = ""
        /// The file holding the machine secret (mode 0600); `PERFFARM_MACHINE_SECRET` when empty.
        public var secretFile: String = ""

        public init() {}

        enum CodingKeys: String, CodingKey {
            case name
            case secretFile = "secret_file"
        }
    }

    /// Where the source comes from and which branches are benchmarked.
    public struct Repository: Codable, Sendable, Equatable {
        /// The official PostgreSQL repository.
        public static let official = "https://git.postgresql.org/git/postgresql.git"

        /// The URL or local path to fetch from.
        public var url: String = Repository.official
        /// The URL reported in results (the canonical repository); ``url`` when empty.
        public var reportURL: String = ""
        /// `auto` (`master` and the newest supported `REL_N_STABLE` branches, read from the repository at each
        /// run), or a list of branch names.
        public var branches: BranchSelection = .auto
        /// How many `REL_N_STABLE` branches `auto` takes (the newest).
        public var autoStableBranches: Int = 5

        public init() {}

        enum CodingKeys: String, CodingKey {
            case url
            case reportURL = "report_url"
            case branches
            case autoStableBranches = "auto_stable_branches"
        }
    }

    /// How each branch is built.
    public struct Build: Codable, Sendable, Equatable {
        /// Options for `configure` after the `--prefix` perffarm sets.
        public var configureOptions: [String] = []
        /// `make -jN`; the number of CPUs when 0.
        public var jobs: Int = 0
        /// Compile through ccache when installed.
        public var ccache: Bool = false
        /// Installs kept in the work area.
        public var keepInstalls: Int = 5

        public init() {}

        enum CodingKeys: String, CodingKey {
            case configureOptions = "configure_options"
            case jobs, ccache
            case keepInstalls = "keep_installs"
        }
    }

    /// The private cluster of each branch.
    public struct Cluster: Codable, Sendable, Equatable {
        /// `postgresql.conf` settings (written in name order).
        public var settings: [String: String] = [:]
        /// The OS user PostgreSQL runs as when perffarm runs as root; `postgres` when empty.
        public var osUser: String = ""
        /// `initdb --data-checksums`.
        public var checksums: Bool = false
        /// Also listen on 127.0.0.1.
        public var tcp: Bool = false
        /// The first port tried.
        public var port: Int = 55432

        public init() {}

        enum CodingKeys: String, CodingKey {
            case settings
            case osUser = "os_user"
            case checksums, tcp, port
        }
    }

    /// The pgbench matrix, as `perffarm bench` takes it.
    public struct Matrix: Codable, Sendable, Equatable {
        /// Scale factors.
        public var scales: [Int] = BenchmarkMatrix.defaultScales
        /// Client counts.
        public var clients: [Int] = BenchmarkMatrix.defaultClients
        /// Built-in workloads: `read-write`, `read-only`, `simple-update`.
        public var workloads: [String] = BenchmarkMatrix.defaultWorkloads.map(\.name)
        /// Custom script files, `FILE[@WEIGHT]`: the workload `custom`.
        public var scripts: [String] = []
        /// Seconds per run (`-T`); 0 with ``transactions``.
        public var duration: Int = 60
        /// Transactions per client per run (`-t`) instead of a duration; 0 for none.
        public var transactions: Int = 0
        /// Measured runs per cell.
        public var runs: Int = BenchmarkMatrix.defaultRepetitions
        /// Seconds of warm-up before each cell's first run.
        public var warmup: Int = 0
        /// pgbench threads; min(clients, CPUs) when 0.
        public var threads: Int = 0
        /// pgbench logs: `transactions`, `aggregate` or `none`.
        public var log: String = "transactions"
        /// The fraction of transactions logged; all when 0.
        public var samplingRate: Double = 0
        /// Seconds per aggregate log line (with `log = "aggregate"`).
        public var aggregateInterval: Int = 1
        /// Extra pgbench options.
        public var pgbenchOptions: [String] = []
        /// Run the repetitions in a random order.
        public var randomOrder: Bool = false
        /// The seed of the random order; chosen and recorded when 0.
        public var seed: Int = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case scales, clients, workloads, scripts, duration, transactions, runs, warmup, threads, log
            case samplingRate = "sampling_rate"
            case aggregateInterval = "aggregate_interval"
            case pgbenchOptions = "pgbench_options"
            case randomOrder = "random_order"
            case seed
        }
    }

    /// What is collected around the runs.
    public struct Collectors: Codable, Sendable, Equatable {
        /// Seconds between two samples of the machine during a run.
        public var sampleInterval: Double = 1
        /// Sample through a private collectd instead of the built-in sampler.
        public var collectd: Bool = false
        /// The top `pg_stat_statements` entries kept per snapshot.
        public var statements: Int = 20
        /// Whether a failed preflight check stops the branch (otherwise it is recorded as a warning).
        public var strictPreflight: Bool = false

        public init() {}

        enum CodingKeys: String, CodingKey {
            case sampleInterval = "sample_interval"
            case collectd, statements
            case strictPreflight = "strict_preflight"
        }
    }

    /// Where results go.
    public struct Output: Codable, Sendable, Equatable {
        /// The results directory; `<work>/results` when empty.
        public var directory: String = ""
        /// Results kept in the directory (the oldest beyond are removed with their run directories); all when 0.
        public var keepResults: Int = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case directory
            case keepResults = "keep_results"
        }
    }

    /// Delivery to the farm's server.
    public struct Upload: Codable, Sendable, Equatable {
        /// Whether results are uploaded at the end of every run.
        public var enabled: Bool = false
        /// The server's URL (native: the endpoint; pgperffarm: the API root, `/run/upload/` is added).
        public var url: String = ""
        /// `native` (signed perffarm documents) or `pgperffarm` (the existing farm server's format).
        public var format: UploadFormat = .native
        /// Seconds one request may take.
        public var timeout: Double = 60

        public init() {}
    }

    /// The results store every finished result goes to (`perffarm history`, `compare branch@commit`, noise
    /// floors).
    public struct Store: Codable, Sendable, Equatable {
        /// Whether results are stored at the end of every run.
        public var enabled: Bool = true
        /// A SQLite file, or a PostgreSQL URI or connection string a farm's machines share
        /// (`postgresql://perffarm@db/perffarm`); `$XDG_DATA_HOME/perffarm/results.sqlite` (or
        /// `~/.local/share/perffarm/results.sqlite`) when empty.
        public var location: String = ""

        public init() {}
    }

    /// The run itself.
    public struct Run: Codable, Sendable, Equatable {
        /// The work area; when empty `$XDG_CACHE_HOME/perffarm`, else `~/.cache/perffarm` (root: `/var/cache/perffarm`).
        public var workDir: String = ""
        /// The longest one branch (fetch, build, benchmark) may take, in seconds; no limit when 0.
        public var branchTimeout: Int = 0
        /// The longest the whole run may take, in seconds; no limit when 0.
        public var runTimeout: Int = 0
        /// How many clusters kept after failures stay in the work area; older ones are removed when a branch's
        /// benchmark starts.
        public var keepClusters: Int = 3

        public init() {}

        enum CodingKeys: String, CodingKey {
            case workDir = "work_dir"
            case branchTimeout = "branch_timeout"
            case runTimeout = "run_timeout"
            case keepClusters = "keep_clusters"
        }
    }

    public var machine = Machine()
    public var repository = Repository()
    public var build = Build()
    public var cluster = Cluster()
    public var matrix = Matrix()
    public var collectors = Collectors()
    public var output = Output()
    public var upload = Upload()
    public var store = Store()
    public var run = Run()

    /// The defaults of every key.
    public init() {}
}

/// Which branches a farm run benchmarks.
public enum BranchSelection: Codable, Sendable, Equatable, CustomStringConvertible {
    /// `master` and the newest supported `REL_N_STABLE` branches of the repository.
    case auto
    /// These branches, in order.
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard text == "auto" else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected \"auto\" or a list of branch names, found \"\(text)\"")
            }
            self = .auto
            return
        }
        self = .list(try container.decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .auto: try container.encode("auto")
        case .list(let names): try container.encode(names)
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .list(let names): names.joined(separator: ",")
        }
    }
}

/// The payload format of an upload.
public enum UploadFormat: String, Codable, Sendable, Equatable, CaseIterable {
    /// perffarm's result document, signed with HMAC-SHA256 of the machine secret.
    case native
    /// The JSON the existing PostgreSQL Performance Farm server (pgperffarm) accepts.
    case pgperffarm
}
