public import Foundation

/// The source a build was made from: which repository, branch and commit.
public struct SourceRevision: Codable, Sendable, Equatable {
    /// The repository URL reported in results (the canonical repository), which may differ from
    /// ``fetchURL`` when sources are fetched from a local mirror.
    public var repositoryURL: String
    /// The URL or path the sources were fetched from.
    public var fetchURL: String
    /// The branch (or tag) asked for.
    public var branch: String
    /// The full hash of the commit built.
    public var commit: String
    /// The committer date of the commit.
    @Timestamp public var commitDate: Date
    /// The author's name.
    public var authorName: String
    /// The author's e-mail address.
    public var authorEmail: String
    /// The first line of the commit message.
    public var subject: String

    /// Creates a source revision.
    public init(
        repositoryURL: String, fetchURL: String, branch: String, commit: String, commitDate: Date,
        authorName: String, authorEmail: String, subject: String
    ) {
        self.repositoryURL = repositoryURL
        self.fetchURL = fetchURL
        self.branch = branch
        self.commit = commit
        self.commitDate = commitDate
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.subject = subject
    }

    enum CodingKeys: String, CodingKey {
        case repositoryURL = "repository_url"
        case fetchURL = "fetch_url"
        case branch, commit
        case commitDate = "commit_date"
        case authorName = "author_name"
        case authorEmail = "author_email"
        case subject
    }
}
