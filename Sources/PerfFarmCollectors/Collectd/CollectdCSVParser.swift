public import Foundation
public import PerfFarmCore

/// Parses the files collectd's CSV plugin writes (`<host>/<plugin>-<instance>/<type>-<instance>-<date>`,
/// each `epoch,value[,value…]` with a header line) into the same ``SystemSeries`` model as the built-in
/// sampler.
///
/// Values are aligned on the sampling grid: a value at `epoch` belongs to tick
/// `round((epoch − first epoch) / interval)`. `nan` (collectd's first value of a rate) is `nil`.
public enum CollectdCSVParser {
    /// One parsed CSV file: the column names after `epoch`, then rows of epoch and values.
    public struct Table: Sendable, Equatable {
        /// Column names (`value`, or `read`/`write`, `shortterm`/`midterm`/`longterm`).
        public var columns: [String]
        /// Epoch seconds and the row's values (`nil` for `nan`).
        public var rows: [(epoch: Double, values: [Double?])]

        public static func == (lhs: Table, rhs: Table) -> Bool {
            lhs.columns == rhs.columns && lhs.rows.map(\.epoch) == rhs.rows.map(\.epoch)
                && lhs.rows.map(\.values) == rhs.rows.map(\.values)
        }
    }

    /// Parses the text of one CSV file.
    /// - Parameter text: the file's contents.
    /// - Returns: the table; lines that are not `epoch,numbers…` are skipped.
    public static func parseTable(_ text: String) -> Table {
        var table = Table(columns: [], rows: [])
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let first = fields.first else { continue }
            if first == "epoch" {
                table.columns = fields.dropFirst().map(String.init)
                continue
            }
            guard let epoch = Double(first) else { continue }
            let values = fields.dropFirst().map { field -> Double? in
                guard let value = Double(field), value.isFinite else { return nil }
                return value
            }
            table.rows.append((epoch, values))
        }
        return table
    }

    /// Builds the series from the files of one host folder.
    /// - Parameters:
    ///   - files: each file's path relative to the host folder (`cpu-0/percent-user-2025-03-01`) and text.
    ///   - interval: collectd's `Interval` in seconds.
    ///   - device: the disk whose `disk-<device>` files are used.
    ///   - startedAt: when collectd started, for the series.
    /// - Returns: one sample per tick from 1 on, with what collectd reported in it.
    public static func series(
        files: [(path: String, text: String)], interval: Double, device: String?, startedAt: Date
    ) -> SystemSeries {
        var tables: [(plugin: String, type: String, table: Table)] = []
        for (path, text) in files {
            let parts = path.split(separator: "/")
            guard parts.count >= 2 else { continue }
            // `percent-user-2025-03-01` → `percent-user`: drop the trailing date.
            let name = parts[parts.count - 1].split(separator: "-")
            let type = name.count > 3 ? name.dropLast(3).joined(separator: "-") : name.joined(separator: "-")
            tables.append((String(parts[parts.count - 2]), type, parseTable(text)))
        }
        var series = SystemSeries(source: "collectd", intervalSeconds: interval, startedAt: startedAt, device: device)
        let epochs = tables.flatMap { $0.table.rows.map(\.epoch) }
        guard let start = epochs.min(), interval > 0 else { return series }
        let lastTick = Int(((epochs.max() ?? start) - start) / interval + 0.5)
        guard lastTick >= 1 else { return series }
        var samples = (0...lastTick).map {
            SystemSample(offsetSeconds: Double($0) * interval, elapsedSeconds: Double($0) * interval)
        }
        var touched = Set<Int>()
        var perCore: [Int: [Int: SystemSample.CPUSplit]] = [:]  // tick → cpu → split

        for (plugin, type, table) in tables {
            for row in table.rows {
                let tick = Int((row.epoch - start) / interval + 0.5)
                guard tick >= 1, tick <= lastTick else { continue }
                let value = row.values.first ?? nil
                var used = true
                switch (plugin, type) {
                case (let cpu, let state) where cpu.hasPrefix("cpu-") && state.hasPrefix("percent-"):
                    guard let core = Int(cpu.dropFirst(4)), let value else { used = false; break }
                    var split = perCore[tick, default: [:]][core] ?? SystemSample.CPUSplit()
                    switch state.dropFirst("percent-".count) {
                    case "user": split.user = value
                    case "nice": split.nice = value
                    case "system": split.system = value
                    case "wait": split.iowait = value
                    case "interrupt": split.irq = value
                    case "softirq": split.softirq = value
                    case "steal": split.steal = value
                    case "idle": split.idle = value
                    default: used = false
                    }
                    perCore[tick, default: [:]][core] = split
                case ("load", "load"):
                    samples[tick].load1 = row.values.count > 0 ? row.values[0] : nil
                    samples[tick].load5 = row.values.count > 1 ? row.values[1] : nil
                    samples[tick].load15 = row.values.count > 2 ? row.values[2] : nil
                case ("memory", "memory-used"): samples[tick].memoryUsedBytes = value.map { Int($0) }
                case ("memory", "memory-cached"): samples[tick].pageCacheBytes = value.map { Int($0) }
                case ("swap", "swap-used"): samples[tick].swapUsedBytes = value.map { Int($0) }
                case ("contextswitch", "contextswitch"): samples[tick].contextSwitchesPerSecond = value
                case ("processes", "ps_state-running"): samples[tick].runQueue = value.map { Int($0) }
                case ("processes", "ps_state-blocked"): samples[tick].blockedTasks = value.map { Int($0) }
                case (let disk, let kind) where device != nil && disk == "disk-\(device!)":
                    var rates =
                        samples[tick].disk
                        ?? SystemSample.Disk(
                            readBytesPerSecond: 0, writeBytesPerSecond: 0, readsPerSecond: 0, writesPerSecond: 0,
                            utilizationPercent: nil)
                    let read = row.values.count > 0 ? row.values[0] : nil
                    let write = row.values.count > 1 ? row.values[1] : nil
                    switch kind {
                    case "disk_octets":
                        guard let read, let write else { used = false; break }
                        rates.readBytesPerSecond = read
                        rates.writeBytesPerSecond = write
                    case "disk_ops":
                        guard let read, let write else { used = false; break }
                        rates.readsPerSecond = read
                        rates.writesPerSecond = write
                    case "disk_io_time":
                        // io_time is milliseconds of I/O per second: 1000 ms/s is 100 %.
                        guard let read else { used = false; break }
                        rates.utilizationPercent = min(100, read / 10)
                    default: used = false
                    }
                    if used { samples[tick].disk = rates }
                default:
                    used = false
                }
                if used { touched.insert(tick) }
            }
        }
        for (tick, cores) in perCore {
            let splits = cores.keys.sorted().compactMap { cores[$0] }
            samples[tick].cpuPerCore = splits
            guard !splits.isEmpty else { continue }
            let count = Double(splits.count)
            func mean(_ keyPath: KeyPath<SystemSample.CPUSplit, Double>) -> Double {
                splits.reduce(0) { $0 + $1[keyPath: keyPath] } / count
            }
            samples[tick].cpu = SystemSample.CPUSplit(
                user: mean(\.user), nice: mean(\.nice), system: mean(\.system), iowait: mean(\.iowait),
                irq: mean(\.irq), softirq: mean(\.softirq), steal: mean(\.steal), idle: mean(\.idle))
        }
        series.samples = (1...lastTick).filter { touched.contains($0) }.map { samples[$0] }
        return series
    }
}
