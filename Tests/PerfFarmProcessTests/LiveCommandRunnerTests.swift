import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("LiveCommandRunner: real processes")
struct LiveCommandRunnerTests {
    let runner = LiveCommandRunner(logger: Logger(label: "test"), gracePeriod: .seconds(1))

    @Test("exit status and both streams are captured; a non-zero exit is data")
    func exitStatusAndOutput() async throws {
        let outcome = try await runner.run(Command("sh", ["-c", "echo out; echo err >&2; exit 3"]))
        #expect(outcome.termination == .exited(3))
        #expect(outcome.exitStatus == 3)
        #expect(outcome.standardOutputText == "out\n")
        #expect(outcome.standardErrorText == "err\n")
        #expect(!outcome.succeeded)
        #expect(!outcome.timedOut)
        #expect(outcome.duration > .zero)
    }

    @Test("runChecked throws command_failed with the status and the last line of standard error")
    func runCheckedThrows() async throws {
        let error = await #expect(throws: PerfFarmError.self) {
            try await runner.runChecked(Command("sh", ["-c", "echo 'no such thing' >&2; exit 4"]))
        }
        #expect(error?.code == .commandFailed)
        #expect(error?.message.contains("exit status 4") == true)
        #expect(error?.message.contains("no such thing") == true)
    }

    @Test("a signal is reported as such")
    func signal() async throws {
        let outcome = try await runner.run(Command("sh", ["-c", "kill -KILL $$"]))
        #expect(outcome.termination == .signaled(SIGKILL))
        #expect(outcome.signal == SIGKILL)
        #expect(outcome.exitStatus == nil)
    }

    @Test("captured output stops at the limit without blocking the process")
    func captureLimit() async throws {
        let outcome = try await runner.run(
            Command("sh", ["-c", "head -c 300000 /dev/zero; echo done >&2"], output: .captured(limitBytes: 1000)))
        #expect(outcome.termination == .exited(0))
        #expect(outcome.standardOutput.count == 1000)
        #expect(outcome.standardErrorText == "done\n")
        #expect(outcome.outputTruncated)
    }

    @Test("a log file is appended to, both streams interleaved")
    func logFile() async throws {
        let directory = try TemporaryDirectory()
        let log = directory.path + "/step.log"
        try await runner.runChecked(Command("sh", ["-c", "echo one; echo two >&2"], output: .logFile(path: log)))
        try await runner.runChecked(Command("sh", ["-c", "echo three"], output: .logFile(path: log)))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "one\ntwo\nthree\n")
    }

    @Test("lines are streamed one by one, the last one without a line break too")
    func lines() async throws {
        let seen = Mutex<[OutputLine]>([])
        try await runner.runChecked(
            Command(
                "sh", ["-c", "printf 'one\\ntwo\\r\\n'; printf 'err\\n' >&2; sleep 0.1; printf three"],
                output: .lines({ line in seen.withLock { $0.append(line) } })))
        let lines = seen.withLock { $0 }
        #expect(lines.filter { $0.stream == .standardOutput }.map(\.text) == ["one", "two", "three"])
        #expect(lines.filter { $0.stream == .standardError }.map(\.text) == ["err"])
    }

    @Test("environment variables are set and removed; the working directory is used")
    func environmentAndDirectory() async throws {
        let directory = try TemporaryDirectory()
        let outcome = try await runner.runChecked(
            Command(
                "sh", ["-c", "echo \"$PERFFARM_TEST_VALUE\"; echo \"${PERFFARM_TEST_REMOVED-unset}\"; pwd -P"],
                environment: ["PERFFARM_TEST_VALUE": "a b", "PERFFARM_TEST_REMOVED": nil],
                workingDirectory: directory.path))
        let lines = outcome.standardOutputText.split(separator: "\n").map(String.init)
        #expect(lines == ["a b", "unset", FileManager.default.resolvingPath(directory.path)])
    }

    @Test("a program that does not exist is not started")
    func notStarted() async throws {
        let error = await #expect(throws: PerfFarmError.self) {
            try await runner.run(Command("perffarm-no-such-program"))
        }
        #expect(error?.code == .commandNotStarted)
        let missingDirectory = await #expect(throws: PerfFarmError.self) {
            try await runner.run(Command("true", workingDirectory: "/nonexistent/perffarm"))
        }
        #expect(missingDirectory?.code == .commandNotStarted)
    }

    @Test("a timeout ends the whole process tree of make -j2")
    func timeoutKillsMakeChildren() async throws {
        let tree = try ProcessTree()
        let outcome = try await runner.run(
            Command("make", ["-j2"], workingDirectory: tree.directory.path, timeout: .seconds(3), output: .discarded))
        #expect(outcome.timedOut)
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus != 0)
        let pids = tree.pids()
        #expect(pids.count == 2)
        #expect(await ProcessTree.allGone(pids))
    }

    @Test("members that ignore SIGTERM, or outlive the leader, are killed after the grace period")
    func sigtermIgnored() async throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.path + "/pids"
        let script = """
            (trap '' TERM; exec sleep 300) & echo $! >> \(pidFile)
            trap '' TERM; sleep 300 & echo $! >> \(pidFile); wait
            """
        let outcome = try await runner.run(Command("sh", ["-c", script], timeout: .seconds(1), output: .discarded))
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signaled(SIGKILL))
        let pids = ProcessTree.pids(in: pidFile)
        #expect(pids.count == 2)
        #expect(await ProcessTree.allGone(pids))
    }

    @Test("a member still cleaning up after SIGTERM gets the grace period, even when the leader exited at once")
    func memberCleansUpAfterLeader() async throws {
        // As initdb (exits on SIGTERM at once) and its standalone backend (cleans its shared memory first).
        let directory = try TemporaryDirectory()
        let marker = directory.path + "/cleaned"
        let script = """
            sh -c 'trap "echo term >> \(marker); sleep 1; echo cleaned >> \(marker); exit 1" TERM; sleep 300 & wait' &
            sleep 0.2; exec sleep 300
            """
        // A grace period far longer than the clean-up (1 s), so that only the rule is tested, not the machine's speed.
        let patient = LiveCommandRunner(logger: Logger(label: "test"), gracePeriod: .seconds(30))
        let outcome = try await patient.run(Command("sh", ["-c", script], timeout: .seconds(1), output: .discarded))
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signaled(SIGTERM))
        // Not SIGKILLed when the leader went: it finished its clean-up within the grace period.
        #expect((try? String(contentsOfFile: marker, encoding: .utf8)) == "term\ncleaned\n")
    }

    @Test("cancelling the task ends the process tree and throws CancellationError")
    func cancellation() async throws {
        let tree = try ProcessTree()
        let runner = self.runner
        let task = Task {
            try await runner.run(Command("make", ["-j2"], workingDirectory: tree.directory.path, output: .discarded))
        }
        #expect(await tree.waitForChildren(2))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await ProcessTree.allGone(tree.pids()))
    }

    @Test("a command runs as another user with that user's groups", .enabled(if: getuid() == 0))
    func runAsUser() async throws {
        let outcome = try await runner.runChecked(Command("sh", ["-c", "id -un; id -gn; echo $HOME"], user: "nobody"))
        let lines = outcome.standardOutputText.split(separator: "\n").map(String.init)
        #expect(lines.first == "nobody")
        #expect(lines.count == 3)
        #expect(lines[1] != "root")
        let unknown = await #expect(throws: PerfFarmError.self) {
            try await runner.run(Command("true", user: "perffarm-no-such-user"))
        }
        #expect(unknown?.code == .invalidConfiguration)
        let missing = await #expect(throws: PerfFarmError.self) {
            try await runner.run(Command("perffarm-no-such-program", user: "nobody"))
        }
        #expect(missing?.code == .commandNotStarted)
        let missingPath = await #expect(throws: PerfFarmError.self) {
            try await runner.run(Command("/nonexistent/bin/pg_ctl", user: "nobody"))
        }
        #expect(missingPath?.code == .commandNotStarted)
    }

    @Test(
        "as another user: exactly that user's ids and groups, the command's own pid and process group, no capability",
        .enabled(if: getuid() == 0))
    func runAsUserIdentity() async throws {
        let account = try OSAccount.lookup("nobody")
        let script = """
            id -u; id -g; id -G; echo $$; ps -o pgid= -p $$ | tr -d ' '; grep '^CapEff' /proc/self/status | cut -f2
            """
        let outcome = try await runner.runChecked(Command("sh", ["-c", script], user: "nobody"))
        let lines = outcome.standardOutputText.split(separator: "\n").map(String.init)
        try #require(lines.count == 6)
        #expect(lines[0] == "\(account.userID)")
        #expect(lines[1] == "\(account.groupID)")
        #expect(Set(lines[2].split(separator: " ").map(String.init)) == Set(account.groupIDs.map { "\($0)" }))
        // The shell is the process perffarm started (setpriv execs it in place) and leads its own process group.
        #expect(lines[3] == lines[4])
        #expect(lines[5] == "0000000000000000")
    }

    @Test("a command run as another user is ended as a whole at its timeout", .enabled(if: getuid() == 0))
    func runAsUserTimeout() async throws {
        let tree = try ProcessTree()
        // make runs as nobody inside a directory it must be able to write.
        chown(tree.directory.path, try OSAccount.lookup("nobody").userID, gid_t(bitPattern: -1))
        let outcome = try await runner.run(
            Command(
                "make", ["-j2"], workingDirectory: tree.directory.path, timeout: .seconds(3), output: .discarded,
                user: "nobody"))
        #expect(outcome.timedOut)
        #expect(tree.pids().count == 2)
        #expect(await ProcessTree.allGone(tree.pids()))
    }
}

/// A Makefile whose two targets record their pids and sleep: make -j2 and two children in one tree.
struct ProcessTree {
    let directory: TemporaryDirectory
    var pidFile: String { directory.path + "/pids" }

    init() throws {
        directory = try TemporaryDirectory()
        let makefile = """
            all: a b
            a:
            \techo $$$$ >> pids; exec sleep 300
            b:
            \techo $$$$ >> pids; exec sleep 300
            .PHONY: all a b

            """
        try makefile.write(toFile: directory.path + "/Makefile", atomically: true, encoding: .utf8)
    }

    func pids() -> [pid_t] { Self.pids(in: pidFile) }

    static func pids(in file: String) -> [pid_t] {
        ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
    }

    /// Waits (up to 30 s) until `count` children have written their pids.
    func waitForChildren(_ count: Int) async -> Bool {
        for _ in 0..<300 {
            if pids().count >= count { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Whether every process is gone (or a zombie), waiting up to 10 s for them to be reaped.
    static func allGone(_ pids: [pid_t]) async -> Bool {
        for _ in 0..<100 {
            if !pids.contains(where: isRunning) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Whether `pid` exists and is not a zombie.
    static func isRunning(_ pid: pid_t) -> Bool {
        #if os(Linux)
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            return state != "Z" && state != "X"
        #else
            return kill(pid, 0) == 0
        #endif
    }
}

extension FileManager {
    /// `path` with symbolic links resolved (`/tmp` is a link on macOS).
    func resolvingPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
