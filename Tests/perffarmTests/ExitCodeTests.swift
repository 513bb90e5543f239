import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess
import Testing

@testable import perffarm

@Suite("perffarm exit codes")
struct ExitCodeTests {
    @Test("a configuration error exits 2; work that ran and failed (a result not written) exits 1")
    func mapping() {
        #expect(CommandFailure.exitCode(for: PerfFarmError(.invalidConfiguration, "bad", key: "--scales")) == 2)
        #expect(CommandFailure.exitCode(for: PerfFarmError(.fileAccess, "the result could not be written")) == 1)
        #expect(CommandFailure.exitCode(for: PerfFarmError(.workAreaLocked, "in use")) == 1)
        #expect(CommandFailure.exitCode(for: PerfFarmError(.clusterStartFailed, "no")) == 1)
    }
}
