import Foundation
import PerfFarmProcess

/// Keeps the newest results of a results directory: `output.keep_results`.
enum ResultPruning {
    /// Removes all but the newest `keep` result documents (`*.json` at the top of `directory`, by name: the
    /// names end with their UTC time) of each machine and branch, with their run directories.
    /// - Returns: one note per removed result, or per result that could not be removed.
    static func prune(_ directory: String, keep: Int) -> [String] {
        guard keep > 0 else { return [] }
        let documents = FileSystem.contents(directory).filter { $0.hasSuffix(".json") }
        // `<machine>-<branch>-<commit12>-<stamp>.json`: group by everything before the commit.
        var groups: [String: [String]] = [:]
        for name in documents {
            let parts = name.dropLast(5).split(separator: "-")
            guard parts.count >= 4 else { continue }
            groups[parts.dropLast(2).joined(separator: "-"), default: []].append(name)
        }
        var notes: [String] = []
        for names in groups.values {
            let sorted = names.sorted { stamp(of: $0) > stamp(of: $1) }
            for name in sorted.dropFirst(keep) {
                let base = directory + "/" + String(name.dropLast(5))
                do {
                    try FileSystem.remove(base)
                    try FileSystem.remove(base + ".json")
                    notes.append("removed the old result \(name) (output.keep_results = \(keep))")
                } catch {
                    notes.append("cannot remove the old result \(name): \(error)")
                }
            }
        }
        return notes
    }

    /// The UTC stamp at the end of a result's name.
    private static func stamp(of name: String) -> String {
        String(name.dropLast(5).split(separator: "-").last ?? "")
    }
}
