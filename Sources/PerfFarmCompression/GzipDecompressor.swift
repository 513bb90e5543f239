internal import CZlib
import PerfFarmCore

/// Inflates gzip (or zlib) data chunk by chunk, in constant memory.
///
/// Several gzip members one after the other (what `cat a.gz b.gz` or a log appended to after a restart
/// gives) are read as one stream, like `gzip -d` does.
public struct GzipDecompressor {
    /// The size of the output buffer handed to the caller.
    public static let outputChunkSize = 256 * 1024

    private let zlib: ZlibStream
    private var output: [UInt8]
    /// Whether the current member ended (`Z_STREAM_END`) and no byte of another one was seen since.
    private var atMemberEnd = false
    private var sawInput = false

    /// Creates a decompressor.
    /// - Throws: ``PerfFarmError`` when zlib cannot allocate its state.
    public init() throws {
        zlib = try ZlibStream(.inflate)
        output = [UInt8](repeating: 0, count: Self.outputChunkSize)
    }

    /// Inflates `input` and hands each piece of output to `body` (the piece is valid during the call only).
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/corruptCompressedInput``) when the data is not gzip or
    ///   is damaged; errors thrown by `body`.
    public mutating func decompress(
        _ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        sawInput = true
        let stream = zlib.stream
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while stream.pointee.avail_in > 0 {
            if atMemberEnd {
                // Another gzip member follows the one that ended.
                guard inflateReset(stream) == Z_OK else {
                    throw ZlibStream.error(Z_STREAM_ERROR, stream: stream, what: "read the next gzip member")
                }
                atMemberEnd = false
            }
            let status = try output.withUnsafeMutableBytes { buffer -> Int32 in
                stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(buffer.count)
                let status = inflate(stream, Z_NO_FLUSH)
                let produced = buffer.count - Int(stream.pointee.avail_out)
                if status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, produced > 0 {
                    try body(UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
                }
                return status
            }
            switch status {
            case Z_STREAM_END:
                atMemberEnd = true
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                return  // no progress possible without more input
            default:
                throw ZlibStream.error(status, stream: stream, what: "decompress the gzip data")
            }
        }
    }

    /// Checks that the data ended where a gzip member ends.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/truncatedInput``) when the data stopped in the middle
    ///   of a member.
    public func finish() throws {
        if sawInput, !atMemberEnd {
            throw PerfFarmError(.truncatedInput, "the gzip data ends before the end of its compressed stream")
        }
    }
}
