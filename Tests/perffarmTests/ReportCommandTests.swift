import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `perffarm report`: the HTML parses, holds one chart per series, and a real browser (headless Chromium) draws
/// the charts.
@Suite("perffarm report: the real binary and a real browser", .serialized, .timeLimit(.minutes(10)))
struct ReportCommandTests {
    /// Counts elements by name (and SVG charts by class) while checking that the document is well-formed.
    final class ElementCounter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var charts = 0
        var titles: [String] = []
        private var inTitle = false
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            counts[name, default: 0] += 1
            if name == "svg", attributes["class"] == "chart" { charts += 1 }
            if name == "title" {
                inTitle = true
                titles.append("")
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { titles[titles.count - 1] += string }
        }
        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
        ) {
            if name == "title" { inTitle = false }
        }
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Gives every measured run of the results in `directory` a sampler series of 10 one-second samples, as
    /// `perffarm run` records (`perffarm bench` does not sample): CPU system time rising from 10 to 28%, disk
    /// reads from 2 to 20 MB/s.
    static func addSamplerSeries(_ directory: String) throws {
        let series = SystemSeries(
            source: "perffarm", intervalSeconds: 1, startedAt: Date(), device: "sda",
            samples: (1...10).map { second in
                var sample = SystemSample(offsetSeconds: Double(second), elapsedSeconds: Double(second))
                sample.cpu = SystemSample.CPUSplit(
                    user: 50, system: 8 + 2 * Double(second), iowait: 5, idle: 37 - 2 * Double(second))
                sample.disk = SystemSample.Disk(
                    readBytesPerSecond: 2e6 * Double(second), writeBytesPerSecond: 1e6, readsPerSecond: 100,
                    writesPerSecond: 50, utilizationPercent: 10)
                return sample
            })
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".json") {
            let url = URL(fileURLWithPath: directory + "/" + name)
            var result = try PerfFarmJSON.decode(BenchmarkResult.self, from: Data(contentsOf: url))
            for index in result.runs.indices where !result.runs[index].warmup {
                result.runs[index].systemSeries = series
            }
            try PerfFarmJSON.encode(result).write(to: url)
        }
    }

    @Test("history with its change point, per-second tps and latency, CPU and disk, a comparison: XML, Chromium")
    func report() async throws {
        try await BenchmarkTestArea.run { area in
            let directory = try await HistoryCommandTests.writeSeries(area)
            // A result with 95% less tps than the bench: a regression whatever the noise of the machine (CI saw
            // a coefficient of variation of 60% in 5 runs of 1 s, which hides a 70% drop).
            let bench = try BenchCommandBinaryTests.result(area, "bench")
            try PerfFarmJSON.encode(bench.scalingTPS(by: 0.05)).write(
                to: URL(fileURLWithPath: area.file("slow.json")))
            let measured = bench.runs.filter { !$0.warmup && $0.status == .succeeded }
            let runsWithProgress = measured.filter { !($0.summary?.progress.isEmpty ?? true) }.count
            let runsWithLatency = measured.filter {
                $0.summary?.progress.contains { $0.latencyAverageMilliseconds != nil } ?? false
            }.count
            try Self.addSamplerSeries(directory)
            let out = area.file("report.html")
            let outcome = try await CleanCommandTests.run(
                ["report", directory, "--out", out, "--base", area.file("bench"), "--new", area.file("slow.json")])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == "report: \(out) (1 series, 24 results, 1 cells compared)\n")

            // Well-formed, self-contained: no script, nothing fetched.
            let html = try String(contentsOfFile: out, encoding: .utf8)
            #expect(!html.contains("<script"))
            #expect(!html.contains("src=") && !html.contains("href="))
            let counter = ElementCounter()
            let parser = XMLParser(data: Data(html.utf8))
            parser.delegate = counter
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            // One history series; the newest result's one cell of per-second tps and latency; a CPU and a disk
            // chart a measured run.
            #expect(counter.charts == 3 + 2 * measured.count)
            #expect(runsWithProgress >= 1)
            #expect(
                counter.counts["polyline"] == 1 + runsWithProgress + runsWithLatency + 5 * measured.count,
                "one history line, one a run with progress, one a run with latency, 3 CPU and 2 disk lines a run")
            #expect(counter.counts["circle"] == 24)
            #expect(counter.titles.contains { $0.hasPrefix("change -1") && $0.contains("between c11 and c12") })
            #expect(counter.titles.contains { $0.hasPrefix("c12 commit 12: ") })
            #expect(html.contains("<tr class=\"regression\">"))

            // A real browser draws it: the series' blue, the change point's red, the first run's CPU system red
            // and disk read green are on the screenshot.
            let chromium = try #require(Self.chromium, "scripts/test installs the chromium package")
            let png = area.file("report.png")
            let browser = Process()
            browser.executableURL = URL(fileURLWithPath: chromium)
            browser.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,2200",
                "--screenshot=\(png)", "file://\(out)",
            ]
            browser.standardOutput = FileHandle.nullDevice
            browser.standardError = FileHandle.nullDevice
            try browser.run()
            browser.waitUntilExit()
            #expect(FileManager.default.fileExists(atPath: png))
            let counted = try await CleanCommandTests.runProgram(
                PostgresSourceFixture.packageRoot + "/scripts/png-colours",
                [png, "1f77b4", "cc0000", "ffdddd", "d62728", "31a354"])
            #expect(counted.status == 0, "\(counted.stderr)")
            let counts = Dictionary(
                uniqueKeysWithValues: counted.stdout.split(separator: "\n").compactMap { line -> (String, Int)? in
                    let parts = line.split(separator: " ")
                    return parts.count == 2 ? (String(parts[0]), Int(parts[1]) ?? 0) : nil
                })
            #expect((counts["1f77b4"] ?? 0) > 500, "\(counted.stdout)")
            #expect((counts["cc0000"] ?? 0) > 50, "\(counted.stdout)")
            #expect((counts["ffdddd"] ?? 0) > 500, "the regression row: \(counted.stdout)")
            #expect((counts["d62728"] ?? 0) > 300, "CPU system time: \(counted.stdout)")
            #expect((counts["31a354"] ?? 0) > 300, "disk reads: \(counted.stdout)")
        }
    }
}
