public import Foundation
public import PerfFarmCore

/// `perffarm compare`: two results (of `perffarm bench` or `perffarm run`) compared cell by cell.
///
/// A cell (scale, clients, workload) is compared when both results have it: its measured repetitions' tps
/// decide the verdict (``SampleComparison``: Mann–Whitney p-value and a minimum effect from the cell's noise);
/// the latency percentiles of the transaction logs (p50, p95, p99), when both sides logged them, are compared
/// the same way and reported, without deciding the verdict (several metrics deciding would multiply the false
/// alarms). Cells of two different environment fingerprints, or with too few successful repetitions, are
/// `not_comparable`, with the reason.
public struct ResultComparison: Codable, Sendable, Equatable {
    /// One side: where it came from and what it measured.
    public struct Side: Codable, Sendable, Equatable {
        /// The file (or store reference) given.
        public var reference: String
        @Nullable public var branch: String?
        @Nullable public var commit: String?
        @Nullable public var postgresVersion: String?
        @Nullable public var fingerprint: String?
        @Timestamp public var startedAt: Date

        enum CodingKeys: String, CodingKey {
            case reference, branch, commit
            case postgresVersion = "postgres_version"
            case fingerprint
            case startedAt = "started_at"
        }
    }

    /// One cell.
    public struct Cell: Codable, Sendable, Equatable {
        public var scale: Int
        public var clients: Int
        public var workload: String
        /// tps: decides ``verdict``.
        public var tps: SampleComparison
        /// Latency percentiles (milliseconds, from the transaction logs), by name (`p50`, `p95`, `p99`).
        public var latency: [String: SampleComparison]
        public var verdict: SampleComparison.Verdict
        @Nullable public var reason: String?
    }

    public var base: Side
    public var new: Side
    public var cells: [Cell]
    /// Cells of one side only (`scale=1,clients=4,workload=read-only`).
    public var unmatched: [String]

    /// The cells that regressed.
    public var regressions: [Cell] { cells.filter { $0.verdict == .regression } }

    /// Compares `new` against `base`.
    /// - Parameters:
    ///   - noiseFloors: known coefficients of variation of tps by cell key (``key(scale:clients:workload:)``),
    ///     from A/A runs.
    public static func compare(
        base: BenchmarkResult, new: BenchmarkResult, baseReference: String, newReference: String,
        noiseFloors: [String: Double] = [:], options: SampleComparison.Options = SampleComparison.Options()
    ) -> ResultComparison {
        let baseSide = side(base, reference: baseReference)
        let newSide = side(new, reference: newReference)
        let sameEnvironment =
            baseSide.fingerprint == nil || newSide.fingerprint == nil || baseSide.fingerprint == newSide.fingerprint
        let baseCells = Dictionary(grouping: base.runs.filter(\.isMeasuredSuccess), by: \.cellKey)
        let newCells = Dictionary(grouping: new.runs.filter(\.isMeasuredSuccess), by: \.cellKey)
        var cells: [Cell] = []
        for cell in new.cells {
            let key = Self.key(scale: cell.scale, clients: cell.clients, workload: cell.workload)
            guard base.cells.contains(where: { $0.cellKey == key }) else { continue }
            let baseRuns = baseCells[key] ?? []
            let newRuns = newCells[key] ?? []
            let tps = SampleComparison.compare(
                base: baseRuns.compactMap(\.summary?.tps), new: newRuns.compactMap(\.summary?.tps),
                direction: .higherIsBetter, noiseFloor: noiseFloors[key], options: options)
            var latency: [String: SampleComparison] = [:]
            for name in Self.percentiles {
                let baseValues = baseRuns.compactMap {
                    $0.logStatistics?.latencyMilliseconds.map { Self.percentile(name, of: $0) }
                }
                let newValues = newRuns.compactMap {
                    $0.logStatistics?.latencyMilliseconds.map { Self.percentile(name, of: $0) }
                }
                guard !baseValues.isEmpty, !newValues.isEmpty else { continue }
                latency[name] = SampleComparison.compare(
                    base: baseValues, new: newValues, direction: .lowerIsBetter, options: options)
            }
            var entry = Cell(
                scale: cell.scale, clients: cell.clients, workload: cell.workload, tps: tps, latency: latency,
                verdict: tps.verdict, reason: tps.reason)
            if !sameEnvironment {
                entry.verdict = .notComparable
                entry.reason =
                    "different environments (fingerprints \(baseSide.fingerprint ?? "-") and \(newSide.fingerprint ?? "-"))"
            }
            cells.append(entry)
        }
        let matched = Set(cells.map { Self.key(scale: $0.scale, clients: $0.clients, workload: $0.workload) })
        let unmatched = Set(base.cells.map(\.cellKey) + new.cells.map(\.cellKey)).subtracting(matched).sorted()
        return ResultComparison(base: baseSide, new: newSide, cells: cells, unmatched: unmatched)
    }

    /// The percentiles compared.
    static let percentiles = ["p50", "p95", "p99"]

    /// The percentile `name` of a log's latency distribution.
    static func percentile(_ name: String, of distribution: PgbenchLogStatistics.LatencyDistribution) -> Double {
        switch name {
        case "p50": distribution.p50
        case "p95": distribution.p95
        default: distribution.p99
        }
    }

    /// `scale=S,clients=N,workload=W`, as `--cell` takes it.
    public static func key(scale: Int, clients: Int, workload: String) -> String {
        "scale=\(scale),clients=\(clients),workload=\(workload)"
    }

    static func side(_ result: BenchmarkResult, reference: String) -> Side {
        Side(
            reference: reference, branch: result.source?.branch, commit: result.source?.commit,
            postgresVersion: result.postgres?.version ?? result.cluster?.serverVersion ?? result.build?.postgresVersion,
            fingerprint: result.fingerprint?.hash, startedAt: result.startedAt)
    }
}

extension PgbenchRun {
    /// A measured repetition (not a warm-up) that succeeded.
    var isMeasuredSuccess: Bool { !warmup && status == .succeeded }
    var cellKey: String { ResultComparison.key(scale: scale, clients: clients, workload: workload) }
}

extension BenchmarkCell {
    var cellKey: String { ResultComparison.key(scale: scale, clients: clients, workload: workload) }
}
