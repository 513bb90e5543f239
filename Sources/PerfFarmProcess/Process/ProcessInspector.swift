import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Looks at processes by PID to tell whether one is a postgres of a given data directory, and lists the
/// processes working inside a directory. Never looks processes up by name.
///
/// A postgres server and every backend it forks change into the data directory, so "a postgres of this data
/// directory" is a process whose executable is `postgres` (or `postmaster`) and whose working directory is
/// the data directory. pgbench and psql started by perffarm work in the cluster's directory too.
package enum ProcessInspector {
    /// Whether a process with this PID exists (also when it belongs to another user).
    package static func exists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Whether `pid` is a live postgres process working in `dataDirectory`.
    package static func isPostgres(_ pid: Int32, dataDirectory: String) -> Bool {
        guard exists(pid), let executable = executablePath(of: pid), let directory = workingDirectory(of: pid)
        else { return false }
        let name = (executable as NSString).lastPathComponent
        guard name == "postgres" || name == "postmaster" else { return false }
        return directory == resolved(dataDirectory)
    }

    /// The postgres processes (postmaster and backends) working in `dataDirectory`.
    package static func postgresProcesses(dataDirectory: String) -> [Int32] {
        allProcessIDs().filter { isPostgres($0, dataDirectory: dataDirectory) }
    }

    /// The processes whose working directory is `directory` or inside it (this process excluded).
    package static func processes(inside directory: String) -> [Int32] {
        let root = resolved(directory)
        let me = getpid()
        return allProcessIDs().filter { pid in
            guard pid != me, let cwd = workingDirectory(of: pid) else { return false }
            return cwd == root || cwd.hasPrefix(root + "/")
        }
    }

    /// `path` with symbolic links resolved, as the kernel reports working directories.
    package static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// A path as the kernel reports it, without the ` (deleted)` a removed file or directory gets.
    package static func strippingDeleted(_ path: String) -> String {
        path.hasSuffix(" (deleted)") ? String(path.dropLast(" (deleted)".count)) : path
    }
}
