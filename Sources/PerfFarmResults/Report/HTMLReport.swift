public import Foundation
public import PerfFarmCore

/// `perffarm report`: one self-contained HTML file (inline SVG, inline CSS, no script, no network): for each
/// history series, tps over commits with its change points and environment changes marked (a commit's subject
/// on hover, through SVG titles); for the newest result, each cell's per-second tps of every measured run from
/// pgbench's progress lines; and, when given, a comparison table with its verdicts in colour. It reads well
/// without JavaScript and prints on paper. The markup is XHTML-compatible, so any XML parser reads it.
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

    static func progressCharts(_ result: BenchmarkResult) -> String {
        var html =
            "<h2>Per second, \(escape(result.source.map { "\($0.branch) \($0.commit.prefix(12))" } ?? "newest result"))</h2>\n"
        let measured = result.runs.filter { !$0.warmup && $0.status == .succeeded }
        let cells = Dictionary(grouping: measured) {
            ResultComparison.key(scale: $0.scale, clients: $0.clients, workload: $0.workload)
        }
        for key in cells.keys.sorted() {
            let series = (cells[key] ?? []).map { run in run.summary?.progress.compactMap(\.tps) ?? [] }
                .filter { !$0.isEmpty }
            guard !series.isEmpty else { continue }
            let chart = Chart(
                values: series, yLabel: "tps each second, one line a run", xCount: series.map(\.count).max() ?? 0)
            html += "<h3>\(escape(key))</h3>\n" + chart.svg() + "\n"
        }
        return html
    }

    // MARK: - SVG

    /// A line chart: one polyline per series over 0..<xCount, axes with the value range, optional vertical
    /// markers and per-point titles (for the first series).
    struct Chart {
        var values: [[Double]]
        var yLabel: String
        var xCount: Int
        var markers: [(position: Double, text: String, colour: String)] = []
        var pointTitles: [String] = []

        static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

        func svg() -> String {
            let width = 760.0
            let height = 260.0
            let left = 70.0
            let right = 20.0
            let top = 20.0
            let bottom = 30.0
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
            func x(_ position: Double) -> Double {
                left + (xCount > 1 ? position / Double(xCount - 1) : 0.5) * (width - left - right)
            }
            func x(_ index: Int) -> Double { x(Double(index)) }
            func y(_ value: Double) -> Double {
                top + (1 - (value - low) / (high - low)) * (height - top - bottom)
            }
            var svg =
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
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
            for marker in markers {
                svg +=
                    "<line class=\"marker\" x1=\"\(format(x(marker.position), 1))\" y1=\"\(top)\" "
                    + "x2=\"\(format(x(marker.position), 1))\" y2=\"\(height - bottom)\" stroke=\"\(marker.colour)\" "
                    + "stroke-dasharray=\"4 3\" stroke-width=\"2\"><title>\(escape(marker.text))</title></line>\n"
            }
            for (number, series) in values.enumerated() {
                let colour = Self.colours[number % Self.colours.count]
                let points = series.enumerated().filter { $0.element.isFinite }
                    .map { "\(format(x($0.offset), 1)),\(format(y($0.element), 1))" }.joined(separator: " ")
                svg +=
                    "<polyline class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" "
                    + "points=\"\(points)\" />\n"
                if number == 0 {
                    for (index, value) in series.enumerated() where value.isFinite && index < pointTitles.count {
                        svg +=
                            "<circle cx=\"\(format(x(index), 1))\" cy=\"\(format(y(value), 1))\" r=\"3\" "
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
