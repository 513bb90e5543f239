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

        /// The state letter (`R`, `S`, `Z`, ...) and process group of `pid` (`/proc/PID/stat`); `nil` when it is gone.
        package static func stateAndGroup(of pid: Int32) -> (state: Character, group: Int32)? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return nil }
            // After the command name: state, ppid, pgrp.
            let fields = stat[stat.index(after: end)...].split(separator: " ", maxSplits: 4)
            guard fields.count >= 3, let state = fields[0].first, let group = Int32(fields[2]) else { return nil }
            return (state, group)
        }

        /// Whether `pid` has exited and waits to be reaped.
        package static func isZombie(_ pid: Int32) -> Bool {
            stateAndGroup(of: pid)?.state == "Z"
        }

        /// The processes in process group `group` that have not exited (zombies left out).
        package static func liveMembers(ofGroup group: Int32) -> [Int32] {
            allProcessIDs().filter { pid in
                guard let process = stateAndGroup(of: pid) else { return false }
                return process.group == group && process.state != "Z" && process.state != "X"
            }
        }

        /// Whether a process other than a zombie is in process group `group`.
        package static func groupHasLiveMembers(_ group: Int32) -> Bool {
            !liveMembers(ofGroup: group).isEmpty
        }

        private static func link(_ path: String) -> String? {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
            return strippingDeleted(target)
        }
    }
#endif
