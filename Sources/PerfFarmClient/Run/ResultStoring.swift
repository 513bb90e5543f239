import Logging
public import PerfFarmCore
public import PerfFarmResults

/// A result the run stored.
public struct FarmStoredResult: Sendable, Equatable {
    public var branch: String
    /// The store's key of the result.
    public var id: String
    public var outcome: ResultStore.Outcome
}

/// The end of a farm run: every branch's finished result goes to the results store (`[store]`). A store that
/// cannot be opened or written loses nothing: the result files are written already, and `perffarm import`
/// stores them later.
enum ResultStoring {
    /// Where `configuration` stores results; `nil` when storing is off.
    static func location(_ configuration: FarmConfiguration, environment: [String: String]) -> StoreLocation? {
        guard configuration.store.enabled else { return nil }
        return configuration.store.location.isEmpty
            ? StoreLocation.defaultLocation(environment: environment) : StoreLocation(configuration.store.location)
    }

    /// Stores the finished results of `outcomes`.
    /// - Returns: what was stored, and why the rest was not (one line naming the store).
    static func store(
        _ outcomes: [FarmBranchOutcome], at location: StoreLocation, logger: Logger,
        progress: @Sendable (FarmProgress) -> Void
    ) async -> (stored: [FarmStoredResult], error: String?) {
        let finished = outcomes.compactMap { outcome in
            outcome.result.flatMap { $0.status == .running ? nil : (outcome.branch, $0, outcome.resultFile) }
        }
        guard !finished.isEmpty else { return ([], nil) }
        let store: ResultStore
        do {
            store = try await ResultStore.open(location, logger: logger)
        } catch {
            return ([], "\(error); the result files are kept: store them with perffarm import")
        }
        var stored: [FarmStoredResult] = []
        var failure: String?
        for (branch, result, file) in finished {
            do {
                let (id, outcome) = try await store.store(result)
                stored.append(FarmStoredResult(branch: branch, id: id, outcome: outcome))
            } catch {
                failure =
                    "\(error); the result file is kept" + (file.map { ": store it with perffarm import \($0)" } ?? "")
                progress(.note("cannot store the result of \(branch): \(failure ?? "")"))
            }
        }
        await store.close()
        return (stored, failure)
    }
}
