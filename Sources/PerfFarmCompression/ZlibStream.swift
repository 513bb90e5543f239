internal import CZlib
import PerfFarmCore

/// One zlib stream (inflate or deflate) at a fixed address, as zlib requires: it keeps a pointer back to
/// the `z_stream` and refuses a stream that moved.
final class ZlibStream {
    enum Mode {
        /// Inflate gzip or zlib data (the header is detected).
        case inflate
        /// Deflate to gzip at a compression level from 0 to 9.
        case deflate(level: Int32)
    }

    let mode: Mode
    let stream: UnsafeMutablePointer<z_stream>

    /// Initialises a stream.
    /// - Throws: ``PerfFarmError`` when zlib cannot allocate its state.
    init(_ mode: Mode) throws {
        self.mode = mode
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let size = Int32(MemoryLayout<z_stream>.size)
        let status: Int32
        switch mode {
        case .inflate:
            // 15 + 32: the largest window, and detect a gzip or zlib header.
            status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, size)
        case .deflate(let level):
            // 15 + 16: the largest window, and write a gzip header; memLevel 8 is zlib's default.
            status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, size)
        }
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZlibStream.error(status, stream: nil, what: "initialise zlib")
        }
    }

    deinit {
        switch mode {
        case .inflate: inflateEnd(stream)
        case .deflate: deflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The error for a zlib status, with zlib's own message when it gave one.
    static func error(_ status: Int32, stream: UnsafeMutablePointer<z_stream>?, what: String) -> PerfFarmError {
        var detail = "zlib status \(status)"
        if let message = stream?.pointee.msg { detail = String(cString: message) }
        let code: PerfFarmError.Code = status == Z_DATA_ERROR ? .corruptCompressedInput : .fileAccess
        return PerfFarmError(code, "could not \(what): \(detail)")
    }
}
