import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// The upload at the end of a farm run: this run's results into the outbox, then a flush of everything
/// waiting there (earlier runs' results too).
struct UploadPlan: Sendable {
    let settings: UploadSettings
    let secret: MachineSecret
    let machine: String

    /// The plan of `configuration`, checked before the run starts.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`): no usable URL or no machine secret.
    init(configuration: FarmConfiguration) throws {
        settings = try UploadSettings(configuration: configuration)
        secret = try MachineSecret.load(file: configuration.machine.secretFile)
        machine = configuration.machineName
    }

    /// Enqueues the results written by this run and flushes the outbox.
    /// - Returns: the flush's report, or why nothing could be delivered (everything enqueued stays).
    func deliver(_ branches: [FarmBranchOutcome], workArea: WorkArea, logger: Logger) async -> (
        OutboxFlushReport?, String?
    ) {
        let outbox = Outbox(directory: workArea.outbox, logger: logger)
        var problems: [String] = []
        for outcome in branches where outcome.status != .skipped {
            guard let file = outcome.resultFile, let result = outcome.result else { continue }
            do {
                _ = try outbox.enqueue(result, documentPath: file, settings: settings, machine: machine)
            } catch {
                problems.append("\(outcome.branch): not enqueued: \(error)")
            }
        }
        do {
            let report = try await outbox.flush(secret: secret, timeout: settings.timeout)
            return (report, problems.isEmpty ? nil : problems.joined(separator: "; "))
        } catch {
            return (nil, (problems + ["the outbox could not be flushed: \(error)"]).joined(separator: "; "))
        }
    }
}
