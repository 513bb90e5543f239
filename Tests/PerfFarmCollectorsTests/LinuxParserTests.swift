import PerfFarmCollectors
import PerfFarmCore
import Testing

@Suite("Linux /proc and /sys parsers")
struct LinuxParserTests {
    @Test func procStatOfTheCapturedMachine() {
        let stat = ProcStatParser.parse(CollectorFixtures.text("linux-2core", "/proc/stat"))
        #expect(stat.total?.user == 45339)
        #expect(stat.total?.system == 8079)
        #expect(stat.total?.idle == 687180)
        #expect(stat.total?.steal == 344)
        #expect(stat.perCPU.count == 2)
        #expect(stat.perCPU[1].user == 25043)
        #expect(stat.perCPU[1].iowait == 676)
        #expect(stat.contextSwitches != nil)
        #expect(stat.procsRunning != nil)
        #expect(stat.bootTime != nil)
    }

    @Test func procStatOfSixtyFourCores() {
        let stat = ProcStatParser.parse(CollectorFixtures.text("linux-64core", "/proc/stat"))
        #expect(stat.perCPU.count == 64)
        #expect(stat.perCPU[63] == stat.perCPU[0])
        #expect(stat.perCPU[63].system == 200)
        #expect(stat.contextSwitches == 987_654_321)
        #expect(stat.procsRunning == 17)
        #expect(stat.procsBlocked == 3)
    }

    @Test func procStatOfAnOldKernelWithFewerColumns() {
        let stat = ProcStatParser.parse(CollectorFixtures.text("linux-arm-old", "/proc/stat"))
        #expect(stat.total?.user == 100)
        #expect(stat.total?.iowait == 5)
        #expect(stat.total?.steal == 0)
        #expect(stat.perCPU.count == 4)
        #expect(stat.procsRunning == nil)
        #expect(stat.contextSwitches == 5000)
    }

    @Test func memInfoInBytes() {
        let memory = MemInfoParser.parse(CollectorFixtures.text("linux-2core", "/proc/meminfo"))
        #expect(memory.total == 24_683_656 * 1024)
        #expect(memory.available == 24_277_188 * 1024)
        #expect(memory.cached == 1_096_724 * 1024)
        #expect(memory.swapTotal == 0)
        #expect(memory.hugePageSize == 2048 * 1024)
        #expect(memory.hugePagesTotal == 0)
    }

    @Test func memInfoWithoutMemAvailable() {
        let memory = MemInfoParser.parse(CollectorFixtures.text("linux-arm-old", "/proc/meminfo"))
        #expect(memory.total == 4_045_312 * 1024)
        #expect(memory.available == nil)
        #expect(memory.hugePageSize == nil)
        #expect(memory.used == (4_045_312 - 123_456 - 10_000 - 200_000) * 1024)
    }

    @Test func hugePagesAreCountsNotBytes() {
        let memory = MemInfoParser.parse(CollectorFixtures.text("linux-64core", "/proc/meminfo"))
        #expect(memory.hugePagesTotal == 1024)
        #expect(memory.hugePagesFree == 1000)
    }

    @Test func loadAverage() {
        #expect(
            LoadAverageParser.parse("1.25 1.39 0.71 3/87 15620\n") == LoadAverage(one: 1.25, five: 1.39, fifteen: 0.71))
        #expect(LoadAverageParser.parse("garbage") == nil)
    }

    @Test func diskStatsOfANewKernel() throws {
        let text = CollectorFixtures.text("linux-2core", "/proc/diskstats")
        let vda = try #require(DiskStatsParser.parse(text, device: "vda"))
        #expect(vda.readsCompleted == 62522)
        #expect(vda.sectorsRead == 6_123_586)
        #expect(vda.writesCompleted == 14210)
        #expect(vda.sectorsWritten == 1_975_136)
        #expect(vda.ioMilliseconds == 12932)
        #expect(DiskStatsParser.parse(text).count == 10)
        #expect(DiskStatsParser.parse(text, device: "sdz") == nil)
    }

    @Test func diskStatsOfAnOldKernelWithFourteenFields() throws {
        let text = CollectorFixtures.text("linux-arm-old", "/proc/diskstats")
        let sda1 = try #require(DiskStatsParser.parse(text, device: "sda1"))
        #expect(sda1.readsCompleted == 90)
        #expect(sda1.sectorsWritten == 800)
        #expect(sda1.ioMilliseconds == 390)
        #expect(DiskStatsParser.parse("   8 0 sda 1 2 3\n").isEmpty)
    }

    @Test func processStatWithSpacesAndParenthesesInTheName() throws {
        let line =
            "4242 (postgres: bob (x) idle) S 4200 4200 4200 0 -1 4194560 200 0 0 0 150 30 7 3 20 0 1 0 5000 1000 100"
        let stat = try #require(ProcessStatParser.parse(line))
        #expect(stat.pid == 4242)
        #expect(stat.command == "postgres: bob (x) idle")
        #expect(stat.state == "S")
        #expect(stat.parentPID == 4200)
        #expect(stat.userTicks == 150)
        #expect(stat.systemTicks == 30)
        #expect(stat.childrenUserTicks == 7)
        #expect(stat.childrenSystemTicks == 3)
        #expect(ProcessStatParser.parse("4242 (cut") == nil)
    }

    @Test func osReleaseQuotedAndUnquoted() {
        let fields = OSReleaseParser.parse(CollectorFixtures.text("linux-2core", "/etc/os-release"))
        #expect(fields["ID"] == "debian")
        #expect(fields["VERSION_ID"] == "12")
        #expect(fields["PRETTY_NAME"] == "Debian GNU/Linux 12 (bookworm)")
        let alpine = OSReleaseParser.parse(CollectorFixtures.text("linux-arm-old", "/etc/os-release"))
        #expect(alpine == ["ID": "alpine", "NAME": "Alpine Linux", "VERSION_ID": "3.19.1"])
        #expect(OSReleaseParser.parse(#"NAME="a \"quoted\" name""#)["NAME"] == #"a "quoted" name"#)
    }

    @Test func cpuInfoOfTheCapturedMachine() {
        let cpu = CPUInfoParser.parse(CollectorFixtures.text("linux-2core", "/proc/cpuinfo"))
        #expect(cpu.model == "AMD EPYC")
        #expect(cpu.vendor == "AuthenticAMD")
        #expect(cpu.processors == 2)
        #expect(cpu.sockets == 1)
        #expect(cpu.cores == 2)
        #expect(cpu.cacheSizeBytes == 512 * 1024)
        #expect(cpu.flags.contains("avx2"))
        #expect(cpu.flags.contains("hypervisor"))
        #expect(cpu.flags == cpu.flags.sorted())
    }

    @Test func cpuInfoOfTwoSocketsWithHyperThreads() {
        let cpu = CPUInfoParser.parse(CollectorFixtures.text("linux-64core", "/proc/cpuinfo"))
        #expect(cpu.processors == 64)
        #expect(cpu.sockets == 2)
        #expect(cpu.cores == 32)
        #expect(cpu.mhz == 2000)
        #expect(cpu.model == "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz")
    }

    @Test func cpuInfoOfArmWithoutModelName() {
        let cpu = CPUInfoParser.parse(CollectorFixtures.text("linux-arm-old", "/proc/cpuinfo"))
        #expect(cpu.processors == 4)
        #expect(cpu.model == nil)
        #expect(cpu.vendor == "0x41")
        #expect(cpu.sockets == nil)
        #expect(cpu.flags.contains("asimd"))
    }

    @Test func sysfsValues() {
        #expect(SysfsValueParser.selected("always [madvise] never\n") == "madvise")
        #expect(SysfsValueParser.selected("none [mq-deadline] kyber bfq \n") == "mq-deadline")
        #expect(SysfsValueParser.selected("performance\n") == "performance")
        #expect(SysfsValueParser.size("32768K") == 32 << 20)
        #expect(SysfsValueParser.size("512 KB") == 512 << 10)
        #expect(SysfsValueParser.size("x") == nil)
        #expect(SysfsValueParser.cpuCount("0-3,8-11") == 8)
        #expect(SysfsValueParser.cpuCount("0") == 1)
        #expect(SysfsValueParser.cpuCount("1-a") == nil)
    }

    @Test func mountInfoWithEscapedSpaces() throws {
        let text = """
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
            40 27 259:2 / /srv/pg\\040data rw,noatime shared:1 - xfs /dev/nvme0n1p2 rw,attr2,inode64
            """
        let mounts = MountInfoParser.parse(text)
        #expect(mounts.count == 2)
        #expect(mounts[1].mountPoint == "/srv/pg data")
        #expect(mounts[1].major == 259)
        #expect(mounts[1].minor == 2)
        #expect(mounts[1].filesystem == "xfs")
        #expect(mounts[1].source == "/dev/nvme0n1p2")
        #expect(mounts[1].mountOptions == ["rw", "noatime"])
        #expect(mounts[1].superOptions == ["rw", "attr2", "inode64"])
    }

    @Test(
        arguments: [
            (
                "gcc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.\n", "gcc",
                "12.2.0", nil
            ),
            (
                "cc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3)\nCopyright (C) 2021 Free Software Foundation, Inc.\n",
                "gcc", "11.4.1", nil
            ),
            (
                "Debian clang version 14.0.6\nTarget: x86_64-pc-linux-gnu\nThread model: posix\n", "clang", "14.0.6",
                "x86_64-pc-linux-gnu"
            ),
            (
                "Apple clang version 15.0.0 (clang-1500.3.9.4)\nTarget: arm64-apple-darwin23.4.0\n", "apple-clang",
                "15.0.0", "arm64-apple-darwin23.4.0"
            ),
            ("something else 1.0\n", nil, nil, nil),
        ] as [(String, String?, String?, String?)])
    func compilerVersions(text: String, family: String?, version: String?, target: String?) {
        let info = CompilerVersionParser.parse(text, command: "cc")
        #expect(info.family == family)
        #expect(info.version == version)
        #expect(info.target == target)
        #expect(info.command == "cc")
        #expect(info.versionLine == String(text.split(separator: "\n")[0]))
    }
}
