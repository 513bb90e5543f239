import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells whether a port can be used by a new cluster: nothing listens on 127.0.0.1 at that port, and no
/// server answers on the Unix socket of that port in the cluster's socket directory.
enum PortProbe {
    /// PostgreSQL's default port, never chosen by perffarm unless asked for explicitly.
    static let defaultPostgresPort = 5432

    /// Whether `port` is free for a server whose socket directory is `socketDirectory`.
    static func isFree(_ port: Int, socketDirectory: String) -> Bool {
        canBindLoopback(port) && !unixSocketAnswers(socketDirectory + "/.s.PGSQL.\(port)")
    }

    /// Whether a TCP socket can be bound to 127.0.0.1:`port` now (it is released at once).
    static func canBindLoopback(_ port: Int) -> Bool {
        guard (1...65535).contains(port) else { return false }
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }

    /// Whether something accepts connections on the Unix socket at `path`.
    static func unixSocketAnswers(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return connected == 0
    }

    /// The longest Unix socket path the platform accepts (`sun_path` without its NUL).
    static var maximumSocketPathLength: Int {
        MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
    }
}
