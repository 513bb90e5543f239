/// Runs an operation with a time limit: past it, the operation's task is cancelled (its processes are ended by
/// the runner) and the caller learns that the limit, not a signal, stopped it.
enum Watchdog {
    private enum Event<T: Sendable>: Sendable {
        case finished(T)
        case expired
        case timerCancelled
    }

    /// Runs `operation`, cancelling it after `limit` (no limit when `nil`).
    /// - Returns: what `operation` returned (after its cancellation, when the limit passed) and whether the
    ///   limit passed.
    static func run<T: Sendable>(limit: Duration?, _ operation: @escaping @Sendable () async -> T) async -> (
        T, timedOut: Bool
    ) {
        guard let limit else { return (await operation(), false) }
        return await withTaskGroup(of: Event<T>.self) { group in
            group.addTask { .finished(await operation()) }
            group.addTask {
                do {
                    try await Task.sleep(for: limit)
                    return .expired
                } catch {
                    return .timerCancelled
                }
            }
            var result: T?
            var timedOut = false
            while let event = await group.next() {
                switch event {
                case .finished(let value):
                    result = value
                    group.cancelAll()
                case .expired:
                    timedOut = true
                    group.cancelAll()
                case .timerCancelled:
                    break
                }
            }
            // The operation's task always finishes, after its cancellation at the latest.
            return (result!, timedOut)
        }
    }
}
