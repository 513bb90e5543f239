import Foundation
import PerfFarmClient
import PerfFarmCore
import PerfFarmTestSupport
import Testing

/// What `perffarm bisect` and `perffarm ab` refuse before they build anything: one line naming the option or
/// the file, exit 2. A small git repository stands in for PostgreSQL (nothing gets built).
@Suite("perffarm bisect and ab: refused requests", .serialized)
struct BisectArgumentTests {
    /// A repository with `main` (3 commits) and `side` (1 commit off the first).
    static func repository() throws -> (directory: TemporaryDirectory, commits: [String], side: String) {
        let directory = try TemporaryDirectory(prefix: "perffarm-bisect-args")
        let path = directory.path
        try BranchesCommandTests.git(path, ["init", "--quiet", "--initial-branch=main"])
        var commits: [String] = []
        for index in 0..<3 {
            try Data("\(index)\n".utf8).write(to: URL(fileURLWithPath: path + "/file"))
            try BranchesCommandTests.git(path, ["add", "file"])
            try BranchesCommandTests.git(path, ["commit", "--quiet", "-m", "commit \(index)"])
            commits.append(try Self.head(path))
        }
        try BranchesCommandTests.git(path, ["checkout", "--quiet", "-b", "side", commits[0]])
        try Data("side\n".utf8).write(to: URL(fileURLWithPath: path + "/other"))
        try BranchesCommandTests.git(path, ["add", "other"])
        try BranchesCommandTests.git(path, ["commit", "--quiet", "-m", "side"])
        let side = try Self.head(path)
        try BranchesCommandTests.git(path, ["checkout", "--quiet", "main"])
        return (directory, commits, side)
    }

    static func head(_ path: String) throws -> String {
        try ParseCommandTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", path, "rev-parse", "HEAD"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("bad options: too few runs, a malformed cell, an unknown workload, a threshold out of range")
    func options() async throws {
        let base = [
            "bisect", "--repo", "/nonexistent", "--branch", "main", "--good", "a", "--bad", "b", "--work-dir",
            "/nonexistent",
        ]
        for (extra, message) in [
            (["--cell", "scale=1,clients=1,workload=read-only", "--runs", "3"], "at least 4 repetitions per side"),
            (["--cell", "scale=1,clients=1"], "--cell takes scale=S,clients=N,workload=W"),
            (["--cell", "scale=1,clients=1,workload=nope"], "unknown workload nope"),
            (["--cell", "scale=1,clients=1,workload=read-only", "--threshold", "150"], "a percentage from 0 to 99"),
        ] {
            let outcome = try await CleanCommandTests.run(base + extra)
            #expect(outcome.status == 2, "\(extra): \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(extra): \(outcome.stderr)")
        }
    }

    @Test("commits: unknown, the same, a good commit that is not an ancestor; a saved state of another search")
    func commits() async throws {
        let (directory, commits, side) = try Self.repository()
        let work = directory.path + "/work"
        func bisect(_ good: String, _ bad: String, _ extra: [String] = []) async throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try await CleanCommandTests.run(
                [
                    "bisect", "--repo", directory.path, "--branch", "main", "--good", good, "--bad", bad, "--cell",
                    "scale=1,clients=1,workload=read-only", "--work-dir", work, "--no-store", "-q",
                ] + extra)
        }
        let unknown = try await bisect("0000000", commits[2])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.hasPrefix("perffarm: --good: no branch, tag or commit named 0000000"), "\(unknown.stderr)")
        let same = try await bisect(commits[1], commits[1])
        #expect(same.status == 2)
        #expect(same.stderr == "perffarm: --bad: --good and --bad are the same commit\n", "\(same.stderr)")
        let notAncestor = try await bisect(side, commits[2])
        #expect(notAncestor.status == 2)
        #expect(
            notAncestor.stderr.contains("is not on main") || notAncestor.stderr.contains("is not an ancestor"),
            "\(notAncestor.stderr)")

        // A state left by another search in the output directory: --resume refuses it, naming the file.
        let output = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let other = BisectState(
            repository: directory.path, branch: "main", good: commits[0], bad: commits[2],
            cell: "scale=9,clients=9,workload=read-only", threshold: 0.05, runs: 5, duration: 10, configureOptions: [],
            seed: 1, commits: [])
        try PerfFarmJSON.encode(other).write(to: URL(fileURLWithPath: output + "/bisect-state.json"))
        let resumed = try await bisect(commits[0], commits[2], ["--output", output, "--resume"])
        #expect(resumed.status == 2)
        #expect(
            resumed.stderr.hasPrefix("perffarm: \(output)/bisect-state.json: the saved bisection is of another search"),
            "\(resumed.stderr)")
        try Data("{".utf8).write(to: URL(fileURLWithPath: output + "/bisect-state.json"))
        let corrupt = try await bisect(commits[0], commits[2], ["--output", output, "--resume"])
        #expect(corrupt.status == 2)
        #expect(
            corrupt.stderr.hasPrefix("perffarm: \(output)/bisect-state.json: not a bisection state"),
            "\(corrupt.stderr)")

        let ab = try await CleanCommandTests.run([
            "ab", "--repo", directory.path, "--branch", "main", "--baseline", "nope", "--candidate", commits[2],
            "--work-dir", work, "--no-store", "-q",
        ])
        #expect(ab.status == 2, "\(ab.stderr)")
        #expect(ab.stderr.contains("nope"), "\(ab.stderr)")
    }
}
