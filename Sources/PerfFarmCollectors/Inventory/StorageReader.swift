public import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Describes the file system and block device under a directory.
public struct StorageReader: Sendable {
    /// The root the Linux files (`/proc/self/mountinfo`, `/sys/dev/block`) are read under.
    public var root: String

    /// Creates a reader.
    /// - Parameter root: `/` on a live machine, a folder of captured files in tests.
    public init(root: String = "/") {
        self.root = root
    }

    /// Describes the storage of `path` on this machine.
    /// - Parameter path: a directory (the data directory; its parent when it does not exist yet).
    /// - Returns: what could be found; fields stay `nil` when the machine does not expose them.
    public func describe(path: String) -> StorageInfo {
        var existing = path
        var information = stat()
        // A data directory may not exist yet: describe the nearest existing parent.
        while stat(existing, &information) != 0 {
            let parent = existing.split(separator: "/", omittingEmptySubsequences: true).dropLast()
            existing = "/" + parent.joined(separator: "/")
            if parent.isEmpty { break }
        }
        var info: StorageInfo
        #if os(Linux)
            let resolved = SystemFile.realPath(existing) ?? existing
            let device = UInt64(information.st_dev)
            let major = Int(((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff))
            let minor = Int((device & 0xff) | ((device >> 12) & ~0xff))
            info = describeLinux(path: path, resolvedPath: resolved, major: major, minor: minor)
        #elseif os(macOS)
            info = describeDarwin(path: path, existingPath: existing)
        #else
            info = StorageInfo(path: path)
        #endif
        var space = statvfs()
        if statvfs(existing, &space) == 0 {
            let blockSize = Int(space.f_frsize)
            info.totalBytes = Int(space.f_blocks) * blockSize
            info.availableBytes = Int(space.f_bavail) * blockSize
            info.availableInodes = Int(space.f_favail)
        }
        return info
    }

    /// Describes `path` on Linux from the mount table and sysfs under ``root`` (no system call).
    /// - Parameters:
    ///   - path: the directory asked about, as recorded.
    ///   - resolvedPath: its canonical path, to find the mount point.
    ///   - major: the major number of the directory's `st_dev`.
    ///   - minor: the minor number.
    /// - Returns: the mount and block device; space stays `nil`.
    public func describeLinux(path: String, resolvedPath: String, major: Int, minor: Int) -> StorageInfo {
        var info = StorageInfo(path: path)
        let mounts = SystemFile.text(file("/proc/self/mountinfo")).map(MountInfoParser.parse) ?? []
        // The mount of the same device whose mount point is the longest prefix of the path.
        let candidates = mounts.filter { entry in
            entry.major == major && entry.minor == minor
                && (resolvedPath == entry.mountPoint || entry.mountPoint == "/"
                    || resolvedPath.hasPrefix(entry.mountPoint + "/"))
        }
        if let mount = candidates.max(by: { $0.mountPoint.count < $1.mountPoint.count }) {
            info.mountPoint = mount.mountPoint
            info.filesystem = mount.filesystem
            info.mountOptions = mount.mountOptions
            info.superOptions = mount.superOptions
            info.source = mount.source
        }
        // Anonymous devices (major 0: tmpfs, overlay, btrfs subvolumes) have no block device.
        guard major != 0 else { return info }
        let link = file("/sys/dev/block/\(major):\(minor)")
        guard SystemFile.exists(link) else { return info }
        let deviceFolder = SystemFile.realPath(link) ?? link
        let uevent = SystemFile.text(deviceFolder + "/uevent").map(SysfsValueParser.keyValues) ?? [:]
        let deviceName = uevent["DEVNAME"] ?? deviceFolder.split(separator: "/").last.map(String.init)
        info.device = deviceName
        let diskFolder: String
        if SystemFile.exists(deviceFolder + "/partition") {
            diskFolder = String(deviceFolder[..<(deviceFolder.lastIndex(of: "/") ?? deviceFolder.endIndex)])
            info.disk = diskFolder.split(separator: "/").last.map(String.init)
        } else {
            diskFolder = deviceFolder
            info.disk = deviceName
        }
        info.rotational = SystemFile.line(diskFolder + "/queue/rotational").map { $0 == "1" }
        info.ioScheduler = SystemFile.text(diskFolder + "/queue/scheduler").flatMap(SysfsValueParser.selected)
        info.deviceModel = SystemFile.line(diskFolder + "/device/model")
        info.deviceSizeBytes = SystemFile.line(deviceFolder + "/size").flatMap { Int($0) }.map { $0 * 512 }
        return info
    }

    private func file(_ absolute: String) -> String {
        root == "/" || root.isEmpty ? absolute : (root.hasSuffix("/") ? String(root.dropLast()) : root) + absolute
    }
}
