#if os(macOS)
    import Darwin
    import Foundation
    import PerfFarmCore

    extension MachineInventoryReader {
        /// The macOS inventory, from `sysctl` (`hw.*`, `machdep.cpu.*`, `kern.*`, `vm.*`) and the property
        /// list `sw_vers` reads.
        func readDarwin() -> MachineInventory {
            MachineInventory(
                collectedAt: Date(), os: darwinOperatingSystem(),
                cpu: darwinCPU(), memory: darwinMemory(),
                kernelSettings: DarwinSysctl.settings(DarwinSysctl.curatedNames),
                storage: dataDirectory.map { StorageReader(root: root).describe(path: $0) })
        }

        func darwinOperatingSystem() -> OperatingSystemInfo {
            var info = OperatingSystemInfo()
            // What `sw_vers` prints comes from this property list.
            let plistPath = "/System/Library/CoreServices/SystemVersion.plist"
            var productName: String?
            var productVersion: String?
            if let data = FileManager.default.contents(atPath: plistPath),
                let plist = try? PropertyListSerialization.propertyList(from: data, options: [], format: nil)
                    as? [String: Any]
            {
                productName = plist["ProductName"] as? String
                productVersion = plist["ProductVersion"] as? String
            }
            info.name = productName ?? "macOS"
            info.id = "macos"
            info.versionID = productVersion ?? DarwinSysctl.string("kern.osproductversion")
            let build = DarwinSysctl.string("kern.osversion")
            info.prettyName = "\(info.name ?? "macOS") \(info.versionID ?? "")" + (build.map { " (\($0))" } ?? "")
            info.kernelName = DarwinSysctl.string("kern.ostype")
            info.kernelRelease = DarwinSysctl.string("kern.osrelease")
            info.kernelVersion = DarwinSysctl.string("kern.version")
            info.machine = DarwinSysctl.string("hw.machine")
            info.hostname = DarwinSysctl.string("kern.hostname")
            if DarwinSysctl.int("kern.hv_vmm_present") == 1 { info.virtualization = "hypervisor" }
            return info
        }

        func darwinCPU() -> CPUInfo {
            var cpu = CPUInfo()
            cpu.model = DarwinSysctl.string("machdep.cpu.brand_string")
            cpu.vendor =
                DarwinSysctl.string("machdep.cpu.vendor") ?? (cpu.model?.hasPrefix("Apple") == true ? "Apple" : nil)
            cpu.sockets = max(1, DarwinSysctl.int("hw.packages") ?? 1)
            cpu.cores = max(1, DarwinSysctl.int("hw.physicalcpu") ?? 1)
            cpu.threads = max(1, DarwinSysctl.int("hw.logicalcpu") ?? cpu.cores)
            cpu.mhz = DarwinSysctl.int("hw.cpufrequency").map { Double($0) / 1_000_000 }
            cpu.maxMHz = DarwinSysctl.int("hw.cpufrequency_max").map { Double($0) / 1_000_000 }
            let caches: [(String, Int, String)] = [
                ("hw.l1icachesize", 1, "Instruction"), ("hw.l1dcachesize", 1, "Data"),
                ("hw.l2cachesize", 2, "Unified"), ("hw.l3cachesize", 3, "Unified"),
            ]
            cpu.caches = caches.compactMap { name, level, type in
                guard let size = DarwinSysctl.int(name), size > 0 else { return nil }
                return CPUInfo.Cache(level: level, type: type, sizeBytes: size)
            }
            let features = [
                DarwinSysctl.string("machdep.cpu.features"), DarwinSysctl.string("machdep.cpu.leaf7_features"),
            ]
            .compactMap { $0 }.joined(separator: " ")
            cpu.flags = Set(features.split(separator: " ").map { $0.lowercased() }).sorted()
            return cpu
        }

        func darwinMemory() -> MemoryInfo {
            var memory = MemoryInfo(totalBytes: DarwinSysctl.int("hw.memsize") ?? 0)
            let pageSize = DarwinSysctl.int("hw.pagesize") ?? 4096
            memory.freeBytes = DarwinSysctl.int("vm.page_free_count").map { $0 * pageSize }
            var usage = xsw_usage()
            var size = MemoryLayout<xsw_usage>.size
            if sysctlbyname("vm.swapusage", &usage, &size, nil, 0) == 0 {
                memory.swapTotalBytes = Int(usage.xsu_total)
                memory.swapFreeBytes = Int(usage.xsu_avail)
            }
            return memory
        }
    }

    /// Reads `sysctl` values by name.
    enum DarwinSysctl {
        /// The kernel settings recorded on macOS (the counterpart of the curated `/proc/sys` list).
        static let curatedNames = [
            "kern.maxfiles", "kern.maxfilesperproc", "kern.maxproc", "kern.maxprocperuid", "kern.ipc.somaxconn",
            "kern.ipc.maxsockbuf", "kern.sysv.shmmax", "kern.sysv.shmmin", "kern.sysv.shmmni", "kern.sysv.shmseg",
            "kern.sysv.shmall", "kern.sysv.semmni", "kern.sysv.semmns", "kern.sysv.semmnu", "kern.sysv.semmsl",
            "kern.sysv.semume", "kern.timer.coalescing_enabled", "vm.swapfileprefix", "vm.compressor_mode",
            "hw.memsize", "hw.pagesize", "hw.ncpu", "hw.activecpu",
        ]

        /// Each name's value as text (numbers in decimal); names the kernel does not know are left out.
        static func settings(_ names: [String]) -> [String: String] {
            var result: [String: String] = [:]
            for name in names {
                if let number = int(name) {
                    result[name] = String(number)
                } else if let text = string(name) {
                    result[name] = text
                }
            }
            return result
        }

        /// A string value, or `nil` when the name is unknown or not a string.
        static func string(_ name: String) -> String? {
            var size = 0
            guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: size)
            guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
            let text = String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
            return text.isEmpty ? nil : text
        }

        /// An integer value of 4 or 8 bytes, or `nil`.
        static func int(_ name: String) -> Int? {
            var size = 0
            guard sysctlbyname(name, nil, &size, nil, 0) == 0 else { return nil }
            if size == MemoryLayout<Int32>.size {
                var value: Int32 = 0
                guard sysctlbyname(name, &value, &size, nil, 0) == 0 else { return nil }
                return Int(value)
            }
            if size == MemoryLayout<Int64>.size {
                var value: Int64 = 0
                guard sysctlbyname(name, &value, &size, nil, 0) == 0 else { return nil }
                return Int(value)
            }
            return nil
        }
    }
#endif
