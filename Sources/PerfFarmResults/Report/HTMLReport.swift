public import Foundation
public import PerfFarmCore

/// `perffarm report`: one self-contained HTML file (inline SVG, inline CSS, no script, no network): for each
/// history series, tps over commits with its change points and environment changes marked (a commit's subject
/// on hover, through SVG titles); for the newest result, each cell's per-second tps and latency of every measured
/// run from pgbench's progress lines, with each sampled run's CPU and disk on the same time axis; and, when given, a
/// comparison table with its verdicts in colour. It reads well without JavaScript and prints on paper. The markup
/// is XHTML-compatible, so any XML parser reads it.
public enum HTMLReport {
    /// The report of `history`, `latest` (its progress charts) and `comparison`.
    public static func render(
        title: String, history: ResultHistory, latest: BenchmarkResult?, comparison: ResultComparison?,
        generatedAt: Date = Date()
    ) -> String {
        var body = "<h1>\(escape(title))</h1>\n"
        body += "<p class=\"meta\">generated \(escape(generatedAt.formatted(.iso8601))) by perffarm</p>\n"
        if let comparison { body += comparisonTable(comparison) }
        if !history.series.isEmpty { body += "<h2>History</h2>\n" }
        for series in history.series { body += historyChart(series) }
        if let latest { body += progressCharts(latest) }
        if history.series.isEmpty && latest == nil && comparison == nil {
            body += "<p>No results.</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8" />
            <title>\(escape(title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            .meta { color: #666; }
            table { border-collapse: collapse; }
            th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; text-align: right; }
            th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
            tr.regression td { background: #fdd; }
            tr.improvement td { background: #dfd; }
            svg.chart { display: block; margin: 0.5em 0 2em 0; }
            svg.chart text { font-size: 11px; fill: #444; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    // MARK: - Parts

    static func comparisonTable(_ comparison: ResultComparison) -> String {
        var html =
            "<h2>Comparison</h2>\n<p>base: \(escape(comparison.base.reference)); new: "
            + "\(escape(comparison.new.reference))</p>\n<table class=\"comparison\">\n"
        html +=
            "<tr><th>scale</th><th>clients</th><th>workload</th><th>base tps</th><th>new tps</th>"
            + "<th>ratio</th><th>95% interval</th><th>p</th><th>verdict</th></tr>\n"
        for cell in comparison.cells {
            let tps = cell.tps
            html +=
                "<tr class=\"\(cell.verdict.rawValue)\"><td>\(cell.scale)</td><td>\(cell.clients)</td>"
                + "<td>\(escape(cell.workload))</td>"
                + "<td>\(tps.baseMedian.map { format($0, 1) } ?? "-")</td>"
                + "<td>\(tps.newMedian.map { format($0, 1) } ?? "-")</td>"
                + "<td>\(tps.ratio.map { format($0.estimate, 3) } ?? "-")</td>"
                + "<td>\(tps.ratio.map { format($0.lower, 3) + "–" + format($0.upper, 3) } ?? "-")</td>"
                + "<td>\(tps.pValue.map { format($0, 3) } ?? "-")</td>"
                + "<td>\(escape(cell.verdict.rawValue.replacing("_", with: " ")))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func historyChart(_ series: ResultHistory.Series) -> String {
        let title = [series.machine, series.branch, series.cell].compactMap { $0 }.joined(separator: " · ")
        let values = series.points.map(\.tps)
        var chart = Chart(values: [values], yLabel: "tps (median of the repetitions)", xCount: values.count)
        chart.markers = series.changes.compactMap { change in
            guard let index = series.points.firstIndex(where: { $0.commit == change.firstAfter }) else { return nil }
            let text =
                "change \(format(change.relativeChange * 100, 1))% (p \(format(change.pValue, 3))) between "
                + "\(change.lastBefore.prefix(12)) and \(change.firstAfter.prefix(12))"
            // Between the last commit before and the first after.
            return (Double(index) - 0.5, text, "#c00")
        }
        chart.markers += series.environmentChanges.map { index in
            (Double(index) - 0.5, "new environment from \(series.points[index].commit.prefix(12))", "#888")
        }
        chart.pointTitles = series.points.map { point in
            "\(point.commit.prefix(12)) \(point.subject ?? ""): \(format(point.tps, 1)) tps"
        }
        return "<h3>\(escape(title))</h3>\n" + chart.svg() + "\n"
    }

    /// Per cell of `result`: per-second tps and average latency of every measured run from pgbench's progress
    /// lines, one line a run, then each run's CPU and disk charts from its sampler series
    /// (``runCharts(_:timeAxis:)``), all on one time axis.
    static func progressCharts(_ result: BenchmarkResult) -> String {
        var html =
            "<h2>Per second, \(escape(result.source.map { "\($0.branch) \($0.commit.prefix(12))" } ?? "newest result"))</h2>\n"
        let measured = result.runs.filter { !$0.warmup && $0.status == .succeeded }
        let cells = Dictionary(grouping: measured) {
            ResultComparison.key(scale: $0.scale, clients: $0.clients, workload: $0.workload)
        }
        for key in cells.keys.sorted() {
            let runs = cells[key] ?? []
            let progress = runs.map { ($0, progressSeconds($0)) }
            let timeAxis = TimeAxis(
                runs: runs,
                lastSecond: progress.flatMap { $0.1.map(\.seconds) }
                    + runs.flatMap { $0.systemSeries?.samples.map(\.offsetSeconds) ?? [] })
            // One line a run of what its progress reports hold, at their seconds.
            func lines(_ value: (PgbenchProgressReport) -> Double?) -> [(PgbenchRun, [(Double, Double)])] {
                progress.map { run, reports in
                    (run, reports.compactMap { second in value(second.report).map { (second.seconds, $0) } })
                }.filter { !$0.1.isEmpty }
            }
            let tps = lines(\.tps)
            let latency = lines(\.latencyAverageMilliseconds)
            guard !tps.isEmpty || !latency.isEmpty || runs.contains(where: { $0.systemSeries != nil }) else {
                continue
            }
            html += "<h3>\(escape(key))</h3>\n"
            for (kind, label, lines) in [
                ("tps", "tps each second, one line a run", tps),
                ("latency", "average latency (ms) each second, one line a run", latency),
            ] where !lines.isEmpty {
                var chart = timeAxis.chart(
                    kind: kind, yLabel: label, lines: lines.map { run, points in (runLabel(run), points) })
                chart.colours = lines.map { run, _ in timeAxis.colour(of: run) }
                html += chart.svg() + "\n"
            }
            html += runCharts(runs, timeAxis: timeAxis)
        }
        return html
    }

    /// A progress report and the second it reports on, from the run's start: `elapsed_s`, else (with
    /// `--progress-timestamp`) its epoch minus pgbench's start, else its position (`-P 1`).
    static func progressSeconds(_ run: PgbenchRun) -> [(seconds: Double, report: PgbenchProgressReport)] {
        let start = run.command?.startedAt.timeIntervalSince1970
        return (run.summary?.progress ?? []).enumerated().map { index, report in
            let seconds =
                report.elapsedSeconds ?? report.timestampSeconds.flatMap { stamp in start.map { stamp - $0 } }
                ?? Double(index + 1)
            return (seconds, report)
        }
    }

    /// How a run is named in legends and headings: its repetition, else its position in the result.
    static func runLabel(_ run: PgbenchRun) -> String {
        run.repetition.map { "run \($0)" } ?? "run #\(run.index)"
    }

    // MARK: - SVG

    /// A line chart: one polyline per series, axes with the value range, a legend naming the series, optional
    /// vertical markers and per-point titles (for the first series). A series' points are at 0..<xCount, or at
    /// `xValues` within `xDomain` (seconds of a run: every chart of a run has the same width and margins, so
    /// one second is at the same place in all of them).
    struct Chart {
        var values: [[Double]]
        var yLabel: String
        var xCount: Int
        var markers: [(position: Double, text: String, colour: String)] = []
        var pointTitles: [String] = []
        /// What the chart shows (`data-chart`), for readers and tests.
        var kind: String?
        /// The series' names, drawn with their colours above the plot; empty: no legend.
        var legend: [String] = []
        var colours = Chart.palette
        /// The x of each value, per series; `nil`: the value's index.
        var xValues: [[Double]]?
        /// The x range drawn when `xValues` is given, with its ends and middle labelled.
        var xDomain: ClosedRange<Double> = 0...1
        var xLabel: String?
        /// A fixed y range (percentages); `nil`: the values' range with a margin.
        var yDomain: ClosedRange<Double>?

        static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

        func svg() -> String {
            let width = 760.0
            let height = 260.0
            let left = 70.0
            let right = 20.0
            let bottom = 30.0
            // The legend flows in rows of 14 px above the plot, the y label on the row under it.
            var legendItems: [(x: Double, row: Int, name: String, colour: String)] = []
            var legendX = left
            var legendRows = 0
            for (number, name) in legend.enumerated() {
                let itemWidth = 26 + 6.5 * Double(name.count)
                if legendRows == 0 || legendX + itemWidth > width - right {
                    legendRows += 1
                    legendX = left
                }
                legendItems.append((legendX, legendRows, name, colours[number % colours.count]))
                legendX += itemWidth
            }
            let top = 20.0 + 14 * Double(legendRows)
            let all = values.flatMap { $0 }.filter(\.isFinite)
            var low = all.min() ?? 0
            var high = all.max() ?? 1
            if high - low < abs(high) * 0.01 + 1e-9 {
                low -= abs(low) * 0.05 + 1
                high += abs(high) * 0.05 + 1
            }
            let span = high - low
            low = max(0, low - span * 0.1)
            high += span * 0.1
            if let yDomain {
                low = yDomain.lowerBound
                high = yDomain.upperBound
            }
            func x(_ position: Double) -> Double {
                if xValues != nil {
                    let extent = xDomain.upperBound - xDomain.lowerBound
                    return left + (extent > 0 ? (position - xDomain.lowerBound) / extent : 0.5) * (width - left - right)
                }
                return left + (xCount > 1 ? position / Double(xCount - 1) : 0.5) * (width - left - right)
            }
            func y(_ value: Double) -> Double {
                top + (1 - (value - low) / (high - low)) * (height - top - bottom)
            }
            var svg =
                "<svg class=\"chart\"" + (kind.map { " data-chart=\"\(escape($0))\"" } ?? "")
                + " xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
                + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
            svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fff\" />\n"
            svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#999\" />\n"
            svg +=
                "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" "
                + "stroke=\"#999\" />\n"
            for value in [low, (low + high) / 2, high] {
                svg +=
                    "<text x=\"\(left - 6)\" y=\"\(format(y(value) + 4, 1))\" text-anchor=\"end\">"
                    + "\(format(value, value >= 100 ? 0 : 2))</text>\n"
            }
            svg += "<text x=\"\(left)\" y=\"\(top - 6)\">\(escape(yLabel))</text>\n"
            if xValues != nil {
                let middle = (xDomain.lowerBound + xDomain.upperBound) / 2
                for (value, anchor) in [(xDomain.lowerBound, "start"), (middle, "middle"), (xDomain.upperBound, "end")]
                {
                    svg +=
                        "<text x=\"\(format(x(value), 1))\" y=\"\(height - bottom + 13)\" text-anchor=\"\(anchor)\">"
                        + "\(format(value, value.rounded() == value ? 0 : 1))</text>\n"
                }
            }
            if let xLabel {
                svg +=
                    "<text x=\"\(format((left + width - right) / 2, 1))\" y=\"\(height - 3)\" "
                    + "text-anchor=\"middle\">\(escape(xLabel))</text>\n"
            }
            if !legendItems.isEmpty {
                svg += "<g class=\"legend\">\n"
                for item in legendItems {
                    let baseline = 14 * Double(item.row)
                    svg +=
                        "<line x1=\"\(format(item.x, 1))\" y1=\"\(baseline - 4)\" x2=\"\(format(item.x + 16, 1))\" "
                        + "y2=\"\(baseline - 4)\" stroke=\"\(item.colour)\" stroke-width=\"3\" />"
                        + "<text x=\"\(format(item.x + 20, 1))\" y=\"\(baseline)\">\(escape(item.name))</text>\n"
                }
                svg += "</g>\n"
            }
            for marker in markers {
                svg +=
                    "<line class=\"marker\" x1=\"\(format(x(marker.position), 1))\" y1=\"\(top)\" "
                    + "x2=\"\(format(x(marker.position), 1))\" y2=\"\(height - bottom)\" stroke=\"\(marker.colour)\" "
                    + "stroke-dasharray=\"4 3\" stroke-width=\"2\"><title>\(escape(marker.text))</title></line>\n"
            }
            for (number, series) in values.enumerated() {
                let colour = colours[number % colours.count]
                let positions = xValues.map { number < $0.count ? $0[number] : [] } ?? series.indices.map(Double.init)
                let points = zip(positions, series).filter { $0.0.isFinite && $0.1.isFinite }
                    .map { "\(format(x($0.0), 1)),\(format(y($0.1), 1))" }.joined(separator: " ")
                svg +=
                    "<polyline class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" "
                    + "points=\"\(points)\" />\n"
                if number == 0 {
                    for (index, (position, value)) in zip(positions, series).enumerated()
                    where position.isFinite && value.isFinite && index < pointTitles.count {
                        svg +=
                            "<circle cx=\"\(format(x(position), 1))\" cy=\"\(format(y(value), 1))\" r=\"3\" "
                            + "fill=\"\(colour)\"><title>\(escape(pointTitles[index]))</title></circle>\n"
                    }
                }
            }
            return svg + "</svg>"
        }
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// `text` with &, <, >, " and ' escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
