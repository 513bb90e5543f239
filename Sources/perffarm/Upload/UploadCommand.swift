import ArgumentParser
import Foundation
import Logging
import PerfFarmClient
import PerfFarmCore
import PerfFarmProcess

/// `perffarm upload`: results to the farm's server through the outbox, and retries of what waits there.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Deliver results to the farm's server through the outbox; retry what waits there.",
        discussion: """
            Each FILE (a result document of perffarm run or bench) is enqueued in the outbox of the work area \
            (<work>/outbox: the exact payload and its metadata, written durably) and delivered at once. \
            Without FILE, or with --flush, every waiting result that is due is tried again (--force: all of \
            them now). A 2xx answer removes a result from the outbox; a network error, a timeout, a 5xx, 408 or \
            429 keeps it for a later attempt (1 min, 2, 4 ... up to 6 h, plus jitter); any other answer moves \
            it to <work>/outbox/rejected/ with the server's answer. One line per result says which.

            --upload-format native (default) POSTs the result document, signed with HMAC-SHA256 of the machine \
            secret (X-PerfFarm-Signature over X-PerfFarm-Timestamp and the body); pgperffarm POSTs the run \
            document of the PostgreSQL Performance Farm's server to <url>/run/upload/ with the secret as \
            Authorization. The secret comes from --machine-secret-file, [machine] secret_file, \
            PERFFARM_MACHINE_SECRET, or the file perffarm machine init writes; it is never printed or stored \
            in the outbox. Missing flags are read from --config (or the default perffarm.toml). Plain http to \
            another machine prints a warning. See docs/upload.md.

            Exit codes: 0 nothing left failing; 1 a result was kept or rejected (or the work area is locked); \
            2 usage or configuration error.

            Examples:
              perffarm upload --flush
              perffarm upload --upload-url https://farm.example.org/results \\
                results/pluto-master-1a2b3c4d5e6f-20250301T120000Z.json
              perffarm upload --upload-format pgperffarm --machine pluto \\
                --upload-url https://pgperffarm.example.org/api/ result.json
              perffarm upload --flush --force --config /etc/perffarm/perffarm.toml
            """
    )

    @Argument(help: ArgumentHelp("Result documents to enqueue and deliver.", valueName: "file"))
    var files: [String] = []

    @Flag(help: "Also retry every waiting result that is due (the default without files).")
    var flush = false

    @Flag(help: "Try waiting results now, whatever their next attempt time.")
    var force = false

    @Option(
        name: .customLong("upload-url"),
        help: ArgumentHelp("The server's URL (default: [upload] url of the configuration).", valueName: "url"))
    var uploadURL: String?

    @Option(
        name: .customLong("upload-format"),
        help: ArgumentHelp("The payload format (default: [upload] format, else native).", valueName: "format"))
    var uploadFormat: UploadFormatOption?

    @Option(
        name: .customLong("machine-secret-file"),
        help: ArgumentHelp("The machine secret's file (mode 0600).", valueName: "file"))
    var machineSecretFile: String?

    @Option(help: ArgumentHelp("The machine's name for results that name none.", valueName: "name"))
    var machine: String?

    @Option(help: ArgumentHelp("perffarm.toml to read missing settings from.", valueName: "file"))
    var config: String?

    @OptionGroup(title: "Output")
    var common: CommonOptions

    func validate() throws {
        for file in files {
            do {
                _ = try UploadDocument.load(file)
            } catch let error as PerfFarmError {
                throw ValidationError("\(error)")
            }
        }
        if let uploadURL {
            do {
                _ = try UploadSettings(url: uploadURL)
            } catch let error as PerfFarmError {
                throw ValidationError("--upload-url: \(error.message)")
            }
        }
    }

    /// What the flags and the configuration say, resolved.
    struct Plan: Sendable {
        var workDirectory: String
        /// `nil` when no result is enqueued and none was configured.
        var settings: UploadSettings?
        var secretFile: String?
        var machine: String?
        var timeout: Duration
        var files: [String]
        var flushAll: Bool
        var force: Bool
    }

    /// Resolves flags over the configuration file over the defaults.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for a bad configuration or URL.
    func plan() throws -> Plan {
        let loaded = try FarmConfigurationLoader.load(path: config ?? FarmConfigurationLoader.defaultPath())
        var configuration = loaded.configuration
        if let uploadURL { configuration.upload.url = uploadURL }
        if let uploadFormat { configuration.upload.format = uploadFormat.format }
        let settings: UploadSettings? =
            files.isEmpty && configuration.upload.url.isEmpty ? nil : try UploadSettings(configuration: configuration)
        let configuredWorkDirectory = configuration.run.workDir.isEmpty ? nil : configuration.run.workDir
        return Plan(
            workDirectory: common.workArea.workDirectory ?? configuredWorkDirectory ?? WorkArea.defaultRoot(),
            settings: settings,
            secretFile: machineSecretFile
                ?? (configuration.machine.secretFile.isEmpty ? nil : configuration.machine.secretFile),
            machine: machine ?? (configuration.machine.name.isEmpty ? nil : configuration.machine.name),
            timeout: settings?.timeout ?? .seconds(60), files: files, flushAll: flush || files.isEmpty, force: force)
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let command = self
        let report = try await CommandFailure.run {
            try await Self.deliver(try command.plan(), logger: logger)
        }
        if common.json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(report))
        } else {
            for warning in report.warnings {
                FileHandle.standardError.write(Data("perffarm: warning: \(warning)\n".utf8))
            }
            let text = UploadSummary.render(report, quiet: common.logging.quiet)
            if !text.isEmpty { print(text) }
        }
        if !report.isComplete { throw ExitCode(1) }
    }

    /// Takes the work area's lock, enqueues the files, then flushes (the new items only, or all that are due).
    static func deliver(_ plan: Plan, logger: Logger) async throws -> OutboxFlushReport {
        let workArea = WorkArea(root: plan.workDirectory)
        try FileSystem.createDirectory(workArea.root)
        let lock = try WorkAreaLock.acquire(path: workArea.lockFile, purpose: "perffarm upload")
        defer { lock.release() }
        let outbox = Outbox(directory: workArea.outbox, logger: logger)
        var enqueued: Set<String> = []
        if let settings = plan.settings {
            for file in plan.files {
                enqueued.insert(try outbox.enqueue(documentAt: file, settings: settings, machine: plan.machine).id)
            }
        }
        let pending = try outbox.pending()
        guard !pending.isEmpty else { return OutboxFlushReport() }
        let secret = try MachineSecret.load(file: plan.secretFile)
        return try await outbox.flush(
            secret: secret, timeout: plan.timeout, force: plan.force, only: plan.flushAll ? nil : enqueued)
    }
}
