import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmProcess
import Testing

@Suite("collectd")
struct CollectdTests {
    @Test func privateConfiguration() {
        let configuration = CollectdConfiguration(directory: "/srv/run 1/collectd", intervalSeconds: 1, device: "vda")
        let text = configuration.render()
        #expect(text.contains("Interval 1.0\n"))
        #expect(text.contains("BaseDir \"/srv/run 1/collectd\"\n"))
        #expect(text.contains("PIDFile \"/srv/run 1/collectd/collectd.pid\"\n"))
        #expect(text.contains("LoadPlugin contextswitch\n"))
        #expect(text.contains("LoadPlugin csv\n"))
        #expect(text.contains("  Disk \"vda\"\n"))
        #expect(text.contains("  DataDir \"/srv/run 1/collectd/csv\"\n"))
        #expect(text.contains("  ValuesPercentage true\n"))
    }

    @Test func csvTable() {
        let table = CollectdCSVParser.parseTable(
            "epoch,read,write\n1795929681.466,nan,nan\n1795929682.466,1024.5,2048\n")
        #expect(table.columns == ["read", "write"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0].values == [nil, nil])
        #expect(table.rows[1].values == [1024.5, 2048])
    }

    @Test func capturedRunIntoTheSeriesModel() throws {
        let host = CollectorFixtures.machine("collectd-csv") + "/perffarm"
        var files: [(path: String, text: String)] = []
        let enumerator = FileManager.default.enumerator(atPath: host)
        while let relative = enumerator?.nextObject() as? String {
            if let text = try? String(contentsOfFile: host + "/" + relative, encoding: .utf8) {
                files.append((relative, text))
            }
        }
        let series = CollectdCSVParser.series(
            files: files, interval: 1, device: "vda", startedAt: Date(timeIntervalSince1970: 0))
        #expect(series.source == "collectd")
        #expect(series.samples.map(\.offsetSeconds) == [1, 2, 3])
        let first = series.samples[0]
        #expect(first.cpuPerCore.count == 2)
        #expect(first.cpuPerCore[0].user == 79)
        #expect(first.load1 == 5.03418)
        #expect(first.memoryUsedBytes == 206_532_608)
        #expect(first.contextSwitchesPerSecond == 964.528539)
        #expect(first.disk == nil)  // collectd's first disk rate is nan
        let second = series.samples[1]
        #expect(second.disk?.readBytesPerSecond == 1023992.775968)
        #expect(second.disk?.readsPerSecond == 144.99269)
        #expect(second.disk?.utilizationPercent == 0.7998913)
        #expect(second.cpuPerCore[0].user == 85.858586)
        let cpu = try #require(second.cpu)
        #expect(abs(cpu.user - (second.cpuPerCore[0].user + second.cpuPerCore[1].user) / 2) < 1e-9)
        #expect(second.postgresCPU == nil)
    }

    @Test(.timeLimit(.minutes(1)), .enabled(if: CollectdSampler.locate() != nil))
    func liveCollectdAroundWork() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perffarm-collectd-test-\(UUID())"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sampler = CollectdSampler(
            executable: try #require(CollectdSampler.locate()),
            configuration: CollectdConfiguration(directory: directory, intervalSeconds: 1),
            runner: LiveCommandRunner(logger: Logger(label: "test")))
        let (result, series) = try await sampler.sample { () async throws -> Int in
            try await Task.sleep(for: .milliseconds(3300))
            return 7
        }
        #expect(result == 7)
        #expect(series.samples.count >= 2)
        #expect(series.samples.allSatisfy { $0.memoryUsedBytes != nil })
        #expect(series.samples.contains { !$0.cpuPerCore.isEmpty })
        // collectd was stopped with the work: nothing runs from this directory any more.
        let pidText = try? String(contentsOfFile: directory + "/collectd.pid", encoding: .utf8)
        if let pid = pidText.flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            #expect(kill(pid, 0) != 0)
        }
    }
}
