import ArgumentParser
import Foundation
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess

/// `perffarm clean`: stops and removes what dead runs left in a work area (clusters, results still `running`),
/// and the kept clusters beyond the newest `--keep-clusters`.
struct CleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Stop and remove the clusters earlier runs left in the work area, and say what was freed.",
        discussion: """
            Removes every cluster a crashed run left (stopping its server first, by the checked PID of its own \
            postmaster.pid), the clusters kept after failures or by --keep-cluster beyond the newest \
            --keep-clusters, and marks results that a dead run left `running` as abandoned. It takes the work \
            area's lock without waiting: while a run holds it, clean exits 1 and names the holder.

            Exit codes: 0 done (or nothing to clean); 1 something could not be removed, or the work area is in use; \
            2 usage error or a work area another user controls.
            """)

    @OptionGroup
    var common: CommonOptions

    @Option(
        name: .customLong("keep-clusters"),
        help: ArgumentHelp("How many kept clusters to leave, the newest (default: 0, all go).", valueName: "n"))
    var keepClusters = 0

    @Flag(name: .customLong("dry-run"), help: "Say what would be removed; remove nothing.")
    var dryRun = false

    func validate() throws {
        if keepClusters < 0 { throw ValidationError("--keep-clusters must be 0 or more, not \(keepClusters)") }
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let workArea = WorkArea(
            root: FileSystem.absolute(common.workArea.workDirectory ?? WorkArea.defaultRoot()))
        let keep = keepClusters
        let dryRun = self.dryRun
        let summary = try await CommandFailure.run { () -> CleanSummary in
            guard FileSystem.exists(workArea.root) else {
                return CleanSummary(
                    workArea: workArea.root, clusters: ClusterCleanReport(dryRun: dryRun), abandonedResults: [])
            }
            try workArea.checkControl()
            // Nothing is created: the lock file exists in any work area a run used.
            let lock = try WorkAreaLock.acquire(path: workArea.lockFile, purpose: "perffarm clean")
            defer { lock.release() }
            let clusters = await ClusterArea(workArea: workArea).clean(
                keepKept: keep, dryRun: dryRun, logger: logger)
            let marks = dryRun ? [] : RunningResults(workArea: workArea).markAbandoned()
            return CleanSummary(workArea: workArea.root, clusters: clusters, abandonedResults: marks)
        }
        if common.json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(summary))
        } else if !common.logging.quiet || !summary.succeeded {
            print(summary.render())
        }
        if !summary.succeeded { throw ExitCode(1) }
    }
}

/// What `perffarm clean` did, for the terminal and `--json`.
struct CleanSummary: Encodable {
    var workArea: String
    var clusters: ClusterCleanReport
    var abandonedResults: [RunningResults.Mark]

    var succeeded: Bool { clusters.succeeded && !abandonedResults.contains { $0.problem != nil } }

    enum CodingKeys: String, CodingKey {
        case workArea = "work_area"
        case clusters
        case abandonedResults = "abandoned_results"
        case succeeded
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workArea, forKey: .workArea)
        try container.encode(clusters, forKey: .clusters)
        try container.encode(
            abandonedResults.map { ["path": $0.path, "problem": $0.problem] }, forKey: .abandonedResults)
        try container.encode(succeeded, forKey: .succeeded)
    }

    /// One line per cluster and per result, then the total.
    func render() -> String {
        var lines: [String] = []
        for entry in clusters.clusters {
            var line =
                "\(entry.action.rawValue.replacing("_", with: " ")) \(entry.state.rawValue) cluster "
                + "\(entry.directory) (\(Self.size(entry.bytes)))"
            if let keptAt = entry.keptAt {
                line += ", kept \(keptAt.formatted(.iso8601))"
                if let reason = entry.reason, !reason.isEmpty { line += ": \(reason)" }
            }
            if let error = entry.error { line += ": \(error)" }
            lines.append(line)
        }
        for mark in abandonedResults {
            lines.append(
                mark.problem.map { "cannot mark \(mark.path) abandoned: \($0)" } ?? "marked abandoned: \(mark.path)")
        }
        if lines.isEmpty {
            lines.append("nothing to clean in \(workArea)")
        } else {
            let verb = clusters.dryRun ? "would free" : "freed"
            lines.append("\(verb) \(Self.size(clusters.freedBytes)) in \(workArea)")
        }
        return lines.joined(separator: "\n")
    }

    /// `512 B`, `3.4 MiB`.
    static func size(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
