public import PerfFarmCore

extension PerfFarmError.Code {
    /// A live server holds the data directory (its `postmaster.pid` names a running postgres of that
    /// directory): perffarm never uses or disturbs a server it did not start.
    public static let clusterInUse = PerfFarmError.Code("cluster_in_use")
    /// `initdb` failed, or the cluster's directories could not be prepared.
    public static let clusterInitFailed = PerfFarmError.Code("cluster_init_failed")
    /// The server did not start or did not become ready.
    public static let clusterStartFailed = PerfFarmError.Code("cluster_start_failed")
    /// The server could not be stopped (its processes are still there).
    public static let clusterStopFailed = PerfFarmError.Code("cluster_stop_failed")
    /// A SQL command perffarm sends to its own cluster (`CHECKPOINT`, `CREATE DATABASE`) failed.
    public static let clusterCommandFailed = PerfFarmError.Code("cluster_command_failed")
}
