#if os(macOS)
    import Darwin
    import Foundation

    extension ProcessInspector {
        /// The executable of `pid` (`proc_pidpath`); `nil` when it cannot be read.
        package static func executablePath(of pid: Int32) -> String? {
            var buffer = [CChar](repeating: 0, count: 4 * Int(MAXPATHLEN))
            let length = proc_pidpath(pid, &buffer, UInt32(buffer.count))
            guard length > 0 else { return nil }
            return String(cString: buffer)
        }

        /// The working directory of `pid` (`PROC_PIDVNODEPATHINFO`); `nil` when it cannot be read.
        package static func workingDirectory(of pid: Int32) -> String? {
            var info = proc_vnodepathinfo()
            let size = Int32(MemoryLayout<proc_vnodepathinfo>.size)
            guard proc_pidinfo(pid, PROC_PIDVNODEPATHINFO, 0, &info, size) == size else { return nil }
            return withUnsafeBytes(of: &info.pvi_cdir.vip_path) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
        }

        /// Whether a process is in process group `group`; here, whether signalling the group works (a zombie
        /// leader counts, so callers fall back to their grace period).
        package static func groupHasLiveMembers(_ group: Int32) -> Bool {
            kill(-group, 0) == 0
        }

        /// Whether `pid` has exited and waits to be reaped (`proc_pidinfo`'s status).
        package static func isZombie(_ pid: Int32) -> Bool {
            var info = proc_bsdinfo()
            let size = Int32(MemoryLayout<proc_bsdinfo>.size)
            return proc_pidinfo(pid, PROC_PIDTBSDINFO, 0, &info, size) == size && info.pbi_status == SZOMB
        }

        /// Every PID (`proc_listallpids`).
        package static func allProcessIDs() -> [Int32] {
            let count = proc_listallpids(nil, 0)
            guard count > 0 else { return [] }
            var pids = [Int32](repeating: 0, count: Int(count) * 2)
            let found = proc_listallpids(&pids, Int32(pids.count * MemoryLayout<Int32>.size))
            guard found > 0 else { return [] }
            return Array(pids.prefix(Int(found))).filter { $0 > 0 }
        }
    }
#endif
