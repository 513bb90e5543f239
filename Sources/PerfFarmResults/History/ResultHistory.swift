public import Foundation
public import PerfFarmCore

/// `perffarm history`: results of one machine over commits, as series per (machine, branch, cell), with the
/// change points of their median tps (``ChangePointDetector``: E-divisive means). A change of environment
/// fingerprint between two results starts a new segment instead of being reported as a change.
public struct ResultHistory: Codable, Sendable, Equatable {
    /// One point: a result's median tps in the cell.
    public struct Point: Codable, Sendable, Equatable {
        public var commit: String
        @Nullable public var subject: String?
        @Timestamp public var commitDate: Date
        public var tps: Double
        @Nullable public var fingerprint: String?

        enum CodingKeys: String, CodingKey {
            case commit, subject
            case commitDate = "commit_date"
            case tps, fingerprint
        }
    }

    /// A change point, with the commits between which it happened.
    public struct Change: Codable, Sendable, Equatable {
        /// The last commit before the change and the first after it.
        public var lastBefore: String
        public var firstAfter: String
        @Nullable public var firstAfterSubject: String?
        public var relativeChange: Double
        public var pValue: Double

        enum CodingKeys: String, CodingKey {
            case lastBefore = "last_before"
            case firstAfter = "first_after"
            case firstAfterSubject = "first_after_subject"
            case relativeChange = "relative_change"
            case pValue = "p_value"
        }
    }

    /// One series.
    public struct Series: Codable, Sendable, Equatable {
        @Nullable public var machine: String?
        public var branch: String
        /// `scale=S,clients=N,workload=W`.
        public var cell: String
        /// In commit order (commit date, then start time).
        public var points: [Point]
        public var changes: [Change]
        /// Indexes in ``points`` where a new environment starts.
        public var environmentChanges: [Int]

        enum CodingKeys: String, CodingKey {
            case machine, branch, cell, points, changes
            case environmentChanges = "environment_changes"
        }
    }

    public var series: [Series]

    /// One result's figure in one cell: what a history is built from (result files, or the store's `cells`).
    public struct Observation: Sendable, Equatable {
        public var machine: String?
        public var branch: String
        /// `scale=S,clients=N,workload=W`.
        public var cell: String
        public var point: Point
        /// When the result started: orders two results of one commit.
        public var startedAt: Date

        public init(machine: String?, branch: String, cell: String, point: Point, startedAt: Date) {
            self.machine = machine
            self.branch = branch
            self.cell = cell
            self.point = point
            self.startedAt = startedAt
        }
    }

    /// The observations of `results`: per result with a source revision and per cell, the median tps of its
    /// measured repetitions that succeeded (results without a source revision, such as `perffarm bench` of a bin
    /// directory, have no commit to order by and give none).
    public static func observations(_ results: [BenchmarkResult]) -> [Observation] {
        var observations: [Observation] = []
        for result in results {
            guard let source = result.source else { continue }
            let runs = Dictionary(grouping: result.runs.filter(\.isMeasuredSuccess), by: \.cellKey)
            for (key, cellRuns) in runs {
                let values = cellRuns.compactMap(\.summary?.tps)
                guard !values.isEmpty else { continue }
                let point = Point(
                    commit: source.commit, subject: source.subject, commitDate: source.commitDate,
                    tps: BootstrapInterval.median(values), fingerprint: result.fingerprint?.hash)
                observations.append(
                    Observation(
                        machine: result.machine, branch: source.branch, cell: key, point: point,
                        startedAt: result.startedAt))
            }
        }
        return observations
    }

    /// The history of `results` (see ``observations(_:)``).
    /// - Parameters:
    ///   - branch: only this branch.
    ///   - cell: only this cell key.
    public static func build(
        _ results: [BenchmarkResult], branch: String? = nil, cell: String? = nil,
        options: ChangePointDetector.Options = ChangePointDetector.Options()
    ) -> ResultHistory {
        build(observations: observations(results), branch: branch, cell: cell, options: options)
    }

    /// A machine's noise floor in one cell and environment (from an A/A run: ``ResultStore/noiseFloorTable()``).
    public struct NoiseFloor: Sendable, Equatable {
        public var machine: String?
        public var fingerprint: String?
        public var cell: String
        /// The coefficient of variation of tps.
        public var cv: Double

        public init(machine: String?, fingerprint: String?, cell: String, cv: Double) {
            self.machine = machine
            self.fingerprint = fingerprint
            self.cell = cell
            self.cv = cv
        }
    }

    /// The history of `observations`: grouped into series per (machine, branch, cell), each in commit order
    /// (commit date, then start time), with its change points and environment changes.
    /// - Parameter noiseFloors: the machine's measured noise; a change point smaller than the noise floor of its
    ///   machine, cell and environment (after the change; else a floor measured without a fingerprint) is not
    ///   reported.
    public static func build(
        observations: [Observation], branch: String? = nil, cell: String? = nil, noiseFloors: [NoiseFloor] = [],
        options: ChangePointDetector.Options = ChangePointDetector.Options()
    ) -> ResultHistory {
        struct Key: Hashable {
            var machine: String?
            var branch: String
            var cell: String
        }
        var grouped: [Key: [Observation]] = [:]
        for observation in observations
        where (branch == nil || observation.branch == branch) && (cell == nil || observation.cell == cell) {
            grouped[Key(machine: observation.machine, branch: observation.branch, cell: observation.cell), default: []]
                .append(observation)
        }
        let detector = ChangePointDetector(options: options)
        let series = grouped.map { key, entries -> Series in
            let points = entries.sorted {
                ($0.point.commitDate, $0.startedAt) < ($1.point.commitDate, $1.startedAt)
            }.map(\.point)
            let environmentChanges = points.indices.dropFirst().filter {
                points[$0].fingerprint != points[$0 - 1].fingerprint
            }
            let changes = detector.detect(points.map(\.tps), segmentStarts: environmentChanges).filter { point in
                let floor = noiseFloors.last {
                    $0.machine == key.machine && $0.cell == key.cell
                        && $0.fingerprint == points[point.index].fingerprint
                }
                return abs(point.relativeChange) >= (floor?.cv ?? 0)
            }.map { point in
                Change(
                    lastBefore: points[point.index - 1].commit, firstAfter: points[point.index].commit,
                    firstAfterSubject: points[point.index].subject, relativeChange: point.relativeChange,
                    pValue: point.pValue)
            }
            return Series(
                machine: key.machine, branch: key.branch, cell: key.cell, points: points, changes: changes,
                environmentChanges: environmentChanges)
        }.sorted { ($0.machine ?? "", $0.branch, $0.cell) < ($1.machine ?? "", $1.branch, $1.cell) }
        return ResultHistory(series: series)
    }
}
