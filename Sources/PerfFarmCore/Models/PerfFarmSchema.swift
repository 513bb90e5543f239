/// The version of the JSON documents perffarm writes.
///
/// Raised whenever a field changes meaning or is removed; adding a field keeps the version.
/// Every top-level document carries it as `schema_version`.
public enum PerfFarmSchema {
    /// The current schema version.
    public static let version = 1
}
