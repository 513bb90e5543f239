public import PerfFarmCore
public import PerfFarmResults

/// How a paired A/B run ended.
public struct PairedRunOutcome: Sendable {
    /// One side.
    public struct Side: Sendable {
        /// The commit built.
        public var commit: String
        /// The build (from the install cache, or built now).
        public var build: BuildResult
        /// The benchmark's result; `nil` when the build failed.
        public var result: BenchmarkResult?
        /// Where the result was written.
        public var resultFile: String?
    }

    public var baseline: Side
    public var candidate: Side
    /// The comparison of the candidate against the baseline, cell by cell; `nil` when a side has no result.
    public var comparison: ResultComparison?
    /// The seed of the order within each pair.
    public var seed: UInt64
    /// Whether both sides are one commit (an A/A run, which measures the machine's noise).
    public var isAA: Bool { baseline.commit == candidate.commit }
    /// The noise an A/A run measured: the coefficient of variation of tps of both sides' repetitions together,
    /// by cell key, with their count. Empty for an A/B run.
    public var noiseFloors: [String: (cv: Double, repetitions: Int)]
    /// The results' keys in the store, when stored (baseline, candidate).
    public var storedIDs: [String] = []
    /// Why the results could not be stored (they are in their files).
    public var storeError: String?
}
