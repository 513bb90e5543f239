import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

/// The shared mirror of one repository in the work area, and the per-branch working trees made from it.
///
/// The first use clones with `git clone --mirror` (into `tmp/`, then renamed, so that an interrupted clone
/// leaves no half mirror); later uses `git fetch --prune`. Each branch gets one `git worktree` under
/// `trees/`, reused from run to run: a checkout is `git checkout --force --detach` plus `git clean -ffdx`.
struct GitMirror: Sendable {
    /// The repository.
    let location: RepositoryLocation
    /// The work area.
    let workArea: WorkArea
    /// How git is run.
    let git: GitClient

    /// The mirror's directory.
    var path: String { workArea.mirrors + "/" + location.mirrorName + ".git" }

    /// The working tree of `branch`.
    func treePath(branch: String) -> String {
        workArea.trees + "/" + location.mirrorName + "/" + RepositoryLocation.branchFolder(branch)
    }

    /// The build directory of `branch`.
    func buildPath(branch: String) -> String {
        workArea.builds + "/" + location.mirrorName + "/" + RepositoryLocation.branchFolder(branch)
    }

    /// Creates the mirror, or fetches into it, logging to `log`.
    /// - Throws: ``PerfFarmError`` (`command_failed`) when git fails.
    func update(log: String) async throws {
        var transport: [String] = []
        if let local = location.localPath { transport = ["--upload-pack", git.uploadPack(trusting: local)] }
        if FileSystem.exists(path + "/HEAD") {
            try await git.runChecked(
                ["--git-dir", path, "fetch", "--prune", "--quiet"] + transport + ["origin"], log: log)
            return
        }
        try FileSystem.remove(path)
        let staging = workArea.tmp + "/clone-" + location.mirrorName + "-" + UUID().uuidString + ".git"
        defer { try? FileSystem.remove(staging) }
        try await git.runChecked(
            ["clone", "--mirror", "--quiet"] + transport + ["--", location.fetchURL, staging], log: log)
        do {
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch {
            throw PerfFarmError(
                .fileAccess, "cannot move the new mirror into place: \(error.localizedDescription)", path: path)
        }
    }

    /// The full hash of the commit to build: `commit` when given (it must exist, and be on `branch` when
    /// `branch` is a branch), else the head of branch or tag `branch`.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for an unknown branch, tag or commit.
    func resolve(branch: String, commit: String?) async throws -> String {
        let branchRef = "refs/heads/" + branch
        let tagRef = "refs/tags/" + branch
        let isBranch = try await git.succeeds([
            "--git-dir", path, "rev-parse", "--verify", "--quiet", branchRef + "^{commit}",
        ])
        let isTag =
            isBranch
            ? false
            : try await git.succeeds(["--git-dir", path, "rev-parse", "--verify", "--quiet", tagRef + "^{commit}"])
        guard isBranch || isTag else {
            throw PerfFarmError(
                .invalidConfiguration, "\(location.fetchURL) has no branch or tag named \(branch)", key: "--branch")
        }
        let ref = isBranch ? branchRef : tagRef
        guard let commit else {
            return try await git.output(["--git-dir", path, "rev-parse", "--verify", ref + "^{commit}"])
        }
        guard try await git.succeeds(["--git-dir", path, "rev-parse", "--verify", "--quiet", commit + "^{commit}"])
        else {
            throw PerfFarmError(.invalidConfiguration, "\(location.fetchURL) has no commit \(commit)", key: "--commit")
        }
        let hash = try await git.output(["--git-dir", path, "rev-parse", "--verify", commit + "^{commit}"])
        guard try await git.succeeds(["--git-dir", path, "merge-base", "--is-ancestor", hash, ref]) else {
            throw PerfFarmError(.invalidConfiguration, "commit \(commit) is not on \(branch)", key: "--commit")
        }
        return hash
    }

    /// The hash, committer date, author and subject of `commit`.
    func revision(commit: String, branch: String, reportURL: String) async throws -> SourceRevision {
        let separator = "\u{1f}"
        let text = try await git.output([
            "--git-dir", path, "log", "-1", "--no-show-signature", "--format=%H%x1f%ct%x1f%an%x1f%ae%x1f%s", commit,
        ])
        let fields = text.components(separatedBy: separator)
        guard fields.count == 5, let seconds = TimeInterval(fields[1]) else {
            throw PerfFarmError(.commandFailed, "unexpected output of git log for \(commit): \(text)")
        }
        return SourceRevision(
            repositoryURL: reportURL, fetchURL: location.fetchURL, branch: branch, commit: fields[0],
            commitDate: Date(timeIntervalSince1970: seconds), authorName: fields[2], authorEmail: fields[3],
            subject: fields[4])
    }

    /// Creates or updates the working tree of `branch` at `commit`, removing every untracked file (a previous
    /// patch, a stray build product). Logs to `log`.
    /// - Returns: the tree's path.
    func checkout(commit: String, branch: String, log: String) async throws -> String {
        let tree = treePath(branch: branch)
        if FileSystem.exists(tree + "/.git") {
            let checkedOut = try await git.run(
                ["checkout", "--force", "--quiet", "--detach", commit], in: tree, log: log)
            if checkedOut.succeeded {
                try await git.runChecked(["clean", "-ffdxq"], in: tree, log: log)
                return tree
            }
            StepLog.append("# the tree is unusable: creating it again\n", to: log)
        }
        try FileSystem.remove(tree)
        try FileSystem.createDirectory((tree as NSString).deletingLastPathComponent)
        try await git.runChecked(["--git-dir", path, "worktree", "prune"], log: log)
        try await git.runChecked(["--git-dir", path, "worktree", "add", "--force", "--detach", tree, commit], log: log)
        return tree
    }

    /// Applies the patch file at `patch` to the tree with `git apply`, logging to `log`.
    /// - Returns: the outcome (a patch that does not apply is data).
    func apply(patch: String, tree: String, log: String) async throws -> CommandOutcome {
        try await git.run(["apply", "--whitespace=nowarn", patch], in: tree, log: log)
    }
}
