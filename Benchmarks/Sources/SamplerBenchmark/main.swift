// SamplerBenchmark: the built-in sampler's own cost at 1 Hz, side by side with collectd at the same interval.
//
//   swift run -c release --package-path Benchmarks SamplerBenchmark [--seconds 60] [--interval 1]
//       [--device vda] [--postmaster-pid PID] [--perffarm PATH-TO-RELEASE-BINARY] [--no-collectd]
//
// Runs, at the same time and for the same wall time:
//   1. the library sampler in this process (SystemSampler: /proc/stat, loadavg, meminfo, diskstats of the
//      device, the CPU of a process tree), measured as this process's CPU time (getrusage) during sampling;
//   2. optionally `perffarm collect --sample N --interval I --json` as a child (whole process, start-up included);
//   3. collectd (collectd-core) with the cpu, memory, disk, load, processes, contextswitch, swap and interface
//      plugins writing CSV, as a child (whole process, start-up included, ended with SIGTERM).
// Children are measured with wait4's rusage: user + system CPU and peak RSS.
import Foundation
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmProcess

#if canImport(Glibc)
    import Glibc
#endif

struct Figures {
    var name: String
    var cpuSeconds: Double
    var wallSeconds: Double
    var peakRSSKiB: Int
    var samples: Int?

    var cpuMillisecondsPerSecond: Double { cpuSeconds * 1000 / wallSeconds }
}

func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// Starts `argv` with posix_spawn; returns its PID.
func spawn(_ argv: [String], stdoutPath: String = "/dev/null") -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let cStrings = argv.map { strdup($0) }
    defer { cStrings.forEach { free($0) } }
    let status = posix_spawn(&pid, argv[0], &actions, nil, cStrings + [nil], environ)
    return status == 0 ? pid : nil
}

/// Waits for `pid` and returns its rusage.
func reap(_ pid: pid_t) -> rusage {
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    return usage
}

let duration = Double(argument("--seconds") ?? "60") ?? 60
let interval = Double(argument("--interval") ?? "1") ?? 1
let count = Int((duration / interval).rounded())
let device = argument("--device") ?? StorageReader().describe(path: FileManager.default.currentDirectoryPath).device
let postmasterPID = Int(argument("--postmaster-pid") ?? "1")
let withCollectd = !CommandLine.arguments.contains("--no-collectd")
print(
    "sampling \(count) × \(interval) s, device \(device ?? "none"), process tree of PID \(postmasterPID.map(String.init) ?? "none")"
)

// collectd, when installed.
var collectdPID: pid_t?
let collectdDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "perffarm-bench-collectd-\(getpid())"
).path
if withCollectd, let collectd = CollectdSampler.locate() {
    let configuration = CollectdConfiguration(directory: collectdDirectory, intervalSeconds: interval, device: device)
    try FileManager.default.createDirectory(atPath: collectdDirectory, withIntermediateDirectories: true)
    try configuration.render().write(toFile: configuration.configurationPath, atomically: true, encoding: .utf8)
    collectdPID = spawn([collectd, "-f", "-C", configuration.configurationPath])
} else if withCollectd {
    print("collectd is not installed (apt-get install collectd-core): measuring perffarm alone")
}
let collectdStart = Date()

// The CLI, when a binary is given.
var cliPID: pid_t?
if let binary = argument("--perffarm") {
    cliPID = spawn([binary, "collect", "--sample", String(duration), "--interval", String(interval), "--json"])
}
let cliStart = Date()

// The library sampler in this process.
var before = rusage()
getrusage(RUSAGE_SELF.rawValue, &before)
let start = Date()
let sampler = SystemSampler(
    reader: SystemCountersReader(device: device, postmasterPID: postmasterPID),
    interval: .milliseconds(Int64(interval * 1000)))
let series = try await sampler.sample(count: count)
let wall = Date().timeIntervalSince(start)
var after = rusage()
getrusage(RUSAGE_SELF.rawValue, &after)
let cpu = seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_stime)
var results = [
    Figures(
        name: "perffarm sampler (library, in-process)", cpuSeconds: cpu, wallSeconds: wall,
        peakRSSKiB: Int(after.ru_maxrss), samples: series.samples.count)
]

if let cliPID {
    let usage = reap(cliPID)
    results.append(
        Figures(
            name: "perffarm collect --sample (whole process)",
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            wallSeconds: Date().timeIntervalSince(cliStart),
            peakRSSKiB: Int(usage.ru_maxrss)))
}
if let collectdPID {
    kill(collectdPID, SIGTERM)
    let usage = reap(collectdPID)
    let wallCollectd = Date().timeIntervalSince(collectdStart)
    let parsed = try? CollectdSampler(
        executable: "",
        configuration: CollectdConfiguration(directory: collectdDirectory, intervalSeconds: interval, device: device),
        runner: NoRunner()
    ).parse(startedAt: collectdStart)
    results.append(
        Figures(
            name: "collectd 5.12 (8 plugins + csv)", cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            wallSeconds: wallCollectd, peakRSSKiB: Int(usage.ru_maxrss), samples: parsed?.samples.count))
    try? FileManager.default.removeItem(atPath: collectdDirectory)
}

struct NoRunner: CommandRunner {
    func run(_ command: Command) async throws -> CommandOutcome { CommandOutcome(termination: .exited(0)) }
}

print("")
print("| sampler | wall s | CPU ms | CPU ms per s | % of one core | peak RSS MiB | samples |")
print("|---|---|---|---|---|---|---|")
for figure in results {
    print(
        String(
            format: "| %@ | %.1f | %.1f | %.2f | %.3f | %.1f | %@ |", figure.name, figure.wallSeconds,
            figure.cpuSeconds * 1000, figure.cpuMillisecondsPerSecond, figure.cpuMillisecondsPerSecond / 10,
            Double(figure.peakRSSKiB) / 1024, figure.samples.map(String.init) ?? "-"))
}
