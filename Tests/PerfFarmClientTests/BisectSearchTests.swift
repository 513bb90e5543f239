import Foundation
import PerfFarmCore
import Testing

@testable import PerfFarmClient

/// The binary search of `perffarm bisect`, without builds: an oracle says which commits are bad.
@Suite("BisectSearch")
struct BisectSearchTests {
    /// Runs a search over `count` commits whose first bad one is `firstBad`, skipping `broken`.
    static func search(count: Int, firstBad: Int, broken: Set<Int> = []) -> (search: BisectSearch, tested: [Int]) {
        var search = BisectSearch(count: count)
        var tested: [Int] = []
        while let index = search.next {
            precondition(!tested.contains(index), "tested twice")
            tested.append(index)
            search.record(index, broken.contains(index) ? .skip : index >= firstBad ? .bad : .good)
        }
        return (search, tested)
    }

    @Test("every first bad commit of 1 to 40 commits is found within ⌈log₂ n⌉ steps, no commit tested twice")
    func exhaustive() {
        for count in 1...40 {
            for firstBad in 0..<count {
                let (search, tested) = Self.search(count: count, firstBad: firstBad)
                #expect(search.isExact)
                #expect(search.bad == firstBad, "count \(count), first bad \(firstBad)")
                #expect(search.candidates == [firstBad])
                #expect(tested.count <= BisectSearch.maximumSteps(count: count), "count \(count): \(tested)")
            }
        }
        #expect(BisectSearch.maximumSteps(count: 1) == 0)
        #expect(BisectSearch.maximumSteps(count: 8) == 3)
        #expect(BisectSearch.maximumSteps(count: 9) == 4)
    }

    @Test("the test branch: commit 3 does not build and is skipped for its neighbour 4; commit 5 is found in 3 steps")
    func fixtureBranch() {
        let (search, tested) = Self.search(count: 8, firstBad: 5, broken: [3])
        #expect(tested == [3, 4, 5])
        #expect(search.isExact && search.bad == 5)
        #expect(search.skipped == [3])
    }

    @Test("skipped commits: the first bad one is still found when it builds; else the candidates name it")
    func skips() {
        for count in 2...20 {
            for firstBad in 0..<count {
                for broken in 0..<(count - 1) {
                    let (search, _) = Self.search(count: count, firstBad: firstBad, broken: [broken])
                    if search.isExact {
                        #expect(search.bad == firstBad)
                    } else {
                        #expect(
                            search.candidates.contains(firstBad), "count \(count), bad \(firstBad), broken \(broken)")
                        #expect(search.next == nil)
                    }
                }
            }
        }
        // The commit before the first bad one does not build: the search cannot tell which of the two is first.
        let (search, _) = Self.search(count: 8, firstBad: 5, broken: [4])
        #expect(!search.isExact)
        #expect(search.candidates == [4, 5])
    }

    @Test("a saved state resumes the same search: its steps replayed give the same next commit")
    func resume() throws {
        var state = BisectState(
            repository: "r", branch: "b", good: "g", bad: "h", cell: "c", threshold: 0.05, runs: 5, duration: 1,
            configureOptions: [], seed: 1,
            commits: (0..<8).map { BisectState.Commit(hash: "c\($0)", subject: "s\($0)") })
        var live = BisectSearch(count: 8)
        for (index, verdict) in [(3, BisectSearch.Verdict.skip), (4, .good)] {
            #expect(live.next == index)
            live.record(index, verdict)
            state.steps.append(
                .init(
                    index: index, commit: "c\(index)", subject: "s\(index)", verdict: verdict, reason: nil,
                    comparison: nil, resultFiles: [], finishedAt: Date(timeIntervalSince1970: 0)))
        }
        let decoded = try PerfFarmJSON.decode(BisectState.self, from: try PerfFarmJSON.encode(state))
        #expect(decoded == state)
        #expect(decoded.search == live)
        #expect(decoded.search.next == 5)
        var other = state
        other.cell = "another"
        #expect(!state.isSameSearch(as: other))
        #expect(state.isSameSearch(as: decoded))
    }
}
