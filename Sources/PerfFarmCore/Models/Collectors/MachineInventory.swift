public import Foundation

/// What the machine is, collected once per run: operating system, CPU, memory, kernel settings,
/// the storage under the data directory and the compiler used for the build.
public struct MachineInventory: Codable, Sendable, Equatable {
    /// When the inventory was taken.
    @Timestamp public var collectedAt: Date
    /// Operating system, kernel and host.
    public var os: OperatingSystemInfo
    /// Processor model, topology, caches, frequency policy.
    public var cpu: CPUInfo
    /// Physical memory, swap and huge pages.
    public var memory: MemoryInfo
    /// Kernel settings by dotted name (`vm.swappiness`, `kernel.shmmax`; `kern.maxfiles` on macOS), as printed.
    public var kernelSettings: [String: String]
    /// The file system and block device under the data directory (`nil` when no directory was given).
    @Nullable public var storage: StorageInfo?
    /// The C compiler used for the build (`nil` when not asked for or not found).
    @Nullable public var compiler: CompilerInfo?

    /// Creates an inventory.
    public init(
        collectedAt: Date, os: OperatingSystemInfo, cpu: CPUInfo, memory: MemoryInfo,
        kernelSettings: [String: String], storage: StorageInfo? = nil, compiler: CompilerInfo? = nil
    ) {
        self.collectedAt = collectedAt
        self.os = os
        self.cpu = cpu
        self.memory = memory
        self.kernelSettings = kernelSettings
        self.storage = storage
        self.compiler = compiler
    }

    enum CodingKeys: String, CodingKey {
        case collectedAt = "collected_at"
        case os, cpu, memory
        case kernelSettings = "kernel_settings"
        case storage, compiler
    }
}
