// The speed of a bisection step (issue 12): a commit that changes one .c file, built incrementally in the
// branch's persistent build tree after its parent, next to the full build of the parent; then the parent again
// (an install-cache hit). Uses the PostgreSQL source tarball as a local repository of two commits.
//
//   swift run -c release --package-path Benchmarks BisectStepBenchmark \
//     --tarball ../shared/upstream/postgresql-15.18.tar.bz2 [--jobs N] [--work DIR]
import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCore
import PerfFarmProcess

var tarball = "../shared/upstream/postgresql-15.18.tar.bz2"
var jobs: Int?
var work = FileManager.default.temporaryDirectory.path + "/perffarm-bisect-step-\(getpid())"
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--tarball": tarball = arguments.popFirst() ?? tarball
    case "--jobs": jobs = arguments.popFirst().flatMap { Int($0) }
    case "--work": work = arguments.popFirst() ?? work
    default:
        FileHandle.standardError.write(Data("usage: BisectStepBenchmark [--tarball F] [--jobs N] [--work DIR]\n".utf8))
        exit(2)
    }
}

var logger = Logger(label: "bisect-step") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = .warning
let runner = LiveCommandRunner(logger: logger)
let clock = ContinuousClock()

func git(_ arguments: [String], in directory: String) async throws -> String {
    let outcome = try await runner.runChecked(
        Command(
            "git", arguments,
            environment: [
                "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@localhost", "GIT_COMMITTER_NAME": "b",
                "GIT_COMMITTER_EMAIL": "b@localhost", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            ], workingDirectory: directory, timeout: .seconds(600), output: .captured(limitBytes: 1 << 16)))
    return outcome.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)
}

try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
try await runner.runChecked(Command("tar", ["--no-same-owner", "-xjf", tarball, "-C", work], timeout: .seconds(600)))
let repository = try FileManager.default.contentsOfDirectory(atPath: work).first { $0.hasPrefix("postgresql-") }
    .map { work + "/" + $0 } ?? work
_ = try await git(["init", "--quiet", "--initial-branch=master"], in: repository)
_ = try await git(["add", "--all"], in: repository)
_ = try await git(["commit", "--quiet", "--no-gpg-sign", "-m", "base"], in: repository)
let base = try await git(["rev-parse", "HEAD"], in: repository)
// One .c file changed, as a typical commit between two bisection steps.
let file = repository + "/src/backend/utils/adt/int.c"
let text = try String(contentsOfFile: file, encoding: .utf8)
try Data((text + "\n/* a one-line change for the bisection benchmark */\n").utf8).write(to: URL(fileURLWithPath: file))
_ = try await git(["commit", "--quiet", "--no-gpg-sign", "-am", "change int.c"], in: repository)
let changed = try await git(["rev-parse", "HEAD"], in: repository)

let builder = PostgresBuilder(runner: runner, logger: logger)
@MainActor func build(_ commit: String, _ label: String) async throws {
    var request = BuildRequest(
        repository: repository, branch: "master", commit: commit,
        configureOptions: ["--without-readline", "--without-icu"], jobs: jobs, workDirectory: work + "/area")
    request.incremental = true
    let start = clock.now
    let result = try await builder.build(request)
    let seconds = (clock.now - start).inSeconds
    guard result.status == .succeeded else {
        print("\(label): failed: \(result.failure?.message ?? "")")
        exit(1)
    }
    let steps = result.steps.map { "\($0.name.rawValue) \(String(format: "%.1f", $0.durationSeconds ?? 0)) s" }
    print(
        "\(label): \(String(format: "%.1f", seconds)) s" + (result.cached ? " (install cache)" : "")
            + (steps.isEmpty ? "" : " — " + steps.joined(separator: ", ")))
}

print("jobs: \(jobs ?? ProcessInfo.processInfo.activeProcessorCount), CPUs: \(ProcessInfo.processInfo.activeProcessorCount)")
try await build(base, "full build of the parent (new build tree)")
try await build(changed, "bisect step: one .c file changed (incremental)")
try await build(base, "bisect step: a commit built before (install cache)")
