import PerfFarmCore

/// What `/proc/cpuinfo` says, summarised over all processors.
public struct ParsedCPUInfo: Sendable, Equatable {
    /// `model name` (x86, some ARM), `cpu model` (MIPS), `cpu` (POWER), or `Hardware`/`Model` (ARM boards).
    public var model: String?
    /// `vendor_id` (x86) or `CPU implementer` (ARM, e.g. `0x41`).
    public var vendor: String?
    /// `processor` entries.
    public var processors: Int
    /// Distinct `physical id` values (`nil` when the file has none, as on ARM).
    public var sockets: Int?
    /// Distinct (`physical id`, `core id`) pairs (`nil` when the file has none).
    public var cores: Int?
    /// `cpu MHz` of the first processor.
    public var mhz: Double?
    /// `cache size` of the first processor in bytes (x86: the last-level cache one core sees).
    public var cacheSizeBytes: Int?
    /// `flags` (x86) or `Features` (ARM) of the first processor, sorted.
    public var flags: [String]

    /// Creates an empty summary.
    public init() {
        processors = 0
        flags = []
    }
}

/// Parses `/proc/cpuinfo`: blocks of `key : value` lines separated by blank lines, one block per
/// processor (x86), or per processor plus a trailing machine block (ARM).
public enum CPUInfoParser {
    /// Parses the file's text.
    /// - Parameter text: the contents of `/proc/cpuinfo`.
    /// - Returns: the summary.
    public static func parse(_ text: String) -> ParsedCPUInfo {
        var result = ParsedCPUInfo()
        var packages = Set<String>()
        var cores = Set<String>()
        var physicalID: String?
        var trailingModel: String?
        func finishBlock() { physicalID = nil }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = rawLine.firstIndex(of: ":") else {
                if rawLine.trimmingWhitespace().isEmpty { finishBlock() }
                continue
            }
            let key = rawLine[..<colon].trimmingWhitespace()
            let value = rawLine[rawLine.index(after: colon)...].trimmingWhitespace()
            switch key {
            case "processor":
                result.processors += 1
            case "model name", "cpu model":
                if result.model == nil, !value.isEmpty { result.model = value }
            case "cpu":
                if result.model == nil, !value.isEmpty { result.model = value }
            case "Hardware", "Model":
                trailingModel = trailingModel ?? value
            case "vendor_id", "CPU implementer":
                if result.vendor == nil { result.vendor = value }
            case "physical id":
                physicalID = value
                packages.insert(value)
            case "core id":
                cores.insert("\(physicalID ?? "0")/\(value)")
            case "cpu MHz":
                if result.mhz == nil { result.mhz = Double(value) }
            case "cache size":
                if result.cacheSizeBytes == nil { result.cacheSizeBytes = SysfsValueParser.size(value) }
            case "flags", "Features":
                if result.flags.isEmpty { result.flags = value.split(separator: " ").map(String.init).sorted() }
            default:
                break
            }
        }
        if result.model == nil { result.model = trailingModel }
        result.sockets = packages.isEmpty ? nil : packages.count
        result.cores = cores.isEmpty ? nil : cores.count
        return result
    }
}
