/// Where a benchmark was when it stopped early: the stage a ``BenchmarkResult/Failure`` names.
///
/// The raw values are what the result document writes in `failure.stage`.
public enum BenchmarkStage: String, Codable, Sendable, Equatable, CaseIterable {
    /// Fetching the source (a farm run).
    case fetch
    /// Building the source (a farm run; ``BenchmarkResult/build`` says which step failed).
    case build
    /// The preflight checks refused the machine (a farm run with strict preflight).
    case preflight
    /// Clean-up of earlier clusters, the cluster's directories, initdb.
    case clusterInit = "cluster_init"
    /// Starting the server and reading its version.
    case clusterStart = "cluster_start"
    /// Copying the custom scripts where the server's OS user reads them.
    case prepare
    /// Building a data set (`CREATE DATABASE`, `pgbench -i`).
    case dataset
    /// A measured run, or the preparation of its database.
    case run
    /// A warm-up run.
    case warmupRun = "warm-up run"
    /// Stopping the server.
    case clusterStop = "cluster_stop"
    /// Writing the result document.
    case save
    /// SIGINT or SIGTERM stopped the benchmark.
    case interrupted
    /// The process ended without finishing the benchmark (``BenchmarkResult/Status/abandoned``).
    case abandoned
}
