#if os(Linux)
    import Foundation
    import Glibc
    import PerfFarmCore

    extension MachineInventoryReader {
        /// The Linux inventory, from files under ``root`` (and `uname` for what no file holds).
        func readLinux() -> MachineInventory {
            MachineInventory(
                collectedAt: Date(), os: readOperatingSystem(), cpu: readCPU(),
                memory: readMemory(),
                kernelSettings: KernelSettingsReader(root: root).read(all: allKernelSettings),
                storage: dataDirectory.map { StorageReader(root: root).describe(path: $0) })
        }

        func readOperatingSystem() -> OperatingSystemInfo {
            var info = OperatingSystemInfo()
            let release =
                (SystemFile.text(path("/etc/os-release")) ?? SystemFile.text(path("/usr/lib/os-release")))
                .map(OSReleaseParser.parse) ?? [:]
            info.name = release["NAME"]
            info.id = release["ID"]
            info.idLike = release["ID_LIKE"].map { $0.split(separator: " ").map(String.init) } ?? []
            info.versionID = release["VERSION_ID"]
            info.versionCodename = release["VERSION_CODENAME"]
            info.prettyName = release["PRETTY_NAME"]
            var names = utsname()
            let haveUname = uname(&names) == 0
            func field<T>(_ value: T) -> String? {
                guard haveUname else { return nil }
                return withUnsafeBytes(of: value) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
            }
            // /proc/sys/kernel holds the same strings as uname; read there so captured files can be used.
            info.kernelName = SystemFile.line(path("/proc/sys/kernel/ostype")) ?? field(names.sysname)
            info.kernelRelease = SystemFile.line(path("/proc/sys/kernel/osrelease")) ?? field(names.release)
            info.kernelVersion = SystemFile.line(path("/proc/sys/kernel/version")) ?? field(names.version)
            info.machine = field(names.machine)
            info.hostname = SystemFile.line(path("/proc/sys/kernel/hostname")) ?? field(names.nodename)
            let cpuinfo = SystemFile.text(path("/proc/cpuinfo")).map(CPUInfoParser.parse)
            info.virtualization = detectVirtualization(flags: cpuinfo?.flags ?? [])
            info.container = detectContainer(kernelRelease: info.kernelRelease)
            return info
        }

        func detectVirtualization(flags: [String]) -> String? {
            let vendor = (SystemFile.line(path("/sys/class/dmi/id/sys_vendor")) ?? "").lowercased()
            let product = (SystemFile.line(path("/sys/class/dmi/id/product_name")) ?? "").lowercased()
            let known: [(String, String)] = [
                ("qemu", "qemu"), ("kvm", "kvm"), ("vmware", "vmware"), ("microsoft", "microsoft"),
                ("xen", "xen"), ("amazon ec2", "amazon"), ("google", "google"), ("virtualbox", "virtualbox"),
                ("innotek", "virtualbox"), ("parallels", "parallels"), ("openstack", "openstack"),
                ("firecracker", "firecracker"),
            ]
            for (marker, name) in known where vendor.contains(marker) || product.contains(marker) { return name }
            if let hypervisor = SystemFile.line(path("/sys/hypervisor/type")) { return hypervisor }
            return flags.contains("hypervisor") ? "hypervisor" : nil
        }

        func detectContainer(kernelRelease: String?) -> String? {
            if SystemFile.exists(path("/.dockerenv")) { return "docker" }
            if SystemFile.exists(path("/run/.containerenv")) { return "podman" }
            let cgroup = SystemFile.text(path("/proc/1/cgroup")) ?? ""
            if cgroup.contains("kubepods") { return "kubernetes" }
            if cgroup.contains("docker") { return "docker" }
            if cgroup.contains("lxc") { return "lxc" }
            if let kernelRelease, kernelRelease.lowercased().contains("microsoft") { return "wsl" }
            return nil
        }

        func readCPU() -> CPUInfo {
            var cpu = CPUInfo()
            let parsed = SystemFile.text(path("/proc/cpuinfo")).map(CPUInfoParser.parse) ?? ParsedCPUInfo()
            let cpuRoot = path("/sys/devices/system/cpu")
            cpu.model = parsed.model
            cpu.vendor = parsed.vendor
            cpu.flags = parsed.flags
            cpu.threads = max(
                1, SystemFile.line(cpuRoot + "/online").flatMap(SysfsValueParser.cpuCount) ?? parsed.processors)
            // Topology from sysfs when cpuinfo has no `physical id` (ARM, some virtual machines).
            var packages = Set<String>()
            var cores = Set<String>()
            for name in SystemFile.directoryEntries(cpuRoot)
            where name.hasPrefix("cpu") && Int(name.dropFirst(3)) != nil {
                let topology = "\(cpuRoot)/\(name)/topology"
                guard let package = SystemFile.line(topology + "/physical_package_id"),
                    let core = SystemFile.line(topology + "/core_id")
                else { continue }
                packages.insert(package)
                cores.insert("\(package)/\(core)")
            }
            cpu.sockets = max(1, parsed.sockets ?? (packages.isEmpty ? 1 : packages.count))
            cpu.cores = max(1, parsed.cores ?? (cores.isEmpty ? cpu.threads : cores.count))
            let cpufreq = cpuRoot + "/cpu0/cpufreq"
            cpu.mhz =
                parsed.mhz ?? SystemFile.line(cpufreq + "/scaling_cur_freq").flatMap(Double.init).map { $0 / 1000 }
            cpu.maxMHz = SystemFile.line(cpufreq + "/cpuinfo_max_freq").flatMap(Double.init).map { $0 / 1000 }
            cpu.scalingGovernor = SystemFile.line(cpufreq + "/scaling_governor")
            if let boost = SystemFile.line(cpuRoot + "/cpufreq/boost") {
                cpu.boostEnabled = boost == "1"
            } else if let noTurbo = SystemFile.line(cpuRoot + "/intel_pstate/no_turbo") {
                cpu.boostEnabled = noTurbo == "0"
            }
            cpu.caches = readCaches(cpuRoot + "/cpu0/cache")
            if cpu.caches.isEmpty, let size = parsed.cacheSizeBytes {
                cpu.caches = [CPUInfo.Cache(level: 0, type: "Unified", sizeBytes: size)]
            }
            return cpu
        }

        func readCaches(_ folder: String) -> [CPUInfo.Cache] {
            SystemFile.directoryEntries(folder).filter { $0.hasPrefix("index") }.sorted().compactMap { index in
                let base = "\(folder)/\(index)"
                guard let level = SystemFile.line(base + "/level").flatMap({ Int($0) }),
                    let type = SystemFile.line(base + "/type"),
                    let size = SystemFile.line(base + "/size").flatMap(SysfsValueParser.size)
                else { return nil }
                let shared = SystemFile.line(base + "/shared_cpu_list").flatMap(SysfsValueParser.cpuCount)
                return CPUInfo.Cache(level: level, type: type, sizeBytes: size, sharedByCPUs: shared)
            }
        }

        func readMemory() -> MemoryInfo {
            let counters = SystemFile.text(path("/proc/meminfo")).map(MemInfoParser.parse) ?? MemInfoCounters()
            var memory = MemoryInfo(totalBytes: counters.total ?? 0)
            memory.freeBytes = counters.free
            memory.availableBytes = counters.available
            memory.buffersBytes = counters.buffers
            memory.cachedBytes = counters.cached
            memory.swapTotalBytes = counters.swapTotal
            memory.swapFreeBytes = counters.swapFree
            memory.hugePagesTotal = counters.hugePagesTotal
            memory.hugePagesFree = counters.hugePagesFree
            memory.hugePageSizeBytes = counters.hugePageSize
            let thp = path("/sys/kernel/mm/transparent_hugepage")
            memory.transparentHugePages = SystemFile.text(thp + "/enabled").flatMap(SysfsValueParser.selected)
            memory.transparentHugePagesDefrag = SystemFile.text(thp + "/defrag").flatMap(SysfsValueParser.selected)
            return memory
        }
    }
#endif
