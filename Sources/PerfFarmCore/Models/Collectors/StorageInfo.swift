/// The file system and block device under a directory (the cluster's data directory).
public struct StorageInfo: Codable, Sendable, Equatable {
    /// The directory asked about.
    public var path: String
    /// The mount point that holds it.
    @Nullable public var mountPoint: String?
    /// The file system type (`ext4`, `xfs`, `apfs`, `tmpfs`, `overlay`).
    @Nullable public var filesystem: String?
    /// Per-mount options (`rw,relatime`), split on commas.
    public var mountOptions: [String]
    /// File-system specific options (`rw,discard,errors=remount-ro`), split on commas; empty on macOS.
    public var superOptions: [String]
    /// What is mounted (`/dev/nvme0n1p2`, `tmpfs`).
    @Nullable public var source: String?
    /// The kernel name of the block device (`nvme0n1p2`, `vda`, `dm-0`); `nil` for virtual file systems.
    @Nullable public var device: String?
    /// The whole disk holding `device` when `device` is a partition (`nvme0n1`), else `device`.
    @Nullable public var disk: String?
    /// Whether the disk says it rotates (`queue/rotational`).
    @Nullable public var rotational: Bool?
    /// The selected I/O scheduler (`none`, `mq-deadline`, `bfq`).
    @Nullable public var ioScheduler: String?
    /// The disk's model string, when exposed.
    @Nullable public var deviceModel: String?
    /// The size of `device` in bytes.
    @Nullable public var deviceSizeBytes: Int?
    /// The file system's size in bytes.
    @Nullable public var totalBytes: Int?
    /// Bytes available to an unprivileged user.
    @Nullable public var availableBytes: Int?
    /// Free inodes available to an unprivileged user.
    @Nullable public var availableInodes: Int?

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
}
