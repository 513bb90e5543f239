import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@testable import PerfFarmBuild

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small real repository, made with `git` in a temporary directory (removed with the value):
///
/// ```
/// main:   c1 ─ c2 (tag v1.0) ─ c3 ─────────── merge ─ c4
///                  └─ side: s1 ─ s2 ───────────┘
/// feature/x: at c3
/// ```
///
/// Every commit has fixed author and committer dates (an hour apart from one commit to the next, the
/// committer a minute after the author), and no global or system git configuration is read while making it.
final class GitTestRepository: Sendable {
    let directory: TemporaryDirectory
    /// The repository (a working tree, `main` checked out).
    var path: String { directory.path + "/repo" }
    /// The full hash of each commit, by name (`c1`, `c2`, `c3`, `s1`, `s2`, `merge`, `c4`).
    let hashes: [String: String]

    /// The subject of each commit, by name.
    static let subjects = [
        "c1": "Initial commit",
        "c2": #"Fix the | pipe, "double" and 'single' quotes — ünïcödé ✓ 日本"#,
        "c3": "Main after the fork",
        "s1": "Side: first",
        "s2": "Side: second",
        "merge": "Merge branch 'side'",
        "c4": "Last commit on main",
    ]
    /// The author, with non-ASCII letters.
    static let authorName = "Zoë Ñandú"
    static let authorEmail = "zoe@example.org"
    /// 2025-01-01T10:00:00Z: the author date of `c1`.
    static let baseSeconds = 1_735_725_600
    /// The order commits are made in, which gives their dates.
    static let order = ["c1", "c2", "s1", "s2", "c3", "merge", "c4"]

    /// The author date of a commit.
    static func authorDate(_ name: String) -> Date {
        Date(timeIntervalSince1970: TimeInterval(baseSeconds + order.firstIndex(of: name)! * 3600))
    }

    /// The committer date of a commit: a minute after its author date.
    static func committerDate(_ name: String) -> Date {
        authorDate(name).addingTimeInterval(60)
    }

    /// The live runner the repository is made and read with.
    let runner: LiveCommandRunner

    init() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-git")
        let runner = LiveCommandRunner(logger: Logger(label: "test"))
        self.directory = directory
        self.runner = runner
        let path = directory.path + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var hashes: [String: String] = [:]

        func git(_ arguments: [String], dates name: String? = nil) async throws -> String {
            var environment: [String: String?] = [
                "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": Self.authorName, "GIT_AUTHOR_EMAIL": Self.authorEmail,
                "GIT_COMMITTER_NAME": "perffarm tests", "GIT_COMMITTER_EMAIL": "perffarm@localhost",
            ]
            if let name {
                let author = Int(Self.authorDate(name).timeIntervalSince1970)
                environment["GIT_AUTHOR_DATE"] = "@\(author) +0000"
                environment["GIT_COMMITTER_DATE"] = "@\(author + 60) +0000"
            }
            let outcome = try await runner.runChecked(
                Command(
                    "git", arguments, environment: environment, workingDirectory: path, timeout: .seconds(60),
                    output: .captured))
            return outcome.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func commit(_ name: String) async throws {
            let file = path + "/\(name).txt"
            try Data("\(name)\n".utf8).write(to: URL(fileURLWithPath: file))
            _ = try await git(["add", "\(name).txt"])
            _ = try await git(["commit", "--quiet", "--no-gpg-sign", "-m", Self.subjects[name]!], dates: name)
            hashes[name] = try await git(["rev-parse", "HEAD"])
        }

        _ = try await git(["init", "--quiet", "--initial-branch=main"])
        try await commit("c1")
        try await commit("c2")
        _ = try await git(["tag", "--annotate", "--no-sign", "-m", "Release 1.0", "v1.0"], dates: "c2")
        _ = try await git(["checkout", "--quiet", "-b", "side"])
        try await commit("s1")
        try await commit("s2")
        _ = try await git(["checkout", "--quiet", "main"])
        try await commit("c3")
        _ = try await git(["branch", "feature/x"])
        _ = try await git(
            ["merge", "--quiet", "--no-ff", "--no-gpg-sign", "-m", Self.subjects["merge"]!, "side"], dates: "merge")
        hashes["merge"] = try await git(["rev-parse", "HEAD"])
        try await commit("c4")
        self.hashes = hashes
    }

    /// The repository, read through `runner` (the live one by default).
    func repository(runner: (any CommandRunner)? = nil) -> GitRepository {
        GitRepository(path: path, runner: runner ?? self.runner, logger: Logger(label: "test"))
    }

    /// The full hash of commit `name`.
    func hash(_ name: String) -> String { hashes[name]! }
}

@Suite("GitRepository: refs, first-parent ranges and commit metadata of a real repository", .timeLimit(.minutes(2)))
struct GitRepositoryTests {
    @Test("a branch, an annotated tag, an abbreviated hash, HEAD~1 and main~2 resolve to full hashes")
    func resolve() async throws {
        let fixture = try await GitTestRepository()
        let repository = fixture.repository()
        #expect(repository.gitDirectory == fixture.path + "/.git")
        #expect(try await repository.resolve("main") == fixture.hash("c4"))
        #expect(try await repository.resolve("side") == fixture.hash("s2"))
        #expect(try await repository.resolve("feature/x") == fixture.hash("c3"))
        #expect(try await repository.resolve("v1.0") == fixture.hash("c2"))
        #expect(try await repository.resolve(String(fixture.hash("c3").prefix(10))) == fixture.hash("c3"))
        #expect(try await repository.resolve(fixture.hash("s1")) == fixture.hash("s1"))
        #expect(try await repository.resolve("HEAD~1") == fixture.hash("merge"))
        #expect(try await repository.resolve("main~2") == fixture.hash("c3"))
        #expect(try await repository.resolve("main~1^2") == fixture.hash("s2"))
        #expect(fixture.hash("c4").count == 40)
    }

    @Test("an unknown ref is invalid_configuration naming the ref, or the key the caller gives")
    func unknownRef() async throws {
        let fixture = try await GitTestRepository()
        let repository = fixture.repository()
        let unknown = await #expect(throws: PerfFarmError.self) { try await repository.resolve("no-such-branch") }
        #expect(unknown?.code == .invalidConfiguration)
        #expect(unknown?.key == "no-such-branch")
        #expect(unknown?.message == "no branch, tag or commit named no-such-branch in \(fixture.path)")

        let keyed = await #expect(throws: PerfFarmError.self) { try await repository.resolve("HEAD~40", key: "--good") }
        #expect(keyed?.code == .invalidConfiguration)
        #expect(keyed?.key == "--good")
        #expect(keyed?.description == "--good: no branch, tag or commit named HEAD~40 in \(fixture.path)")

        let option = await #expect(throws: PerfFarmError.self) { try await repository.resolve("--output=/tmp/x") }
        #expect(option?.code == .invalidConfiguration)
        #expect(option?.key == "--output=/tmp/x")

        let commit = await #expect(throws: PerfFarmError.self) { try await repository.commit("nope") }
        #expect(commit?.code == .invalidConfiguration)
        #expect(commit?.key == "nope")
    }

    @Test("first-parent commits: oldest first, the merge included, the merged branch's commits left out")
    func firstParent() async throws {
        let fixture = try await GitTestRepository()
        let repository = fixture.repository()
        let all = try await repository.firstParentCommits(from: fixture.hash("c1"), to: "main")
        #expect(
            all.map(\.subject) == [
                GitTestRepository.subjects["c2"]!, "Main after the fork", "Merge branch 'side'", "Last commit on main",
            ])
        #expect(all.map(\.hash) == ["c2", "c3", "merge", "c4"].map(fixture.hash))
        #expect(all.map(\.isMerge) == [false, false, true, false])

        let sinceTag = try await repository.firstParentCommits(from: "v1.0", to: "main~1")
        #expect(sinceTag.map(\.subject) == ["Main after the fork", "Merge branch 'side'"])
        #expect(try await repository.firstParentCommits(from: "main", to: fixture.hash("c4")).isEmpty)
        // The whole history of the side branch, which has no merge.
        let side = try await repository.firstParentCommits(from: fixture.hash("c1"), to: "side")
        #expect(side.map(\.subject) == [GitTestRepository.subjects["c2"]!, "Side: first", "Side: second"])
        // An ancestor off the first-parent line: the list starts after the side branch's fork point.
        let offLine = try await repository.firstParentCommits(from: "side", to: "main")
        #expect(offLine.map(\.subject) == ["Main after the fork", "Merge branch 'side'", "Last commit on main"])
    }

    @Test("a range whose start is not an ancestor of its end is refused, saying so")
    func notAnAncestor() async throws {
        let fixture = try await GitTestRepository()
        let repository = fixture.repository()
        let reversed = await #expect(throws: PerfFarmError.self) {
            try await repository.firstParentCommits(from: "main", to: "v1.0")
        }
        #expect(reversed?.code == .invalidConfiguration)
        #expect(reversed?.key == "main")
        #expect(reversed?.message.contains("main is not an ancestor of v1.0") == true)
        let apart = await #expect(throws: PerfFarmError.self) {
            try await repository.firstParentCommits(from: "side", to: "feature/x")
        }
        #expect(apart?.message.contains("side is not an ancestor of feature/x") == true)
        let unknown = await #expect(throws: PerfFarmError.self) {
            try await repository.firstParentCommits(from: "v9.9", to: "main")
        }
        #expect(unknown?.key == "v9.9")

        #expect(try await repository.isAncestor("v1.0", of: "main"))
        #expect(try await repository.isAncestor("side", of: "main"))
        #expect(try await repository.isAncestor("main", of: "main"))
        #expect(try await !repository.isAncestor("main", of: "side"))
        #expect(try await !repository.isAncestor("side", of: "feature/x"))
    }

    @Test("commit metadata: subject with | quotes and unicode, author, both dates, parents")
    func metadata() async throws {
        let fixture = try await GitTestRepository()
        let repository = fixture.repository()
        let c2 = try await repository.commit("v1.0")
        #expect(
            c2
                == GitCommit(
                    hash: fixture.hash("c2"), subject: #"Fix the | pipe, "double" and 'single' quotes — ünïcödé ✓ 日本"#,
                    authorName: "Zoë Ñandú", authorEmail: "zoe@example.org",
                    authorDate: Date(timeIntervalSince1970: 1_735_729_200),
                    committerDate: Date(timeIntervalSince1970: 1_735_729_260), parentHashes: [fixture.hash("c1")]))
        #expect(c2.abbreviatedHash == String(fixture.hash("c2").prefix(12)))
        #expect(c2.abbreviatedHash.count == 12)

        let merge = try await repository.commit("HEAD^")
        #expect(merge.subject == "Merge branch 'side'")
        #expect(merge.parentHashes == [fixture.hash("c3"), fixture.hash("s2")])
        #expect(merge.authorDate == GitTestRepository.authorDate("merge"))
        #expect(merge.committerDate == Date(timeIntervalSince1970: 1_735_743_660))

        let root = try await repository.commit(String(fixture.hash("c1").prefix(7)))
        #expect(root.subject == "Initial commit")
        #expect(root.parentHashes.isEmpty)
        #expect(root.authorDate == Date(timeIntervalSince1970: 1_735_725_600))
    }

    @Test("branches are refs/heads, sorted; tags are not branches")
    func branches() async throws {
        let fixture = try await GitTestRepository()
        #expect(try await fixture.repository().branches() == ["feature/x", "main", "side"])

        // A mirror (bare: the git directory is the path) lists the source's branches.
        let mirror = fixture.directory.path + "/mirror.git"
        try await fixture.runner.runChecked(
            Command(
                "git", ["clone", "--mirror", "--quiet", fixture.path, mirror],
                environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"], timeout: .seconds(60)))
        let bare = GitRepository(path: mirror, runner: fixture.runner, logger: Logger(label: "test"))
        #expect(bare.gitDirectory == mirror)
        #expect(try await bare.branches() == ["feature/x", "main", "side"])
        #expect(try await bare.resolve("HEAD") == fixture.hash("c4"))
        #expect(try await bare.firstParentCommits(from: "feature/x", to: "main").count == 2)
    }

    @Test("a directory inside a repository is not the repository: git does not search upwards")
    func notARepository() async throws {
        let fixture = try await GitTestRepository()
        let inside = fixture.path + "/nested"
        try FileManager.default.createDirectory(atPath: inside, withIntermediateDirectories: true)
        let repository = GitRepository(path: inside, runner: fixture.runner, logger: Logger(label: "test"))
        let error = await #expect(throws: PerfFarmError.self) { try await repository.resolve("main") }
        #expect(error?.code == .commandFailed)
        #expect(error?.message.contains("not a git repository") == true)
        let branches = await #expect(throws: PerfFarmError.self) { try await repository.branches() }
        #expect(branches?.code == .commandFailed)
    }

    @Test(
        "as root, a repository owned by another user is read: every command trusts it with safe.directory",
        .enabled(if: getuid() == 0, "needs root to chown the repository to nobody"))
    func foreignOwner() async throws {
        let fixture = try await GitTestRepository()
        try await fixture.runner.runChecked(Command("chown", ["-R", "nobody", fixture.path]))
        // Plain git refuses it: the case is real.
        let plain = try await fixture.runner.run(
            Command(
                "git", ["rev-parse", "HEAD"],
                environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"],
                workingDirectory: fixture.path, output: .captured))
        #expect(!plain.succeeded)
        #expect(plain.standardErrorText.contains("dubious ownership"))

        let repository = fixture.repository()
        // The repository's own git client trusts it, even where git checks the owner (a search from a directory).
        #expect(try await repository.git.output(["rev-parse", "HEAD"], in: fixture.path) == fixture.hash("c4"))
        #expect(try await repository.resolve("main") == fixture.hash("c4"))
        #expect(try await repository.branches() == ["feature/x", "main", "side"])
        #expect(try await repository.commit("v1.0").authorName == "Zoë Ñandú")
        #expect(try await repository.firstParentCommits(from: "v1.0", to: "main").count == 3)
        #expect(try await repository.isAncestor("v1.0", of: "main"))
    }
}

extension GitRepositoryTests {
    @Suite("GitRepository: argument vectors and failure paths (scripted runner)")
    struct Scripted {
        static let hash = String(repeating: "ab", count: 20)

        @Test("every command names the git directory and trusts the repository; git's failures are command_failed")
        func failures() async throws {
            let directory = try TemporaryDirectory()
            let runner = ScriptedCommandRunner()
            let repository = GitRepository(path: directory.path, runner: runner, logger: Logger(label: "test"))
            runner.on(["rev-parse"], .exit(128, standardError: "fatal: unable to read tree 0123\n"))
            let broken = await #expect(throws: PerfFarmError.self) { try await repository.resolve("main") }
            #expect(broken?.code == .commandFailed)
            #expect(broken?.message.contains("fatal: unable to read tree 0123") == true)
            let command = try #require(runner.commands.last)
            #expect(command.executable == "git")
            #expect(
                command.arguments == [
                    "-c", "safe.directory=\(directory.path)", "-c", "safe.directory=\(directory.path)/.git",
                    "--git-dir", directory.path, "rev-parse", "--verify", "--quiet", "main^{commit}",
                ])
            #expect(command.environment["LC_ALL"] == "C")
            #expect(command.timeout == .seconds(600))

            // A ref that git would take for an option is refused before anything runs.
            let count = runner.commands.count
            await #expect(throws: PerfFarmError.self) { try await repository.resolve("--upload-pack=x") }
            await #expect(throws: PerfFarmError.self) { try await repository.resolve("") }
            #expect(runner.commands.count == count)

            // Output that is not what the format asks for.
            runner.on(["rev-parse"], .exit(0, standardOutput: Self.hash + "\n"))
            runner.on(
                ["log"],
                .exit(0, standardOutput: "\u{1e}\(Self.hash)\u{1f}\u{1f}not a date\u{1f}1\u{1f}A\u{1f}a@b\u{1f}S\n"))
            let garbled = await #expect(throws: PerfFarmError.self) { try await repository.commit("main") }
            #expect(garbled?.code == .commandFailed)
            #expect(garbled?.message.hasPrefix("unexpected output of git log for \(Self.hash)") == true)

            // merge-base --is-ancestor: 1 is "no", anything else but 0 is a failure.
            runner.on(["merge-base"], .exit(1))
            #expect(try await !repository.isAncestor("a", of: "b"))
            runner.on(["merge-base"], .exit(128, standardError: "fatal: bad object\n"))
            let failed = await #expect(throws: PerfFarmError.self) { try await repository.isAncestor("a", of: "b") }
            #expect(failed?.code == .commandFailed)
        }

        @Test("git log records: separators, a subject with a stray 0x1f, several parents, no commits")
        func parseLog() throws {
            let other = String(repeating: "cd", count: 20)
            let text =
                "\u{1e}\(Self.hash)\u{1f}\(other) \(other)\u{1f}1735725600\u{1f}1735725660\u{1f}A B\u{1f}a@b\u{1f}x\u{1f}y | \"z\"\n"
                + "\u{1e}\(other)\u{1f}\u{1f}0\u{1f}1\u{1f}C\u{1f}c@d\u{1f}"
            let commits = try GitRepository.parseLog(text, what: "test")
            #expect(commits.count == 2)
            #expect(commits[0].subject == "x\u{1f}y | \"z\"")
            #expect(commits[0].parentHashes == [other, other])
            #expect(commits[0].authorDate == Date(timeIntervalSince1970: 1_735_725_600))
            #expect(commits[0].committerDate == Date(timeIntervalSince1970: 1_735_725_660))
            #expect(commits[1].subject == "")
            #expect(commits[1].parentHashes.isEmpty)
            #expect(try GitRepository.parseLog("", what: "test").isEmpty)
        }
    }
}
