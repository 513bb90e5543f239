import PerfFarmCore

#if canImport(Glibc)
    package import Glibc
#elseif canImport(Darwin)
    package import Darwin
#endif

/// An OS user account, as a command running as that user needs it: uid, primary gid, all groups, home.
package struct OSAccount: Sendable, Equatable {
    /// The user name.
    package var name: String
    /// The user id.
    package var userID: uid_t
    /// The primary group id.
    package var groupID: gid_t
    /// Every group the user belongs to (primary and supplementary), as `initgroups` would set them.
    package var groupIDs: [gid_t]
    /// The home directory.
    package var homeDirectory: String

    /// `name (uid N)`, or `uid N` when the user database has no such user: for messages.
    package static func describe(userID: uid_t) -> String {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(userID, &entry, &buffer, buffer.count, &found) == 0, found != nil else {
            return "uid \(userID)"
        }
        return "\(String(cString: entry.pw_name)) (uid \(userID))"
    }

    /// Looks up the account `name` in the user database.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) when there is no such user.
    package static func lookup(_ name: String) throws -> OSAccount {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &found)
        guard status == 0, found != nil else {
            throw PerfFarmError(.invalidConfiguration, "no such user", key: name)
        }
        let userID = entry.pw_uid
        let groupID = entry.pw_gid
        let home = String(cString: entry.pw_dir)
        return OSAccount(
            name: name, userID: userID, groupID: groupID, groupIDs: groups(of: name, primary: groupID),
            homeDirectory: home)
    }

    private static func groups(of name: String, primary: gid_t) -> [gid_t] {
        var count: Int32 = 64
        while true {
            #if canImport(Darwin)
                var groups = [Int32](repeating: 0, count: Int(count))
                let status = getgrouplist(name, Int32(bitPattern: primary), &groups, &count)
                if status >= 0 { return groups.prefix(Int(count)).map { gid_t(bitPattern: $0) } }
            #else
                var groups = [gid_t](repeating: 0, count: Int(count))
                let status = getgrouplist(name, primary, &groups, &count)
                if status >= 0 { return Array(groups.prefix(Int(count))) }
            #endif
            count *= 2
        }
    }
}

extension OSAccount {
    /// The name of the user perffarm runs as (its effective user id when it has no name).
    package static var currentUserName: String {
        guard let entry = getpwuid(geteuid()) else { return String(geteuid()) }
        return String(cString: entry.pointee.pw_name)
    }
}
