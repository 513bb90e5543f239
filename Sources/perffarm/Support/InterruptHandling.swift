import ArgumentParser
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT and SIGTERM into task cancellation, so that the library stops what it started (the
/// process group of a running make) before perffarm exits with 130 or 143.
///
/// Commands run in process groups of their own, so a terminal's Ctrl-C reaches perffarm only: without
/// this, make would go on after perffarm died.
enum InterruptHandling {
    private final class Received: Sendable {
        let signal = Mutex<Int32?>(nil)
    }

    /// Runs `operation`; a SIGINT or SIGTERM cancels it and ends the command with exit code 128 + signal.
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let received = Received()
        let sources = [SIGINT, SIGTERM].map { number in
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                received.signal.withLock { $0 = $0 ?? number }
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            _ = signal(SIGINT, SIG_DFL)
            _ = signal(SIGTERM, SIG_DFL)
        }
        do {
            return try await task.value
        } catch {
            if let number = received.signal.withLock({ $0 }) { throw ExitCode(128 + number) }
            throw error
        }
    }
}
