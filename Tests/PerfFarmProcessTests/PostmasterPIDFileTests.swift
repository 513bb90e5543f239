import Foundation
import PerfFarmCore
import PerfFarmProcess
import PerfFarmTestSupport
import Testing

@Suite("postmaster.pid read from a data directory")
struct PostmasterPIDFileTests {
    @Test func readsTheFileOfADataDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pid")
        try "4242\n/srv/pgdata\n1700000000\n5433\n".write(
            toFile: directory.path + "/postmaster.pid", atomically: true, encoding: .utf8)
        let file = try #require(PostmasterPIDFile.read(dataDirectory: directory.path))
        #expect(file.pid == 4242 && file.dataDirectory == "/srv/pgdata" && file.port == 5433)
        #expect(file.startTime == 1_700_000_000 && file.sharedMemory == nil && file.status == nil)
        #expect(PostmasterPIDFile.read(dataDirectory: "/nonexistent") == nil)
        try "not a pid\n".write(toFile: directory.path + "/postmaster.pid", atomically: true, encoding: .utf8)
        #expect(PostmasterPIDFile.read(dataDirectory: directory.path) == nil)
    }
}
