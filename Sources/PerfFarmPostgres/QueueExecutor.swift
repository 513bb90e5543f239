import Dispatch

/// A serial executor on a dispatch queue of its own, so that an actor whose methods block in libpq (a
/// `CHECKPOINT`, a `CREATE DATABASE` of a large data set) blocks one dispatch thread, never one of the few
/// threads of Swift's cooperative pool.
final class QueueExecutor: SerialExecutor {
    /// The queue every job of the actor runs on, one at a time.
    let queue: DispatchQueue

    /// Creates an executor with a new serial queue.
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
