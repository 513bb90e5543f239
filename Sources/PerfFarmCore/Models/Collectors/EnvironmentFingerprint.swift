/// A stable hash of what makes results comparable: when it changes, a history is split.
///
/// The hash is SHA-256 over the canonical JSON of ``Inputs`` (sorted keys, no spaces), in lowercase hex.
public struct EnvironmentFingerprint: Codable, Sendable, Equatable {
    /// What goes into the hash.
    public struct Inputs: Codable, Sendable, Equatable {
        /// `uname` release.
        @Nullable public var kernelRelease: String?
        /// CPU model name.
        @Nullable public var cpuModel: String?
        /// Logical CPUs.
        @Nullable public var cpuThreads: Int?
        /// Total memory rounded to the nearest 256 MiB, in MiB (so a few kilobytes of kernel reservation
        /// moving between boots do not split a history).
        @Nullable public var memoryMiB: Int?
        /// OS `ID` and `VERSION_ID` (`debian 12`).
        @Nullable public var os: String?
        /// Compiler family and version (`gcc 12.2.0`).
        @Nullable public var compiler: String?
        /// PostgreSQL `configure` options.
        @Nullable public var configureOptions: String?
        /// Non-default server settings as `name=setting unit` (run-specific ones such as `port` left out), sorted.
        public var nonDefaultSettings: [String]

        /// Creates inputs.
        public init(
            kernelRelease: String?, cpuModel: String?, cpuThreads: Int?, memoryMiB: Int?, os: String?,
            compiler: String?, configureOptions: String?, nonDefaultSettings: [String]
        ) {
            self.kernelRelease = kernelRelease
            self.cpuModel = cpuModel
            self.cpuThreads = cpuThreads
            self.memoryMiB = memoryMiB
            self.os = os
            self.compiler = compiler
            self.configureOptions = configureOptions
            self.nonDefaultSettings = nonDefaultSettings
        }

        enum CodingKeys: String, CodingKey {
            case kernelRelease = "kernel_release"
            case cpuModel = "cpu_model"
            case cpuThreads = "cpu_threads"
            case memoryMiB = "memory_mib"
            case os, compiler
            case configureOptions = "configure_options"
            case nonDefaultSettings = "non_default_settings"
        }
    }

    /// `sha256:` followed by 64 lowercase hex digits.
    public var hash: String
    /// The inputs that were hashed.
    public var inputs: Inputs

    /// Creates a fingerprint.
    public init(hash: String, inputs: Inputs) {
        self.hash = hash
        self.inputs = inputs
    }
}
