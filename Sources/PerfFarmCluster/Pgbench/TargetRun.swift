import Foundation
import PerfFarmCore
import PerfFarmPostgres

/// One target of a benchmark session while it runs: its install, its cluster, its result so far.
struct TargetRun: Sendable {
    /// What was asked for.
    let target: BenchmarkTarget
    /// The install.
    let installation: PostgresInstallation
    /// Where its result and raw outputs go.
    let outputDirectory: String
    /// The name of its cluster's directory.
    let clusterName: String
    /// Its cluster, once created.
    var cluster: PostgresCluster?
    /// Its result, rewritten after every run.
    var result: BenchmarkResult
    /// The server's version once started.
    var serverVersion: PostgresCluster.ServerVersion?
    /// Clusters of earlier runs removed before this one.
    var staleClusters: [String] = []
    /// Where the target is; the stage of a failure.
    var stage: BenchmarkStage = .clusterInit
    /// Per scale: whether its data set was built.
    var datasetReady: [Int: Bool] = [:]
    /// Per workload index and script index: the script's copy that the OS user reads.
    var scriptPaths: [Int: [Int: String]] = [:]
    /// The runs done so far (the index of the next one).
    var runCount: Int { result.runs.count }

    /// The server's version number, or 0 before the server started.
    var versionNumber: Int { serverVersion?.number ?? 0 }

    /// Whether a data set, a run, or the target as a whole failed.
    var hasFailures: Bool {
        result.failure != nil || result.datasets.contains { $0.status == .failed }
            || result.runs.contains { $0.status == .failed }
    }

    /// Copies the cluster's state into the result.
    mutating func updateClusterInfo() {
        guard let cluster else { return }
        var info = cluster.info(serverVersion: serverVersion?.text, serverVersionNumber: serverVersion?.number)
        info.staleClustersRemoved = staleClusters
        info.serverLogFile = result.cluster?.serverLogFile
        info.kept = result.cluster?.kept ?? false
        result.cluster = info
    }

    /// The cells in matrix order, with statistics over their measured runs.
    func cells(of matrix: BenchmarkMatrix) -> [BenchmarkCell] {
        var cells: [BenchmarkCell] = []
        for scale in matrix.scales {
            for clients in matrix.clients {
                for workload in matrix.workloads {
                    cells.append(
                        .make(
                            scale: scale, clients: clients, workload: workload.name, planned: matrix.repetitions,
                            from: result.runs))
                }
            }
        }
        return cells
    }

    /// Records why the target stopped early, unless it already says so.
    mutating func fail(_ stage: BenchmarkStage, _ message: String) {
        guard result.failure == nil else { return }
        result.failure = .init(stage: stage, message: message)
    }
}
