import Foundation
import PerfFarmCore

#if canImport(Glibc)
    package import Glibc
#elseif canImport(Darwin)
    package import Darwin
#endif

/// Gives the unprivileged OS user the directories PostgreSQL needs, and checks that it can reach them.
package enum FileOwnership {
    /// Makes `account` the owner of `path` (not recursive) and sets its mode.
    /// - Throws: ``PerfFarmError`` (`file_access`) when `chown` or `chmod` fails.
    package static func give(_ path: String, to account: OSAccount?, mode: mode_t) throws {
        if let account, chown(path, account.userID, account.groupID) != 0 {
            throw PerfFarmError(
                .fileAccess, "cannot give the directory to \(account.name): \(String(cString: strerror(errno)))",
                path: path)
        }
        if chmod(path, mode) != 0 {
            throw PerfFarmError(.fileAccess, "cannot set its mode: \(String(cString: strerror(errno)))", path: path)
        }
    }

    /// Makes `account` the owner of `path` and of everything under it.
    package static func giveRecursively(_ path: String, to account: OSAccount) {
        _ = chown(path, account.userID, account.groupID)
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return }
        for case let relative as String in enumerator {
            _ = lchown(path + "/" + relative, account.userID, account.groupID)
        }
    }

    /// The first directory on the way to `path` (itself included) that `account` may not search, or `nil`
    /// when it can reach `path`. Missing directories end the walk (they will be created by perffarm).
    package static func firstUnsearchableDirectory(on path: String, for account: OSAccount) -> String? {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var info = stat()
            guard stat(current, &info) == 0 else { return nil }
            guard canSearch(info, account: account) else { return current }
        }
        return nil
    }

    private static func canSearch(_ info: stat, account: OSAccount) -> Bool {
        if account.userID == 0 { return true }
        let mode = info.st_mode
        if info.st_uid == account.userID { return mode & S_IXUSR != 0 }
        if account.groupIDs.contains(info.st_gid) || info.st_gid == account.groupID { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }
}
