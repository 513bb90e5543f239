/// The file system and block device under a directory (the cluster's data directory).
public struct StorageInfo: Codable, Sendable, Equatable {
    /// The directory asked about.
    public var path: String
    /// The mount point that holds it.
    public var mountPoint: String?
    /// The file system type (`ext4`, `xfs`, `apfs`, `tmpfs`, `overlay`).
    public var filesystem: String?
    /// Per-mount options (`rw,relatime`), split on commas.
    public var mountOptions: [String]
    /// File-system specific options (`rw,discard,errors=remount-ro`), split on commas; empty on macOS.
    public var superOptions: [String]
    /// What is mounted (`/dev/nvme0n1p2`, `tmpfs`).
    public var source: String?
    /// The kernel name of the block device (`nvme0n1p2`, `vda`, `dm-0`); `nil` for virtual file systems.
    public var device: String?
    /// The whole disk holding `device` when `device` is a partition (`nvme0n1`), else `device`.
    public var disk: String?
    /// Whether the disk says it rotates (`queue/rotational`).
    public var rotational: Bool?
    /// The selected I/O scheduler (`none`, `mq-deadline`, `bfq`).
    public var ioScheduler: String?
    /// The disk's model string, when exposed.
    public var deviceModel: String?
    /// The size of `device` in bytes.
    public var deviceSizeBytes: Int?
    /// The file system's size in bytes.
    public var totalBytes: Int?
    /// Bytes available to an unprivileged user.
    public var availableBytes: Int?
    /// Free inodes available to an unprivileged user.
    public var availableInodes: Int?

    /// Creates a description of `path` with nothing known yet.
    public init(path: String) {
        self.path = path
        mountOptions = []
        superOptions = []
    }

    enum CodingKeys: String, CodingKey {
        case path
        case mountPoint = "mount_point"
        case filesystem
        case mountOptions = "mount_options"
        case superOptions = "super_options"
        case source, device, disk, rotational
        case ioScheduler = "io_scheduler"
        case deviceModel = "device_model"
        case deviceSizeBytes = "device_size_bytes"
        case totalBytes = "total_bytes"
        case availableBytes = "available_bytes"
        case availableInodes = "available_inodes"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(mountPoint, forKey: .mountPoint)
        try c.encode(filesystem, forKey: .filesystem)
        try c.encode(mountOptions, forKey: .mountOptions)
        try c.encode(superOptions, forKey: .superOptions)
        try c.encode(source, forKey: .source)
        try c.encode(device, forKey: .device)
        try c.encode(disk, forKey: .disk)
        try c.encode(rotational, forKey: .rotational)
        try c.encode(ioScheduler, forKey: .ioScheduler)
        try c.encode(deviceModel, forKey: .deviceModel)
        try c.encode(deviceSizeBytes, forKey: .deviceSizeBytes)
        try c.encode(totalBytes, forKey: .totalBytes)
        try c.encode(availableBytes, forKey: .availableBytes)
        try c.encode(availableInodes, forKey: .availableInodes)
    }
}
