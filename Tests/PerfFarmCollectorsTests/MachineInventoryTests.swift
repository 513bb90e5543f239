import Foundation
import Logging
import PerfFarmBuild
import PerfFarmCollectors
import PerfFarmCore
import PerfFarmProcess
import Testing

@Suite("Machine inventory")
struct MachineInventoryTests {
    @Test func capturedTwoCoreMachine() async throws {
        let inventory = try await MachineInventoryReader(root: CollectorFixtures.machine("linux-2core")).collect()
        #expect(inventory.os.id == "debian")
        #expect(inventory.os.versionCodename == "bookworm")
        #expect(inventory.os.kernelRelease == "6.18.44-fc-v782")
        #expect(inventory.os.kernelName == "Linux")
        #expect(inventory.os.virtualization == "hypervisor")
        #expect(inventory.cpu.model == "AMD EPYC")
        #expect(inventory.cpu.threads == 2)
        #expect(inventory.cpu.cores == 2)
        #expect(inventory.cpu.sockets == 1)
        #expect(inventory.cpu.scalingGovernor == nil)
        #expect(inventory.cpu.boostEnabled == nil)
        #expect(
            inventory.cpu.caches == [
                CPUInfo.Cache(level: 1, type: "Data", sizeBytes: 32 << 10, sharedByCPUs: 1),
                CPUInfo.Cache(level: 1, type: "Instruction", sizeBytes: 32 << 10, sharedByCPUs: 1),
                CPUInfo.Cache(level: 2, type: "Unified", sizeBytes: 512 << 10, sharedByCPUs: 1),
                CPUInfo.Cache(level: 3, type: "Unified", sizeBytes: 32 << 20, sharedByCPUs: 2),
            ])
        #expect(inventory.memory.totalBytes == 24_683_656 * 1024)
        #expect(inventory.memory.transparentHugePages == "madvise")
        #expect(inventory.kernelSettings["vm.swappiness"] == "60")
        #expect(inventory.kernelSettings["kernel.shmmni"] == "4096")
        #expect(inventory.kernelSettings["kernel.sem"] == "32000 1024000000 500 32000")
        #expect(inventory.kernelSettings["kernel.osrelease"] == nil)
        #expect(inventory.storage == nil)
        #expect(inventory.compiler == nil)
    }

    @Test func capturedManyCoreMachine() async throws {
        let inventory = try await MachineInventoryReader(root: CollectorFixtures.machine("linux-64core")).collect()
        #expect(inventory.os.prettyName == "Ubuntu 24.04.1 LTS")
        #expect(inventory.os.idLike == ["debian"])
        #expect(inventory.cpu.threads == 64)
        #expect(inventory.cpu.cores == 32)
        #expect(inventory.cpu.sockets == 2)
        #expect(inventory.cpu.scalingGovernor == "powersave")
        #expect(inventory.cpu.maxMHz == 3200)
        #expect(inventory.cpu.boostEnabled == true)
        #expect(inventory.memory.hugePagesTotal == 1024)
        #expect(inventory.memory.swapTotalBytes == 8_388_604 * 1024)
    }

    @Test func machineWithMissingFields() async throws {
        let inventory = try await MachineInventoryReader(root: CollectorFixtures.machine("linux-arm-old")).collect()
        #expect(inventory.os.id == "alpine")
        #expect(inventory.os.prettyName == nil)
        #expect(inventory.cpu.model == nil)
        #expect(inventory.cpu.threads == 4)
        #expect(inventory.cpu.sockets == 1)
        #expect(inventory.memory.availableBytes == nil)
        #expect(inventory.memory.transparentHugePages == nil)
        #expect(inventory.kernelSettings.isEmpty)
        // Encoded, a missing field is null, never absent.
        let json = String(decoding: try JSONEncoder().encode(inventory.memory), as: UTF8.self)
        #expect(json.contains("\"available_bytes\":null"))
    }

    @Test func storageOfTheCapturedDisk() {
        let storage = StorageReader(root: CollectorFixtures.machine("linux-2core"))
            .describeLinux(path: "/srv/pgdata", resolvedPath: "/srv/pgdata", major: 254, minor: 0)
        #expect(storage.mountPoint == "/")
        #expect(storage.filesystem == "ext4")
        #expect(storage.source == "/dev/vda")
        #expect(storage.mountOptions == ["rw", "relatime"])
        #expect(storage.device == "vda")
        #expect(storage.disk == "vda")
        #expect(storage.rotational == true)
        #expect(storage.ioScheduler == "mq-deadline")
        #expect(storage.deviceModel == nil)
        #expect((storage.deviceSizeBytes ?? 0) > 0)
    }

    @Test func storageOfATmpfsHasNoDevice() {
        let storage = StorageReader(root: CollectorFixtures.machine("linux-2core"))
            .describeLinux(path: "/dev/shm/x", resolvedPath: "/dev/shm/x", major: 0, minor: 23)
        #expect(storage.filesystem == "tmpfs")
        #expect(storage.mountPoint == "/dev/shm")
        #expect(storage.device == nil)
    }

    @Test func liveMachineIsPlausible() async throws {
        let reader = MachineInventoryReader(
            dataDirectory: FileManager.default.temporaryDirectory.path,
            compiler: CompilerVersionReader(runner: LiveCommandRunner(logger: .init(label: "test"))))
        let inventory = try await reader.collect()
        #expect(inventory.cpu.cores >= 1)
        #expect(inventory.cpu.threads >= inventory.cpu.cores)
        #expect(inventory.memory.totalBytes > 0)
        #expect(inventory.os.kernelName == "Linux")
        #expect(inventory.os.machine?.isEmpty == false)
        #expect(inventory.kernelSettings["vm.swappiness"] != nil)
        #expect((inventory.storage?.availableBytes ?? 0) > 0)
        #expect(inventory.compiler?.family != nil)
    }

    @Test func compilerReaderParsesWhatTheRunnerReturns() async throws {
        let runner = CannedCommandRunner(answers: [
            "gcc-13 --version": CommandOutcome(
                termination: .exited(0), standardOutput: Array("gcc-13 (Ubuntu 13.2.0-4ubuntu3) 13.2.0\n".utf8))
        ])
        let info = try await CompilerVersionReader(compiler: "gcc-13", runner: runner).collect()
        #expect(info.family == "gcc")
        #expect(info.version == "13.2.0")
        await #expect(throws: PerfFarmError.self) {
            try await CompilerVersionReader(compiler: "nope", runner: runner).collect()
        }
    }

    @Test func dumpingAllOfProcSys() async throws {
        let all = try await MachineInventoryReader(allKernelSettings: true).collect().kernelSettings
        let curated = try await MachineInventoryReader().collect().kernelSettings
        #expect(all.count > curated.count)
        #expect(all["kernel.osrelease"] != nil)
        #expect(all["vm.drop_caches"] == nil)
    }
}
