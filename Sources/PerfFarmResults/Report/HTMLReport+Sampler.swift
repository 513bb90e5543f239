import PerfFarmCore

/// The machine during each run: CPU and disk from the run's sampler series (``PgbenchRun/systemSeries``), on the
/// time axis of the cell's per-second tps and latency.
extension HTMLReport {
    /// Seconds since pgbench started, shared by every chart of a cell, and one colour a run.
    struct TimeAxis {
        /// The runs of the cell, in result order: a run's colour is its position here in every chart.
        var runIndices: [Int]
        /// The last second drawn (at least 1).
        var lastSecond: Double

        /// The axis of `runs`, up to the largest of `lastSecond` (progress reports' and samples' seconds).
        init(runs: [PgbenchRun], lastSecond: [Double]) {
            runIndices = runs.map(\.index)
            self.lastSecond = max(1, lastSecond.filter(\.isFinite).max() ?? 1)
        }

        /// The colour of `run`'s line in the cell's tps and latency charts.
        func colour(of run: PgbenchRun) -> String {
            Chart.palette[(runIndices.firstIndex(of: run.index) ?? 0) % Chart.palette.count]
        }

        /// A chart of `lines` (a name and its (second, value) points) on this axis.
        func chart(kind: String, yLabel: String, lines: [(name: String, points: [(Double, Double)])]) -> Chart {
            var chart = Chart(values: lines.map { $0.points.map(\.1) }, yLabel: yLabel, xCount: 0)
            chart.kind = kind
            chart.legend = lines.map(\.name)
            chart.xValues = lines.map { $0.points.map(\.0) }
            chart.xDomain = 0...lastSecond
            chart.xLabel = "seconds since pgbench started"
            return chart
        }
    }

    /// The colours of user, system and iowait CPU time, and of disk reads and writes: none of them is a run's
    /// colour in the tps charts.
    static let cpuColours = ["#1f77b4", "#d62728", "#bcbd22"]
    static let diskColours = ["#31a354", "#756bb1"]

    /// Each run's CPU chart (user, system, iowait in percent) and disk chart (read and write MB/s); a note for a
    /// run without a series or without figures, one note for a cell none of whose runs was sampled.
    static func runCharts(_ runs: [PgbenchRun], timeAxis: TimeAxis) -> String {
        guard runs.contains(where: { $0.systemSeries != nil }) else {
            return "<p class=\"note\">No run of this cell was sampled: no CPU or disk chart.</p>\n"
        }
        var html = ""
        for run in runs {
            html += "<div class=\"run\" data-run=\"\(run.index)\">\n"
            guard let series = run.systemSeries else {
                let why = run.observerNotes.isEmpty ? "" : " (\(run.observerNotes.joined(separator: "; ")))"
                html +=
                    "<h4>\(escape(runLabel(run)))</h4>\n"
                    + "<p class=\"note\">No sampler series for this run\(escape(why)): no CPU or disk chart.</p>\n"
                    + "</div>\n"
                continue
            }
            html +=
                "<h4>\(escape(runLabel(run))): sampled every \(escape(format(series.intervalSeconds, 1))) s by "
                + "\(escape(series.source))\(escape(series.device.map { ", device \($0)" } ?? ""))</h4>\n"
            if series.samples.isEmpty {
                html += "<p class=\"note\">The sampler recorded no sample: no CPU or disk chart.</p>\n</div>\n"
                continue
            }
            html += cpuChart(series, timeAxis: timeAxis)
            html += diskChart(series, timeAxis: timeAxis)
            html += "</div>\n"
        }
        return html
    }

    /// User, system and iowait CPU time over all CPUs, 0–100%; a note when no sample has a CPU split.
    static func cpuChart(_ series: SystemSeries, timeAxis: TimeAxis) -> String {
        let samples = series.samples.compactMap { sample in sample.cpu.map { (sample.offsetSeconds, $0) } }
        guard !samples.isEmpty else { return "<p class=\"note\">No CPU figures in the sampler series.</p>\n" }
        var chart = timeAxis.chart(
            kind: "cpu", yLabel: "CPU % of all CPUs",
            lines: [
                ("user", samples.map { ($0.0, $0.1.user) }),
                ("system", samples.map { ($0.0, $0.1.system) }),
                ("iowait", samples.map { ($0.0, $0.1.iowait) }),
            ])
        chart.colours = cpuColours
        chart.yDomain = 0...100
        return chart.svg() + "\n"
    }

    /// Bytes read and written per second of the sampled device, in MB/s (10⁶ bytes); a note when there is none.
    static func diskChart(_ series: SystemSeries, timeAxis: TimeAxis) -> String {
        let samples = series.samples.compactMap { sample in sample.disk.map { (sample.offsetSeconds, $0) } }
        guard !samples.isEmpty else {
            let why = series.device.map { "none for device \($0)" } ?? "no block device was sampled"
            return "<p class=\"note\">No disk figures in the sampler series (\(escape(why))).</p>\n"
        }
        var chart = timeAxis.chart(
            kind: "disk", yLabel: "disk MB/s" + (series.device.map { " (\($0))" } ?? ""),
            lines: [
                ("read", samples.map { ($0.0, $0.1.readBytesPerSecond / 1e6) }),
                ("write", samples.map { ($0.0, $0.1.writeBytesPerSecond / 1e6) }),
            ])
        chart.colours = diskColours
        return chart.svg() + "\n"
    }
}
