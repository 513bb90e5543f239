import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// The installs kept in the work area, one prefix per cache key, with the newest N kept.
///
/// The key is the SHA-256 of everything that changes the installed binaries: the commit, the configure
/// options, the compiler command and its version line, the compiler environment (`CC`, `CFLAGS`, ...), the
/// patches' contents. An install is complete when its `build-result.json` exists (written last); an
/// incomplete one (an interrupted build) is removed by the next build. Each use marks the install as
/// recently used, and the least recently used beyond the limit are removed.
struct InstallCache: Sendable {
    /// What the key is made of.
    struct KeyInputs: Sendable, Equatable {
        var commit: String
        var configureOptions: [String]
        var compilerCommand: String
        var compilerVersion: String
        var compilerEnvironment: [String: String]
        var patches: [SourcePatch]

        /// The text hashed into the key, one fact a line, in a fixed order.
        var canonicalText: String {
            var lines = ["perffarm install cache 1", "commit \(commit)"]
            lines += configureOptions.map { "configure \($0)" }
            lines.append("compiler \(compilerCommand)")
            lines.append("compiler-version \(compilerVersion)")
            lines += compilerEnvironment.sorted { $0.key < $1.key }.map { "environment \($0.key)=\($0.value)" }
            lines += patches.map { "patch \($0.sha256)" }
            lines.append("contrib pg_stat_statements")
            return lines.joined(separator: "\n") + "\n"
        }

        /// The cache key: SHA-256 of ``canonicalText``, in hex.
        var key: String { SHA256Hex.digest(canonicalText) }
    }

    /// The environment variables that configure reads and that change what is built.
    static let compilerEnvironmentVariables = [
        "CC", "CPP", "CFLAGS", "CPPFLAGS", "LDFLAGS", "LIBS", "CXX", "CXXFLAGS", "PKG_CONFIG_PATH",
    ]

    /// The name of the result file in an install directory.
    static let resultFileName = "build-result.json"

    /// The work area.
    let workArea: WorkArea

    /// The install prefix of `key`: `installs/<first 16 hex digits>`.
    func prefix(for key: String) -> String {
        workArea.installs + "/" + String(key.prefix(16))
    }

    /// The stored result of a complete install for `key`, or `nil`.
    func lookup(_ key: String) -> BuildResult? {
        let prefix = prefix(for: key)
        let file = prefix + "/" + Self.resultFileName
        guard let data = try? FileSystem.read(file),
            let result = try? BuildResultJSON.decode(data),
            result.cacheKey == key, result.status == .succeeded,
            FileSystem.exists(prefix + "/bin/postgres")
        else { return nil }
        FileSystem.touch(file)
        return result
    }

    /// Stores `result` as the marker of a complete install.
    func store(_ result: BuildResult) throws {
        try FileSystem.writeAtomically(
            try BuildResultJSON.encode(result), to: prefix(for: result.cacheKey) + "/" + Self.resultFileName)
    }

    /// Removes incomplete installs and all but the `keep` most recently used complete ones; `current` is
    /// never removed. Call with the work area locked.
    /// - Returns: the removed directories.
    @discardableResult
    func prune(keep: Int, current: String?, logger: Logger) -> [String] {
        let currentName = current.map { String($0.prefix(16)) }
        var complete: [(name: String, used: Date)] = []
        var removed: [String] = []
        for name in FileSystem.contents(workArea.installs) where name != currentName {
            let path = workArea.installs + "/" + name
            if let used = FileSystem.modificationDate(path + "/" + Self.resultFileName) {
                complete.append((name, used))
            } else {
                removed.append(path)
            }
        }
        let room = max(0, keep - (currentName == nil ? 0 : 1))
        removed += complete.sorted { $0.used > $1.used }.dropFirst(room).map { workArea.installs + "/" + $0.name }
        for path in removed {
            logger.debug("removing install", metadata: ["path": "\(path)"])
            try? FileSystem.remove(path)
        }
        return removed
    }
}
