/// One line of `/proc/self/mountinfo`.
public struct MountEntry: Sendable, Equatable {
    /// The device numbers of the mounted file system (`st_dev` of files in it).
    public var major: Int, minor: Int
    /// The mount point.
    public var mountPoint: String
    /// Per-mount options, split on commas.
    public var mountOptions: [String]
    /// The file-system type.
    public var filesystem: String
    /// What is mounted (`/dev/vda1`, `tmpfs`).
    public var source: String
    /// File-system options, split on commas.
    public var superOptions: [String]
}

/// Parses `/proc/self/mountinfo` (see proc(5)): `id parent major:minor root mountpoint options
/// [optional fields...] - fstype source superoptions`, with spaces in paths written as `\040`.
public enum MountInfoParser {
    /// Parses the file's text.
    /// - Parameter text: the contents of `/proc/self/mountinfo`.
    /// - Returns: the mounts in file order (later mounts shadow earlier ones on the same point).
    public static func parse(_ text: String) -> [MountEntry] {
        var entries: [MountEntry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 10, let separator = fields.firstIndex(of: "-"), separator >= 6,
                separator + 2 < fields.count
            else { continue }
            let numbers = fields[2].split(separator: ":")
            guard numbers.count == 2, let major = Int(numbers[0]), let minor = Int(numbers[1]) else { continue }
            entries.append(
                MountEntry(
                    major: major, minor: minor, mountPoint: unescape(fields[4]),
                    mountOptions: fields[5].split(separator: ",").map(String.init),
                    filesystem: String(fields[separator + 1]), source: unescape(fields[separator + 2]),
                    superOptions: separator + 3 < fields.count
                        ? fields[separator + 3].split(separator: ",").map(String.init) : []))
        }
        return entries
    }

    /// Replaces the kernel's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash).
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0x5C, index + 4 <= utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)..<(index + 4)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
