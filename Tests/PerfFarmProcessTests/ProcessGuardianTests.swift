import Foundation
import Logging
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@testable import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The guardian's own behaviour, with real processes: ``ProcessGuardian/abandon()`` closes its socket exactly as
/// the kernel does when perffarm is killed. (The binary killed with SIGKILL is tested in the CLI's tests.)
@Suite("ProcessGuardian: what perffarm started ends when perffarm is killed")
struct ProcessGuardianTests {
    /// A shell started by `posix_spawn` as the leader of a process group of its own, as every runner command is.
    final class Group: Sendable {
        let processIdentifier: pid_t

        init(_ script: String) throws {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            posix_spawnattr_setpgroup(&attributes, 0)
            // Default signal dispositions and no blocked signal, as the runner's commands get them.
            var none = sigset_t()
            sigemptyset(&none)
            var all = sigset_t()
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(
                &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            let words: [String] = ["sh", "-c", script]
            var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            let status = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
            guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
            processIdentifier = pid
        }

        /// Whether the leader still runs (not a zombie).
        var isRunning: Bool { ProcessTree.isRunning(processIdentifier) }

        /// Kills the whole group and reaps the leader.
        func end() {
            kill(-processIdentifier, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(processIdentifier, &status, 0)
        }
    }

    static func startGroup(_ script: String) throws -> Group { try Group(script) }

    /// The pids of the processes in process group `group` (zombies excluded).
    static func members(of group: pid_t) -> [pid_t] {
        ProcessInspector.liveMembers(ofGroup: group)
    }

    /// Waits up to `limit` for the group to have `count` members or, with `count` 0, none. (A generous limit: the
    /// guardian's own speed is measured by scripts/kill-trials, never asserted here.)
    static func waitForMembers(of group: pid_t, count: Int, limit: Duration = .seconds(60)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            let members = Self.members(of: group).count
            if count == 0 ? members == 0 : members >= count { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("a watched group is ended when the socket closes: SIGTERM, then SIGKILL for what ignores it")
    func watchedGroupEnds() async throws {
        let guardian = try ProcessGuardian()
        // One member exits on SIGTERM; the other ignores it (an ignored signal survives exec) and needs SIGKILL.
        let group = try Self.startGroup("sleep 300 & (trap '' TERM; exec sleep 301) & wait")
        defer {
            group.end()
        }
        #expect(await Self.waitForMembers(of: group.processIdentifier, count: 3))
        guardian.watch(processGroup: group.processIdentifier)
        guardian.abandon()
        #expect(await Self.waitForMembers(of: group.processIdentifier, count: 0))
    }

    @Test("a group withdrawn with forget, and every group after dismiss, is left alone")
    func forgottenGroupsStay() async throws {
        let forgotten = try Self.startGroup("exec sleep 300")
        let dismissed = try Self.startGroup("exec sleep 300")
        defer {
            forgotten.end()
            dismissed.end()
        }
        let first = try ProcessGuardian()
        first.watch(processGroup: forgotten.processIdentifier)
        first.forget(processGroup: forgotten.processIdentifier)
        first.abandon()
        let second = try ProcessGuardian()
        second.watch(processGroup: dismissed.processIdentifier)
        second.dismiss()
        try await Task.sleep(for: .milliseconds(300))
        #expect(forgotten.isRunning)
        #expect(dismissed.isRunning)
        // The guardians have exited (and were reaped by abandon and dismiss).
        #expect(kill(first.pid, 0) != 0)
        #expect(kill(second.pid, 0) != 0)
    }

    @Test("the guardian ignores the signals a terminal or a service manager sends; only its socket ends it")
    func signalsDoNotEndIt() async throws {
        let guardian = try ProcessGuardian()
        let group = try Self.startGroup("exec sleep 300")
        defer {
            group.end()
        }
        guardian.watch(processGroup: group.processIdentifier)
        // Its own process group: a Ctrl-C to perffarm's group does not reach it.
        #expect(getpgid(guardian.pid) == guardian.pid)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { kill(guardian.pid, signal) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(kill(guardian.pid, 0) == 0)
        #expect(group.isRunning)
        guardian.abandon()
        #expect(await Self.waitForMembers(of: group.processIdentifier, count: 0))
    }

    @Test("the runner's commands are watched while they run and withdrawn when they end")
    func runnerRegistersCommands() async throws {
        let guardian = try ProcessGuardian()
        let runner = LiveCommandRunner(logger: .init(label: "test"), guardian: guardian)
        // A command that ended is withdrawn: closing the socket afterwards touches nothing.
        _ = try await runner.runChecked(Command("true"))
        // A command still running when the socket closes is ended with its children.
        let pidFile =
            FileManager.default.temporaryDirectory.path
            + "/perffarm-guardian-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(pidFile) }
        let task = Task {
            try await runner.run(Command("sh", ["-c", "echo $$ > \(pidFile); sleep 300 & wait"], output: .discarded))
        }
        var leader: pid_t?
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
                let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                leader = pid
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let group = try #require(leader)
        #expect(await Self.waitForMembers(of: group, count: 2))
        // The registration comes when the runner's supervision starts, which a loaded machine can delay.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while !guardian.watchedGroups.contains(group), clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(guardian.watchedGroups.contains(group))
        guardian.abandon()
        #expect(await Self.waitForMembers(of: group, count: 0))
        let outcome = try await task.value
        #expect(outcome.termination == .signaled(SIGTERM) || outcome.termination == .signaled(SIGKILL))
    }

    @Test("a watched data directory whose postmaster.pid names no postgres: nothing is signalled")
    func clusterCheckedBeforeSignal() async throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-guardian")
        // postmaster.pid names a live process that is not a postgres working in that directory.
        let bystander = try Self.startGroup("exec sleep 300")
        defer {
            bystander.end()
        }
        try "\(bystander.processIdentifier)\n\(directory.path)\n".write(
            toFile: directory.path + "/postmaster.pid", atomically: true, encoding: .utf8)
        let guardian = try ProcessGuardian()
        guardian.watch(dataDirectory: directory.path)
        guardian.abandon()
        #expect(bystander.isRunning)
    }
}
