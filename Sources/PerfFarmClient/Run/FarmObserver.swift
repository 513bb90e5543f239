import Foundation
import Logging
public import PerfFarmCluster
import PerfFarmCollectors
public import PerfFarmCore
import PerfFarmPostgres
public import PerfFarmProcess
import Synchronization

/// What a farm run watches around every pgbench run: a statistics snapshot of the run's database before and
/// after (their delta attached to the run), the machine sampled during the run, and — once, at the first run —
/// the server's version and every setting.
///
/// A snapshot or the sampler that fails is a note of the run, never a failed run.
public final class FarmObserver: BenchmarkObserver {
    /// How the machine is sampled during each run.
    public struct Sampling: Sendable, Equatable {
        /// Seconds between two samples.
        public var interval: Duration
        /// Whether to sample through a private collectd instead of the built-in sampler.
        public var collectd: Bool

        /// Creates a sampling.
        public init(interval: Duration = .seconds(1), collectd: Bool = false) {
            self.interval = interval
            self.collectd = collectd
        }
    }

    private let statementLimit: Int
    private let sampling: Sampling
    private let runner: any CommandRunner
    private let progressHandler: @Sendable (BenchmarkProgress) -> Void
    private let server = Mutex<ServerState>(ServerState())

    private struct ServerState {
        var info: PostgresServerInfo?
        var notes: [String] = []
    }

    /// Creates an observer.
    /// - Parameters:
    ///   - statementLimit: the top `pg_stat_statements` entries kept per snapshot.
    ///   - sampling: how the machine is sampled during each run.
    ///   - runner: how collectd runs (when sampling through it).
    ///   - progress: called with every progress report of the benchmark.
    public init(
        statementLimit: Int = 20, sampling: Sampling = Sampling(), runner: any CommandRunner,
        progress: @escaping @Sendable (BenchmarkProgress) -> Void = { _ in }
    ) {
        self.statementLimit = statementLimit
        self.sampling = sampling
        self.runner = runner
        self.progressHandler = progress
    }

    /// The server's version and settings, read at the first run; `nil` before it (or when it could not be read,
    /// see ``notes``).
    public var serverInfo: PostgresServerInfo? { server.withLock { $0.info } }

    /// What could not be read about the server.
    public var notes: [String] { server.withLock { $0.notes } }

    public func progress(_ progress: BenchmarkProgress) {
        progressHandler(progress)
    }

    public func runWillStart(_ context: PgbenchRunContext) async throws -> (any PgbenchRunWatcher)? {
        let collector = PostgresCollector(connection: try context.connection(), statementLimit: statementLimit)
        if server.withLock({ $0.info == nil && $0.notes.isEmpty }) {
            do {
                let info = try await collector.serverInfo()
                server.withLock { $0.info = info }
            } catch {
                server.withLock { $0.notes.append("the server's settings could not be read: \(error)") }
            }
        }
        let before = try await collector.snapshot()
        let device = StorageReader().describe(path: context.dataDirectory).device
        let sample: SnapshotWatcher.Sample
        if sampling.collectd, let executable = CollectdSampler.locate() {
            let configuration = CollectdConfiguration(
                directory: context.runDirectory + "/collectd", intervalSeconds: sampling.interval.inSeconds,
                device: device)
            let sampler = CollectdSampler(executable: executable, configuration: configuration, runner: runner)
            sample = { try await sampler.sample { try? await Task.sleep(for: .seconds(365 * 86400)) }.series }
        } else {
            let reader = SystemCountersReader(device: device, postmasterPID: context.postmasterPID.map(Int.init))
            let sampler = SystemSampler(reader: reader, interval: sampling.interval)
            sample = { try await sampler.sample { try? await Task.sleep(for: .seconds(365 * 86400)) }.series }
        }
        return SnapshotWatcher(collector: collector, before: before, sample: sample)
    }
}

/// One run's watcher: the sampler while pgbench runs, the snapshot delta when it has ended.
actor SnapshotWatcher: PgbenchRunWatcher {
    /// Samples the machine until the task is cancelled.
    typealias Sample = @Sendable () async throws -> SystemSeries

    let collector: PostgresCollector
    let before: PostgresStatisticsSnapshot
    let sample: Sample
    private var series: SystemSeries?
    private var notes: [String] = []

    init(collector: PostgresCollector, before: PostgresStatisticsSnapshot, sample: @escaping Sample) {
        self.collector = collector
        self.before = before
        self.sample = sample
    }

    func whileRunning() async {
        do {
            // Samples until the runner cancels this task, as pgbench ends.
            series = try await sample()
        } catch {
            notes.append("the machine could not be sampled: \(error)")
        }
    }

    func runDidEnd(_ run: PgbenchRun) async -> PgbenchRunObservation {
        do {
            let after = try await collector.snapshot()
            return PgbenchRunObservation(
                statisticsDelta: after.delta(since: before), systemSeries: series, notes: notes)
        } catch {
            return PgbenchRunObservation(
                systemSeries: series, notes: notes + ["the statistics after the run could not be read: \(error)"])
        }
    }
}
