public import Foundation
import PerfFarmCompression
public import PerfFarmCore
import PerfFarmProcess

extension PgPerfFarmPayload {
    /// The payload of `result`, reading the raw outputs it refers to.
    ///
    /// Files are read relative to the document's `output_directory` (relative to the document's own directory when
    /// that path is relative or gone); a file that is missing or unreadable gives an empty text. Only measured
    /// (not warm-up), succeeded runs of the read-write and read-only workloads are sent: the server knows no
    /// other workload.
    /// - Parameters:
    ///   - result: the result document's content.
    ///   - documentPath: the result document's file.
    /// - Returns: the payload.
    public static func make(result: BenchmarkResult, documentPath: String) -> PgPerfFarmPayload {
        let files = RunFiles(result: result, documentPath: documentPath)
        let machine = result.machine ?? result.hostname ?? result.system?.os.hostname ?? ""
        let inventory = result.system
        let os = inventory?.os ?? OperatingSystemInfo()
        let fetchLog = files.buildLog(.fetch)
        let end = result.finishedAt ?? result.runs.compactMap { $0.command?.finishedAt }.max() ?? result.startedAt
        let received = [result.build?.startedAt, result.startedAt].compactMap { $0 }.min() ?? result.startedAt
        return PgPerfFarmPayload(
            pgbench: configurations(result, files: files, host: machine),
            system: system(inventory),
            postgres: postgres(result),
            meta: Meta(benchmark: "pgbench", date: metaDate(end), name: machine),
            git: Git(
                branch: result.source?.branch ?? "", commit: result.source?.commit ?? "",
                remote: result.source?.repositoryURL ?? ""),
            kernel: Kernel(
                unameS: os.kernelName ?? "", unameR: os.kernelRelease ?? "", unameM: os.machine ?? "",
                unameV: os.kernelVersion ?? ""),
            osInformation: OSInformation(
                distributor: os.name.flatMap { $0.split(separator: " ").first.map(String.init) } ?? os.id ?? "",
                description: os.prettyName ?? "", release: os.versionID ?? "", codename: os.versionCodename ?? ""),
            compiler: compiler(result),
            postgresSettings: settingsCSV(result.postgres?.settings ?? []),
            sysctlLog: sysctl(inventory?.kernelSettings ?? [:]),
            pgCtl: files.text(result.cluster?.serverLogFile ?? "server.log"),
            pgbenchLog: pgbenchLog(result, files: files),
            pgbenchLogAggregate: aggregateLogs(result),
            gitPullLog: fetchLog,
            gitCloneLog: fetchLog,
            configureLog: files.buildLog(.configure),
            buildLog: files.buildLog(.build),
            installLog: files.buildLog(.install),
            runReceivedTime: TimestampFormat.string(from: received),
            runStartTime: TimestampFormat.string(from: result.startedAt),
            runEndTime: TimestampFormat.string(from: end),
            gitCloneRuntime: gitRuntime(result.build, clone: true),
            gitPullRuntime: gitRuntime(result.build, clone: false),
            configureRuntime: result.build?.timings.configureSeconds.map(interval),
            buildRuntime: result.build?.timings.buildSeconds.map(interval),
            installRuntime: result.build?.timings.installSeconds.map(interval),
            cleanupRuntime: result.phases.first { ["cleanup", "clean", "teardown"].contains($0.name) }
                .map { interval($0.seconds) })
    }

    // MARK: - pgbench

    /// Whether a workload is pgperffarm's read-only (`true`), read-write (`false`), or unknown to it (`nil`).
    static func readOnly(_ workload: String, matrix: BenchmarkMatrix) -> Bool? {
        let scripts =
            matrix.workloads.first { $0.name == workload }?.scripts ?? PgbenchWorkload.builtin(named: workload)?.scripts
        if scripts == [.builtin("select-only")] { return true }
        if scripts == [.builtin("tpcb-like")] { return false }
        return nil
    }

    /// The measured runs grouped by (scale, duration, read-only), in the order of their first run.
    static func configurations(_ result: BenchmarkResult, files: RunFiles, host: String) -> [Configuration] {
        var configurations: [Configuration] = []
        for run in result.runs.sorted(by: { $0.index < $1.index })
        where !run.warmup && run.status == .succeeded {
            guard let summary = run.summary, let tps = summary.tps, let command = run.command,
                let readOnly = readOnly(run.workload, matrix: result.matrix)
            else { continue }
            let duration =
                summary.durationSeconds ?? result.matrix.durationSeconds ?? Int(command.durationSeconds.rounded())
            let iteration = Iteration(
                mode: summary.queryMode ?? "simple", clients: run.clients, threads: run.threads,
                latency: summary.latencyAverageMilliseconds ?? (tps > 0 ? Double(run.clients) * 1000 / tps : 0),
                tps: tps, statementLatencies: statementLatencies(run, files: files),
                initSeconds: result.datasets.first { $0.scale == run.scale }?.command?.durationSeconds ?? 0,
                start: command.startedAt.timeIntervalSince1970, end: command.finishedAt.timeIntervalSince1970,
                iteration: max(0, (run.repetition ?? 1) - 1),
                pgStatStatements: statements(run.statisticsDelta), collectd: collectd(run.systemSeries, host: host))
            if let index = configurations.firstIndex(where: {
                $0.scale == run.scale && $0.duration == duration && $0.readOnly == readOnly
            }) {
                configurations[index].iterations.append(iteration)
                if !configurations[index].clients.contains(run.clients) {
                    configurations[index].clients = (configurations[index].clients + [run.clients]).sorted()
                }
            } else {
                configurations.append(
                    Configuration(
                        scale: run.scale, duration: duration, readOnly: readOnly, clients: [run.clients],
                        iterations: [iteration]))
            }
        }
        return configurations
    }

    /// The statement lines of the `-r` table(s) in the run's stdout (each `  <latency>  [failures  retries  ]<SQL>`),
    /// or made from the parsed statements when the file is gone.
    static func statementLatencies(_ run: PgbenchRun, files: RunFiles) -> String {
        let output = run.command?.stdoutFile.map { files.text($0) } ?? ""
        var lines: [Substring] = []
        var inTable = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains("statement latencies in milliseconds") {
                inTable = true
                continue
            }
            guard inTable else { continue }
            if line.first?.isWhitespace == true, line.trimmingCharacters(in: .whitespaces).first?.isNumber == true {
                lines.append(line)
            } else {
                inTable = false
            }
        }
        if !lines.isEmpty { return lines.joined(separator: "\n") + "\n" }
        let statements = run.summary?.statements ?? []
        return statements.map { statement in
            let latency = String(format: "%.3f", statement.latencyMilliseconds)
            return String(repeating: " ", count: max(1, 14 - latency.count)) + latency + "  " + statement.command + "\n"
        }.joined()
    }

    /// The aggregate logs of the measured runs (`--aggregate-interval`), keyed like pgperffarm's client's log
    /// files: `pgbench-<rw|ro>-<scale>-<duration>-<clients>-<iteration>-`; each value the log's lines
    /// (`interval_start num_transactions sum_latency sum_latency_2 min_latency max_latency`). Empty when the runs
    /// kept no aggregate log.
    static func aggregateLogs(_ result: BenchmarkResult) -> [[String: String]] {
        result.runs.sorted { $0.index < $1.index }.compactMap { run -> [String: String]? in
            guard !run.warmup, run.status == .succeeded, let log = run.aggregateLog, !log.intervals.isEmpty,
                let readOnly = readOnly(run.workload, matrix: result.matrix)
            else { return nil }
            let duration = run.summary?.durationSeconds ?? result.matrix.durationSeconds ?? 0
            let key =
                "pgbench-\(readOnly ? "ro" : "rw")-\(run.scale)-\(duration)-\(run.clients)-"
                + "\(max(0, (run.repetition ?? 1) - 1))-"
            let lines = log.intervals.map { interval in
                [
                    String(interval.intervalStart), String(interval.numTransactions),
                    number(interval.sumLatencyMicroseconds), number(interval.sumLatency2Microseconds),
                    number(interval.minLatencyMicroseconds), number(interval.maxLatencyMicroseconds),
                ].joined(separator: " ") + "\n"
            }
            return [key: lines.joined()]
        }
    }

    /// `pgbench -i` and the measured runs' outputs, each after its command line, as one text.
    static func pgbenchLog(_ result: BenchmarkResult, files: RunFiles) -> String {
        var text = "pgbench log: \n"
        let commands =
            result.datasets.compactMap(\.command)
            + result.runs.sorted { $0.index < $1.index }.filter { !$0.warmup }.compactMap(\.command)
        for command in commands {
            text += "$ \(command.commandLine)\n"
            for file in [command.stdoutFile, command.stderrFile].compactMap({ $0 }) {
                let content = files.text(file)
                text += content
                if !content.isEmpty, !content.hasSuffix("\n") { text += "\n" }
            }
        }
        return text
    }

    // MARK: - Build and times

    /// The fetch steps' time: those that cloned (`clone: true`) or fetched into an existing mirror; `nil` when
    /// none did.
    static func gitRuntime(_ build: BuildResult?, clone: Bool) -> String? {
        guard let build else { return nil }
        let fetchSteps = build.steps.filter { $0.name == .fetch }
        if fetchSteps.isEmpty {
            return clone || build.timings.gitSeconds <= 0 ? nil : interval(build.timings.gitSeconds)
        }
        let steps = fetchSteps.filter { $0.command.contains(" clone") == clone }
        return steps.isEmpty ? nil : interval(steps.reduce(0) { $0 + $1.durationSeconds })
    }

    /// A duration as Python's `str(timedelta)` prints it (`H:MM:SS.ffffff`), the form pgperffarm's client sends
    /// and its `DurationField` columns (PostgreSQL `interval`) take.
    static func interval(_ seconds: Double) -> String {
        let microseconds = Int64((max(0, seconds) * 1_000_000).rounded())
        let whole = microseconds / 1_000_000
        let fraction = String(microseconds % 1_000_000)
        let minutes = String((whole / 60) % 60)
        let secs = String(whole % 60)
        return "\(whole / 3600):\(minutes.count < 2 ? "0" + minutes : minutes):\(secs.count < 2 ? "0" + secs : secs)."
            + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// `YYYY-MM-DD HH:MM:SS.000000+00` in UTC.
    static func metaDate(_ date: Date) -> String {
        let text = TimestampFormat.string(from: date)  // 2025-03-01T12:00:00.250Z
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + ".000000+00"
    }

    /// A whole number without a fraction, else the number as Swift prints it.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Reads the raw files a result document refers to, relative to its output directory.
struct RunFiles {
    /// The directory relative paths start from.
    let directory: String
    let build: BuildResult?

    init(result: BenchmarkResult, documentPath: String) {
        let documentDirectory = (FileSystem.absolute(documentPath) as NSString).deletingLastPathComponent
        let output = result.outputDirectory
        if output.hasPrefix("/"), FileSystem.isDirectory(output) {
            directory = output
        } else if !output.isEmpty, !output.hasPrefix("/"), FileSystem.isDirectory(documentDirectory + "/" + output) {
            directory = documentDirectory + "/" + output
        } else {
            directory = documentDirectory
        }
        build = result.build
    }

    /// The text of `path` (relative to ``directory`` unless absolute), gzip inflated; empty when it cannot be read.
    func text(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        guard FileSystem.exists(full), let bytes = try? InputFile.contents(path: full) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A build step's log: `build/<step>.log` (or `.gz`) of the run directory, else the step's own log file.
    func buildLog(_ step: BuildStep.Name) -> String {
        var candidates = ["build/\(step.rawValue).log", "build/\(step.rawValue).log.gz"]
        if let build {
            for logFile in build.steps.filter({ $0.name == step }).compactMap(\.logFile) {
                let full = logFile.hasPrefix("/") ? logFile : build.logDirectory + "/" + logFile
                candidates += [full, full + ".gz"]
            }
        }
        for candidate in candidates {
            let full = candidate.hasPrefix("/") ? candidate : directory + "/" + candidate
            if FileSystem.exists(full) { return text(full) }
        }
        return ""
    }
}
