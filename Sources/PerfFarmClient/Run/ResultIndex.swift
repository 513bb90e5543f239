import Foundation
import PerfFarmCore
import PerfFarmProcess

/// The commits a work area has benchmarked, with their configuration hashes: what lets a farm run skip a
/// branch whose head has not moved (`<work>/state/benchmarked.json`).
struct ResultIndex: Sendable {
    /// One benchmarked commit.
    struct Entry: Codable, Sendable, Equatable {
        var branch: String
        var commit: String
        var configurationHash: String
        var resultFile: String
        var status: String
        @Timestamp var finishedAt: Date

        enum CodingKeys: String, CodingKey {
            case branch, commit
            case configurationHash = "configuration_hash"
            case resultFile = "result_file"
            case status
            case finishedAt = "finished_at"
        }
    }

    /// The index file.
    let path: String

    /// The index of the work area `root`.
    init(workArea root: String) {
        path = root + "/state/benchmarked.json"
    }

    /// The entries (none when the file is missing).
    /// - Throws: ``PerfFarmError`` (`file_access`) when the file is there but not an index.
    func entries() throws -> [Entry] {
        guard FileSystem.exists(path) else { return [] }
        do {
            return try PerfFarmJSON.decode([Entry].self, from: try FileSystem.read(path))
        } catch let error as PerfFarmError {
            throw error
        } catch {
            throw PerfFarmError(.fileAccess, "not perffarm's index of benchmarked commits: \(error)", path: path)
        }
    }

    /// The earlier result of `commit` of `branch` with `configurationHash` whose file still exists, if any; an
    /// interrupted one does not count.
    func earlier(branch: String, commit: String, configurationHash: String) throws -> Entry? {
        try entries().last {
            $0.branch == branch && $0.commit == commit && $0.configurationHash == configurationHash
                && $0.status != BenchmarkResult.Status.interrupted.rawValue && FileSystem.exists($0.resultFile)
        }
    }

    /// Adds an entry (the newest 10,000 are kept).
    func record(_ entry: Entry) throws {
        var all = try entries()
        all.append(entry)
        try FileSystem.createDirectory((path as NSString).deletingLastPathComponent)
        try FileSystem.writeDurably(try PerfFarmJSON.encode(Array(all.suffix(10_000))), to: path)
    }
}
