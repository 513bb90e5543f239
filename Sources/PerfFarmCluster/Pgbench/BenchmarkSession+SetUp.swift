import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

extension BenchmarkSession {
    /// Cleans up what crashed runs left in the work area, then creates and starts a cluster per target and
    /// copies the custom scripts where its OS user reads them.
    /// - Throws: the first error of a target's set-up (that target's ``TargetRun/stage`` says where), or
    ///   `CancellationError`.
    mutating func setUp() async throws {
        report("cleaning up")
        let area = ClusterArea(workArea: workArea)
        let root = try area.prepare(osUser: osUser)
        var cleanup = await area.removeStaleClusters(logger: logger)
        let pruned = await area.pruneKeptClusters(keep: request.keepClusters, logger: logger)
        cleanup.removed += pruned.removed
        cleanup.failures += pruned.failures
        for index in targets.indices {
            targets[index].staleClusters = cleanup.removed
            let configuration = PostgresClusterConfiguration(
                directory: root + "/" + targets[index].clusterName, osUser: osUser,
                dataChecksums: request.dataChecksums, settings: request.settings, listenOnTCP: request.listenOnTCP,
                firstPort: request.firstPort)
            targets[index].cluster = try PostgresCluster(
                installation: targets[index].installation, configuration: configuration, runner: runner,
                connector: connector, logger: logger)
            targets[index].cluster?.notes += cleanup.failures
            targets[index].updateClusterInfo()
        }
        saveAll()
        for index in targets.indices {
            do {
                try await setUp(index)
            } catch let error where !(error is CancellationError) && !Task.isCancelled {
                throw TargetFailure(index: index, error: error)
            }
        }
        saveAll()
    }

    /// initdb, start, version, scripts of target `index`.
    private mutating func setUp(_ index: Int) async throws {
        guard var cluster = targets[index].cluster else { return }
        targets[index].stage = .clusterInit
        try checkCancellation()
        report("initdb", target: index)
        logger.debug("initdb", metadata: ["directory": "\(cluster.directory)"])
        let initialized = try await cluster.initialize()
        targets[index].result.timings.clusterSeconds += initialized.inSeconds
        targets[index].stage = .clusterStart
        report("starting the server", target: index)
        try checkCancellation()
        do {
            let started = try await cluster.start()
            targets[index].result.timings.clusterSeconds += started.inSeconds
            targets[index].cluster = cluster
            targets[index].serverVersion = try await cluster.serverVersion()
        } catch {
            targets[index].cluster = cluster
            throw error
        }
        targets[index].updateClusterInfo()
        logger.debug(
            "server started",
            metadata: ["port": "\(cluster.port ?? 0)", "version": "\(targets[index].serverVersion?.text ?? "")"])
        targets[index].stage = .prepare
        try copyScripts(index)
    }

    /// Copies the workloads' script files where the OS user can read them (the cluster's work directory) and
    /// next to the result.
    private mutating func copyScripts(_ index: Int) throws {
        guard let cluster = targets[index].cluster else { return }
        let account = try osUser.map { try OSAccount.lookup($0) }
        let output = targets[index].outputDirectory
        for (workloadIndex, workload) in matrix.workloads.enumerated() {
            for (scriptIndex, script) in workload.scripts.enumerated() where script.kind == .file {
                let name = "\(workloadIndex)-\(scriptIndex)-" + (script.name as NSString).lastPathComponent
                let data = try FileSystem.read(script.name)
                let scripts = cluster.workDirectory + "/scripts"
                try ConfinedDirectory(cluster.workDirectory, owner: account).makeDirectory("scripts", mode: 0o700)
                    .writeFile(name, data, mode: 0o600)
                try FileSystem.createDirectory(output + "/scripts")
                try FileSystem.writeAtomically(data, to: output + "/scripts/" + name)
                targets[index].scriptPaths[workloadIndex, default: [:]][scriptIndex] = scripts + "/" + name
            }
        }
    }
}
