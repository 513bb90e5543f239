/// The binary search of a bisection, without builds or benchmarks: commits `0..<count` of a first-parent line
/// (oldest first; the good commit before index 0 is good, the last one is bad), and what each step found.
///
/// The first bad commit lies in `(good, bad]`: each step tests a commit between them and moves one end. A
/// commit that could not be built is skipped: its nearest neighbours inside the range are tried instead,
/// alternately after and before it, as `git bisect skip` does. When only skipped commits are left between
/// the ends, the first bad commit is one of them or the bad end, which ``candidates`` lists.
public struct BisectSearch: Sendable, Equatable {
    /// What a step found.
    public enum Verdict: String, Codable, Sendable, Equatable {
        case good, bad, skip
    }

    /// The number of commits.
    public let count: Int
    /// The newest commit known good (-1: the good commit before the list).
    public private(set) var good: Int = -1
    /// The oldest commit known bad.
    public private(set) var bad: Int
    /// Commits that could not be tested.
    public private(set) var skipped: Set<Int> = []

    /// A search over `count` commits, the last of which is bad.
    public init(count: Int) {
        precondition(count > 0, "a bisection needs at least one commit")
        self.count = count
        self.bad = count - 1
    }

    /// Records what testing commit `index` found.
    public mutating func record(_ index: Int, _ verdict: Verdict) {
        switch verdict {
        case .good: good = max(good, index)
        case .bad: bad = min(bad, index)
        case .skip: skipped.insert(index)
        }
    }

    /// The next commit to test; `nil` when the search is over.
    public var next: Int? {
        guard bad - good > 1 else { return nil }
        let middle = (good + bad) / 2
        for distance in 0..<(bad - good) {
            for index in distance == 0 ? [middle] : [middle + distance, middle - distance]
            where index > good && index < bad && !skipped.contains(index) {
                return index
            }
        }
        return nil
    }

    /// Whether the first bad commit is known: the ends are neighbours.
    public var isExact: Bool { bad - good == 1 }

    /// The commits that may be the first bad one, oldest first: the bad end alone when ``isExact``; else the
    /// skipped commits between the ends and the bad end.
    public var candidates: [Int] {
        ((good + 1)...bad).filter { $0 == bad || skipped.contains($0) }
    }

    /// At most how many commits a search over `count` tests when none is skipped: ⌈log₂ count⌉.
    public static func maximumSteps(count: Int) -> Int {
        var steps = 0
        var remaining = count
        while remaining > 1 {
            remaining = (remaining + 1) / 2
            steps += 1
        }
        return steps
    }
}
