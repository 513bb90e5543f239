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

    /// The mirror as a repository to ask questions (refs, commits).
    var repository: GitRepository { GitRepository(gitDirectory: path, git: git) }

    /// The full hash of the commit to build: `commit` when given (it must exist, and be on `branch` when
    /// `branch` is a branch), else the head of branch or tag `branch`.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for an unknown branch, tag or commit.
    func resolve(branch: String, commit: String?) async throws -> String {
        let repository = self.repository
        let branchRef = "refs/heads/" + branch
        let tagRef = "refs/tags/" + branch
        let branchHead = try await repository.commitHash(of: branchRef)
        let tagHead = branchHead == nil ? try await repository.commitHash(of: tagRef) : nil
        guard let head = branchHead ?? tagHead else {
            throw PerfFarmError(
                .invalidConfiguration, "\(location.fetchURL) has no branch or tag named \(branch)", key: "--branch")
        }
        guard let commit else { return head }
        guard let hash = try await repository.commitHash(of: commit) else {
            throw PerfFarmError(.invalidConfiguration, "\(location.fetchURL) has no commit \(commit)", key: "--commit")
        }
        guard try await repository.isAncestor(hash: hash, of: branchHead == nil ? tagRef : branchRef) else {
            throw PerfFarmError(.invalidConfiguration, "commit \(commit) is not on \(branch)", key: "--commit")
        }
        return hash
    }

    /// The hash, committer date, author and subject of `commit` (a full hash).
    /// - Throws: ``PerfFarmError`` (`command_failed`) when git fails or writes something unexpected.
    func revision(commit: String, branch: String, reportURL: String) async throws -> SourceRevision {
        let metadata = try await repository.commit(hash: commit)
        return SourceRevision(
            repositoryURL: reportURL, fetchURL: location.fetchURL, branch: branch, commit: metadata.hash,
            commitDate: metadata.committerDate, authorName: metadata.authorName, authorEmail: metadata.authorEmail,
            subject: metadata.subject)
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
