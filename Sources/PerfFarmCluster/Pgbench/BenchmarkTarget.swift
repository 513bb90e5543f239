public import PerfFarmCore

/// One PostgreSQL install a benchmark session runs the matrix on, with what is known of where it came from.
///
/// A session of one target is `perffarm bench` (or one branch of `perffarm run`); a session of two alternates
/// their runs cell by cell (A/B), each on a cluster of its own.
public struct BenchmarkTarget: Sendable, Equatable {
    /// A short name for directories and progress lines (`A`, `baseline`, `REL_17_STABLE`): letters, digits,
    /// `-`, `_` and `.`.
    public var label: String
    /// The `bin/` directory of the install.
    public var binDirectory: String
    /// The source revision the install was built from; `nil` for an existing install.
    public var source: SourceRevision?
    /// The build of the install; `nil` for an existing install.
    public var build: BuildResult?

    /// Creates a target.
    public init(label: String = "bench", binDirectory: String, source: SourceRevision? = nil, build: BuildResult? = nil)
    {
        self.label = label
        self.binDirectory = binDirectory
        self.source = source
        self.build = build
    }

    /// Whether ``label`` is usable as a directory name.
    var hasValidLabel: Bool {
        !label.isEmpty && label != "." && label != ".."
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
