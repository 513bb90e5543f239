#if os(Linux)
    import Foundation

    extension ProcessInspector {
        /// The executable of `pid` (`/proc/PID/exe`); `nil` when it cannot be read.
        package static func executablePath(of pid: Int32) -> String? {
            link("/proc/\(pid)/exe")
        }

        /// The working directory of `pid` (`/proc/PID/cwd`); `nil` when it cannot be read.
        package static func workingDirectory(of pid: Int32) -> String? {
            link("/proc/\(pid)/cwd")
        }

        /// Every PID in `/proc`.
        package static func allProcessIDs() -> [Int32] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        }

        /// Whether a process other than a zombie is in process group `group` (`/proc/PID/stat`).
        package static func groupHasLiveMembers(_ group: Int32) -> Bool {
            allProcessIDs().contains { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let end = stat.lastIndex(of: ")")
                else { return false }
                // After the command name: state, ppid, pgrp.
                let fields = stat[stat.index(after: end)...].split(separator: " ", maxSplits: 4)
                return fields.count >= 3 && fields[0] != "Z" && fields[0] != "X" && Int32(fields[2]) == group
            }
        }

        private static func link(_ path: String) -> String? {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
            return strippingDeleted(target)
        }
    }
#endif
