#if os(macOS)
    import Darwin
    import PerfFarmCore

    extension StorageReader {
        /// Describes `path` on macOS with `statfs`: mount point, file-system type, source and mount flags.
        /// The rotational flag, scheduler and model need IOKit and stay `nil`.
        func describeDarwin(path: String, existingPath: String) -> StorageInfo {
            var info = StorageInfo(path: path)
            var fs = statfs()
            guard statfs(existingPath, &fs) == 0 else { return info }
            func text<T>(_ field: T) -> String {
                withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            }
            info.filesystem = text(fs.f_fstypename)
            info.mountPoint = text(fs.f_mntonname)
            let source = text(fs.f_mntfromname)
            info.source = source
            if source.hasPrefix("/dev/") {
                let device = String(source.dropFirst("/dev/".count))
                info.device = device
                // disk3s1s1 → disk3: the whole disk is the `diskN` prefix.
                let digits = device.dropFirst("disk".count).prefix(while: { $0.isNumber })
                info.disk = device.hasPrefix("disk") && !digits.isEmpty ? "disk" + digits : device
            }
            let flags = UInt64(fs.f_flags)
            let known: [(Int32, String)] = [
                (MNT_NOSUID, "nosuid"), (MNT_NODEV, "nodev"), (MNT_NOEXEC, "noexec"), (MNT_NOATIME, "noatime"),
                (MNT_JOURNALED, "journaled"), (MNT_LOCAL, "local"), (MNT_DONTBROWSE, "nobrowse"),
            ]
            info.mountOptions =
                [(flags & UInt64(MNT_RDONLY)) != 0 ? "ro" : "rw"]
                + known.filter { flags & UInt64($0.0) != 0 }.map(\.1)
            return info
        }
    }
#endif
