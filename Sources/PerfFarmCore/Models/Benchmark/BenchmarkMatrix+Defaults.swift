extension BenchmarkMatrix {
    /// The scales of a matrix when none are given: a data set that fits in any cache, and one ten times larger.
    public static let defaultScales = [1, 10]
    /// The client counts when none are given.
    public static let defaultClients = [1, 2, 4]
    /// The workloads when neither workloads nor scripts are given.
    public static let defaultWorkloads: [PgbenchWorkload] = [.readWrite, .readOnly]
    /// The measured runs per cell when not given.
    public static let defaultRepetitions = 3
    /// The seconds per run (`-T`) when neither a duration nor a transaction count is given.
    public static let defaultDurationSeconds = 10

    /// The matrix of a first try (`--quick`): scale 1, 1 and 2 clients, read-write and read-only, 10 s, one run
    /// per cell.
    public static var quick: BenchmarkMatrix {
        BenchmarkMatrix(
            scales: [1], clients: [1, 2], workloads: [.readWrite, .readOnly], repetitions: 1, durationSeconds: 10)
    }
}
