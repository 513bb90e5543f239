internal import CLibPQ
import Synchronization

/// Asks the server to cancel the statement a connection is running (`PQcancel`), from any thread.
///
/// libpq makes this safe: a `PGcancel` is a copy of what the cancel request needs, independent of the
/// connection. The token is freed once, under its lock, so a cancel racing with `free()` never uses it freed.
final class PostgresCancelToken: Sendable {
    private let handle: Mutex<CancelHandle?>

    /// A token for `connection`, or one that does nothing when libpq cannot make one.
    init(connection: OpaquePointer) {
        handle = Mutex(PQgetCancel(connection).map(CancelHandle.init(pointer:)))
    }

    /// Sends the cancel request; the running statement ends with SQLSTATE 57014.
    func cancel() {
        handle.withLock { handle in
            guard let handle else { return }
            var message = [CChar](repeating: 0, count: 256)
            _ = PQcancel(handle.pointer, &message, Int32(message.count))
        }
    }

    /// Frees the `PGcancel`; later calls of ``cancel()`` do nothing.
    func free() {
        handle.withLock { handle in
            if let pointer = handle?.pointer { PQfreeCancel(pointer) }
            handle = nil
        }
    }

    deinit {
        free()
    }
}

/// A `PGcancel *`. `@unchecked Sendable` only so that the token's lock can hold it: it is used and freed
/// under that lock only.
struct CancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
