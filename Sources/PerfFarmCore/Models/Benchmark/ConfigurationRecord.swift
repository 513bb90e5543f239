/// The configuration a farm run ran with, as its result records it: every effective value (the machine secret
/// never among them) and a hash that changes exactly when a value that can change the numbers changes.
public struct ConfigurationRecord: Codable, Sendable, Equatable {
    /// `sha256:` and the hex digest of the canonical JSON of ``values``.
    public var hash: String
    /// The effective configuration: file values over defaults, command-line flags over both.
    public var values: JSONValue

    /// Creates a record.
    public init(hash: String, values: JSONValue) {
        self.hash = hash
        self.values = values
    }
}

/// How long one phase of a farm run's branch took (`fetch`, `build`, `preflight`, `benchmark`, `save`).
public struct PhaseTiming: Codable, Sendable, Equatable {
    /// The phase.
    public var name: String
    /// Its wall-clock seconds.
    public var seconds: Double

    /// Creates a timing.
    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}
