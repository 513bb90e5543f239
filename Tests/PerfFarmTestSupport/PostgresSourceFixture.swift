import Foundation
import Logging
import PerfFarmBuild
public import PerfFarmCore
public import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A git repository made from the real PostgreSQL 15.18 source (`../shared/upstream/postgresql-15.18.tar.bz2`
/// beside the package), for integration tests of git and build.
///
/// Branch `REL_15_STABLE` has one commit holding the whole source; branch `broken` has one more commit that
/// appends a syntax error to `src/common/archive.c`, the first file `make` compiles, so that its build fails
/// within seconds of configure.
public struct PostgresSourceFixture: Sendable {
    /// The directory holding the repository (and whatever tests put beside it).
    public let root: String
    /// The repository (a normal, non-bare repository).
    public let repository: String
    /// The head of `REL_15_STABLE`.
    public let stableCommit: String
    /// The head of `broken`.
    public let brokenCommit: String
    /// The commits of ``bisectBranch`` after ``stableCommit``, oldest first (see ``bisectSubjects``).
    public let bisectCommits: [String]

    /// The branch with the release source.
    public static let stableBranch = "REL_15_STABLE"
    /// The branch whose commit breaks the build.
    public static let brokenBranch = "broken"
    /// The file the broken commit breaks, and the line it appends.
    public static let brokenFile = "src/common/archive.c"
    public static let brokenLine = "int perffarm_broken_build = ;"

    /// A branch for bisection tests: 8 commits on top of the stable one, where commit 3 breaks the build, 4
    /// repairs it, and 5 makes every simple query spin (about half a millisecond: a read-only pgbench loses most
    /// of its tps); the others change text files only.
    public static let bisectBranch = "perffarm-bisect"
    public static let bisectSubjects = [
        "Reword the README", "Add a line to the README", "Add a second line to the README",
        "Break src/common/archive.c", "Repair src/common/archive.c", "Spin in exec_simple_query",
        "Add a third line to the README", "Add a fourth line to the README",
    ]
    /// The index in ``bisectCommits`` of the commit that breaks the build, and of the slow one.
    public static let bisectBrokenIndex = 3
    public static let bisectSlowIndex = 5

    /// The package's root directory (from this file's path).
    public static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The PostgreSQL 15.18 tarball: `../shared/upstream/postgresql-15.18.tar.bz2` from the package root.
    public static var tarball: String {
        URL(fileURLWithPath: packageRoot + "/../shared/upstream/postgresql-15.18.tar.bz2").standardizedFileURL.path
    }

    /// Whether the tarball is there.
    public static var tarballExists: Bool { FileManager.default.fileExists(atPath: tarball) }

    /// Extracts the tarball under `root` and turns it into a repository with both branches.
    /// - Parameters:
    ///   - root: an empty directory for the repository (created when missing).
    ///   - runner: how tar and git are run.
    public static func make(in root: String, runner: any CommandRunner) async throws -> PostgresSourceFixture {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // --no-same-owner: as root, tar would keep the packager's uid, and git would refuse the tree.
        try await runner.runChecked(
            Command("tar", ["--no-same-owner", "-xjf", tarball, "-C", root], timeout: .seconds(600)))
        let repository = root + "/postgresql-15.18"
        let identity = [
            "GIT_AUTHOR_NAME": "PostgreSQL Global Development Group",
            "GIT_AUTHOR_EMAIL": "pgsql-hackers@postgresql.org",
            "GIT_COMMITTER_NAME": "perffarm tests", "GIT_COMMITTER_EMAIL": "perffarm@localhost",
            "GIT_AUTHOR_DATE": "2025-02-17T21:00:00Z", "GIT_COMMITTER_DATE": "2025-02-17T21:00:00Z",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        func git(_ arguments: [String]) async throws -> String {
            let outcome = try await runner.runChecked(
                Command(
                    "git", arguments, environment: identity, workingDirectory: repository, timeout: .seconds(600),
                    output: .captured(limitBytes: 1 << 16)))
            return outcome.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try await git(["init", "--quiet", "--initial-branch=" + stableBranch])
        _ = try await git(["add", "--all"])
        _ = try await git(["commit", "--quiet", "--no-gpg-sign", "-m", "PostgreSQL 15.18"])
        let stable = try await git(["rev-parse", "HEAD"])
        _ = try await git(["checkout", "--quiet", "-b", brokenBranch])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: repository + "/" + brokenFile))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((brokenLine + "\n").utf8))
        try handle.close()
        _ = try await git(["commit", "--quiet", "--no-gpg-sign", "-am", "Break \(brokenFile)"])
        let broken = try await git(["rev-parse", "HEAD"])
        _ = try await git(["checkout", "--quiet", stableBranch])
        _ = try await git(["checkout", "--quiet", "-b", bisectBranch])
        var bisect: [String] = []
        for (index, subject) in bisectSubjects.enumerated() {
            switch index {
            case bisectBrokenIndex:
                try append(brokenLine + "\n", to: repository + "/" + brokenFile)
            case bisectBrokenIndex + 1:
                let path = repository + "/" + brokenFile
                let text = try String(contentsOfFile: path, encoding: .utf8)
                try Data(text.replacingOccurrences(of: brokenLine + "\n", with: "").utf8).write(
                    to: URL(fileURLWithPath: path))
            case bisectSlowIndex:
                let path = repository + "/src/backend/tcop/postgres.c"
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let start = "exec_simple_query(const char *query_string)\n{\n"
                precondition(text.contains(start), "postgres.c without exec_simple_query")
                let spin =
                    "\t{\n\t\tvolatile long perffarm_spin;\n\n"
                    + "\t\tfor (perffarm_spin = 0; perffarm_spin < 300000; perffarm_spin++)\n\t\t\t;\n\t}\n"
                try Data(text.replacingOccurrences(of: start, with: start + spin).utf8).write(
                    to: URL(fileURLWithPath: path))
            default:
                try append("\n\(subject) (a perffarm test commit).\n", to: repository + "/README")
            }
            _ = try await git(["commit", "--quiet", "--no-gpg-sign", "-am", subject])
            bisect.append(try await git(["rev-parse", "HEAD"]))
        }
        _ = try await git(["checkout", "--quiet", stableBranch])
        return PostgresSourceFixture(
            root: root, repository: repository, stableCommit: stable, brokenCommit: broken, bisectCommits: bisect)
    }

    private static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
