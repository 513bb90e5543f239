import PerfFarmCollectors

/// Every `/proc` and `/sys` parser of PerfFarmCollectors on the same text: none may crash (an overflowing
/// number, an index past the end). `ProcParserCorpusTests` replays the kept corpus the same way.
enum ProcParsersFuzzCheck {
    static func check(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = CPUInfoParser.parse(text)
        _ = DiskStatsParser.parse(text)
        _ = DiskStatsParser.parse(text, device: "sda")
        _ = LoadAverageParser.parse(text)
        _ = MemInfoParser.parse(text)
        _ = MountInfoParser.parse(text)
        _ = OSReleaseParser.parse(text)
        _ = ProcStatParser.parse(text)
        _ = ProcessStatParser.parse(text)
        _ = SysfsValueParser.selected(text)
        _ = SysfsValueParser.size(text)
        _ = SysfsValueParser.cpuCount(text)
        _ = SysfsValueParser.keyValues(text)
        return nil
    }
}
