import Foundation
import PerfFarmCore
import Testing

@Suite("GitCommit: the commit model")
struct GitCommitTests {
    static let hash = String(repeating: "ab", count: 20)

    @Test("the abbreviated hash is the first 12 digits; a merge has several parents")
    func abbreviation() {
        let commit = GitCommit(
            hash: Self.hash, subject: "S", authorName: "A", authorEmail: "a@b",
            authorDate: Date(timeIntervalSince1970: 0),
            committerDate: Date(timeIntervalSince1970: 0), parentHashes: [Self.hash, Self.hash])
        #expect(commit.abbreviatedHash == "abababababab")
        #expect(commit.isMerge)
    }

    @Test("JSON: snake_case keys, every key written (no optional values), a round trip gives the same value")
    func json() throws {
        let commit = GitCommit(
            hash: Self.hash, subject: "Fix | \"this\" ✓", authorName: "Zoë", authorEmail: "a@b",
            authorDate: Date(timeIntervalSince1970: 1_735_725_600), committerDate: Date(timeIntervalSince1970: 0),
            parentHashes: [])
        let data = try JSONEncoder().encode(commit)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "hash", "abbreviated_hash", "subject", "author_name", "author_email", "author_date", "committer_date",
                "parent_hashes",
            ])
        #expect(object["abbreviated_hash"] as? String == "abababababab")
        #expect(object["subject"] as? String == "Fix | \"this\" ✓")
        #expect((object["parent_hashes"] as? [Any])?.isEmpty == true)
        #expect(try JSONDecoder().decode(GitCommit.self, from: data) == commit)
    }
}
