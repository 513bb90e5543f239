public import PerfFarmCore

/// What command-line flags change in a configuration: each set value overrides the file and the defaults, and
/// ``apply(to:)`` says which keys it changed (the origin `flag` of `perffarm config show`).
public struct FarmConfigurationOverrides: Sendable, Equatable {
    public var repository: String?
    public var reportURL: String?
    public var branches: BranchSelection?
    public var workDirectory: String?
    /// `--keep-clusters`.
    public var keepClusters: Int?
    public var outputDirectory: String?
    public var uploadURL: String?
    public var uploadFormat: UploadFormat?
    /// `--no-upload`.
    public var noUpload = false
    /// `--store`: where results are stored.
    public var store: String?
    /// `--no-store`.
    public var noStore = false
    /// `--quick`: the small matrix of a first try (before the matrix flags below).
    public var quick = false
    public var scales: [Int]?
    public var clients: [Int]?
    public var workloads: [String]?
    public var scripts: [String]?
    public var duration: Int?
    public var transactions: Int?
    public var runs: Int?
    public var warmup: Int?
    /// `--random-order`.
    public var randomOrder = false
    /// `--seed` (implies a random order).
    public var seed: Int?
    public var threads: Int?
    public var settings: [PostgresClusterInfo.Setting] = []
    public var osUser: String?
    /// `--machine`: the machine's name in results and uploads.
    public var machineName: String?
    public var machineSecretFile: String?
    public var configureOptions: [String]?
    public var jobs: Int?

    /// No override.
    public init() {}

    /// `configuration` with these overrides applied.
    /// - Returns: the configuration and the key paths the overrides set.
    public func apply(to configuration: FarmConfiguration) -> (configuration: FarmConfiguration, keys: Set<String>) {
        var result = configuration
        var keys: Set<String> = []
        func set<Value>(_ value: Value?, _ key: String, _ apply: (Value) -> Void) {
            guard let value else { return }
            apply(value)
            keys.insert(key)
        }
        set(repository, "repository.url") { result.repository.url = $0 }
        set(reportURL, "repository.report_url") { result.repository.reportURL = $0 }
        set(branches, "repository.branches") { result.repository.branches = $0 }
        set(workDirectory, "run.work_dir") { result.run.workDir = $0 }
        set(keepClusters, "run.keep_clusters") { result.run.keepClusters = $0 }
        set(outputDirectory, "output.directory") { result.output.directory = $0 }
        set(uploadURL, "upload.url") { result.upload.url = $0 }
        set(uploadFormat, "upload.format") { result.upload.format = $0 }
        if noUpload {
            result.upload.enabled = false
            keys.insert("upload.enabled")
        } else if uploadURL != nil {
            result.upload.enabled = true
            keys.insert("upload.enabled")
        }
        set(store, "store.location") { result.store.location = $0 }
        if noStore {
            result.store.enabled = false
            keys.insert("store.enabled")
        }
        if quick {
            result.applyQuick()
            keys.formUnion(
                [
                    "matrix.scales", "matrix.clients", "matrix.workloads", "matrix.scripts", "matrix.duration",
                    "matrix.transactions", "matrix.runs", "matrix.warmup",
                ])
        }
        set(scales, "matrix.scales") { result.matrix.scales = $0 }
        set(clients, "matrix.clients") { result.matrix.clients = $0 }
        set(workloads, "matrix.workloads") { result.matrix.workloads = $0 }
        set(scripts, "matrix.scripts") { result.matrix.scripts = $0 }
        set(duration, "matrix.duration") {
            result.matrix.duration = $0
            result.matrix.transactions = 0
        }
        set(transactions, "matrix.transactions") { result.matrix.transactions = $0 }
        set(runs, "matrix.runs") { result.matrix.runs = $0 }
        set(warmup, "matrix.warmup") { result.matrix.warmup = $0 }
        if randomOrder {
            result.matrix.randomOrder = true
            keys.insert("matrix.random_order")
        }
        set(seed, "matrix.seed") {
            result.matrix.seed = $0
            result.matrix.randomOrder = true
        }
        set(threads, "matrix.threads") { result.matrix.threads = $0 }
        for setting in settings {
            result.cluster.settings[setting.name] = setting.value
            keys.insert("cluster.settings." + setting.name)
        }
        set(osUser, "cluster.os_user") { result.cluster.osUser = $0 }
        set(machineName, "machine.name") { result.machine.name = $0 }
        set(machineSecretFile, "machine.secret_file") { result.machine.secretFile = $0 }
        set(configureOptions, "build.configure_options") { result.build.configureOptions = $0 }
        set(jobs, "build.jobs") { result.build.jobs = $0 }
        return (result, keys)
    }
}
