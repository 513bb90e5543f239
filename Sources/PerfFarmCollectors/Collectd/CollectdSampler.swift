public import Foundation
public import PerfFarmCore
public import PerfFarmProcess

/// Runs a private collectd around some work and parses what it wrote into a ``SystemSeries``, for users
/// who standardise on collectd. Optional: ``locate(searchPath:)`` says whether collectd is installed.
public struct CollectdSampler: Sendable {
    /// The collectd binary.
    public var executable: String
    /// The configuration (its directory is created when missing).
    public var configuration: CollectdConfiguration
    /// How collectd is started and stopped (cancelling the run terminates its process group).
    public var runner: any CommandRunner

    /// Creates a sampler.
    public init(executable: String, configuration: CollectdConfiguration, runner: any CommandRunner) {
        self.executable = executable
        self.configuration = configuration
        self.runner = runner
    }

    /// The collectd binary, if installed: `collectd` in `PATH` (or `searchPath`), then `/usr/sbin`, `/usr/local/sbin`,
    /// `/opt/homebrew/sbin`.
    public static func locate(searchPath: String? = nil) -> String? {
        let folders =
            (searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin"]
        return folders.map { $0 + "/collectd" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts collectd, runs `work`, stops collectd, and parses its CSV files.
    /// - Parameter work: the run.
    /// - Returns: what `work` returned and collectd's series.
    /// - Throws: what `work` throws (collectd is stopped first); ``PerfFarmError`` when the configuration
    ///   cannot be written or collectd exits on its own (a bad plugin folder).
    public func sample<R: Sendable>(while work: () async throws -> R) async throws -> (result: R, series: SystemSeries)
    {
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: configuration.csvDirectory)
        do {
            try fileManager.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
            try configuration.render().write(toFile: configuration.configurationPath, atomically: true, encoding: .utf8)
        } catch {
            throw PerfFarmError(
                .fileAccess, "cannot write the collectd configuration", path: configuration.configurationPath)
        }
        let startedAt = Date()
        let command = Command(
            executable, ["-f", "-C", configuration.configurationPath],
            output: .logFile(path: configuration.directory + "/collectd.log"))
        let runner = self.runner
        let result: R = try await withThrowingTaskGroup(of: CommandOutcome?.self) { group in
            group.addTask {
                do {
                    return try await runner.run(command)
                } catch is CancellationError {
                    return nil
                }
            }
            // collectd reads its first values one interval after it started, later on a loaded machine: start the
            // work once they are there (or after a while without them), so that the series covers all of it.
            await Self.waitForFirstValues(in: configuration.csvDirectory, interval: configuration.intervalSeconds)
            let result = try await work()
            group.cancelAll()
            for try await outcome in group {
                if let outcome {
                    throw PerfFarmError(
                        .commandFailed, "collectd stopped by itself (\(outcome.termination)) during the run",
                        path: configuration.directory + "/collectd.log")
                }
            }
            return result
        }
        return (result, try parse(startedAt: startedAt))
    }

    /// Waits until collectd's CSV plugin has written a file under `directory`, at most max(10 s, 3 intervals).
    static func waitForFirstValues(in directory: String, interval: Double) async {
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(10, 3 * interval) * 1000))
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if let enumerator = FileManager.default.enumerator(
                at: URL(fileURLWithPath: directory), includingPropertiesForKeys: [.isRegularFileKey]),
                enumerator.contains(where: {
                    (($0 as? URL).flatMap { try? $0.resourceValues(forKeys: [.isRegularFileKey]) })?.isRegularFile
                        == true
                })
            {
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Parses the CSV files of the configuration's directory.
    /// - Parameter startedAt: when collectd started.
    public func parse(startedAt: Date) throws -> SystemSeries {
        let host = configuration.csvDirectory + "/" + CollectdConfiguration.hostname
        var files: [(path: String, text: String)] = []
        let enumerator = FileManager.default.enumerator(atPath: host)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = host + "/" + relative
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                let text = SystemFile.text(full)
            else { continue }
            files.append((relative, text))
        }
        return CollectdCSVParser.series(
            files: files.sorted { $0.path < $1.path }, interval: configuration.intervalSeconds,
            device: configuration.device, startedAt: startedAt)
    }
}
