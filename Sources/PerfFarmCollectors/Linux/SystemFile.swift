import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the small text files of `/proc`, `/sys` and `/etc` with plain `open`/`read`: no Foundation on
/// the sampler's path, one read buffer per call, and `nil` rather than an error for a file that is not there
/// (a kernel without the field).
enum SystemFile {
    /// The whole file as text, or `nil` when it cannot be opened or read.
    /// - Parameters:
    ///   - path: the file.
    ///   - limit: the most bytes read (the rest is ignored).
    static func text(_ path: String, limit: Int = 4 << 20) -> String? {
        withBytes(path, limit: limit) { String(decoding: $0, as: UTF8.self) }
    }

    /// The file's first line without surrounding white space, or `nil` when missing or empty.
    static func line(_ path: String) -> String? {
        guard let text = text(path, limit: 64 << 10) else { return nil }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = line.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Calls `body` with the file's bytes, read into a temporary buffer, or returns `nil` when the file
    /// cannot be opened or read.
    /// - Parameters:
    ///   - path: the file.
    ///   - limit: the most bytes read.
    ///   - body: what to do with the bytes; they are valid only during the call.
    static func withBytes<T>(_ path: String, limit: Int = 4 << 20, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // /proc files report size 0, so read until end of file into a buffer that grows.
        var capacity = 16 << 10
        while true {
            let outcome: T?? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                var used = 0
                while used < capacity {
                    let count = read(fd, buffer.baseAddress! + used, capacity - used)
                    if count < 0 {
                        if errno == EINTR { continue }
                        return .some(nil)
                    }
                    if count == 0 { return .some(body(UnsafeBufferPointer(rebasing: buffer[0..<used]))) }
                    used += count
                }
                if capacity >= limit { return .some(body(UnsafeBufferPointer(rebasing: buffer[0..<used]))) }
                return nil  // full: read again with a bigger buffer
            }
            if let outcome { return outcome }
            capacity = min(capacity * 4, limit)
            guard lseek(fd, 0, SEEK_SET) == 0 else { return nil }
        }
    }

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The names in a directory (without `.` and `..`), unsorted; empty when it cannot be read.
    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The canonical path with symbolic links resolved, or `nil`.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
