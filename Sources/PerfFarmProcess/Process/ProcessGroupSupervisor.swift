#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches one running command: waits for its output to drain and its leader to exit, and ends its
/// whole process group when its timeout passes or its task is cancelled.
///
/// Runs inside swift-subprocess's execution body, so the leader is not reaped before the supervisor
/// returns: signalling the group by the leader's pid cannot reach an unrelated process.
struct ProcessGroupSupervisor: Sendable {
    /// Why supervision ended.
    enum Ending: Sendable, Equatable {
        /// The leader exited by itself.
        case exited
        /// The timeout passed and the group was terminated.
        case timedOut
        /// The task was cancelled and the group was terminated.
        case cancelled
    }

    /// The longest the command may run; no limit when `nil`.
    let timeout: Duration?
    /// How long the leader gets between SIGTERM and SIGKILL.
    let gracePeriod: Duration
    /// Watches the group while it is supervised, for the case where this process is killed.
    var guardian: ProcessGuardian? = nil

    /// Supervises the process group led by `pid`.
    /// - Parameters:
    ///   - pid: the group leader (the command), in a group of its own.
    ///   - drain: reads the command's output to its end.
    /// - Returns: why supervision ended.
    func supervise(_ pid: pid_t, drain: @escaping @Sendable () async -> Void) async -> Ending {
        guardian?.watch(processGroup: pid)
        defer { guardian?.forget(processGroup: pid) }
        return await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                await drain()
                return await Self.waitForExit(pid) ? .exited : .cancelled
            }
            group.addTask { [timeout] in
                do {
                    if let timeout {
                        try await Task.sleep(for: timeout)
                        return .timedOut
                    }
                    while true { try await Task.sleep(for: .seconds(3600)) }
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .exited
            if first == .exited {
                group.cancelAll()
            } else {
                // Unstructured so that the grace period is slept even when this task is cancelled.
                let gracePeriod = gracePeriod
                await Task { await Self.terminateGroup(pid, gracePeriod: gracePeriod) }.value
            }
            // The drain ends now that the group is gone; what it read is kept.
            for await _ in group {}
            return first
        }
    }

    /// SIGTERM to the group, up to `gracePeriod` for every member to exit, then SIGKILL to the group (for
    /// members that ignore SIGTERM or outlive the grace period).
    ///
    /// The whole group gets its grace period, not only the leader: initdb exits at once on SIGTERM while its
    /// standalone backend is still cleaning up, and a SIGKILL then would leave that backend's shared memory.
    static func terminateGroup(_ pid: pid_t, gracePeriod: Duration) async {
        _ = kill(-pid, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + gracePeriod
        while !hasExited(pid) || ProcessInspector.groupHasLiveMembers(pid), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        _ = kill(-pid, SIGKILL)
    }

    /// Waits until `pid` has exited (without reaping it); `false` when the task was cancelled first.
    static func waitForExit(_ pid: pid_t) async -> Bool {
        var delay = Duration.milliseconds(1)
        while !hasExited(pid) {
            do {
                try await Task.sleep(for: delay)
            } catch {
                return hasExited(pid)
            }
            delay = min(delay * 2, .milliseconds(100))
        }
        return true
    }

    /// Whether the child `pid` has exited: a zombie waiting to be reaped, or already reaped.
    static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        while true {
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
                // With WNOHANG and no state change, waitid leaves si_signo (and si_pid) zero.
                return info.si_signo != 0
            }
            if errno != EINTR { return errno == ECHILD }
        }
    }
}
