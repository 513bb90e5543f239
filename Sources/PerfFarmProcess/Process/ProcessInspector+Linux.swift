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

        private static func link(_ path: String) -> String? {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
            return strippingDeleted(target)
        }
    }
#endif
