import PerfFarmClient
import Testing

@Suite("branches = \"auto\"")
struct BranchResolverTests {
    static let available = [
        "REL9_5_STABLE", "REL9_6_STABLE", "REL_10_STABLE", "REL_11_STABLE", "REL_12_STABLE", "REL_13_STABLE",
        "REL_14_STABLE", "REL_15_STABLE", "REL_16_STABLE", "REL_17_STABLE", "master", "feature/x", "REL_17_BETA",
        "REL_18_STABLE_x",
    ]

    @Test("master, then the newest five stable branches, newest first")
    func auto() {
        #expect(
            BranchResolver.resolve(.auto, available: Self.available, stableCount: 5) == [
                "master", "REL_17_STABLE", "REL_16_STABLE", "REL_15_STABLE", "REL_14_STABLE", "REL_13_STABLE",
            ])
        #expect(
            BranchResolver.resolve(.auto, available: Self.available, stableCount: 12).suffix(3) == [
                "REL_10_STABLE", "REL9_6_STABLE", "REL9_5_STABLE",
            ])
        #expect(BranchResolver.resolve(.auto, available: ["REL_16_STABLE"], stableCount: 5) == ["REL_16_STABLE"])
        #expect(BranchResolver.resolve(.list(["a", "b"]), available: [], stableCount: 5) == ["a", "b"])
    }

    @Test("stable branch names")
    func names() {
        #expect(BranchResolver.majorVersion(ofStableBranch: "REL_17_STABLE") == 17)
        #expect(BranchResolver.majorVersion(ofStableBranch: "REL9_6_STABLE") == 9.6)
        #expect(BranchResolver.majorVersion(ofStableBranch: "REL_9_STABLE") == nil)
        #expect(BranchResolver.majorVersion(ofStableBranch: "REL_17_BETA") == nil)
        #expect(BranchResolver.majorVersion(ofStableBranch: "master") == nil)
    }
}
