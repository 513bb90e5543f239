import Foundation
public import PerfFarmCluster
public import PerfFarmCore

extension FarmConfiguration {
    /// The option names of the libraries' checks and the configuration keys they are set by.
    private static let keysOfOptions: [String: String] = [
        "--scales": "matrix.scales", "--clients": "matrix.clients", "--workloads": "matrix.workloads",
        "--script": "matrix.scripts", "--runs": "matrix.runs", "--duration": "matrix.duration",
        "--transactions": "matrix.transactions", "--threads": "matrix.threads", "--warmup": "matrix.warmup",
        "--sampling-rate": "matrix.sampling_rate", "--aggregate-interval": "matrix.aggregate_interval",
        "--pgbench-option": "matrix.pgbench_options", "--seed": "matrix.seed", "--set": "cluster.settings",
        "--port": "cluster.port", "--os-user": "cluster.os_user",
    ]

    /// Checks every value.
    /// - Parameter path: the configuration file, for errors (`nil` when the values come from elsewhere).
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the key.
    public func validate(path: String? = nil) throws {
        func fail(_ key: String, _ message: String) -> PerfFarmError {
            PerfFarmError(.invalidConfiguration, message, path: path, key: key)
        }
        if !machine.name.isEmpty, !Self.isFileNameSafe(machine.name) {
            throw fail("machine.name", "use letters, digits, -, _ and . only: \"\(machine.name)\"")
        }
        if repository.url.isEmpty { throw fail("repository.url", "must not be empty") }
        if case .list(let names) = repository.branches {
            if names.isEmpty { throw fail("repository.branches", "give \"auto\" or at least one branch") }
            if let bad = names.first(where: { $0.isEmpty || $0.hasPrefix("-") || $0.contains("..") }) {
                throw fail("repository.branches", "not a branch name: \"\(bad)\"")
            }
            if Set(names).count != names.count { throw fail("repository.branches", "a branch is repeated") }
        }
        if repository.autoStableBranches < 0 { throw fail("repository.auto_stable_branches", "must be 0 or more") }
        if build.jobs < 0 { throw fail("build.jobs", "must be 0 (the number of CPUs) or more") }
        if build.keepInstalls < 1 { throw fail("build.keep_installs", "must be at least 1") }
        if build.configureOptions.contains(where: { $0.hasPrefix("--prefix") }) {
            throw fail("build.configure_options", "--prefix is set by perffarm (an install in the work area)")
        }
        if collectors.sampleInterval <= 0 { throw fail("collectors.sample_interval", "must be above 0 seconds") }
        if upload.enabled, upload.format == .pgperffarm, matrix.log != "aggregate" {
            // That server stores a run only with an aggregate log per result (its client runs
            // `-l --aggregate-interval 1`): every upload would be refused.
            throw fail(
                "matrix.log",
                "the pgperffarm server refuses runs without aggregate logs: set log = \"aggregate\" (and "
                    + "aggregate_interval = 1) in [matrix] for upload.format = \"pgperffarm\"")
        }
        if collectors.statements < 1 { throw fail("collectors.statements", "must be at least 1") }
        if output.keepResults < 0 { throw fail("output.keep_results", "must be 0 (keep all) or more") }
        if run.branchTimeout < 0 { throw fail("run.branch_timeout", "must be 0 (no limit) or more") }
        if run.runTimeout < 0 { throw fail("run.run_timeout", "must be 0 (no limit) or more") }
        if run.keepClusters < 0 { throw fail("run.keep_clusters", "must be 0 or more") }
        if upload.timeout <= 0 { throw fail("upload.timeout", "must be above 0 seconds") }
        if upload.enabled || !upload.url.isEmpty {
            guard let url = URL(string: upload.url), ["http", "https"].contains(url.scheme ?? ""), url.host != nil
            else {
                throw fail("upload.url", "not an http(s) URL: \"\(upload.url)\"")
            }
        }
        do {
            try PostgresClusterConfiguration(directory: "/", settings: clusterSettings, firstPort: cluster.port)
                .validate()
            try PgbenchBenchmark.validate(try benchmarkMatrix())
        } catch let error as PerfFarmError {
            throw fail(error.key.flatMap { Self.keysOfOptions[$0] } ?? error.key ?? "matrix", error.message)
        }
    }

    /// Whether `name` can be part of a file name as it is.
    static func isFileNameSafe(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".."
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
