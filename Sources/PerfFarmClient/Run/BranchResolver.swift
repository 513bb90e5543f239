/// What `branches = "auto"` means: `master` and the newest `REL_N_STABLE` branches of the repository (the
/// supported major versions), newest first after `master`.
public enum BranchResolver {
    /// The branches `selection` names, among `available`.
    /// - Parameters:
    ///   - selection: `auto`, or a list (returned as it is).
    ///   - available: the repository's branches.
    ///   - stableCount: how many `REL_N_STABLE` branches `auto` takes.
    /// - Returns: the branches to benchmark, in order.
    public static func resolve(_ selection: BranchSelection, available: [String], stableCount: Int) -> [String] {
        switch selection {
        case .list(let names):
            return names
        case .auto:
            let stable = available.compactMap { name in majorVersion(ofStableBranch: name).map { (name, $0) } }
                .sorted { $0.1 > $1.1 }.prefix(stableCount).map(\.0)
            return (available.contains("master") ? ["master"] : []) + stable
        }
    }

    /// The major version of a stable branch: 17 of `REL_17_STABLE`, 9.6 of `REL9_6_STABLE`; `nil` for any
    /// other name.
    public static func majorVersion(ofStableBranch name: String) -> Double? {
        guard name.hasPrefix("REL"), name.hasSuffix("_STABLE") else { return nil }
        let middle = name.dropFirst(3).dropLast("_STABLE".count)
        let parts = middle.split(separator: "_", omittingEmptySubsequences: true)
        guard !parts.isEmpty, parts.count <= 2, let major = Int(parts[0]) else { return nil }
        if parts.count == 2 {
            guard let minor = Int(parts[1]), major < 10 else { return nil }
            return Double(major) + Double(minor) / 10
        }
        return major >= 10 ? Double(major) : nil
    }
}
