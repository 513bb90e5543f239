public import PerfFarmCore

/// What `perffarm run` asks of ``FarmRun``.
public struct FarmRunRequest: Sendable {
    /// The effective configuration (file over defaults, flags over both).
    public var configuration: FarmConfiguration
    /// Benchmark a commit again even when it was benchmarked with the same configuration hash.
    public var force: Bool
    /// The perffarm version to record.
    public var perffarmVersion: String?
    /// Benchmark this installed PostgreSQL (its `bin/` directory) instead of building the configured branches:
    /// the same pipeline without fetch and build (an offline first try, a distribution's packages).
    public var installedBinDirectory: String?

    /// Creates a request.
    public init(
        configuration: FarmConfiguration, force: Bool = false, perffarmVersion: String? = nil,
        installedBinDirectory: String? = nil
    ) {
        self.configuration = configuration
        self.force = force
        self.perffarmVersion = perffarmVersion
        self.installedBinDirectory = installedBinDirectory
    }

    /// The branch name a run of an installed PostgreSQL reports.
    public static let installedBranch = "installed"
}
