/// A patch file applied on top of the checked-out commit before building.
public struct SourcePatch: Codable, Sendable, Equatable, Hashable {
    /// The file name of the patch (without its directory).
    public var name: String
    /// The SHA-256 of the file's bytes, in lowercase hex; part of the install-cache key.
    public var sha256: String

    /// Creates a patch record.
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case name, sha256
    }
}
