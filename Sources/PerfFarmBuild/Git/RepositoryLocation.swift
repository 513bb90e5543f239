import Foundation
import PerfFarmProcess

/// Where a repository is fetched from, and the names perffarm gives its mirror and trees.
public struct RepositoryLocation: Sendable, Equatable {
    /// The URL or path to fetch from; a local path is made absolute.
    public let fetchURL: String
    /// The local directory of the repository, when ``fetchURL`` is a path or a `file://` URL.
    public let localPath: String?

    /// Parses a URL (`https://…`, `ssh://…`, `git@host:path`, `file:///…`) or a local path.
    public init(_ urlOrPath: String) {
        if let range = urlOrPath.range(of: "://") {
            fetchURL = urlOrPath
            let scheme = urlOrPath[..<range.lowerBound].lowercased()
            localPath = scheme == "file" ? String(urlOrPath[range.upperBound...]) : nil
        } else if Self.isSCPLike(urlOrPath) {
            fetchURL = urlOrPath
            localPath = nil
        } else {
            let path = FileSystem.absolute(urlOrPath)
            fetchURL = path
            localPath = path
        }
    }

    /// `host:path` (git's scp-like syntax): a colon before the first slash.
    private static func isSCPLike(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        if let slash = text.firstIndex(of: "/"), slash < colon { return false }
        return true
    }

    /// The file name of the mirror and of the tree folder: the repository's last path component (without
    /// `.git`) and 12 hex digits of the SHA-256 of ``fetchURL``, so that two URLs never share a mirror.
    public var mirrorName: String {
        var last = fetchURL
        while last.hasSuffix("/") { last.removeLast() }
        last = String(last.split(whereSeparator: { $0 == "/" || $0 == ":" }).last ?? "")
        if last.hasSuffix(".git") { last.removeLast(4) }
        let name = Self.slug(last, maxLength: 40)
        return (name.isEmpty ? "repository" : name) + "-" + String(SHA256Hex.digest(fetchURL).prefix(12))
    }

    /// The folder name of a branch's tree: the branch name with unsafe characters replaced, plus a short
    /// hash when anything was replaced (so `a/b` and `a_b` stay apart).
    public static func branchFolder(_ branch: String) -> String {
        let name = slug(branch, maxLength: 60)
        if name == branch, !name.hasPrefix(".") { return name }
        return (name.isEmpty ? "branch" : name) + "-" + String(SHA256Hex.digest(branch).prefix(8))
    }

    static func slug(_ text: String, maxLength: Int) -> String {
        let mapped = text.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": Character(scalar)
            default: "_"
            }
        }
        return String(String(mapped).prefix(maxLength))
    }
}
