internal import CZlib
import PerfFarmCore

/// Deflates data into gzip format chunk by chunk, in constant memory.
public struct GzipCompressor {
    private let zlib: ZlibStream
    private var output: [UInt8]

    /// Creates a compressor.
    /// - Parameter level: the compression level, 1 (fastest) to 9 (smallest); 6 is gzip's default.
    /// - Throws: ``PerfFarmError`` when zlib cannot allocate its state or the level is out of range.
    public init(level: Int = 6) throws {
        guard (1...9).contains(level) else {
            throw PerfFarmError(.invalidConfiguration, "the gzip level must be 1 to 9, not \(level)", key: "level")
        }
        zlib = try ZlibStream(.deflate(level: Int32(level)))
        output = [UInt8](repeating: 0, count: 256 * 1024)
    }

    /// Compresses `input` and hands each piece of gzip output to `body`.
    public mutating func compress(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        guard let base = input.baseAddress, input.count > 0 else { return }
        let stream = zlib.stream
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while stream.pointee.avail_in > 0 {
            try run(Z_NO_FLUSH, body)
        }
    }

    /// Writes the end of the gzip stream (its last block and checksum) to `body`.
    public mutating func finish(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while try run(Z_FINISH, body) != Z_STREAM_END {}
    }

    @discardableResult
    private mutating func run(_ flush: Int32, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int32 {
        let stream = zlib.stream
        return try output.withUnsafeMutableBytes { buffer -> Int32 in
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw ZlibStream.error(status, stream: stream, what: "compress with gzip")
            }
            let produced = buffer.count - Int(stream.pointee.avail_out)
            if produced > 0 { try body(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
            return status
        }
    }
}
