/// Reads kernel settings from `/proc/sys` under a root: a curated list, or everything readable.
struct KernelSettingsReader {
    /// The root `/proc/sys` is read under.
    var root: String

    /// The curated list: every file of `vm/`, and these prefixes or names elsewhere.
    static let curatedPrefixes = [
        "kernel/sched_", "kernel/shm", "kernel/sem", "kernel/msgm", "kernel/numa_balancing", "kernel/pid_max",
        "kernel/threads-max", "kernel/perf_event_paranoid", "fs/file-max", "fs/aio-max-nr", "fs/nr_open",
        "net/core/somaxconn",
    ]

    /// The settings by dotted name (`vm.swappiness`), values with runs of blanks made single spaces.
    /// - Parameter all: every readable file under `/proc/sys` instead of the curated list.
    func read(all: Bool) -> [String: String] {
        let base =
            (root == "/" || root.isEmpty ? "" : (root.hasSuffix("/") ? String(root.dropLast()) : root))
            + "/proc/sys"
        var settings: [String: String] = [:]
        if all {
            walk(base, relative: "", into: &settings, depth: 0)
            return settings
        }
        walk(base + "/vm", relative: "vm", into: &settings, depth: 1)
        for folder in ["kernel", "fs", "net/core"] {
            for name in SystemFile.directoryEntries(base + "/" + folder) {
                let relative = folder + "/" + name
                guard Self.curatedPrefixes.contains(where: { relative.hasPrefix($0) }) else { continue }
                walk(base + "/" + relative, relative: relative, into: &settings, depth: 1)
            }
        }
        return settings
    }

    private func walk(_ path: String, relative: String, into settings: inout [String: String], depth: Int) {
        var information = stat()
        guard lstat(path, &information) == 0 else { return }
        let kind = information.st_mode & S_IFMT
        if kind == S_IFDIR {
            guard depth < 8 else { return }
            for name in SystemFile.directoryEntries(path).sorted() {
                walk(
                    path + "/" + name, relative: relative.isEmpty ? name : relative + "/" + name,
                    into: &settings, depth: depth + 1)
            }
        } else if kind == S_IFREG, information.st_mode & 0o444 != 0 {
            // Write-only files (vm/drop_caches, vm/compact_memory) are skipped by their mode.
            guard let text = SystemFile.text(path, limit: 64 << 10) else { return }
            let value = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
            settings[relative.replacingSlashesWithDots()] = value
        }
    }
}

extension String {
    func replacingSlashesWithDots() -> String {
        String(map { $0 == "/" ? "." : $0 })
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
