import ArgumentParser
import Foundation
import PerfFarmClient
import PerfFarmCore

/// The options of `perffarm run` (and `perffarm config show`) that override the configuration file.
struct RunOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The configuration file (default: $XDG_CONFIG_HOME/perffarm/perffarm.toml or "
                + "~/.config/perffarm/perffarm.toml when it exists).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The repository to fetch from: a URL or a local path.", valueName: "url-or-path"))
    var repo: String?

    @Option(name: .customLong("report-url"), help: ArgumentHelp("The repository URL to report.", valueName: "url"))
    var reportURL: String?

    @Option(help: ArgumentHelp("Branches, comma-separated, or auto.", valueName: "list"))
    var branches: String?

    @Option(help: ArgumentHelp("The results directory (default: <work>/results).", valueName: "dir"))
    var output: String?

    @Option(name: .customLong("upload-url"), help: ArgumentHelp("Upload results to this URL.", valueName: "url"))
    var uploadURL: String?

    @Option(name: .customLong("upload-format"), help: "The upload format: native or pgperffarm.")
    var uploadFormat: UploadFormatOption?

    @Flag(name: .customLong("no-upload"), help: "Do not upload, whatever the configuration says.")
    var noUpload = false

    @Option(
        help: ArgumentHelp(
            "Store results here: a SQLite file, or a postgresql:// URI (default: [store] location, else "
                + "$XDG_DATA_HOME/perffarm/results.sqlite).", valueName: "file-or-uri"))
    var store: String?

    @Flag(name: .customLong("no-store"), help: "Do not store results, whatever the configuration says.")
    var noStore = false

    @Option(
        help: ArgumentHelp("The machine's name in results and uploads (default: the host name).", valueName: "name"))
    var machine: String?

    @Option(
        name: .customLong("machine-secret-file"),
        help: ArgumentHelp("The file of the machine secret (mode 0600).", valueName: "file"))
    var machineSecretFile: String?

    @Flag(help: "A small matrix for a first try: scale 1, clients 1 and 2, read-write and read-only, 10 s, 1 run.")
    var quick = false

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("A postgresql.conf setting (repeatable).", valueName: "name=value"))
    var settings: [String] = []

    @Option(
        name: .customLong("os-user"),
        help: ArgumentHelp("The OS user PostgreSQL runs as when perffarm runs as root.", valueName: "user"))
    var osUser: String?

    @Option(
        name: .customLong("keep-clusters"),
        help: ArgumentHelp(
            "How many clusters kept after failures stay in the work area; older ones are removed.",
            valueName: "n"))
    var keepClusters: Int?

    /// The overrides these options and the matrix options describe.
    func overrides(matrix: MatrixOptions) throws -> FarmConfigurationOverrides {
        var overrides = FarmConfigurationOverrides()
        overrides.repository = repo
        overrides.reportURL = reportURL
        overrides.branches = branches.map { text in
            text == "auto" ? .auto : .list(MatrixOptions.words(text))
        }
        overrides.outputDirectory = output
        overrides.uploadURL = uploadURL
        overrides.uploadFormat = uploadFormat?.format
        overrides.noUpload = noUpload
        overrides.store = store
        overrides.noStore = noStore
        overrides.machineName = machine
        overrides.machineSecretFile = machineSecretFile
        overrides.quick = quick
        overrides.scales = try matrix.scales.map { try MatrixOptions.integers($0, option: "--scales") }
        overrides.clients = try matrix.clients.map { try MatrixOptions.integers($0, option: "--clients") }
        overrides.workloads = matrix.workloads.map(MatrixOptions.words)
        overrides.scripts = matrix.scripts.isEmpty ? nil : matrix.scripts
        overrides.duration = matrix.duration
        overrides.transactions = matrix.transactions
        overrides.runs = matrix.runs
        overrides.warmup = matrix.warmup
        overrides.randomOrder = matrix.randomOrder
        overrides.seed = matrix.seed
        overrides.settings = try settings.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--set needs name=value, not \(text)")
            }
            return .init(
                name: String(text[..<equals]).trimmingCharacters(in: .whitespaces),
                value: String(text[text.index(after: equals)...]))
        }
        overrides.osUser = osUser
        overrides.keepClusters = keepClusters
        return overrides
    }

    /// The configuration file's values under these options, and where each key's value comes from.
    func effectiveConfiguration(matrix: MatrixOptions, workDirectory: String?) throws -> EffectiveConfiguration {
        let path = config ?? FarmConfigurationLoader.defaultPath()
        let loaded = try FarmConfigurationLoader.load(path: path)
        var overrides = try overrides(matrix: matrix)
        overrides.workDirectory = workDirectory
        let (configuration, flagKeys) = overrides.apply(to: loaded.configuration)
        try configuration.validate()
        return EffectiveConfiguration(
            configuration: configuration, path: loaded.path, fileKeys: loaded.fileKeys, flagKeys: flagKeys)
    }
}

/// A configuration as it takes effect, with the origin of each key.
struct EffectiveConfiguration {
    var configuration: FarmConfiguration
    var path: String?
    var fileKeys: Set<String>
    var flagKeys: Set<String>

    /// `flag`, `file` or `default`.
    func origin(of key: String) -> String {
        if flagKeys.contains(key) { return "flag" }
        if fileKeys.contains(key) || fileKeys.contains(where: { $0.hasPrefix(key + ".") }) { return "file" }
        return "default"
    }
}
