import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// The upload at the end of a farm run: this run's results into the outbox, then a flush of everything
/// waiting there (earlier runs' results too).
///
/// Which results go: in the native format every completed branch's result, a failed one too (a broken build
/// is news for the farm); in the pgperffarm format only those with a completed run (that server stores benchmark
/// runs and refuses a document without them). An interrupted branch's partial result is never sent. An interrupted run
/// enqueues what it finished and leaves the flush to the next run or `perffarm upload --flush`.
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

    /// Whether `result` is sent in this plan's format; otherwise why not.
    func skipReason(_ result: BenchmarkResult) -> String? {
        switch result.status {
        case .interrupted, .running, .abandoned: return "\(result.status.rawValue): a partial result is not uploaded"
        case .succeeded: return nil
        case .failed:
            guard settings.format == .pgperffarm else { return nil }
            return result.runs.contains { !$0.warmup && $0.status == .succeeded }
                ? nil : "failed before any run: the pgperffarm format carries benchmark runs only"
        }
    }

    /// Enqueues the results written by this run and, unless the run was interrupted, flushes the outbox.
    /// - Returns: the flush's report (`nil` without a flush), and what went wrong (everything enqueued stays).
    func deliver(
        _ branches: [FarmBranchOutcome], interrupted: Bool, workArea: WorkArea, logger: Logger,
        progress: @Sendable (FarmProgress) -> Void
    ) async -> (OutboxFlushReport?, String?) {
        let outbox = Outbox(directory: workArea.outbox, logger: logger)
        var problems: [String] = []
        for outcome in branches where outcome.status != .skipped {
            guard let file = outcome.resultFile, let result = outcome.result else { continue }
            if let reason = skipReason(result) {
                progress(.note("\(outcome.branch): not uploaded (\(reason))"))
                continue
            }
            do {
                _ = try outbox.enqueue(result, documentPath: file, settings: settings, machine: machine)
            } catch {
                problems.append("\(outcome.branch): not enqueued: \(error)")
            }
        }
        let problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
        if interrupted {
            progress(.note("interrupted: the outbox is sent by the next run or perffarm upload --flush"))
            return (nil, problem)
        }
        progress(.note("uploading to \(settings.destination.absoluteString)"))
        do {
            let report = try await outbox.flush(secret: secret, timeout: settings.timeout)
            return (report, problem)
        } catch {
            return (nil, (problems + ["the outbox could not be flushed: \(error)"]).joined(separator: "; "))
        }
    }
}
