import Foundation
import PerfFarmCollectors
import PerfFarmCore
import Testing

@Suite("Preflight checks and environment fingerprint")
struct PreflightAndFingerprintTests {
    @Test func quietMachinePasses() {
        let checker = PreflightChecker()
        let checks = checker.evaluate(
            .init(
                load1: 0.2, cpus: 2, availableMemoryBytes: 8 << 30, availableDiskBytes: 100 << 30, swapUsedBytes: 0,
                governor: "performance", transparentHugePages: "madvise"))
        #expect(
            checks.map(\.name) == [
                "other_postgres_processes", "load_average", "available_memory", "available_disk", "swap_in_use",
                "cpu_governor", "transparent_huge_pages",
            ])
        #expect(checks.allSatisfy { $0.status == "passed" })
        let report = PreflightReport(checkedAt: Date(timeIntervalSince1970: 0), strict: true, checks: checks)
        #expect(report.passed)
        #expect(report.warnings.isEmpty)
    }

    @Test func busyMachineFailsWithWarnings() throws {
        let checks = PreflightChecker().evaluate(
            .init(
                otherProcesses: [(812, "postgres"), (990, "pgbench")], load1: 3.5, cpus: 4,
                availableMemoryBytes: 512 << 20, availableDiskBytes: nil, swapUsedBytes: 1 << 30,
                governor: "powersave", transparentHugePages: "always"))
        let status = Dictionary(uniqueKeysWithValues: checks.map { ($0.name, $0.status) })
        #expect(
            status == [
                "other_postgres_processes": "failed", "load_average": "failed", "available_memory": "failed",
                "available_disk": "skipped", "swap_in_use": "failed", "cpu_governor": "failed",
                "transparent_huge_pages": "failed",
            ])
        #expect(checks[0].observed == "2: 812 postgres, 990 pgbench")
        #expect(checks[1].expected == "<= 1.00")
        let report = PreflightReport(checkedAt: Date(timeIntervalSince1970: 0), strict: false, checks: checks)
        #expect(!report.passed)
        #expect(report.warnings.count == 6)
        #expect(report.warnings[1] == "load_average: the one-minute load average is above 1.00")
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"passed\":false"))
    }

    @Test func strictRefusesWhenAThresholdCannotBeMet() throws {
        let checker = PreflightChecker(minimumAvailableMemoryBytes: Int.max)
        let error = try #require(throws: PerfFarmError.self) { try checker.enforce(strict: true) }
        #expect(error.code == .preflightFailed)
        #expect(error.description.contains("available_memory"))
        let relaxed = try checker.enforce(strict: false)
        #expect(relaxed.warnings.contains { $0.hasPrefix("available_memory") })
    }

    @Test func liveObservationsArePlausible() {
        let observations = PreflightChecker(dataDirectory: FileManager.default.temporaryDirectory.path).observe()
        #expect(observations.cpus >= 1)
        #expect(observations.load1 != nil)
        #expect((observations.availableMemoryBytes ?? 0) > 0)
        #expect((observations.availableDiskBytes ?? 0) > 0)
    }

    func inventory(kernel: String = "6.1.0", memory: Int = 24_683_656 * 1024) -> MachineInventory {
        var os = OperatingSystemInfo()
        os.id = "debian"
        os.versionID = "12"
        os.kernelRelease = kernel
        var cpu = CPUInfo()
        cpu.model = "AMD EPYC"
        cpu.threads = 2
        return MachineInventory(
            collectedAt: Date(timeIntervalSince1970: 0), os: os, cpu: cpu, memory: MemoryInfo(totalBytes: memory),
            kernelSettings: [:],
            compiler: CompilerInfo(command: "cc", family: "gcc", version: "12.2.0", target: nil, versionLine: "gcc"))
    }

    @Test func fingerprintIsStableAndSplitsOnChange() {
        let base = EnvironmentFingerprinter.fingerprint(inventory: inventory())
        #expect(base.hash.hasPrefix("sha256:"))
        #expect(base.hash.count == 7 + 64)
        #expect(base.inputs.memoryMiB == 24064)
        #expect(base.inputs.os == "debian 12")
        #expect(base.inputs.compiler == "gcc 12.2.0")
        // Same inputs, same hash; a few kilobytes of memory less, same hash.
        #expect(EnvironmentFingerprinter.fingerprint(inventory: inventory()).hash == base.hash)
        #expect(EnvironmentFingerprinter.fingerprint(inventory: inventory(memory: 24_683_000 * 1024)).hash == base.hash)
        // A new kernel splits the history.
        #expect(EnvironmentFingerprinter.fingerprint(inventory: inventory(kernel: "6.1.1")).hash != base.hash)
        // Non-default settings count, run-specific ones (port) do not.
        func server(_ settings: [(String, String)]) -> PostgresServerInfo {
            PostgresServerInfo(
                version: "PostgreSQL 15", versionNumber: 150_000,
                settings: settings.map {
                    PostgresSettingNormalizer.normalize(
                        name: $0.0, setting: $0.1, unit: nil, type: "integer", source: "command line", bootValue: "0")
                })
        }
        let a = EnvironmentFingerprinter.fingerprint(
            inventory: inventory(), server: server([("port", "5433"), ("max_connections", "50")]))
        let b = EnvironmentFingerprinter.fingerprint(
            inventory: inventory(), server: server([("port", "6000"), ("max_connections", "50")]))
        let c = EnvironmentFingerprinter.fingerprint(
            inventory: inventory(), server: server([("max_connections", "60")]))
        #expect(a.hash == b.hash)
        #expect(a.hash != c.hash)
        #expect(a.inputs.nonDefaultSettings == ["max_connections=50"])
        let withConfigure = EnvironmentFingerprinter.fingerprint(
            inventory: inventory(), configureOptions: "--enable-debug")
        #expect(withConfigure.hash != base.hash)
    }
}
