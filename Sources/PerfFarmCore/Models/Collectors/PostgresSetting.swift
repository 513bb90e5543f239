/// One row of `pg_settings`, with its value normalised to bytes, milliseconds or a plain number.
public struct PostgresSetting: Codable, Sendable, Equatable {
    /// The parameter name (`shared_buffers`).
    public var name: String
    /// The value as `pg_settings.setting` prints it, in `unit` (`16384` with unit `8kB`).
    public var setting: String
    /// The unit of `setting` (`8kB`, `kB`, `MB`, `ms`, `s`, `min`), `nil` when unitless.
    @Nullable public var unit: String?
    /// `bool`, `integer`, `real`, `string` or `enum`.
    public var type: String
    /// Where the value comes from (`default`, `configuration file`, `command line`, `override`, `client`).
    public var source: String
    /// The compiled-in default (`boot_val`), in `unit`.
    @Nullable public var bootValue: String?
    /// Memory settings in bytes (`setting` × unit); `nil` for other settings and for negative sentinels.
    @Nullable public var valueBytes: Int?
    /// Time settings in milliseconds (`setting` × unit); `nil` for other settings and for negative sentinels.
    @Nullable public var valueMilliseconds: Double?
    /// Unitless numeric settings, and the raw number of negative sentinels such as `-1` (disabled).
    @Nullable public var valueNumber: Double?
    /// Whether this setting is one of the non-default ones (see ``isNonDefault``'s rule in
    /// docs/result-format.md): set by the server's configuration to something other than `boot_val`.
    public var isNonDefault: Bool

    /// Creates a setting.
    public init(
        name: String, setting: String, unit: String?, type: String, source: String, bootValue: String?,
        valueBytes: Int? = nil, valueMilliseconds: Double? = nil, valueNumber: Double? = nil,
        isNonDefault: Bool = false
    ) {
        self.name = name
        self.setting = setting
        self.unit = unit
        self.type = type
        self.source = source
        self.bootValue = bootValue
        self.valueBytes = valueBytes
        self.valueMilliseconds = valueMilliseconds
        self.valueNumber = valueNumber
        self.isNonDefault = isNonDefault
    }

    enum CodingKeys: String, CodingKey {
        case name, setting, unit, type, source
        case bootValue = "boot_value"
        case valueBytes = "value_bytes"
        case valueMilliseconds = "value_ms"
        case valueNumber = "value_number"
        case isNonDefault = "non_default"
    }
}
