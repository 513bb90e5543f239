public import PerfFarmCore

/// What `perffarm run` asks of ``FarmRun``.
public struct FarmRunRequest: Sendable {
    /// The effective configuration (file over defaults, flags over both).
    public var configuration: FarmConfiguration
    /// Benchmark a commit again even when it was benchmarked with the same configuration hash.
    public var force: Bool
    /// The perffarm version to record.
    public var perffarmVersion: String?

    /// Creates a request.
    public init(configuration: FarmConfiguration, force: Bool = false, perffarmVersion: String? = nil) {
        self.configuration = configuration
        self.force = force
        self.perffarmVersion = perffarmVersion
    }
}
