import Foundation
public import PerfFarmCore

/// The preflight checks before a benchmark: no other postgres or pgbench running, a quiet machine, enough
/// memory and disk, no swapping, the `performance` governor and transparent huge pages not `always`.
///
/// ``observe()`` reads the machine (files under ``root``); ``evaluate(_:)`` is pure, so the thresholds are
/// tested on made-up observations.
public struct PreflightChecker: Sendable {
    /// What the checks look at.
    public struct Observations: Sendable, Equatable {
        /// Other postgres, postmaster or pgbench processes: `(pid, name)`.
        public var otherProcesses: [(pid: Int, name: String)]
        /// One-minute load average.
        public var load1: Double?
        /// Logical CPUs.
        public var cpus: Int
        /// `MemAvailable`.
        public var availableMemoryBytes: Int?
        /// Bytes available at the data directory (`nil`: no directory given).
        public var availableDiskBytes: Int?
        /// Swap in use.
        public var swapUsedBytes: Int?
        /// cpufreq governor of CPU 0 (`nil`: not exposed).
        public var governor: String?
        /// Transparent huge pages setting (`nil`: not exposed).
        public var transparentHugePages: String?

        /// Creates observations.
        public init(
            otherProcesses: [(pid: Int, name: String)] = [], load1: Double? = nil, cpus: Int = 1,
            availableMemoryBytes: Int? = nil, availableDiskBytes: Int? = nil, swapUsedBytes: Int? = nil,
            governor: String? = nil, transparentHugePages: String? = nil
        ) {
            self.otherProcesses = otherProcesses
            self.load1 = load1
            self.cpus = cpus
            self.availableMemoryBytes = availableMemoryBytes
            self.availableDiskBytes = availableDiskBytes
            self.swapUsedBytes = swapUsedBytes
            self.governor = governor
            self.transparentHugePages = transparentHugePages
        }

        public static func == (lhs: Observations, rhs: Observations) -> Bool {
            lhs.otherProcesses.map(\.pid) == rhs.otherProcesses.map(\.pid)
                && lhs.otherProcesses.map(\.name) == rhs.otherProcesses.map(\.name) && lhs.load1 == rhs.load1
                && lhs.cpus == rhs.cpus && lhs.availableMemoryBytes == rhs.availableMemoryBytes
                && lhs.availableDiskBytes == rhs.availableDiskBytes && lhs.swapUsedBytes == rhs.swapUsedBytes
                && lhs.governor == rhs.governor && lhs.transparentHugePages == rhs.transparentHugePages
        }
    }

    /// The root `/proc` and `/sys` are read under.
    public var root: String
    /// The data directory whose free space is checked; not checked when `nil`.
    public var dataDirectory: String?
    /// The postmaster of the cluster under test: it and its children are not "other" processes.
    public var ownPostmasterPID: Int?
    /// Highest one-minute load per CPU (0.25: a quarter of the machine busy).
    public var maximumLoadPerCPU: Double
    /// Least available memory.
    public var minimumAvailableMemoryBytes: Int
    /// Least free disk space at the data directory.
    public var minimumAvailableDiskBytes: Int
    /// Most swap in use.
    public var maximumSwapUsedBytes: Int

    /// Creates a checker with the default thresholds: load ≤ 0.25 per CPU (at least 1.0), 1 GiB of memory,
    /// 5 GiB of disk, 64 MiB of swap in use.
    public init(
        root: String = "/", dataDirectory: String? = nil, ownPostmasterPID: Int? = nil,
        maximumLoadPerCPU: Double = 0.25, minimumAvailableMemoryBytes: Int = 1 << 30,
        minimumAvailableDiskBytes: Int = 5 << 30, maximumSwapUsedBytes: Int = 64 << 20
    ) {
        self.root = root
        self.dataDirectory = dataDirectory
        self.ownPostmasterPID = ownPostmasterPID
        self.maximumLoadPerCPU = maximumLoadPerCPU
        self.minimumAvailableMemoryBytes = minimumAvailableMemoryBytes
        self.minimumAvailableDiskBytes = minimumAvailableDiskBytes
        self.maximumSwapUsedBytes = maximumSwapUsedBytes
    }

    /// Observes the machine and runs the checks.
    /// - Parameter strict: record that a failed check stops the benchmark.
    /// - Returns: the report.
    public func check(strict: Bool = false) -> PreflightReport {
        PreflightReport(checkedAt: Date(), strict: strict, checks: evaluate(observe()))
    }

    /// Observes the machine and throws when a check fails under `strict`.
    /// - Parameter strict: whether a failed check is an error.
    /// - Returns: the report (with warnings when not strict).
    /// - Throws: ``PerfFarmError`` (`preflight_failed`) naming the failed checks, when `strict`.
    public func enforce(strict: Bool) throws -> PreflightReport {
        let report = check(strict: strict)
        if strict && !report.passed {
            throw PerfFarmError(
                .preflightFailed, "preflight checks failed: " + report.warnings.joined(separator: "; "), key: "strict")
        }
        return report
    }

    /// Reads what the checks need.
    public func observe() -> Observations {
        let base = root == "/" || root.isEmpty ? "" : (root.hasSuffix("/") ? String(root.dropLast()) : root)
        let proc = base + "/proc"
        var observations = Observations()
        observations.load1 = SystemFile.text(proc + "/loadavg").flatMap(LoadAverageParser.parse)?.one
        let stat = SystemFile.text(proc + "/stat").map(ProcStatParser.parse)
        observations.cpus = max(1, stat?.perCPU.count ?? 1)
        let memory = SystemFile.text(proc + "/meminfo").map(MemInfoParser.parse) ?? MemInfoCounters()
        observations.availableMemoryBytes = memory.available ?? memory.free
        if let total = memory.swapTotal, let free = memory.swapFree { observations.swapUsedBytes = total - free }
        observations.governor = SystemFile.line(base + "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
        observations.transparentHugePages = SystemFile.text(base + "/sys/kernel/mm/transparent_hugepage/enabled")
            .flatMap(SysfsValueParser.selected)
        if let dataDirectory {
            observations.availableDiskBytes = StorageReader(root: root).describe(path: dataDirectory).availableBytes
        }
        observations.otherProcesses = otherProcesses(proc: proc)
        return observations
    }

    private func otherProcesses(proc: String) -> [(pid: Int, name: String)] {
        let tree = ProcessTreeReader(proc: proc)
        let own = Set([Int(getpid())] + (ownPostmasterPID.map { [$0] + tree.children(of: $0) } ?? []))
        return SystemFile.directoryEntries(proc).compactMap { Int($0) }.sorted().compactMap { pid in
            guard !own.contains(pid), let stat = tree.stat(of: pid) else { return nil }
            let name = stat.command
            guard name == "postgres" || name == "postmaster" || name == "pgbench" else { return nil }
            // Children of our own postmaster that forked after the list was read.
            if let ownPostmasterPID, stat.parentPID == ownPostmasterPID { return nil }
            return (pid, name)
        }
    }

    /// The checks for `observations`, in a fixed order.
    public func evaluate(_ observations: Observations) -> [PreflightReport.Check] {
        var checks: [PreflightReport.Check] = []
        let others = observations.otherProcesses
        checks.append(
            PreflightReport.Check(
                name: "other_postgres_processes", status: others.isEmpty ? "passed" : "failed",
                observed: others.isEmpty
                    ? "none"
                    : "\(others.count): " + others.prefix(10).map { "\($0.pid) \($0.name)" }.joined(separator: ", "),
                expected: "none",
                message: others.isEmpty
                    ? "no other postgres or pgbench process is running"
                    : "\(others.count) other postgres or pgbench processes are running and will disturb the benchmark"))
        let maximumLoad = max(1.0, maximumLoadPerCPU * Double(observations.cpus))
        checks.append(
            measured(
                "load_average", observations.load1.map { $0 <= maximumLoad },
                observed: observations.load1.map { format($0) },
                expected: "<= \(format(maximumLoad))",
                passed: "the machine is quiet", failed: "the one-minute load average is above \(format(maximumLoad))"))
        checks.append(
            measured(
                "available_memory", observations.availableMemoryBytes.map { $0 >= minimumAvailableMemoryBytes },
                observed: observations.availableMemoryBytes.map(mebibytes),
                expected: ">= \(mebibytes(minimumAvailableMemoryBytes))",
                passed: "enough memory is available",
                failed: "less than \(mebibytes(minimumAvailableMemoryBytes)) of memory is available"))
        checks.append(
            measured(
                "available_disk", observations.availableDiskBytes.map { $0 >= minimumAvailableDiskBytes },
                observed: observations.availableDiskBytes.map(mebibytes),
                expected: ">= \(mebibytes(minimumAvailableDiskBytes))",
                passed: "enough disk space is free at the data directory",
                failed: "less than \(mebibytes(minimumAvailableDiskBytes)) is free at the data directory"))
        checks.append(
            measured(
                "swap_in_use", observations.swapUsedBytes.map { $0 <= maximumSwapUsedBytes },
                observed: observations.swapUsedBytes.map(mebibytes), expected: "<= \(mebibytes(maximumSwapUsedBytes))",
                passed: "the machine is not swapping",
                failed: "more than \(mebibytes(maximumSwapUsedBytes)) of swap is in use"))
        checks.append(
            measured(
                "cpu_governor", observations.governor.map { $0 == "performance" }, observed: observations.governor,
                expected: "performance", passed: "the CPU frequency governor is performance",
                failed:
                    "the CPU frequency governor is \(observations.governor ?? "?"), so clock speed varies between runs")
        )
        checks.append(
            measured(
                "transparent_huge_pages", observations.transparentHugePages.map { $0 != "always" },
                observed: observations.transparentHugePages, expected: "madvise or never",
                passed: "transparent huge pages are not forced",
                failed: "transparent huge pages are always on, which causes latency spikes"))
        return checks
    }

    private func measured(
        _ name: String, _ ok: Bool?, observed: String?, expected: String, passed: String, failed: String
    ) -> PreflightReport.Check {
        guard let ok else {
            return PreflightReport.Check(
                name: name, status: "skipped", observed: nil, expected: expected,
                message: "not exposed on this machine")
        }
        return PreflightReport.Check(
            name: name, status: ok ? "passed" : "failed", observed: observed, expected: expected,
            message: ok ? passed : failed)
    }

    private func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    private func mebibytes(_ bytes: Int) -> String {
        "\(bytes >> 20) MiB"
    }
}
