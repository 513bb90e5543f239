import Foundation
import PerfFarmCore
import PerfFarmProcess

extension BenchmarkSession {
    /// How the tear-down of one cluster went.
    struct TearDownOutcome: Sendable {
        /// The cluster after the stop (its stop mode set).
        var cluster: PostgresCluster
        /// How long the stop took.
        var stopDuration: Duration
        /// Why the server could not be stopped.
        var stopError: (any Error)?
        /// Whether the cluster's directory was kept.
        var kept: Bool
        /// What else went wrong (the server log not copied, the directory not removed).
        var notes: [String]
    }

    /// Stops every target's cluster, keeps its log next to the result, and removes it (or keeps it), each in a
    /// task of its own so that it runs to its end even when the session's task was cancelled.
    mutating func tearDown() async {
        for index in targets.indices {
            await tearDown(index)
        }
    }

    private mutating func tearDown(_ index: Int) async {
        guard let cluster = targets[index].cluster else { return }
        let keep = request.keepCluster || (targets[index].hasFailures && !interrupted)
        let output = targets[index].outputDirectory
        report("stopping the server", target: index)
        let outcome = await Task { await Self.stopAndRemove(cluster, keep: keep, outputDirectory: output) }.value
        targets[index].cluster = outcome.cluster
        targets[index].cluster?.notes += outcome.notes
        targets[index].result.timings.clusterSeconds += outcome.stopDuration.inSeconds
        if let stopError = outcome.stopError {
            targets[index].fail(.clusterStop, "\(stopError)")
        }
        targets[index].updateClusterInfo()
        targets[index].result.cluster?.kept = outcome.kept
        if FileSystem.exists(output + "/server.log") { targets[index].result.cluster?.serverLogFile = "server.log" }
    }

    /// Stops `cluster`, copies its server log to `outputDirectory`, then keeps or removes its directory.
    private static func stopAndRemove(_ cluster: PostgresCluster, keep: Bool, outputDirectory: String) async
        -> TearDownOutcome
    {
        var cluster = cluster
        var notes: [String] = []
        let clock = ContinuousClock()
        let began = clock.now
        var stopError: (any Error)?
        do {
            try await cluster.stop()
        } catch {
            stopError = error
        }
        let stopDuration = clock.now - began
        if FileSystem.exists(cluster.serverLog) {
            do {
                try FileSystem.remove(outputDirectory + "/server.log")
                try FileManager.default.copyItem(atPath: cluster.serverLog, toPath: outputDirectory + "/server.log")
            } catch {
                notes.append("cannot copy the server log next to the result: \(error.localizedDescription)")
            }
        }
        var kept = keep || stopError != nil
        if kept {
            cluster.keep(reason: stopError != nil ? "the server could not be stopped" : "kept for diagnosis")
        } else {
            do {
                try cluster.remove()
            } catch {
                notes.append("cannot remove the cluster: \(error)")
                kept = true
            }
        }
        return TearDownOutcome(
            cluster: cluster, stopDuration: stopDuration, stopError: stopError, kept: kept, notes: notes)
    }
}
