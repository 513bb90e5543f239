import Foundation
public import PerfFarmCore

/// Reads the ``MachineInventory`` natively: `/proc`, `/sys`, `/etc/os-release` and system calls on Linux,
/// `sysctl` on macOS; no shell, no `lsb_release`.
///
/// On Linux every file is read under ``root``, so tests point the reader at a folder of captured files.
public struct MachineInventoryReader: Collector {
    /// The file-system root the Linux files are read under (`/` on a live machine).
    public var root: String
    /// The directory whose storage is described (the cluster's data directory); none when `nil`.
    public var dataDirectory: String?
    /// Whether to dump every readable file under `/proc/sys` instead of the curated list.
    public var allKernelSettings: Bool
    /// How to read the compiler version; none when `nil`.
    public var compiler: CompilerVersionReader?

    public var name: String { "machine_inventory" }

    /// Creates a reader.
    /// - Parameters:
    ///   - root: the root the Linux files are read under; `/` by default.
    ///   - dataDirectory: the directory whose file system and device to describe.
    ///   - allKernelSettings: dump all of `/proc/sys` (`sysctl -a` on macOS) rather than the curated list.
    ///   - compiler: the compiler reader, when the build's compiler should be recorded.
    public init(
        root: String = "/", dataDirectory: String? = nil, allKernelSettings: Bool = false,
        compiler: CompilerVersionReader? = nil
    ) {
        self.root = root
        self.dataDirectory = dataDirectory
        self.allKernelSettings = allKernelSettings
        self.compiler = compiler
    }

    /// Reads the inventory.
    /// - Returns: the inventory; fields the machine does not expose are `nil`.
    /// - Throws: ``PerfFarmError`` (`unsupported_platform`) on an operating system without a reader, and
    ///   what the compiler reader throws.
    public func collect() async throws -> MachineInventory {
        let compilerInfo = try await compiler?.collect()
        #if os(Linux)
            var inventory = readLinux()
        #elseif os(macOS)
            var inventory = readDarwin()
        #else
            throw PerfFarmError(.unsupportedPlatform, "the machine inventory reads Linux and macOS only")
        #endif
        inventory.compiler = compilerInfo
        return inventory
    }

    /// `path` (absolute) under ``root``.
    func path(_ path: String) -> String {
        root == "/" || root.isEmpty ? path : (root.hasSuffix("/") ? String(root.dropLast()) : root) + path
    }
}
