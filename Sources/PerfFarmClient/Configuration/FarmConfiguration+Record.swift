import Foundation
public import PerfFarmCore
import PerfFarmProcess

extension FarmConfiguration {
    /// The sections that can change the numbers: a commit benchmarked again with the same values of these is
    /// skipped (unless forced); a change of any of them benchmarks it again.
    public static let hashedSections = ["build", "cluster", "matrix", "collectors"]

    /// The configuration as a result records it: every effective value (the configuration holds no secret,
    /// only where it is read from) and ``hash``.
    /// - Throws: an `EncodingError` (not expected for these plain values).
    public func record() throws -> ConfigurationRecord {
        ConfigurationRecord(hash: try hash(), values: try FarmConfigurationLoader.encode(self))
    }

    /// `sha256:` and the hex digest of the canonical JSON of the ``hashedSections``.
    /// - Throws: an `EncodingError` (not expected for these plain values).
    public func hash() throws -> String {
        let values = try FarmConfigurationLoader.encode(self)
        var hashed: [String: JSONValue] = [:]
        for section in Self.hashedSections { hashed[section] = values[section] ?? .null }
        return "sha256:" + SHA256Hex.digest(try PerfFarmJSON.canonical(JSONValue.object(hashed)))
    }
}
