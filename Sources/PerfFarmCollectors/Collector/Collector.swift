/// Something that reads a typed value from the machine or a server.
///
/// A collector is a value (`Sendable`): what it needs to know (a root path, a connection, a PID) is set when
/// it is created, and ``collect()`` may be called any number of times, from any task. Outputs are typed
/// `Codable` values, written to results as they are. ``PeriodicSampler`` calls any collector every N
/// seconds while some work runs.
public protocol Collector: Sendable {
    /// What one collection yields.
    associatedtype Output: Codable & Sendable

    /// A short name for logs and errors (`system_counters`, `machine_inventory`).
    var name: String { get }

    /// Reads the value now.
    /// - Returns: what was read.
    /// - Throws: ``PerfFarmError`` when the source cannot be read at all; a source that lacks a field
    ///   yields `nil` for it instead.
    func collect() async throws -> Output
}
