public import PerfFarmCore
public import PerfFarmPostgres
import Synchronization

/// Watches a benchmark session: its progress, and every pgbench run before, during and after it.
///
/// The seam where a caller adds what the runner itself does not measure: statistics snapshots around each run,
/// a machine sampler during it. What a run's watcher returns is attached to that run's record
/// (``PgbenchRun/statisticsDelta``, ``PgbenchRun/systemSeries``, ``PgbenchRun/observerNotes``).
///
/// ```swift
/// struct Snapshots: BenchmarkObserver {
///     func progress(_ progress: BenchmarkProgress) { print(progress.activity) }
///     func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)? {
///         let collector = PostgresCollector(connection: try context.connection())
///         return SnapshotWatcher(collector: collector, before: try await collector.snapshot())
///     }
/// }
/// ```
public protocol BenchmarkObserver: Sendable {
    /// A step began, pgbench printed a `progress:` line, or a run finished. Called from any thread, in order
    /// for one run; return quickly.
    func progress(_ progress: BenchmarkProgress)

    /// Called before each run's pgbench starts, once its database is ready (a fresh copy for writing
    /// workloads, `CHECKPOINT`, statistics reset), warm-up runs included.
    /// - Parameter context: the run, its cluster and a connection to its database.
    /// - Returns: a watcher for this run, or `nil` to leave it unwatched.
    /// - Throws: anything; the error is recorded in the run's ``PgbenchRun/observerNotes`` and the run goes on
    ///   unwatched (a measurement is not given up for a failed observation).
    func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)?
}

extension BenchmarkObserver {
    /// Ignores progress.
    public func progress(_ progress: BenchmarkProgress) {}

    /// Watches nothing.
    public func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)? { nil }
}

/// Follows one pgbench run for a ``BenchmarkObserver``.
public protocol PgbenchRunWatcher: Sendable {
    /// While pgbench runs: started in a child task as pgbench starts, cancelled as soon as pgbench has ended
    /// (a sampler samples until it sees the cancellation).
    func whileRunning() async

    /// After pgbench ended and its output was parsed.
    /// - Parameter run: the run's record so far.
    /// - Returns: what to attach to the run's record.
    func runDidEnd(_ run: PgbenchRun) async -> PgbenchRunObservation
}

extension PgbenchRunWatcher {
    /// Does nothing while pgbench runs.
    public func whileRunning() async {}
}

/// A pgbench run about to start, as a ``BenchmarkObserver`` sees it.
public struct PgbenchRunContext: Sendable {
    /// The label of the install (``BenchmarkTarget/label``).
    public let target: String
    /// The run's position in its target's execution order, from 0 (warm-ups included).
    public let index: Int
    /// The scale factor.
    public let scale: Int
    /// The clients (`-c`).
    public let clients: Int
    /// The workload's name.
    public let workload: String
    /// The measured repetition of the cell, from 1; `nil` for a warm-up run.
    public let repetition: Int?
    /// The database the run uses.
    public let database: String
    /// The cluster's data directory (its disk is the one to watch).
    public let dataDirectory: String
    /// `server_version_num` of the server.
    public let serverVersionNumber: Int?
    /// The postmaster's PID (its children are the server's processes).
    public let postmasterPID: Int32?
    /// The run's directory next to the result (stdout, stderr, logs), where a watcher may write files too.
    public let runDirectory: String
    let connector: RunConnection

    /// Whether this is a warm-up run.
    public var warmup: Bool { repetition == nil }

    /// A connection to the run's database as the superuser, opened at the first call and closed by the runner
    /// after ``PgbenchRunWatcher/runDidEnd(_:)``.
    /// - Throws: ``PerfFarmError`` (`postgres_connection`) when the server refuses it.
    public func connection() throws -> any PostgresSession {
        try connector.connection()
    }
}

/// The connection of one run's context: opened on first use, closed once the run is done.
final class RunConnection: Sendable {
    private let open: @Sendable () throws -> any PostgresSession
    private let state = Mutex<(any PostgresSession)?>(nil)

    init(open: @escaping @Sendable () throws -> any PostgresSession) {
        self.open = open
    }

    func connection() throws -> any PostgresSession {
        try state.withLock { state in
            if let state { return state }
            let connection = try open()
            state = connection
            return connection
        }
    }

    func close() async {
        let connection = state.withLock { state in
            defer { state = nil }
            return state
        }
        await connection?.close()
    }
}

/// An observer that hands progress to a closure and watches nothing.
public struct ProgressObserver: BenchmarkObserver {
    private let handler: @Sendable (BenchmarkProgress) -> Void

    /// Creates an observer calling `handler` with every progress report.
    public init(_ handler: @escaping @Sendable (BenchmarkProgress) -> Void) {
        self.handler = handler
    }

    public func progress(_ progress: BenchmarkProgress) {
        handler(progress)
    }
}
