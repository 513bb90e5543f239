import PerfFarmCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends what perffarm started when perffarm itself ends without doing so: a SIGKILL, a crash, an out-of-memory
/// kill. Nothing in the process can react to those, so the work is left to a small process of its own.
///
/// The guardian is a `/bin/sh` loop connected to this process by a socket. This process tells it which process
/// groups it started (every command of ``LiveCommandRunner``) and which data directories have a server of ours
/// (``watch(dataDirectory:)``), and withdraws each when it ends. When the socket reaches its end without a
/// goodbye, this process is gone: the guardian sends SIGQUIT (PostgreSQL's immediate shutdown) to the
/// postmaster of every watched data directory, after checking that the PID of its `postmaster.pid` is a
/// `postgres` whose working directory is that data directory, and SIGTERM to every watched process group; what
/// is still there after up to two seconds gets SIGKILL. The guardian ignores SIGINT, SIGTERM, SIGHUP and
/// SIGQUIT and runs in a process group of its own, so that a Ctrl-C reaches perffarm (which then stops
/// everything itself) and never the guardian.
///
/// Limits: a process started in the instant between its spawn and its registration is not watched; a process
/// group that ended and whose id was reused before the guardian acted is signalled (the registration is
/// withdrawn as soon as the command returns, so this needs perffarm killed in that instant too).
public final class ProcessGuardian: Sendable {
    /// The guardian of this process, started at first use; `nil` when it could not be started (logged by no
    /// one: the runner works without it).
    public static let shared: ProcessGuardian? = try? ProcessGuardian()

    /// The guardian's process id.
    public let pid: Int32
    private let socket: Mutex<Int32>
    private let groups = Mutex<Set<Int32>>([])

    /// Starts a guardian.
    /// - Throws: ``PerfFarmError`` (`command_not_started`) when the socket or the process cannot be made.
    public init() throws {
        var ends: [Int32] = [-1, -1]
        #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
            throw PerfFarmError(.commandNotStarted, "cannot start the process guardian: \(Self.errnoText())")
        }
        defer { close(ends[1]) }
        #if canImport(Darwin)
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        #endif
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let arguments = ["sh", "-c", Self.script, "perffarm-guardian"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, &argv, environ)
        guard status == 0 else {
            close(ends[0])
            throw PerfFarmError(
                .commandNotStarted, "cannot start the process guardian: \(String(cString: strerror(status)))")
        }
        pid = child
        socket = Mutex(ends[0])
        // Until its trap is set, a signal would end the guardian: wait for its word that it is set.
        Self.waitForReady(ends[0])
    }

    /// Waits (up to 10 s) for the guardian's `ready` line on `descriptor`.
    private static func waitForReady(_ descriptor: Int32) {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        var buffer = [UInt8](repeating: 0, count: 16)
        var received = 0
        while received < 6 {
            let ready = poll(&entry, 1, 10_000)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { return }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + received, 6 - received, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            received += count
        }
    }

    deinit {
        socket.withLock { if $0 >= 0 { close($0) } }
    }

    /// Watches the process group `group` (a command perffarm started, leading a group of its own).
    public func watch(processGroup group: Int32) {
        send("group \(group)")
        groups.withLock { _ = $0.insert(group) }
    }

    /// Stops watching the process group `group`: its command has ended.
    public func forget(processGroup group: Int32) {
        send("ungroup \(group)")
        groups.withLock { _ = $0.remove(group) }
    }

    /// The process groups told to the guardian and not withdrawn (for tests: a registration happens when the
    /// runner's supervision starts, which a loaded machine can delay after the spawn).
    package var watchedGroups: Set<Int32> { groups.withLock { $0 } }

    /// Watches the server of `dataDirectory` (made absolute, links resolved): if this process dies, the
    /// postmaster named by its `postmaster.pid` is shut down, once checked to be a postgres working there.
    public func watch(dataDirectory: String) { send("cluster \(Self.canonical(dataDirectory))") }

    /// Stops watching the server of `dataDirectory`: it was stopped.
    public func forget(dataDirectory: String) { send("uncluster \(Self.canonical(dataDirectory))") }

    /// `path` as the kernel shows a process's working directory: absolute, symbolic links resolved.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Ends the guardian without it acting, and waits for it: for a process that stopped everything it started.
    public func dismiss() {
        send("done")
        closeAndWait()
    }

    /// Closes the connection the way a killed process would, so the guardian ends what it watches; waits for it
    /// to finish. For tests of the guardian itself.
    package func abandon() {
        closeAndWait()
    }

    /// Closes this end of the socket (once) and reaps the guardian.
    private func closeAndWait() {
        let closed = socket.withLock { descriptor -> Bool in
            guard descriptor >= 0 else { return false }
            close(descriptor)
            descriptor = -1
            return true
        }
        if closed { waitForExit() }
    }

    /// Reaps the guardian (ECHILD: something else in the process reaped it, so it is gone too).
    private func waitForExit() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    private func send(_ message: String) {
        guard !message.contains("\n") else { return }
        let line = Array((message + "\n").utf8)
        socket.withLock { descriptor in
            guard descriptor >= 0 else { return }
            var offset = 0
            while offset < line.count {
                let written = line[offset...].withUnsafeBytes { buffer in
                    #if canImport(Glibc)
                        Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                    #else
                        Darwin.send(descriptor, buffer.baseAddress, buffer.count, 0)
                    #endif
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the guardian is gone; nothing to tell it any more
                }
                offset += written
            }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    /// The guardian's program (POSIX sh). It reads one request per line; at the end of its input without `done`
    /// it ends what it watches.
    static let script = #"""
        trap '' INT TERM HUP QUIT PIPE USR1 USR2
        echo ready >&0
        set -f
        nl='
        '
        groups=' '
        clusters=''
        ungroup() { kept=' '; for g in $groups; do [ "$g" = "$1" ] || kept="$kept$g "; done; groups=$kept; }
        uncluster() {
            kept=''; IFS=$nl
            for d in $clusters; do [ "$d" = "$1" ] || kept="$kept$d$nl"; done
            unset IFS; clusters=$kept
        }
        # The postmaster of data directory $1, when postmaster.pid names a postgres working in that directory.
        postmaster() {
            [ -f "$1/postmaster.pid" ] || return 1
            IFS= read -r p < "$1/postmaster.pid" || return 1
            case $p in ''|*[!0-9]*) return 1 ;; esac
            [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$1" ] || return 1
            case $(readlink "/proc/$p/exe" 2>/dev/null) in */postgres) echo "$p" ;; *) return 1 ;; esac
        }
        while IFS=' ' read -r verb rest; do
            case $verb in
                group|ungroup) case $rest in ''|*[!0-9]*) continue ;; esac ;;
            esac
            case $verb in
                group) groups="$groups$rest " ;;
                ungroup) ungroup "$rest" ;;
                cluster) clusters="$clusters$rest$nl" ;;
                uncluster) uncluster "$rest" ;;
                done) exit 0 ;;
            esac
        done
        [ "$groups" = ' ' ] && [ -z "$clusters" ] && exit 0
        quit_servers() {
            IFS=$nl
            for d in $clusters; do
                p=$(postmaster "$d") && kill -QUIT "$p" 2>/dev/null
            done
            unset IFS
        }
        quit_servers
        for g in $groups; do kill -TERM "-$g" 2>/dev/null; done
        i=0
        while [ $i -lt 20 ]; do
            left=0
            for g in $groups; do kill -0 "-$g" 2>/dev/null && left=1; done
            IFS=$nl
            for d in $clusters; do postmaster "$d" >/dev/null && left=1; done
            unset IFS
            [ $left = 0 ] && exit 0
            # A server that was starting may have written its postmaster.pid since.
            [ $i = 5 ] && quit_servers
            sleep 0.1
            i=$((i + 1))
        done
        for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
        IFS=$nl
        for d in $clusters; do p=$(postmaster "$d") && kill -KILL "-$p" "$p" 2>/dev/null; done
        exit 0
        """#
}
