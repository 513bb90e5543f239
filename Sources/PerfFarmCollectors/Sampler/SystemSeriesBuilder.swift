import Foundation
public import PerfFarmCore

/// Turns consecutive ``SystemCounters`` readings into a ``SystemSeries`` of rates and levels.
public enum SystemSeriesBuilder {
    /// Builds the series: each reading after the first becomes one sample over the interval since the
    /// reading before it.
    /// - Parameters:
    ///   - readings: the sampler's readings, the baseline (tick 0) first.
    ///   - interval: the sampling interval in seconds.
    ///   - device: the sampled block device.
    ///   - postmasterPID: the sampled postmaster.
    ///   - clockTicks: clock ticks per second of process CPU times.
    /// - Returns: one sample per reading after the first; rates use the measured time between readings.
    public static func build(
        _ readings: [TimedSample<SystemCounters>], interval: Double, device: String? = nil,
        postmasterPID: Int? = nil, clockTicks: Double? = nil
    ) -> SystemSeries {
        let ticksPerSecond = clockTicks ?? clockTicksPerSecond
        var series = SystemSeries(
            source: "perffarm", intervalSeconds: interval, startedAt: readings.first?.timestamp ?? Date(),
            device: device, postmasterPID: postmasterPID)
        guard readings.count > 1 else { return series }
        series.samples.reserveCapacity(readings.count - 1)
        for index in 1..<readings.count {
            let before = readings[index - 1]
            let after = readings[index]
            let seconds = max(after.elapsedSeconds - before.elapsedSeconds, 1e-6)
            var sample = SystemSample(
                offsetSeconds: Double(after.tick) * interval, elapsedSeconds: after.elapsedSeconds)
            let now = after.value
            let then = before.value
            if let end = now.stat.total, let start = then.stat.total { sample.cpu = split(end, start) }
            if now.stat.perCPU.count == then.stat.perCPU.count {
                sample.cpuPerCore = zip(now.stat.perCPU, then.stat.perCPU).map { split($0, $1) }
            }
            sample.runQueue = now.stat.procsRunning
            sample.blockedTasks = now.stat.procsBlocked
            sample.load1 = now.load?.one
            sample.load5 = now.load?.five
            sample.load15 = now.load?.fifteen
            sample.memoryUsedBytes = now.memory.used
            sample.pageCacheBytes = now.memory.cached
            sample.memoryAvailableBytes = now.memory.available
            if let total = now.memory.swapTotal, let free = now.memory.swapFree { sample.swapUsedBytes = total - free }
            if let end = now.stat.contextSwitches, let start = then.stat.contextSwitches, end >= start {
                sample.contextSwitchesPerSecond = Double(end - start) / seconds
            }
            if let end = now.disk, let start = then.disk {
                sample.disk = SystemSample.Disk(
                    readBytesPerSecond: Double(growth(end.sectorsRead, start.sectorsRead) * 512) / seconds,
                    writeBytesPerSecond: Double(growth(end.sectorsWritten, start.sectorsWritten) * 512) / seconds,
                    readsPerSecond: Double(growth(end.readsCompleted, start.readsCompleted)) / seconds,
                    writesPerSecond: Double(growth(end.writesCompleted, start.writesCompleted)) / seconds,
                    utilizationPercent: min(
                        100, Double(growth(end.ioMilliseconds, start.ioMilliseconds)) / (seconds * 1000) * 100))
            }
            if let end = now.postgres, let start = then.postgres {
                sample.postgresCPU = SystemSample.PostgresCPU(
                    userSeconds: Double(growth(end.userTicks, start.userTicks)) / ticksPerSecond,
                    systemSeconds: Double(growth(end.systemTicks, start.systemTicks)) / ticksPerSecond,
                    processes: end.processes)
            }
            series.samples.append(sample)
        }
        return series
    }

    private static func growth(_ end: Int, _ start: Int) -> Int {
        end >= start ? end - start : 0
    }

    /// Percent of the interval's CPU time spent in each state.
    static func split(_ end: CPUTimes, _ start: CPUTimes) -> SystemSample.CPUSplit {
        let total = Double(max(end.total - start.total, 0))
        guard total > 0 else { return SystemSample.CPUSplit(idle: 100) }
        func percent(_ keyPath: KeyPath<CPUTimes, Int>) -> Double {
            Double(max(end[keyPath: keyPath] - start[keyPath: keyPath], 0)) / total * 100
        }
        return SystemSample.CPUSplit(
            user: percent(\.user), nice: percent(\.nice), system: percent(\.system), iowait: percent(\.iowait),
            irq: percent(\.irq), softirq: percent(\.softirq), steal: percent(\.steal), idle: percent(\.idle))
    }
}
