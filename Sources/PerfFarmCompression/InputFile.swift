import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file chunk by chunk in constant memory, inflating it first when it is gzip-compressed.
///
/// Compression is recognised by content (gzip's magic bytes `1f 8b`), not by the file name, so a renamed
/// log reads as well as `pgbench_log.123.gz`.
public enum InputFile {
    /// The size of the chunks read from disk.
    public static let defaultChunkSize = 1024 * 1024

    /// Calls `body` with each chunk of the (decompressed) content of `path`.
    /// - Parameters:
    ///   - path: the file.
    ///   - chunkSize: bytes read from disk at a time.
    ///   - body: receives each chunk, valid during the call only.
    /// - Returns: whether the file was gzip-compressed.
    /// - Throws: ``PerfFarmError`` naming `path` when it cannot be read or its gzip data is corrupt or cut;
    ///   errors thrown by `body`.
    @discardableResult
    public static func read(
        path: String, chunkSize: Int = defaultChunkSize, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PerfFarmError(.fileAccess, "cannot open: \(systemError())", path: path)
        }
        defer { close(descriptor) }
        return try read(descriptor: descriptor, name: path, chunkSize: chunkSize, body)
    }

    /// Calls `body` with each chunk of the (decompressed) content read from `descriptor` until its end (standard
    /// input: `STDIN_FILENO`); the descriptor stays open.
    /// - Parameters:
    ///   - descriptor: an open descriptor.
    ///   - name: what errors call it (`standard input`).
    ///   - chunkSize: bytes read at a time.
    ///   - body: receives each chunk, valid during the call only.
    /// - Returns: whether the content was gzip-compressed.
    /// - Throws: ``PerfFarmError`` naming `name` as ``read(path:chunkSize:_:)``; errors thrown by `body`.
    @discardableResult
    public static func read(
        descriptor: Int32, name: String, chunkSize: Int = defaultChunkSize,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Bool {
        let path = name
        var buffer = [UInt8](repeating: 0, count: Swift.max(chunkSize, 16))
        var decompressor: GzipDecompressor?
        var first = true
        do {
            while true {
                let count = try buffer.withUnsafeMutableBytes { raw -> Int in
                    while true {
                        let count = Glibc_read(descriptor, raw.baseAddress!, raw.count)
                        if count >= 0 { return count }
                        if errno == EINTR { continue }
                        throw PerfFarmError(.fileAccess, "cannot read: \(systemError())", path: path)
                    }
                }
                if count == 0 { break }
                try buffer.withUnsafeBytes { raw in
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                    if first {
                        first = false
                        if chunk.count >= 2, chunk[0] == 0x1F, chunk[1] == 0x8B {
                            decompressor = try GzipDecompressor()
                        }
                    }
                    if decompressor != nil {
                        try decompressor!.decompress(chunk, body)
                    } else {
                        try body(chunk)
                    }
                }
            }
            try decompressor?.finish()
        } catch let error as PerfFarmError {
            throw error.at(path: path)
        }
        return decompressor != nil
    }

    /// Reads the whole (decompressed) content of `path`; for small files such as a run's stdout.
    /// - Throws: ``PerfFarmError`` as ``read(path:chunkSize:_:)``.
    public static func contents(path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try read(path: path) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// `read(2)`, named apart from `InputFile.read`.
@inline(__always)
private func Glibc_read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.read(descriptor, buffer, count)
    #else
        return Darwin.read(descriptor, buffer, count)
    #endif
}
