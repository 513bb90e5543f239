import Foundation
public import Logging
public import PerfFarmCore
public import PerfFarmProcess

/// Read-only questions to a git repository: what a ref names, which commits lie between two, who made a
/// commit and when, which branches there are.
///
/// The repository is a mirror in the work area or any local repository (bare or not). Every command names
/// the git directory explicitly (`git --git-dir …`), so a path that is not a repository is an error instead of
/// a search upwards through its parents, and trusts the repository with `-c safe.directory=…`, so that
/// perffarm running as root may read a repository owned by another user. One `git` process reads the
/// metadata of any number of commits.
///
/// ```swift
/// let repository = GitRepository(path: "/srv/src/postgresql", runner: LiveCommandRunner(logger: logger),
///                                logger: logger)
/// let head = try await repository.resolve("master")
/// for commit in try await repository.firstParentCommits(from: "REL_17_0", to: head) {
///     print(commit.abbreviatedHash, commit.subject)
/// }
/// ```
public struct GitRepository: Sendable {
    /// The repository's directory, as given (made absolute).
    public let path: String
    /// The git directory: `<path>/.git` when it exists, else ``path`` (a bare repository or a mirror).
    public let gitDirectory: String
    /// How git is run.
    let git: GitClient

    /// The most bytes one `git log` may write (about 300 000 commits); more is an error, never a cut list.
    static let logLimitBytes = 64 << 20

    /// Opens the repository at `path`. Nothing is run until the first question.
    /// - Parameters:
    ///   - path: the repository's directory: a working tree (its `.git` is used) or a bare repository.
    ///   - runner: how `git` is run (``LiveCommandRunner`` for a real repository).
    ///   - logger: where the repository logs what it read (`.debug`); the runner logs each command itself.
    ///   - timeout: the longest one git command may run.
    public init(path: String, runner: any CommandRunner, logger: Logger, timeout: Duration = .seconds(600)) {
        let path = FileSystem.absolute(path)
        self.path = path
        gitDirectory = FileSystem.exists(path + "/.git") ? path + "/.git" : path
        git = GitClient(
            runner: runner, logger: logger, safeDirectories: GitClient.safeDirectoryVariants(path),
            environment: ["LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"], timeout: timeout)
    }

    /// A repository whose git directory is `gitDirectory`, run through `git` (a mirror of the work area).
    init(gitDirectory: String, git: GitClient) {
        path = gitDirectory
        self.gitDirectory = gitDirectory
        self.git = git
    }

    // MARK: - Refs

    /// The full hash of the commit `ref` names.
    /// - Parameters:
    ///   - ref: a branch, a tag, a full or abbreviated hash, or an expression such as `HEAD~2` or `master^2`.
    ///   - key: the option or setting `ref` came from, named by the error (default: `ref` itself).
    /// - Returns: the full hash (an annotated tag gives the commit it points to).
    /// - Throws: ``PerfFarmError`` `invalid_configuration` (with `key`) when `ref` names no commit (unknown, or
    ///   an ambiguous abbreviated hash) or starts with `-`; `command_failed` when git fails otherwise (the path is
    ///   not a repository).
    public func resolve(_ ref: String, key: String? = nil) async throws -> String {
        try Self.validate(ref, key: key)
        guard let hash = try await commitHash(of: ref) else {
            throw PerfFarmError(
                .invalidConfiguration, "no branch, tag or commit named \(ref) in \(path)", key: key ?? ref)
        }
        return hash
    }

    /// The names of the branches (`refs/heads/*`; in a mirror, the branches of the source), sorted.
    /// - Returns: the names without `refs/heads/`, e.g. `["REL_17_STABLE", "master"]`.
    /// - Throws: ``PerfFarmError`` (`command_failed`) when git fails.
    public func branches() async throws -> [String] {
        let prefix = "refs/heads/"
        let text = try await git.output(
            ["--git-dir", gitDirectory, "for-each-ref", "--format=%(refname)", prefix], limitBytes: Self.logLimitBytes)
        return text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            .sorted()
    }

    /// Whether `ancestor` is an ancestor of `descendant` (a commit counts as its own ancestor).
    /// - Parameters:
    ///   - ancestor: a ref or hash, as ``resolve(_:key:)`` takes.
    ///   - descendant: a ref or hash.
    /// - Returns: `true` when `descendant`'s history contains `ancestor`.
    /// - Throws: ``PerfFarmError`` `invalid_configuration` when either names no commit; `command_failed` when
    ///   git fails.
    public func isAncestor(_ ancestor: String, of descendant: String) async throws -> Bool {
        let older = try await resolve(ancestor)
        let newer = try await resolve(descendant)
        return try await isAncestor(hash: older, of: newer)
    }

    // MARK: - Commits

    /// The metadata of the commit `ref` names.
    /// - Parameter ref: a ref or hash, as ``resolve(_:key:)`` takes.
    /// - Returns: the commit.
    /// - Throws: ``PerfFarmError`` `invalid_configuration` when `ref` names no commit; `command_failed` when git
    ///   fails or writes something unexpected.
    public func commit(_ ref: String) async throws -> GitCommit {
        try await commit(hash: try await resolve(ref))
    }

    /// The commits on the first-parent line from `older` (excluded) to `newer` (included), oldest first: what
    /// `git rev-list --first-parent --reverse older..newer` lists. A merge is one commit; the commits of the
    /// branch it merged are not listed. Empty when both name the same commit.
    ///
    /// When `older` is an ancestor of `newer` but not on its first-parent line (a commit of a merged side
    /// branch), the list starts after the fork point of that side branch, and the first commit's first parent
    /// is not `older`.
    /// - Parameters:
    ///   - older: where the range starts (excluded): a ref or hash.
    ///   - newer: where it ends (included): a ref or hash.
    /// - Returns: the commits, oldest first.
    /// - Throws: ``PerfFarmError`` `invalid_configuration` when either names no commit, or when `older` is not
    ///   an ancestor of `newer` (key: `older`); `command_failed` when git fails.
    public func firstParentCommits(from older: String, to newer: String) async throws -> [GitCommit] {
        let olderHash = try await resolve(older)
        let newerHash = try await resolve(newer)
        guard try await isAncestor(hash: olderHash, of: newerHash) else {
            throw PerfFarmError(
                .invalidConfiguration,
                "\(older) is not an ancestor of \(newer) in \(path): there are no commits from one to the other",
                key: older)
        }
        return try await log(["--first-parent", "--reverse", olderHash + ".." + newerHash], what: older + ".." + newer)
    }

    // MARK: - Internal (used by GitMirror)

    /// The full hash of the commit `ref` names, or `nil` when it names none.
    /// - Throws: ``PerfFarmError`` (`command_failed`) when git fails for another reason (not a repository).
    func commitHash(of ref: String) async throws -> String? {
        let arguments = ["--git-dir", gitDirectory, "rev-parse", "--verify", "--quiet", ref + "^{commit}"]
        let outcome = try await git.outcome(arguments)
        if outcome.exitStatus == 1, !outcome.timedOut { return nil }
        let hash = try Self.checked(outcome, git.command(arguments, output: .discarded))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isHash(hash) else {
            throw PerfFarmError(.commandFailed, "unexpected output of git rev-parse for \(ref): \(hash)")
        }
        return hash
    }

    /// Whether the commit `hash` is an ancestor of `descendant` (a hash or a full ref name).
    func isAncestor(hash: String, of descendant: String) async throws -> Bool {
        let arguments = ["--git-dir", gitDirectory, "merge-base", "--is-ancestor", hash, descendant]
        let outcome = try await git.outcome(arguments)
        if outcome.exitStatus == 1, !outcome.timedOut { return false }
        _ = try Self.checked(outcome, git.command(arguments, output: .discarded))
        return true
    }

    /// The metadata of the commit whose full hash is `hash`.
    func commit(hash: String) async throws -> GitCommit {
        let commits = try await log(["-1", hash], what: hash)
        guard commits.count == 1, let commit = commits.first else {
            throw PerfFarmError(.commandFailed, "unexpected output of git log for \(hash): \(commits.count) commits")
        }
        return commit
    }

    // MARK: - git log

    /// One record per commit, started by 0x1e, its fields separated by 0x1f (hash, parents, author and
    /// committer dates, author name and e-mail, subject): neither byte occurs in a hash, a date or a subject
    /// (git joins the subject's lines with spaces). The subject comes last, so that even a stray 0x1f in it
    /// could not shift the other fields.
    static let logFormat = "--format=%x1e%H%x1f%P%x1f%at%x1f%ct%x1f%an%x1f%ae%x1f%s"

    /// Runs `git log` with `arguments` (revisions, options) in one process and parses every commit.
    private func log(_ arguments: [String], what: String) async throws -> [GitCommit] {
        let text = try await git.output(
            ["--git-dir", gitDirectory, "log", "--no-show-signature", "--no-color", Self.logFormat] + arguments
                + ["--"], limitBytes: Self.logLimitBytes)
        let commits = try Self.parseLog(text, what: what)
        git.logger.debug(
            "git log", metadata: ["repository": "\(path)", "range": "\(what)", "commits": "\(commits.count)"])
        return commits
    }

    /// Parses the output of ``logFormat``.
    /// - Throws: ``PerfFarmError`` (`command_failed`) for a record that does not have the expected fields.
    static func parseLog(_ text: String, what: String) throws -> [GitCommit] {
        var commits: [GitCommit] = []
        for record in text.split(separator: "\u{1e}", omittingEmptySubsequences: true) {
            var record = Substring(record)
            if record.hasSuffix("\n") { record.removeLast() }
            if record.allSatisfy(\.isWhitespace) { continue }
            let fields = record.split(separator: "\u{1f}", maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, isHash(fields[0]),
                let authorSeconds = TimeInterval(fields[2]), let committerSeconds = TimeInterval(fields[3])
            else {
                throw PerfFarmError(.commandFailed, "unexpected output of git log for \(what): \(record)")
            }
            commits.append(
                GitCommit(
                    hash: String(fields[0]), subject: String(fields[6]), authorName: String(fields[4]),
                    authorEmail: String(fields[5]), authorDate: Date(timeIntervalSince1970: authorSeconds),
                    committerDate: Date(timeIntervalSince1970: committerSeconds),
                    parentHashes: fields[1].split(separator: " ").map(String.init)))
        }
        return commits
    }

    // MARK: - Helpers

    /// Refuses a ref git would take for an option.
    private static func validate(_ ref: String, key: String?) throws {
        if ref.isEmpty || ref.hasPrefix("-") || ref.contains("\n") {
            throw PerfFarmError(.invalidConfiguration, "not a branch, tag or commit: \(ref)", key: key ?? ref)
        }
    }

    /// Whether `text` is a full hash: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
    static func isHash(_ text: some StringProtocol) -> Bool {
        let digits = text.utf8
        return (digits.count == 40 || digits.count == 64)
            && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The standard output of a successful `outcome`.
    /// - Throws: ``PerfFarmError`` (`command_failed`, `command_timed_out`) when it did not succeed.
    private static func checked(_ outcome: CommandOutcome, _ command: Command) throws -> String {
        if outcome.succeeded { return outcome.standardOutputText }
        if outcome.timedOut {
            throw PerfFarmError(.commandTimedOut, "`\(command.commandLine)` timed out")
        }
        var message = "`\(command.commandLine)` failed with \(outcome.termination)"
        let detail = outcome.standardErrorText.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
        if !detail.isEmpty { message += ": \(detail)" }
        throw PerfFarmError(.commandFailed, message)
    }
}
