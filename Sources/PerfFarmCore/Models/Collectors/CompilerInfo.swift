/// The C compiler used for a build, from its `--version` output.
public struct CompilerInfo: Codable, Sendable, Equatable {
    /// The command that was asked (`cc`, `gcc-13`, `/usr/bin/clang`).
    public var command: String
    /// `gcc`, `clang`, `apple-clang`, or `nil` when the output is not recognised.
    @Nullable public var family: String?
    /// The version number (`12.2.0`, `17.0.6`).
    @Nullable public var version: String?
    /// The target triple when the compiler prints it (clang's `Target:` line).
    @Nullable public var target: String?
    /// The first line of the output, as printed (`gcc (Debian 12.2.0-14) 12.2.0`).
    public var versionLine: String

    /// Creates a description.
    public init(command: String, family: String?, version: String?, target: String?, versionLine: String) {
        self.command = command
        self.family = family
        self.version = version
        self.target = target
        self.versionLine = versionLine
    }

    enum CodingKeys: String, CodingKey {
        case command, family, version, target
        case versionLine = "version_line"
    }
}
