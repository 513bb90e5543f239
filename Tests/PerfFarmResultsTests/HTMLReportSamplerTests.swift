import Foundation
import PerfFarmCore
import PerfFarmResults
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The report's per-run charts of the machine: CPU and disk from a run's sampler series next to the cell's
/// per-second tps and latency, on one time axis; a note where there is nothing to draw.
@Suite("HTMLReport: CPU and disk of each run from its sampler series")
struct HTMLReportSamplerTests {
    /// What an XML parser finds in the report: every chart (its kind, the run it belongs to, its lines and
    /// legend) and every note.
    final class ReportReader: NSObject, XMLParserDelegate {
        struct Chart {
            var kind: String?
            var run: Int?
            /// Each polyline's points as (x, y).
            var lines: [[(x: Double, y: Double)]] = []
            var colours: [String] = []
            var legend: [String] = []
        }
        var charts: [Chart] = []
        var notes: [(run: Int?, text: String)] = []
        var headings: [String] = []
        private var run: Int?
        private var text: String?
        private var inLegend = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "div" where attributes["class"] == "run": run = attributes["data-run"].flatMap { Int($0) }
            case "svg": charts.append(Chart(kind: attributes["data-chart"], run: run))
            case "polyline":
                let points = (attributes["points"] ?? "").split(separator: " ").map { pair in
                    let xy = pair.split(separator: ",").map { Double($0) ?? .nan }
                    return (x: xy.first ?? .nan, y: xy.last ?? .nan)
                }
                charts[charts.count - 1].lines.append(points)
                charts[charts.count - 1].colours.append(attributes["stroke"] ?? "")
            case "g" where attributes["class"] == "legend": inLegend = true
            case "text" where inLegend, "h4", "h3": text = ""
            case "p" where attributes["class"] == "note": text = ""
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }
        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
        ) {
            switch name {
            case "div": run = nil
            case "g": inLegend = false
            case "text" where inLegend:
                charts[charts.count - 1].legend.append(text ?? "")
                text = nil
            case "h3", "h4":
                headings.append(text ?? "")
                text = nil
            case "p" where text != nil:
                notes.append((run, text ?? ""))
                text = nil
            default: break
            }
        }

        func charts(_ kind: String, run: Int? = nil) -> [Chart] {
            charts.filter { $0.kind == kind && (run == nil || $0.run == run) }
        }
    }

    /// Reads `html` with an XML parser, failing the test when it is not well-formed.
    static func read(_ html: String) throws -> ReportReader {
        let reader = ReportReader()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = reader
        let parsed = parser.parse()
        #expect(parsed, "\(parser.parserError.map { "\($0)" } ?? "")")
        try #require(parsed)
        return reader
    }

    static func render(_ result: BenchmarkResult) -> String {
        HTMLReport.render(title: "sampler", history: ResultHistory.build([]), latest: result, comparison: nil)
    }

    /// `count` one-second samples: user 40+k %, system 10 %, iowait k %, read k MB/s, write 2 MB/s at second k.
    static func series(samples count: Int, device: String? = "sda") -> SystemSeries {
        SystemSeries(
            source: "perffarm", intervalSeconds: 1, startedAt: Date(timeIntervalSince1970: 0), device: device,
            samples: (0..<count).map { number in
                let k = Double(number + 1)
                var sample = SystemSample(offsetSeconds: k, elapsedSeconds: k + 0.001)
                sample.cpu = SystemSample.CPUSplit(user: 40 + k, system: 10, iowait: k, idle: 50 - 2 * k)
                sample.disk = SystemSample.Disk(
                    readBytesPerSecond: k * 1e6, writeBytesPerSecond: 2e6, readsPerSecond: 10, writesPerSecond: 20,
                    utilizationPercent: 5)
                return sample
            })
    }

    /// The fixture (5 measured runs of 2 progress reports, none sampled) with a sampled warm-up run in front.
    static func fixtureWithWarmup() throws -> BenchmarkResult {
        var result = try ResultComparisonTests.fixture()
        var warmup = result.runs[0]
        warmup.index = 99
        warmup.warmup = true
        warmup.repetition = nil
        warmup.systemSeries = series(samples: 4)
        result.runs.insert(warmup, at: 0)
        return result
    }

    @Test(
        "a sampled measured run: a CPU chart (user, system, iowait) and a disk chart (read, write), one point a sample")
    func sampledRuns() throws {
        var result = try Self.fixtureWithWarmup()
        let measured = result.runs.indices.filter { !result.runs[$0].warmup }
        #expect(measured.count == 5)
        for (number, position) in measured.prefix(3).enumerated() {
            result.runs[position].systemSeries = Self.series(samples: 8 + number)
        }
        let reader = try Self.read(Self.render(result))

        for (number, position) in measured.prefix(3).enumerated() {
            let run = result.runs[position].index
            let cpu = reader.charts("cpu", run: run)
            let disk = reader.charts("disk", run: run)
            #expect(cpu.count == 1 && disk.count == 1, "run \(run)")
            #expect(cpu.first?.lines.map(\.count) == [8 + number, 8 + number, 8 + number])
            #expect(disk.first?.lines.map(\.count) == [8 + number, 8 + number])
            #expect(cpu.first?.legend == ["user", "system", "iowait"])
            #expect(disk.first?.legend == ["read", "write"])
            #expect(cpu.first?.colours == ["#1f77b4", "#d62728", "#bcbd22"])
            #expect(disk.first?.colours == ["#31a354", "#756bb1"])
        }
        #expect(reader.charts("cpu").count == 3)
        #expect(reader.charts("disk").count == 3)
        #expect(reader.headings.contains("run 1: sampled every 1.0 s by perffarm, device sda"))
        // The warm-up run's series is not drawn, and it is no line of the tps chart.
        #expect(reader.charts.allSatisfy { $0.run != 99 })
        #expect(!reader.headings.contains { $0.hasPrefix("run #99") })
        // Unsampled runs of a cell with sampled ones: a note each.
        for position in measured.suffix(2) {
            let run = result.runs[position].index
            #expect(reader.charts.allSatisfy { $0.run != run })
            #expect(reader.notes.contains { $0.run == run && $0.text.hasPrefix("No sampler series for this run") })
        }
        // tps and latency: one chart each for the cell, one line and legend entry a measured run.
        let tps = try #require(reader.charts("tps").first)
        #expect(tps.lines.map(\.count) == [2, 2, 2, 2, 2])
        #expect(tps.legend == ["run 1", "run 2", "run 3", "run 4", "run 5"])
        let latency = try #require(reader.charts("latency").first)
        #expect(latency.lines.map(\.count) == [2, 2, 2, 2, 2])
        #expect(latency.colours == tps.colours)
        #expect(reader.charts.count == 2 + 3 * 2)
    }

    @Test("one time axis: second 2 of the progress reports is at the x of sample 2 in the CPU and disk charts")
    func sharedTimeAxis() throws {
        var result = try Self.fixtureWithWarmup()
        let position = try #require(result.runs.firstIndex { !$0.warmup })
        result.runs[position].systemSeries = Self.series(samples: 6)
        let reader = try Self.read(Self.render(result))
        let tps = try #require(reader.charts("tps").first?.lines.first)
        let cpu = try #require(reader.charts("cpu").first?.lines.first)
        let disk = try #require(reader.charts("disk").first?.lines.first)
        // Progress at 1 and 2 s, samples at 1 … 6 s: the axis runs to 6 s in every chart of the cell.
        #expect(tps.map(\.x) == [cpu[0].x, cpu[1].x])
        #expect(disk.map(\.x) == cpu.map(\.x))
        // The plot spans x 70 to 740 for 0 to 6 s, as in every chart of the report.
        for (index, point) in cpu.enumerated() {
            #expect(abs(point.x - (70 + Double(index + 1) / 6 * 670)) < 0.06, "sample \(index + 1)")
        }
        // CPU in percent on a fixed 0–100 axis: user 41% at 1 s is below user 46% at 6 s, iowait 1% near the bottom.
        #expect(cpu[0].y > cpu[5].y)
        let iowait = try #require(reader.charts("cpu").first?.lines.last)
        #expect(iowait[0].y > cpu[0].y)
    }

    @Test("--progress-timestamp: reports without elapsed seconds are placed by their epoch minus pgbench's start")
    func progressTimestamps() throws {
        var result = try Self.fixtureWithWarmup()
        let position = try #require(result.runs.firstIndex { !$0.warmup })
        var run = result.runs[position]
        let start = try #require(run.command?.startedAt.timeIntervalSince1970)
        var summary = try #require(run.summary)
        for index in summary.progress.indices {
            summary.progress[index].timestampSeconds = start + Double(index + 1)
            summary.progress[index].elapsedSeconds = nil
        }
        run.summary = summary
        run.systemSeries = Self.series(samples: 4)
        result.runs[position] = run
        let reader = try Self.read(Self.render(result))
        let tps = try #require(reader.charts("tps").first?.lines.first)
        let cpu = try #require(reader.charts("cpu").first?.lines.first)
        #expect(tps.map(\.x) == [cpu[0].x, cpu[1].x])
    }

    @Test("no run of the result sampled (perffarm bench): one note for the cell, no CPU or disk chart")
    func nothingSampled() throws {
        let reader = try Self.read(Self.render(try ResultComparisonTests.fixture()))
        #expect(reader.charts("cpu").isEmpty && reader.charts("disk").isEmpty)
        #expect(reader.charts.map(\.kind) == ["tps", "latency"])
        #expect(reader.notes.map(\.text) == ["No run of this cell was sampled: no CPU or disk chart."])
    }

    @Test("a series without samples, without CPU, without disk (no device; a device with no figures): notes")
    func missingFigures() throws {
        var result = try ResultComparisonTests.fixture()
        var noCPU = Self.series(samples: 5)
        for index in noCPU.samples.indices { noCPU.samples[index].cpu = nil }
        var noDevice = Self.series(samples: 5, device: nil)
        for index in noDevice.samples.indices { noDevice.samples[index].disk = nil }
        var silentDevice = Self.series(samples: 5, device: "<sdb&>")
        for index in silentDevice.samples.indices { silentDevice.samples[index].disk = nil }
        let series = [Self.series(samples: 0), noCPU, noDevice, silentDevice]
        for (position, value) in series.enumerated() { result.runs[position].systemSeries = value }
        result.runs[4].observerNotes = ["the machine could not be sampled: <EACCES & co>"]
        let html = Self.render(result)
        let reader = try Self.read(html)
        let runs = result.runs.map(\.index)
        func notes(_ run: Int) -> [String] { reader.notes.filter { $0.run == run }.map(\.text) }

        #expect(notes(runs[0]) == ["The sampler recorded no sample: no CPU or disk chart."])
        #expect(reader.charts.allSatisfy { $0.run != runs[0] })
        #expect(notes(runs[1]) == ["No CPU figures in the sampler series."])
        #expect(reader.charts("cpu", run: runs[1]).isEmpty)
        #expect(reader.charts("disk", run: runs[1]).first?.lines.map(\.count) == [5, 5])
        #expect(notes(runs[2]) == ["No disk figures in the sampler series (no block device was sampled)."])
        #expect(reader.charts("cpu", run: runs[2]).first?.lines.map(\.count) == [5, 5, 5])
        #expect(notes(runs[3]) == ["No disk figures in the sampler series (none for device <sdb&>)."])
        #expect(html.contains("device &lt;sdb&amp;&gt;"))
        #expect(
            notes(runs[4]) == [
                "No sampler series for this run (the machine could not be sampled: <EACCES & co>): no CPU or disk "
                    + "chart."
            ])
        #expect(!html.contains("<EACCES") && !html.contains("<sdb"))
    }

    @Test("samples missing a CPU split or holding a non-finite figure: those points are left out, the rest drawn")
    func gapsAndNonFinite() throws {
        var result = try ResultComparisonTests.fixture()
        var series = Self.series(samples: 10)
        series.samples[3].cpu = nil
        series.samples[6].disk?.writeBytesPerSecond = .nan
        series.samples[7].cpu?.iowait = .infinity
        result.runs[0].systemSeries = series
        let reader = try Self.read(Self.render(result))
        let cpu = try #require(reader.charts("cpu", run: result.runs[0].index).first)
        #expect(cpu.lines.map(\.count) == [9, 9, 8])
        let disk = try #require(reader.charts("disk", run: result.runs[0].index).first)
        #expect(disk.lines.map(\.count) == [10, 9])
        #expect(cpu.lines.joined().allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test("progress reports without latency: no latency chart; some without: those seconds are left out")
    func latency() throws {
        var result = try ResultComparisonTests.fixture()
        result.runs[0].summary?.progress[1].latencyAverageMilliseconds = nil
        var reader = try Self.read(Self.render(result))
        #expect(reader.charts("latency").first?.lines.map(\.count) == [1, 2, 2, 2, 2])
        for index in result.runs.indices {
            for report in result.runs[index].summary?.progress.indices ?? 0..<0 {
                result.runs[index].summary?.progress[report].latencyAverageMilliseconds = nil
            }
        }
        reader = try Self.read(Self.render(result))
        #expect(reader.charts("latency").isEmpty)
        #expect(reader.charts("tps").count == 1)
    }
}
