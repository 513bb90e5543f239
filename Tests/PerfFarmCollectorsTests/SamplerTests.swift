import Foundation
import PerfFarmCollectors
import PerfFarmCore
import Testing

/// A collector that counts its calls.
struct CountingCollector: Collector {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    let counter = Counter()
    var name: String { "counting" }
    func collect() async throws -> Int { counter.next() }
}

@Suite("Sampler")
struct SamplerTests {
    func reading(
        tick: Int, elapsed: Double, user: Int, system: Int, idle: Int, ctxt: Int, sectorsRead: Int, ioMs: Int,
        postgresUser: Int
    ) -> TimedSample<SystemCounters> {
        var stat = ProcStat()
        var total = CPUTimes()
        total.user = user
        total.system = system
        total.idle = idle
        stat.total = total
        stat.perCPU = [total, total]
        stat.contextSwitches = ctxt
        stat.procsRunning = 2
        var memory = MemInfoCounters()
        memory.total = 1000
        memory.free = 100
        memory.cached = 300
        memory.buffers = 50
        memory.available = 600
        let disk = DiskCounters(
            device: "vda", readsCompleted: sectorsRead / 8, sectorsRead: sectorsRead, writesCompleted: 0,
            sectorsWritten: 0, ioMilliseconds: ioMs)
        return TimedSample(
            tick: tick, elapsedSeconds: elapsed,
            timestamp: TimestampFormat.date(from: "2025-03-01T12:00:0\(tick).000Z")!,
            value: SystemCounters(
                stat: stat, load: LoadAverage(one: 0.5, five: 0.25, fifteen: 0.125), memory: memory, disk: disk,
                postgres: ProcessTreeCPU(userTicks: postgresUser, systemTicks: 10, processes: 4)))
    }

    @Test func seriesFromReadings() throws {
        let readings = [
            reading(
                tick: 0, elapsed: 0, user: 100, system: 50, idle: 850, ctxt: 1000, sectorsRead: 0, ioMs: 0,
                postgresUser: 0),
            reading(
                tick: 1, elapsed: 1.0, user: 160, system: 70, idle: 970, ctxt: 3000, sectorsRead: 2048, ioMs: 250,
                postgresUser: 50),
            reading(
                tick: 2, elapsed: 2.0, user: 160, system: 70, idle: 1170, ctxt: 3500, sectorsRead: 2048, ioMs: 250,
                postgresUser: 50),
        ]
        let series = SystemSeriesBuilder.build(readings, interval: 1, device: "vda", postmasterPID: 42, clockTicks: 100)
        #expect(series.source == "perffarm")
        #expect(TimestampFormat.string(from: series.startedAt) == "2025-03-01T12:00:00.000Z")
        #expect(series.samples.count == 2)
        let first = series.samples[0]
        #expect(first.offsetSeconds == 1)
        #expect(first.cpu == SystemSample.CPUSplit(user: 30, system: 10, idle: 60))
        #expect(first.cpuPerCore.count == 2)
        #expect(first.contextSwitchesPerSecond == 2000)
        #expect(first.runQueue == 2)
        #expect(first.load1 == 0.5)
        #expect(first.memoryUsedBytes == 550)
        #expect(first.pageCacheBytes == 300)
        let disk = try #require(first.disk)
        #expect(disk.readBytesPerSecond == 2048 * 512)
        #expect(disk.readsPerSecond == 256)
        #expect(disk.utilizationPercent == 25)
        #expect(first.postgresCPU == SystemSample.PostgresCPU(userSeconds: 0.5, systemSeconds: 0, processes: 4))
        let second = series.samples[1]
        #expect(second.offsetSeconds == 2)
        #expect(second.cpu?.idle == 100)
        #expect(second.disk?.utilizationPercent == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func fixedCountGivesTheBaselineAndCountReads() async throws {
        let sampler = try PeriodicSampler(interval: .milliseconds(20))
        let samples = try await sampler.sample(CountingCollector(), count: 4)
        #expect(samples.map(\.tick) == [0, 1, 2, 3, 4])
        #expect(samples.map(\.value) == [1, 2, 3, 4, 5])
    }

    @Test(.timeLimit(.minutes(1)))
    func samplingStopsWhenTheWorkEnds() async throws {
        let sampler = try PeriodicSampler(interval: .seconds(30))
        let collector = CountingCollector()
        let (result, samples) = try await sampler.sample(collector) { "done" }
        #expect(result == "done")
        #expect(samples.map(\.tick) == [0])
        // No tick ran after the work ended.
        try await Task.sleep(for: .milliseconds(50))
        #expect(collector.counter.next() == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func workErrorsPropagateAndStopSampling() async throws {
        struct Boom: Error {}
        let sampler = try PeriodicSampler(interval: .milliseconds(10))
        await #expect(throws: Boom.self) {
            _ = try await sampler.sample(CountingCollector()) { () async throws -> Int in
                try await Task.sleep(for: .milliseconds(50))
                throw Boom()
            }
        }
        #expect(throws: PerfFarmError.self) { try PeriodicSampler(interval: .zero) }
    }

    @Test(.timeLimit(.minutes(1)))
    func liveSeriesHasTheExpectedNumberOfSamples() async throws {
        let device = StorageReader().describe(path: FileManager.default.temporaryDirectory.path).device
        let sampler = SystemSampler(
            reader: SystemCountersReader(device: device, postmasterPID: Int(getpid())), interval: .milliseconds(200))
        let series = try await sampler.sample(count: 3)
        #expect(series.samples.count == 3)
        #expect(series.samples.map(\.offsetSeconds) == [0.2, 0.4, 0.6000000000000001])
        for sample in series.samples {
            let cpu = try #require(sample.cpu)
            let sum = cpu.user + cpu.nice + cpu.system + cpu.iowait + cpu.irq + cpu.softirq + cpu.steal + cpu.idle
            #expect(sum > 99.9 && sum < 100.1)
            #expect(sample.cpuPerCore.count == ProcessInfo.processInfo.activeProcessorCount)
            #expect((sample.memoryUsedBytes ?? 0) > 0)
            #expect(sample.load1 != nil)
            #expect(sample.postgresCPU?.processes ?? 0 >= 1)
            if device != nil { #expect(sample.disk != nil) }
        }
    }

    @Test func readerOfCapturedFiles() throws {
        let counters = try SystemCountersReader(root: CollectorFixtures.machine("linux-2core"), device: "vda").collect()
        #expect(counters.stat.perCPU.count == 2)
        #expect(counters.disk?.readsCompleted == 62522)
        #expect(counters.load?.one == 1.25)
        #expect(counters.postgres == nil)
        #expect(throws: PerfFarmError.self) { try SystemCountersReader(root: "/nonexistent").collect() }
    }
}
