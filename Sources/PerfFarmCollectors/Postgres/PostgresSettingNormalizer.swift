public import PerfFarmCore

/// Turns a `pg_settings` row into a ``PostgresSetting``: the value in bytes, milliseconds or a plain number,
/// and whether it is one of the non-default settings.
public enum PostgresSettingNormalizer {
    /// Sources that are not the server's configuration: a client or session setting is no property of the
    /// server, and `override` values are computed by the server itself.
    static let nonConfigurationSources: Set<String> = ["default", "override", "client", "session"]

    /// Normalises one row.
    /// - Parameters:
    ///   - name: `name`.
    ///   - setting: `setting`, in `unit`.
    ///   - unit: `unit` (`8kB`, `kB`, `MB`, `B`, `ms`, `s`, `min`, `us`), `nil` when unitless.
    ///   - type: `vartype`.
    ///   - source: `source`.
    ///   - bootValue: `boot_val`.
    /// - Returns: the setting. Memory values become bytes, times milliseconds; a negative value (a
    ///   sentinel such as `-1` for "disabled") is left unscaled in ``PostgresSetting/valueNumber``. A setting
    ///   is non-default when its source is the server's configuration (not `default`, `override`, `client`
    ///   or `session`) and its value differs from `boot_val`.
    public static func normalize(
        name: String, setting: String, unit: String?, type: String, source: String, bootValue: String?
    ) -> PostgresSetting {
        var result = PostgresSetting(
            name: name, setting: setting, unit: unit, type: type, source: source, bootValue: bootValue)
        result.isNonDefault = !nonConfigurationSources.contains(source) && setting != bootValue
        guard type == "integer" || type == "real", let number = Double(setting) else { return result }
        guard number >= 0, let unit, let scale = scale(of: unit) else {
            result.valueNumber = number
            return result
        }
        switch scale {
        case .bytes(let factor): result.valueBytes = Int((number * Double(factor)).rounded())
        case .milliseconds(let factor): result.valueMilliseconds = number * factor
        }
        return result
    }

    enum Scale: Equatable {
        case bytes(Int)
        case milliseconds(Double)
    }

    /// The meaning of a `pg_settings` unit: `8kB` is 8192 bytes, `min` 60 000 ms.
    static func scale(of unit: String) -> Scale? {
        switch unit {
        case "us": return .milliseconds(0.001)
        case "ms": return .milliseconds(1)
        case "s": return .milliseconds(1000)
        case "min": return .milliseconds(60_000)
        case "h": return .milliseconds(3_600_000)
        case "d": return .milliseconds(86_400_000)
        default: break
        }
        let digits = unit.prefix(while: { $0.isNumber })
        let multiplier = digits.isEmpty ? 1 : Int(digits) ?? 1
        switch unit.dropFirst(digits.count) {
        case "B": return .bytes(multiplier)
        case "kB": return .bytes(multiplier << 10)
        case "MB": return .bytes(multiplier << 20)
        case "GB": return .bytes(multiplier << 30)
        case "TB": return .bytes(multiplier << 40)
        default: return nil
        }
    }
}
