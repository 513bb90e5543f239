/// A PostgreSQL server's version and settings.
public struct PostgresServerInfo: Codable, Sendable, Equatable {
    /// `SELECT version()` (`PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, ...`).
    public var version: String
    /// `server_version_num` (`150018`).
    public var versionNumber: Int
    /// Every row of `pg_settings`, sorted by name.
    public var settings: [PostgresSetting]
    /// The names of the non-default settings (those with `non_default: true`), sorted.
    public var nonDefaultSettings: [String]
    /// The `configure` options the server was built with (`pg_config` view; `nil` without the privilege).
    @Nullable public var configureOptions: String?

    /// Creates a description.
    public init(
        version: String, versionNumber: Int, settings: [PostgresSetting], configureOptions: String? = nil
    ) {
        self.version = version
        self.versionNumber = versionNumber
        self.settings = settings
        self.nonDefaultSettings = settings.filter(\.isNonDefault).map(\.name).sorted()
        self.configureOptions = configureOptions
    }

    enum CodingKeys: String, CodingKey {
        case version
        case versionNumber = "version_num"
        case settings
        case nonDefaultSettings = "non_default_settings"
        case configureOptions = "configure_options"
    }
}
