import Foundation
public import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostmasterPIDFile {
    /// Reads `<dataDirectory>/postmaster.pid`.
    /// - Parameter dataDirectory: the data directory.
    /// - Returns: the parsed file; `nil` when it is missing, unreadable or holds no PID.
    /// The file is in the server's data directory, which its OS user controls: it is read only when it is a
    /// regular file (never through a symbolic link) of the directory's owner.
    public static func read(dataDirectory: String) -> PostmasterPIDFile? {
        var status = stat()
        guard lstat(dataDirectory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
            let data = try? ConfinedDirectory(dataDirectory, owner: status.st_uid).read("postmaster.pid")
        else { return nil }
        return parse(String(decoding: data, as: UTF8.self))
    }
}
