public import Foundation

/// One commit of a git repository: its hashes, subject, author and dates, and its parents.
///
/// Every property is required (a root commit has an empty ``parentHashes``), so the synthesized `Codable`
/// conformance writes every key; the keys are snake_case. The dates are encoded with the encoder's date
/// strategy.
public struct GitCommit: Codable, Sendable, Equatable {
    /// The full hash (40 hex digits, 64 in a SHA-256 repository).
    public var hash: String
    /// The first 12 hex digits of ``hash``.
    public var abbreviatedHash: String
    /// The first line of the commit message (git's `%s`: the first paragraph, joined into one line).
    public var subject: String
    /// The author's name, as recorded (no `.mailmap`).
    public var authorName: String
    /// The author's e-mail address, as recorded.
    public var authorEmail: String
    /// When the change was written (git's author date).
    public var authorDate: Date
    /// When the commit was made (git's committer date): the date a branch's history is ordered by.
    public var committerDate: Date
    /// The full hashes of the parents, first parent first; empty for a root commit, two or more for a merge.
    public var parentHashes: [String]

    /// Creates a commit record; the abbreviated hash is the first 12 digits of `hash`.
    /// - Parameters:
    ///   - hash: the full hash.
    ///   - subject: the first line of the message.
    ///   - authorName: the author's name.
    ///   - authorEmail: the author's e-mail address.
    ///   - authorDate: the author date.
    ///   - committerDate: the committer date.
    ///   - parentHashes: the parents' full hashes, first parent first.
    public init(
        hash: String, subject: String, authorName: String, authorEmail: String, authorDate: Date,
        committerDate: Date, parentHashes: [String]
    ) {
        self.hash = hash
        self.abbreviatedHash = String(hash.prefix(12))
        self.subject = subject
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorDate = authorDate
        self.committerDate = committerDate
        self.parentHashes = parentHashes
    }

    /// Whether the commit has more than one parent.
    public var isMerge: Bool { parentHashes.count > 1 }

    enum CodingKeys: String, CodingKey {
        case hash
        case abbreviatedHash = "abbreviated_hash"
        case subject
        case authorName = "author_name"
        case authorEmail = "author_email"
        case authorDate = "author_date"
        case committerDate = "committer_date"
        case parentHashes = "parent_hashes"
    }
}
